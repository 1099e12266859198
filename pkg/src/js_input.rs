//! JS arguments into the runtime's [`CallInput`]: classifying values only; every
//! check of them happens in the runtime's request builder.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::input::{BodyInput, CallInput, Value};
use xano_meta_runtime::request::BODY_KEY;
use xano_meta_runtime::text;
use xano_meta_runtime::Error;

/// Reads the params object of a call (`undefined` and `null` count as `{}`).
pub fn call_input(op: &'static Operation, params: &JsValue) -> Result<CallInput<JsValue>, Error> {
    let mut input = CallInput::default();
    if params.is_undefined() || params.is_null() {
        return Ok(input);
    }
    if let Some(problem) = not_params(params) {
        return Err(Error::Argument(xano_meta_runtime::error::ArgumentError {
            operation: op,
            field: "params".to_owned(),
            problem,
        }));
    }
    for (key, value) in entries(params) {
        if key == BODY_KEY {
            input.body = body_input(value);
        } else {
            input.params.push((key, classify(&value)));
        }
    }
    Ok(input)
}

/// The text of an argument that must be a string (the token, an operation's name):
/// wasm-bindgen's own check of a `&str` parameter threw a bare `TypeError` about
/// `length` for `process.env.XANO_TOKEN` unset.
pub fn text_argument(value: &JsValue, field: &str, what: &str) -> Result<String, Error> {
    value.as_string().ok_or_else(|| Error::BadInput {
        field: field.to_owned(),
        problem: format!("must be {what} (a string), got {}", classify(value).type_name()),
    })
}

/// What is wrong with `params` as an object of a call's parameters, if anything.
pub fn not_params(params: &JsValue) -> Option<String> {
    (!is_plain_object(params))
        .then(|| format!("must be an object of parameters, got {}", classify(params).type_name()))
}

fn body_input(value: JsValue) -> BodyInput<JsValue> {
    if value.is_undefined() {
        return BodyInput::None;
    }
    if let Some(text) = value.as_string() {
        return BodyInput::Text(text);
    }
    if is_plain_object(&value) {
        let fields = entries(&value).into_iter().map(|(k, v)| (k, classify(&v))).collect();
        return BodyInput::Object { whole: value, fields };
    }
    BodyInput::Other(classify(&value).type_name())
}

/// What JSON wrote as `{}` (a file, a `Map`, a `Set`, `FormData`) or as an object of
/// indices (bytes) inside `value`, whose JSON text is `json`: looked for only when the
/// text shows such a mark, so a body without one pays a search of its text, not a walk
/// of its values (which took 7× the `JSON.stringify` of a 10,000-row body).
pub fn lost_in_json(value: &JsValue, json: &str) -> Option<&'static str> {
    marked(json).then(|| lost_inside(value, 0)).flatten()
}

/// [`lost_in_json`] for a whole JSON body, naming the top-level field (`body.<key>`)
/// that holds what was lost.
pub fn lost_in_body(body: &JsValue, json: &str) -> Option<(String, &'static str)> {
    if !marked(json) {
        return None;
    }
    entries(body)
        .into_iter()
        .find_map(|(key, value)| Some((format!("body.{key}"), lost_inside(&value, 0)?)))
}

/// Whether JSON text holds `{}` or `{"0":`, the marks of what [`lost_inside`] finds.
fn marked(json: &str) -> bool {
    text::find(json, "{}").is_some() || text::find(json, "{\"0\":").is_some()
}

/// How deep [`lost_inside`] looks: Xano's bodies nest a few levels; what lies deeper,
/// or a cycle (which `JSON.stringify` refuses itself), is left to the encoder.
const NESTED_DEPTH: usize = 32;

/// What JSON would lose inside `value`, said as what its field holds.
fn lost_inside(value: &JsValue, depth: usize) -> Option<&'static str> {
    if depth > NESTED_DEPTH || !value.is_object() {
        return None;
    }
    // `classify`'s reading of an object, whose checks the package has already.
    let children: Array = match classify(value) {
        Value::Array(array) => array.unchecked_into(),
        Value::File(_) => {
            return Some(
                "a file or bytes inside it, which JSON would write as {} (a file goes in a \
                 top-level field of the body, which is then sent as multipart)",
            )
        }
        Value::Unsupported(_) => {
            return Some("a Map, Set or FormData inside it, which JSON would write as {}")
        }
        // A Date, or an object that says how it is written.
        _ if Reflect::has(value, &JsValue::from_str("toJSON")).unwrap_or(false) => return None,
        _ => Object::values(value.unchecked_ref()),
    };
    children.iter().find_map(|child| lost_inside(&child, depth + 1))
}

/// The object's own enumerable string keys with their values, in order.
pub fn entries(object: &JsValue) -> Vec<(String, JsValue)> {
    let object: &Object = object.unchecked_ref();
    Object::entries(object)
        .iter()
        .filter_map(|pair| {
            let pair: Array = pair.unchecked_into();
            Some((pair.get(0).as_string()?, pair.get(1)))
        })
        .collect()
}

/// A plain object: not an array, file, function or other special object.
pub(crate) fn is_plain_object(value: &JsValue) -> bool {
    matches!(classify(value), Value::Object(_))
}

/// Classifies one JS value.
pub fn classify(value: &JsValue) -> Value<JsValue> {
    if value.is_undefined() {
        return Value::Missing;
    }
    if value.is_null() {
        return Value::Null;
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = value.as_string() {
        return Value::Text(s);
    }
    if value.is_bigint() {
        return Value::Unsupported("bigint");
    }
    if value.is_function() {
        return Value::Unsupported("function");
    }
    if value.is_symbol() {
        return Value::Unsupported("symbol");
    }
    if Array::is_array(value) {
        return Value::Array(value.clone());
    }
    // `JSON.stringify` writes both as `{}`: their entries would be lost, and a `Map`
    // body read as an object of no fields was reported as missing its fields.
    if value.is_instance_of::<js_sys::Map>() {
        return Value::Unsupported("Map");
    }
    if value.is_instance_of::<js_sys::Set>() {
        return Value::Unsupported("Set");
    }
    if value.is_instance_of::<web_sys::Blob>()
        || value.is_instance_of::<Uint8Array>()
        || value.is_instance_of::<js_sys::ArrayBuffer>()
    {
        return Value::File(value.clone());
    }
    if value.is_instance_of::<web_sys::FormData>() {
        return Value::Unsupported("FormData (pass a plain object; files in it become multipart)");
    }
    Value::Object(value.clone())
}

/// `object[key]`, or `undefined` (a client's options, by name; a page's `nextPage`; a
/// walk's `page`).
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `object`'s own property `key` to `value` (building the plain objects handed to JS).
/// Not inlined: a hundred call sites each set a key, and inlined they each held the
/// key's conversion and the property write.
#[inline(never)]
pub fn set(object: &Object, key: &str, value: JsValue) {
    let name = JsValue::from_str(key);
    if key == "__proto__" {
        // Assigned, this key would replace the object's prototype (a token's scope
        // map takes its keys from the token): defined, it is an own property as any
        // other key.
        let descriptor = Object::new();
        for flag in ["writable", "enumerable", "configurable"] {
            let _ = Reflect::set(&descriptor, &JsValue::from_str(flag), &JsValue::TRUE);
        }
        let _ = Reflect::set(&descriptor, &JsValue::from_str("value"), &value);
        let _ = Reflect::define_property(object, &name, &descriptor);
    } else {
        let _ = Reflect::set(object, &name, &value);
    }
}
