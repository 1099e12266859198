//! The wasm-bindgen-test scenarios (`tests/wasm/`) in Node and in headless
//! Chromium, against the test server, which is reset before each suite.

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::shell;

/// The suites, in order: each a `--test` target of `xano-meta-tests`.
const SUITES: &[&str] = &["node", "browser"];

/// How long, in seconds, chromedriver may take to listen on its port before the
/// runner gives up. The runner's own default, 5 s, is too short for the first start
/// of Chromium on a fresh machine: a CI run failed on it with "driver failed to bind
/// port during startup" while every test had passed in Node.
const DRIVER_TIMEOUT: &str = "60";

/// Runs each suite for wasm32 with `XANO_TEST_SERVER` pointing at the server.
pub fn suites(env: &mut Env) -> Result<()> {
    let root = env.root().to_path_buf();
    let driver_timeout = std::env::var("WASM_BINDGEN_TEST_DRIVER_TIMEOUT")
        .unwrap_or_else(|_| DRIVER_TIMEOUT.to_string());
    for suite in SUITES {
        let server = env.server()?;
        server.reset()?;
        shell::run(
            Command::new("cargo")
                .current_dir(&root)
                .env("XANO_TEST_SERVER", &server.url)
                .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", &driver_timeout)
                .args([
                    "test",
                    "--package",
                    "xano-meta-tests",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--test",
                    suite,
                ]),
        )?;
    }
    Ok(())
}
