//! What a successful answer is, decided from its headers: JSON, text or bytes, by
//! the `Content-Type` Xano actually sends rather than the spec's media type (the spec
//! declares `application/json` for every response, and the workspace export is a
//! gzipped tar archive: docs/XANO.md, "Where the spec is wrong"). Plain Rust, so every
//! decision is tested on the host; `download` (wasm32) only carries it out.

use std::fmt;

use crate::text::{
    decimal, find_any, hexadecimal, pieces, rfind_any, split_once, sub, trim_start_any,
};

/// `application/json`: JSON bodies, sent and received.
pub const JSON: &str = "application/json";
/// `multipart/form-data`: object bodies holding a file.
pub const MULTIPART: &str = "multipart/form-data";
/// `text/x-xanoscript`: XanoScript source as a request body.
pub const XANOSCRIPT: &str = "text/x-xanoscript";

/// How a 2xx body is given to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` or `…+json`: parsed by the host's `JSON.parse`.
    Json,
    /// `text/*` (XanoScript included): a string.
    Text,
    /// Anything else (archives, `application/octet-stream`, images): bytes.
    Binary,
}

/// The `parseAs` call option: how the caller wants the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParseAs {
    /// By the answer's `Content-Type` (see [`classify`]); the default.
    #[default]
    Auto,
    /// Parse as JSON whatever the media type says.
    Json,
    /// A string.
    Text,
    /// A `Blob` (a `File` when `Content-Disposition` names one).
    Blob,
    /// An `ArrayBuffer`.
    ArrayBuffer,
    /// The body's `ReadableStream`, unread: nothing is buffered.
    Stream,
    /// The `Response` itself (status 2xx), body unread.
    Response,
}

impl ParseAs {
    /// Every accepted spelling, as the option is written in JS.
    pub const NAMES: &'static [&'static str] =
        &["auto", "json", "text", "blob", "arrayBuffer", "stream", "response"];

    /// Reads the option's value.
    pub fn parse(name: &str) -> Option<ParseAs> {
        Some(match name {
            "auto" => ParseAs::Auto,
            "json" => ParseAs::Json,
            "text" => ParseAs::Text,
            "blob" => ParseAs::Blob,
            "arrayBuffer" => ParseAs::ArrayBuffer,
            "stream" => ParseAs::Stream,
            "response" => ParseAs::Response,
            _ => return None,
        })
    }
}

/// The media type of a `Content-Type` value, lower-cased, without parameters
/// (`application/json; charset=utf-8` → `application/json`).
pub fn essence(content_type: &str) -> String {
    pieces(content_type, b';').next().unwrap_or_default().trim_ascii().to_ascii_lowercase()
}

/// What a 2xx body with this `Content-Type` is. No header at all is read as JSON, the
/// media type Xano's spec declares for every answer.
pub fn classify(content_type: Option<&str>) -> BodyKind {
    let Some(content_type) = content_type else { return BodyKind::Json };
    let media = essence(content_type);
    if media == JSON || media.ends_with("+json") {
        BodyKind::Json
    } else if media.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

/// Whether a 2xx answer has no body at all: 204, 205, or `Content-Length: 0`.
pub fn has_no_body(status: u16, content_length: Option<&str>) -> bool {
    matches!(status, 204 | 205) || content_length.is_some_and(|n| n.trim_ascii() == "0")
}

/// The number of body bytes the answer announces, when the bytes read will be those
/// bytes: with a `Content-Encoding` (gzip…) `Content-Length` counts the encoded bytes,
/// while `fetch` hands over decoded ones, so it says nothing about them.
pub fn expected_length(
    content_length: Option<&str>,
    content_encoding: Option<&str>,
) -> Option<u64> {
    let encoded =
        content_encoding.is_some_and(|e| !e.trim_ascii().eq_ignore_ascii_case("identity"));
    if encoded {
        return None;
    }
    decimal(content_length?.trim_ascii())
}

/// A body that ended with other than the announced number of bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthMismatch {
    /// What `Content-Length` announced.
    pub expected: u64,
    /// What arrived.
    pub received: u64,
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body ended after {} bytes, but Content-Length announced {}",
            self.received, self.expected
        )
    }
}

/// Checks the bytes that arrived against the announced length.
pub fn check_length(expected: Option<u64>, received: u64) -> Result<(), LengthMismatch> {
    match expected {
        Some(expected) if expected != received => Err(LengthMismatch { expected, received }),
        _ => Ok(()),
    }
}

/// The file name a `Content-Disposition` value gives (RFC 6266): `filename*`
/// (RFC 5987, UTF-8 percent-encoded) before `filename`. Only the last path component
/// is kept, so a hostile name cannot point into another folder when a caller saves it.
pub fn file_name(content_disposition: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for (key, value) in parameters(content_disposition) {
        match key.as_str() {
            "filename*" => extended = extended.or_else(|| decode_extended(&value)),
            "filename" => plain = plain.or(Some(value)),
            _ => {}
        }
    }
    let name = extended.or(plain)?;
    let base = sub(&name, rfind_any(&name, b"/\\").map_or(0, |at| at + 1)..).trim_ascii();
    (!base.is_empty() && base != "." && base != "..").then(|| base.to_owned())
}

