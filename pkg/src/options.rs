//! The options objects of the JS API (a client's, a call's, a page walk's and the
//! objects nested in them), each read against one list of the options it takes: a key
//! not in the list is refused with the list and the nearest name, and each value must
//! be of its option's [`Kind`]. One reader and one set of messages for every object,
//! rather than a hand-written check per option.

use wasm_bindgen::{JsCast, JsValue};
use xano_meta_runtime::{suggest, text};

use crate::js_input;

/// An option an object takes: its name as JS spells it, and what its value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec(pub &'static str, pub Kind);

/// What an option's value must be (when it is not `undefined`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A positive finite number (milliseconds, seconds).
    Positive,
    /// A whole number from 1 to `u32::MAX` (attempts, requests, pages): a fraction, and
    /// a count beyond `u32`, were once cut without a word.
    Count,
    /// `true` or `false`.
    Boolean,
    /// A function (a callback).
    Function,
    /// An `AbortSignal`.
    Signal,
    /// One of these strings.
    Word(&'static [&'static str]),
    /// Anything: the caller reads it (a string with its own rule, a nested object).
    Any,
}

impl Kind {
    /// Whether `value` (not `undefined`) is of this kind.
    fn holds(self, value: &JsValue) -> bool {
        match self {
            Kind::Positive => value.as_f64().is_some_and(|n| n.is_finite() && n > 0.0),
            Kind::Count => value
                .as_f64()
                .is_some_and(|n| n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX)),
            Kind::Boolean => value.as_bool().is_some(),
            Kind::Function => value.is_function(),
            Kind::Signal => value.is_instance_of::<web_sys::AbortSignal>(),
            Kind::Word(words) => value.as_string().is_some_and(|s| words.contains(&s.as_str())),
            Kind::Any => true,
        }
    }

    /// What a value of this kind is, for the message of one that is not.
    fn wanted(self) -> String {
        let words = match self {
            Kind::Positive => "a positive number",
            // u32::MAX spelled out (the package's test passes it and one more): a
            // formatted number costs the wasm more.
            Kind::Count => "a whole number from 1 to 4294967295",
            Kind::Boolean => "a boolean",
            Kind::Function => "a function",
            Kind::Signal => "an AbortSignal",
            Kind::Any => "any value",
            Kind::Word(words) => {
                let mut out = "one of ".to_owned();
                for (at, word) in words.iter().enumerate() {
                    out.push_str(if at == 0 { "\"" } else { ", \"" });
                    out.push_str(word);
                    out.push('"');
                }
                return out;
            }
        };
        words.to_owned()
    }
}

/// An options object that is not as its list says: the option's path from the
/// outermost object (`retry.attempts`; empty for that object itself) and what is
/// wrong with it, as "must be …" or "is unknown …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub problem: String,
}

impl Problem {
    /// A problem of the option at `path` (see [`path`]).
    pub(crate) fn new(path: String, problem: impl Into<String>) -> Problem {
        Problem { path, problem: problem.into() }
    }
}

/// The path of option `name` in the object at `at` (either empty: the other alone).
pub(crate) fn path(at: &str, name: &str) -> String {
    match (at, name) {
        ("", path) | (path, "") => path.to_owned(),
        _ => format!("{at}.{name}"),
    }
}

/// How [`read`] gets an object's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Values {
    /// From one `Object.entries` of the object: its own enumerable properties, each
    /// read once. A call's options: a property read per option, each with its name
    /// copied across the wasm boundary, cost more than the checks.
    Own,
    /// Each option by its name, as `object.name` reads it (inherited and
    /// non-enumerable properties too, a getter once): a client's options, which may
    /// be a class instance, `Object.create(defaults)` or hide the token from logging.
    ByName,
}

/// The values of `object`'s options, each at its place in `specs` (`undefined` where
/// it is absent) and checked to be of its kind, after every own key has been found
/// in the list. `undefined` is an object of no options; anything else that is not a
/// plain object is refused. `at` is the object's path, for the messages.
pub(crate) fn read<const N: usize>(
    object: &JsValue,
    specs: &[Spec; N],
    at: &str,
    how: Values,
) -> Result<[JsValue; N], Problem> {
    let mut values: [JsValue; N] = std::array::from_fn(|_| JsValue::UNDEFINED);
    read_into(object, specs, at, how, &mut values)?;
    Ok(values)
}

/// [`read`], not generic (one copy in the wasm for every list's length).
fn read_into(
    object: &JsValue,
    specs: &[Spec],
    at: &str,
    how: Values,
    values: &mut [JsValue],
) -> Result<(), Problem> {
    if object.is_undefined() {
        return Ok(());
    }
    // The names as a list only for a message: a call's options are read on every call.
    let names = || specs.iter().map(|spec| spec.0).collect::<Vec<&str>>();
    if !js_input::is_plain_object(object) {
        let problem = format!("must be an object {{ {} }}", text::join(&names(), ", "));
        return Err(Problem::new(at.to_owned(), problem));
    }
    for (key, value) in js_input::entries(object) {
        let Some(place) = specs.iter().position(|spec| spec.0 == key) else {
            let names = names();
            let hint = suggest::did_you_mean(&key, names.iter().copied());
            let problem = format!("is unknown (known: {}){hint}", text::join(&names, ", "));
            return Err(Problem::new(path(at, text::shown_name(&key)), problem));
        };
        if how == Values::Own {
            values[place] = value;
        }
    }
    for (place, Spec(name, kind)) in specs.iter().enumerate() {
        if how == Values::ByName {
            values[place] = js_input::get(object, name);
        }
        let value = &values[place];
        if !value.is_undefined() && !kind.holds(value) {
            return Err(Problem::new(path(at, name), format!("must be {}", kind.wanted())));
        }
    }
    Ok(())
}

/// A [`Kind::Positive`] or [`Kind::Count`] value [`read`] gave: `None` if absent.
pub(crate) fn number(value: &JsValue) -> Option<f64> {
    value.as_f64()
}

/// A [`Kind::Count`] value [`read`] gave: `None` if absent.
pub(crate) fn count(value: &JsValue) -> Option<u32> {
    // In range: `read` checked it.
    value.as_f64().map(|n| n as u32)
}

/// A [`Kind::Function`] or [`Kind::Signal`] value [`read`] gave, as `T`: `None` if absent.
pub(crate) fn object<T: JsCast>(value: &JsValue) -> Option<T> {
    (!value.is_undefined()).then(|| value.clone().unchecked_into())
}
