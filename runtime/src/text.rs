//! Text work done without the heavier machinery core would bring into the wasm:
//! numbers and quoted strings as text (no float formatting, no `Debug`), integers
//! read from text, byte searches, checked slicing and small sorted lists. Each says
//! what it replaces and what that cost; the runtime uses these on its wasm path.
//!
//! `f64`'s `Display` (core's shortest-representation float printing) and `str`'s
//! `Debug` (with its Unicode tables) were about a tenth of the package's wasm for a
//! few values in messages and on the wire. Integers are printed by Rust's integer
//! formatting; other numbers by the host's `String(n)` on wasm (the text a JS caller
//! would have written), by `Display` elsewhere. The two differ only in exponent
//! notation, which JS uses from 1e21 and below 1e-6.

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `n`'s decimal text if it is an integer a JS number holds exactly.
pub fn integer(n: f64) -> Option<String> {
    (n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER).then(|| (n as i64).to_string())
}

/// `n` as text: as an integer when it is one, else as the host writes it.
pub fn number(n: f64) -> String {
    integer(n).unwrap_or_else(|| float(n))
}

#[cfg(target_arch = "wasm32")]
fn float(n: f64) -> String {
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn float(n: f64) -> String {
    n.to_string()
}

/// `text` in double quotes, for messages: quotes, backslashes and control
/// characters escaped as Rust's `{:?}` escapes them, everything else as is.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&hex(c as u32));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value of `text` as decimal digits, no sign, if it fits a `u64`. With
/// [`hexadecimal`] and [`signed`], one routine for the integers the package reads
/// (header values, dates, addresses, percent escapes, JSON), instead of core's
/// `from_str_radix` for each of six integer types; and stricter where those are lax:
/// no leading `+`.
pub fn decimal(text: &str) -> Option<u64> {
    digits::<10>(text)
}

/// The value of `text` as hexadecimal digits (either case), no sign, if it fits a `u64`.
pub fn hexadecimal(text: &str) -> Option<u64> {
    digits::<16>(text)
}

/// A constant radix, so that `to_digit`'s check of it is decided at compile time.
fn digits<const RADIX: u32>(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = char::from(b).to_digit(RADIX)?;
        n.checked_mul(u64::from(RADIX))?.checked_add(u64::from(digit))
    })
}

/// `text` as a decimal integer with an optional leading `-`, if it fits an `i64`.
pub fn signed(text: &str) -> Option<i64> {
    match text.strip_prefix('-') {
        // Up to 2^63, whose negation is `i64::MIN`.
        Some(digits) => {
            let n = decimal(digits).filter(|n| *n <= i64::MIN.unsigned_abs())?;
            Some((n as i64).wrapping_neg())
        }
        None => i64::try_from(decimal(text)?).ok(),
    }
}

/// `text[range]`, for the package's own slicing. Its slices fall on ASCII bytes it
/// found, so the check only restates that; but `str` indexing's panic formats its
/// message with `char`'s `Debug` and core's Unicode tables (some 3 KB of wasm
/// gzipped), and a plain `expect` does not.
pub fn sub<R: core::slice::SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    text.get(range).expect("a slice on character boundaries")
}

/// The first `n` characters of `text` (all of it if it is shorter), as a slice:
/// `chars().take(n).collect()` builds a `String` char by char, through core's UTF-8
/// encoder and a `FromIterator<char>` per use.
pub fn first_chars(text: &str, n: usize) -> &str {
    sub(text, ..text.char_indices().nth(n).map_or(text.len(), |(at, _)| at))
}

/// What messages show in place of a name the caller gave (an operation, option or
/// parameter name) that looks like a token: a token passed where a name belongs
/// (`checkAccess(operation, token)`, arguments swapped) must not reach an error,
/// which logs and telemetry keep.
pub const NOT_SHOWN: &str = "<not shown: it looks like a token>";

