//! Reading a token's claims without its key.
//!
//! Xano issues two kinds of JWT that reach the Metadata API, and the payload of both is
//! readable by anyone; the signature is not (and cannot be) checked here:
//! - Metadata API access tokens (RS256, `aud` `xano:meta`, a CRUD scope map under
//!   `xano.access_token.scope`, an `expires_at` date);
//! - OAuth 2.1 access tokens from Xano's login (header `typ: at+jwt`, `aud` the instance
//!   origin, the standard `exp`, a space-separated `scope` string; xano-sdk/sdk
//!   `src/auth/oauth.ts` and `src/auth/token.ts`).
//!
//! The standard `exp` and `nbf` claims are honoured for every JWT. Nothing in this
//! module echoes the token.

use std::fmt;

use super::Permissions;
use crate::calendar::{civil_from_days, days_from_civil, days_in_month};
use crate::json;
use crate::text::{decimal, pieces, sub, trim_end_any};

/// Tokens longer than this are refused before decoding (real ones are ~1 KB).
const MAX_TOKEN_LEN: usize = 16 * 1024;

/// The audience of instance Metadata API tokens.
pub const METADATA_AUDIENCE: &str = "xano:meta";

/// How far a token's `nbf` may lie ahead of this machine's clock and still count as
/// valid. Xano sets `nbf` to the moment of issue, so a clock a few seconds behind the
/// server's would otherwise refuse every freshly made token.
pub const NOT_BEFORE_LEEWAY_SECONDS: i64 = 60;

/// The last second of year 9999: NumericDates past it (or before 1970) are refused as
/// not dates, so that no arithmetic on them can overflow.
const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// What kind of token a JWT is, by its header and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenKind {
    /// A Metadata API access token: audience `xano:meta` and a CRUD scope map.
    Metadata,
    /// An OAuth access token (header `typ: at+jwt`).
    OAuth,
    /// Some other JWT: neither of the above.
    #[default]
    Jwt,
}

impl TokenKind {
    /// `"metadata"`, `"oauth"` or `"jwt"`, as `decodeToken` reports it.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Metadata => "metadata",
            TokenKind::OAuth => "oauth",
            TokenKind::Jwt => "jwt",
        }
    }

    /// For people: `a Metadata API token`, `an OAuth access token`, `a JWT of no known kind`.
    pub fn describe(self) -> &'static str {
        match self {
            TokenKind::Metadata => "a Metadata API token",
            TokenKind::OAuth => "an OAuth access token",
            TokenKind::Jwt => "a JWT of no kind Xano is known to issue",
        }
    }
}

/// What a token's header and payload say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenClaims {
    /// What kind of token this is.
    pub kind: TokenKind,
    /// The CRUD scope map (`xano.access_token.scope`): key → value, sorted by key.
    /// Keys absent here hold no access.
    pub scopes: Vec<(String, Permissions)>,
    /// The words of a space-separated `scope` claim (OAuth access tokens), as written.
    /// No public source maps them to the CRUD scopes.
    pub scope_words: Vec<String>,
    /// `aud`: `xano:meta` for Metadata API tokens, the instance origin for OAuth ones.
    pub audience: Option<String>,
    /// `iat`, in Unix seconds.
    pub issued_at: Option<i64>,
    /// `nbf`, in Unix seconds: the token is not valid before it.
    pub not_before: Option<i64>,
    /// The standard `exp` claim, in Unix seconds.
    pub exp: Option<i64>,
    /// Xano's `xano.access_token.expires_at`, in Unix seconds; older Metadata API tokens
    /// have none (their lifetime is not in the token).
    pub expires_at: Option<i64>,
    /// `expires_at` as the token writes it.
    pub expires_at_text: Option<String>,
}

impl TokenClaims {
    /// Whether this is a Metadata API access token.
    pub fn is_metadata_token(&self) -> bool {
        self.kind == TokenKind::Metadata
    }

    /// The permissions the token holds on `key` (none when absent).
    pub fn permissions(&self, key: &str) -> Permissions {
        self.scopes.iter().find(|(k, _)| k == key).map_or(Permissions::NONE, |(_, p)| *p)
    }

    /// Whether the scope map has `key` at all (even at 0).
    pub fn carries(&self, key: &str) -> bool {
        self.scopes.iter().any(|(k, _)| k == key)
    }

