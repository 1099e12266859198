//! Runtime errors as JS errors.
//!
//! Each is an instance of one of the classes in `pkg/js/errors.js` (`XanoApiError`,
//! `XanoScopeError`, … all extending `XanoError`, which extends `Error`), which the
//! package's entry registers at start-up, so `instanceof` works; without them (the
//! wasm used directly, as in wasm-bindgen-test) a plain `Error` with the same
//! `name` and properties. Every one carries `operation`, and `attempts` once a
//! request was tried; none holds the token: the runtime's errors are built
//! without it.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use xano_meta_runtime::Error;

thread_local! {
    /// The error classes by name, registered by the package's entry.
    static CLASSES: RefCell<Option<Object>> = const { RefCell::new(None) };
}

/// Called once by the package's entry with `{ XanoError, XanoApiError, … }`.
#[wasm_bindgen(js_name = __registerErrorClasses, skip_typescript)]
pub fn register_error_classes(classes: Object) {
    CLASSES.with(|c| *c.borrow_mut() = Some(classes));
}

/// The error for a client or page iterator used after `free()` (or after its `using`
/// block ended): the package's JS asks for it before wasm-bindgen's glue would pass
/// the freed object's null pointer into the wasm, which throws a bare "null pointer
/// passed to rust".
#[wasm_bindgen(js_name = __freedError, skip_typescript)]
pub fn freed_error(class: &str) -> JsValue {
    to_js(Error::Config(format!(
        "this {class} was freed (by free(), or at the end of its `using` block) and cannot \
         be used again: create a new one"
    )))
}

/// The JS class name of `error`.
fn class_name(error: &Error) -> String {
    match error {
        Error::Api(api) if api.status == 429 => "XanoRateLimitError".to_owned(),
        other => format!("Xano{}", other.kind()),
    }
}

/// A new error object of class `name`, with the standard `cause` when there is one
/// (passed as the constructor's `{ cause }` option, as `new Error(m, { cause })` does).
fn construct(name: &str, message: &str, cause: Option<&JsValue>) -> JsValue {
    let args = Array::of1(&JsValue::from_str(message));
    if let Some(cause) = cause {
        let options = Object::new();
        let _ = Reflect::set(&options, &JsValue::from_str("cause"), cause);
        args.push(&options);
    }
    let class = CLASSES.with(|c| {
        c.borrow().as_ref().and_then(|classes| Reflect::get(classes, &JsValue::from_str(name)).ok())
    });
    let class = class.and_then(|c| c.dyn_into::<Function>().ok());
    let global_error = || Reflect::get(&js_sys::global(), &JsValue::from_str("Error")).ok();
    for class in
        [class, global_error().and_then(|c| c.dyn_into::<Function>().ok())].into_iter().flatten()
    {
        if let Ok(instance) = Reflect::construct(&class, &args) {
            return instance;
        }
    }
    js_sys::Error::new(message).into()
}

/// The JS error for `error`, raised before any request was tried.
pub fn to_js(error: Error) -> JsValue {
    build(error, None, None)
}

/// The JS error for `error` after `attempts` attempts.
pub fn to_js_after(error: Error, attempts: u32) -> JsValue {
    build(error, Some(attempts), None)
}

/// The JS error for `error` after `attempts` attempts, caused by `cause` (what
/// `fetch` threw, the abort signal's reason).
pub fn to_js_caused(error: Error, attempts: u32, cause: Option<JsValue>) -> JsValue {
    build(error, Some(attempts), cause.as_ref())
}

fn build(error: Error, attempts: Option<u32>, cause: Option<&JsValue>) -> JsValue {
    let name = class_name(&error);
    let js = construct(&name, &error.to_string(), cause);
    let object: &Object = js.unchecked_ref();
    let set = |key: &str, value: JsValue| crate::js_input::set(object, key, value);
    set("name", JsValue::from_str(&name));
    let op = error.operation();
    set("operation", op.map_or(JsValue::NULL, |op| JsValue::from_str(op.js_name)));
    set("method", op.map_or(JsValue::NULL, |op| JsValue::from_str(op.method.as_str())));
    set("path", op.map_or(JsValue::NULL, |op| JsValue::from_str(op.path)));
    set("attempts", JsValue::from(attempts.unwrap_or(0)));
    match &error {
        Error::Api(api) => {
            set("status", JsValue::from(api.status));
            set("code", api.code.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set("xanoMessage", JsValue::from_str(&api.message));
            set("retryAfter", api.retry_after.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            if let Some(payload) = &api.payload {
                if let Ok(parsed) = js_sys::JSON::parse(payload) {
                    set("payload", parsed);
                }
            }
        }
        Error::Argument(arg) => set("field", JsValue::from_str(&arg.field)),
        Error::BadInput { field, .. } => set("field", JsValue::from_str(field)),
        Error::UnknownOperation { suggestion, .. } => {
            set("field", JsValue::from_str("operation"));
            set("suggestion", suggestion.map_or(JsValue::NULL, JsValue::from_str));
        }
        Error::Network { host, .. } => set("host", JsValue::from_str(host)),
        Error::TooManyPages { max_pages, .. } => set("maxPages", JsValue::from(*max_pages)),
        Error::Scope { decision, .. } => {
            let r = &decision.requirement;
            set("scope", r.key.map_or(JsValue::NULL, JsValue::from));
            set("scopeName", r.name.map_or(JsValue::NULL, JsValue::from));
            set("permission", r.permission.map_or(JsValue::NULL, |p| JsValue::from(p.as_str())));
            set("source", JsValue::from(r.source.as_str()));
            set("held", crate::scopes::held_value(decision));
            set("expired", JsValue::from(decision.expired));
            set("notYetValid", JsValue::from(decision.not_yet_valid));
            set("reason", JsValue::from_str(&decision.reason()));
        }
        Error::Timeout { after_ms, .. } => set("timeoutMs", JsValue::from(*after_ms)),
        _ => {}
    }
    js
}
