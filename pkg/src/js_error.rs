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

/// The JS class name of `error`.
fn class_name(error: &Error) -> String {
    match error {
        Error::Api(api) if api.status == 429 => "XanoRateLimitError".to_owned(),
        other => format!("Xano{}", other.kind()),
    }
}

/// A new error object of class `name`.
fn construct(name: &str, message: &str) -> JsValue {
    let class = CLASSES.with(|c| {
        c.borrow().as_ref().and_then(|classes| Reflect::get(classes, &JsValue::from_str(name)).ok())
    });
    if let Some(class) = class.and_then(|c| c.dyn_into::<Function>().ok()) {
        if let Ok(instance) = Reflect::construct(&class, &Array::of1(&JsValue::from_str(message))) {
            return instance;
        }
    }
    let plain = js_sys::Error::new(message);
    plain.set_name(name);
    plain.into()
}

/// The JS error for `error`, raised before any request was tried.
pub fn to_js(error: Error) -> JsValue {
    build(error, None)
}

/// The JS error for `error` after `attempts` attempts.
pub fn to_js_after(error: Error, attempts: u32) -> JsValue {
    build(error, Some(attempts))
}

fn build(error: Error, attempts: Option<u32>) -> JsValue {
    let name = class_name(&error);
    let js = construct(&name, &error.to_string());
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("name", JsValue::from_str(&name));
    set("operation", error.operation().map_or(JsValue::NULL, JsValue::from));
    set("attempts", JsValue::from(attempts.unwrap_or(0)));
    match &error {
        Error::Api(api) => {
            set("status", JsValue::from(api.status));
            set("code", api.code.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set("xanoMessage", JsValue::from_str(&api.message));
            if let Some(payload) = &api.payload {
                if let Ok(parsed) = js_sys::JSON::parse(payload) {
                    set("payload", parsed);
                }
            }
        }
        Error::Argument(arg) => set("field", JsValue::from_str(&arg.field)),
        Error::Scope { decision, .. } => {
            let r = &decision.requirement;
            set("scope", r.key.map_or(JsValue::NULL, JsValue::from));
            set("scopeName", r.name.map_or(JsValue::NULL, JsValue::from));
            set("permission", r.permission.map_or(JsValue::NULL, |p| JsValue::from(p.as_str())));
            set("source", JsValue::from(r.source.as_str()));
            let held: Array = decision
                .held
                .map(|h| h.list())
                .unwrap_or_default()
                .into_iter()
                .map(|p| JsValue::from(p.as_str()))
                .collect();
            set("held", held.into());
            set("expired", JsValue::from(decision.expired));
            set("notYetValid", JsValue::from(decision.not_yet_valid));
            set("reason", JsValue::from_str(&decision.reason()));
        }
        Error::Timeout { after_ms, .. } => set("timeoutMs", JsValue::from(*after_ms)),
        _ => {}
    }
    js
}
