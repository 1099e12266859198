//! The JS client classes and the one call path every generated method takes.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::download::{Read, ReadError};
use xano_meta_runtime::error::Reached;
use xano_meta_runtime::execute::{
    in_browser, CallOptions, Exchange, RetryEvent, Settings, SharedLimiter, Success,
};
use xano_meta_runtime::limiter::Limiter;
use xano_meta_runtime::media::ParseAs;
use xano_meta_runtime::request::{prepare, Part, PreparedBody};
use xano_meta_runtime::scope::TokenClaims;
use xano_meta_runtime::step::{Settled, Step};
use xano_meta_runtime::timer::AttemptSignal;
use xano_meta_runtime::transport::{self, WireBody};
use xano_meta_runtime::url::BaseUrl;
use xano_meta_runtime::{Error, Token};

use crate::generated::{account, instance};
use crate::js_error::{to_js, to_js_after, to_js_caused};
use crate::js_input::{self, call_input};
use crate::options::{self, Kind, Problem, Spec, Values};
use crate::paging::CallPage;
use crate::scopes::{before_call, ScopeCheck};
use crate::task::Task;

#[wasm_bindgen(typescript_custom_section)]
const SHARED_TYPES: &'static str = r#"
/** Any JSON value: what the spec leaves untyped. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A file to upload: a `File` keeps its name; a `Blob` or bytes are sent as "file". */
export type FileInput = Blob | Uint8Array | ArrayBuffer;

/** What `onRetry` is told before the client waits to retry. */
export interface RetryEvent {
  operation: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  reason: "rate-limited" | "server-error" | "network" | "timeout";
  /** The HTTP status of the failed attempt, if it got one. */
  status: number | null;
}

/** Options shared by both clients. */
export interface ClientOptions {
  /** Abort an attempt after this long (ms). Default: no timeout, and no timer. */
  timeoutMs?: number;
  /** Retry limits. Default: 5 attempts in all, no retry starting after 120 s. */
  retry?: { attempts?: number; maxElapsedMs?: number };
  /** Queue calls so that at most `requests` start in any `perSeconds` (Xano's free plan: 10 per 20). */
  rateLimit?: { requests: number; perSeconds: number };
  /** Told about every retry before its wait, e.g. to show "waiting 12 s (rate limited)". */
  onRetry?: (event: RetryEvent) => void;
}

/** Options of `new XanoClient(…)`. */
export interface XanoClientOptions extends ClientOptions {
  /** The instance's Metadata API URL, e.g. `https://x8ki-letl-twmt.n7.xano.io/api:meta`. */
  baseUrl: string;
  /** A Metadata API access token of that instance. */
  token: string;
  /**
   * What to do before a call the token cannot make (decoded from the token; see
   * `checkAccess`). By default a call the spec says the token lacks a permission
   * for, or any call with an expired (`exp` or `expires_at`) or not-yet-valid (`nbf`)
   * token, OAuth access tokens included, is refused with a `XanoScopeError`,
   * and one only inferred to lack it is sent with a `console.warn`.
   * "enforce" refuses both; "warn" sends both with a warning; "off" checks nothing.
   */
  scopeCheck?: "enforce" | "warn" | "off";
}

