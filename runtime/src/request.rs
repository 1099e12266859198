//! Building a request from an operation's descriptor and the caller's input.
//!
//! Plain Rust with no I/O: every check happens here, before anything is sent, so a
//! bad argument can never cause a half-made request.

use crate::descriptor::{
    template_pieces, Body, Location, Method, Operation, Param, TemplatePiece, ValueType,
};
use crate::input::{BodyInput, CallInput, Value};
use crate::text::{integer as integer_text, number as number_text, quoted};
use crate::url::{percent_encode_into, BaseUrl};
use crate::Error;

/// A request ready for the transport. `H` is the host's handle type (see [`Value`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared<H> {
    /// The operation's HTTP method.
    pub method: Method,
    /// The base URL, the path with its parameters filled in and percent-encoded,
    /// and the query string.
    pub url: String,
    /// Header parameters (such as `x-data-source`); the transport adds `Authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// What to send as the body.
    pub body: PreparedBody<H>,
}

/// The body to send.
#[derive(Debug, Clone, PartialEq)]
pub enum PreparedBody<H> {
    /// No body.
    None,
    /// Serialise this object as `application/json`.
    Json(H),
    /// Send as `text/x-xanoscript`.
    XanoScript(String),
    /// Send as `application/json`: this JSON text (a string body, encoded).
    JsonText(String),
    /// Send as `multipart/form-data`, parts in the caller's order.
    Multipart(Vec<(String, Part<H>)>),
}

/// One multipart part.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<H> {
    /// A form field's text (a string, or a number or boolean written out).
    Text(String),
    /// A file, sent with its name and type.
    File(H),
    /// An array or object, sent as its JSON text.
    Json(H),
}

/// The key of the params object that holds the request body.
pub const BODY_KEY: &str = "body";

