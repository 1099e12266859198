//! Runtime of the Xano Metadata API bindings.
//!
//! The generator (`xano-meta-codegen`) emits, per operation, a static
//! [`descriptor::Operation`] and a thin typed wrapper. Everything that decides
//! something lives here as plain Rust, tested on the host:
//! - [`request::prepare`] checks the caller's input and builds the request;
//! - [`response`] turns statuses and bodies into values or [`Error`]s;
//! - [`url`] checks base URLs and percent-encodes;
//! - [`scope`] reads tokens and checks them against operations' requirements;
//! - [`retry`], [`limiter`] and [`paging`] decide when to retry, when to start and
//!   which page is next.
//!
//! Only [`transport`], [`timer`] and [`execute`] (wasm32 only) touch `fetch` and the
//! event loop, through the globals every host has (`fetch`, `setTimeout`), so the
//! same code runs in browsers, web workers, service workers and Node 20.
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]

pub mod auth;
pub mod descriptor;
pub mod error;
pub mod input;
pub mod limiter;
pub mod media;
pub mod paging;
pub mod request;
pub mod response;
pub mod retry;
pub mod scope;
pub mod suggest;
pub mod typed;
pub mod url;

#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod execute;
#[cfg(target_arch = "wasm32")]
pub mod timer;
#[cfg(target_arch = "wasm32")]
pub mod transport;

pub use auth::Token;
pub use error::Error;
