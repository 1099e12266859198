//! Scratch crates of generated code, checked for wasm32 outside the workspace
//! (by the compile-specs and regenerate-flow steps).

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::{setup, shell};

/// Writes a crate of generated code at `krate` (its `src/lib.rs` is `lib`), outside
/// the workspace, depending on the runtime and the crates generated code uses (plus
/// `extra` dependency lines), and `cargo check`s it for wasm32, offline, with the
/// workspace's lock file.
pub fn check_scratch_crate(
    root: &Path,
    krate: &Path,
    name: &str,
    extra: &str,
    lib: &str,
) -> Result<()> {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n\
         [dependencies]\nxano-meta-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
         wasm-bindgen = \"={}\"\njs-sys = \"0.3\"\n{extra}",
        root.join("runtime").display().to_string(),
        setup::wasm_bindgen_version()?
    );
    shell::write(&krate.join("Cargo.toml"), manifest)?;
    shell::write(&krate.join("src/lib.rs"), lib)?;
    fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).context("Cargo.lock")?;
    shell::run(
        Command::new("cargo")
            .current_dir(krate)
            .args([
                "check",
                "--quiet",
                "--offline",
                "--target",
                "wasm32-unknown-unknown",
                "--target-dir",
            ])
            .arg(root.join("target/codegen-check/target")),
    )
}
