//! `client.pages(name, params)` and `client.iterate(name, params)`: async iterators
//! over a paged operation's pages or items. Which page comes next is decided by
//! `runtime::paging` (only `nextPage == null` ends a list).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use xano_meta_runtime::descriptor::{Operation, ResponseKind};
use xano_meta_runtime::input::Value;
use xano_meta_runtime::paging::{self, after};
use xano_meta_runtime::step::{Settled, Step};
use xano_meta_runtime::text::MAX_SAFE_INTEGER;
use xano_meta_runtime::Error;

use crate::client::{option_error, Call, CALL_OPTIONS};
use crate::js_error::to_js;
use crate::js_input;
use crate::options::{self, Kind, Problem, Spec, Values};
use crate::task::Task;

/// The default backstop against a server whose `nextPage` never becomes null.
const DEFAULT_MAX_PAGES: u32 = 1000;

/// Where an operation takes its page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageParam {
    Query,
    Body,
}

/// Calls one page: the client's call path.
pub type CallPage = Rc<dyn Fn(&'static Operation, JsValue, JsValue) -> Result<Call, JsValue>>;

struct State {
    call: CallPage,
    op: &'static Operation,
    params: JsValue,
    call_options: JsValue,
    page_param: PageParam,
    page: Option<i64>,
    seen: u32,
    max_pages: u32,
    items: bool,
    buffer: VecDeque<JsValue>,
    busy: bool,
    /// `return()` was called: nothing more is fetched or handed out, not even the
    /// page a `next()` still in flight brings.
    closed: bool,
    /// Raised once what was fetched has been handed out (the `maxPages` backstop).
    stop: Option<Error>,
}

/// An async iterator over pages or items (`for await … of`; the package's entry
/// adds `Symbol.asyncIterator`).
#[wasm_bindgen(skip_typescript)]
pub struct PageIterator {
    state: Rc<RefCell<State>>,
}

impl PageIterator {
    /// An iterator over `op` (which must return Xano pages) from `params`.
    pub fn new(
        call: CallPage,
        ops: &'static [Operation],
        name: &JsValue,
        params: JsValue,
        options: JsValue,
        items: bool,
    ) -> Result<PageIterator, JsValue> {
        let name =
            js_input::text_argument(name, "operation", "an operation's name").map_err(to_js)?;
        let op = ops.iter().find(|op| op.js_name == name).ok_or_else(|| {
            to_js(Error::unknown_operation(&name, ops.iter().map(|op| op.js_name)))
        })?;
        let argument = |field: &str, problem: String| {
            to_js(Error::Argument(xano_meta_runtime::error::ArgumentError {
                operation: op,
                field: field.to_owned(),
                problem,
            }))
        };
        if op.response != ResponseKind::Page {
            return Err(argument(
                "operation",
                "does not return Xano pages (operations(): response \"page\"), so it cannot \
                 be iterated"
                    .to_owned(),
            ));
        }
        let page_param = if op.param("page").is_some() {
            PageParam::Query
        } else if op.body.is_some_and(|b| b.object.iter().any(|f| f.name == "page")) {
            PageParam::Body
        } else {
            return Err(argument("operation", "takes no `page` parameter".to_owned()));
        };
        let params =
            if params.is_undefined() || params.is_null() { Object::new().into() } else { params };
        if let Some(problem) = js_input::not_params(&params) {
            return Err(argument("params", problem));
        }
        let (call_options, max_pages) =
            split_options(&options).map_err(|p| to_js(option_error(op, p)))?;
        let (first, field) = match page_param {
            PageParam::Query => (js_input::get(&params, "page"), "page"),
            PageParam::Body => {
                let body = js_input::get(&params, "body");
                if !body.is_undefined() && !js_input::is_plain_object(&body) {
                    return Err(argument("body", "must be an object".to_owned()));
                }
                (js_input::get(&body, "page"), "body.page")
            }
        };
        // The walk's first page: what a call would refuse is refused here too, rather
        // than read as page 1 (`'2'`), 0 (`NaN`) or cut (`2.7`).
        let page = match first.as_f64() {
            None if first.is_undefined() => 1,
            Some(p) if p >= 1.0 && p.fract() == 0.0 && p <= MAX_SAFE_INTEGER => p as i64,
            _ => return Err(argument(field, "must be a whole number, 1 or more".to_owned())),
        };
        // A copy: the walk goes on with the params it was given, whatever the caller
        // does to its object between pages.
        let params = page_params(&params, page_param, page);
        let state = State {
            call,
            op,
            params,
            call_options,
            page_param,
            page: Some(page),
            seen: 0,
            max_pages,
            items,
            buffer: VecDeque::new(),
            busy: false,
            closed: false,
            stop: None,
        };
        Ok(PageIterator { state: Rc::new(RefCell::new(state)) })
    }
}

/// The options of `pages` and `iterate`: a call's, each page read as JSON (it holds
/// `nextPage`: as text, a blob or a stream it has none, and the walk ended after one
/// page without a word), and the `maxPages` backstop.
fn page_options() -> [Spec; 7] {
    let mut specs = [Spec("maxPages", Kind::Count); 7];
    for (spec, call) in specs.iter_mut().zip(CALL_OPTIONS) {
        *spec = match call {
            Spec("parseAs", _) => Spec("parseAs", Kind::Word(&["auto", "json"])),
            call => call,
        };
    }
    specs
}

/// The walk's options: those of each page's call (the given ones without
/// `maxPages`, as read here: each call checks them again) and the backstop.
fn split_options(options: &JsValue) -> Result<(JsValue, u32), Problem> {
    if options.is_undefined() || options.is_null() {
        return Ok((JsValue::UNDEFINED, DEFAULT_MAX_PAGES));
    }
    let specs = page_options();
    let values = options::read(options, &specs, "", Values::Own).map_err(|mut p| {
        if p.path == "parseAs" {
            p.problem.push_str(" to walk pages: each page is read as JSON, for its nextPage");
        }
        p
    })?;
    // The values read once, not the object again: a getter read twice could give
    // each page's call another value than the one checked here.
    let rest = Object::new();
    for (Spec(name, _), value) in specs.iter().zip(&values).take(CALL_OPTIONS.len()) {
        if !value.is_undefined() {
            js_input::set(&rest, name, value.clone());
        }
    }
    let max = options::count(&values[CALL_OPTIONS.len()]).unwrap_or(DEFAULT_MAX_PAGES);
    Ok((rest.into(), max))
}

impl PageIterator {
    /// The next page (or item) from Rust: a promise of `{ done, value }`.
    pub fn next(&self) -> Promise {
        self.task().into_promise()
    }
}

#[wasm_bindgen]
impl PageIterator {
    /// The next page (or item), as a task whose answer is `{ done, value }`, as the async
    /// iterator protocol says (the package's entry defines `next()` over it).
    #[wasm_bindgen(js_name = __next)]
    pub fn task(&self) -> Task {
        NextPage { state: Rc::clone(&self.state), call: None }.into()
    }

    /// Stops the iteration (`break` in `for await` calls it), resolving to
    /// `{ done: true, value }` as an async generator's `return(value)` does.
    #[wasm_bindgen(js_name = "return")]
    pub fn return_(&self, value: JsValue) -> Promise {
        let mut state = self.state.borrow_mut();
        state.closed = true;
        state.page = None;
        state.buffer.clear();
        state.stop = None;
        Promise::resolve(&result(true, value))
    }
}

/// One `next()` in progress: the page's call, once it is under way, and its number.
#[derive(Debug)]
pub(crate) struct NextPage {
    state: Rc<RefCell<State>>,
    call: Option<(Call, i64)>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").field("operation", &self.op.js_name).finish_non_exhaustive()
    }
}

