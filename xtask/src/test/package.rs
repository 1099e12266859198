//! The packed tarball, installed offline into `tests/node/` and imported by name
//! from Node, against the test server.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use super::Env;
use crate::{build, shell};

/// The Node test files of `tests/node/`.
const TESTS: &[&str] = &["package.test.mjs", "download.test.mjs"];

/// Runs the Node tests of the installed package, with `XANO_TEST_SERVER` set, on a
/// reset server: they count what it received, which must not depend on the steps
/// `--only` happened to run before.
pub fn check(env: &mut Env) -> Result<()> {
    let consumer = env.consumer()?;
    let server = env.server()?;
    server.reset()?;
    shell::run(
        Command::new("node")
            .current_dir(&consumer)
            .env("XANO_TEST_SERVER", &server.url)
            .arg("--test")
            .args(TESTS),
    )
}

/// Packs `pkg/dist` as npm would publish it and installs the tarball, offline,
/// into `tests/node/`, whose test imports it by name.
pub fn install_packed_package(root: &Path) -> Result<PathBuf> {
    let out = root.join("tests/out");
    shell::create_dir(&out)?;
    let packed = shell::output(
        Command::new("npm")
            .current_dir(root.join(build::DIST))
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&out),
    )
    .context("npm pack failed")?;
    let tarball = out.join(packed.trim().lines().last().unwrap_or_default());
    let consumer = root.join("tests/node");
    let _ = std::fs::remove_dir_all(consumer.join("node_modules"));
    shell::run(
        Command::new("npm")
            .current_dir(&consumer)
            .args([
                "install",
                "--offline",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .arg(&tarball),
    )?;
    Ok(consumer)
}
