//! The shared scenarios in Node (wasm-bindgen-test's default).
#![cfg(target_arch = "wasm32")]

mod downloads;
mod errors;
mod network;
mod scenarios;

use wasm_bindgen_test::wasm_bindgen_test;

const IN_BROWSER: bool = false;

include!("suite.rs");