/// The `key=value` parameters after the first `;`, keys lower-cased, quoted values
/// unquoted (with `\` escapes).
fn parameters(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = match find_any(header, b";") {
        Some(i) => sub(header, i + 1..),
        None => return out,
    };
    loop {
        rest = trim_start_any(rest, b" \t;");
        let Some(eq) = find_any(rest, b"=") else { break };
        let key = sub(rest, ..eq).trim_ascii().to_ascii_lowercase();
        rest = sub(rest, eq + 1..).trim_ascii_start();
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            text.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => text.push(c),
                }
            }
            value = text;
            rest = sub(quoted, end.min(quoted.len())..);
        } else {
            let end = find_any(rest, b";").unwrap_or(rest.len());
            value = sub(rest, ..end).trim_ascii().to_owned();
            rest = sub(rest, end..);
        }
        out.push((key, value));
    }
    out
}

/// `UTF-8''na%C3%AFve.tar.gz` → `naïve.tar.gz`; other charsets are not decoded.
fn decode_extended(value: &str) -> Option<String> {
    // `charset'language'value`: the value is all after the second quote.
    let (charset, rest) = split_once(value, "'")?;
    let (_language, encoded) = split_once(rest, "'")?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(hexadecimal(hex)? as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_generated_header_gives_a_name_that_leaves_its_folder() {
        // Headers made of the pieces hostile ones are: separators, dot names, escapes
        // and percent-encodings of them, broken encodings.
        let mut rng = crate::test_rng::Rng(0x9E37_79B9_7F4A_7C15);
        const PIECES: &[&str] = &[
            "attachment",
            ";",
            " ",
            "filename=",
            "filename*=",
            "FILENAME=",
            "\"",
            "\\",
            "/",
            "..",
            ".",
            "a",
            "é",
            "UTF-8''",
            "utf-8'en'",
            "%2F",
            "%2e%2e",
            "%5C",
            "%C3%A9",
            "%",
            "%zz",
            "%C3",
            "x.tar.gz",
            "\t",
        ];
        let mut named = 0;
        for case in 0..50_000 {
            let mut header =
                String::from(["attachment; filename=", "inline; filename*="][rng.below(2)]);
            header.extend((0..rng.below(12)).map(|_| rng.pick(PIECES)));
            if let Some(name) = file_name(&header) {
                named += 1;
                assert!(
                    !name.is_empty()
                        && name != "."
                        && name != ".."
                        && !name.contains(['/', '\\'])
                        && name == name.trim_ascii(),
                    "case {case}: {header:?} → {name:?}"
                );
            }
        }
        assert!(named > 1_000, "only {named} headers named a file");
    }

    #[test]
    fn media_types_decide_the_kind() {
        assert_eq!(classify(Some("application/json; charset=utf-8")), BodyKind::Json);
        assert_eq!(classify(Some("Application/Problem+JSON")), BodyKind::Json);
        assert_eq!(classify(Some("text/x-xanoscript; charset=utf-8")), BodyKind::Text);
        assert_eq!(classify(Some("text/plain")), BodyKind::Text);
        assert_eq!(classify(Some("application/gzip")), BodyKind::Binary);
        assert_eq!(classify(Some("application/x-gtar")), BodyKind::Binary);
        assert_eq!(classify(Some("application/octet-stream")), BodyKind::Binary);
        assert_eq!(classify(Some("image/png")), BodyKind::Binary);
        assert_eq!(classify(Some("")), BodyKind::Binary);
        assert_eq!(classify(None), BodyKind::Json);
    }

    #[test]
    fn empty_answers() {
        assert!(has_no_body(204, None));
        assert!(has_no_body(200, Some("0")));
        assert!(!has_no_body(200, Some("12")));
        assert!(!has_no_body(200, None));
    }

    #[test]
    fn lengths_count_only_unencoded_bodies() {
        assert_eq!(expected_length(Some("300"), None), Some(300));
        assert_eq!(expected_length(Some("300"), Some("identity")), Some(300));
        assert_eq!(expected_length(Some("300"), Some("gzip")), None);
        assert_eq!(expected_length(Some("x"), None), None);
        assert_eq!(expected_length(None, None), None);
        assert!(check_length(Some(10), 10).is_ok());
        assert!(check_length(None, 10).is_ok());
        let mismatch = check_length(Some(10), 4).unwrap_err();
        assert_eq!(
            mismatch.to_string(),
            "the body ended after 4 bytes, but Content-Length announced 10"
        );
    }

    #[test]
    fn file_names_from_content_disposition() {
        let name = |h: &str| file_name(h);
        assert_eq!(
            name("attachment; filename=\"backup.tar.gz\"").as_deref(),
            Some("backup.tar.gz")
        );
        assert_eq!(name("attachment; filename=backup.tar.gz").as_deref(), Some("backup.tar.gz"));
        assert_eq!(
            name("attachment; filename=\"fallback.tgz\"; filename*=UTF-8''na%C3%AFve%20ws.tar.gz")
                .as_deref(),
            Some("naïve ws.tar.gz")
        );
        assert_eq!(
            name("attachment; FILENAME=\"a \\\"b\\\".txt\"").as_deref(),
            Some("a \"b\".txt")
        );
        assert_eq!(name("attachment; filename=\"../../etc/passwd\"").as_deref(), Some("passwd"));
        assert_eq!(name("attachment; filename=\"..\"").as_deref(), None);
        assert_eq!(name("attachment").as_deref(), None);
        assert_eq!(name("inline; filename*=ISO-8859-1''x.txt").as_deref(), None);
        assert_eq!(name("attachment; filename*=UTF-8''bad%ZZ").as_deref(), None);
        assert_eq!(name("attachment; filename*=UTF-8''cut%C").as_deref(), None);
    }

    #[test]
    fn parse_as_names() {
        for name in ParseAs::NAMES {
            assert!(ParseAs::parse(name).is_some(), "{name}");
        }
        assert_eq!(ParseAs::parse("Blob"), None);
    }
}
