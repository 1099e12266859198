//! Token decoding on synthetic tokens (no real token is committed) and hostile input.

use super::*;

fn b64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A token shaped like Xano's, with a fake signature.
pub fn synthetic(payload: &serde_json::Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes())
    )
}

fn xano_payload() -> serde_json::Value {
    serde_json::json!({"xano": {"dbo": "master:user", "id": 123, "access_token": {"keyid": "k", "scope": {
        "workspace:database": 15, "workspace:content": 2, "workspace:api": 0,
        "tenant_center:deploy": 16}, "expires_at": "2025-09-23 14:56:15+0000"}},
        "iat": 1758034575, "nbf": 1758034575, "aud": "xano:meta"})
}

#[test]
fn reads_scopes_audience_and_expiry() {
    let claims = decode_token(&synthetic(&xano_payload())).unwrap();
    assert!(claims.is_metadata_token);
    assert_eq!(claims.audience.as_deref(), Some("xano:meta"));
    assert_eq!((claims.issued_at, claims.not_before), (Some(1758034575), Some(1758034575)));
    assert_eq!(claims.permissions("workspace:database"), Permissions(15));
    assert_eq!(claims.permissions("workspace:content").to_string(), "Read");
    assert_eq!(claims.permissions("workspace:task"), Permissions::NONE);
    assert_eq!(claims.scopes.len(), 4);
    assert_eq!(claims.expires_at, Some(1758639375));
    assert!(claims.is_expired(1758639375) && !claims.is_expired(1758639374));
}

#[test]
fn a_token_without_expiry_or_of_another_kind() {
    let mut payload = xano_payload();
    payload["xano"]["access_token"].as_object_mut().unwrap().remove("expires_at");
    let claims = decode_token(&format!("Bearer {}", synthetic(&payload))).unwrap();
    assert_eq!(claims.expires_at, None);
    assert!(!claims.is_expired(i64::MAX));
    let other =
        decode_token(&synthetic(&serde_json::json!({"sub": "1", "aud": "someone-else"}))).unwrap();
    assert!(!other.is_metadata_token);
    assert!(other.scopes.is_empty());
}

#[test]
fn timestamps_in_the_forms_seen() {
    assert_eq!(parse_timestamp("1970-01-01 00:00:00+0000"), Some(0));
    assert_eq!(parse_timestamp("2025-09-23T14:56:15Z"), Some(1758639375));
    assert_eq!(parse_timestamp("2025-09-23T16:56:15.123+02:00"), Some(1758639375));
    assert_eq!(parse_timestamp("2000-02-29 12:00:00-0130"), Some(951_825_600 + 5400));
    for bad in [
        "",
        "2025-13-01 00:00:00",
        "2025-09-23",
        "yesterday",
        "2025-09-23 14:56:15+99",
        "２０２５-09-23 14:56:15",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad}");
    }
}

#[test]
fn malformed_tokens_get_clear_errors_without_echoing_them() {
    let secret_looking = "abc.def";
    let cases: Vec<(String, &str)> = vec![
        (secret_looking.to_owned(), "has 2 dot-separated part(s)"),
        ("a.b.c.d".to_owned(), "has 4 dot-separated part(s)"),
        ("..".to_owned(), "has 0 dot-separated part(s)"),
        ("e30.!!!.sig".to_owned(), "payload is not base64url"),
        (format!("e30.{}.sig", b64(b"not json")), "payload is not JSON"),
        (format!("e30.{}.sig", b64(b"[1,2]")), "not an object"),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"scope":{"k":-1}}}}"#)),
            "is not a small whole number",
        ),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"scope":[]}}}"#)),
            "`xano.access_token.scope` is not an object",
        ),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"expires_at":"soon"}}}"#)),
            "`expires_at` is not a date",
        ),
        (format!("e30.{}.sig", b64(br#"{"iat":"x"}"#)), "`iat` is not a whole number"),
        ("x".repeat(100_000), "characters long"),
        (format!("e30.{}.sig", "A"), "payload is not base64url"),
    ];
    for (token, expected) in cases {
        let err = decode_token(&token).unwrap_err().to_string();
        assert!(err.contains(expected), "{err} (wanted {expected})");
        assert!(!err.contains(secret_looking) && err.len() < 200, "{err}");
    }
}

#[test]
fn deeply_nested_payloads_fail_without_overflowing() {
    let deep = format!("{}1{}", "[".repeat(4_000), "]".repeat(4_000));
    let err = decode_token(&format!("e30.{}.sig", b64(deep.as_bytes()))).unwrap_err();
    assert!(matches!(err, TokenError::NotJson(_) | TokenError::TooLong(_)), "{err}");
}
