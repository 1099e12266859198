//! The one error type of the runtime.
//!
//! No variant holds the access token, and none is built from a string that could
//! contain it: requests carry the token only in the `Authorization` header, which
//! is never formatted into a message.

use std::fmt;

use crate::descriptor::Operation;

/// A caller's argument that cannot be sent: found before any request leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgumentError {
    /// The operation the argument was for.
    pub operation: &'static Operation,
    /// The parameter or body field at fault, e.g. `workspace_id` or `body.name`.
    pub field: String,
    /// What is wrong with it (with a "did you mean" where a known name is close).
    pub problem: String,
}

/// A response other than 2xx.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The operation that was answered.
    pub operation: &'static Operation,
    /// The HTTP status.
    pub status: u16,
    /// Xano's `code`, e.g. `ERROR_CODE_NOT_FOUND`, when the body carried one.
    pub code: Option<String>,
    /// Xano's `message`, or a short description of the status when there was none.
    pub message: String,
    /// The response body, when it is JSON (`param` and friends), as its text: the
    /// JS error carries it parsed by the host's `JSON.parse`, Rust callers get it
    /// from [`ApiError::payload_value`].
    pub payload: Option<String>,
    /// The answer's `Retry-After` header as sent (seconds or an HTTP date).
    pub retry_after: Option<String>,
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
    /// A bad argument to a function that is not an operation (`checkAccess`,
    /// `minimalScopes`…); nothing was sent.
    BadInput {
        /// The argument at fault, e.g. `operations`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// An operation name that no operation has (given to `checkAccess`, `pages`…).
    UnknownOperation {
        /// The name as given (as [`crate::text::shown_name`] shows it).
        given: String,
        /// The nearest real name, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A bad client option (base URL, token); nothing was sent.
    Config(String),
    /// The server answered with a status other than 2xx (boxed: it is the largest
    /// variant, and every `Result` of the runtime carries this type).
    Api(Box<ApiError>),
    /// The request did not complete (connection refused, reset, CORS, DNS…).
    Network {
        /// The operation whose request failed.
        operation: &'static Operation,
        /// The host the failed request went to (`x1.n7.xano.io`, `127.0.0.1:8080`):
        /// after a redirect, its target where the client followed it, or where the
        /// answer's `url` names it (browsers follow redirects inside `fetch`).
        host: String,
        /// What the host's `fetch` said, with the underlying reason where it gave one.
        message: String,
        /// How far the request got, which says whether it may have been applied.
        reached: Reached,
    },
    /// A 2xx response whose body is not what the spec says (not JSON, wrong shape).
    Decode {
        /// The operation that was answered.
        operation: &'static Operation,
        /// What was wrong with the body.
        message: String,
    },
    /// A paged walk still had a next page after `max_pages` pages.
    TooManyPages {
        /// The paged operation.
        operation: &'static Operation,
        /// The limit it ran into.
        max_pages: u32,
    },
    /// The token cannot make this call (missing permission, or expired); nothing was sent.
    Scope {
        /// The operation the token cannot call.
        operation: &'static Operation,
        /// What the check decided, and why.
        decision: Box<crate::scope::Decision>,
    },
    /// The attempt's timeout fired (after retries, when they were allowed).
    Timeout {
        /// The operation that timed out.
        operation: &'static Operation,
        /// The timeout of each attempt.
        after_ms: f64,
        /// It fired while the body of a 2xx answer was arriving (never retried).
        answered: bool,
    },
    /// The caller's `AbortSignal` aborted the call (queued, waiting or in flight).
    Aborted {
        /// The operation that was aborted.
        operation: &'static Operation,
    },
    /// The token cannot be read (not a JWT, not a Xano token).
    Token(crate::scope::TokenError),
}

impl Error {
    /// The [`Error::Argument`] of a call of `operation`: `field` (`body.name`,
    /// `options.timeoutMs`) and what is wrong with it.
    pub fn argument(
        operation: &'static Operation,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        Error::Argument(ArgumentError { operation, field: field.into(), problem: problem.into() })
    }

    /// The error for a name no operation has, suggesting the nearest of `known`.
    pub fn unknown_operation(given: &str, known: impl IntoIterator<Item = &'static str>) -> Self {
        let shown = crate::text::shown_name(given);
        let suggestion = if shown == given { crate::suggest::nearest(given, known) } else { None };
        Error::UnknownOperation { given: shown.to_owned(), suggestion }
    }

    /// The JS class name this error maps to.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Argument(_) | Error::BadInput { .. } | Error::UnknownOperation { .. } => {
                "ArgumentError"
            }
            Error::Config(_) => "ConfigError",
            Error::Api(_) => "ApiError",
            Error::Network { .. } => "NetworkError",
            Error::Decode { .. } => "DecodeError",
            Error::TooManyPages { .. } => "PagingError",
            Error::Scope { .. } => "ScopeError",
            Error::Token(_) => "TokenError",
            Error::Timeout { .. } => "TimeoutError",
            Error::Aborted { .. } => "AbortError",
        }
    }

    /// The operation the error belongs to, when there is one.
    pub fn operation(&self) -> Option<&'static Operation> {
        match self {
            Error::Argument(e) => Some(e.operation),
            Error::Api(e) => Some(e.operation),
            Error::Network { operation, .. }
            | Error::Decode { operation, .. }
            | Error::TooManyPages { operation, .. }
            | Error::Scope { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Aborted { operation } => Some(operation),
            Error::BadInput { .. }
            | Error::UnknownOperation { .. }
            | Error::Config(_)
            | Error::Token(_) => None,
        }
    }
}