    /// When the token stops working, in Unix seconds: the earlier of `exp` and
    /// `expires_at`; `None` when it gives neither.
    pub fn expiry(&self) -> Option<i64> {
        match (self.exp, self.expires_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// [`TokenClaims::expiry`] for people: `expires_at` as the token writes it when that
    /// is the earlier, else the date in UTC.
    pub fn expiry_text(&self) -> Option<String> {
        let at = self.expiry()?;
        Some(match &self.expires_at_text {
            Some(text) if self.expires_at == Some(at) => text.clone(),
            _ => format_timestamp(at),
        })
    }

    /// Whether the token has expired at `now` (Unix seconds), by `exp` or `expires_at`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expiry().is_some_and(|at| at <= now)
    }

    /// Whether `nbf` is still ahead of `now` (Unix seconds), beyond
    /// [`NOT_BEFORE_LEEWAY_SECONDS`].
    pub fn is_not_yet_valid(&self, now: i64) -> bool {
        self.not_before.is_some_and(|nbf| nbf > now.saturating_add(NOT_BEFORE_LEEWAY_SECONDS))
    }
}

/// Why a token could not be read. Never holds any part of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Longer than any Xano token (its length).
    TooLong(usize),
    /// Not three non-empty dot-separated parts.
    NotThreeParts {
        /// How many dot-separated parts it has.
        parts: usize,
        /// How many of them are empty.
        empty: usize,
    },
    /// A part that is not base64url.
    BadBase64 {
        /// `header` or `payload`.
        part: &'static str,
    },
    /// A part that is not JSON.
    NotJson {
        /// `header` or `payload`.
        part: &'static str,
        /// The JSON parser's words.
        why: String,
    },
    /// JSON, but not shaped like a token's.
    WrongShape(String),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::TooLong(len) => write!(f, "token is {len} characters long; a Xano token is about 1,000 (at most {MAX_TOKEN_LEN} are read)"),
            TokenError::NotThreeParts { parts, empty: 0 } => {
                write!(f, "token is not a JWT: it has {parts} dot-separated part(s), a JWT has 3")
            }
            TokenError::NotThreeParts { parts, empty } => write!(
                f,
                "token is not a JWT: it has {parts} dot-separated part(s), {empty} of them empty; a JWT has 3, none empty"
            ),
            TokenError::BadBase64 { part } => write!(f, "token's {part} is not base64url"),
            TokenError::NotJson { part, why } => write!(f, "token's {part} is not JSON ({why})"),
            TokenError::WrongShape(why) => write!(f, "token's payload is not a Xano token's ({why})"),
        }
    }
}

impl std::error::Error for TokenError {}

/// Decodes a token's header and payload (no signature check: the key is not public).
pub fn decode_token(token: &str) -> Result<TokenClaims, TokenError> {
    let token = crate::auth::bare(token);
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::TooLong(token.len()));
    }
    let parts: Vec<&str> = pieces(token, b'.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        let empty = parts.iter().filter(|p| p.is_empty()).count();
        return Err(TokenError::NotThreeParts { parts: parts.len(), empty });
    }
    let json = |part: &'static str, text: &str| -> Result<json::Value, TokenError> {
        let bytes = base64url(text).ok_or(TokenError::BadBase64 { part })?;
        json::from_slice(&bytes).map_err(|e| TokenError::NotJson { part, why: e.to_string() })
    };
    let header = json("header", parts[0])?;
    let payload = json("payload", parts[1])?;
    let mut claims = claims(&payload)?;
    let header = header
        .as_object()
        .ok_or_else(|| TokenError::WrongShape("its header is not an object".to_owned()))?;
    // RFC 9068 §2.1: `at+jwt`, or the full media type `application/at+jwt`.
    let typ = header.get("typ").and_then(|t| t.as_str()).unwrap_or("");
    let typ = typ.strip_prefix("application/").unwrap_or(typ);
    if typ.eq_ignore_ascii_case("at+jwt") {
        claims.kind = TokenKind::OAuth;
    }
    Ok(claims)
}

