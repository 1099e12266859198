//! What the generated typed Rust API builds on: turning typed parameters and bodies
//! into the builder's [`Value`]s, and (on wasm32) the client that sends them.

use serde::Serialize;

use crate::descriptor::Operation;
use crate::input::{BodyInput, Value};

mod timestamp;
pub use timestamp::Timestamp;

/// The body of an answer that is not JSON (an archive, an image): its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    /// The bytes, owned.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Bytes from any serde format's bytes (how [`decode_bytes`] hands them over), a
/// sequence of integers 0–255, or a string's UTF-8.
impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> serde::de::Visitor<'de> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(bytes.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(bytes))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Bytes, E> {
                Ok(Bytes(text.as_bytes().to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bytes, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(Bytes(bytes))
            }
        }
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

/// Decodes a text answer (`ResponseKind::Text`) into `T` (a `String`).
pub fn decode_text<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    text: String,
) -> Result<T, crate::Error> {
    use serde::de::value::{Error, StringDeserializer};
    T::deserialize(StringDeserializer::<Error>::new(text))
        .map_err(|e| crate::Error::Decode { operation: op, message: e.to_string() })
}

/// Decodes a bytes answer (`ResponseKind::Binary`) into `T` (a [`Bytes`]).
pub fn decode_bytes<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    bytes: &[u8],
) -> Result<T, crate::Error> {
    use serde::de::value::{BytesDeserializer, Error};
    T::deserialize(BytesDeserializer::<Error>::new(bytes))
        .map_err(|e| crate::Error::Decode { operation: op, message: e.to_string() })
}

/// A host handle for the typed Rust API: a JSON value or a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Handle {
    /// An array or object, serialised as it is for a JSON body or a form field.
    Json(serde_json::Value),
    /// A file, sent as a multipart part.
    File(FilePart),
}

/// A file to upload in a multipart body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The file name Xano stores.
    pub filename: String,
    /// The part's content type; `None` lets the runtime pick (the browser's default).
    pub content_type: Option<String>,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// A body that may be either an object (JSON or multipart) or a string (XanoScript
/// text, or the string of a JSON body whose schema is a string).
#[derive(Debug, Clone, PartialEq)]
pub enum EitherBody<T> {
    /// The object form.
    Fields(T),
    /// The string form.
    Text(String),
}

/// Converts a typed value into what the request builder checks.
pub trait IntoValue {
    /// The value, classified for [`request::prepare`](crate::request::prepare).
    fn into_value(self) -> Value<Handle>;
}

impl IntoValue for i64 {
    fn into_value(self) -> Value<Handle> {
        Value::Number(self as f64)
    }
}

