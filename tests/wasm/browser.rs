//! The shared scenarios in headless Chromium, where CORS applies.
#![cfg(target_arch = "wasm32")]

mod downloads;
mod errors;
mod network;
mod scenarios;

use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const IN_BROWSER: bool = true;

include!("suite.rs");