impl NextPage {
    /// Goes on after the last wait of the page's call, up to its next, or the answer.
    pub(crate) fn resume(&mut self, settled: Settled) -> Step<Result<JsValue, JsValue>> {
        let mut settled = Some(settled);
        loop {
            if let Some((call, page)) = &mut self.call {
                // No borrow of the state is held here: the call may run the caller's hooks.
                let settled = settled.take().unwrap_or(Ok(JsValue::UNDEFINED));
                let fetched = match call.resume(settled) {
                    Step::Wait(promise) => return Step::Wait(promise),
                    Step::Done(fetched) => fetched,
                };
                let page = *page;
                self.call = None;
                if let Some(answer) = self.received(fetched, page) {
                    return Step::Done(answer);
                }
            }
            let (call, op, params, options, page) = {
                let mut s = self.state.borrow_mut();
                if let Some(item) = s.buffer.pop_front() {
                    return Step::Done(Ok(result(false, item)));
                }
                let Some(page) = s.page else {
                    return Step::Done(match s.stop.take() {
                        Some(error) => Err(to_js(error)),
                        None => Ok(result(true, JsValue::UNDEFINED)),
                    });
                };
                if s.busy {
                    return Step::Done(Err(to_js(Error::Config(
                        "an iterator's next() was called before the previous one finished"
                            .to_owned(),
                    ))));
                }
                s.busy = true;
                (
                    Rc::clone(&s.call),
                    s.op,
                    page_params(&s.params, s.page_param, page),
                    s.call_options.clone(),
                    page,
                )
            };
            match call(op, params, options) {
                Ok(call) => {
                    self.call = Some((call, page));
                    settled = None;
                }
                Err(refused) => {
                    if let Some(answer) = self.received(Err(refused), page) {
                        return Step::Done(answer);
                    }
                }
            }
        }
    }

