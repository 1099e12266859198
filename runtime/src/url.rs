//! Base URLs and percent-encoding.

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
        let url = url.trim_end_matches('/');
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("has no scheme"))?;
        if url.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain a query, a fragment or white space"));
        }
        let authority = rest.split('/').next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') {
            return Err(bad("must name a host (and no user info)"));
        }
        let host = host_of(authority);
        match scheme {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => return Err(bad("must use https (http is allowed for loopback hosts only)")),
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
        &self.url[..self.origin_len]
    }
}

fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    authority.rsplit_once(':').map_or(authority, |(host, _port)| host)
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let loopback_ip = host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback_ip || host == "localhost" || host.ends_with(".localhost")
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
        ] {
            let err = BaseUrl::parse(bad).unwrap_err();
            assert!(err.to_string().starts_with("baseUrl "), "{bad}: {err}");
        }
    }
}
