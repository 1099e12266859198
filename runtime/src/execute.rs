//! One call from prepared request to successful response: the client-side rate
//! limiter, timeouts, cancellation, retries and redirects (wasm32 only). What to do
//! is decided by the plain-Rust [`retry`] and [`limiter`](crate::limiter); this
//! module only waits and sends.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::AbortSignal;

use crate::auth::Token;
use crate::descriptor::{Method, Operation};
use crate::limiter::{Limiter, Start, Ticket};
use crate::request::{Prepared, PreparedBody};
use crate::response::{api_error, is_success};
use crate::retry::{self, Failure, Next, Policy, Reason};
use crate::timer::{sleep, Aborted, AttemptSignal};
use crate::transport::{self, Outcome, Request, WireBody};
use crate::url::BaseUrl;
use crate::Error;

/// How many redirects are followed before giving up (browsers allow 20).
const MAX_REDIRECTS: u32 = 5;

/// Told about each retry before its wait.
pub type RetryHook = Rc<dyn Fn(&RetryEvent)>;

/// What a client holds across calls.
#[derive(Clone)]
pub struct Settings {
    /// The checked base URL; its origin is the only one the token is sent to.
    pub base: BaseUrl,
    /// The access token (never printed: `Debug` leaves it out).
    pub token: Rc<Token>,
    /// The client's retry limits; a call may override `max_attempts`.
    pub policy: Policy,
    /// The client-side rate limiter shared by the client's calls, if it has one.
    pub limiter: Option<Rc<SharedLimiter>>,
    /// Default per-attempt timeout; `None`: no timer at all.
    pub timeout_ms: Option<f64>,
    /// Called before each retry waits.
    pub on_retry: Option<RetryHook>,
    /// Follow redirects here rather than in `fetch`, so that the token never
    /// follows one to another origin. Browsers drop `Authorization` on
    /// cross-origin redirects themselves (Fetch standard), and give no access
    /// to a redirect's `Location` anyway, so this is for Node.
    pub manual_redirects: bool,
}

impl Settings {
    /// The defaults: [`Policy::default`], no limiter, no timeout, no hook; redirects
    /// followed here outside browsers.
    pub fn new(base: BaseUrl, token: Token) -> Settings {
        Settings {
            base,
            token: Rc::new(token),
            policy: Policy::default(),
            limiter: None,
            timeout_ms: None,
            on_retry: None,
            manual_redirects: !in_browser(),
        }
    }
}

/// Whether this is a browser, a worker or an extension (not Node, Deno, Bun or a
/// Cloudflare Worker): there `fetch` follows the Fetch standard on redirects, and
/// code is readable by whoever runs it.
pub fn in_browser() -> bool {
    use wasm_bindgen::JsValue;
    let global = js_sys::global();
    let has = |object: &JsValue, name: &str| {
        js_sys::Reflect::has(object, &JsValue::from_str(name)).unwrap_or(false)
    };
    // workerd has a `WorkerGlobalScope` too, but a Worker is server code (its secrets
    // stay on the server); it names itself in `navigator.userAgent`.
    let navigator = js_sys::Reflect::get(&global, &JsValue::from_str("navigator"))
        .unwrap_or(JsValue::UNDEFINED);
    let user_agent = if navigator.is_object() && has(&navigator, "userAgent") {
        js_sys::Reflect::get(&navigator, &JsValue::from_str("userAgent"))
            .ok()
            .and_then(|u| u.as_string())
    } else {
        None
    };
    if user_agent.as_deref() == Some("Cloudflare-Workers") {
        return false;
    }
    has(&global, "document") || has(&global, "WorkerGlobalScope")
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("base", &self.base)
            .field("policy", &self.policy)
            .field("timeout_ms", &self.timeout_ms)
            .finish_non_exhaustive()
    }
}

/// The limiter shared by a client's calls, with the wake-ups of calls waiting on it.
#[derive(Debug)]
pub struct SharedLimiter {
    limiter: RefCell<Limiter>,
    /// Resolvers of the waits in progress: any change may let one of them start.
    wakers: RefCell<Vec<js_sys::Function>>,
}

impl SharedLimiter {
    /// `limiter`, ready to be shared by the calls of one client.
    pub fn new(limiter: Limiter) -> Rc<SharedLimiter> {
        Rc::new(SharedLimiter { limiter: RefCell::new(limiter), wakers: RefCell::new(Vec::new()) })
    }