/** Options of `new XanoAccountClient(…)`. */
export interface XanoAccountClientOptions extends ClientOptions {
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

/** The item type of a page response. */
export type PageItem<R> = R extends { items?: Array<infer T> | null } ? T : JsonValue;

/**
 * Options of `pages` and `iterate`: a call's options, and a backstop. Each page is read
 * as JSON (`nextPage` is in it), so `parseAs` takes only "auto" and "json".
 */
export interface PageOptions extends Omit<CallOptions, "parseAs"> {
  parseAs?: "auto" | "json";
  /** Stop with an error after this many pages if `nextPage` is still not null (default 1000). */
  maxPages?: number;
}

/**
 * The arguments of `pages` and `iterate` after the operation's name: its params, which
 * may be left out when none is required (as in the operation's own method), and options.
 */
export type PageArgs<P> = {} extends P
  ? [params?: P, options?: PageOptions]
  : [params: P, options?: PageOptions];

/** Options of one call (the second argument of every method). */
export interface CallOptions {
  /** Cancels the call, whether queued by the rate limiter, waiting to retry or in flight. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's attempt limit for this call (1: no retries). */
  attempts?: number;
  /**
   * Also retry this POST or PATCH after a 502/503/504, a network error or a
   * timeout, when the server may already have acted on it. Only for calls that
   * are safe to repeat. (429 is always retried: Xano refused it before acting.)
   */
  retryUnsafe?: boolean;
  /**
   * How the answer's body is given back. "auto" (the default) goes by the answer's
   * `Content-Type`, whatever the spec says: JSON is parsed, `text/*` (XanoScript
   * included) is a string, anything else (the workspace export's `.tar.gz`, files)
   * is a `Blob` with that media type, or a `File` named as `Content-Disposition`
   * says; a 204 or an empty body is `null`. "json", "text", "blob" and "arrayBuffer"
   * force that form. "stream" resolves to the body's `ReadableStream`, unread, so a
   * multi-hundred-MB export is never held in memory; "response" to the `Response`
   * itself. With "stream" and "response", `timeoutMs` covers the call until the
   * answer's headers, and the caller's `signal` still aborts the transfer.
   */
  parseAs?: ParseAs;
  /**
   * Told the body's bytes received so far, and the total when the answer announced
   * it, as a download arrives (for "stream", as the caller reads). Uploads are not
   * reported: `fetch` tells nothing about the bytes of a request body it sends.
   */
  onProgress?: (progress: XanoProgress) => void;
}

/**
 * What a call resolves to: the operation's response type, or the form its
 * `parseAs` option asks for. Options whose `parseAs` is not known when compiling (a
 * variable typed `CallOptions`) resolve to any of the forms it could ask for.
 */
export type Answer<O, R> = O extends { parseAs?: infer P } ? AnswerAs<P, R> : R;

/** The form `parseAs: P` gives an answer whose response type is `R` (`unknown`: none asked). */
export type AnswerAs<P, R> = P extends "stream" ? ReadableStream<Uint8Array>
  : P extends "response" ? Response
  : P extends "blob" ? Blob
  : P extends "arrayBuffer" ? ArrayBuffer
  : P extends "text" ? string
  : P extends "json" ? (R extends Blob | string ? JsonValue : R)
  : R;

/**
 * What a method's options `O` must also be: `CallOptions`, with every key it lacks
 * typed `never`, so a misspelt option fails to compile even beside valid ones
 * (TypeScript checks no excess property of an argument whose type is inferred).
 */
export type KnownCallOptions<O> = CallOptions & { [K in Exclude<keyof O, keyof CallOptions>]: never };

/**
 * `KnownCallOptions<O>`, kept out of inferring `O` (TypeScript 5.4's `NoInfer`, written
 * so older compilers read it): `O` is what the caller passed, so options in a variable
 * typed `CallOptions` widen the answer to every form `parseAs` could ask for, while
 * `CallOptions` still types callbacks such as `onProgress` written in place.
 */
export type NoInferOptions<O> = [KnownCallOptions<O>][O extends unknown ? 0 : never];

/** The forms `parseAs` can ask for. */
export type ParseAs = "auto" | "json" | "text" | "blob" | "arrayBuffer" | "stream" | "response";

/** What `onProgress` is told. */
export interface XanoProgress {
  /** Body bytes received so far. */
  loaded: number;
  /** The body's size as the answer announced it, or `null` when it did not (or it is compressed). */
  total: number | null;
}
"#;

/// What every call needs.
#[derive(Clone)]
pub(crate) struct Connection {
    /// Shared, not copied, by each call.
    settings: Rc<Settings>,
    /// The token's claims, when it is a readable JWT (opaque tokens are not checked).
    claims: Option<Rc<TokenClaims>>,
    scope_check: ScopeCheck,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("settings", &self.settings)
            .field("scope_check", &self.scope_check)
            .finish_non_exhaustive()
    }
}

