//! The corpus of broken and hostile specs in `tests/specs/malformed/`: each must give
//! the error or warning `cases.json` names (at its JSON pointer, where given), never
//! a panic; the ones that are accepted must generate bindings.

use std::path::Path;

use serde_json::Value;
use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::parse::parse_api;
use xano_meta_codegen::{generate, SpecInput};

#[test]
fn every_malformed_spec_gets_its_clear_error_or_warning() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/malformed");
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let contains = case["contains"].as_str().unwrap();
        let pointer = case.get("pointer").and_then(Value::as_str);
        let result = parse_api(file, ApiKind::Instance, &text);
        match case["expect"].as_str().unwrap() {
            "error" => {
                let err = result
                    .err()
                    .unwrap_or_else(|| panic!("{file}: expected an error containing {contains:?}"));
                assert!(err.message.contains(contains), "{file}: {err}");
                assert_eq!(err.spec, file, "{file}: the error names the spec");
                if let Some(pointer) = pointer {
                    assert!(
                        err.pointer.starts_with(pointer),
                        "{file}: pointer {} (wanted {pointer})",
                        err.pointer
                    );
                }
            }
            expect => {
                let api = result.unwrap_or_else(|e| panic!("{file}: {e}"));
                if expect == "warning" {
                    let warning = api.warnings.iter().find(|w| w.message.contains(contains));
                    let warning = warning.unwrap_or_else(|| {
                        panic!("{file}: no warning containing {contains:?} in {:?}", api.warnings)
                    });
                    if let Some(pointer) = pointer {
                        assert_eq!(warning.pointer, pointer, "{file}");
                    }
                } else {
                    assert!(api.warnings.is_empty(), "{file}: {:?}", api.warnings);
                }
                let input = SpecInput {
                    kind: ApiKind::Instance,
                    source: file.to_owned(),
                    text,
                    variant: None,
                    renames: Default::default(),
                    corrections: Vec::new(),
                };
                generate(&[input], &[])
                    .unwrap_or_else(|e| panic!("{file}: accepted but not generated: {e}"));
            }
        }
    }
}
