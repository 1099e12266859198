//! Any string as a token: decoding ends in claims or a `TokenError` that does not
//! contain the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xano_meta_runtime::scope::decode_token;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    if let Err(error) = decode_token(token) {
        let message = error.to_string();
        assert!(token.len() < 8 || !message.contains(token), "the error echoes the token");
    }
});
