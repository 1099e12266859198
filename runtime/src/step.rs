//! The call path as synchronous state machines that wait on one promise at a time
//! (wasm32 only).
//!
//! Each machine ([`Exchange`](crate::execute::Exchange), [`Read`](crate::download::Read))
//! is resumed with how its last wait settled, does everything up to its next wait, and
//! hands back the promise to wait on, or its result. The package's JS awaits the
//! promises (`pkg/js/extend.js`, `drive`). As Rust `async` code on
//! `wasm-bindgen-futures` the same path also carried an executor, `JsFuture` and a
//! `Closure` pair per wait: 3.2 KB more of the package, gzipped, and about 10% more
//! of the client's own time per call. Rust callers await the same machines with
//! [`drive`].

use js_sys::Promise;
use wasm_bindgen::JsValue;

/// How a wait settled: the value it resolved to, or the reason it rejected.
pub type Settled = Result<JsValue, JsValue>;

/// What a machine does next.
#[derive(Debug)]
pub enum Step<T> {
    /// Resume the machine once this settles.
    Wait(Promise),
    /// Finished, with this result (resuming it again is a bug).
    Done(T),
}

/// Runs a machine to its end from Rust: `resume` is first given `Ok(undefined)`,
/// then how each promise it waits on settles.
pub async fn drive<T>(mut resume: impl FnMut(Settled) -> Step<T>) -> T {
    let mut settled = Ok(JsValue::UNDEFINED);
    loop {
        match resume(settled) {
            Step::Wait(promise) => settled = wasm_bindgen_futures::JsFuture::from(promise).await,
            Step::Done(result) => return result,
        }
    }
}
