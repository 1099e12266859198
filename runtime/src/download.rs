//! Reading a successful answer the way [`media`] decides (wasm32 only):
//! JSON through the host's `JSON.parse`, text as a JS string, anything else as a
//! `Blob` (a `File` when `Content-Disposition` names one), or handed over unread as
//! a stream. Bodies stay in JS memory: nothing is copied into wasm memory, which
//! never shrinks once grown.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::media::{self, BodyKind, ParseAs};

/// Why a body could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The transfer broke off (the connection dropped, the signal aborted, the
    /// timeout fired): `fetch`'s error.
    Transfer(JsValue),
    /// The body ended early or late against its `Content-Length`.
    Length(media::LengthMismatch),
    /// A body read as JSON that is not JSON: the parser's message, with the status
    /// and media type.
    NotJson(String),
}

/// Told the bytes received so far, and the total when the answer announced it.
pub type ProgressHook = Function;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string, so a large body never crosses into Rust.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

fn header(headers: &web_sys::Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}

async fn wait(promise: Result<Promise, JsValue>) -> Result<JsValue, ReadError> {
    JsFuture::from(promise.map_err(ReadError::Transfer)?).await.map_err(ReadError::Transfer)
}

/// The body of a 2xx `response`, as `parse_as` asks; `on_progress` is called with
/// `{ loaded, total }` as bytes arrive.
pub async fn read(
    response: web_sys::Response,
    parse_as: ParseAs,
    on_progress: Option<&ProgressHook>,
) -> Result<JsValue, ReadError> {
    if parse_as == ParseAs::Response {
        return Ok(response.into());
    }
    // Each header is read once, and only where it is used: every read is a trip
    // across the wasm boundary and a string copy each way, on every call.
    let headers = response.headers();
    let content_length = header(&headers, "content-length");
    // What the bytes read are checked against (only where they are counted: a
    // stream or blob, or a download with a progress hook).
    let expected = || {
        media::expected_length(
            content_length.as_deref(),
            header(&headers, "content-encoding").as_deref(),
        )
    };
    match parse_as {
        ParseAs::Stream => return Ok(stream(&response, on_progress, expected())),
        ParseAs::Auto if media::has_no_body(response.status(), content_length.as_deref()) => {
            return Ok(JsValue::NULL)
        }
        _ => {}
    }
    let content_type = header(&headers, "content-type");
    let kind = match parse_as {
        ParseAs::Json => BodyKind::Json,
        ParseAs::Text => BodyKind::Text,
        ParseAs::Blob | ParseAs::ArrayBuffer => BodyKind::Binary,
        _ => media::classify(content_type.as_deref()),
    };
    let blob = match on_progress {
        Some(hook) => {
            Some(counted_blob(&response, content_type.as_deref(), hook, expected()).await?)
        }
        None if kind == BodyKind::Binary => {
            let expected = expected();
            let blob: web_sys::Blob = wait(response.blob()).await?.unchecked_into();
            media::check_length(expected, blob.size() as u64).map_err(ReadError::Length)?;
            Some(blob)
        }
        None => None,
    };
    // One wait for the last read, whichever it is (each wait is a state of this
    // function's state machine, with its own code).
    let last = match (kind, blob) {
        (BodyKind::Binary, blob) => {
            let blob = blob.expect("binary bodies are read as a blob");
            if parse_as != ParseAs::ArrayBuffer {
                return Ok(named(blob, header(&headers, "content-disposition").as_deref()));
            }
            Ok(blob.array_buffer())
        }
        (_, Some(blob)) => Ok(blob.text()),
        (_, None) => response.text(),
    };
    let value = wait(last).await?;
    if kind != BodyKind::Json {
        return Ok(value);
    }
    // An empty JSON body is `null` (checked in JS: a large body is never copied).
    if value.dyn_ref::<js_sys::JsString>().is_some_and(|t| t.length() == 0) {
        return Ok(JsValue::NULL);
    }
    json_parse(&value).map_err(|e| {
        let media = content_type.as_deref().map_or("no Content-Type".to_owned(), media::essence);
        ReadError::NotJson(format!(
            "HTTP {} {media} body is not JSON: {}",
            response.status(),
            crate::transport::js_message(&e)
        ))
    })
}

