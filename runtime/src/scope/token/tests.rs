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
    with_header(&serde_json::json!({"alg": "RS256", "typ": "JWT"}), payload)
}

fn with_header(header: &serde_json::Value, payload: &serde_json::Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    )
}

/// An OAuth access token as Xano's login issues them (values synthetic).
fn oauth_payload() -> serde_json::Value {
    serde_json::json!({"iss": "https://app.xano.com", "sub": "42", "aud": "https://x1-test.n7.xano.io",
        "client_id": "synthetic-client", "iat": 1_900_000_000, "nbf": 1_900_000_000,
        "exp": 1_900_003_600, "scope": "workspace:read  workspace:write\tbranch"})
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
    assert!(claims.is_metadata_token());
    assert_eq!(claims.kind, TokenKind::Metadata);
    assert_eq!(claims.audience.as_deref(), Some("xano:meta"));
    assert_eq!((claims.issued_at, claims.not_before), (Some(1758034575), Some(1758034575)));
    assert_eq!(claims.permissions("workspace:database"), Permissions(15));
    assert_eq!(claims.permissions("workspace:content").to_string(), "Read");
    assert_eq!(claims.permissions("workspace:task"), Permissions::NONE);
    assert_eq!(claims.scopes.len(), 4);
    assert_eq!(claims.expires_at, Some(1758639375));
    assert_eq!((claims.exp, claims.expiry()), (None, Some(1758639375)));
    assert_eq!(claims.expiry_text().as_deref(), Some("2025-09-23 14:56:15+0000"));
    assert!(claims.is_expired(1758639375) && !claims.is_expired(1758639374));
    assert!(claims.scope_words.is_empty());
}

#[test]
fn the_standard_exp_claim_wins_when_it_is_earlier_or_alone() {
    // `exp` in the past: expired, whatever `expires_at` says.
    let mut payload = xano_payload();
    payload["xano"]["access_token"]["expires_at"] = "2099-01-01 00:00:00+0000".into();
    payload["exp"] = 1_800_000_000.into();
    let claims = decode_token(&synthetic(&payload)).unwrap();
    assert_eq!(claims.expiry(), Some(1_800_000_000));
    assert!(claims.is_expired(1_800_000_000) && !claims.is_expired(1_799_999_999));
    assert_eq!(claims.expiry_text().as_deref(), Some("2027-01-15 08:00:00 UTC"));
    // `exp` and no `expires_at` (older Metadata API tokens lack it).
    payload["xano"]["access_token"].as_object_mut().unwrap().remove("expires_at");
    let claims = decode_token(&synthetic(&payload)).unwrap();
    assert_eq!((claims.expires_at, claims.expiry()), (None, Some(1_800_000_000)));
    // A later `exp` leaves the earlier `expires_at` in charge, as written.
    let mut payload = xano_payload();
    payload["exp"] = 4_000_000_000i64.into();
    let claims = decode_token(&synthetic(&payload)).unwrap();
    assert_eq!(claims.expiry_text().as_deref(), Some("2025-09-23 14:56:15+0000"));
    // A fractional NumericDate is allowed (RFC 7519), rounded down.
    let claims = decode_token(&synthetic(&serde_json::json!({"exp": 1_800_000_000.75}))).unwrap();
    assert_eq!(claims.exp, Some(1_800_000_000));
}

#[test]
fn nbf_in_the_future_means_not_yet_valid_with_a_minute_of_leeway() {
    let claims = decode_token(&synthetic(&xano_payload())).unwrap();
    let nbf = 1_758_034_575;
    assert!(!claims.is_not_yet_valid(nbf));
    assert!(!claims.is_not_yet_valid(nbf - NOT_BEFORE_LEEWAY_SECONDS));
    assert!(claims.is_not_yet_valid(nbf - NOT_BEFORE_LEEWAY_SECONDS - 1));
    let no_nbf = decode_token(&synthetic(&serde_json::json!({"aud": "x"}))).unwrap();
    assert!(!no_nbf.is_not_yet_valid(0));
}

#[test]
fn oauth_access_tokens_are_recognised_by_their_header() {
    for typ in ["at+jwt", "AT+JWT", "application/at+jwt"] {
        let token = with_header(&serde_json::json!({"alg": "RS256", "typ": typ}), &oauth_payload());
        let claims = decode_token(&token).unwrap();
        assert_eq!(claims.kind, TokenKind::OAuth, "{typ}");
        assert_eq!(claims.kind.as_str(), "oauth");
        assert_eq!(claims.audience.as_deref(), Some("https://x1-test.n7.xano.io"));
        assert_eq!((claims.exp, claims.expiry()), (Some(1_900_003_600), Some(1_900_003_600)));
        assert_eq!(claims.scope_words, ["workspace:read", "workspace:write", "branch"]);
        assert!(claims.scopes.is_empty() && !claims.is_metadata_token());
    }
    // The same payload under a plain JWT header is a JWT of no known kind.
    let claims = decode_token(&synthetic(&oauth_payload())).unwrap();
    assert_eq!((claims.kind, claims.kind.as_str()), (TokenKind::Jwt, "jwt"));
    // A header that says at+jwt wins over a Metadata-shaped payload.
    let token = with_header(&serde_json::json!({"typ": "at+jwt"}), &xano_payload());
    assert_eq!(decode_token(&token).unwrap().kind, TokenKind::OAuth);
}

