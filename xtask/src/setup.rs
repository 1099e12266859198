//! Installing what the build and the tests need, skipping what is already there.
//!
//! A fresh machine has Rust, Node 20 and npm; everything else comes from the
//! package registries (crates.io, npm, Debian): see `docs/TOOLCHAIN.md`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::shell::{self, output, root, run};

/// The target the package is built for.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The npm tools of the build and the tests, pinned: the one list `.tools/package.json`
/// is written from. (wasm-opt comes from npm's binaryen: Debian's wasm-opt 108 writes
/// modules that fail to instantiate. playwright-core drives Debian's Chromium; it
/// cannot download a browser here and does not need to. workerd, Deno and Bun are the
/// registry's own builds, run from `.tools/node_modules/.bin`.)
const NPM_TOOLS: &[(&str, &str)] = &[
    ("binaryen", "132.0.0"),
    ("playwright-core", "1.65.1"),
    ("typescript", "5.9.3"),
    ("vite", "7.3.8"),
    ("vite-plugin-wasm", "3.6.0"),
    ("@stoplight/prism-cli", "5.9.0"),
    // Peers measured by `cargo xtask bench` (versions that run on Node 20).
    ("openapi-typescript", "7.13.0"),
    ("openapi-fetch", "0.17.0"),
    ("@hey-api/openapi-ts", "0.95.0"),
    // Also minifies the package's JS (`cargo xtask build`) and bundles the runtime tests'
    // wrangler-style Worker.
    ("esbuild", "0.28.2"),
    // Runtimes the package is tested in (tests/runtimes/): each ships its binary in a
    // platform package of its own on npm (about 350 MB together, some 10 s to install).
    ("workerd", "1.20261117.1"),
    ("deno", "2.9.6"),
    ("bun", "1.4.5"),
];

/// Where npm tools are installed (gitignored).
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// Installs the npm tools into `.tools/` unless every one is there at its version.
pub fn npm_tools() -> Result<()> {
    let dir = tools_dir();
    shell::create_dir(&dir)?;
    let dependencies = NPM_TOOLS
        .iter()
        .map(|(name, version)| format!("    \"{name}\": \"{version}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    let manifest = format!(
        "{{\n  \"private\": true,\n  \"description\": \"npm tools of the xano-meta build and tests; written by cargo xtask (xtask/src/setup.rs).\",\n  \"dependencies\": {{\n{dependencies}\n  }}\n}}\n"
    );
    let installed = |name: &str, version: &str| {
        fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
    };
    let current = fs::read_to_string(dir.join("package.json")).unwrap_or_default();
    if current == manifest && NPM_TOOLS.iter().all(|(name, version)| installed(name, version)) {
        return Ok(());
    }
    fs::write(dir.join("package.json"), manifest).with_context(|| dir.display().to_string())?;
    eprintln!("installing npm tools into {}", dir.display());
    run(Command::new("npm").current_dir(&dir).args([
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
    ]))
}

/// A tool's file in `.tools/node_modules`, after [`npm_tools`].
pub fn npm_tool(relative: &str) -> Result<PathBuf> {
    npm_tools()?;
    let path = tools_dir().join("node_modules").join(relative);
    if !path.exists() {
        bail!("{} is missing after installing the npm tools", path.display());
    }
    Ok(path)
}

/// The wasm32 target.
pub fn wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The part of `Cargo.lock` read here: each package's name and version.
#[derive(Deserialize)]
struct Lock {
    /// Every `[[package]]`.
    package: Vec<LockedPackage>,
}

/// One `[[package]]` of `Cargo.lock`.
#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The wasm-bindgen version `Cargo.lock` pins (the CLI must match it exactly).
pub fn wasm_bindgen_version() -> Result<String> {
    let lock: Lock =
        toml::from_str(&fs::read_to_string(root().join("Cargo.lock")).context("Cargo.lock")?)
            .context("Cargo.lock")?;
    lock.package
        .into_iter()
        .find(|p| p.name == "wasm-bindgen")
        .map(|p| p.version)
        .context("Cargo.lock has no wasm-bindgen package")
}

/// The wasm-bindgen CLI (and its test runner) at exactly the crate's version.
pub fn wasm_bindgen_cli() -> Result<()> {
    let version = wasm_bindgen_version()?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner =
        output(Command::new("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version.as_str()) && runner.contains(&version) {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {version} (about two minutes)");
    // Not `--locked`: the CLI's lock file pins a crate version the registry lacks.
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// twiggy, the wasm size profiler `cargo xtask bench`'s size anatomy reads the
/// largest items with; pinned like the other tools.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// Installs twiggy at [`TWIGGY_VERSION`] with cargo when another or none is on PATH.
pub fn twiggy() -> Result<()> {
    let have = output(Command::new("twiggy").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(TWIGGY_VERSION) {
        return Ok(());
    }
    eprintln!("installing twiggy {TWIGGY_VERSION} (about two minutes)");
    run(Command::new("cargo").args(["install", "twiggy", "--version", TWIGGY_VERSION]))
}

/// Headless Chromium and its driver, from Debian.
pub fn chromium() -> Result<()> {
    if on_path("chromium") && on_path("chromedriver") {
        return Ok(());
    }
    eprintln!("installing chromium and chromium-driver from Debian");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get").env("DEBIAN_FRONTEND", "noninteractive").args([
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ]))
}

/// Node 20 or later (the machines have it; it cannot be installed from here reliably).
pub fn node() -> Result<()> {
    let version = output(Command::new("node").arg("--version"))
        .context("node is not installed (Node 20 or later is needed)")?;
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        bail!("Node {} is too old; Node 20 or later is needed", version.trim());
    }
    Ok(())
}

/// Whether `program` is a file in one of the `PATH` folders.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| is_file(&dir.join(program))))
}

/// Whether `path` is a file (following links).
fn is_file(path: &Path) -> bool {
    path.is_file()
}
