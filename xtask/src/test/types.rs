//! The package's types from a consumer's side (`tests/node/types/`).

use std::fs;
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::Env;
use crate::{setup, shell};

/// `correct.ts` passes `tsc --strict`; every line of `wrong.ts` is an error (each
/// carries `@ts-expect-error`, so `tsc` passes only if each really is one); and
/// without the directives, `wrong.ts` gives exactly one error per marked line.
pub fn check(env: &mut Env) -> Result<()> {
    let consumer = env.consumer()?;
    let tsc = setup::npm_tool(".bin/tsc")?;
    shell::run(Command::new(&tsc).current_dir(&consumer).args(["-p", "types"]))?;
    let wrong = fs::read_to_string(consumer.join("types/wrong.ts")).context("wrong.ts")?;
    let marked: Vec<usize> = wrong
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("// @ts-expect-error"))
        .map(|(n, _)| n + 2)
        .collect();
    let stripped: String = wrong
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("// @ts-expect-error") {
                "//\n".to_owned()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let probe = consumer.join("types/wrong-unmarked.ts");
    shell::write(&probe, stripped)?;
    let out = Command::new(&tsc)
        .current_dir(&consumer)
        .args([
            "--strict",
            "--noEmit",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
            "--lib",
            "es2022,dom,dom.asynciterable",
            "types/wrong-unmarked.ts",
        ])
        .output()
        .context("tsc")?;
    let _ = fs::remove_file(&probe);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("types/wrong-unmarked.ts(")?.split(',').next()?.parse().ok())
        .collect();
    lines.dedup();
    if lines != marked {
        bail!("wrong.ts: expected one error on each of lines {marked:?}, tsc reported lines {lines:?}:\n{text}");
    }
    println!(
        "types: correct.ts passes tsc --strict; wrong.ts has {} wrong calls, each an error",
        marked.len()
    );
    Ok(())
}
