//! A small JSON reader and string encoder for what the runtime itself reads: a
//! token's payload and the `code`/`message` of Xano's error bodies.
//!
//! Not serde_json: on the package's path (wasm) serde_json's `Value` parser, its
//! number handling and its error texts were about a sixth of the wasm, for a few
//! fields read from small bodies. Response bodies for callers are parsed by the
//! host's `JSON.parse` in JS, and by serde_json in the typed Rust API. Numbers are
//! kept as their text and read as integers, or as an `f64` by [`Number::as_f64`]'s
//! few lines rather than core's correctly rounded float parser.
//!
//! The accepted grammar is RFC 8259's, as strict as serde_json's: no trailing
//! commas, no comments, no lone surrogates, nothing after the value; nesting deeper
//! than [`MAX_DEPTH`] is refused. Objects behave like serde_json's default map:
//! keys sorted, a repeated key keeps its last value.

use std::fmt;

use crate::text::{decimal, find_any, has_any, signed, split_once, sub};

/// Deepest nesting read (serde_json's limit too), so hostile input cannot overflow
/// the stack.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its text.
    Number(Number),
    /// A string, its escapes decoded.
    String(String),
    /// An array, in order.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A number, as written (already checked against JSON's number grammar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The value, if the number is written as an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        signed(self.integer_text()?)
    }

    /// The value, if the number is written as an integer that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        decimal(self.integer_text()?)
    }

    /// The value as the nearest `f64` when its significant digits make an integer
    /// up to 2^53 and its decimal exponent is within ±22 (one rounding: an exact
    /// integer and an exact power of ten, one multiplication or division), within a
    /// few units in the last place beyond that (subnormal numbers included); `None`
    /// when it is too large for an `f64`. Core's correctly rounded parser is several
    /// KB of wasm; this reads dates in seconds. (A unit test compares it with
    /// serde_json's on generated numbers.)
    pub fn as_f64(&self) -> Option<f64> {
        let (negative, text) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let (digits, mut exponent) = match find_any(text, b"eE") {
            Some(at) => {
                let exponent = sub(text, at + 1..);
                let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
                // The grammar is checked, so an exponent `signed` cannot read is one
                // too long for an `i64`: as out of range as `i32::MAX` (zero stays zero,
                // anything else is infinite or vanishes).
                let saturated = if exponent.starts_with('-') { i32::MIN } else { i32::MAX };
                let exponent = signed(exponent).map_or(saturated, |e| {
                    e.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
                });
                (sub(text, ..at), exponent)
            }
            None => (text, 0),
        };
        let (whole, fraction) = split_once(digits, ".").unwrap_or((digits, ""));
        let (mut mantissa, mut significant) = (0u64, 0);
        for (i, byte) in whole.bytes().chain(fraction.bytes()).enumerate() {
            let in_fraction = i >= whole.len();
            if significant < 19 && (significant > 0 || byte != b'0') {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                significant += 1;
                exponent = exponent.saturating_sub(i32::from(in_fraction));
            } else if significant >= 19 && !in_fraction {
                exponent = exponent.saturating_add(1);
            } else if significant == 0 {
                exponent = exponent.saturating_sub(i32::from(in_fraction));
            }
        }
        // Saturating, as the exponent is the text's (`1e2147483647` and its digits
        // overflowed `i32`); and zero is zero at any exponent (0 × ∞ is not a number).
        if mantissa == 0 {
            return Some(if negative { -0.0 } else { 0.0 });
        }
        let power = |e: u32| 10f64.powi(e.min(400) as i32);
        let mantissa = mantissa as f64;
        let value = match exponent.unsigned_abs() {
            e if exponent >= 0 => mantissa * power(e),
            e if e <= 308 => mantissa / power(e),
            // 10^e itself is out of range (infinite) while the quotient may still be a
            // subnormal number (`95e-324`): divide in two steps.
            e => mantissa / 1e308 / power(e - 308),
        };
        let value = if negative { -value } else { value };
        value.is_finite().then_some(value)
    }

    fn integer_text(&self) -> Option<&str> {
        let text = if self.0 == "-0" { "0" } else { &self.0 };
        (!has_any(text, b".eE")).then_some(text)
    }
}

