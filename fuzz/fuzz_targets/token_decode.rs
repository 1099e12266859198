//! Any string as a token: decoding ends in claims or a `TokenError` that does not
//! contain the input. (Only JWT-like inputs of real length are checked for that:
//! a short input such as `token is ` is legitimately part of the messages' own text,
//! which the first run of this target found.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use xano_meta_runtime::scope::decode_token;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    if let Err(error) = decode_token(token) {
        let message = error.to_string();
        let jwt_like = token.len() >= 24 && token.contains('.');
        assert!(!jwt_like || !message.contains(token), "the error echoes the token");
        assert!(message.len() < 400, "error messages stay short: {}", message.len());
    }
});