    /// The call of `page` ended as `fetched`: the answer to give, or `None` to go on
    /// (the items of that page have been buffered).
    fn received(
        &self,
        fetched: Result<JsValue, JsValue>,
        page: i64,
    ) -> Option<Result<JsValue, JsValue>> {
        let mut s = self.state.borrow_mut();
        s.busy = false;
        // After `return()` the caller has stopped listening: what the page in flight
        // brought, even its error, is dropped, and the walk is done.
        if s.closed {
            return Some(Ok(result(true, JsValue::UNDEFINED)));
        }
        let response = match fetched {
            Ok(response) => response,
            Err(error) => {
                s.page = None;
                return Some(Err(error));
            }
        };
        let kind = |value: &JsValue| js_input::classify(value).type_name();
        if !js_input::is_plain_object(&response) {
            s.page = None;
            let what = format!("the answer is {}", kind(&response));
            return Some(Err(to_js(paging::not_a_page(s.op, page, &what))));
        }
        // Only null (or no nextPage at all) ends the list; a page number goes on.
        let next = js_input::get(&response, "nextPage");
        let next_page = match js_input::classify(&next) {
            Value::Missing | Value::Null => None,
            Value::Number(n) if n.fract() == 0.0 => Some(n as i64),
            _ => {
                s.page = None;
                let what = format!("its nextPage is {}", kind(&next));
                return Some(Err(to_js(paging::not_a_page(s.op, page, &what))));
            }
        };
        s.seen += 1;
        s.page = match after(next_page, page, s.seen, s.max_pages) {
            paging::NextPage::Fetch(next) => Some(next),
            paging::NextPage::Done => None,
            paging::NextPage::TooManyPages => {
                s.stop = Some(Error::TooManyPages { operation: s.op, max_pages: s.max_pages });
                None
            }
            paging::NextPage::PointsBack(next) => {
                s.stop = Some(paging::NextPage::points_back(s.op, page, next));
                None
            }
        };
        if !s.items {
            return Some(Ok(result(false, response)));
        }
        let items = js_input::get(&response, "items");
        if js_sys::Array::is_array(&items) {
            s.buffer.extend(js_sys::Array::from(&items).iter());
        }
        None
    }
}

/// `params` with the page number set, copied so the caller's object is untouched.
fn page_params(params: &JsValue, where_: PageParam, page: i64) -> JsValue {
    let copy = Object::assign(&Object::new(), params.unchecked_ref());
    let page = JsValue::from(page as f64);
    match where_ {
        PageParam::Query => {
            js_input::set(&copy, "page", page);
        }
        PageParam::Body => {
            let body = js_input::get(params, "body");
            let body = if body.is_object() {
                Object::assign(&Object::new(), body.unchecked_ref())
            } else {
                Object::new()
            };
            js_input::set(&body, "page", page);
            js_input::set(&copy, "body", body.into());
        }
    }
    copy.into()
}

fn result(done: bool, value: JsValue) -> JsValue {
    let object = Object::new();
    js_input::set(&object, "done", JsValue::from(done));
    js_input::set(&object, "value", value);
    object.into()
}
