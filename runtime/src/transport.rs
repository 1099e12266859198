//! The only code that touches `fetch` (through gloo-net): wasm32 only.

use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use wasm_bindgen::{JsCast, JsValue};

use crate::auth::Token;
use crate::descriptor::{Method, Operation};
use crate::response::{api_error, is_success};
use crate::Error;

/// A body ready for `fetch`.
#[derive(Debug)]
pub enum WireBody {
    None,
    /// Text with its content type (JSON or XanoScript).
    Text { content_type: &'static str, text: String },
    /// `multipart/form-data`: `fetch` writes the boundary into the content type.
    Form(web_sys::FormData),
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// Sends one request and returns the response if its status is 2xx; otherwise
/// reads the body into an [`Error::Api`].
pub async fn send(
    op: &'static Operation,
    url: &str,
    headers: &[(&'static str, String)],
    token: &Token,
    body: WireBody,
) -> Result<Response, Error> {
    let network = |e: gloo_net::Error| Error::Network { operation: op.js_name, message: describe(e) };
    let mut builder = RequestBuilder::new(url)
        .method(http_method(op.method))
        .header("Accept", "application/json")
        .header("Authorization", &token.header_value());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        WireBody::None => builder.build(),
        WireBody::Text { content_type, text } => builder.header("Content-Type", content_type).body(text),
        WireBody::Form(form) => builder.body(form),
    }
    .map_err(network)?;
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    if is_success(status) {
        return Ok(response);
    }
    let text = response.text().await.unwrap_or_default();
    Err(api_error(op, status, &text))
}

/// Reads a 2xx body as text (an empty body is `""`).
pub async fn read_text(op: &'static Operation, response: Response) -> Result<String, Error> {
    response.text().await.map_err(|e| Error::Decode { operation: op.js_name, message: describe(e) })
}

/// Reads a 2xx body as a JS value parsed by the host's `JSON.parse` (an empty body
/// is `null`), without copying it through Rust.
pub async fn read_json(op: &'static Operation, response: Response) -> Result<JsValue, Error> {
    let text = read_text(op, response).await?;
    if text.trim().is_empty() {
        return Ok(JsValue::NULL);
    }
    js_sys::JSON::parse(&text).map_err(|e| Error::Decode { operation: op.js_name, message: format!("body is not JSON: {}", js_message(&e)) })
}

/// A gloo-net error as text. Its messages hold the URL at most, never a header.
fn describe(error: gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.message,
        other => other.to_string(),
    }
}

/// The `message` of a thrown JS value.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
