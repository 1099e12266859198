//! `cargo xtask <command>`: the project's tasks, in Rust rather than shell.
//!
//! - `regenerate [--check] [--discover]`: the specs of `xano.toml` → `pkg/src/generated/`, `docs/API.md`.
//! - `build`: set-up, regenerate, release wasm, wasm-bindgen, wasm-opt, npm package in `pkg/dist/`.
//! - `test`: set-up, `regenerate --check`, host tests, wasm tests in Node and Chromium, the
//!   npm package tested from Node against the local test server.
//! - `bench`: this package against its peers, one table of ratios (docs/BENCHMARKS.md);
//!   `bench-size` prints its size rows alone, for the package `build` last wrote.
//! - `fuzz [--seconds N]`: the cargo-fuzz targets, each for a bounded time.

mod bench;
mod build;
mod config;
mod discover;
mod fetch;
mod fuzz;
mod regenerate;
mod setup;
mod shell;
mod test;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regenerate") => regenerate::run(&args[1..]),
        Some("build") => build::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-generate") => bench::generate_median_ms(),
        Some("bench-size") => bench::size_rows(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <regenerate [--check] [--discover] [--config FILE] [--output DIR] | build | test | bench | fuzz [--seconds N]>";
