//! The generator: Xano Metadata API specs (OpenAPI 3.0, and 3.1 rewritten into 3.0) in, Rust bindings out.
//!
//! [`parse::parse_api`] reads a spec into the [`model`]; the emitters write, per
//! API, the descriptor table the runtime is driven by ([`emit_rust::operations`]),
//! the typed Rust API ([`emit_rust::types`], [`emit_rust::client`]) and the
//! wasm-bindgen JS methods with their TypeScript ([`emit_rust::js`], [`emit_ts`]).
//! Operation names come from one rule, in [`naming`]. Where a spec is wrong, its
//! corrections (OpenAPI Overlays, [`overlay`]) are applied before it is parsed.

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
