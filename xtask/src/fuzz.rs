//! `cargo xtask fuzz [--seconds N]`: each cargo-fuzz target for a bounded time (not
//! part of the test command). Crashes are left in `fuzz/artifacts/` and fail the run;
//! each one found becomes a regression test.

use std::fs;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::flags;
use crate::shell::{self, output, root};

/// The targets in `fuzz/fuzz_targets/`.
const TARGETS: &[&str] = &["spec_to_model", "token_decode", "response_decode"];

/// Seconds per target when `--seconds` is not given.
const DEFAULT_SECONDS: u32 = 60;

/// Runs every target for `--seconds` (default 60) and prints a table of the results.
pub fn fuzz(flags: &flags::Fuzz) -> Result<()> {
    let seconds = flags.seconds.unwrap_or(DEFAULT_SECONDS);
    let root = root();
    let fuzz = root.join("fuzz");
    if output(Command::new("cargo").args(["+nightly", "fuzz", "--version"])).is_none() {
        shell::run(Command::new("cargo").args(["install", "cargo-fuzz"]))?;
    }
    // Seeds: the real specs and the malformed corpus for the spec target.
    let seeds = fuzz.join("corpus/spec_to_model");
    shell::create_dir(&seeds)?;
    let mut sources = vec![root.join("specs/account.json")];
    if let Ok(entries) = fs::read_dir(root.join("tests/specs/malformed")) {
        sources.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json")),
        );
    }
    for source in sources {
        let _ = fs::copy(&source, seeds.join(source.file_name().unwrap_or_default()));
    }
    let mut rows = Vec::new();
    for target in TARGETS {
        let out = Command::new("cargo")
            .current_dir(&fuzz)
            .args([
                "+nightly",
                "fuzz",
                "run",
                target,
                "--",
                &format!("-max_total_time={seconds}"),
                "-rss_limit_mb=2048",
                "-timeout=10",
                "-max_len=1048576",
            ])
            .output()
            .context("cargo fuzz")?;
        let log = String::from_utf8_lossy(&out.stderr);
        let done =
            log.lines().rev().find(|l| l.starts_with("Done ")).unwrap_or("no summary").to_owned();
        if !out.status.success() {
            let tail: Vec<&str> =
                log.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            bail!(
                "fuzz target {target} failed (artifacts in fuzz/artifacts/{target}/):\n{}",
                tail.join("\n")
            );
        }
        rows.push(format!("| {target} | {done} |"));
    }
    println!("| target | result |\n|---|---|\n{}", rows.join("\n"));
    Ok(())
}
