//! `xano-meta`: Xano's Metadata API for JavaScript, as a wasm npm package.
//!
//! The JS classes ([`client::XanoClient`], [`client::XanoAccountClient`]) get one
//! method per operation from the generated code in [`generated`]; each method is a
//! one-line call into [`client`], which converts the JS arguments ([`js_input`]),
//! lets the runtime check and build the request, and sends it. Rust callers use the
//! typed clients in `generated::<api>::client` instead.

#![warn(missing_docs)]

// SAFETY: the package's wasm has no threads (wasm32-unknown-unknown without the
// atomics feature), so no two allocations can run at once.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: allocator::Allocator = unsafe { allocator::Allocator::new() };

#[cfg(target_arch = "wasm32")]
pub mod allocator;

// The JS layer exists on wasm32 only; on the host the crate is the generated
// descriptors and types, which host tests check.
#[cfg(target_arch = "wasm32")]
pub mod client;
#[allow(clippy::all)]
pub mod generated;
#[cfg(target_arch = "wasm32")]
pub mod introspect;
#[cfg(target_arch = "wasm32")]
pub mod js_error;
#[cfg(target_arch = "wasm32")]
pub mod js_input;
#[cfg(target_arch = "wasm32")]
pub mod options;
#[cfg(target_arch = "wasm32")]
pub mod paging;
#[cfg(target_arch = "wasm32")]
pub mod scopes;
#[cfg(target_arch = "wasm32")]
pub mod task;
