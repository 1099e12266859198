//! From spec texts to the set of generated files.

use crate::emit_rust;
use crate::error::SpecError;
use crate::model::{Api, ApiKind};
use crate::naming::Renames;

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Whether it is an instance spec or the account spec.
    pub kind: ApiKind,
    /// Where it came from, as written into file headers and errors (`specs/instance.json`).
    pub source: String,
    /// The spec's JSON text.
    pub text: String,
    /// Set for an instance spec other than the first: see `Api::variant`.
    pub variant: Option<String>,
    /// Names `xano.toml` gives operations in place of the rule's.
    pub renames: Renames,
    /// Corrections files (OpenAPI Overlays) applied, in order, before parsing.
    pub corrections: Vec<crate::overlay::OverlayInput>,
}

/// Where the Rust bindings go, relative to the repository root.
pub const BINDINGS_DIR: &str = "pkg/src/generated";

/// The API reference, relative to the repository root.
pub const REFERENCE: &str = "docs/API.md";

/// Emits one file of an API's bindings.
type Emitter = fn(&Api) -> proc_macro2::TokenStream;

/// A file to write, relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where it goes, `/`-separated (`pkg/src/generated/instance/types.rs`).
    pub path: String,
    /// Its whole text.
    pub contents: String,
}

/// A configured instance: its name, base URL, and which of the specs it serves.
#[derive(Debug, Clone)]
pub struct InstanceInput {
    /// Its `name` in `xano.toml`.
    pub name: String,
    /// Its Metadata API base URL, when `xano.toml` gives one.
    pub base_url: Option<String>,
    /// Index into the specs given to [`generate`].
    pub spec: usize,
}

/// Parses every spec and emits the files of all of them, with the list of
/// configured instances; on any error nothing is returned, so the caller never
/// writes a partial set.
pub fn generate(
    specs: &[SpecInput],
    instances: &[InstanceInput],
) -> Result<(Vec<Api>, Vec<GeneratedFile>), SpecError> {
    let mut apis = Vec::new();
    let mut files = Vec::new();
    for spec in specs {
        let mut api = crate::overlay::corrected_api(spec)?;
        api.variant = spec.variant.as_deref().map(crate::naming::Name::from_text);
        let dir = api.module();
        let fail = |message: String| SpecError {
            spec: spec.source.clone(),
            pointer: String::new(),
            message,
        };
        let emitters: [(&str, Emitter); 5] = [
            ("mod.rs", emit_rust::api_mod),
            ("operations.rs", emit_rust::operations),
            ("types.rs", emit_rust::types),
            ("client.rs", emit_rust::client),
            ("js.rs", emit_rust::js),
        ];
        // Emitting and formatting (syn + prettyplease) are most of the generator's
        // time: one thread per file (token streams cannot cross threads, the model can).
        let api_ref = &api;
        let formatted: Vec<Result<String, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = emitters
                .iter()
                .map(|(_, emit)| {
                    scope.spawn(move || emit_rust::format(emit(api_ref), &spec.source))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err("formatting panicked".to_owned())))
                .collect()
        });
        let texts = emitters;
        for ((name, _), contents) in texts.iter().zip(formatted) {
            files.push(GeneratedFile {
                path: format!("{BINDINGS_DIR}/{dir}/{name}"),
                contents: contents.map_err(fail)?,
            });
        }
        let snapshot = crate::changes::snapshot(&api, &spec.source);
        let mut json = serde_json::to_string_pretty(&snapshot).map_err(|e| fail(e.to_string()))?;
        json.push('\n');
        files.push(GeneratedFile {
            path: format!("{BINDINGS_DIR}/{dir}/{}", crate::changes::SNAPSHOT),
            contents: json,
        });
        apis.push(api);
    }
    let modules: Vec<String> = apis.iter().map(Api::module).collect();
    let mut root =
        emit_rust::header(&specs.iter().map(|s| s.source.as_str()).collect::<Vec<_>>().join(", "));
    root.push_str("//! Generated bindings, one module per API.\n\n");
    for module in &modules {
        root.push_str(&format!("pub mod {module};\n"));
    }
    // Every API's operations with its JS class, for `operations()`.
    root.push_str("\n/// Every API's operations, with the JS class that calls them.\n");
    root.push_str("pub static OPERATION_TABLES: &[(&str, &[xano_meta_runtime::descriptor::Operation])] = &[\n");
    for (api, module) in apis.iter().zip(&modules) {
        root.push_str(&format!("    ({:?}, &{module}::operations::OPERATIONS),\n", api.class()));
    }
    root.push_str("];\n\n");
    root.push_str("pub mod instances;\n");
    let sources = specs.iter().map(|s| s.source.as_str()).collect::<Vec<_>>().join(", ");
    let listed: Vec<(String, Option<String>, String)> = instances
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.base_url.clone(),
                apis.get(i.spec).map(Api::class).unwrap_or_default(),
            )
        })
        .collect();
    let listed = emit_rust::format(emit_rust::instances(&listed), "xano.toml")
        .map_err(|message| SpecError { spec: sources.clone(), pointer: String::new(), message })?;
    files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/instances.rs"), contents: listed });
    let root = emit_rust::rustfmt(&root).map_err(|message| SpecError {
        spec: sources.clone(),
        pointer: String::new(),
        message,
    })?;
    files.push(GeneratedFile { path: format!("{BINDINGS_DIR}/mod.rs"), contents: root });
    let sources: Vec<String> = specs.iter().map(|s| s.source.clone()).collect();
    files.push(GeneratedFile {
        path: REFERENCE.to_owned(),
        contents: crate::emit_docs::reference(&apis, &sources),
    });
    Ok((apis, files))
}
