//! Every instance operation against Prism's request validation of the spec
//! (`tests/conformance/`).

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::{setup, shell};

/// Runs `tests/conformance/prism.test.mjs` on the built package.
pub fn check(env: &mut Env) -> Result<()> {
    env.built()?;
    shell::run(
        Command::new("node")
            .current_dir(env.root())
            .env("PRISM_BIN", setup::npm_tool(".bin/prism")?)
            .args(["--test", "tests/conformance/prism.test.mjs"]),
    )
}