#[test]
fn dates_are_formatted_in_utc() {
    assert_eq!(format_timestamp(0), "1970-01-01 00:00:00 UTC");
    assert_eq!(format_timestamp(951_782_400), "2000-02-29 00:00:00 UTC");
    assert_eq!(format_timestamp(253_402_300_799), "9999-12-31 23:59:59 UTC");
    for seconds in [0, 1_758_639_375, 4_070_908_800, 253_402_300_799] {
        let text = format_timestamp(seconds).replace(" UTC", "Z").replacen(' ', "T", 1);
        assert_eq!(parse_timestamp(&text), Some(seconds), "{text}");
    }
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
    assert!(!other.is_metadata_token());
    assert_eq!(other.kind, TokenKind::Jwt);
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
        "2025-09-23 14:56:15+0:530",
        "2025-09-23 14:56:15+05:3",
        "2025-09-23 14:56:15+05300",
        "２０２５-09-23 14:56:15",
        "2030-02-31 00:00:00+0000",
        "2025-02-29 00:00:00+0000",
        "2025-09-23 14:56:15+9999",
        "2025-09-23 14:56:15+0560",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad}");
    }
}

#[test]
fn odd_but_readable_forms_are_read() {
    // PostgreSQL's `+00`, lower-case `t` and `z`, a leap day.
    assert_eq!(parse_timestamp("2025-09-23 14:56:15+00"), Some(1758639375));
    assert_eq!(parse_timestamp("2025-09-23 16:56:15-02"), Some(1758639375 + 4 * 3600));
    assert_eq!(parse_timestamp("2025-09-23t14:56:15z"), Some(1758639375));
    assert_eq!(parse_timestamp("2024-02-29 00:00:00+0000"), Some(1_709_164_800));
    // A scope of `null` is no access, `15.0` is 15; an `iat` that is not a date is
    // unknown, and leaves the expiry and the scopes read.
    let token = synthetic(&serde_json::json!({
        "aud": "xano:meta", "iat": "yesterday", "exp": 1_000,
        "xano": {"access_token": {"scope": {"workspace:agent": null, "workspace:api": 15.0}}},
    }));
    let claims = decode_token(&token).unwrap();
    assert_eq!(claims.issued_at, None);
    assert_eq!(claims.exp, Some(1_000));
    let scopes: Vec<(&str, u32)> = claims.scopes.iter().map(|(k, p)| (k.as_str(), p.0)).collect();
    assert_eq!(scopes, [("workspace:agent", 0), ("workspace:api", 15)]);
}

#[test]
fn malformed_tokens_get_clear_errors_without_echoing_them() {
    let secret_looking = "abc.def";
    let cases: Vec<(String, &str)> = vec![
        (secret_looking.to_owned(), "has 2 dot-separated part(s)"),
        ("a.b.c.d".to_owned(), "has 4 dot-separated part(s)"),
        ("..".to_owned(), "has 3 dot-separated part(s), 3 of them empty; a JWT has 3, none empty"),
        ("e30.e30.".to_owned(), "has 3 dot-separated part(s), 1 of them empty"),
        ("e30..sig.x".to_owned(), "has 4 dot-separated part(s), 1 of them empty"),
        ("e30.!!!.sig".to_owned(), "payload is not base64url"),
        (format!("e30.{}.sig", b64(b"not json")), "payload is not JSON"),
        (format!("e30.{}.sig", b64(b"[1,2]")), "not an object"),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"scope":{"k":-1}}}}"#)),
            "is not a small whole number",
        ),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"scope":{"k":1.5}}}}"#)),
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
        (format!("e30.{}.sig", b64(br#"{"exp":-5}"#)), "`exp` is not a date"),
        (format!("e30.{}.sig", b64(br#"{"nbf":1e300}"#)), "`nbf` is not a date"),
        (format!("e30.{}.sig", b64(br#"{"exp":[1]}"#)), "`exp` is not a date"),
        (
            format!("e30.{}.sig", b64(br#"{"scope":["a"]}"#)),
            "`scope` is not a space-separated string",
        ),
        (
            format!("e30.{}.sig", b64(br#"{"xano":{"access_token":{"expires_at":1e30}}}"#)),
            "`expires_at` is not a date",
        ),
        (format!("{}.e30.sig", b64(b"not json")), "header is not JSON"),
        (format!("{}.e30.sig", b64(b"[]")), "header is not an object"),
        ("!!!.e30.sig".to_owned(), "header is not base64url"),
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
    assert!(matches!(err, TokenError::NotJson { .. } | TokenError::TooLong(_)), "{err}");
}