/// `getWorkspace (GET /workspace)`: how every message names its operation.
struct Where(&'static Operation);

impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.0.js_name, self.0.method.as_str(), self.0.path)
    }
}

/// What a call that failed after Xano answered says: it was not sent again.
const ANSWERED: &str = "; Xano had answered before this failed, so the call is not sent again";

/// What a call that `fetch` refused to send says.
const NOT_SENT: &str = "; `fetch` threw before sending anything, so the call is not sent again";

/// How far a request that failed on the network got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    /// Nowhere: `fetch` threw instead of sending it.
    Nothing,
    /// It may have reached Xano, and been applied.
    Unknown,
    /// Xano had answered (2xx headers, or redirects) before it failed: such a failure
    /// is never retried, whatever the method.
    Answered,
}

/// What a POST or PATCH that may have reached Xano says: true whether or not this
/// call opted in to resending it.
fn maybe_applied(op: &Operation) -> String {
    if op.method.is_repeatable() {
        return String::new();
    }
    let method = op.method.as_str();
    format!(
        "; this {method} may already have been applied by Xano (a {method} is resent after \
         such an error only when the call passes `retryUnsafe: true`, for calls that are \
         safe to repeat)"
    )
}

/// The one clear next step an error status has, if any.
fn advice(e: &ApiError) -> String {
    match e.status {
        401 => " (Xano refused the token: usually it has expired or been revoked, or it is \
                 a token of another instance than this base URL)"
            .to_owned(),
        403 => {
            let requirement = &e.operation.requirement;
            match requirement.source {
                _ if requirement.permission.is_none() => {
                    " (the package knows no scope requirement for this call: check the \
                     token's scopes on Xano's token screen)"
                        .to_owned()
                }
                crate::scope::Source::Declared => {
                    format!(" (this call needs {}, as the spec declares)", requirement.describe())
                }
                _ => format!(
                    " (this call likely needs {}, inferred from {})",
                    requirement.describe(),
                    requirement.inferred_from().unwrap_or(crate::scope::RULE_BASIS)
                ),
            }
        }
        429 => match &e.retry_after {
            Some(wait) => format!(
                " (Xano asked to wait {} before retrying: Retry-After: {wait})",
                seconds(wait)
            ),
            None => " (Xano sent no Retry-After; its free plan allows 10 requests per 20 seconds: \
                     the `rateLimit` option queues calls to stay under it)"
                .to_owned(),
        },
        502..=504 => maybe_applied(e.operation),
        _ => String::new(),
    }
}

