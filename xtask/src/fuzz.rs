//! `cargo xtask fuzz [--seconds N]`: each cargo-fuzz target for a bounded time (not
//! part of the test command). Crashes are left in `fuzz/artifacts/` and fail the run;
//! each one found becomes a regression test.

use std::fs;
use std::process::Command;

use crate::shell::{self, output, root};

/// The targets in `fuzz/fuzz_targets/`.
const TARGETS: &[&str] = &["spec_to_model", "token_decode", "response_decode"];

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u32 = match args {
        [] => 60,
        [flag, n] if flag == "--seconds" => {
            n.parse().map_err(|_| "--seconds takes a whole number".to_owned())?
        }
        _ => return Err("usage: cargo xtask fuzz [--seconds N]".to_owned()),
    };
    let root = root();
    let fuzz = root.join("fuzz");
    if output(Command::new("cargo").args(["+nightly", "fuzz", "--version"])).is_none() {
        shell::run(Command::new("cargo").args(["install", "cargo-fuzz"]))?;
    }
    // Seeds: the real specs and the malformed corpus for the spec target.
    let seeds = fuzz.join("corpus/spec_to_model");
    fs::create_dir_all(&seeds).map_err(|e| e.to_string())?;
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
            .map_err(|e| format!("cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let done =
            log.lines().rev().find(|l| l.starts_with("Done ")).unwrap_or("no summary").to_owned();
        if !out.status.success() {
            let tail: Vec<&str> =
                log.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            return Err(format!(
                "fuzz target {target} failed (artifacts in fuzz/artifacts/{target}/):\n{}",
                tail.join("\n")
            ));
        }
        rows.push(format!("| {target} | {done} |"));
    }
    println!("| target | result |\n|---|---|\n{}", rows.join("\n"));
    Ok(())
}
