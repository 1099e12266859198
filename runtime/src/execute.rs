//! One call from prepared request to successful response: the client-side rate
//! limiter, timeouts, cancellation, retries and redirects (wasm32 only). What to do
//! is decided by the plain-Rust [`retry`] and [`limiter`](crate::limiter); this
//! module sends, and gives back what to wait on ([`Exchange`], a [`step`](crate::step)
//! machine).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use crate::auth::Token;
use crate::descriptor::{Method, Operation};
use crate::error::Reached;
use crate::limiter::{Limiter, Start, Ticket};
use crate::request::{Prepared, PreparedBody};
use crate::response::{api_error, is_success};
use crate::retry::{self, Failure, Policy, Reason};
use crate::step::{Settled, Step};
use crate::timer::{sleep, wait, Aborted, AttemptSignal, Wait};
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

    /// Takes this call's place in the queue.
    fn join(&self) -> Ticket {
        self.limiter.borrow_mut().join()
    }

    /// Starts the call of `ticket` if it may start now; else the promise to wait on
    /// before asking again (see [`SharedLimiter::wait_for_change`]).
    fn try_start(
        &self,
        ticket: Ticket,
        signal: Option<&AbortSignal>,
    ) -> Result<(), (Promise, Option<Wait>)> {
        let now = now_ms();
        let start = self.limiter.borrow_mut().try_start(ticket, now);
        let wait_ms = match start {
            Start::Go => {
                // The next in line may be able to start too.
                self.wake_all();
                return Ok(());
            }
            Start::WaitUntil(at) => Some(at - now),
            Start::NotYourTurn | Start::WaitForFinish => None,
        };
        Err(self.wait_for_change(wait_ms, signal))
    }

    /// The call of `ticket` gave up its place (it was aborted while queued).
    fn leave(&self, ticket: Ticket) {
        self.limiter.borrow_mut().leave(ticket);
        self.wake_all();
    }

    /// The call of `ticket` has its answer.
    fn release(&self, ticket: Ticket) {
        self.limiter.borrow_mut().finish(ticket, now_ms());
        self.wake_all();
    }

    /// Resolves at the next wake-up or after `ms`; rejects if `signal` aborts.
    fn wait_for_change(
        &self,
        ms: Option<f64>,
        signal: Option<&AbortSignal>,
    ) -> (Promise, Option<Wait>) {
        match wait(ms, signal, |resolve| self.wakers.borrow_mut().push(resolve.clone())) {
            Ok((promise, wait)) => (promise, Some(wait)),
            Err(Aborted) => (Promise::reject(&JsValue::UNDEFINED), None),
        }
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

/// Builds the wire body of each attempt from the prepared one (multipart bodies are
/// rebuilt, never reused).
pub type BuildBody<H> = fn(&'static Operation, &PreparedBody<H>) -> Result<WireBody, Error>;

/// One call from prepared request to successful response, as a machine resumed after
/// each wait (see [`step`](crate::step)): queued by the limiter, sent, redirected,
/// retried after a wait, until a 2xx answer or a final error.
pub struct Exchange<H> {
    op: &'static Operation,
    settings: Rc<Settings>,
    options: CallOptions,
    prepared: Prepared<H>,
    body: BuildBody<H>,
    policy: Policy,
    /// When the first attempt started: the retry budget (`maxElapsedMs`) counts from
    /// there, not from the call, whose wait in the limiter's queue is not an attempt.
    started: Option<f64>,
    /// The attempt under way (1-based).
    attempt: u32,
    /// What the last network failure threw, for the error's `cause`.
    last_cause: Option<JsValue>,
    state: State,
}

impl<H> std::fmt::Debug for Exchange<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange")
            .field("operation", &self.op.js_name)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// Where an exchange is: each state but `Begin` and `Done` waits on one promise. A
/// state entered without a promise (`Sending` before its request, `ReadingError` when
/// the text could not be asked for) starts or skips its wait when it is next resumed.
enum State {
    /// An attempt is about to start.
    Begin,
    /// Waiting for the limiter to let this attempt start (the wait's timer and
    /// listener go when the state does; `None` before the first ask).
    Queued(Ticket, Option<Wait>),
    /// Waiting for `fetch`'s answer to this request of the attempt.
    Sending(Sending),
    /// Waiting for the text of a failed answer (for its error).
    ReadingError {
        status: u16,
        retry_after: Option<String>,
        /// Kept alive so that the timeout also covers reading the text.
        signal: AttemptSignal,
    },
    /// Waiting before the next attempt.
    Sleeping(Wait),
    /// Finished.
    Done,
}

/// An attempt's request in flight, and what the redirects it followed left.
struct Sending {
    ticket: Option<Ticket>,
    signal: AttemptSignal,
    url: String,
    method: Method,
    /// False once a redirect turned the request into a GET.
    keep_body: bool,
    redirects: u32,
}

/// What one step of an exchange leads to.
enum Next {
    /// Go on in this state without waiting.
    Go(State),
    /// Wait on the promise in this state.
    Wait(State, Promise),
    /// The exchange is over.
    Finish(Result<Success, Failed>),
}

impl<H> Exchange<H> {
    /// The exchange of `prepared`, retrying as `settings` and `options` say.
    pub fn new(
        op: &'static Operation,
        settings: Rc<Settings>,
        options: CallOptions,
        prepared: Prepared<H>,
        body: BuildBody<H>,
    ) -> Exchange<H> {
        let policy = Policy {
            max_attempts: options.max_attempts.unwrap_or(settings.policy.max_attempts).max(1),
            ..settings.policy
        };
        Exchange {
            op,
            settings,
            options,
            prepared,
            body,
            policy,
            started: None,
            attempt: 0,
            last_cause: None,
            state: State::Begin,
        }
    }

    /// The call's options.
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// The client's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Goes on from the last wait, which settled as `settled` (ignored on the first
    /// call), up to the next wait or the end.
    pub fn resume(&mut self, settled: Settled) -> Step<Result<Success, Failed>> {
        let mut settled = Some(settled);
        loop {
            // Only the state that waited is told how the wait settled.
            let settled = settled.take();
            let next = match std::mem::replace(&mut self.state, State::Done) {
                State::Begin => self.begin(),
                State::Queued(ticket, _wait) => self.queued(ticket, settled),
                State::Sending(sending) => match settled {
                    Some(settled) => self.answered(sending, settled),
                    None => self.send(sending),
                },
                State::ReadingError { status, retry_after, signal } => {
                    let text = settled.and_then(Result::ok).and_then(|t| t.as_string());
                    let error =
                        api_error(self.op, status, &text.unwrap_or_default(), retry_after.clone());
                    drop(signal);
                    self.failed(Failure::Status { status, retry_after }, error)
                }
                State::Sleeping(_wait) => match settled {
                    Some(Err(_)) => Next::Finish(Err(self.aborted())),
                    _ => Next::Go(State::Begin),
                },
                State::Done => Next::Finish(Err(Failed {
                    error: Error::Config("a finished call was resumed".to_owned()),
                    attempts: self.attempt,
                    cause: None,
                })),
            };
            match next {
                Next::Go(state) => self.state = state,
                Next::Wait(state, promise) => {
                    self.state = state;
                    return Step::Wait(promise);
                }
                Next::Finish(result) => return Step::Done(result),
            }
        }
    }

    fn caller(&self) -> Option<&AbortSignal> {
        self.options.signal.as_ref()
    }

    fn caller_aborted(&self) -> bool {
        self.caller().is_some_and(AbortSignal::aborted)
    }

    fn aborted(&self) -> Failed {
        Failed {
            error: Error::Aborted { operation: self.op },
            attempts: self.attempt,
            cause: self.caller().map(AbortSignal::reason),
        }
    }

    fn fail(&self, error: Error) -> Next {
        Next::Finish(Err(Failed { error, attempts: self.attempt, cause: None }))
    }

    /// A new attempt: through the limiter when there is one.
    fn begin(&mut self) -> Next {
        if self.caller_aborted() {
            return Next::Finish(Err(self.aborted()));
        }
        match &self.settings.limiter {
            Some(limiter) => Next::Go(State::Queued(limiter.join(), None)),
            None => self.start(None),
        }
    }

    /// Queued: starts when the limiter lets it, gives up its place when aborted.
    fn queued(&mut self, ticket: Ticket, settled: Option<Settled>) -> Next {
        let Some(limiter) = self.settings.limiter.clone() else { return self.start(None) };
        if matches!(settled, Some(Err(_))) {
            limiter.leave(ticket);
            return Next::Finish(Err(self.aborted()));
        }
        match limiter.try_start(ticket, self.caller()) {
            Ok(()) => self.start(Some(ticket)),
            Err((promise, wait)) => Next::Wait(State::Queued(ticket, wait), promise),
        }
    }

    /// The attempt's first request, with its own signal (the caller's and a timeout).
    fn start(&mut self, ticket: Option<Ticket>) -> Next {
        // Counted as it starts: a call aborted before, or while queued, made none.
        self.attempt += 1;
        self.started.get_or_insert_with(now_ms);
        let signal =
            AttemptSignal::new(self.caller(), self.options.attempt_timeout_ms(&self.settings));
        Next::Go(State::Sending(Sending {
            ticket,
            signal,
            url: self.prepared.url.clone(),
            method: self.prepared.method,
            keep_body: true,
            redirects: 0,
        }))
    }

    /// Sends the request `sending` describes: to the base URL's origin with the token,
    /// elsewhere (after a redirect) without it.
    fn send(&mut self, sending: Sending) -> Next {
        let wire = if sending.keep_body {
            match (self.body)(self.op, &self.prepared.body) {
                Ok(wire) => wire,
                Err(error) => {
                    self.not_sent(&sending);
                    return self.fail(error);
                }
            }
        } else {
            WireBody::None
        };
        let same_origin = same_origin(&sending.url, self.settings.base.origin());
        let request = Request {
            method: sending.method,
            url: &sending.url,
            headers: &self.prepared.headers,
            token: same_origin.then_some(&*self.settings.token),
            body: wire,
            signal: sending.signal.signal(),
            manual_redirects: self.settings.manual_redirects,
        };
        match transport::send(request) {
            Ok(promise) => Next::Wait(State::Sending(sending), promise),
            // `fetch` threw rather than rejected (a mock, a wrapper, an init it
            // refuses): nothing was sent, and the same request would be refused again.
            Err(thrown) => {
                self.not_sent(&sending);
                let host = crate::url::authority(&sending.url).to_owned();
                let message = transport::describe_failure(&thrown);
                let error =
                    Error::Network { operation: self.op, host, message, reached: Reached::Nothing };
                Next::Finish(Err(Failed { error, attempts: self.attempt, cause: Some(thrown) }))
            }
        }
    }

    /// `sending` was refused before it went out: its limiter place is given back, and
    /// the attempt is not counted unless an earlier request of it was sent (a redirect).
    fn not_sent(&mut self, sending: &Sending) {
        self.release(sending.ticket);
        if sending.redirects == 0 {
            self.attempt -= 1;
        }
    }

    fn release(&self, ticket: Option<Ticket>) {
        if let (Some(limiter), Some(ticket)) = (&self.settings.limiter, ticket) {
            limiter.release(ticket);
        }
    }

    /// `fetch` settled: follow a redirect (when `manual_redirects`), or end the attempt.
    fn answered(&mut self, mut sending: Sending, settled: Settled) -> Next {
        let response = match transport::outcome(settled) {
            Outcome::Response(response) => response,
            Outcome::Failed(thrown) => {
                self.release(sending.ticket);
                if self.caller_aborted() {
                    return Next::Finish(Err(self.aborted()));
                }
                if sending.signal.timed_out() {
                    let after_ms =
                        self.options.attempt_timeout_ms(&self.settings).unwrap_or_default();
                    let error = Error::Timeout { operation: self.op, after_ms, answered: false };
                    return self.failed(Failure::Timeout, error);
                }
                // The host the failed request went to: after a redirect, its target.
                let host = crate::url::authority(&sending.url).to_owned();
                let message = transport::describe_failure(&thrown);
                self.last_cause = Some(thrown);
                let error =
                    Error::Network { operation: self.op, host, message, reached: Reached::Unknown };
                return self.failed(Failure::Network, error);
            }
        };
        let status = response.status();
        // `Location` is read only from a redirect: a header read crosses the wasm
        // boundary, and every other answer would pay for it.
        let redirect =
            self.settings.manual_redirects && matches!(status, 301 | 302 | 303 | 307 | 308);
        if let Some(location) =
            redirect.then(|| response.headers().get("location").ok().flatten()).flatten()
        {
            sending.redirects += 1;
            sending.url = resolve(&sending.url, &location);
            if sending.redirects > MAX_REDIRECTS {
                self.release(sending.ticket);
                return self.fail(Error::Network {
                    operation: self.op,
                    host: crate::url::authority(&sending.url).to_owned(),
                    message: format!("more than {MAX_REDIRECTS} redirects"),
                    reached: Reached::Answered,
                });
            }
            // As browsers do: 303, and 301/302 after a POST, continue as a GET without body.
            if status == 303 || (matches!(status, 301 | 302) && sending.method == Method::Post) {
                sending.method = Method::Get;
                sending.keep_body = false;
            }
            return self.send(sending);
        }
        self.release(sending.ticket);
        if is_success(status) {
            return Next::Finish(Ok(Success {
                response,
                url: sending.url,
                attempts: self.attempt,
                signal: sending.signal,
            }));
        }
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let signal = sending.signal;
        match response.text() {
            Ok(text) => Next::Wait(State::ReadingError { status, retry_after, signal }, text),
            Err(_) => Next::Go(State::ReadingError { status, retry_after, signal }),
        }
    }

    /// The attempt failed: retry after a wait when the policy says so, else give up.
    fn failed(&mut self, failure: Failure, error: Error) -> Next {
        let now = now_ms();
        let elapsed = self.started.map_or(0.0, |started| now - started);
        let next = retry::next(
            &self.policy,
            self.op.method,
            self.options.retry_unsafe,
            self.attempt,
            &failure,
            elapsed,
            now,
            js_sys::Math::random(),
        );
        let (delay_ms, reason) = match next {
            retry::Next::GiveUp => {
                let cause = if matches!(error, Error::Network { .. }) {
                    self.last_cause.take()
                } else {
                    None
                };
                return Next::Finish(Err(Failed { error, attempts: self.attempt, cause }));
            }
            retry::Next::Retry { delay_ms, reason } => (delay_ms, reason),
        };
        if let Some(on_retry) = &self.settings.on_retry {
            let status = match failure {
                Failure::Status { status, .. } => Some(status),
                _ => None,
            };
            on_retry(&RetryEvent {
                operation: self.op.js_name,
                attempt: self.attempt,
                delay_ms,
                reason,
                status,
            });
        }
        match sleep(delay_ms, self.caller()) {
            Ok((promise, wait)) => Next::Wait(State::Sleeping(wait), promise),
            Err(_) => Next::Finish(Err(self.aborted())),
        }
    }
}

/// An exchange dropped before its end (a Rust caller that dropped the future of
/// [`execute`]) gives back its place in the limiter, which would otherwise wait for
/// it for ever.
impl<H> Drop for Exchange<H> {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Queued(ticket, _) => {
                if let Some(limiter) = &self.settings.limiter {
                    limiter.leave(ticket);
                }
            }
            State::Sending(sending) => self.release(sending.ticket),
            _ => {}
        }
    }
}

/// Sends `prepared`, retrying as the policy says, for Rust callers: the
/// [`Exchange`] driven by [`step::drive`](crate::step::drive).
pub async fn execute<H>(
    op: &'static Operation,
    settings: Rc<Settings>,
    options: CallOptions,
    prepared: Prepared<H>,
    body: BuildBody<H>,
) -> Result<Success, Failed> {
    let mut exchange = Exchange::new(op, settings, options, prepared, body);
    crate::step::drive(|settled| exchange.resume(settled)).await
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