/// A name the caller gave, as messages and errors show it: as given, unless it looks
/// like a token ([`NOT_SHOWN`]): a JWT (`eyJ…`, what Xano's tokens are, with or without
/// `Bearer `), or longer than any name (64 characters), which could be a token of
/// another form. Real names are far shorter: the longest operation name has 46. An
/// empty name is shown as `""`, so that a message names it rather than nothing.
pub fn shown_name(given: &str) -> &str {
    if given.is_empty() {
        "\"\""
    } else if crate::auth::bare(given).starts_with("eyJ") || given.len() > 64 {
        NOT_SHOWN
    } else {
        given
    }
}

/// `words` with `separator` between them: `[&str]::join` is core's generic join
/// (about 1 KB of wasm), for a few lists in messages.
pub fn join(words: &[&str], separator: &str) -> String {
    let mut out = String::new();
    for (at, word) in words.iter().enumerate() {
        if at > 0 {
            out.push_str(separator);
        }
        out.push_str(word);
    }
    out
}

/// Where `needle` first occurs in `haystack`: a plain byte search, as `str::find`
/// with a `&str` pattern would pull core's two-way searcher (some 2.5 KB of wasm)
/// into the package for the few short needles it looks for.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    if n == 0 {
        return Some(0);
    }
    haystack.as_bytes().windows(n).position(|w| w == needle.as_bytes())
}

/// Where the first of the ASCII `bytes` is in `text`. Rather than `str::find` or
/// `contains` with `char` patterns: core compiles those into one shared function
/// that also carries the `&str` searcher (for non-ASCII chars).
pub fn find_any(text: &str, bytes: &[u8]) -> Option<usize> {
    text.bytes().position(|b| is_any(b, bytes))
}

/// Whether `b` is one of `bytes`: compared one by one, as `<[u8]>::contains` would
/// call core's `memchr` for each byte of the text, which made a scan of the 74 KB
/// descriptor text (the method names, at import) take milliseconds in baseline-compiled
/// wasm.
#[allow(clippy::manual_contains)] // its `contains` is the memchr call above
fn is_any(b: u8, bytes: &[u8]) -> bool {
    bytes.iter().any(|&n| n == b)
}

/// Where the last of the ASCII `bytes` is in `text` (see [`find_any`]): rather than
/// `rsplit_once` or `rsplit` with `char` patterns, for the same reason.
pub fn rfind_any(text: &str, bytes: &[u8]) -> Option<usize> {
    text.bytes().rposition(|b| is_any(b, bytes))
}

/// `text` without the ASCII `bytes` it starts with, as `trim_start_matches` with `char`
/// patterns (see [`find_any`]).
pub fn trim_start_any<'a>(text: &'a str, bytes: &[u8]) -> &'a str {
    sub(text, text.bytes().position(|b| !is_any(b, bytes)).unwrap_or(text.len())..)
}

/// `text` without the ASCII `bytes` it ends with, as `trim_end_matches` with `char`
/// patterns (see [`find_any`]).
pub fn trim_end_any<'a>(text: &'a str, bytes: &[u8]) -> &'a str {
    sub(text, ..text.bytes().rposition(|b| !is_any(b, bytes)).map_or(0, |at| at + 1))
}

/// The pieces of `text` between the ASCII byte `separator`, as `str::split` with a
/// `char` pattern (see [`find_any`]): `"a,,b"` gives `a`, ``, `b`; `""` gives ``.
pub fn pieces(text: &str, separator: u8) -> Pieces<'_> {
    Pieces { rest: Some(text), separator }
}

/// The lines of `text`, as `str::lines` gives those of a text without `\r` (the
/// generated tables), by [`pieces`]: none for `""`, and no empty one after a final `\n`.
pub fn lines(text: &str) -> Pieces<'_> {
    let rest = (!text.is_empty()).then(|| text.strip_suffix('\n').unwrap_or(text));
    Pieces { rest, separator: b'\n' }
}

