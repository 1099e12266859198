//! Numbers and quoted strings as text, without core's float formatting or `Debug`.
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
    fn integers_and_fractions() {
        assert_eq!(number(42.0), "42");
        assert_eq!(number(-7.0), "-7");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(MAX_SAFE_INTEGER), "9007199254740991");
        assert_eq!(integer(MAX_SAFE_INTEGER * 2.0), None);
        assert_eq!(integer(1.5), None);
    }

    #[test]
    fn quoted_is_debug_for_what_messages_hold() {
        for text in ["plain", "a\"b\\c", "line\nbreak\ttab\r", "nul\0", "bell\u{7}", "é ü 😀", "."]
        {
            assert_eq!(quoted(text), format!("{text:?}"), "{text}");
        }
    }
}
