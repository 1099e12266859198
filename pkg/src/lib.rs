//! `xano-meta`: Xano's Metadata API for JavaScript, as a wasm npm package.
//!
//! The JS classes ([`client::XanoClient`], [`client::XanoAccountClient`]) get one
//! method per operation from the generated code in [`generated`]; each method is a
//! one-line call into [`client`], which converts the JS arguments ([`js_input`]),
//! lets the runtime check and build the request, and sends it. Rust callers use the
//! typed clients in `generated::<api>::client` instead.

pub mod client;
#[allow(clippy::all)]
pub mod generated;
pub mod introspect;
pub mod js_error;
pub mod js_input;