fn claims(json: &json::Value) -> Result<TokenClaims, TokenError> {
    let object =
        json.as_object().ok_or_else(|| TokenError::WrongShape("not an object".to_owned()))?;
    // RFC 7519 NumericDate: seconds since 1970, possibly with a fraction.
    let date = |key: &str| -> Result<Option<i64>, TokenError> {
        match object.get(key) {
            None | Some(json::Value::Null) => Ok(None),
            Some(v) => v
                .as_f64()
                .map(f64::floor)
                .filter(|s| (0.0..=MAX_NUMERIC_DATE as f64).contains(s))
                .map(|s| Some(s as i64))
                .ok_or_else(|| {
                    TokenError::WrongShape(format!(
                        "`{key}` is not a date in seconds since 1970 (up to year 9999)"
                    ))
                }),
        }
    };
    let audience = match object.get("aud") {
        None => None,
        Some(json::Value::String(s)) => Some(s.clone()),
        // JWT allows a list of audiences; Xano uses one.
        Some(json::Value::Array(list)) => list
            .iter()
            .filter_map(|a| a.as_str())
            .find(|a| *a == METADATA_AUDIENCE)
            .or_else(|| list.first().and_then(|a| a.as_str()))
            .map(str::to_owned),
        Some(_) => return Err(TokenError::WrongShape("`aud` is not a string".to_owned())),
    };
    let scope_words = match object.get("scope") {
        None | Some(json::Value::Null) => Vec::new(),
        Some(json::Value::String(s)) => s.split_ascii_whitespace().map(str::to_owned).collect(),
        Some(_) => {
            return Err(TokenError::WrongShape(
                "`scope` is not a space-separated string".to_owned(),
            ))
        }
    };
    let mut out = TokenClaims {
        audience,
        scope_words,
        // Only reported, never checked: one the decoder cannot read is unknown, rather
        // than a token whose expiry and scopes go unread because of it.
        issued_at: date("iat").ok().flatten(),
        not_before: date("nbf")?,
        exp: date("exp")?,
        ..TokenClaims::default()
    };
    let access = object.get("xano").and_then(|x| x.get("access_token"));
    if let Some(access) = access {
        let access = access.as_object().ok_or_else(|| {
            TokenError::WrongShape("`xano.access_token` is not an object".to_owned())
        })?;
        if let Some(scope) = access.get("scope") {
            let scope = scope.as_object().ok_or_else(|| {
                TokenError::WrongShape("`xano.access_token.scope` is not an object".to_owned())
            })?;
            for (key, value) in scope {
                // `null` read like a missing key, which is no access (docs/XANO.md,
                // "Token scopes"; no token with `null` has been seen, so this is a guess
                // on the safe side); a whole number also when written `15.0`.
                let bits = match value {
                    json::Value::Null => Some(0.0),
                    _ => value.as_f64(),
                };
                let bits = bits.filter(|v| v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(v));
                let bits = bits.ok_or_else(|| {
                    TokenError::WrongShape(format!(
                        "scope `{}` is not a small whole number",
                        truncate(key)
                    ))
                })?;
                crate::text::insert_sorted(&mut out.scopes, key.clone(), Permissions(bits as u32));
            }
        }
        match access.get("expires_at") {
            None | Some(json::Value::Null) => {}
            Some(json::Value::String(text)) => {
                let at = parse_timestamp(text).ok_or_else(|| {
                    TokenError::WrongShape(format!(
                        "`expires_at` is not a date: {}",
                        crate::text::quoted(&truncate(text))
                    ))
                })?;
                out.expires_at = Some(at);
                out.expires_at_text = Some(text.clone());
            }
            Some(json::Value::Number(n)) => {
                let at = n.as_i64().filter(|s| (0..=MAX_NUMERIC_DATE).contains(s));
                out.expires_at = Some(at.ok_or_else(|| {
                    TokenError::WrongShape("`expires_at` is not a date".to_owned())
                })?);
            }
            Some(_) => return Err(TokenError::WrongShape("`expires_at` is not a date".to_owned())),
        }
    }
    if out.audience.as_deref() == Some(METADATA_AUDIENCE)
        && access.is_some_and(|a| a.get("scope").is_some())
    {
        out.kind = TokenKind::Metadata;
    }
    Ok(out)
}

/// At most 40 characters of a hostile string, for messages.
fn truncate(text: &str) -> String {
    crate::text::first_chars(text, 40).to_owned()
}

/// Decodes base64url, with or without padding (also accepts `+` and `/`).
fn base64url(text: &str) -> Option<Vec<u8>> {
    let text = trim_end_any(text, b"=");
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) cannot end valid base64.
    (bits < 6).then_some(out)
}

/// Parses `2025-09-23 14:56:15+0000` (Xano's form), or ISO 8601 with `T` and `Z`
/// or `±HH:MM`, into Unix seconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim_ascii();
    let digits = |s: &str| -> Option<i64> { decimal(s).and_then(|n| i64::try_from(n).ok()) };
    // ASCII only, so that the byte offsets below fall on characters.
    if text.len() < 19 || !text.is_ascii() {
        return None;
    }
    let (date, sep, rest) = (sub(text, ..10), sub(text, 10..11), sub(text, 11..));
    if sep != " " && !sep.eq_ignore_ascii_case("T") {
        return None;
    }
    let (time, mut zone) = (sub(rest, ..8), sub(rest, 8..));
    let d: Vec<&str> = pieces(date, b'-').collect();
    let t: Vec<&str> = pieces(time, b':').collect();
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    let (year, month, day) = (digits(d[0])?, digits(d[1])?, digits(d[2])?);
    let (hour, minute, second) = (digits(t[0])?, digits(t[1])?, digits(t[2])?);
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    if let Some(fraction) = zone.strip_prefix('.') {
        let end = fraction.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(fraction.len());
        zone = sub(fraction, end..);
    }
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            // `±HHMM`, `±HH:MM`, or `±HH` (PostgreSQL's form of a whole hour).
            let minutes = match zone.len() {
                3 => "00",
                5 => sub(zone, 3..),
                6 if zone.as_bytes()[3] == b':' => sub(zone, 4..),
                _ => return None,
            };
            let (hours, minutes) = (digits(sub(zone, 1..3))?, digits(minutes)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Unix seconds as `2025-09-23 14:56:15 UTC`.
pub fn format_timestamp(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests;