/// The options of `new XanoClient(…)` and `new XanoAccountClient(…)`, in the order
/// [`Connection::from_options`] reads them; the last is the class's own.
const CLIENT_OPTIONS: [Spec; 7] = [
    Spec("baseUrl", Kind::Any),
    Spec("token", Kind::Any),
    Spec("timeoutMs", Kind::Positive),
    Spec("retry", Kind::Any),
    Spec("rateLimit", Kind::Any),
    Spec("onRetry", Kind::Function),
    Spec("scopeCheck", Kind::Word(ScopeCheck::NAMES)),
];
/// The options of `retry`.
const RETRY_OPTIONS: [Spec; 2] =
    [Spec("attempts", Kind::Count), Spec("maxElapsedMs", Kind::Positive)];
/// The options of `rateLimit`.
const RATE_OPTIONS: [Spec; 2] = [Spec("requests", Kind::Count), Spec("perSeconds", Kind::Positive)];

/// A client's `XanoConfigError`: `message` headed by the class's name.
fn config(class: &str, message: &str) -> JsValue {
    to_js(Error::Config(format!("{class}: {message}")))
}

impl Connection {
    /// Reads `{ baseUrl, token, ... }` and the class's own option: `scopeCheck` (the
    /// last of [`CLIENT_OPTIONS`]) when `own` is `None`, else `own`, whose value it gives
    /// back for the class to read (a class without `scopeCheck` checks as by default).
    pub(crate) fn from_options(
        class: &str,
        options: &JsValue,
        default_base: Option<&str>,
        own: Option<Spec>,
    ) -> Result<(Connection, JsValue), JsValue> {
        let refused = |problem: Problem| {
            let message = if problem.path.is_empty() {
                format!("the options {}", problem.problem)
            } else {
                format!("option `{}` {}", problem.path, problem.problem)
            };
            config(class, &message)
        };
        let mut specs = CLIENT_OPTIONS;
        let takes_scope_check = own.is_none();
        if let Some(own) = own {
            specs[specs.len() - 1] = own;
        }
        if options.is_undefined() {
            return Err(refused(Problem::new(String::new(), "are required: { baseUrl, token }")));
        }
        let [base, token, timeout_ms, retry, rate, on_retry, own] =
            options::read(options, &specs, "", Values::ByName).map_err(refused)?;
        let wrong = |name: &str, problem: String| refused(Problem::new(name.to_owned(), problem));

        // A default only in place of an absent `baseUrl`: any other value that is not a
        // string is a mistake, and defaulting it would send the token to another host.
        let base = match (base.as_string(), default_base) {
            (Some(url), _) => url,
            (None, Some(default)) if base.is_undefined() => default.to_owned(),
            (None, Some(default)) => {
                return Err(wrong(
                    "baseUrl",
                    format!("must be a string (or left out, for {default})"),
                ))
            }
            (None, None) => return Err(wrong("baseUrl", "is required (a string)".to_owned())),
        };
        let token =
            token.as_string().ok_or_else(|| wrong("token", "is required (a string)".to_owned()))?;
        let base = BaseUrl::parse(&base).map_err(|e| config(class, &e.to_string()))?;
        let token = Token::new(token).map_err(|e| config(class, &e.to_string()))?;
        let [attempts, max_elapsed_ms] =
            options::read(&retry, &RETRY_OPTIONS, "retry", Values::ByName).map_err(refused)?;
        let [requests, per_seconds] =
            options::read(&rate, &RATE_OPTIONS, "rateLimit", Values::ByName).map_err(refused)?;
        let scope_check =
            if takes_scope_check { ScopeCheck::parse(&own) } else { ScopeCheck::Default };
        let claims = crate::scopes::claims_to_check(class, scope_check, &token).map(Rc::new);

        let mut settings = Settings::new(base, token);
        settings.timeout_ms = options::number(&timeout_ms);
        if let Some(attempts) = options::count(&attempts) {
            settings.policy.max_attempts = attempts;
        }
        if let Some(ms) = options::number(&max_elapsed_ms) {
            settings.policy.max_elapsed_ms = ms;
        }
        if !rate.is_undefined() {
            let limiter = options::count(&requests)
                .zip(options::number(&per_seconds))
                .and_then(|(r, s)| Limiter::new(r, s))
                .ok_or_else(|| {
                    wrong("rateLimit", "must be { requests, perSeconds }, both positive".to_owned())
                })?;
            settings.limiter = Some(SharedLimiter::new(limiter));
        }
        if let Some(callback) = options::object::<Function>(&on_retry) {
            settings.on_retry = Some(Rc::new(move |event: &RetryEvent| {
                // A throwing hook must not break the call.
                let _ = callback.call1(&JsValue::UNDEFINED, &retry_event(event));
            }));
        }
        Ok((Connection { settings: Rc::new(settings), claims, scope_check }, own))
    }