/// An object: its members sorted by key, one per key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &self.0[i].1)
    }

    /// The members, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Value)>, Pair<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// How a map's entry is handed out by reference.
type Pair<'a> = fn(&'a (String, Value)) -> (&'a String, &'a Value);

impl Value {
    /// `self[key]` when `self` is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The members, when `self` is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The text, when `self` is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// [`Number::as_i64`], when `self` is a number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// [`Number::as_u64`], when `self` is a number.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// [`Number::as_f64`], when `self` is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where (a byte offset: the input is never echoed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    problem: &'static str,
    at: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.problem, self.at)
    }
}

impl std::error::Error for Error {}

/// Parses `text` as one JSON value.
pub fn from_str(text: &str) -> Result<Value, Error> {
    let mut reader = Reader { text, bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("trailing characters after the value"));
    }
    Ok(value)
}

/// Parses UTF-8 `bytes` as one JSON value.
pub fn from_slice(bytes: &[u8]) -> Result<Value, Error> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error { problem: "not UTF-8", at: e.valid_up_to() })?;
    from_str(text)
}

/// `text` as a JSON string literal, escaped as serde_json escapes it (quotes,
/// backslashes and control characters; nothing else).
pub fn quote(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, problem: &'static str) -> Error {
        Error { problem, at: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        self.space();
        match self.peek() {
            None => Err(self.error("expected a value, found the end")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, value) in [
                    ("null", Value::Null),
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                ] {
                    if self.bytes[self.at..].starts_with(word.as_bytes()) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    fn nested(&mut self, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1;
        self.space();
        Ok(())
    }

    /// After a member or element: `,` (more follow) or `close` (the end).
    fn more(&mut self, close: u8) -> Result<bool, Error> {
        self.space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.error(if close == b']' {
                "expected `,` or `]`"
            } else {
                "expected `,` or `}`"
            })),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        self.nested(depth)?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if !self.more(b']')? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        self.nested(depth)?;
        let mut members: Vec<(String, Value)> = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key (a string)"));
            }
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            let value = self.value(depth)?;
            match members.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => members[i].1 = value,
                Err(i) => members.insert(i, (key, value)),
            }
            if !self.more(b'}')? {
                return Ok(Value::Object(Map(members)));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        // Only ASCII was consumed, so both ends are character boundaries.
        Ok(Value::Number(Number(sub(self.text, start..self.at).to_owned())))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.error("expected four hex digits after `\\u`")),
            };
            value = value * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(value)
    }

    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek(), None | Some(b'"' | b'\\' | 0..=0x1f)) {
                self.at += 1;
            }
            // Both ends are at ASCII bytes (or the end): character boundaries.
            out.push_str(sub(self.text, start..self.at));
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of `\uXXXX` (the `\u` read), with its low surrogate if it has one.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error("lone leading surrogate"));
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error("invalid low surrogate"));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// What serde_json makes of `text`, in this module's terms.
    fn from_serde(value: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(Number(n.to_string())),
            J::String(s) => Value::String(s.clone()),
            J::Array(items) => Value::Array(items.iter().map(from_serde).collect()),
            // Sorted here: with its `preserve_order` feature (which other crates of
            // the workspace turn on) serde_json keeps the text's order.
            J::Object(map) => {
                let mut members: Vec<_> =
                    map.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect();
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(Map(members))
            }
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"b": [1, -2, 0, true, false, null], "a": {"x": "y\n\u00e9\ud83d\ude00\/"}}"#,
            r#"  "plain"  "#,
            "[]",
            "{}",
            r#"{"k": 1, "k": 2}"#,
            "12345678901234567890",
        ] {
            let ours = from_str(text).unwrap();
            let theirs = from_serde(&serde_json::from_str(text).unwrap());
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "1e",
            "-",
            "tru",
            "nul",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\u{1}\"",
            "1 2",
            "{1:2}",
            "{\"a\" 1}",
            "[1 2]",
            "+1",
            ".5",
            "NaN",
            "\"\\u12\"",
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "serde: {text:?}");
            let err = from_str(text).unwrap_err();
            assert!(err.to_string().contains(" at byte "), "{text:?}: {err}");
        }
    }

    #[test]
    fn numbers_are_integers_only_when_written_as_integers() {
        let n = |text: &str| from_str(text).unwrap();
        assert_eq!(n("42").as_i64(), Some(42));
        assert_eq!(n("-42").as_i64(), Some(-42));
        assert_eq!(n("-42").as_u64(), None);
        assert_eq!(n("-0").as_u64(), Some(0));
        assert_eq!(n("4.0").as_i64(), None);
        assert_eq!(n("4e2").as_i64(), None);
        assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(n("18446744073709551615").as_i64(), None);
    }

    #[test]
    fn numbers_as_f64_match_serde_json_where_dates_lie() {
        for text in [
            "0",
            "-0",
            "1",
            "1700000000",
            "1700000000.5",
            "1700000000.123",
            "253402300799",
            "1.7e9",
            "17e8",
            "0.0001",
            "1e22",
            "-12.75",
            "123456789012345678",
            "0.000123e3",
        ] {
            let ours = Number(text.to_owned()).as_f64();
            let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap().as_f64();
            assert_eq!(ours, theirs, "{text}");
        }
        assert_eq!(Number("1e400".to_owned()).as_f64(), None);
        // Found by comparing with serde_json on generated texts: a subnormal number
        // once read as 0 (10^324 is infinite), and an exponent too long for an `i64`
        // once made zero unreadable.
        assert_eq!(Number("95e-324".to_owned()).as_f64(), Some(9.4e-323));
        assert_eq!(Number("0e30000000000000004".to_owned()).as_f64(), Some(0.0));
        assert_eq!(Number("1e-30000000000000004".to_owned()).as_f64(), Some(0.0));
        assert_eq!(Number("1e30000000000000004".to_owned()).as_f64(), None);
    }

    #[test]
    fn exponents_at_the_edge_of_i32_neither_overflow_nor_wrap() {
        // Each once overflowed the exponent (a panic in debug builds, a wrapped
        // value in the wasm: a token's `exp` read as 1970).
        assert_eq!(Number("0.1e-2147483648".to_owned()).as_f64(), Some(0.0));
        assert_eq!(Number("12345678901234567890e2147483647".to_owned()).as_f64(), None);
        assert_eq!(Number("0e999".to_owned()).as_f64(), Some(0.0));
        assert_eq!(Number("-0.0e-5".to_owned()).as_f64(), Some(-0.0));
        let long = format!("1{}e2147483647", "0".repeat(40));
        assert_eq!(Number(long).as_f64(), None);
    }

    #[test]
    fn depth_is_bounded() {
        let ok = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(from_str(&ok).is_ok());
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(from_str(&deep).unwrap_err().problem, "nested too deeply");
    }

    #[test]
    fn quotes_as_serde_json_does() {
        for text in ["plain", "quote \" and \\ backslash", "\n\r\t\u{8}\u{c}\u{0}\u{1f}", "é😀/"]
        {
            assert_eq!(quote(text), serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    /// A valid JSON text of at most `depth` levels, with the forms a hand-written
    /// reader gets wrong: escapes and surrogate pairs, every number form, repeated
    /// keys, whitespace between every token.
    fn valid(rng: &mut Rng, depth: usize, out: &mut String) {
        const SPACE: &[&str] = &["", "", " ", "\n", "\t", "\r\n "];
        const NUMBERS: &[&str] = &[
            "0",
            "-0",
            "1",
            "-1",
            "42",
            "1700000000",
            "9007199254740993",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-0.0",
            "0.1",
            "1e5",
            "1E+5",
            "2e-3",
            "1.7e9",
            "123456789012345678901234",
            "1e308",
            "5e-324",
            "0.30000000000000004",
            "4.0",
        ];
        const STRINGS: &[&str] = &[
            "",
            "a",
            "é",
            "😀",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b\\f\\n\\r\\t",
            "\\u0041",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\u0000",
            "key",
        ];
        out.push_str(rng.pick(SPACE));
        let kind = if depth == 0 { rng.below(4) } else { rng.below(6) };
        match kind {
            0 => out.push_str(rng.pick(&["null", "true", "false"])),
            1 => out.push_str(rng.pick(NUMBERS)),
            2 | 3 => {
                out.push('"');
                for _ in 0..rng.below(3) {
                    out.push_str(rng.pick(STRINGS));
                }
                out.push('"');
            }
            4 => {
                out.push('[');
                for i in 0..rng.below(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    valid(rng, depth - 1, out);
                }
                out.push_str(rng.pick(SPACE));
                out.push(']');
            }
            _ => {
                out.push('{');
                for i in 0..rng.below(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(rng.pick(SPACE));
                    // Few keys, so that some repeat.
                    out.push_str(rng.pick(&["\"a\"", "\"b\"", "\"\\u0061\"", "\"\""]));
                    out.push_str(rng.pick(SPACE));
                    out.push(':');
                    valid(rng, depth - 1, out);
                }
                out.push_str(rng.pick(SPACE));
                out.push('}');
            }
        }
        out.push_str(rng.pick(SPACE));
    }

    /// `text` with a few characters deleted, inserted or replaced by ones that matter
    /// to the grammar.
    fn mutated(rng: &mut Rng, text: &str) -> String {
        const MARKS: &[&str] = &[
            "{", "}", "[", "]", "\"", ",", ":", "\\", "-", "+", ".", "e", "0", "9", "u", " ",
            "\u{1}",
        ];
        let mut chars: Vec<String> = text.chars().map(String::from).collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 if at < chars.len() => chars[at] = rng.pick(MARKS).to_owned(),
                _ => chars.insert(at, rng.pick(MARKS).to_owned()),
            }
        }
        chars.concat()
    }

    /// Whether `ours` holds what serde_json read as `theirs`. Numbers compare by value:
    /// as integers where serde_json has one, else as `f64`, within the few units in
    /// the last place [`Number::as_f64`] allows beyond its exact range.
    fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (ours, theirs) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::String(a), J::String(b)) => a == b,
            (Value::Number(a), J::Number(b)) => {
                if let Some(b) = b.as_u64() {
                    return a.as_u64() == Some(b);
                }
                if let Some(b) = b.as_i64() {
                    return a.as_i64() == Some(b);
                }
                match (a.as_f64(), b.as_f64()) {
                    // Units in the last place apart: adjacent `f64`s of one sign have
                    // adjacent bit patterns, subnormal ones included.
                    (Some(a), Some(b)) => {
                        a.is_sign_negative() == b.is_sign_negative()
                            && a.to_bits().abs_diff(b.to_bits()) <= 8
                    }
                    _ => false,
                }
            }
            (Value::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (Value::Object(a), J::Object(b)) => {
                a.iter().count() == b.len()
                    && b.iter().all(|(k, v)| a.get(k).is_some_and(|mine| same(mine, v)))
            }
            _ => false,
        }
    }

    #[test]
    fn agrees_with_serde_json_on_generated_and_mutated_texts() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut accepted, mut refused) = (0, 0);
        for case in 0..20_000 {
            let mut text = String::new();
            valid(&mut rng, 4, &mut text);
            if case % 2 == 1 {
                text = mutated(&mut rng, &text);
            }
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (from_str(&text), theirs) {
                (Ok(ours), Ok(theirs)) => {
                    assert!(same(&ours, &theirs), "case {case}: {text:?}: {ours:?} vs {theirs}");
                    accepted += 1;
                }
                (Err(ours), Err(_)) => {
                    assert!(ours.at <= text.len(), "case {case}: {text:?}: {ours}");
                    refused += 1;
                }
                // Out of f64's range serde_json refuses the number; this reader keeps
                // its text (whose `as_f64` is `None`: see `1e400` above).
                (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
                (ours, theirs) => {
                    panic!("case {case}: {text:?}: ours {ours:?}, serde_json {theirs:?}")
                }
            }
        }
        // Both outcomes came up many times, so neither half of the comparison is vacuous.
        assert!(accepted > 5_000 && refused > 5_000, "{accepted} accepted, {refused} refused");
    }

    #[test]
    fn not_utf8_is_an_error() {
        assert_eq!(from_slice(b"\"\xff\"").unwrap_err().to_string(), "not UTF-8 at byte 1");
    }
}
