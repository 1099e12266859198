//! Runtime of the Xano Metadata API bindings.
//!
//! The generator (`xano-meta-codegen`) emits, per API, a table of
//! [`descriptor::Operation`]s (compact text that [`table`] decodes on first use)
//! and thin typed wrappers. Everything that decides something lives here as plain
//! Rust, tested on the host:
//! - [`request::prepare`] checks the caller's input and builds the request;
//! - [`response`] turns statuses and bodies into values or [`Error`]s;
//! - [`url`] checks base URLs and percent-encodes;
//! - [`scope`] reads tokens and checks them against operations' requirements;
//! - [`retry`], [`limiter`] and [`paging`] decide when to retry, when to start and
//!   which page is next.
//!
//! Only `transport`, `timer`, `execute` and `download` (wasm32 only) touch `fetch`
//! and the event loop, through the globals every host has (`fetch`, `setTimeout`), so
//! the same code runs in browsers, web workers, service workers and Node 20. They are
//! synchronous machines that hand back the promise to wait on (`step`).
//!
//! ```
//! use xano_meta_runtime::descriptor::{
//!     Api, Location, Method, Operation, Param, ResponseKind, ValueType,
//! };
//! use xano_meta_runtime::input::{CallInput, Value};
//! use xano_meta_runtime::request::{self, PreparedBody};
//! use xano_meta_runtime::retry::{self, Failure, Next, Policy};
//! use xano_meta_runtime::{scope::Requirement, url::BaseUrl, Error};
//!
//! // The descriptor of `GET /workspace/{workspace_id}/table`, as a generated table decodes it.
//! static LIST_TABLES: Operation = Operation {
//!     name: "get_workspace_table",
//!     js_name: "getWorkspaceTable",
//!     api: Api::Instance,
//!     method: Method::Get,
//!     path: "/workspace/{workspace_id}/table",
//!     tag: "table",
//!     summary: "List tables",
//!     scope: None,
//!     params: &[
//!         Param {
//!             name: "workspace_id",
//!             location: Location::Path,
//!             ty: ValueType::Integer,
//!             required: true,
//!             allowed: &[],
//!         },
//!         Param {
//!             name: "page",
//!             location: Location::Query,
//!             ty: ValueType::Integer,
//!             required: false,
//!             allowed: &[],
//!         },
//!     ],
//!     body: None,
//!     response: ResponseKind::Page,
//!     requirement: Requirement::UNKNOWN,
//!     corrections: &[],
//! };
//!
//! let base = BaseUrl::parse("https://x1.n7.xano.io/api:meta")?;
//! // The caller's values as a host classifies them (`()`: no host handles needed here).
//! let call = |workspace_id: Value<()>| CallInput {
//!     params: vec![
//!         ("workspace_id".to_owned(), workspace_id),
//!         ("page".to_owned(), Value::Number(2.0)),
//!     ],
//!     ..CallInput::default()
//! };
//! let prepared = request::prepare(&LIST_TABLES, &base, call(Value::Number(1.0)))?;
//! assert_eq!(prepared.url, "https://x1.n7.xano.io/api:meta/workspace/1/table?page=2");
//! assert_eq!(prepared.body, PreparedBody::None);
//!
//! // A bad argument is refused before anything is sent, naming the parameter.
//! let refused = request::prepare(&LIST_TABLES, &base, call(Value::Text("one".to_owned())));
//! assert!(matches!(refused, Err(Error::Argument(e)) if e.field == "workspace_id"));
//!
//! // A 429 is retried for every method, after the wait `Retry-After` gives.
//! let failure = Failure::Status { status: 429, retry_after: Some("3".to_owned()) };
//! let next = retry::next(&Policy::default(), Method::Post, false, 1, &failure, 0.0, 0.0, 0.5);
//! assert_eq!(next, Next::Retry { delay_ms: 3000.0, reason: retry::Reason::RateLimited });
//! # Ok::<(), Error>(())
//! ```
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]

pub mod auth;
mod calendar;
pub mod descriptor;
pub mod error;
pub mod input;
pub mod json;
pub mod limiter;
pub mod media;
pub mod paging;
pub mod request;
pub mod response;
pub mod retry;
pub mod scope;
pub mod suggest;
pub mod table;
pub mod text;
pub mod typed;
pub mod url;

#[cfg(test)]
mod test_rng;

#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod execute;
#[cfg(target_arch = "wasm32")]
pub mod step;
#[cfg(target_arch = "wasm32")]
pub mod timer;
#[cfg(target_arch = "wasm32")]
pub mod transport;

pub use auth::Token;
pub use error::Error;
