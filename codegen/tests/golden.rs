//! Golden files: what the generator makes of a small spec in Xano's style
//! (`tests/golden/spec.json`: a page, JSON and multipart bodies, an upload, a
//! XanoScript body, a header parameter, enums, a timestamp, a correction making one
//! answer text: `tests/golden/corrections.json`), compared file by file
//! with `tests/golden/out/`. A change in the output is reviewed as a diff of those
//! files; refresh them with `EXPECTORATE=overwrite cargo test -p xano-meta-codegen --test golden`.

use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::overlay::OverlayInput;
use xano_meta_codegen::{generate, SpecInput, BINDINGS_DIR};

#[test]
fn emitters_match_the_golden_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let text = std::fs::read_to_string(format!("{dir}/spec.json")).expect("the golden spec");
    let input = SpecInput {
        kind: ApiKind::Instance,
        source: "codegen/tests/golden/spec.json".to_owned(),
        text,
        variant: None,
        renames: Default::default(),
        corrections: vec![OverlayInput {
            source: "codegen/tests/golden/corrections.json".to_owned(),
            text: std::fs::read_to_string(format!("{dir}/corrections.json"))
                .expect("the golden corrections"),
        }],
    };
    let (apis, files) = generate(&[input], &[]).expect("the golden spec generates");
    assert_eq!(apis[0].operations.len(), 5);
    for file in &files {
        let relative = file
            .path
            .strip_prefix(&format!("{BINDINGS_DIR}/"))
            .or_else(|| file.path.strip_prefix("docs/"))
            .unwrap_or_else(|| panic!("an unexpected output path: {}", file.path));
        let path = format!("{dir}/out/{relative}");
        if let Some(parent) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(parent).expect("the golden folder");
        }
        expectorate::assert_contents(path, &file.contents);
    }
}
