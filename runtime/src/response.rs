//! Interpreting a response: status and body in, value or [`Error`] out.

use crate::descriptor::Operation;
use crate::error::ApiError;
use crate::Error;

/// Whether `status` is a success.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The error for a response with a non-2xx `status` and body `text`.
///
/// Xano's error bodies look like `{"code": "ERROR_CODE_…", "message": "…"}`; a
/// proxy in front of it may answer HTML instead, which is not echoed (it can be
/// large and says nothing to a caller), only summarised by the status.
pub fn api_error(op: &Operation, status: u16, text: &str) -> Error {
    let parsed = crate::json::from_str(text).ok();
    let field = |name: &str| {
        parsed.as_ref().and_then(|p| p.get(name)).and_then(|v| v.as_str()).map(str::to_owned)
    };
    let code = field("code");
    let message = field("message").unwrap_or_else(|| status_text(status).to_owned());
    let payload = parsed.is_some().then(|| text.to_owned());
    Error::Api(Box::new(ApiError { operation: op.js_name, status, code, message, payload }))
}

/// A short description of the statuses Xano documents.
pub fn status_text(status: u16) -> &'static str {
    match status {
        400 => "Input error. Check the request payload for issues.",
        401 => "Unauthorized.",
        403 => "Access denied. Additional privileges are needed to access the requested resource.",
        404 => "Not found. The requested resource does not exist.",
        429 => "Rate limited. Too many requests.",
        500 => "Unexpected error.",
        502 => "Bad gateway.",
        503 => "Service unavailable.",
        504 => "Gateway timeout.",
        _ => "Unexpected status.",
    }
}

/// Decodes a 2xx body into `T` (the typed Rust API's path; JS gets parsed JSON).
pub fn decode<T: serde::de::DeserializeOwned>(op: &Operation, text: &str) -> Result<T, Error> {
    // An empty body decodes as JSON null, so `()`/`Option`/`Value` responses work.
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text)
        .map_err(|e| Error::Decode { operation: op.js_name, message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::{Api, Method, ResponseKind};

    static OP: Operation = Operation {
        name: "get_workspace",
        js_name: "getWorkspace",
        api: Api::Instance,
        method: Method::Get,
        path: "/workspace",
        tag: "workspace",
        summary: "",
        scope: None,
        params: &[],
        body: None,
        response: ResponseKind::Array,
        requirement: crate::scope::Requirement::UNKNOWN,
        corrections: &[],
    };

    #[test]
    fn xano_error_body_gives_code_and_message() {
        let err = api_error(
            &OP,
            404,
            r#"{"code":"ERROR_CODE_NOT_FOUND","message":"Not Found.","param":""}"#,
        );
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.status, 404);
        assert_eq!(api.code.as_deref(), Some("ERROR_CODE_NOT_FOUND"));
        assert_eq!(api.message, "Not Found.");
        assert_eq!(err.to_string(), "getWorkspace: HTTP 404 ERROR_CODE_NOT_FOUND: Not Found.");
    }

    #[test]
    fn non_json_error_body_falls_back_to_the_status() {
        let err = api_error(&OP, 502, "<html>bad gateway</html>");
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!((api.code.as_deref(), api.message.as_str()), (None, "Bad gateway."));
        assert!(api.payload.is_none());
    }

    #[test]
    fn decode_reports_the_operation() {
        let err = decode::<Vec<u8>>(&OP, "{not json").unwrap_err();
        assert!(err.to_string().starts_with("getWorkspace: unexpected response:"), "{err}");
        assert_eq!(decode::<Option<u8>>(&OP, "").unwrap(), None);
    }
}
