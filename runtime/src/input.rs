//! What a caller passed, as the request builder sees it.
//!
//! Each host (the JS adapter in `pkg`, the typed Rust API) classifies the caller's
//! values into [`Value`]s. The builder checks them against the operation's
//! descriptor; it never looks inside the host's handles `H` (files, nested arrays and
//! objects), which travel through untouched so the body is not copied.

/// One value given for a parameter or a top-level body field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<H> {
    /// Not given (absent key or JS `undefined`).
    Missing,
    Null,
    Bool(bool),
    /// Every JS number; integers are checked by the builder.
    Number(f64),
    Text(String),
    /// `Blob`, `File` or `Uint8Array` from JS; bytes from Rust.
    File(H),
    Array(H),
    Object(H),
    /// A value no JSON type fits (a JS function, symbol or bigint); its type's name.
    Unsupported(&'static str),
}

impl<H> Value<H> {
    /// The value's type as an error message names it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Missing => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.fract() == 0.0 && n.is_finite() => "integer",
            Value::Number(_) => "number",
            Value::Text(_) => "string",
            Value::File(_) => "file",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Unsupported(name) => name,
        }
    }
}

/// The request body as given.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyInput<H> {
    /// No body given.
    None,
    /// A string: XanoScript text.
    Text(String),
    /// An object: `whole` is the host's handle to it (serialised as is for JSON);
    /// `fields` are its own keys, classified, in the caller's order.
    Object { whole: H, fields: Vec<(String, Value<H>)> },
    /// Anything else (an array, a number…): always refused; its type's name.
    Other(&'static str),
}

/// Everything a caller passed for one call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallInput<H> {
    /// Every key of the params object except `body`, in the caller's order.
    pub params: Vec<(String, Value<H>)>,
    pub body: BodyInput<H>,
}

impl<H> Default for CallInput<H> {
    fn default() -> Self {
        CallInput { params: Vec::new(), body: BodyInput::None }
    }
}