/// `Retry-After: 20` reads as "20 s"; an HTTP date as that date.
fn seconds(value: &str) -> String {
    if value.trim_ascii().bytes().all(|b| b.is_ascii_digit()) {
        format!("{} s", value.trim_ascii())
    } else {
        format!("until {}", value.trim_ascii())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Argument(e) => {
                write!(f, "{}: `{}` {}; no request was sent", Where(e.operation), e.field, e.problem)
            }
            Error::BadInput { field, problem } => write!(f, "`{field}` {problem}"),
            Error::UnknownOperation { given, suggestion } => match suggestion {
                Some(_) => write!(
                    f,
                    "no operation is named `{given}`{}",
                    crate::suggest::fragment(*suggestion)
                ),
                None => write!(f, "no operation is named `{given}` (operations() lists them)"),
            },
            Error::Config(message) => write!(f, "{message}"),
            Error::Api(e) if e.status == 429 => {
                write!(
                    f,
                    "{}: rate limited by Xano (HTTP 429): {}{}",
                    Where(e.operation),
                    e.message,
                    advice(e)
                )
            }
            Error::Api(e) => match &e.code {
                Some(code) => write!(
                    f,
                    "{}: HTTP {} {}: {}{}",
                    Where(e.operation),
                    e.status,
                    code,
                    e.message,
                    advice(e)
                ),
                None => {
                    write!(f, "{}: HTTP {}: {}{}", Where(e.operation), e.status, e.message, advice(e))
                }
            },
            Error::Network { operation, host, message, reached } => write!(
                f,
                "{}: network error reaching {host}: {message}{}",
                Where(operation),
                match reached {
                    Reached::Nothing => NOT_SENT.to_owned(),
                    Reached::Unknown => maybe_applied(operation),
                    Reached::Answered => ANSWERED.to_owned(),
                }
            ),
            Error::Decode { operation, message } => {
                write!(f, "{}: unexpected response: {message}", Where(operation))
            }
            Error::TooManyPages { operation, max_pages } => write!(
                f,
                "{}: still a next page after {max_pages} pages (`maxPages`); raise it to walk further",
                Where(operation)
            ),
            Error::Scope { operation, decision } => write!(
                f,
                "{}: the token cannot make this call: {}; no request was sent",
                Where(operation),
                decision.reason()
            ),
            Error::Token(e) => write!(f, "{e}"),
            Error::Timeout { operation, after_ms, answered } => write!(
                f,
                "{}: timed out after {} ms{}",
                Where(operation),
                crate::text::number(*after_ms),
                if *answered { ANSWERED.to_owned() } else { maybe_applied(operation) }
            ),
            Error::Aborted { operation } => write!(f, "{}: aborted by the caller", Where(operation)),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::{Api, Method, ResponseKind};
    use crate::scope::{Permission, Requirement, Source};

    static CREATE_TABLE: Operation = Operation {
        name: "post_workspace_table",
        js_name: "postWorkspaceTable",
        api: Api::Instance,
        method: Method::Post,
        path: "/workspace/{workspace_id}/table",
        tag: "table",
        summary: "",
        scope: Some("Workspace Database: Create"),
        params: &[],
        body: None,
        response: ResponseKind::Object,
        requirement: Requirement {
            source: Source::Declared,
            key: Some("workspace:database"),
            permission: Some(Permission::Create),
            name: Some("Workspace Database"),
        },
        corrections: &[],
    };

    static LIST_AGENTS: Operation = Operation {
        name: "get_workspace_agent",
        js_name: "getWorkspaceAgent",
        method: Method::Get,
        path: "/workspace/{workspace_id}/agent",
        scope: None,
        requirement: Requirement::UNKNOWN,
        ..CREATE_TABLE
    };

    fn api(op: &'static Operation, status: u16, retry_after: Option<&str>) -> String {
        Error::Api(Box::new(ApiError {
            operation: op,
            status,
            code: None,
            message: "m".to_owned(),
            payload: None,
            retry_after: retry_after.map(str::to_owned),
        }))
        .to_string()
    }

    #[test]
    fn messages_name_the_endpoint_and_the_next_step() {
        let unauthorized = api(&LIST_AGENTS, 401, None);
        assert!(unauthorized
            .starts_with("getWorkspaceAgent (GET /workspace/{workspace_id}/agent): HTTP 401"));
        assert!(unauthorized.contains("expired or been revoked"), "{unauthorized}");
        let denied = api(&CREATE_TABLE, 403, None);
        assert!(
            denied.contains("needs Workspace Database: Create, as the spec declares"),
            "{denied}"
        );
        assert!(api(&LIST_AGENTS, 403, None).contains("knows no scope requirement"));
        assert!(api(&LIST_AGENTS, 429, Some("20")).contains("Xano asked to wait 20 s"));
        assert!(api(&LIST_AGENTS, 429, None).contains("sent no Retry-After"));
        let unavailable = api(&CREATE_TABLE, 503, None);
        assert!(unavailable.contains("this POST may already have been applied"), "{unavailable}");
        assert!(unavailable.contains("`retryUnsafe: true`"), "{unavailable}");
        assert!(!api(&LIST_AGENTS, 503, None).contains("applied"), "a GET may be repeated");
        assert_eq!(
            api(&LIST_AGENTS, 404, None),
            "getWorkspaceAgent (GET /workspace/{workspace_id}/agent): HTTP 404: m"
        );
    }

    #[test]
    fn network_errors_name_the_host_and_unknown_names_the_nearest() {
        let network = |message: &str, reached| {
            Error::Network {
                operation: &CREATE_TABLE,
                host: "x1.n7.xano.io".to_owned(),
                message: message.to_owned(),
                reached,
            }
            .to_string()
        };
        let text = network("fetch failed (connect ECONNREFUSED)", Reached::Unknown);
        assert!(text.starts_with("postWorkspaceTable (POST /workspace/{workspace_id}/table): network error reaching x1.n7.xano.io: fetch failed"), "{text}");
        assert!(text.contains("may already have been applied"), "{text}");
        let text = network("terminated", Reached::Answered);
        assert!(text.contains("Xano had answered") && !text.contains("retryUnsafe"), "{text}");
        let text = network("mocked", Reached::Nothing);
        assert!(text.contains("before sending anything") && !text.contains("applied"), "{text}");
        let unknown = Error::unknown_operation(
            "postWorkspaceTabel",
            ["getWorkspaceTable", "postWorkspaceTable"],
        );
        assert_eq!(unknown.kind(), "ArgumentError");
        assert_eq!(
            unknown.to_string(),
            "no operation is named `postWorkspaceTabel`; did you mean `postWorkspaceTable`?"
        );
        assert_eq!(
            Error::unknown_operation("zzz", ["getWorkspaceTable"]).to_string(),
            "no operation is named `zzz` (operations() lists them)"
        );
        let paging = Error::TooManyPages { operation: &LIST_AGENTS, max_pages: 3 };
        assert_eq!(paging.kind(), "PagingError");
        assert!(paging.to_string().contains("after 3 pages (`maxPages`)"));
    }
}
