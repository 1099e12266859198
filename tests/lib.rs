//! Cross-crate tests live in `wasm/` (wasm-bindgen-test, run by `cargo xtask test`
//! in Node and in headless Chromium against `server/xano-server.mjs`) and in
//! `node/` (the built npm package, imported by name from Node).
