//! The JS client classes and the one call path every generated method takes.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::request::{prepare, Part, PreparedBody};
use xano_meta_runtime::transport::{self, WireBody};
use xano_meta_runtime::scope::{self, TokenClaims};
use xano_meta_runtime::url::BaseUrl;
use xano_meta_runtime::{Error, Token};

use crate::js_error::to_js;
use crate::js_input::{self, call_input};
use crate::scopes::{before_call, ScopeCheck};

#[wasm_bindgen(typescript_custom_section)]
const SHARED_TYPES: &'static str = r#"
/** Any JSON value: what the spec leaves untyped. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A file to upload: a `File` keeps its name; a `Blob` or bytes are sent as "file". */
export type FileInput = Blob | Uint8Array | ArrayBuffer;

/** Options of `new XanoClient(…)`. */
export interface XanoClientOptions {
  /** The instance's Metadata API URL, e.g. `https://x8ki-letl-twmt.n7.xano.io/api:meta`. */
  baseUrl: string;
  /** A Metadata API access token of that instance. */
  token: string;
  /**
   * What to do before a call the token cannot make (decoded from the token; see
   * `checkAccess`). By default a call the spec says the token lacks a permission
   * for, or any call with an expired token, is refused with a `XanoScopeError`,
   * and one only inferred to lack it is sent with a `console.warn`.
   * "enforce" refuses both; "warn" sends both with a warning; "off" checks nothing.
   */
  scopeCheck?: "enforce" | "warn" | "off";
}

/** Options of `new XanoAccountClient(…)`. */
export interface XanoAccountClientOptions {
  /** Defaults to `https://app.xano.com/api:meta`. */
  baseUrl?: string;
  /** The account's Personal Access Token. */
  token: string;
  /**
   * Must be `true` to use a Personal Access Token in a browser, worker or
   * extension: anyone who can read the page's code can then use the whole account.
   */
  allowBrowserPat?: boolean;
}
"#;

/// The account API's base URL (Xano's documentation).
const ACCOUNT_BASE_URL: &str = "https://app.xano.com/api:meta";

/// What every call needs: where to send it, the token, and what it allows.
#[derive(Debug, Clone)]
struct Connection {
    base: BaseUrl,
    token: Rc<Token>,
    /// The token's claims, when it is a readable JWT (opaque tokens are not checked).
    claims: Option<Rc<TokenClaims>>,
    scope_check: ScopeCheck,
}

impl Connection {
    /// Reads `{ baseUrl, token, ... }`; `extra` names the class's own options.
    fn from_options(class: &str, options: &JsValue, default_base: Option<&str>, extra: &[&str]) -> Result<Connection, JsValue> {
        let config = |message: String| to_js(Error::Config(format!("{class}: {message}")));
        if !options.is_object() {
            return Err(config("expects an options object { baseUrl, token }".to_owned()));
        }
        let known: Vec<&str> = ["baseUrl", "token", "scopeCheck"].into_iter().chain(extra.iter().copied()).collect();
        for key in js_input::keys(options) {
            if !known.contains(&key.as_str()) {
                return Err(config(format!("unknown option `{key}` (known: {})", known.join(", "))));
            }
        }
        let base = match (js_input::get(options, "baseUrl").as_string(), default_base) {
            (Some(url), _) => url,
            (None, Some(default)) => default.to_owned(),
            (None, None) => return Err(config("option `baseUrl` is required (a string)".to_owned())),
        };
        let token = js_input::get(options, "token").as_string().ok_or_else(|| config("option `token` is required (a string)".to_owned()))?;
        let base = BaseUrl::parse(&base).map_err(|e| config(e.to_string()))?;
        let token = Token::new(token).map_err(|e| config(e.to_string()))?;
        let scope_check = ScopeCheck::parse(&js_input::get(options, "scopeCheck")).map_err(config)?;
        let claims = scope::decode_token(token.expose()).ok().map(Rc::new);
        Ok(Connection { base, token: Rc::new(token), claims, scope_check })
    }

    /// Checks the arguments and the token's scopes, sends the request and resolves
    /// to the parsed JSON. A refused call rejects before anything is sent.
    fn call(&self, op: &'static Operation, params: JsValue) -> Promise {
        let prepared = call_input(op, &params)
            .and_then(|input| prepare(op, &self.base, input))
            .and_then(|prepared| before_call(self.scope_check, self.claims.as_deref(), op).map(|()| prepared));
        let token = Rc::clone(&self.token);
        wasm_bindgen_futures::future_to_promise(async move {
            let prepared = prepared.map_err(to_js)?;
            let body = wire_body(op, prepared.body).map_err(to_js)?;
            let response = transport::send(op, &prepared.url, &prepared.headers, &token, body).await.map_err(to_js)?;
            transport::read_json(op, response).await.map_err(to_js)
        })
    }
}