impl IntoValue for f64 {
    fn into_value(self) -> Value<Handle> {
        Value::Number(self)
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value<Handle> {
        Value::Bool(self)
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value<Handle> {
        Value::Text(self)
    }
}

impl IntoValue for Timestamp {
    fn into_value(self) -> Value<Handle> {
        match self {
            Timestamp::Millis(ms) => Value::Number(ms as f64),
            Timestamp::Text(text) => Value::Text(text),
        }
    }
}

impl IntoValue for FilePart {
    fn into_value(self) -> Value<Handle> {
        Value::File(Handle::File(self))
    }
}

impl IntoValue for serde_json::Value {
    fn into_value(self) -> Value<Handle> {
        use serde_json::Value as J;
        match self {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Value::Text(s),
            array @ J::Array(_) => Value::Array(Handle::Json(array)),
            object @ J::Object(_) => Value::Object(Handle::Json(object)),
        }
    }
}

impl IntoValue for serde_json::Map<String, serde_json::Value> {
    fn into_value(self) -> Value<Handle> {
        Value::Object(Handle::Json(serde_json::Value::Object(self)))
    }
}

impl<T: Serialize> IntoValue for Vec<T> {
    fn into_value(self) -> Value<Handle> {
        serialized(&self)
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value<Handle> {
        self.map_or(Value::Missing, IntoValue::into_value)
    }
}

/// Any serialisable value, through JSON (nested objects and arrays of bodies).
pub fn serialized<T: Serialize + ?Sized>(value: &T) -> Value<Handle> {
    serde_json::to_value(value)
        .map_or(Value::Unsupported("unserialisable value"), IntoValue::into_value)
}

/// Converts a typed body into what the request builder checks.
pub trait IntoBody {
    /// The body, classified for [`request::prepare`](crate::request::prepare).
    fn into_body(self) -> BodyInput<Handle>;
}

impl IntoBody for String {
    fn into_body(self) -> BodyInput<Handle> {
        BodyInput::Text(self)
    }
}

impl<T: IntoBody> IntoBody for Option<T> {
    fn into_body(self) -> BodyInput<Handle> {
        self.map_or(BodyInput::None, IntoBody::into_body)
    }
}

impl<T: IntoBody> IntoBody for EitherBody<T> {
    fn into_body(self) -> BodyInput<Handle> {
        match self {
            EitherBody::Fields(fields) => fields.into_body(),
            EitherBody::Text(text) => BodyInput::Text(text),
        }
    }
}

/// A body object given as untyped JSON (operations whose schema lists no fields).
impl IntoBody for serde_json::Map<String, serde_json::Value> {
    fn into_body(self) -> BodyInput<Handle> {
        let fields = self.iter().map(|(k, v)| (k.clone(), v.clone().into_value())).collect();
        BodyInput::Object { whole: Handle::Json(serde_json::Value::Object(self)), fields }
    }
}

/// Builds an object body from its JSON form (`whole`, which leaves files out) and
/// its fields in declaration order.
pub fn object_body(
    whole: serde_json::Value,
    fields: Vec<(String, Value<Handle>)>,
) -> BodyInput<Handle> {
    BodyInput::Object { whole: Handle::Json(whole), fields }
}

/// A response that is a Xano page (implemented by the generated page responses).
pub trait Page {
    /// The page after this one; `None` ends the list.
    fn next_page(&self) -> Option<i64>;
}

/// Walks a paged operation: calls `fetch(page)` from `first`, hands each page to
/// `visit`, and stops when `nextPage` is null, returning the number of pages; an
/// error after `max_pages` pages if the server never says so.
///
/// ```ignore
/// let op = OPERATIONS.at(index::GET_WORKSPACE_TABLE_CONTENT);
/// let pages = walk_pages(op, 1, 100, |page| {
///     client.get_workspace_table_content(GetWorkspaceTableContentParams { page: Some(page), ..params.clone() })
/// }, |page| rows.extend(page.items)).await?;
/// ```
pub async fn walk_pages<R, F, Fut>(
    operation: &'static crate::descriptor::Operation,
    first: i64,
    max_pages: u32,
    mut fetch: F,
    mut visit: impl FnMut(R),
) -> Result<u32, crate::Error>
where
    R: Page,
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = Result<R, crate::Error>>,
{
    use crate::paging::{after, NextPage};
    let mut page = first;
    let mut seen = 0;
    loop {
        seen += 1;
        let response = fetch(page).await?;
        let next = response.next_page();
        visit(response);
        match after(next, page, seen, max_pages) {
            NextPage::Fetch(next) => page = next,
            NextPage::Done => return Ok(seen),
            NextPage::TooManyPages => {
                return Err(crate::Error::TooManyPages { operation, max_pages });
            }
            NextPage::PointsBack(next) => return Err(NextPage::points_back(operation, page, next)),
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use client::Client;

#[cfg(target_arch = "wasm32")]
mod client {
    use std::rc::Rc;

    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;

    use super::{FilePart, Handle};
    use crate::descriptor::{Operation, ResponseKind};
    use crate::execute::{execute, CallOptions, Settings};
    use crate::input::CallInput;
    use crate::request::{prepare, Part, PreparedBody};
    use crate::transport::{self, WireBody};
    use crate::{url::BaseUrl, Error, Token};

    /// The client the generated typed Rust API calls.
    #[derive(Debug, Clone)]
    pub struct Client {
        /// Shared, not copied, by each call (`settings_mut` copies them first if a call
        /// still holds them).
        settings: Rc<Settings>,
    }

    impl Client {
        /// A client with the default retry policy, no rate limiter and no timeout.
        pub fn new(base_url: &str, token: impl Into<String>) -> Result<Client, Error> {
            let settings = Settings::new(BaseUrl::parse(base_url)?, Token::new(token)?);
            Ok(Client { settings: Rc::new(settings) })
        }

        /// The settings calls use (retry policy, limiter, timeout, retry hook).
        pub fn settings_mut(&mut self) -> &mut Settings {
            Rc::make_mut(&mut self.settings)
        }

        /// Checks, sends (with retries) and decodes one call.
        pub async fn call<T: DeserializeOwned>(
            &self,
            op: &'static Operation,
            input: CallInput<Handle>,
        ) -> Result<T, Error> {
            self.call_with(op, input, &CallOptions::default()).await
        }

        /// As [`Client::call`], with per-call options (signal, timeout, retries).
        pub async fn call_with<T: DeserializeOwned>(
            &self,
            op: &'static Operation,
            input: CallInput<Handle>,
            options: &CallOptions,
        ) -> Result<T, Error> {
            let prepared = prepare(op, &self.settings.base, input)?;
            let settings = Rc::clone(&self.settings);
            let success = execute(op, settings, options.clone(), prepared, |op, body| {
                wire_body(op, body.clone())
            })
            .await
            .map_err(|f| f.error)?;
            let failed =
                |e: JsValue| Error::Decode { operation: op, message: transport::js_message(&e) };
            // The answer's Rust type is fixed by the spec (as corrected), so the
            // descriptor decides how the body is read.
            match op.response {
                ResponseKind::Binary => {
                    let buffer = wasm_bindgen_futures::JsFuture::from(
                        success.response.array_buffer().map_err(failed)?,
                    )
                    .await
                    .map_err(failed)?;
                    super::decode_bytes(op, &js_sys::Uint8Array::new(&buffer).to_vec())
                }
                ResponseKind::Text => {
                    let text = transport::read_text(&success.response).await.map_err(failed)?;
                    super::decode_text(op, text)
                }
                _ => {
                    let text = transport::read_text(&success.response).await.map_err(failed)?;
                    crate::response::decode(op, &text)
                }
            }
        }
    }

    fn wire_body(op: &'static Operation, body: PreparedBody<Handle>) -> Result<WireBody, Error> {
        let js_error = |e: JsValue| {
            Error::argument(
                op,
                "body",
                format!("could not be encoded: {}", transport::js_message(&e)),
            )
        };
        Ok(match body {
            PreparedBody::None => WireBody::None,
            PreparedBody::Json(handle) => {
                WireBody::Text { content_type: crate::media::JSON, text: json_text(&handle) }
            }
            PreparedBody::XanoScript(text) => {
                WireBody::Text { content_type: crate::media::XANOSCRIPT, text }
            }
            PreparedBody::JsonText(text) => {
                WireBody::Text { content_type: crate::media::JSON, text }
            }
            PreparedBody::Multipart(parts) => {
                let form = web_sys::FormData::new().map_err(js_error)?;
                for (name, part) in parts {
                    match part {
                        Part::Text(text) => form.append_with_str(&name, &text),
                        Part::File(Handle::File(file)) => form.append_with_blob_and_filename(
                            &name,
                            &blob(&file).map_err(js_error)?,
                            &file.filename,
                        ),
                        Part::Json(handle) | Part::File(handle) => {
                            form.append_with_str(&name, &json_text(&handle))
                        }
                    }
                    .map_err(js_error)?;
                }
                WireBody::Form(form)
            }
        })
    }

    fn json_text(handle: &Handle) -> String {
        match handle {
            Handle::Json(value) => value.to_string(),
            Handle::File(_) => "null".to_owned(),
        }
    }

    fn blob(file: &FilePart) -> Result<web_sys::Blob, JsValue> {
        let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
        let options = web_sys::BlobPropertyBag::new();
        if let Some(content_type) = &file.content_type {
            options.set_type(content_type);
        }
        web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&bytes), &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::{Api, Method, ResponseKind};

    static EXPORT: Operation = Operation {
        name: "post_workspace_export",
        js_name: "postWorkspaceExport",
        api: Api::Instance,
        method: Method::Post,
        path: "/workspace/{workspace_id}/export",
        tag: "workspace",
        summary: "",
        scope: None,
        params: &[],
        body: None,
        response: ResponseKind::Binary,
        requirement: crate::scope::Requirement::UNKNOWN,
        corrections: &[],
    };

    #[test]
    fn answers_that_are_not_json_decode_into_their_types() {
        // A gzip header is not UTF-8: it arrives unchanged.
        let archive = [0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00];
        let bytes: Bytes = decode_bytes(&EXPORT, &archive).unwrap();
        assert_eq!(&*bytes, &archive[..]);
        assert_eq!(bytes.into_vec(), archive.to_vec());
        let text: String =
            decode_text(&EXPORT, "table books {}\n---\nquery x {}".to_owned()).unwrap();
        assert_eq!(text, "table books {}\n---\nquery x {}");
        // A type that is not bytes names the operation.
        let wrong = decode_bytes::<i64>(&EXPORT, &archive).unwrap_err();
        assert!(
            matches!(wrong, crate::Error::Decode { operation, .. } if operation.js_name == "postWorkspaceExport")
        );
        // Bytes also read from JSON (an array of integers), should a spec put them there.
        assert_eq!(serde_json::from_str::<Bytes>("[1,2,255]").unwrap(), Bytes(vec![1, 2, 255]));
        assert!(serde_json::from_str::<Bytes>("[256]").is_err());
    }

    #[test]
    fn timestamps_convert_for_the_request_builder() {
        assert_eq!(Timestamp::Millis(5).into_value(), Value::Number(5.0));
        assert_eq!(Timestamp::Text("x".into()).into_value(), Value::Text("x".into()));
    }
}
