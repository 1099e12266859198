//! Reading a Metadata API token's claims without its key.
//!
//! The token is an RS256 JWT whose payload is readable by anyone; the signature is
//! not (and cannot be) checked here. Nothing in this module echoes the token.

use std::fmt;

use super::Permissions;
use crate::json;

/// Tokens longer than this are refused before decoding (real ones are ~1 KB).
const MAX_TOKEN_LEN: usize = 16 * 1024;

/// The audience of instance Metadata API tokens.
pub const METADATA_AUDIENCE: &str = "xano:meta";

/// What a token's payload says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenClaims {
    /// Scope key → value, sorted by key. Keys absent here hold no access.
    pub scopes: Vec<(String, Permissions)>,
    pub audience: Option<String>,
    pub issued_at: Option<i64>,
    pub not_before: Option<i64>,
    /// Expiry in Unix seconds, from `expires_at`; `None`: no expiry given (older
    /// tokens; their lifetime is not in the token).
    pub expires_at: Option<i64>,
    /// `expires_at` as the token writes it.
    pub expires_at_text: Option<String>,
    /// The audience is `xano:meta` and the payload has the Metadata API shape.
    pub is_metadata_token: bool,
}

impl TokenClaims {
    /// The permissions the token holds on `key` (none when absent).
    pub fn permissions(&self, key: &str) -> Permissions {
        self.scopes.iter().find(|(k, _)| k == key).map_or(Permissions::NONE, |(_, p)| *p)
    }

    /// Whether the token has expired at `now` (Unix seconds).
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// Why a token could not be read. Never holds any part of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    TooLong(usize),
    NotThreeParts(usize),
    BadBase64 { part: &'static str },
    NotJson(String),
    WrongShape(String),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::TooLong(len) => write!(f, "token is {len} characters long; a Xano token is about 1,000 (at most {MAX_TOKEN_LEN} are read)"),
            TokenError::NotThreeParts(n) => write!(f, "token is not a JWT: it has {n} dot-separated part(s), a JWT has 3"),
            TokenError::BadBase64 { part } => write!(f, "token's {part} is not base64url"),
            TokenError::NotJson(why) => write!(f, "token's payload is not JSON ({why})"),
            TokenError::WrongShape(why) => write!(f, "token's payload is not a Xano token's ({why})"),
        }
    }
}

impl std::error::Error for TokenError {}

/// Decodes a token's payload (no signature check: the key is not public).
pub fn decode_token(token: &str) -> Result<TokenClaims, TokenError> {
    let token = token.trim();
    let token = token.strip_prefix("Bearer ").unwrap_or(token);
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::TooLong(token.len()));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(TokenError::NotThreeParts(parts.iter().filter(|p| !p.is_empty()).count()));
    }
    base64url(parts[0]).ok_or(TokenError::BadBase64 { part: "header" })?;
    let payload = base64url(parts[1]).ok_or(TokenError::BadBase64 { part: "payload" })?;
    let json = json::from_slice(&payload).map_err(|e| TokenError::NotJson(e.to_string()))?;
    claims(&json)
}

fn claims(json: &json::Value) -> Result<TokenClaims, TokenError> {
    let object =
        json.as_object().ok_or_else(|| TokenError::WrongShape("not an object".to_owned()))?;
    let number = |key: &str| -> Result<Option<i64>, TokenError> {
        match object.get(key) {
            None | Some(json::Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| TokenError::WrongShape(format!("`{key}` is not a whole number"))),
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
    let mut out = TokenClaims {
        audience,
        issued_at: number("iat")?,
        not_before: number("nbf")?,
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
                let bits = value.as_u64().filter(|v| *v <= u32::MAX as u64).ok_or_else(|| {
                    TokenError::WrongShape(format!(
                        "scope `{}` is not a small whole number",
                        truncate(key)
                    ))
                })?;
                out.scopes.push((key.clone(), Permissions(bits as u32)));
            }
            out.scopes.sort_by(|a, b| a.0.cmp(&b.0));
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
            Some(json::Value::Number(n)) => out.expires_at = n.as_i64(),
            Some(_) => return Err(TokenError::WrongShape("`expires_at` is not a date".to_owned())),
        }
    }
    out.is_metadata_token = out.audience.as_deref() == Some(METADATA_AUDIENCE)
        && access.is_some_and(|a| a.get("scope").is_some());
    Ok(out)
}

/// At most 40 characters of a hostile string, for messages.
fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Decodes base64url, with or without padding (also accepts `+` and `/`).
fn base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
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
    let text = text.trim();
    let digits = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    // ASCII only, so that the byte offsets below fall on characters.
    if text.len() < 19 || !text.is_ascii() {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let (sep, rest) = rest.split_at(1);
    if sep != " " && sep != "T" {
        return None;
    }
    let (time, mut zone) = rest.split_at(8);
    let d: Vec<&str> = date.split('-').collect();
    let t: Vec<&str> = time.split(':').collect();
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    let (year, month, day) = (digits(d[0])?, digits(d[1])?, digits(d[2])?);
    let (hour, minute, second) = (digits(t[0])?, digits(t[1])?, digits(t[2])?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    if let Some(fraction) = zone.strip_prefix('.') {
        let end = fraction.find(|c: char| !c.is_ascii_digit()).unwrap_or(fraction.len());
        zone = &fraction[end..];
    }
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hhmm = zone[1..].replace(':', "");
            if hhmm.len() != 4 {
                return None;
            }
            sign * (digits(&hhmm[..2])? * 3600 + digits(&hhmm[2..])? * 60)
        }
    };
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests;
