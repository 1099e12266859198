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

/// What a wait set up on the event loop, undone when it is dropped (when the wait
/// ended, one way or the other): its timer, cleared, and its listener on the caller's
/// signal, removed. Left behind, a listener per wait piled up on a long-lived signal
/// (Node warns from the 11th) and a timer kept Node's process alive after the call.
#[derive(Debug, Default)]
pub struct Wait {
    timer: Option<JsValue>,
    listener: Option<Listener>,
}

impl Drop for Wait {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
    }
}

/// A promise that resolves after `ms` (with `None`, only when woken: `wake` is given
/// its `resolve`), or rejects when `signal` aborts; `Err` when the signal has aborted
/// already. The promise's [`Wait`] must be kept until it settles.
pub fn wait(
    ms: Option<f64>,
    signal: Option<&AbortSignal>,
    wake: impl FnOnce(&Function),
) -> Result<(Promise, Wait), Aborted> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Aborted);
    }
    let mut guard = Wait::default();
    let mut wake = Some(wake);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(wake) = wake.take() {
            wake(&resolve);
        }
        if let Some(ms) = ms {
            guard.timer = Some(set_timeout(&resolve, ms));
        }
        if let Some(signal) = signal {
            let on_abort = Closure::once_into_js(move || {
                let _ = reject.call0(&JsValue::UNDEFINED);
            });
            guard.listener = Some(Listener::once(signal, on_abort));
        }
    });
    Ok((promise, guard))
}

/// A promise that resolves after `ms`, or rejects when `signal` aborts (see [`wait`]).
pub fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(Promise, Wait), Aborted> {
    wait(Some(ms), signal, |_| {})
}

/// A listener for a signal's `abort` event, once; removed when dropped, unless
/// [`Listener::keep`] left it to the signal.
#[derive(Debug)]
struct Listener {
    /// `None` once kept: then dropping it only lets go of the handles.
    signal: Option<AbortSignal>,
    callback: JsValue,
}

impl Listener {
    fn once(signal: &AbortSignal, callback: JsValue) -> Listener {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
            "abort",
            callback.unchecked_ref(),
            &options,
        );
        Listener { signal: Some(signal.clone()), callback }
    }

    /// Leaves the listener on the signal (it goes when it fires, or with the signal).
    fn keep(mut self) {
        self.signal = None;
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(signal) = &self.signal {
            let _ =
                signal.remove_event_listener_with_callback("abort", self.callback.unchecked_ref());
        }
    }
}

/// The signal one attempt is sent with: the caller's, a timeout, both, or none.
/// With neither, nothing is created: a call with no timeout and no signal costs no
/// timer. Dropping it clears the timer and takes the forward off the caller's signal
/// (see [`AttemptSignal::hand_over`] for a body that outlives the call).
#[derive(Debug)]
pub struct AttemptSignal {
    signal: Option<AbortSignal>,
    timer: Option<JsValue>,
    timed_out: Rc<Cell<bool>>,
    /// Forwards the caller's abort to this attempt's own signal, until dropped.
    forward: Option<Listener>,
}

impl AttemptSignal {
    /// The signal for an attempt that `caller` may abort and that times out after
    /// `timeout_ms`; the timer starts now.
    pub fn new(caller: Option<&AbortSignal>, timeout_ms: Option<f64>) -> AttemptSignal {
        let timed_out = Rc::new(Cell::new(false));
        let caller_only = |timed_out| AttemptSignal {
            signal: caller.cloned(),
            timer: None,
            timed_out,
            forward: None,
        };
        let Some(timeout_ms) = timeout_ms else { return caller_only(timed_out) };
        let Ok(controller) = AbortController::new() else { return caller_only(timed_out) };
        let forward = caller.map(|caller| {
            if caller.aborted() {
                // Its `abort` event has been and gone.
                controller.abort();
            }
            let target = controller.clone();
            Listener::once(caller, Closure::once_into_js(move || target.abort()))
        });
        let flag = Rc::clone(&timed_out);
        let fire = controller.clone();
        let on_timeout = Closure::once_into_js(move || {
            flag.set(true);
            fire.abort();
        });
        let timer = set_timeout(on_timeout.unchecked_ref(), timeout_ms);
        AttemptSignal { signal: Some(controller.signal()), timer: Some(timer), timed_out, forward }
    }

    /// The signal to send the attempt with; `None` when there is neither a caller's
    /// signal nor a timeout.
    pub fn signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }

    /// The attempt's answer goes to the caller unread (a stream, a `Response`): the
    /// timeout, which covers a call up to its headers, is cleared, and the caller's
    /// abort keeps reaching the attempt's signal, which the body's transfer is on.
    pub fn hand_over(mut self) {
        if let Some(timer) = self.timer.take() {
            clear_timeout(&timer);
        }
        if let Some(forward) = self.forward.take() {
            forward.keep();
        }
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
