//! `cargo xtask <command>`: the project's tasks, in Rust rather than shell.
//!
//! - `regenerate [--check] [--discover] [--config FILE] [--output DIR]`: the specs of
//!   `xano.toml` → `pkg/src/generated/`, `docs/API.md`.
//! - `build`: set-up, regenerate, release wasm, wasm-bindgen, wasm-opt, npm package in `pkg/dist/`.
//! - `test [--only STEP]...`: set-up, `regenerate --check`, host tests, wasm tests in Node and
//!   Chromium, the npm package tested from Node against the local test server. `--only`
//!   (repeatable) runs just the named steps, for working on one of them: `regenerate`,
//!   `fmt`, `clippy`, `host`, `compile-specs`, `build`, `wasm`, `regenerate-flow`,
//!   `package`, `types`, `pages`, `conformance`, `runtimes` (`test::Step`); the steps
//!   after `build` use the package a previous `cargo xtask build` left in `pkg/dist/`.
//! - `bench`: this package against its peers, one table of ratios (docs/BENCHMARKS.md);
//!   `bench-size` prints its size rows alone, for the package `build` last wrote.
//! - `bench-generate`: our generator's median time, as `bench` measures it.
//! - `fuzz [--seconds N]`: the cargo-fuzz targets, each for a bounded time.
//!
//! Each command is a function taking its flags' struct (`flags.rs`), so one verb can
//! run another: `regenerate::regenerate(&Regenerate { check: true, ..Default::default() })`.
//! Errors are `anyhow` errors with context, printed with their chain on one line.

mod bench;
mod build;
mod config;
mod discover;
mod fetch;
mod flags;
mod fuzz;
mod regenerate;
mod setup;
mod shell;
mod test;

use std::process::ExitCode;

use flags::{Xtask, XtaskCmd};

fn main() -> ExitCode {
    let flags = match Xtask::from_env() {
        Ok(flags) => flags,
        Err(error) if error.is_help() => {
            println!("{error}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let result = match &flags.subcommand {
        XtaskCmd::Regenerate(flags) => regenerate::regenerate(flags),
        XtaskCmd::Build(flags) => build::build(flags),
        XtaskCmd::Test(flags) => test::test(flags),
        XtaskCmd::Bench(flags) => bench::bench(flags),
        XtaskCmd::BenchGenerate(flags) => bench::bench_generate(flags),
        XtaskCmd::Fuzz(flags) => fuzz::fuzz(flags),
        XtaskCmd::BenchSize(flags) => bench::bench_size(flags),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Printed after a command line that does not parse (`--help` gives the full help).
const USAGE: &str = "usage: cargo xtask <regenerate [--check] [--discover] [--config FILE] [--output DIR] | build | test [--only STEP]... | bench | fuzz [--seconds N]>";
