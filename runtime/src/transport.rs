//! The only code that touches `fetch`: wasm32 only.
//!
//! It calls the global `fetch(url, init)` (browsers, workers and Node 20 alike)
//! through web-sys rather than gloo-net's `RequestBuilder`: that builder makes a
//! throw-away `Request`, a `URL` round trip and a second `Request` for every call,
//! which `cargo xtask bench` measured at about 1.4× the per-call time of a plain
//! `fetch` on loopback; one `RequestInit` is all a call needs.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, RequestRedirect};

use crate::auth::Token;
use crate::descriptor::Method;
use crate::step::Settled;
use crate::text::find;

/// A body ready for `fetch`, built afresh for every attempt.
#[derive(Debug)]
pub enum WireBody {
    /// No body.
    None,
    /// Text with its content type (JSON or XanoScript).
    Text {
        /// The `Content-Type` header sent with it.
        content_type: &'static str,
        /// The body.
        text: String,
    },
    /// `multipart/form-data`: `fetch` writes the boundary into the content type.
    Form(web_sys::FormData),
}

/// One request as sent.
#[derive(Debug)]
pub struct Request<'a> {
    /// The HTTP method.
    pub method: Method,
    /// The full URL, query string included.
    pub url: &'a str,
    /// The operation's header parameters (`Accept` and `Authorization` are added here).
    pub headers: &'a [(&'static str, String)],
    /// `None` when the request leaves the base URL's origin.
    pub token: Option<&'a Token>,
    /// The body to send.
    pub body: WireBody,
    /// Aborts the request: the caller's signal, the attempt's timeout, or both.
    pub signal: Option<&'a AbortSignal>,
    /// Return 3xx responses instead of following them (see `execute`).
    pub manual_redirects: bool,
}

/// How one request ended.
#[derive(Debug)]
pub enum Outcome {
    /// The response `fetch` resolved with, whatever its status; its body is unread.
    Response(web_sys::Response),
    /// The request did not complete: what `fetch` threw.
    Failed(JsValue),
}

#[wasm_bindgen]
extern "C" {
    /// The host's global `fetch`. With `catch`: a `fetch` that throws rather than
    /// rejects (a test's mock, a wrapper) would otherwise unwind through the wasm
    /// and leave the call half-done, its place in the limiter held.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

/// Sends one request: `fetch`'s promise, whose settling [`outcome`] reads; `Err`
/// with what `fetch` threw when it refused the request without sending it.
pub fn send(request: Request<'_>) -> Result<Promise, JsValue> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_redirect(if request.manual_redirects {
        RequestRedirect::Manual
    } else {
        RequestRedirect::Follow
    });
    if let Some(signal) = request.signal {
        init.set_signal(Some(signal));
    }
    let headers = Object::new();
    let set = |name: &str, value: &str| {
        let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
    };
    set("Accept", "application/json");
    if let Some(token) = request.token {
        set("Authorization", &token.header_value());
    }
    for (name, value) in request.headers {
        set(name, value);
    }
    match request.body {
        WireBody::None => {}
        WireBody::Text { content_type, text } => {
            set("Content-Type", content_type);
            init.set_body(&JsValue::from_str(&text));
        }
        WireBody::Form(form) => init.set_body(&form),
    }
    init.set_headers(&headers);
    global_fetch(request.url, &init)
}

/// How the promise of [`send`] settled, as an outcome.
pub fn outcome(settled: Settled) -> Outcome {
    match settled {
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Ok(response) => Outcome::Response(response),
            Err(other) => Outcome::Failed(other),
        },
        Err(error) => Outcome::Failed(error),
    }
}

/// Reads a body as a JS string.
pub async fn read_text_js(response: &web_sys::Response) -> Result<JsValue, JsValue> {
    JsFuture::from(response.text()?).await
}

/// Reads a body as text into Rust.
pub async fn read_text(response: &web_sys::Response) -> Result<String, JsValue> {
    Ok(read_text_js(response).await?.as_string().unwrap_or_default())
}

/// What a failed `fetch` says, with the underlying reasons it chains as `cause`
/// (Node's undici: `fetch failed` caused by `ECONNREFUSED: connect ECONNREFUSED
/// 127.0.0.1:9`; browsers give only `Failed to fetch`, by design).
pub fn describe_failure(error: &JsValue) -> String {
    let mut text = js_message(error);
    let mut cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    for _ in 0..3 {
        if cause.is_undefined() || cause.is_null() {
            break;
        }
        let code =
            Reflect::get(&cause, &JsValue::from_str("code")).ok().and_then(|c| c.as_string());
        let message = js_message(&cause);
        text.push_str(" (");
        if let Some(code) = code.filter(|c| find(&message, c).is_none()) {
            text.push_str(&code);
            text.push_str(": ");
        }
        text.push_str(&message);
        text.push(')');
        cause = Reflect::get(&cause, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    }
    text
}

/// The `message` of a thrown JS value.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
