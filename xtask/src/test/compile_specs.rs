//! Specs other than the embedded one (Xano API-group style: operationIds, keywords,
//! non-ASCII names, `$ref`s, oneOf, arrays in queries, cookies, form bodies; names
//! that collide, with the renames beside the spec; OpenAPI 3.1) generate bindings
//! that compile: each spec of `tests/specs/compile/` is generated into a scratch
//! crate under `target/` and checked for wasm32 with the runtime.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};
use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::{generate, SpecInput};

use super::scratch::check_scratch_crate;
use super::Env;
use crate::config::compile_spec_renames;
use crate::shell;

/// The generated JS methods call the package's client class; a stand-in with the
/// same `call` signature is enough to type-check them.
const LIB: &str = "pub mod instance;\n\nmod client {\n    use wasm_bindgen::prelude::*;\n\n    #[wasm_bindgen]\n    pub struct XanoClient;\n\n    impl XanoClient {\n        pub fn call_index(&self, _: u32, _: JsValue, _: JsValue) -> js_sys::Promise {\n            js_sys::Promise::resolve(&JsValue::NULL)\n        }\n    }\n}\n";

/// Generates and checks each spec in turn, printing its operation and warning counts.
pub fn check(env: &mut Env) -> Result<()> {
    let root = env.root();
    let dir = root.join("tests/specs/compile");
    let mut specs: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| dir.display().to_string())?
        .flatten()
        .map(|e| e.path())
        .collect();
    specs.sort();
    for spec in specs.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let name = spec.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let input = SpecInput {
            kind: ApiKind::Instance,
            source: spec.display().to_string(),
            text: shell::read(spec)?,
            variant: None,
            renames: compile_spec_renames(spec, &name)?,
            corrections: Vec::new(),
        };
        let (apis, files) = generate(&[input], &[])?;
        let krate = root.join("target/codegen-check").join(&name);
        let _ = fs::remove_dir_all(krate.join("src"));
        for (relative, contents) in files.iter().filter_map(|f| {
            Some((f.path.strip_prefix("pkg/src/generated/instance/")?, &f.contents))
        }) {
            shell::write(&krate.join("src/instance").join(relative), contents)?;
        }
        check_scratch_crate(root, &krate, &format!("codegen-check-{name}"), "", LIB)?;
        println!(
            "codegen: {name}.json ({} operations, {} warnings) generates bindings that compile",
            apis[0].operations.len(),
            apis[0].warnings.len()
        );
    }
    Ok(())
}
