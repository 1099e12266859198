//! Runtime errors as JS `Error` objects.
//!
//! Each is a real `Error` (so it has a stack and `instanceof Error` holds) whose
//! `name` says the kind (`XanoApiError`, `XanoArgumentError`, …) and which carries
//! `operation`, and by kind `status`, `code`, `field`, `payload`. None holds the token:
//! the runtime's errors are built without it.

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use xano_meta_runtime::Error;

/// The JS error for `error`.
pub fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name(&format!("Xano{}", error.kind()));
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    if let Some(operation) = error.operation() {
        set("operation", JsValue::from_str(operation));
    }
    match &error {
        Error::Api(api) => {
            set("status", JsValue::from(api.status));
            set("code", api.code.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set("xanoMessage", JsValue::from_str(&api.message));
            if let Some(payload) = &api.payload {
                if let Ok(parsed) = js_sys::JSON::parse(&payload.to_string()) {
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
            let held: js_sys::Array = decision.held.map(|h| h.list()).unwrap_or_default().into_iter().map(|p| JsValue::from(p.as_str())).collect();
            set("held", held.into());
            set("expired", JsValue::from(decision.expired));
            set("reason", JsValue::from_str(&decision.reason));
        }
        _ => {}
    }
    js.into()
}
