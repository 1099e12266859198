//! JS arguments into the runtime's [`CallInput`]: classifying values only; every
//! check of them happens in the runtime's request builder.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::input::{BodyInput, CallInput, Value};
use xano_meta_runtime::request::BODY_KEY;
use xano_meta_runtime::Error;

/// Reads the params object of a call (`undefined` and `null` count as `{}`).
pub fn call_input(op: &'static Operation, params: &JsValue) -> Result<CallInput<JsValue>, Error> {
    let mut input = CallInput::default();
    if params.is_undefined() || params.is_null() {
        return Ok(input);
    }
    if !is_plain_object(params) {
        let problem =
            format!("must be an object of parameters, got {}", classify(params).type_name());
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

/// `object[key]`, or `undefined` (used for option objects).
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `object[key] = value` (building the plain objects handed to JS).
pub fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

/// Keys of an options object, for refusing misspelled options.
pub fn keys(object: &JsValue) -> Vec<String> {
    entries(object).into_iter().map(|(k, _)| k).collect()
}
