//! Reading a successful answer the way [`media`] decides (wasm32 only):
//! JSON through the host's `JSON.parse`, text as a JS string, anything else as a
//! `Blob` (a `File` when `Content-Disposition` names one), or handed over unread as
//! a stream ([`Read`], a [`step`](crate::step) machine). Bodies stay in JS memory:
//! nothing is copied into wasm memory, which never shrinks once grown.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::media::{self, BodyKind, ParseAs};
use crate::step::{Settled, Step};

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

/// Reads the body of a 2xx answer as a [`ParseAs`] asks, as a machine resumed after
/// each wait (see [`step`](crate::step)); `on_progress` is called with
/// `{ loaded, total }` as bytes arrive.
#[derive(Debug)]
pub struct Read {
    response: web_sys::Response,
    /// Each header is read from here once, where it is used.
    headers: web_sys::Headers,
    parse_as: ParseAs,
    on_progress: Option<ProgressHook>,
    /// Read by the first step (unless the body is handed over unread).
    content_type: Option<String>,
    /// What the body is read as, decided by the first step.
    kind: BodyKind,
    /// Whether the bytes counted are checked against `Content-Length` (see `begin`).
    length_checked: bool,
    state: ReadState,
}

#[derive(Debug)]
enum ReadState {
    /// Nothing read yet.
    Begin,
    /// Waiting for the next chunk (with a progress hook): what came so far.
    Counting {
        reader: web_sys::ReadableStreamDefaultReader,
        chunks: Array,
        loaded: f64,
        expected: Option<u64>,
    },
    /// Waiting for the whole body as a `Blob` (a binary body without a hook).
    Blob { expected: Option<u64> },
    /// Waiting for the last read: the body's text, or a blob's text or bytes.
    Last,
    /// Finished.
    Done,
}

/// What a read comes to.
type ReadStep = Step<Result<JsValue, ReadError>>;

impl Read {
    /// The reading of `response`'s body.
    pub fn new(
        response: web_sys::Response,
        parse_as: ParseAs,
        on_progress: Option<ProgressHook>,
    ) -> Read {
        Read {
            headers: response.headers(),
            response,
            parse_as,
            on_progress,
            content_type: None,
            kind: BodyKind::Json,
            length_checked: true,
            state: ReadState::Begin,
        }
    }

    /// Whether the body is handed to the caller unread (a stream, a `Response`), so
    /// that its transfer goes on after the read is done.
    pub fn hands_over_body(&self) -> bool {
        matches!(self.parse_as, ParseAs::Stream | ParseAs::Response)
    }

    /// The answer being read.
    pub fn response(&self) -> &web_sys::Response {
        &self.response
    }

    /// Goes on from the last wait, which settled as `settled` (ignored on the first
    /// call), up to the next wait or the end.
    pub fn resume(&mut self, settled: Settled) -> ReadStep {
        match std::mem::replace(&mut self.state, ReadState::Done) {
            ReadState::Begin => self.begin(),
            ReadState::Counting { reader, chunks, mut loaded, expected } => {
                let step = match settled {
                    Ok(step) => step,
                    Err(e) => return Step::Done(Err(ReadError::Transfer(e))),
                };
                let done = Reflect::get(&step, &"done".into()).ok().and_then(|d| d.as_bool());
                if done.unwrap_or(true) {
                    return self.counted(chunks, loaded, expected);
                }
                let chunk = match Reflect::get(&step, &"value".into()) {
                    Ok(chunk) => chunk,
                    Err(e) => return Step::Done(Err(ReadError::Transfer(e))),
                };
                loaded += Reflect::get(&chunk, &"byteLength".into())
                    .ok()
                    .and_then(|n| n.as_f64())
                    .unwrap_or(0.0);
                chunks.push(&chunk);
                self.progress(loaded, expected);
                let next = reader.read();
                self.state = ReadState::Counting { reader, chunks, loaded, expected };
                Step::Wait(next)
            }
            ReadState::Blob { expected } => match settled {
                Ok(blob) => {
                    let blob: web_sys::Blob = blob.unchecked_into();
                    match media::check_length(self.checked(expected), blob.size() as u64) {
                        Ok(()) => self.read_blob(blob),
                        Err(mismatch) => Step::Done(Err(ReadError::Length(mismatch))),
                    }
                }
                Err(e) => Step::Done(Err(ReadError::Transfer(e))),
            },
            ReadState::Last => match settled {
                Ok(value) => Step::Done(self.finish(value)),
                Err(e) => Step::Done(Err(ReadError::Transfer(e))),
            },
            ReadState::Done => Step::Done(Ok(JsValue::UNDEFINED)),
        }
    }

