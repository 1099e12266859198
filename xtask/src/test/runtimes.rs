//! Every runtime users put the package in (`tests/runtimes/`): a plain page, a
//! Vite 7 app, a Web Worker and a Manifest V3 extension's service worker, each in
//! headless Chromium; Node, Bun and Deno scripts; a Cloudflare Worker in workerd,
//! unbundled and bundled as wrangler does (esbuild).

use std::process::Command;

use anyhow::Result;

use super::Env;
use crate::{setup, shell};

/// Runs `tests/runtimes/runtimes.test.mjs` on the built package.
pub fn check(env: &mut Env) -> Result<()> {
    env.built()?;
    shell::run(
        Command::new("node")
            .current_dir(env.root())
            .env("PLAYWRIGHT_CORE", &env.playwright)
            .env("VITE_PATH", setup::npm_tool("vite")?)
            .env("ESBUILD_PATH", setup::npm_tool("esbuild")?)
            .env("WORKERD_PATH", setup::npm_tool(".bin/workerd")?)
            .env("DENO_PATH", setup::npm_tool(".bin/deno")?)
            .env("BUN_PATH", setup::npm_tool(".bin/bun")?)
            .args(["--test", "tests/runtimes/runtimes.test.mjs"]),
    )
}