/// Whether this is a browser, a worker or an extension (not Node): where code is
/// readable by whoever runs it.
fn in_browser() -> bool {
    let global = js_sys::global();
    ["document", "WorkerGlobalScope"].iter().any(|name| js_sys::Reflect::has(&global, &JsValue::from_str(name)).unwrap_or(false))
}

fn wire_body(op: &'static Operation, body: PreparedBody<JsValue>) -> Result<WireBody, Error> {
    let failed = |field: &str, e: JsValue| {
        Error::Argument(xano_meta_runtime::error::ArgumentError {
            operation: op.js_name,
            field: field.to_owned(),
            problem: format!("could not be encoded: {}", transport::js_message(&e)),
        })
    };
    let json = |field: &str, value: &JsValue| -> Result<String, Error> {
        js_sys::JSON::stringify(value).map(String::from).map_err(|e| failed(field, e))
    };
    Ok(match body {
        PreparedBody::None => WireBody::None,
        PreparedBody::Json(value) => WireBody::Text { content_type: "application/json", text: json("body", &value)? },
        PreparedBody::XanoScript(text) => WireBody::Text { content_type: "text/x-xanoscript", text },
        PreparedBody::Multipart(parts) => {
            let form = web_sys::FormData::new().map_err(|e| failed("body", e))?;
            for (name, part) in parts {
                let field = format!("body.{name}");
                match part {
                    Part::Text(text) => form.append_with_str(&name, &text),
                    Part::Json(value) => form.append_with_str(&name, &json(&field, &value)?),
                    Part::File(file) => match file.dyn_into::<web_sys::Blob>() {
                        // A `File` carries its own name; FormData uses it.
                        Ok(blob) if blob.is_instance_of::<web_sys::File>() => form.append_with_blob(&name, &blob),
                        Ok(blob) => form.append_with_blob_and_filename(&name, &blob, "file"),
                        Err(bytes) => {
                            let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes)).map_err(|e| failed(&field, e))?;
                            form.append_with_blob_and_filename(&name, &blob, "file")
                        }
                    },
                }
                .map_err(|e| failed(&field, e))?;
            }
            WireBody::Form(form)
        }
    })
}

/// Client of one instance's Metadata API: one method per operation.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct XanoClient {
    connection: Connection,
}

#[wasm_bindgen]
impl XanoClient {
    /// `new XanoClient({ baseUrl, token })`. Throws a `XanoConfigError` for a bad
    /// base URL (not https, unless loopback) or an empty token.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "XanoClientOptions")] options: JsValue) -> Result<XanoClient, JsValue> {
        Ok(XanoClient { connection: Connection::from_options("XanoClient", &options, None, &[])? })
    }

    /// The base URL calls go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.connection.base.as_str().to_owned()
    }
}

impl XanoClient {
    /// The call path of every generated method.
    pub fn call(&self, op: &'static Operation, params: JsValue) -> Promise {
        self.connection.call(op, params)
    }
}

/// Client of the account ("master") Metadata API at `app.xano.com`, called with a
/// Personal Access Token.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct XanoAccountClient {
    connection: Connection,
}

#[wasm_bindgen]
impl XanoAccountClient {
    /// `new XanoAccountClient({ token, baseUrl?, allowBrowserPat? })`. In a browser,
    /// worker or extension it throws unless `allowBrowserPat: true`: a Personal
    /// Access Token in frontend code exposes the whole account.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "XanoAccountClientOptions")] options: JsValue) -> Result<XanoAccountClient, JsValue> {
        let connection = Connection::from_options("XanoAccountClient", &options, Some(ACCOUNT_BASE_URL), &["allowBrowserPat"])?;
        if in_browser() && js_input::get(&options, "allowBrowserPat") != JsValue::TRUE {
            return Err(to_js(Error::Config(
                "XanoAccountClient: a Personal Access Token gives access to the whole Xano account, and any code in a browser, \
                 worker or extension can be read by whoever runs it. Call the account API from a server instead, or pass \
                 `allowBrowserPat: true` if this page is yours alone."
                    .to_owned(),
            )));
        }
        Ok(XanoAccountClient { connection })
    }

    /// The base URL calls go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.connection.base.as_str().to_owned()
    }
}

impl XanoAccountClient {
    /// The call path of every generated method.
    pub fn call(&self, op: &'static Operation, params: JsValue) -> Promise {
        self.connection.call(op, params)
    }
}
