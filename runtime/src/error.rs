//! The one error type of the runtime.
//!
//! No variant holds the access token, and none is built from a string that could
//! contain it: requests carry the token only in the `Authorization` header, which
//! is never formatted into a message.

use std::fmt;

/// A caller's argument that cannot be sent: found before any request leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgumentError {
    /// The JS name of the operation (camelCase), as the caller wrote it.
    pub operation: &'static str,
    /// The parameter or body field at fault, e.g. `workspace_id` or `body.name`.
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

/// A response other than 2xx.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The JS name of the operation.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// Xano's `code`, e.g. `ERROR_CODE_NOT_FOUND`, when the body carried one.
    pub code: Option<String>,
    /// Xano's `message`, or a short description of the status when there was none.
    pub message: String,
    /// The response body, when it is JSON (`param` and friends), as its text: the
    /// JS error carries it parsed by the host's `JSON.parse`, Rust callers get it
    /// from [`ApiError::payload_value`].
    pub payload: Option<String>,
}

impl ApiError {
    /// The JSON body parsed, for Rust callers (the payload is JSON text by construction).
    pub fn payload_value(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.payload.as_deref()?).ok()
    }
}

/// Everything that can go wrong in a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A bad argument; nothing was sent.
    Argument(ArgumentError),
    /// A bad client option (base URL, token); nothing was sent.
    Config(String),
    /// The server answered with a status other than 2xx (boxed: it is the largest
    /// variant, and every `Result` of the runtime carries this type).
    Api(Box<ApiError>),
    /// The request did not complete (connection refused, CORS, DNS…).
    Network {
        /// The JS name of the operation.
        operation: &'static str,
        /// Why: `fetch`'s message, too many redirects, or a body cut short.
        message: String,
    },
    /// A 2xx response whose body is not what the spec says (not JSON, wrong shape).
    Decode {
        /// The JS name of the operation.
        operation: &'static str,
        /// What was wrong with the body.
        message: String,
    },
    /// The token cannot make this call (missing permission, or expired); nothing was sent.
    Scope {
        /// The JS name of the operation.
        operation: &'static str,
        /// The check's verdict, with what the token lacks.
        decision: Box<crate::scope::Decision>,
    },
    /// The attempt's timeout fired (after retries, when they were allowed).
    Timeout {
        /// The JS name of the operation.
        operation: &'static str,
        /// The timeout that fired, in milliseconds.
        after_ms: f64,
    },
    /// The caller's `AbortSignal` aborted the call (queued, waiting or in flight).
    Aborted {
        /// The JS name of the operation.
        operation: &'static str,
    },
    /// The token cannot be read (not a JWT, not a Xano token).
    Token(crate::scope::TokenError),
}

impl Error {
    pub(crate) fn argument(
        operation: &'static str,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        Error::Argument(ArgumentError { operation, field: field.into(), problem: problem.into() })
    }

    /// The JS class name this error maps to.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Argument(_) => "ArgumentError",
            Error::Config(_) => "ConfigError",
            Error::Api(_) => "ApiError",
            Error::Network { .. } => "NetworkError",
            Error::Decode { .. } => "DecodeError",
            Error::Scope { .. } => "ScopeError",
            Error::Token(_) => "TokenError",
            Error::Timeout { .. } => "TimeoutError",
            Error::Aborted { .. } => "AbortError",
        }
    }

    /// The operation the error belongs to, when there is one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Argument(e) => Some(e.operation),
            Error::Api(e) => Some(e.operation),
            Error::Network { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Scope { operation, .. } => Some(operation),
            Error::Timeout { operation, .. } | Error::Aborted { operation } => Some(operation),
            Error::Config(_) | Error::Token(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Argument(e) => {
                write!(f, "{}: `{}` {}; no request was sent", e.operation, e.field, e.problem)
            }
            Error::Config(message) => write!(f, "{message}"),
            Error::Api(e) if e.status == 429 => {
                write!(f, "{}: rate limited by Xano (HTTP 429): {}", e.operation, e.message)
            }
            Error::Api(e) => match &e.code {
                Some(code) => {
                    write!(f, "{}: HTTP {} {}: {}", e.operation, e.status, code, e.message)
                }
                None => write!(f, "{}: HTTP {}: {}", e.operation, e.status, e.message),
            },
            Error::Network { operation, message } => {
                write!(f, "{operation}: network error: {message}")
            }
            Error::Decode { operation, message } => {
                write!(f, "{operation}: unexpected response: {message}")
            }
            Error::Scope { operation, decision } => write!(
                f,
                "{operation}: the token cannot make this call: {}; no request was sent",
                decision.reason()
            ),
            Error::Token(e) => write!(f, "{e}"),
            Error::Timeout { operation, after_ms } => {
                write!(f, "{operation}: timed out after {} ms", crate::text::number(*after_ms))
            }
            Error::Aborted { operation } => write!(f, "{operation}: aborted by the caller"),
        }
    }
}

impl std::error::Error for Error {}
