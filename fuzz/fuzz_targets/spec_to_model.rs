//! Any text as a spec: parsing into the model, and emitting every file from it,
//! must end in bindings or a `SpecError`, never a panic, hang or runaway memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::{generate, SpecInput};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let input = SpecInput {
        kind: ApiKind::Instance,
        source: "fuzz".to_owned(),
        text: text.to_owned(),
        variant: None,
        renames: Default::default(),
        corrections: Default::default(),
    };
    let _ = generate(&[input], &[]);
});