/// The iterator of [`pieces`] and [`lines`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    /// What is left to split; `None` once the last piece is given.
    rest: Option<&'a str>,
    separator: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        // An ASCII separator is a whole character: both sides are on char boundaries.
        match find_byte(rest.as_bytes(), self.separator) {
            Some(at) => {
                self.rest = Some(sub(rest, at + 1..));
                Some(sub(rest, ..at))
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Where `byte` first is in `bytes`, eight bytes at a time: the descriptor tables are
/// split into lines and fields at a program's first call, by wasm that V8's baseline
/// compiler has just compiled, where a loop per byte took several milliseconds.
pub fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(byte);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        // The bytes equal to `byte` are zero here; `zero` has the high bit of the
        // first of them set (and maybe of later ones: the borrow runs upwards only).
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ pattern;
        let zero = word.wrapping_sub(ONES) & !word & HIGHS;
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words.remainder().iter().position(|&b| b == byte).map(|i| at + i)
}

/// Whether `text` holds any of the ASCII `bytes` (see [`find_any`]).
pub fn has_any(text: &str, bytes: &[u8]) -> bool {
    find_any(text, bytes).is_some()
}

/// `haystack` around the first `needle`, as `str::split_once` (see [`find`]).
pub fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    // A match of a whole UTF-8 needle starts and ends on char boundaries.
    find(haystack, needle).map(|at| (sub(haystack, ..at), sub(haystack, at + needle.len()..)))
}

/// Inserts `(key, value)` into `list`, kept sorted by key; an equal key already
/// there keeps its place before the new one (as a stable sort would). For the
/// package's short lists (a token's scopes), where core's sorts cost some 4 KB of wasm.
pub fn insert_sorted<K: Ord, V>(list: &mut Vec<(K, V)>, key: K, value: V) {
    let at = list.partition_point(|(k, _)| *k <= key);
    list.insert(at, (key, value));
}

