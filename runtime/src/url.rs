//! Base URLs and percent-encoding.

use crate::text::{
    decimal, find_any, has_any, hexadecimal, pieces, rfind_any, split_once, sub, trim_end_any,
};
use crate::Error;

/// A checked base URL such as `https://x8ki-letl-twmt.n7.xano.io/api:meta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash.
    url: String,
    /// `scheme://host[:port]`: the only origin the token is sent to.
    origin_len: usize,
}

impl BaseUrl {
    /// Checks `url`: `https://`, or `http://` to a loopback host only (the token
    /// would otherwise cross the network in clear text); no query or fragment.
    pub fn parse(url: &str) -> Result<BaseUrl, Error> {
        let bad = |why: &str| {
            Error::Config(format!(
                "baseUrl {why}; expected e.g. https://x1-abc.n7.xano.io/api:meta"
            ))
        };
        let url = trim_end_any(url, b"/");
        let (scheme, rest) = split_once(url, "://").ok_or_else(|| bad("has no scheme"))?;
        if has_any(url, b"?#") || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain a query, a fragment or white space"));
        }
        let authority = pieces(rest, b'/').next().unwrap_or("");
        if authority.is_empty() || has_any(authority, b"@") {
            return Err(bad("must name a host (and no user info)"));
        }
        // Only what a host and port are written with. A URL parser reads more: `\`
        // ends the host as `/` does, `%xx` is decoded, so a host this check reads one
        // way `fetch` could read as another (when names under `.localhost` counted as
        // loopback here, `http://192.0.2.2\.localhost` would have sent the token in
        // clear to 192.0.2.2).
        let host_byte = |b: u8| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b':' | b'[' | b']')
        };
        if !authority.bytes().all(host_byte) {
            return Err(bad(
                "must name its host with letters, digits, `-`, `.` and `_` (or [an IPv6 address]) and a port",
            ));
        }
        let host = host_of(authority);
        match scheme {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => {
                return Err(bad("must use https (http only to a loopback address or `localhost`)"))
            }
            _ => return Err(bad("must start with https://")),
        }
        Ok(BaseUrl { origin_len: scheme.len() + 3 + authority.len(), url: url.to_owned() })
    }

    /// The whole base URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// `scheme://host[:port]` of the base URL.
    pub fn origin(&self) -> &str {
        sub(&self.url, ..self.origin_len)
    }
}

/// The `host[:port]` of an absolute URL, as error messages name where a request
/// went (`https://x1.n7.xano.io/api:meta/...` → `x1.n7.xano.io`).
pub fn authority(url: &str) -> &str {
    let rest = split_once(url, "://").map_or(url, |(_, rest)| rest);
    let end = find_any(rest, b"/?#").unwrap_or(rest.len());
    // Userinfo is never in a base URL this package accepts, but never echo one.
    let authority = sub(rest, ..end);
    rfind_any(authority, b"@").map_or(authority, |at| sub(authority, at + 1..))
}

fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return find_any(rest, b"]").map_or(rest, |at| sub(rest, ..at));
    }
    rfind_any(authority, b":").map_or(authority, |at| sub(authority, ..at))
}

/// Whether plain http may carry the token to `host`: a loopback address, or
/// `localhost` itself (every hosts file maps it). Not a name under `.localhost`:
/// browsers resolve those to loopback themselves, but Node, Deno and Bun ask the
/// system's resolver, which may pass the name on to DNS and get any address back.
fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let loopback_ip = ipv4(&host).is_some_and(|ip| ip[0] == 127)
        || ipv6(&host).is_some_and(|ip| ip == [0, 0, 0, 0, 0, 0, 0, 1]);
    loopback_ip || host == "localhost"
}

// The two address parsers below accept what `std::net`'s do (the test compares
// them); std's, with its error types, was 2.5 KB of the wasm for one check.

/// A dotted-quad IPv4 address: four decimal octets, no leading zeros.
fn ipv4(text: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = pieces(text, b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        let digits_ok = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
        *octet = u8::try_from(decimal(part)?).ok()?;
    }
    parts.next().is_none().then_some(octets)
}

/// An IPv6 address in any of RFC 4291's text forms (`::` once, an IPv4 tail).
fn ipv6(text: &str) -> Option<[u16; 8]> {
    fn groups(text: &str, out: &mut Vec<u16>) -> Option<()> {
        if text.is_empty() {
            return Some(());
        }
        let parts: Vec<&str> = pieces(text, b':').collect();
        for (i, part) in parts.iter().enumerate() {
            if i == parts.len() - 1 && has_any(part, b".") {
                let [a, b, c, d] = ipv4(part)?;
                out.extend([u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])]);
            } else if (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                out.push(hexadecimal(part)? as u16);
            } else {
                return None;
            }
        }
        Some(())
    }
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    let compressed = match split_once(text, "::") {
        Some((before, after)) => {
            groups(before, &mut head)?;
            groups(after, &mut tail)?;
            true
        }
        None => {
            groups(text, &mut head)?;
            false
        }
    };
    // An IPv4 tail only ends the address.
    if head.len() + tail.len() > 8 - usize::from(compressed)
        || (compressed && has_any(split_once(text, "::")?.0, b"."))
    {
        return None;
    }
    if !compressed && head.len() != 8 {
        return None;
    }
    let mut out = [0u16; 8];
    out[..head.len()].copy_from_slice(&head);
    out[8 - tail.len()..].copy_from_slice(&tail);
    Some(out)
}

