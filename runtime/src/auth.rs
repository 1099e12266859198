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
        let token = token.trim_ascii();
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
        for bad in ["ab\ncd", "héllo"] {
            let err = Token::new(bad).unwrap_err().to_string();
            assert!(err.starts_with("token holds characters") && !err.contains(bad), "{err}");
        }
    }
}
