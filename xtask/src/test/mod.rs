//! `cargo xtask test`: everything, on a fresh machine too.
//!
//! [`steps`] lists the steps in the order they run; each is a function of its own
//! module here. `--only STEP` (repeatable) runs just the named steps, in that same
//! order, each starting what it needs (the test server, the installed package); the
//! steps that use the built package expect `pkg/dist/` from `cargo xtask build` (or
//! `--only build` first) and say so when it is missing.

mod compile_specs;
mod conformance;
mod host;
mod package;
mod pages;
mod regenerate_flow;
mod runtimes;
mod scratch;
mod server;
mod types;
mod wasm;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Result};

use crate::flags;
use crate::shell::root;
use crate::{build, setup};

use server::TestServer;

/// One step of the test command, as `--only` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `regenerate --check`: the checked-in bindings are current.
    Regenerate,
    /// `cargo fmt --all --check`.
    Fmt,
    /// Clippy on the workspace with warnings as errors.
    Clippy,
    /// `cargo test --workspace`, and a check that the fuzz targets compile.
    Host,
    /// Bindings of the specs in `tests/specs/compile/` compile for wasm32.
    CompileSpecs,
    /// `cargo xtask build`.
    Build,
    /// The wasm-bindgen-test suites in Node and in Chromium, against the test server.
    Wasm,
    /// `regenerate --discover` and fetching against the test server; several specs.
    RegenerateFlow,
    /// The packed tarball installed offline and tested from Node.
    Package,
    /// `tsc --strict` on a correct and a wrong consumer file.
    Types,
    /// The scope matrix page in Chromium.
    Pages,
    /// Every instance operation against Prism's request validation.
    Conformance,
    /// The package in Chromium (a page, a Vite app, a Web Worker, an MV3 extension),
    /// Node, Bun, Deno and workerd.
    Runtimes,
}

impl Step {
    /// Every step with its `--only` name, in the order [`steps`] runs them (a test
    /// below checks that order).
    pub const ALL: &'static [(Step, &'static str)] = &[
        (Step::Regenerate, "regenerate"),
        (Step::Fmt, "fmt"),
        (Step::Clippy, "clippy"),
        (Step::Host, "host"),
        (Step::CompileSpecs, "compile-specs"),
        (Step::Build, "build"),
        (Step::Wasm, "wasm"),
        (Step::RegenerateFlow, "regenerate-flow"),
        (Step::Package, "package"),
        (Step::Types, "types"),
        (Step::Pages, "pages"),
        (Step::Conformance, "conformance"),
        (Step::Runtimes, "runtimes"),
    ];

    /// The step's `--only` name.
    pub fn name(self) -> &'static str {
        Step::ALL.iter().find(|(step, _)| *step == self).map_or("?", |(_, name)| name)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Step {
    type Err = String;

    fn from_str(text: &str) -> Result<Step, String> {
        Step::ALL.iter().find(|(_, name)| *name == text).map(|(step, _)| *step).ok_or_else(|| {
            let names: Vec<&str> = Step::ALL.iter().map(|(_, name)| *name).collect();
            format!("no step `{text}`; the steps are {}", names.join(", "))
        })
    }
}

/// Runs the steps `flags.only` names (all of them when it names none).
pub fn test(flags: &flags::Test) -> Result<()> {
    setup::chromium()?;
    let playwright = setup::npm_tool("playwright-core/index.mjs")?;
    let mut run = Run { env: Env::new(root(), playwright), only: &flags.only, ran: Vec::new() };
    steps(&mut run)?;
    if flags.only.is_empty() {
        println!("all tests passed");
    } else {
        let ran: Vec<&str> = run.ran.iter().map(|s| s.name()).collect();
        println!("passed: {}", ran.join(", "));
    }
    Ok(())
}

