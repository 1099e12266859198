//! The only code that touches `fetch` (through gloo-net): wasm32 only.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestRedirect};

use crate::auth::Token;
use crate::descriptor::Method;

/// A body ready for `fetch`, built afresh for every attempt.
#[derive(Debug)]
pub enum WireBody {
    None,
    /// Text with its content type (JSON or XanoScript).
    Text { content_type: &'static str, text: String },
    /// `multipart/form-data`: `fetch` writes the boundary into the content type.
    Form(web_sys::FormData),
}

/// One request as sent.
#[derive(Debug)]
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a str,
    pub headers: &'a [(&'static str, String)],
    /// `None` when the request leaves the base URL's origin.
    pub token: Option<&'a Token>,
    pub body: WireBody,
    pub signal: Option<&'a AbortSignal>,
    /// Return 3xx responses instead of following them (see `execute`).
    pub manual_redirects: bool,
}

/// How one request ended.
#[derive(Debug)]
pub enum Outcome {
    /// A 2xx (or, with manual redirects, any) response; its body is unread.
    Response(web_sys::Response),
    /// The request did not complete; `fetch`'s message.
    Failed(String),
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

/// Sends one request.
pub async fn send(request: Request<'_>) -> Outcome {
    let mut builder = RequestBuilder::new(request.url)
        .method(http_method(request.method))
        .header("Accept", "application/json")
        .abort_signal(request.signal)
        .redirect(if request.manual_redirects { RequestRedirect::Manual } else { RequestRedirect::Follow });
    if let Some(token) = request.token {
        builder = builder.header("Authorization", &token.header_value());
    }
    for (name, value) in request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        WireBody::None => builder.build(),
        WireBody::Text { content_type, text } => builder.header("Content-Type", content_type).body(text),
        WireBody::Form(form) => builder.body(form),
    };
    let built = match built {
        Ok(built) => built,
        Err(e) => return Outcome::Failed(describe(e)),
    };
    match built.send().await {
        Ok(response) => Outcome::Response(response.into()),
        Err(e) => Outcome::Failed(describe(e)),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string, so a large body never crosses into Rust.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Reads a body as a JS string.
pub async fn read_text_js(response: &web_sys::Response) -> Result<JsValue, JsValue> {
    JsFuture::from(response.text()?).await
}

/// Reads a body as text into Rust.
pub async fn read_text(response: &web_sys::Response) -> Result<String, JsValue> {
    Ok(read_text_js(response).await?.as_string().unwrap_or_default())
}

/// Parses a JS string as JSON (an empty body is `null`).
pub fn parse_json(text: &JsValue) -> Result<JsValue, String> {
    // Checked in JS: copying a large body into Rust just to look at it would cost.
    if text.dyn_ref::<js_sys::JsString>().is_some_and(|t| t.length() == 0) {
        return Ok(JsValue::NULL);
    }
    json_parse(text).map_err(|e| js_message(&e))
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