    /// `expected`, where the bytes are checked against it.
    fn checked(&self, expected: Option<u64>) -> Option<u64> {
        expected.filter(|_| self.length_checked)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// Waits on `promise` in `state`; a read that threw ends the reading.
    fn wait(&mut self, promise: Result<Promise, JsValue>, state: ReadState) -> ReadStep {
        match promise {
            Ok(promise) => {
                self.state = state;
                Step::Wait(promise)
            }
            Err(e) => Step::Done(Err(ReadError::Transfer(e))),
        }
    }

    fn progress(&self, loaded: f64, expected: Option<u64>) {
        if let Some(hook) = &self.on_progress {
            // A hook that throws must not break the download.
            let _ = hook.call1(&JsValue::UNDEFINED, &progress_event(loaded, expected));
        }
    }

    fn begin(&mut self) -> ReadStep {
        let response = &self.response;
        if self.parse_as == ParseAs::Response {
            // The handle, not `Response.clone()`.
            return Step::Done(Ok(JsValue::from(Clone::clone(response))));
        }
        // Each header is read once, and only where it is used: every read is a trip
        // across the wasm boundary and a string copy each way, on every call.
        let content_length = self.header("content-length");
        // What the bytes read are checked against (only where they are counted: a
        // stream or blob, or a download with a progress hook).
        let expected = |read: &mut Read| {
            let encoding = read.header("content-encoding");
            // A browser hides a cross-origin answer's `Content-Encoding` unless the
            // server exposes it, but never its `Content-Length`: a gzipped body would
            // then seem to end late. Unseen, the encoding is not assumed to be none:
            // the length is still the progress's `total`, but not a check (a body cut
            // short still fails: `fetch` checks that itself).
            read.length_checked =
                encoding.is_some() || read.response.type_() != web_sys::ResponseType::Cors;
            media::expected_length(content_length.as_deref(), encoding.as_deref())
        };
        match self.parse_as {
            ParseAs::Stream => {
                let expected = expected(self);
                let checked = self.checked(expected);
                return Step::Done(Ok(stream(
                    &self.response,
                    self.on_progress.as_ref(),
                    expected,
                    checked,
                )));
            }
            ParseAs::Auto if media::has_no_body(response.status(), content_length.as_deref()) => {
                return Step::Done(Ok(JsValue::NULL))
            }
            _ => {}
        }
        self.content_type = self.header("content-type");
        self.kind = match self.parse_as {
            ParseAs::Json => BodyKind::Json,
            ParseAs::Text => BodyKind::Text,
            ParseAs::Blob | ParseAs::ArrayBuffer => BodyKind::Binary,
            _ => media::classify(self.content_type.as_deref()),
        };
        if self.on_progress.is_some() {
            let expected = expected(self);
            self.progress(0.0, expected);
            let Some(body) = self.response.body() else {
                return self.counted(Array::new(), 0.0, expected);
            };
            let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            let next = reader.read();
            self.state =
                ReadState::Counting { reader, chunks: Array::new(), loaded: 0.0, expected };
            return Step::Wait(next);
        }
        match self.kind {
            BodyKind::Binary => {
                let expected = expected(self);
                self.wait(self.response.blob(), ReadState::Blob { expected })
            }
            _ => self.wait(self.response.text(), ReadState::Last),
        }
    }

    /// Every chunk is in: checks the count against `expected` and reads their blob.
    fn counted(&mut self, chunks: Array, loaded: f64, expected: Option<u64>) -> ReadStep {
        if let Err(mismatch) = media::check_length(self.checked(expected), loaded as u64) {
            return Step::Done(Err(ReadError::Length(mismatch)));
        }
        let options = web_sys::BlobPropertyBag::new();
        if let Some(content_type) = &self.content_type {
            options.set_type(content_type);
        }
        match web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options) {
            Ok(blob) => self.read_blob(blob),
            Err(e) => Step::Done(Err(ReadError::Transfer(e))),
        }
    }

    /// The whole body is in `blob`: binary bodies are given as the blob (or its bytes),
    /// others read as text from it.
    fn read_blob(&mut self, blob: web_sys::Blob) -> ReadStep {
        if self.kind != BodyKind::Binary {
            return self.wait(Ok(blob.text()), ReadState::Last);
        }
        if self.parse_as != ParseAs::ArrayBuffer {
            let disposition = self.header("content-disposition");
            return Step::Done(Ok(named(blob, disposition.as_deref())));
        }
        self.wait(Ok(blob.array_buffer()), ReadState::Last)
    }

    /// The last read gave `value`: JSON is parsed, the rest given as it is.
    fn finish(&self, value: JsValue) -> Result<JsValue, ReadError> {
        if self.kind != BodyKind::Json {
            return Ok(value);
        }
        // An empty JSON body is `null` (checked in JS: a large body is never copied).
        if value.dyn_ref::<js_sys::JsString>().is_some_and(|t| t.length() == 0) {
            return Ok(JsValue::NULL);
        }
        json_parse(&value).map_err(|e| {
            let media =
                self.content_type.as_deref().map_or("no Content-Type".to_owned(), media::essence);
            ReadError::NotJson(format!(
                "HTTP {} {media} body is not JSON: {}",
                self.response.status(),
                crate::transport::js_message(&e)
            ))
        })
    }
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

/// The body's stream, unread; with a hook, through a stream that counts what the
/// caller reads (out of `expected`) and errors it if the total disagrees with
/// `checked`.
fn stream(
    response: &web_sys::Response,
    on_progress: Option<&ProgressHook>,
    expected: Option<u64>,
    checked: Option<u64>,
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
            if let Err(mismatch) = media::check_length(checked, loaded.get() as u64) {
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