/// Lower-case hex digits of `n`, without leading zeros.
fn hex(mut n: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut digits = Vec::new();
    loop {
        digits.push(HEX[(n & 15) as usize]);
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| d as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_looks_like_a_token_is_not_shown() {
        for name in ["getWorkspace", "options.timeoutMs", "eyJ"] {
            let expected = if name == "eyJ" { NOT_SHOWN } else { name };
            assert_eq!(shown_name(name), expected);
        }
        assert_eq!(shown_name(""), "\"\"", "an empty name is named");
        for token in ["eyJhbGciOiJSUzI1NiJ9.e30.sig", " Bearer eyJhbGci.x.y", &"k".repeat(65)] {
            assert_eq!(shown_name(token), NOT_SHOWN, "{token}");
        }
        assert_eq!(shown_name(&"k".repeat(64)), "k".repeat(64));
        let error = crate::Error::unknown_operation("eyJhbGci.e30.sig", ["getWorkspace"]);
        assert_eq!(
            error.to_string(),
            format!("no operation is named `{NOT_SHOWN}` (operations() lists them)")
        );
    }

    #[test]
    fn integers_and_fractions() {
        assert_eq!(number(42.0), "42");
        assert_eq!(number(-7.0), "-7");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(MAX_SAFE_INTEGER), "9007199254740991");
        assert_eq!(integer(MAX_SAFE_INTEGER * 2.0), None);
        assert_eq!(integer(1.5), None);
    }

    #[test]
    fn first_chars_counts_characters_not_bytes() {
        for text in ["", "abc", "héllo wörld", "日本語のテキスト", "a\u{1F600}b\u{1F600}c"]
        {
            for n in 0..12 {
                let expected: String = text.chars().take(n).collect();
                assert_eq!(first_chars(text, n), expected, "{text:?}, {n}");
            }
        }
    }

    #[test]
    fn join_is_slice_join() {
        for words in [&[][..], &["a"], &["a", "bc", ""], &["", ""]] {
            for separator in ["", ", ", " "] {
                assert_eq!(join(words, separator), words.join(separator));
            }
        }
    }

    #[test]
    fn integers_read_as_core_reads_them_without_a_plus() {
        for text in [
            "0",
            "7",
            "0042",
            "18446744073709551615",
            "18446744073709551616",
            "",
            "+5",
            "-5",
            "1a",
            " 1",
        ] {
            assert_eq!(
                decimal(text),
                text.parse::<u64>().ok().filter(|_| !text.starts_with('+')),
                "{text:?}"
            );
        }
        for text in ["ff", "FFFF", "0", "g", "+f", "ffffffffffffffff", "10000000000000000"] {
            let core = u64::from_str_radix(text, 16).ok().filter(|_| !text.starts_with('+'));
            assert_eq!(hexadecimal(text), core, "{text:?}");
        }
        for text in [
            "0",
            "-0",
            "42",
            "-42",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "-",
            "+1",
            "--1",
            "",
        ] {
            assert_eq!(
                signed(text),
                text.parse::<i64>().ok().filter(|_| !text.starts_with('+')),
                "{text:?}"
            );
        }
    }

    #[test]
    fn byte_search_is_str_search() {
        for (hay, needle) in [
            ("https://x", "://"),
            ("a::b::c", "::"),
            ("abc", ""),
            ("", "a"),
            ("é::ü", "::"),
            ("ab", "abc"),
            ("xx", "x"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay} {needle}");
            assert_eq!(split_once(hay, needle), hay.split_once(needle), "{hay} {needle}");
        }
    }

    #[test]
    fn find_byte_finds_the_first_at_every_offset() {
        // Long enough for whole words and a remainder; the byte at each place, with
        // others equal to it later and bytes that differ from it by one bit around.
        for len in 0..40 {
            let hay: Vec<u8> = (0..len).map(|i| [0x08, 0x88, 0xff, 0x00][i % 4]).collect();
            assert_eq!(find_byte(&hay, b'\t'), None);
            for at in 0..len {
                let mut with = hay.clone();
                with[at] = b'\t';
                with.extend_from_slice(b"\t\t");
                assert_eq!(find_byte(&with, b'\t'), Some(at), "{with:?}");
            }
        }
        let text = "o\tgetWorkspace\t\tGET\t/workspace\té\t";
        assert_eq!(find_byte(text.as_bytes(), b'\t'), text.find('\t'));
        assert_eq!(find_byte(text.as_bytes(), 0xa9), Some(text.len() - 2), "any byte");
    }

    #[test]
    fn byte_splits_and_trims_match_core() {
        for text in ["", "a", "a.b", ".a.", "a..b", "é.ü.", "...", "a.b.c.d.e"] {
            assert_eq!(pieces(text, b'.').collect::<Vec<_>>(), text.split('.').collect::<Vec<_>>());
            assert_eq!(rfind_any(text, b"."), text.rfind('.'), "{text:?}");
            assert_eq!(trim_start_any(text, b".a"), text.trim_start_matches(['.', 'a']));
            assert_eq!(trim_end_any(text, b".a"), text.trim_end_matches(['.', 'a']));
        }
        for text in ["", "\n", "a", "a\n", "a\nb", "a\n\nb\n", "\n\n", "é\tü\n"] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn insert_sorted_is_a_stable_sort() {
        let mut list = Vec::new();
        for (i, key) in ["m", "b", "z", "b", "a"].into_iter().enumerate() {
            insert_sorted(&mut list, key, i);
        }
        let mut sorted: Vec<_> =
            ["m", "b", "z", "b", "a"].into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(list, sorted);
    }

    #[test]
    fn quoted_is_debug_for_what_messages_hold() {
        for text in ["plain", "a\"b\\c", "line\nbreak\ttab\r", "nul\0", "bell\u{7}", "é ü 😀", "."]
        {
            assert_eq!(quoted(text), format!("{text:?}"), "{text}");
        }
    }
}