/// Appends `value` percent-encoded: every byte but RFC 3986's unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so `/`, `?`, `#`, `%` and `&`
/// can never change the shape of a path or a query.
pub fn percent_encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 15) as usize] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &str) -> String {
        let mut out = String::new();
        percent_encode_into(&mut out, value);
        out
    }

    #[test]
    fn encodes_everything_that_could_change_the_shape() {
        assert_eq!(encode("../a/b?c#d%e&f=g h"), "..%2Fa%2Fb%3Fc%23d%25e%26f%3Dg%20h");
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn base_url_accepts_https_and_loopback_http() {
        let url = BaseUrl::parse("https://x1.n7.xano.io/api:meta/").unwrap();
        assert_eq!(url.as_str(), "https://x1.n7.xano.io/api:meta");
        assert_eq!(url.origin(), "https://x1.n7.xano.io");
        let local = BaseUrl::parse("http://127.0.0.1:8080/api:meta").unwrap();
        assert_eq!(local.origin(), "http://127.0.0.1:8080");
        assert!(BaseUrl::parse("http://[::1]:9/api:meta").is_ok());
        assert!(BaseUrl::parse("http://localhost/api:meta").is_ok());
        assert!(BaseUrl::parse("http://LocalHost:3000/api:meta").is_ok());
        let err = BaseUrl::parse("http://api.localhost/api:meta").unwrap_err().to_string();
        assert!(
            err.contains("must use https (http only to a loopback address or `localhost`)"),
            "{err}"
        );
    }

    #[test]
    fn addresses_are_read_as_std_reads_them() {
        for text in [
            "127.0.0.1",
            "127.1",
            "127.0.0.01",
            "127.0.0.256",
            "1.2.3.4.5",
            "127.0.0.",
            "0.0.0.0",
            "::1",
            "0:0:0:0:0:0:0:1",
            "0000::0001",
            "::0:1",
            "::0.0.0.1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "1::",
            "::",
            ":::1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7",
            "1::2::3",
            "12345::1",
            "g::1",
            "1.2.3.4::",
            "::1.2.3.4:5",
            "0:0:0:0:0:0:0.0.0.1",
            "0:0:0:0:0:0:0:0.0.0.1",
            "",
        ] {
            let std4 = text.parse::<std::net::Ipv4Addr>().ok().map(|ip| ip.octets());
            let std6 = text.parse::<std::net::Ipv6Addr>().ok().map(|ip| ip.segments());
            assert_eq!((ipv4(text), ipv6(text)), (std4, std6), "{text:?}");
        }
    }

    #[test]
    fn generated_addresses_are_read_as_std_reads_them() {
        let mut rng = crate::test_rng::Rng(0x2545_F491_4F6C_DD1D);
        const PARTS: &[&str] = &[
            "0",
            "1",
            "01",
            "00",
            "127",
            "255",
            "256",
            "999",
            "ffff",
            "FFFF",
            "0000",
            "00000",
            "abc",
            "g",
            "",
            "1.2.3.4",
            "127.0.0.1",
            "0.0.0.1",
        ];
        const JOINS: &[&str] = &[":", ":", ".", "::", ":::"];
        let mut parsed = 0;
        for case in 0..50_000 {
            let mut text = String::from(rng.pick(PARTS));
            for _ in 0..rng.below(10) {
                text.push_str(rng.pick(JOINS));
                text.push_str(rng.pick(PARTS));
            }
            let std4 = text.parse::<std::net::Ipv4Addr>().ok().map(|ip| ip.octets());
            let std6 = text.parse::<std::net::Ipv6Addr>().ok().map(|ip| ip.segments());
            parsed += usize::from(std4.is_some() || std6.is_some());
            assert_eq!((ipv4(&text), ipv6(&text)), (std4, std6), "case {case}: {text:?}");
        }
        assert!(parsed > 1_000, "only {parsed} of the generated texts are addresses");
    }

    #[test]
    fn base_url_refuses_what_would_leak_or_mislead() {
        for bad in [
            "http://x1.n7.xano.io/api:meta",
            "ftp://x/api:meta",
            "x1.n7.xano.io/api:meta",
            "https://user:pw@x1/api:meta",
            "https://x1/api:meta?x=1",
            "https://x1/api:meta#f",
            "https://x1/api meta",
            "https:///api:meta",
            "http://127.0.0.1.evil.com/api:meta",
            "http://api.localhost:8080/api:meta",
            "http://a.b.LOCALHOST/api:meta",
            "http://localhost.evil.example/api:meta",
            "http://192.0.2.2\\.localhost/api:meta",
            "http://192.0.2.2%5C.localhost/api:meta",
            "http://%31%32%37.0.0.1/api:meta",
            "https://x1.n7.xano.io\\@evil/api:meta",
            "https://h\u{f6}st.example/api:meta",
        ] {
            let err = BaseUrl::parse(bad).unwrap_err();
            assert!(err.to_string().starts_with("baseUrl "), "{bad}: {err}");
        }
    }

    #[test]
    fn authority_of_a_url() {
        assert_eq!(authority("https://x1.n7.xano.io/api:meta/workspace"), "x1.n7.xano.io");
        assert_eq!(authority("http://127.0.0.1:8080/api:meta?x=1"), "127.0.0.1:8080");
        assert_eq!(authority("https://user:secret@host.example/a"), "host.example");
        assert_eq!(authority("https://[::1]:9/a"), "[::1]:9");
    }
}
