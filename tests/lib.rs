//! Cross-crate tests live in `host/` (plain `cargo test`), `wasm/` (wasm-bindgen-test,
//! run by `cargo xtask test` in Node and in headless Chromium against
//! `server/xano-server.mjs`) and `node/` (the built npm package, imported by name
//! from Node). This library holds what they share.

/// A token shaped like a Xano Metadata API token, with a fake signature: the
/// client reads a token's payload without its key, so tests need no real token.
pub fn synthetic_token(payload: &serde_json::Value) -> String {
    synthetic_jwt(&serde_json::json!({"alg": "RS256", "typ": "JWT"}), payload)
}

/// A JWT with this header and payload and a fake signature (an OAuth access token
/// has the header `{"typ": "at+jwt", …}`).
pub fn synthetic_jwt(header: &serde_json::Value, payload: &serde_json::Value) -> String {
    format!(
        "{}.{}.ZmFrZS1zaWduYXR1cmU",
        base64url(header.to_string().as_bytes()),
        base64url(payload.to_string().as_bytes())
    )
}

/// The payload of an OAuth access token as Xano's login issues them: audience the
/// instance origin, the standard `exp`, a space-separated `scope` string.
pub fn oauth_payload(audience: &str, exp: i64, scope: &str) -> serde_json::Value {
    serde_json::json!({
        "iss": "https://app.xano.com", "sub": "1", "client_id": "synthetic-client",
        "aud": audience, "iat": exp - 3600, "nbf": exp - 3600, "exp": exp, "scope": scope
    })
}

/// The payload of a token holding `scopes` (key → value), expiring at `expires_at`.
pub fn token_payload(scopes: serde_json::Value, expires_at: &str) -> serde_json::Value {
    serde_json::json!({
        "xano": {"dbo": "master:user", "id": 1, "access_token": {"keyid": "test", "scope": scopes, "expires_at": expires_at}},
        "iat": 1_700_000_000, "nbf": 1_700_000_000, "aud": "xano:meta"
    })
}

/// Base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The embedded specs, as `xano.toml`'s default instance and the account API use them.
pub const INSTANCE_SPEC: &str = include_str!("../specs/instance.json");
/// The account API's spec.
pub const ACCOUNT_SPEC: &str = include_str!("../specs/account.json");

/// The operations of a spec, counted straight from its JSON (every method of every
/// path the generator types), so tests compare the bindings with the spec rather
/// than with a number written down.
pub fn spec_operations(spec: &str) -> Vec<serde_json::Value> {
    let spec: serde_json::Value = serde_json::from_str(spec).expect("the spec is JSON");
    let paths = spec["paths"].as_object().expect("the spec has paths");
    paths
        .values()
        .flat_map(|item| {
            ["get", "post", "put", "patch", "delete"]
                .iter()
                .filter_map(move |method| item.get(*method).cloned())
        })
        .collect()
}