/// The blob as a `File` when `disposition` names one (where the host has `File`).
fn named(blob: web_sys::Blob, disposition: Option<&str>) -> JsValue {
    let Some(name) = disposition.and_then(media::file_name) else { return blob.into() };
    let options = web_sys::FilePropertyBag::new();
    options.set_type(&blob.type_());
    match web_sys::File::new_with_blob_sequence_and_options(&Array::of1(&blob), &name, &options) {
        Ok(file) => file.into(),
        Err(_) => blob.into(),
    }
}

fn progress_event(loaded: f64, total: Option<u64>) -> JsValue {
    let event = Object::new();
    let _ = Reflect::set(&event, &"loaded".into(), &loaded.into());
    let total = total.map_or(JsValue::NULL, |t| (t as f64).into());
    let _ = Reflect::set(&event, &"total".into(), &total);
    event.into()
}

/// Reads the body chunk by chunk, telling `hook`, into a blob of the chunks (they
/// stay JS buffers), and checks the count against `expected`.
async fn counted_blob(
    response: &web_sys::Response,
    content_type: Option<&str>,
    hook: &ProgressHook,
    expected: Option<u64>,
) -> Result<web_sys::Blob, ReadError> {
    let chunks = Array::new();
    let mut loaded = 0f64;
    // A hook that throws must not break the download.
    let _ = hook.call1(&JsValue::UNDEFINED, &progress_event(0.0, expected));
    if let Some(body) = response.body() {
        let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        loop {
            let step = wait(Ok(reader.read())).await?;
            if Reflect::get(&step, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
                break;
            }
            let chunk = Reflect::get(&step, &"value".into()).map_err(ReadError::Transfer)?;
            loaded += Reflect::get(&chunk, &"byteLength".into())
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0);
            chunks.push(&chunk);
            let _ = hook.call1(&JsValue::UNDEFINED, &progress_event(loaded, expected));
        }
    }
    media::check_length(expected, loaded as u64).map_err(ReadError::Length)?;
    let options = web_sys::BlobPropertyBag::new();
    if let Some(content_type) = content_type {
        options.set_type(content_type);
    }
    web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options)
        .map_err(ReadError::Transfer)
}

/// The body's stream, unread; with a hook, through a stream that counts what the
/// caller reads and errors it if the total disagrees with `Content-Length`.
fn stream(
    response: &web_sys::Response,
    on_progress: Option<&ProgressHook>,
    expected: Option<u64>,
) -> JsValue {
    let Some(body) = response.body() else { return JsValue::NULL };
    let Some(hook) = on_progress.cloned() else { return body.into() };
    let loaded = std::rc::Rc::new(std::cell::Cell::new(0f64));
    let counted = std::rc::Rc::clone(&loaded);
    let transform = Closure::<dyn FnMut(JsValue, web_sys::TransformStreamDefaultController)>::new(
        move |chunk: JsValue, controller: web_sys::TransformStreamDefaultController| {
            let bytes = Reflect::get(&chunk, &"byteLength".into()).ok().and_then(|n| n.as_f64());
            counted.set(counted.get() + bytes.unwrap_or(0.0));
            let _ = hook.call1(&JsValue::UNDEFINED, &progress_event(counted.get(), expected));
            let _ = controller.enqueue_with_chunk(&chunk);
        },
    );
    let flush = Closure::<dyn FnMut(web_sys::TransformStreamDefaultController)>::new(
        move |controller: web_sys::TransformStreamDefaultController| {
            if let Err(mismatch) = media::check_length(expected, loaded.get() as u64) {
                controller.error_with_reason(&js_sys::Error::new(&mismatch.to_string()));
            }
        },
    );
    let transformer = Object::new();
    // Handed to the JS GC: the stream holds them as long as it needs them.
    let _ = Reflect::set(&transformer, &"transform".into(), &transform.into_js_value());
    let _ = Reflect::set(&transformer, &"flush".into(), &flush.into_js_value());
    match web_sys::TransformStream::new_with_transformer(&transformer) {
        Ok(pipe) => body.pipe_through(&pipe.unchecked_into()).into(),
        Err(_) => body.into(),
    }
}
