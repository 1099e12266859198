//! The steps on the host, before anything is built: the bindings are current,
//! the code is formatted and lint-free, and the workspace's own tests pass.

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::flags::Regenerate;
use crate::regenerate;
use crate::{setup, shell};

/// `regenerate --check`: the checked-in bindings and `docs/API.md` are current.
pub fn regenerate_check(_: &mut Env) -> Result<()> {
    regenerate::regenerate(&Regenerate { check: true, ..Regenerate::default() })
}

/// Formatting by the workspace's rustfmt.toml, generated files included.
pub fn fmt(env: &mut Env) -> Result<()> {
    shell::run(Command::new("cargo").current_dir(env.root()).args(["fmt", "--all", "--check"]))
}

/// Lints, where the toolchain has clippy (these machines' rustup toolchain does;
/// a component cannot be fetched here if it did not).
pub fn clippy(env: &mut Env) -> Result<()> {
    if shell::output(Command::new("cargo").args(["clippy", "--version"])).is_none() {
        eprintln!("cargo clippy is not installed with this toolchain: lints not run");
        return Ok(());
    }
    shell::run(Command::new("cargo").current_dir(env.root()).args([
        "clippy",
        "--quiet",
        "--workspace",
        "--tests",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The wasm32-only modules, which the host run does not compile: the runtime's
    // (execute, step, transport, timer, download) and the package's JS layer (client,
    // js_input, paging, scopes, …); their lints and `missing_docs` too.
    setup::wasm_target()?;
    shell::run(Command::new("cargo").current_dir(env.root()).args([
        "clippy",
        "--quiet",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "xano-meta-runtime",
        "--package",
        "xano-meta",
        "--",
        "-D",
        "warnings",
    ]))
}

/// `cargo test --workspace`: everything testable on the host; and the fuzz targets compile.
pub fn cargo_test(env: &mut Env) -> Result<()> {
    shell::run(Command::new("cargo").current_dir(env.root()).args(["test", "--workspace"]))?;
    // The fuzz targets live outside the workspace (cargo-fuzz wants its own crate), so
    // nothing else would notice when a change in codegen or the runtime breaks them:
    // they are checked here on the stable toolchain (`cargo xtask fuzz` runs them).
    shell::run(
        Command::new("cargo")
            .current_dir(env.root())
            .args(["check", "--quiet", "--manifest-path", "fuzz/Cargo.toml", "--bins"])
            .arg("--target-dir")
            .arg(env.root().join("target/fuzz-check")),
    )
}
