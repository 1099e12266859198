//! A call in progress, as JS drives it: `pkg/js/extend.js` (`drive`) awaits each
//! promise the task waits on and resumes it with how that settled, until it is done.
//! The task's steps are the runtime's machines (see `xano_meta_runtime::step`); JS
//! only awaits.

use wasm_bindgen::prelude::*;
use xano_meta_runtime::step::{Settled, Step};

use crate::client::Call;
use crate::paging::NextPage;

/// One call of a method, or one `next()` of a page iterator, in progress.
#[wasm_bindgen(js_name = __Task, skip_typescript)]
#[derive(Debug)]
pub struct Task {
    /// `None` once done: whatever the finished work held (a timer, a limiter's place)
    /// goes then, not when JS frees the task.
    work: Option<Work>,
}

#[derive(Debug)]
enum Work {
    Call(Call),
    Page(NextPage),
}

impl From<Call> for Task {
    fn from(call: Call) -> Task {
        Task { work: Some(Work::Call(call)) }
    }
}

impl From<NextPage> for Task {
    fn from(next: NextPage) -> Task {
        Task { work: Some(Work::Page(next)) }
    }
}

impl Task {
    /// Goes on after the last wait, which settled as `settled`.
    pub fn step(&mut self, settled: Settled) -> Step<Result<JsValue, JsValue>> {
        let step = match &mut self.work {
            Some(Work::Call(call)) => call.resume(settled),
            Some(Work::Page(next)) => next.resume(settled),
            None => {
                return Step::Done(Err(JsValue::from_str("xano-meta: a finished task was resumed")))
            }
        };
        if let Step::Done(_) = step {
            self.work = None;
        }
        step
    }

    /// The task run to its end from Rust (the Rust side's methods, which return promises).
    pub fn into_promise(mut self) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            xano_meta_runtime::step::drive(|settled| self.step(settled)).await
        })
    }
}

#[wasm_bindgen(js_class = __Task)]
impl Task {
    /// Goes on after the last wait (`ok`: it resolved to `value`; else it rejected
    /// with `value`; the first call's are ignored). Returns the promise to wait on
    /// next, or, once `done`, the answer; throws the call's error.
    pub fn resume(&mut self, ok: bool, value: JsValue) -> Result<JsValue, JsValue> {
        match self.step(if ok { Ok(value) } else { Err(value) }) {
            Step::Wait(promise) => Ok(promise.into()),
            Step::Done(result) => result,
        }
    }

    /// Whether the last `resume` gave the answer.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.work.is_none()
    }
}
