//! The access token, kept out of every message.

use std::fmt;

/// A bearer token (an instance access token or an account PAT).
///
/// `Debug` prints `Token(<redacted>)`, and there is no `Display`. There are two ways
/// out: [`Token::header_value`], used by the transport for `Authorization`, and
/// [`Token::expose`], used only to decode the token's claims (which never quote it).
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Accepts a token; refuses empty ones and ones that cannot be sent in a
    /// header (control characters, non-ASCII), without echoing the value.
    pub fn new(token: impl Into<String>) -> Result<Token, crate::Error> {
        let token = token.into();
        let token = bare(&token);
        if token.is_empty() {
            return Err(crate::Error::Config("token is empty".to_owned()));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(crate::Error::Config("token holds characters a token cannot have (spaces, control or non-ASCII characters)".to_owned()));
        }
        Ok(Token(token.to_owned()))
    }

    /// `Bearer <token>`.
    pub fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// The raw token, for decoding its claims.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The token in `text`: without the whitespace around it, nor the `Bearer ` of an
/// `Authorization` header's value (the scheme in any case), which users paste with it.
/// The one rule for the client's token and the scope functions' (`decodeToken`).
pub fn bare(text: &str) -> &str {
    let text = text.trim_ascii();
    match (text.get(..6), text.as_bytes().get(6)) {
        (Some(scheme), None | Some(b' ' | b'\t')) if scheme.eq_ignore_ascii_case("bearer") => {
            crate::text::sub(text, 6..).trim_ascii_start()
        }
        _ => text,
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_never_printed() {
        let token = Token::new("  eyJsecret.payload.sig ").unwrap();
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        assert_eq!(token.header_value(), "Bearer eyJsecret.payload.sig");
        assert_eq!(Token::new("   ").unwrap_err().to_string(), "token is empty");
        for pasted in ["Bearer eyJsecret.payload.sig", "bearer  eyJsecret.payload.sig\n"] {
            assert_eq!(Token::new(pasted).unwrap().expose(), "eyJsecret.payload.sig");
        }
        assert_eq!(Token::new("Bearer ").unwrap_err().to_string(), "token is empty");
        assert_eq!(bare("Bearerless"), "Bearerless");
        for bad in ["ab\ncd", "héllo"] {
            let err = Token::new(bad).unwrap_err().to_string();
            assert!(err.starts_with("token holds characters") && !err.contains(bad), "{err}");
        }
    }
}