    pub(crate) fn base_url(&self) -> String {
        self.settings.base.as_str().to_owned()
    }

    /// The call path, for an iterator that outlives this borrow.
    pub(crate) fn pager(&self) -> CallPage {
        let connection = self.clone();
        Rc::new(move |op, params, options| connection.call(op, params, options))
    }

    /// Checks the arguments and the token's scopes, and gives the call, ready to send
    /// the request (with the limiter, timeouts and retries) and read the answer. A
    /// refused call is an error here, before anything is sent.
    pub(crate) fn call(
        &self,
        op: &'static Operation,
        params: JsValue,
        options: JsValue,
    ) -> Result<Call, JsValue> {
        let options = call_options(op, &options).map_err(to_js)?;
        let input = call_input(op, &params).map_err(to_js)?;
        let prepared = prepare(op, &self.settings.base, input).map_err(to_js)?;
        before_call(self.scope_check, self.claims.as_deref(), op).map_err(to_js)?;
        let settings = Rc::clone(&self.settings);
        let exchange =
            Exchange::new(op, settings, options, prepared, |op, body| wire_body(op, body.clone()));
        Ok(Call { op, stage: Stage::Exchange(Box::new(exchange)) })
    }
}

/// One call after its checks: the exchange up to a 2xx answer, then the reading of
/// its body, each a runtime machine; their errors become the JS errors here.
#[derive(Debug)]
pub struct Call {
    op: &'static Operation,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    Exchange(Box<Exchange<JsValue>>),
    Read(Box<Reading>),
    Done,
}

/// The body of a successful answer being read, and what its errors need to say.
#[derive(Debug)]
struct Reading {
    read: Read,
    /// Where the client sent the request that was answered.
    url: String,
    attempts: u32,
    /// The attempt's signal: its timeout and the caller's abort cover the read.
    signal: AttemptSignal,
    timeout_ms: Option<f64>,
    caller: Option<web_sys::AbortSignal>,
}

impl Call {
    /// Goes on after the last wait, up to the next or the answer.
    pub(crate) fn resume(&mut self, mut settled: Settled) -> Step<Result<JsValue, JsValue>> {
        let op = self.op;
        loop {
            match &mut self.stage {
                Stage::Exchange(exchange) => match exchange.resume(settled) {
                    Step::Wait(promise) => return Step::Wait(promise),
                    Step::Done(Err(failed)) => {
                        self.stage = Stage::Done;
                        return Step::Done(Err(to_js_caused(
                            failed.error,
                            failed.attempts,
                            failed.cause,
                        )));
                    }
                    Step::Done(Ok(success)) => {
                        let options = exchange.options();
                        let Success { response, url, attempts, signal } = success;
                        let read =
                            Read::new(response, options.parse_as, options.on_progress.clone());
                        self.stage = Stage::Read(Box::new(Reading {
                            read,
                            url,
                            attempts,
                            signal,
                            timeout_ms: options.attempt_timeout_ms(exchange.settings()),
                            caller: options.signal.clone(),
                        }));
                        settled = Ok(JsValue::UNDEFINED);
                    }
                },
                Stage::Read(reading) => {
                    let result = match reading.read.resume(settled) {
                        Step::Wait(promise) => return Step::Wait(promise),
                        Step::Done(result) => result,
                    };
                    let result = result.map_err(|e| reading.failed(op, e));
                    if let Stage::Read(reading) = std::mem::replace(&mut self.stage, Stage::Done) {
                        if result.is_ok() && reading.read.hands_over_body() {
                            reading.signal.hand_over();
                        }
                    }
                    return Step::Done(result);
                }
                Stage::Done => {
                    return Step::Done(Err(to_js(Error::Config(
                        "a finished call was resumed".to_owned(),
                    ))))
                }
            }
        }
    }
}

