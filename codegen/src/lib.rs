//! The generator: Xano Metadata API specs (OpenAPI 3.0, and 3.1 rewritten into 3.0) in, Rust bindings out.
//!
//! [`parse::parse_api`] reads a spec into the [`model`]; the emitters write, per
//! API, the descriptor table the runtime is driven by ([`emit_rust::operations`]),
//! the typed Rust API ([`emit_rust::types`], [`emit_rust::client`]) and the
//! wasm-bindgen JS methods with their TypeScript ([`emit_rust::js`], [`emit_ts`]).
//! Operation names come from one rule, in [`naming`]. Where a spec is wrong, its
//! corrections (OpenAPI Overlays, [`overlay`]) are applied before it is parsed.
//!
//! ```
//! use xano_meta_codegen::model::{ApiKind, Location, Method};
//! use xano_meta_codegen::parse::parse_api;
//!
//! let spec = r#"{
//!   "openapi": "3.0.0",
//!   "info": { "title": "Metadata API", "version": "0.0.1" },
//!   "paths": {
//!     "/workspace/{workspace_id}/table": {
//!       "get": {
//!         "summary": "List tables",
//!         "description": "<b>Required API Scope:</b> Workspace Database: Read",
//!         "parameters": [
//!           { "name": "workspace_id", "in": "path", "required": true,
//!             "schema": { "type": "integer" } }
//!         ],
//!         "responses": { "200": { "description": "ok" } }
//!       }
//!     }
//!   }
//! }"#;
//! let api = parse_api("tiny.json", ApiKind::Instance, spec)?;
//! let op = &api.operations[0];
//! assert_eq!(op.name.snake(), "get_workspace_table"); // the Rust function
//! assert_eq!(op.name.camel(), "getWorkspaceTable"); // the JS method
//! assert_eq!((op.method, op.params[0].location), (Method::Get, Location::Path));
//! assert_eq!(op.scope.as_deref(), Some("Workspace Database: Read"));
//!
//! // The same spec, as the files `cargo xtask regenerate` writes.
//! let input = xano_meta_codegen::SpecInput {
//!     kind: ApiKind::Instance,
//!     source: "tiny.json".to_owned(),
//!     text: spec.to_owned(),
//!     variant: None,
//!     renames: Default::default(),
//!     corrections: Vec::new(),
//! };
//! let (_, files) = xano_meta_codegen::generate(&[input], &[])?;
//! let operations = files
//!     .iter()
//!     .find(|f| f.path == "pkg/src/generated/instance/operations.rs")
//!     .expect("the descriptor table");
//! assert!(operations.contents.contains("getWorkspaceTable"));
//! assert!(operations.contents.contains("/workspace/{workspace_id}/table"));
//! # Ok::<(), xano_meta_codegen::error::SpecError>(())
//! ```
#![warn(missing_docs)]

pub mod changes;
pub mod emit_docs;
pub mod emit_rust;
pub mod emit_ts;
pub mod error;
pub mod html;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod rust_types;
pub mod scope;

mod generate;
pub use generate::{
    generate, GeneratedFile, InstanceInput, SpecInput, BINDINGS_DIR, CLASSES_JS, REFERENCE,
};