    fn wake_all(&self) {
        for waker in std::mem::take(&mut *self.wakers.borrow_mut()) {
            let _ = waker.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }

    /// Waits for this call's turn and a free slot, in the order calls asked.
    async fn acquire(&self, signal: Option<&AbortSignal>) -> Result<Ticket, Aborted> {
        let ticket = self.limiter.borrow_mut().join();
        loop {
            let now = now_ms();
            let start = self.limiter.borrow_mut().try_start(ticket, now);
            let wait_ms = match start {
                Start::Go => {
                    // The next in line may be able to start too.
                    self.wake_all();
                    return Ok(ticket);
                }
                Start::WaitUntil(at) => Some(at - now),
                Start::NotYourTurn | Start::WaitForFinish => None,
            };
            if self.wait_for_change(wait_ms, signal).await.is_err() {
                self.limiter.borrow_mut().leave(ticket);
                self.wake_all();
                return Err(Aborted);
            }
        }
    }

    /// The call of `ticket` has its answer.
    fn release(&self, ticket: Ticket) {
        self.limiter.borrow_mut().finish(ticket, now_ms());
        self.wake_all();
    }

    /// Resolves at the next wake-up or after `ms`; fails if `signal` aborts.
    async fn wait_for_change(
        &self,
        ms: Option<f64>,
        signal: Option<&AbortSignal>,
    ) -> Result<(), Aborted> {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(Aborted);
        }
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            self.wakers.borrow_mut().push(resolve.clone());
            if let Some(ms) = ms {
                crate::timer::resolve_after(&resolve, ms);
            }
            if let Some(signal) = signal {
                crate::timer::reject_on_abort(signal, reject);
            }
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(|_| Aborted)
    }
}

/// Per-call options.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// The caller's signal: aborting it ends the call, queued, waiting or in flight.
    pub signal: Option<AbortSignal>,
    /// Overrides the client's timeout for this call.
    pub timeout_ms: Option<f64>,
    /// Retry a POST or PATCH after server and network errors too.
    pub retry_unsafe: bool,
    /// Overrides the client's attempt limit for this call.
    pub max_attempts: Option<u32>,
    /// How the successful answer's body is given back.
    pub parse_as: crate::media::ParseAs,
    /// Told the bytes received so far as the answer's body arrives.
    pub on_progress: Option<crate::download::ProgressHook>,
}

impl CallOptions {
    /// The per-attempt timeout of a call with these options on a client with
    /// `settings`: the call's own, else the client's; `None`: no timer at all.
    pub fn attempt_timeout_ms(&self, settings: &Settings) -> Option<f64> {
        self.timeout_ms.or(settings.timeout_ms)
    }
}

/// What `on_retry` is told.
#[derive(Debug, Clone)]
pub struct RetryEvent {
    /// The JS name of the operation.
    pub operation: &'static str,
    /// The attempt that failed (1-based).
    pub attempt: u32,
    /// How long the wait before the next attempt is, in milliseconds.
    pub delay_ms: f64,
    /// Why the attempt is retried.
    pub reason: Reason,
    /// The failed attempt's HTTP status, when it got an answer.
    pub status: Option<u16>,
}

/// A failed call and how many attempts it took.
#[derive(Debug)]
pub struct Failed {
    /// Why the call failed: the last attempt's error.
    pub error: Error,
    /// The number of the attempt it ended on (1-based).
    pub attempts: u32,
    /// The JS value behind it, for the JS error's `cause`: what `fetch` threw, or the
    /// abort signal's `reason`.
    pub cause: Option<wasm_bindgen::JsValue>,
}