/// Checks `input` against `op` and builds the request.
pub fn prepare<H>(
    op: &'static Operation,
    base: &BaseUrl,
    input: CallInput<H>,
) -> Result<Prepared<H>, Error> {
    let mut given: Vec<(&'static Param, Value<H>)> = Vec::with_capacity(input.params.len());
    for (key, value) in input.params {
        let Some(param) = op.param(&key) else {
            let problem = unknown_key_problem(op, &key);
            return Err(Error::argument(op, crate::text::shown_name(&key), problem));
        };
        if !matches!(value, Value::Missing) {
            given.push((param, value));
        }
    }
    for param in op.params.iter().filter(|p| p.required) {
        if !given.iter().any(|(p, _)| p.name == param.name) {
            return Err(Error::argument(
                op,
                param.name,
                format!(
                    "is required ({} parameter, {})",
                    param.location.as_str(),
                    param.ty.as_str()
                ),
            ));
        }
    }

    let mut url = String::with_capacity(base.as_str().len() + op.path.len() + 16);
    url.push_str(base.as_str());
    let mut headers = Vec::new();
    let mut query = Vec::new();
    // Path first, in template order, so every `{name}` is filled exactly once.
    fill_path(op, &mut url, &given)?;
    for (param, value) in &given {
        let text = scalar_text(op, param, value)?;
        match param.location {
            Location::Path => {}
            Location::Query => query.push((param.name, text)),
            Location::Header => {
                // `fetch` refuses such a value without sending anything, and its
                // `TypeError` looked like a network failure, retried.
                if text.chars().any(|c| (c.is_control() && c != '\t') || c > '\u{ff}') {
                    return Err(Error::argument(
                        op,
                        param.name,
                        "must be text a header can carry: no line breaks, control \
                         characters or characters beyond U+00FF"
                            .to_owned(),
                    ));
                }
                headers.push((param.name, text))
            }
        }
    }
    for (i, (name, text)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        percent_encode_into(&mut url, name);
        url.push('=');
        percent_encode_into(&mut url, text);
    }

    let body = prepare_body(op, input.body)?;
    Ok(Prepared { method: op.method, url, headers, body })
}

fn unknown_key_problem(op: &'static Operation, key: &str) -> String {
    let mut known: Vec<&str> = op.params.iter().map(|p| p.name).collect();
    if op.body.is_some() {
        known.push(BODY_KEY);
    }
    if known.is_empty() {
        "is not a parameter of this operation, which takes none".to_owned()
    } else {
        let hint = crate::suggest::did_you_mean(key, known.iter().copied());
        format!(
            "is not a parameter of this operation (it takes: {}){hint}",
            crate::text::join(&known, ", ")
        )
    }
}

fn fill_path<H>(
    op: &'static Operation,
    url: &mut String,
    given: &[(&'static Param, Value<H>)],
) -> Result<(), Error> {
    for piece in template_pieces(op.path) {
        let name = match piece {
            TemplatePiece::Literal(text) => {
                url.push_str(text);
                continue;
            }
            TemplatePiece::Param(name) => name,
        };
        let (param, value) = given
            .iter()
            .find(|(p, _)| p.name == name && p.location == Location::Path)
            .ok_or_else(|| Error::argument(op, name, "is required (path parameter)"))?;
        let text = scalar_text(op, param, value)?;
        // `.` and `..` would be resolved away by the URL parser even when encoded,
        // and an empty segment would merge two; all three change the path's shape.
        if text.is_empty() || text == "." || text == ".." {
            return Err(Error::argument(
                op,
                name,
                format!("must not be {}: it would change the request's path", quoted(&text)),
            ));
        }
        percent_encode_into(url, &text);
    }
    Ok(())
}

/// The text form of a path, query or header value, after checking its type.
fn scalar_text<H>(
    op: &'static Operation,
    param: &Param,
    value: &Value<H>,
) -> Result<String, Error> {
    let wrong = || {
        Error::argument(
            op,
            param.name,
            format!("must be {}, got {}", expected(param.ty), value.type_name()),
        )
    };
    let text = match (param.ty, value) {
        (ValueType::String, Value::Text(s)) => s.clone(),
        (ValueType::Integer, Value::Number(n)) => integer_text(*n).ok_or_else(wrong)?,
        (ValueType::Number, Value::Number(n)) if n.is_finite() => number_text(*n),
        (ValueType::Boolean, Value::Bool(b)) => b.to_string(),
        (ValueType::Any, Value::Text(s)) => s.clone(),
        (ValueType::Any, Value::Number(n)) if n.is_finite() => number_text(*n),
        (ValueType::Any, Value::Bool(b)) => b.to_string(),
        _ => return Err(wrong()),
    };
    if !param.allowed.is_empty() && !param.allowed.contains(&text.as_str()) {
        return Err(Error::argument(
            op,
            param.name,
            format!("must be one of {}, got {}", quoted_list(param.allowed), quoted(&text)),
        ));
    }
    Ok(text)
}

fn expected(ty: ValueType) -> &'static str {
    match ty {
        ValueType::String => "a string",
        ValueType::Integer => "an integer (a safe-integer number)",
        ValueType::Number => "a finite number",
        ValueType::Boolean => "a boolean",
        ValueType::Binary => "a file (Blob, File or Uint8Array)",
        ValueType::Array => "an array",
        ValueType::Object => "an object",
        ValueType::Any => "a JSON value",
    }
}

fn quoted_list(values: &[&str]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&quoted(value));
    }
    out
}

fn prepare_body<H>(op: &'static Operation, input: BodyInput<H>) -> Result<PreparedBody<H>, Error> {
    let Some(body) = op.body else {
        return match input {
            BodyInput::None => Ok(PreparedBody::None),
            _ => Err(Error::argument(
                op,
                BODY_KEY,
                "is not accepted: this operation takes no request body",
            )),
        };
    };
    match input {
        BodyInput::None if body.required() => {
            Err(Error::argument(op, BODY_KEY, format!("is required ({})", body_shape(&body))))
        }
        BodyInput::None => Ok(PreparedBody::None),
        BodyInput::Text(text) if body.xanoscript => Ok(PreparedBody::XanoScript(text)),
        BodyInput::Text(text) if body.json_string => {
            Ok(PreparedBody::JsonText(crate::json::quote(&text)))
        }
        BodyInput::Text(_) => {
            Err(Error::argument(op, BODY_KEY, format!("must be {}, got string", body_shape(&body))))
        }
        BodyInput::Other(type_name) => Err(Error::argument(
            op,
            BODY_KEY,
            format!("must be {}, got {type_name}", body_shape(&body)),
        )),
        BodyInput::Object { .. } if !body.takes_object() => {
            Err(Error::argument(op, BODY_KEY, format!("must be {}, got object", body_shape(&body))))
        }
        BodyInput::Object { whole, fields } => object_body(op, &body, whole, fields),
    }
}