impl Reading {
    /// The JS error of a body that could not be read.
    fn failed(&self, op: &'static Operation, error: ReadError) -> JsValue {
        // Where the answer came from, after the redirects `fetch` may have followed
        // (browsers), else where the client sent it.
        let host = || {
            let from = Some(self.read.response().url())
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| self.url.clone());
            xano_meta_runtime::url::authority(&from).to_owned()
        };
        let e = match error {
            ReadError::Transfer(e) => e,
            ReadError::Length(mismatch) => {
                let message = mismatch.to_string();
                let error = Error::Network {
                    operation: op,
                    host: host(),
                    message,
                    reached: Reached::Answered,
                };
                return to_js_after(error, self.attempts);
            }
            ReadError::NotJson(message) => {
                return to_js_after(Error::Decode { operation: op, message }, self.attempts)
            }
        };
        let (error, cause) = if self.signal.timed_out() {
            let after_ms = self.timeout_ms.unwrap_or_default();
            (Error::Timeout { operation: op, after_ms, answered: true }, e)
        } else if let Some(caller) = self.caller.as_ref().filter(|s| s.aborted()) {
            (Error::Aborted { operation: op }, caller.reason())
        } else {
            let message = transport::describe_failure(&e);
            (Error::Network { operation: op, host: host(), message, reached: Reached::Answered }, e)
        };
        to_js_caused(error, self.attempts, Some(cause))
    }
}

/// The options of one call (the second argument of every method), in the order
/// [`call_options`] reads them.
pub(crate) const CALL_OPTIONS: [Spec; 6] = [
    Spec("signal", Kind::Signal),
    Spec("timeoutMs", Kind::Positive),
    Spec("attempts", Kind::Count),
    Spec("retryUnsafe", Kind::Boolean),
    Spec("parseAs", Kind::Word(ParseAs::NAMES)),
    Spec("onProgress", Kind::Function),
];

/// An options object's problem as the `XanoArgumentError` of a call of `op`, whose
/// field is the option's path under `options`.
pub(crate) fn option_error(op: &'static Operation, problem: Problem) -> Error {
    Error::argument(op, options::path("options", &problem.path), problem.problem)
}

/// Reads a call's options (`undefined` and `null`: none).
fn call_options(op: &'static Operation, options: &JsValue) -> Result<CallOptions, Error> {
    let options = if options.is_null() { &JsValue::UNDEFINED } else { options };
    let [signal, timeout_ms, attempts, retry_unsafe, parse_as, on_progress] =
        options::read(options, &CALL_OPTIONS, "", Values::Own).map_err(|p| option_error(op, p))?;
    Ok(CallOptions {
        signal: options::object(&signal),
        timeout_ms: options::number(&timeout_ms),
        max_attempts: options::count(&attempts),
        retry_unsafe: retry_unsafe.as_bool().unwrap_or(false),
        parse_as: parse_as.as_string().as_deref().and_then(ParseAs::parse).unwrap_or_default(),
        on_progress: options::object(&on_progress),
    })
}

fn retry_event(event: &RetryEvent) -> JsValue {
    let object = js_sys::Object::new();
    let set = |key: &str, value: JsValue| js_input::set(&object, key, value);
    set("operation", event.operation.into());
    set("attempt", event.attempt.into());
    set("delayMs", event.delay_ms.round().into());
    set("reason", event.reason.as_str().into());
    set("status", event.status.map_or(JsValue::NULL, JsValue::from));
    object.into()
}