/// A successful response, with the timeout still running until it is dropped
/// (so that reading the body is covered too).
#[derive(Debug)]
pub struct Success {
    /// The 2xx response, its body unread.
    pub response: web_sys::Response,
    /// Where the client sent the request that was answered: the target of the last
    /// redirect it followed itself, else the request's URL. (Where `fetch` followed
    /// redirects, in browsers, the response's `url` says where the answer came from.)
    pub url: String,
    /// How many attempts it took (1 when the first succeeded).
    pub attempts: u32,
    /// The successful attempt's signal: its timeout and the caller's abort still
    /// apply while the body is read.
    pub signal: AttemptSignal,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends `prepared`, retrying as the policy says. `body` builds the wire body for
/// each attempt (multipart bodies are rebuilt, never reused).
pub async fn execute<H>(
    op: &'static Operation,
    settings: &Settings,
    options: &CallOptions,
    prepared: &Prepared<H>,
    body: &dyn Fn(&PreparedBody<H>) -> Result<WireBody, Error>,
) -> Result<Success, Failed> {
    let started = now_ms();
    let policy = Policy {
        max_attempts: options.max_attempts.unwrap_or(settings.policy.max_attempts).max(1),
        ..settings.policy
    };
    let caller = options.signal.as_ref();
    let timeout = options.attempt_timeout_ms(settings);
    let mut attempt = 0;
    // What the last network failure threw, for the error's `cause`.
    let mut last_cause = None;
    loop {
        attempt += 1;
        let fail = |error: Error| Failed { error, attempts: attempt, cause: None };
        let aborted = || Failed {
            error: Error::Aborted { operation: op },
            attempts: attempt,
            cause: caller.map(AbortSignal::reason),
        };
        if caller.is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let ticket = match &settings.limiter {
            Some(limiter) => match limiter.acquire(caller).await {
                Ok(ticket) => Some(ticket),
                Err(_) => return Err(aborted()),
            },
            None => None,
        };
        let signal = AttemptSignal::new(caller, timeout);
        let sent = send_following_redirects(op, settings, prepared, body, signal.signal()).await;
        if let (Some(limiter), Some(ticket)) = (&settings.limiter, ticket) {
            limiter.release(ticket);
        }
        let failure = match sent {
            Err(error) => return Err(fail(error)),
            Ok((Outcome::Response(response), url)) if is_success(response.status()) => {
                return Ok(Success { response, url, attempts: attempt, signal });
            }
            Ok((Outcome::Response(response), _)) => {
                let status = response.status();
                let retry_after = response.headers().get("retry-after").ok().flatten();
                let text = transport::read_text(&response).await.unwrap_or_default();
                (
                    Failure::Status { status, retry_after: retry_after.clone() },
                    api_error(op, status, &text, retry_after),
                )
            }
            Ok((Outcome::Failed(_), _)) if caller.is_some_and(AbortSignal::aborted) => {
                return Err(aborted());
            }
            Ok((Outcome::Failed(_), _)) if signal.timed_out() => {
                let after_ms = timeout.unwrap_or_default();
                (Failure::Timeout, Error::Timeout { operation: op, after_ms, answered: false })
            }
            Ok((Outcome::Failed(thrown), url)) => {
                // The host the failed request went to: after a redirect, its target.
                let host = crate::url::authority(&url).to_owned();
                let message = transport::describe_failure(&thrown);
                last_cause = Some(thrown);
                (Failure::Network, Error::Network { operation: op, host, message, answered: false })
            }
        };
        drop(signal);
        let (failure, error) = failure;
        let elapsed = now_ms() - started;
        match retry::next(
            &policy,
            op.method,
            options.retry_unsafe,
            attempt,
            &failure,
            elapsed,
            now_ms(),
            js_sys::Math::random(),
        ) {
            Next::GiveUp => {
                let cause = if matches!(error, Error::Network { .. }) { last_cause } else { None };
                return Err(Failed { error, attempts: attempt, cause });
            }
            Next::Retry { delay_ms, reason } => {
                if let Some(on_retry) = &settings.on_retry {
                    let status = match failure {
                        Failure::Status { status, .. } => Some(status),
                        _ => None,
                    };
                    on_retry(&RetryEvent {
                        operation: op.js_name,
                        attempt,
                        delay_ms,
                        reason,
                        status,
                    });
                }
                if sleep(delay_ms, caller).await.is_err() {
                    return Err(aborted());
                }
            }
        }
    }
}

/// One attempt, following redirects itself when `manual_redirects` is set: to the
/// same origin with the token, to another origin without it. Gives the outcome with
/// the URL of the last request sent.
async fn send_following_redirects<H>(
    op: &'static Operation,
    settings: &Settings,
    prepared: &Prepared<H>,
    body: &dyn Fn(&PreparedBody<H>) -> Result<WireBody, Error>,
    signal: Option<&AbortSignal>,
) -> Result<(Outcome, String), Error> {
    let mut url = prepared.url.clone();
    let mut method = prepared.method;
    let mut keep_body = true;
    for _ in 0..=MAX_REDIRECTS {
        let same_origin = same_origin(&url, settings.base.origin());
        let wire = if keep_body { body(&prepared.body)? } else { WireBody::None };
        let request = Request {
            method,
            url: &url,
            headers: &prepared.headers,
            token: same_origin.then_some(&*settings.token),
            body: wire,
            signal,
            manual_redirects: settings.manual_redirects,
        };
        let outcome = transport::send(request).await;
        let Outcome::Response(response) = &outcome else { return Ok((outcome, url)) };
        let status = response.status();
        // `Location` is read only from a redirect: a header read crosses the wasm
        // boundary, and every other answer would pay for it.
        if !(settings.manual_redirects && matches!(status, 301 | 302 | 303 | 307 | 308)) {
            return Ok((outcome, url));
        }
        let Some(location) = response.headers().get("location").ok().flatten() else {
            return Ok((outcome, url));
        };
        url = resolve(&url, &location);
        // As browsers do: 303, and 301/302 after a POST, continue as a GET without body.
        if status == 303 || (matches!(status, 301 | 302) && method == Method::Post) {
            method = Method::Get;
            keep_body = false;
        }
    }
    Err(Error::Network {
        operation: op,
        host: crate::url::authority(&url).to_owned(),
        message: format!("more than {MAX_REDIRECTS} redirects"),
        answered: true,
    })
}

/// Whether `url` is on `origin` (`scheme://host[:port]`).
fn same_origin(url: &str, origin: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// `location` resolved against `base`, with the host's own URL parser.
fn resolve(base: &str, location: &str) -> String {
    web_sys::Url::new_with_base(location, base)
        .map(|u| u.href())
        .unwrap_or_else(|_| location.to_owned())
}
