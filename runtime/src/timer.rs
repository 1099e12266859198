//! Timers and cancellation on the JS event loop (wasm32 only): `setTimeout` is a
//! global in browsers, workers and Node alike.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout_unclamped(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// The longest delay `setTimeout` keeps: hosts hold it in 32 bits, and a longer one
/// fires at once (browsers) or after 1 ms (Node), which turned a `timeoutMs` of
/// `1e20` into a timeout of every attempt and a limiter's long window into a busy loop.
pub const MAX_DELAY_MS: f64 = 2_147_483_647.0;

/// `setTimeout(handler, ms)`, the delay within `0..=MAX_DELAY_MS` (about 24.8 days:
/// longer is as good as never for a call).
fn set_timeout(handler: &Function, ms: f64) -> JsValue {
    set_timeout_unclamped(handler, ms.clamp(0.0, MAX_DELAY_MS))
}

/// Why a wait ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aborted;

/// A promise that resolves after `ms`, or rejects when `signal` aborts (and clears
/// the timer); `Err` when the signal has aborted already.
pub fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<Promise, Aborted> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Aborted);
    }
    Ok(Promise::new(&mut |resolve, reject| {
        let id = set_timeout(&resolve, ms);
        if let Some(signal) = signal {
            let on_abort = Closure::once_into_js(move || {
                clear_timeout(&id);
                let _ = reject.call0(&JsValue::UNDEFINED);
            });
            once(signal, &on_abort);
        }
    }))
}

/// Calls `resolve` after `ms`.
pub fn resolve_after(resolve: &Function, ms: f64) {
    set_timeout(resolve, ms);
}

/// Calls `reject` when `signal` aborts.
pub fn reject_on_abort(signal: &AbortSignal, reject: Function) {
    once(
        signal,
        &Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::UNDEFINED);
        }),
    );
}

/// Registers `listener` for the signal's `abort` event, once.
fn once(signal: &AbortSignal, listener: &JsValue) {
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
        "abort",
        listener.unchecked_ref(),
        &options,
    );
}

/// The signal one attempt is sent with: the caller's, a timeout, both, or none.
/// With neither, nothing is created: a call with no timeout and no signal costs no
/// timer. Dropping it clears the timer.
#[derive(Debug)]
pub struct AttemptSignal {
    signal: Option<AbortSignal>,
    timer: Option<JsValue>,
    timed_out: Rc<Cell<bool>>,
}

impl AttemptSignal {
    /// The signal for an attempt that `caller` may abort and that times out after
    /// `timeout_ms`; the timer starts now.
    pub fn new(caller: Option<&AbortSignal>, timeout_ms: Option<f64>) -> AttemptSignal {
        let timed_out = Rc::new(Cell::new(false));
        let Some(timeout_ms) = timeout_ms else {
            return AttemptSignal { signal: caller.cloned(), timer: None, timed_out };
        };
        let Ok(controller) = AbortController::new() else {
            return AttemptSignal { signal: caller.cloned(), timer: None, timed_out };
        };
        if let Some(caller) = caller {
            let forward = controller.clone();
            once(caller, &Closure::once_into_js(move || forward.abort()));
        }
        let flag = Rc::clone(&timed_out);
        let fire = controller.clone();
        let on_timeout = Closure::once_into_js(move || {
            flag.set(true);
            fire.abort();
        });
        let timer = set_timeout(on_timeout.unchecked_ref(), timeout_ms);
        AttemptSignal { signal: Some(controller.signal()), timer: Some(timer), timed_out }
    }

    /// The signal to send the attempt with; `None` when there is neither a caller's
    /// signal nor a timeout.
    pub fn signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }

    /// Whether the timeout (not the caller) ended the attempt.
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }
}

impl Drop for AttemptSignal {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
    }
}