fn wire_body(op: &'static Operation, body: PreparedBody<JsValue>) -> Result<WireBody, Error> {
    let failed = |field: &str, e: JsValue| {
        Error::Argument(xano_meta_runtime::error::ArgumentError {
            operation: op,
            field: field.to_owned(),
            problem: format!("could not be encoded: {}", transport::js_message(&e)),
        })
    };
    let json = |field: &str, value: &JsValue| -> Result<String, Error> {
        js_sys::JSON::stringify(value).map(String::from).map_err(|e| failed(field, e))
    };
    // What JSON would have lost without a word (a file nested in an object, a Map).
    let lost = |field: String, what: &str| {
        Error::Argument(xano_meta_runtime::error::ArgumentError {
            operation: op,
            field,
            problem: format!("cannot be sent: got {what}"),
        })
    };
    Ok(match body {
        PreparedBody::None => WireBody::None,
        PreparedBody::Json(value) => {
            let text = json("body", &value)?;
            if let Some((field, what)) = js_input::lost_in_body(&value, &text) {
                return Err(lost(field, what));
            }
            WireBody::Text { content_type: xano_meta_runtime::media::JSON, text }
        }
        PreparedBody::XanoScript(text) => {
            WireBody::Text { content_type: xano_meta_runtime::media::XANOSCRIPT, text }
        }
        PreparedBody::JsonText(text) => {
            WireBody::Text { content_type: xano_meta_runtime::media::JSON, text }
        }
        PreparedBody::Multipart(parts) => {
            let form = web_sys::FormData::new().map_err(|e| failed("body", e))?;
            for (name, part) in parts {
                let field = format!("body.{name}");
                match part {
                    Part::Text(text) => form.append_with_str(&name, &text),
                    Part::Json(value) => {
                        let text = json(&field, &value)?;
                        if let Some(what) = js_input::lost_in_json(&value, &text) {
                            return Err(lost(field, what));
                        }
                        form.append_with_str(&name, &text)
                    }
                    Part::File(file) => match file.dyn_into::<web_sys::Blob>() {
                        // A `File` carries its own name; FormData uses it.
                        Ok(blob) if blob.is_instance_of::<web_sys::File>() => {
                            form.append_with_blob(&name, &blob)
                        }
                        Ok(blob) => form.append_with_blob_and_filename(&name, &blob, "file"),
                        Err(bytes) => {
                            let blob = web_sys::Blob::new_with_u8_array_sequence(
                                &js_sys::Array::of1(&bytes),
                            )
                            .map_err(|e| failed(&field, e))?;
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

/// The error of `__call` with an index outside the table (only a hand-made call can
/// do that: the installed methods take theirs from the table).
pub fn no_such_operation(index: u32) -> JsValue {
    to_js(Error::Config(format!("no operation has index {index}")))
}

/// A call (or its refusal) run to its end from Rust, as a promise.
pub fn into_promise<T: Into<Task>>(call: Result<T, JsValue>) -> Promise {
    match call {
        Ok(call) => call.into().into_promise(),
        Err(error) => Promise::reject(&error),
    }
}

/// Declares a JS client class over one operation table: the struct, its `call`
/// (the path of every generated method), `pages`, `iterate` and `baseUrl`; with a
/// name string and extra options, also its constructor. One definition for every
/// class, the hand-written ones below and those the generator declares for further
/// instance specs.
macro_rules! client_class {
    ($class:ident, $name:literal, $operations:path) => {
        $crate::client::client_class!($class, $operations);

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            #[doc = concat!("`new ", $name, "({ baseUrl, token, … })`. Throws a `XanoConfigError` for a bad base URL (not https, unless loopback), an empty token or an unknown option.")]
            #[wasm_bindgen(constructor)]
            pub fn new(
                #[wasm_bindgen(unchecked_param_type = "XanoClientOptions")] options: wasm_bindgen::JsValue,
            ) -> Result<$class, wasm_bindgen::JsValue> {
                let (connection, _) = $crate::client::Connection::from_options($name, &options, None, None)?;
                Ok($class { connection })
            }
        }
    };
    ($class:ident, $operations:path) => {
        #[doc = concat!("Client of a Metadata API: one method per operation (`", stringify!($class), "`).")]
        #[wasm_bindgen::prelude::wasm_bindgen]
        #[derive(Debug, Clone)]
        pub struct $class {
            connection: $crate::client::Connection,
        }

        impl $class {
            /// The call of `op` from Rust, as a promise of its answer.
            pub fn call(&self, op: &'static xano_meta_runtime::descriptor::Operation, params: wasm_bindgen::JsValue, options: wasm_bindgen::JsValue) -> js_sys::Promise {
                $crate::client::into_promise(self.connection.call(op, params, options))
            }

            /// The call of the operation at `index` in the class's descriptor table from
            /// Rust, as a promise of its answer (the path of every generated Rust method).
            pub fn call_index(&self, index: u32, params: wasm_bindgen::JsValue, options: wasm_bindgen::JsValue) -> js_sys::Promise {
                $crate::client::into_promise(self.task(index, params, options))
            }
        }

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            /// The one entry of every operation's JS method: `index` is the operation's
            /// place in the class's descriptor table, which `__methods()` lists by name
            /// for the package's entry to install the methods. Throws a refused call's
            /// error; else gives the task the method drives (`pkg/js/extend.js`).
            #[wasm_bindgen(js_name = __call, skip_typescript)]
            pub fn task(&self, index: u32, params: wasm_bindgen::JsValue, options: wasm_bindgen::JsValue) -> Result<$crate::task::Task, wasm_bindgen::JsValue> {
                match $operations.operation(index as usize) {
                    Some(op) => self.connection.call(op, params, options).map(Into::into),
                    None => Err($crate::client::no_such_operation(index)),
                }
            }

            /// The base URL calls go to.
            #[wasm_bindgen(getter, js_name = baseUrl)]
            pub fn base_url(&self) -> String {
                self.connection.base_url()
            }

            /// Every page of a paged operation (typed in the `.d.ts` by its `PagedOperations` map).
            #[wasm_bindgen(skip_typescript)]
            pub fn pages(&self, operation: wasm_bindgen::JsValue, params: wasm_bindgen::JsValue, options: wasm_bindgen::JsValue) -> Result<$crate::paging::PageIterator, wasm_bindgen::JsValue> {
                $crate::paging::PageIterator::new(self.connection.pager(), &$operations, &operation, params, options, false)
            }

            /// Every item of every page of a paged operation.
            #[wasm_bindgen(skip_typescript)]
            pub fn iterate(&self, operation: wasm_bindgen::JsValue, params: wasm_bindgen::JsValue, options: wasm_bindgen::JsValue) -> Result<$crate::paging::PageIterator, wasm_bindgen::JsValue> {
                $crate::paging::PageIterator::new(self.connection.pager(), &$operations, &operation, params, options, true)
            }
        }
    };
}
pub(crate) use client_class;

// Client of the first instance's Metadata API: one method per operation.
client_class!(XanoClient, "XanoClient", instance::operations::OPERATIONS);

// Client of the account ("master") Metadata API at `app.xano.com`, called with a
// Personal Access Token.
client_class!(XanoAccountClient, account::operations::OPERATIONS);

#[wasm_bindgen]
impl XanoAccountClient {
    /// `new XanoAccountClient({ token, baseUrl?, allowBrowserPat?, … })`. In a
    /// browser, worker or extension it throws unless `allowBrowserPat: true`: a
    /// Personal Access Token in frontend code exposes the whole account.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "XanoAccountClientOptions")] options: JsValue,
    ) -> Result<XanoAccountClient, JsValue> {
        let (connection, allow_pat) = Connection::from_options(
            "XanoAccountClient",
            &options,
            Some(xano_meta_runtime::descriptor::ACCOUNT_BASE_URL),
            Some(Spec("allowBrowserPat", Kind::Boolean)),
        )?;
        if in_browser() && allow_pat != JsValue::TRUE {
            return Err(config(
                "XanoAccountClient",
                "a Personal Access Token gives access to the whole Xano account, and any code in a browser, \
                 worker or extension can be read by whoever runs it. Call the account API from a server instead, or pass \
                 `allowBrowserPat: true` if this page is yours alone.",
            ));
        }
        Ok(XanoAccountClient { connection })
    }
}
