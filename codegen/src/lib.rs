pub fn probe(text: &str) -> Result<openapiv3::OpenAPI, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| format!("{} at {}", e.inner(), e.path()))
}
#[test]
fn probe_specs() {
    for f in ["../specs/instance.json", "../specs/account.json", "../../shared/specs/instance-2025-prod.json"] {
        let t = std::fs::read_to_string(f).unwrap();
        println!("{f}: {:?}", probe(&t).map(|o| o.paths.paths.len()));
    }
}
