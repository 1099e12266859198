//! The wasm-bindgen-test scenarios (`tests/wasm/`) in Node and in headless
//! Chromium, against the test server, which is reset before each suite.

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::shell;

/// The suites, in order: each a `--test` target of `xano-meta-tests`.
const SUITES: &[&str] = &["node", "browser"];

/// The runner's limits, in seconds, each given unless the caller's environment sets it.
/// Its own defaults are too tight here: chromedriver gets 5 s to listen on its port,
/// and on a cold CI machine its first start took longer ("driver failed to bind port
/// during startup", after every test had passed in Node); a headless suite gets
/// 20 s in all, and the browser suite takes 19-21 s (its retry and timeout scenarios
/// wait for real), within a second or two of it.
const RUNNER_LIMITS: &[(&str, &str)] =
    &[("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60"), ("WASM_BINDGEN_TEST_TIMEOUT", "300")];

/// Runs each suite for wasm32 with `XANO_TEST_SERVER` pointing at the server.
pub fn suites(env: &mut Env) -> Result<()> {
    let root = env.root().to_path_buf();
    for suite in SUITES {
        let server = env.server()?;
        server.reset()?;
        let mut cargo = Command::new("cargo");
        cargo.current_dir(&root).env("XANO_TEST_SERVER", &server.url);
        for (name, seconds) in RUNNER_LIMITS {
            if std::env::var_os(name).is_none() {
                cargo.env(name, seconds);
            }
        }
        shell::run(cargo.args([
            "test",
            "--package",
            "xano-meta-tests",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            suite,
        ]))?;
    }
    Ok(())
}