/// The steps, in the order they run.
fn steps(run: &mut Run) -> Result<()> {
    run.step(Step::Regenerate, host::regenerate_check)?;
    run.step(Step::Fmt, host::fmt)?;
    run.step(Step::Clippy, host::clippy)?;
    run.step(Step::Host, host::cargo_test)?;
    run.step(Step::CompileSpecs, compile_specs::check)?;
    run.step(Step::Build, |_| build::build(&flags::Build))?;
    run.step(Step::Wasm, wasm::suites)?;
    run.step(Step::RegenerateFlow, regenerate_flow::check)?;
    run.step(Step::Package, package::check)?;
    // The steps after this one do not use the test server.
    run.env.stop_server();
    run.step(Step::Types, types::check)?;
    run.step(Step::Pages, pages::check)?;
    run.step(Step::Conformance, conformance::check)?;
    run.step(Step::Runtimes, runtimes::check)?;
    Ok(())
}

/// The steps chosen, and what they share.
struct Run<'a> {
    /// What the steps share.
    env: Env,
    /// The steps `--only` names; empty for all.
    only: &'a [Step],
    /// The steps run so far.
    ran: Vec<Step>,
}

impl Run<'_> {
    /// Runs `check` if `step` is chosen.
    fn step(&mut self, step: Step, check: impl FnOnce(&mut Env) -> Result<()>) -> Result<()> {
        if self.only.is_empty() || self.only.contains(&step) {
            self.ran.push(step);
            if !self.env.dry {
                check(&mut self.env)?;
            }
        }
        Ok(())
    }
}

/// What the steps share: the root, the tools, and what one step starts for the next.
pub struct Env {
    /// The workspace root.
    root: PathBuf,
    /// playwright-core's entry, which drives Chromium.
    playwright: PathBuf,
    /// The test server, started by the first step that needs it.
    server: Option<TestServer>,
    /// `tests/node/` with the packed package installed, once it is.
    consumer: Option<PathBuf>,
    /// Only record which steps would run (the order test).
    dry: bool,
}

impl Env {
    /// Nothing started yet.
    fn new(root: PathBuf, playwright: PathBuf) -> Env {
        Env { root, playwright, server: None, consumer: None, dry: false }
    }

    /// The workspace root.
    fn root(&self) -> &Path {
        &self.root
    }

    /// The test server, started if it is not running yet.
    fn server(&mut self) -> Result<&TestServer> {
        if self.server.is_none() {
            self.server = Some(TestServer::start(&self.root)?);
        }
        Ok(self.server.as_ref().expect("just started"))
    }

    /// Stops the test server, if it is running.
    fn stop_server(&mut self) {
        self.server = None;
    }

    /// `tests/node/` with the packed package installed (once per run).
    fn consumer(&mut self) -> Result<PathBuf> {
        if let Some(consumer) = &self.consumer {
            return Ok(consumer.clone());
        }
        self.built()?;
        let consumer = package::install_packed_package(&self.root)?;
        self.consumer = Some(consumer.clone());
        Ok(consumer)
    }

    /// Fails, saying what to run, if the package has not been built.
    fn built(&self) -> Result<()> {
        let dist = self.root.join(build::DIST);
        if !dist.join("package.json").is_file() {
            bail!(
                "{} has no built package: run `cargo xtask build` first (or add `--only build`)",
                dist.display()
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod order {
    use super::*;

    /// `Step::ALL` (the `--only` names) lists every step [`steps`] runs, in its order.
    #[test]
    fn every_step_is_named_in_order() {
        let mut env = Env::new(PathBuf::new(), PathBuf::new());
        env.dry = true;
        let mut run = Run { env, only: &[], ran: Vec::new() };
        steps(&mut run).unwrap();
        let named: Vec<Step> = Step::ALL.iter().map(|(step, _)| *step).collect();
        assert_eq!(run.ran, named);
    }

    #[test]
    fn steps_parse_by_name() {
        assert_eq!("compile-specs".parse::<Step>(), Ok(Step::CompileSpecs));
        let error = "wasmm".parse::<Step>().unwrap_err();
        assert!(error.contains("no step `wasmm`") && error.contains("regenerate-flow"), "{error}");
        for (step, name) in Step::ALL {
            assert_eq!(step.to_string(), *name);
        }
    }

    /// The xtask's main doc names every step `--only` takes.
    #[test]
    fn the_main_doc_names_every_step() {
        let doc = include_str!("../main.rs");
        for (_, name) in Step::ALL {
            assert!(doc.contains(&format!("`{name}`")), "main.rs does not name step `{name}`");
        }
    }
}
