//! The scope matrix page (`pkg/pages/scopes/`, assembled by `cargo xtask build`)
//! in headless Chromium.

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::{build, shell};

/// Runs `tests/pages/scope-matrix.test.mjs` on the built page; it leaves a screenshot.
pub fn check(env: &mut Env) -> Result<()> {
    env.built()?;
    shell::run(
        Command::new("node")
            .current_dir(env.root())
            .env("SCOPE_PAGE_DIR", env.root().join(build::SCOPE_PAGE))
            .env("PLAYWRIGHT_CORE", &env.playwright)
            .args(["--test", "tests/pages/scope-matrix.test.mjs"]),
    )?;
    println!("screenshot of the scope matrix page: tests/out/scope-matrix.png");
    Ok(())
}
