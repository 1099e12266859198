//! From spec texts to the set of generated files.

use crate::emit_rust;
use crate::error::SpecError;
use crate::model::{Api, ApiKind};
use crate::parse::parse_api;

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput {
    pub kind: ApiKind,
    /// Where it came from, as written into file headers and errors (`specs/instance.json`).
    pub source: String,
    pub text: String,
}

/// Where the Rust bindings go, relative to the repository root.
pub const BINDINGS_DIR: &str = "pkg/src/generated";

/// The API reference, relative to the repository root.
pub const REFERENCE: &str = "docs/API.md";

/// A file to write, relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Parses every spec and emits the files of all of them, with the list of
/// configured instances (name, base URL); on any error nothing is returned, so
/// the caller never writes a partial set.
pub fn generate(specs: &[SpecInput], instances: &[(String, Option<String>)]) -> Result<(Vec<Api>, Vec<GeneratedFile>), SpecError> {
    let mut apis = Vec::new();
    let mut files = Vec::new();
    for spec in specs {
        let api = parse_api(&spec.source, spec.kind, &spec.text)?;
        let dir = api.kind.as_str();
        let fail = |message: String| SpecError { spec: spec.source.clone(), pointer: String::new(), message };
        let emitted = [
            ("mod.rs", emit_rust::api_mod(&api)),
            ("operations.rs", emit_rust::operations(&api)),
            ("types.rs", emit_rust::types(&api)),
            ("client.rs", emit_rust::client(&api)),
            ("js.rs", emit_rust::js(&api)),
        ];
        for (name, tokens) in emitted {
            let contents = emit_rust::format(tokens, &spec.source).map_err(fail)?;
            files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/{dir}/{name}"), contents });
        }
        let snapshot = crate::changes::snapshot(&api, &spec.source);
        let mut json = serde_json::to_string_pretty(&snapshot).map_err(|e| fail(e.to_string()))?;
        json.push('\n');
        files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/{dir}/{}", crate::changes::SNAPSHOT), contents: json });
        apis.push(api);
    }
    let modules: Vec<&str> = apis.iter().map(|a| a.kind.as_str()).collect();
    let mut root = emit_rust::header(&specs.iter().map(|s| s.source.as_str()).collect::<Vec<_>>().join(", "));
    root.push_str("//! Generated bindings, one module per API.\n\n");
    for module in modules {
        root.push_str(&format!("pub mod {module};\n"));
    }
    root.push_str("pub mod instances;\n");
    let sources = specs.iter().map(|s| s.source.as_str()).collect::<Vec<_>>().join(", ");
    let listed = emit_rust::format(emit_rust::instances(instances), "xano.toml").map_err(|message| SpecError { spec: sources.clone(), pointer: String::new(), message })?;
    files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/instances.rs"), contents: listed });
    files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/mod.rs"), contents: root });
    let sources: Vec<String> = specs.iter().map(|s| s.source.clone()).collect();
    files.push(GeneratedFile { path: REFERENCE.to_owned(), contents: crate::emit_docs::reference(&apis, &sources) });
    Ok((apis, files))
}