fn body_shape(body: &Body) -> &'static str {
    match (body.takes_object(), body.xanoscript, body.json_string) {
        (true, true, _) => "an object or a XanoScript string",
        (true, false, true) => "an object or a string",
        (true, false, false) => "an object",
        (false, true, _) => "a XanoScript string",
        (false, false, _) => "a string (sent as JSON)",
    }
}

fn object_body<H>(
    op: &'static Operation,
    body: &Body,
    whole: H,
    fields: Vec<(String, Value<H>)>,
) -> Result<PreparedBody<H>, Error> {
    for declared in body.object.iter().filter(|f| f.required) {
        let present =
            fields.iter().any(|(name, v)| name == declared.name && !matches!(v, Value::Missing));
        if !present {
            return Err(Error::argument(
                op,
                format!("body.{}", declared.name),
                format!("is required ({})", declared.ty.as_str()),
            ));
        }
    }
    let mut has_file = false;
    for (name, value) in &fields {
        // What no encoding can carry (a bigint, a function, a Map), listed or not.
        if let Value::Unsupported(type_name) = value {
            return Err(Error::argument(
                op,
                format!("body.{name}"),
                format!("cannot be sent: got {type_name}"),
            ));
        }
        // Fields the spec does not list are passed through: Xano's body schemas are
        // often partial, and the server, not the spec, is the judge of extra inputs.
        if let Some(declared) = body.object.iter().find(|f| f.name == name) {
            if !body_value_fits(declared.ty, value) {
                return Err(Error::argument(
                    op,
                    format!("body.{name}"),
                    format!("must be {}, got {}", expected(declared.ty), value.type_name()),
                ));
            }
            if let Value::Text(text) = value {
                if !declared.allowed.is_empty() && !declared.allowed.contains(&text.as_str()) {
                    return Err(Error::argument(
                        op,
                        format!("body.{name}"),
                        format!(
                            "must be one of {}, got {}",
                            quoted_list(declared.allowed),
                            quoted(text)
                        ),
                    ));
                }
            }
        }
        has_file |= matches!(value, Value::File(_));
    }
    if has_file && !body.multipart {
        return Err(Error::argument(
            op,
            BODY_KEY,
            "holds a file, but this operation takes no multipart/form-data body",
        ));
    }
    if body.json && !has_file {
        return Ok(PreparedBody::Json(whole));
    }
    let mut parts = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let part = match value {
            // Multipart cannot say "null" or "absent": such fields are left out, which
            // a required one cannot be.
            Value::Null if body.object.iter().any(|f| f.required && f.name == name) => {
                return Err(Error::argument(
                    op,
                    format!("body.{name}"),
                    "is required, and a multipart form (this body holds a file) cannot send null",
                ));
            }
            Value::Missing | Value::Null => continue,
            Value::Bool(b) => Part::Text(b.to_string()),
            Value::Number(n) if n.is_finite() => Part::Text(number_text(n)),
            // JSON would say `null`; a form field would say "NaN" or "Infinity".
            Value::Number(_) => {
                return Err(Error::argument(
                    op,
                    format!("body.{name}"),
                    "must be a finite number (NaN and Infinity have no form field)",
                ));
            }
            Value::Text(s) => Part::Text(s),
            Value::File(h) => Part::File(h),
            Value::Array(h) | Value::Object(h) => Part::Json(h),
            Value::Unsupported(_) => continue, // refused above
        };
        parts.push((name, part));
    }
    Ok(PreparedBody::Multipart(parts))
}

fn body_value_fits<H>(ty: ValueType, value: &Value<H>) -> bool {
    match (ty, value) {
        (_, Value::Missing | Value::Null) => true,
        (_, Value::Unsupported(_)) => false,
        (ValueType::Any, _) => true,
        (ValueType::String, Value::Text(_)) => true,
        (ValueType::Integer, Value::Number(n)) => integer_text(*n).is_some(),
        (ValueType::Number, Value::Number(n)) => n.is_finite(),
        (ValueType::Boolean, Value::Bool(_)) => true,
        (ValueType::Binary, Value::File(_)) => true,
        (ValueType::Array, Value::Array(_)) => true,
        (ValueType::Object, Value::Object(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
