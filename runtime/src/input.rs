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
    /// `null` (JS `null`, or JSON `null` from Rust).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Every JS number; integers are checked by the builder.
    Number(f64),
    /// A string.
    Text(String),
    /// `Blob`, `File` or `Uint8Array` from JS; bytes from Rust.
    File(H),
    /// An array, left in the host's hands.
    Array(H),
    /// An object (not a file), left in the host's hands.
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
            Value::Number(n) if n.fract() == 0.0 && n.abs() <= crate::text::MAX_SAFE_INTEGER => {
                "integer"
            }
            // "must be an integer (a safe-integer number), got integer" said nothing.
            Value::Number(n) if n.fract() == 0.0 => "integer beyond ±2^53",
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
    /// An object.
    Object {
        /// The host's handle to the whole object (serialised as is for JSON).
        whole: H,
        /// Its own keys with their values classified, in the caller's order.
        fields: Vec<(String, Value<H>)>,
    },
    /// Anything else (an array, a number…): always refused; its type's name.
    Other(&'static str),
}

/// Everything a caller passed for one call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallInput<H> {
    /// Every key of the params object except `body`, in the caller's order.
    pub params: Vec<(String, Value<H>)>,
    /// The `body` key's value.
    pub body: BodyInput<H>,
}

impl<H> Default for CallInput<H> {
    fn default() -> Self {
        CallInput { params: Vec::new(), body: BodyInput::None }
    }
}
