//! The wasm-bindgen-test scenarios (`tests/wasm/`) in Node and in headless
//! Chromium, against the test server, which is reset before each suite.

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::shell;

/// The suites, in order: each a `--test` target of `xano-meta-tests`.
const SUITES: &[&str] = &["node", "browser"];

/// Runs each suite for wasm32 with `XANO_TEST_SERVER` pointing at the server.
pub fn suites(env: &mut Env) -> Result<()> {
    let root = env.root().to_path_buf();
    for suite in SUITES {
        let server = env.server()?;
        server.reset()?;
        shell::run(
            Command::new("cargo").current_dir(&root).env("XANO_TEST_SERVER", &server.url).args([
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
