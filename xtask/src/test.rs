//! `cargo xtask test`: everything, on a fresh machine too.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::naming::{RenameTarget, Renames};
use xano_meta_codegen::{generate, SpecInput};

use crate::config::{self, renames_for, RenameFile};
use crate::setup;
use crate::shell::{self, root};
use crate::{build, regenerate};

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    let root = root();
    setup::chromium()?;
    let playwright = setup::npm_tool("playwright-core/index.mjs")?;
    regenerate::run(&["--check".to_owned()])?;
    // Formatting by the workspace's rustfmt.toml, generated files included.
    shell::run(Command::new("cargo").current_dir(&root).args(["fmt", "--all", "--check"]))?;
    // Lints, where the toolchain has clippy (these machines' rustup toolchain does;
    // a component cannot be fetched here if it did not).
    if shell::output(Command::new("cargo").args(["clippy", "--version"])).is_some() {
        shell::run(Command::new("cargo").current_dir(&root).args([
            "clippy",
            "--quiet",
            "--workspace",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The runtime's wasm32-only modules (execute, transport, timer, download), which
        // the host run does not compile: their lints and `missing_docs` too.
        setup::wasm_target()?;
        shell::run(Command::new("cargo").current_dir(&root).args([
            "clippy",
            "--quiet",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "xano-meta-runtime",
            "--",
            "-D",
            "warnings",
        ]))?;
    } else {
        eprintln!("cargo clippy is not installed with this toolchain: lints not run");
    }
    shell::run(Command::new("cargo").current_dir(&root).args(["test", "--workspace"]))?;
    check_generated_compiles(&root)?;
    build::build()?;

    let server = TestServer::start(&root)?;
    let wasm_test = |suite: &str| -> Result<(), String> {
        server.reset()?;
        shell::run(
            Command::new("cargo").current_dir(&root).env("XANO_TEST_SERVER", &server.url).args([
                "test",
                "--package",
                "xano-meta-tests",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                suite,
            ]),
        )
    };
    wasm_test("node")?;
    wasm_test("browser")?;

    server.reset()?;
    check_regenerate_flow(&root, &server)?;
    let consumer = install_packed_package(&root)?;
    shell::run(
        Command::new("node").current_dir(&consumer).env("XANO_TEST_SERVER", &server.url).args([
            "--test",
            "package.test.mjs",
            "download.test.mjs",
        ]),
    )?;
    drop(server);
    check_types(&consumer)?;

    shell::run(
        Command::new("node")
            .current_dir(&root)
            .env("SCOPE_PAGE_DIR", root.join(build::SCOPE_PAGE))
            .env("PLAYWRIGHT_CORE", &playwright)
            .args(["--test", "tests/pages/scope-matrix.test.mjs"]),
    )?;
    println!("screenshot of the scope matrix page: tests/out/scope-matrix.png");

    // Every instance operation against Prism's request validation of the spec.
    shell::run(
        Command::new("node")
            .current_dir(&root)
            .env("PRISM_BIN", setup::npm_tool(".bin/prism")?)
            .args(["--test", "tests/conformance/prism.test.mjs"]),
    )?;

    // Every runtime users put the package in: a plain page, a Vite 7 app, a Web
    // Worker and a Manifest V3 extension's service worker, each in headless Chromium;
    // Node, Bun and Deno scripts; a Cloudflare Worker in workerd, unbundled and bundled
    // as wrangler does (esbuild).
    shell::run(
        Command::new("node")
            .current_dir(&root)
            .env("PLAYWRIGHT_CORE", &playwright)
            .env("VITE_PATH", setup::npm_tool("vite")?)
            .env("ESBUILD_PATH", setup::npm_tool("esbuild")?)
            .env("WORKERD_PATH", setup::npm_tool(".bin/workerd")?)
            .env("DENO_PATH", setup::npm_tool(".bin/deno")?)
            .env("BUN_PATH", setup::npm_tool(".bin/bun")?)
            .args(["--test", "tests/runtimes/runtimes.test.mjs"]),
    )?;
    println!("all tests passed");
    Ok(())
}

/// Specs other than the embedded one (Xano API-group style: operationIds, keywords,
/// non-ASCII names, `$ref`s, oneOf, arrays in queries, cookies, form bodies; names
/// that collide, with the renames beside the spec; OpenAPI 3.1) generate bindings
/// that compile: each is generated into a scratch crate under `target/` and checked
/// for wasm32 with the runtime.
fn check_generated_compiles(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/specs/compile");
    let mut specs: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    specs.sort();
    for spec in specs.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let name = spec.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let text = fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        let input = SpecInput {
            kind: ApiKind::Instance,
            source: spec.display().to_string(),
            text,
            variant: None,
            renames: compile_spec_renames(spec, &name)?,
            corrections: Vec::new(),
        };
        let (apis, files) = generate(&[input], &[]).map_err(|e| e.to_string())?;
        let krate = root.join("target/codegen-check").join(&name);
        let _ = fs::remove_dir_all(krate.join("src"));
        for file in files.iter().filter_map(|f| {
            Some((f.path.strip_prefix("pkg/src/generated/instance/")?, &f.contents))
        }) {
            let path = krate.join("src/instance").join(file.0);
            fs::create_dir_all(path.parent().expect("in a folder")).map_err(|e| e.to_string())?;
            fs::write(&path, file.1).map_err(|e| e.to_string())?;
        }
        // The generated JS methods call the package's client class; a stand-in with
        // the same `call` signature is enough to type-check them.
        let lib = "pub mod instance;\n\nmod client {\n    use wasm_bindgen::prelude::*;\n\n    #[wasm_bindgen]\n    pub struct XanoClient;\n\n    impl XanoClient {\n        pub fn call(&self, _: &'static xano_meta_runtime::descriptor::Operation, _: JsValue, _: JsValue) -> js_sys::Promise {\n            js_sys::Promise::resolve(&JsValue::NULL)\n        }\n    }\n}\n";
        check_scratch_crate(root, &krate, &format!("codegen-check-{name}"), "", lib)?;
        println!(
            "codegen: {name}.json ({} operations, {} warnings) generates bindings that compile",
            apis[0].operations.len(),
            apis[0].warnings.len()
        );
    }
    Ok(())
}

/// The `[[rename]]` entries beside a compile spec (`<name>.toml`), as `xano.toml`
/// would give them to an instance called `<name>`; none when there is no such file.
pub fn compile_spec_renames(spec: &Path, name: &str) -> Result<Renames, String> {
    let path = spec.with_extension("toml");
    let target = RenameTarget::Instances(vec![name.to_owned()]);
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Renames { renames: Vec::new(), target });
    };
    let file: RenameFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(other) = file.rename.iter().find(|e| e.instance.as_deref() != Some(name)) {
        return Err(format!(
            "{}: [[rename]] operation = {:?} is not for instance `{name}`",
            path.display(),
            other.operation
        ));
    }
    let renames =
        renames_for(&file.rename, Some(name)).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Renames { renames, target })
}

/// Writes a crate of generated code at `krate` (its `src/lib.rs` is `lib`), outside
/// the workspace, depending on the runtime and the crates generated code uses (plus
/// `extra` dependency lines), and `cargo check`s it for wasm32, offline, with the
/// workspace's lock file.
fn check_scratch_crate(
    root: &Path,
    krate: &Path,
    name: &str,
    extra: &str,
    lib: &str,
) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n\
         [dependencies]\nxano-meta-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
         wasm-bindgen = \"={}\"\njs-sys = \"0.3\"\n{extra}",
        root.join("runtime").display().to_string(),
        setup::wasm_bindgen_version()?
    );
    fs::create_dir_all(krate.join("src")).map_err(|e| e.to_string())?;
    fs::write(krate.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::write(krate.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
    fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).map_err(|e| e.to_string())?;
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

/// `regenerate --discover` against the test server's account API, then a
/// regeneration that fetches the discovered instance's spec: stored normalised,
/// recognised as the embedded spec (one set of bindings, identical to the
/// checked-in ones), unchanged by a second fetch; a spec that cannot be fetched
/// names the instance and writes nothing.
fn check_regenerate_flow(root: &Path, server: &TestServer) -> Result<(), String> {
    let dir = root.join("tests/out/regenerate");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let config = dir.join("xano.toml");
    let spec = |name: &str| root.join("specs").join(name).display().to_string();
    // `--discover` writes the project's corrections file, relative to the config's folder.
    let corrections = dir.join(config::INSTANCE_CORRECTIONS);
    fs::create_dir_all(corrections.parent().expect("in a folder")).map_err(|e| e.to_string())?;
    fs::copy(root.join(config::INSTANCE_CORRECTIONS), &corrections).map_err(|e| e.to_string())?;
    let initial = format!(
        "[account]\nspec = {:?}\n\n[[instances]]\nname = \"default\"\nspec = {:?}\ncorrections = [{:?}]\n",
        spec("account.json"),
        spec("instance.json"),
        config::INSTANCE_CORRECTIONS
    );
    fs::write(&config, &initial).map_err(|e| e.to_string())?;
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;
    let regenerate = |extra: &[&str]| {
        let mut command = Command::new(&xtask);
        command
            .current_dir(root)
            .env("XANO_PAT", "synthetic-pat")
            .env("XANO_TOKEN_X1_TEST", "synthetic-instance-token")
            .env("XANO_ACCOUNT_URL", format!("{}/account/api:meta", server.url))
            .args(["regenerate", "--config"])
            .arg(&config)
            .arg("--output")
            .arg(dir.join("out"))
            .args(extra);
        command
    };
    shell::run(&mut regenerate(&["--discover"]))?;
    let listed = fs::read_to_string(&config).map_err(|e| e.to_string())?;
    if !listed.contains("name = \"x1-test\"")
        || !listed.contains("token_env = \"XANO_TOKEN_X1_TEST\"")
    {
        return Err(format!("--discover did not add the account's instance:\n{listed}"));
    }
    let stored = dir.join("specs/instances/x1-test.json");
    let first =
        fs::read_to_string(&stored).map_err(|e| format!("the fetched spec was not stored: {e}"))?;
    let generated = |path: &str| fs::read_to_string(dir.join("out").join(path)).unwrap_or_default();
    let checked_in = |path: &str| fs::read_to_string(root.join(path)).unwrap_or_default();
    for file in [
        "pkg/src/generated/instance/operations.rs",
        "pkg/src/generated/instance/js.rs",
        "docs/API.md",
    ] {
        let strip = |text: String| text.lines().skip(1).collect::<Vec<_>>().join("\n");
        if strip(generated(file)) != strip(checked_in(file)) {
            return Err(format!(
                "{file}: the bindings of the fetched spec differ from the embedded spec's"
            ));
        }
    }
    if !generated("pkg/src/generated/instances.rs").contains("\"x1-test\"") {
        return Err("instances.rs does not list the discovered instance".to_owned());
    }
    shell::run(&mut regenerate(&[]))?;
    if fs::read_to_string(&stored).map_err(|e| e.to_string())? != first {
        return Err("re-fetching an unchanged spec changed the stored file".to_owned());
    }
    let broken = format!(
        "{initial}\n[[instances]]\nname = \"gone\"\nurl = \"{}/no-such-spec\"\n",
        server.url
    );
    fs::write(&config, broken).map_err(|e| e.to_string())?;
    let before = generated("pkg/src/generated/instances.rs");
    let out = regenerate(&[]).output().map_err(|e| e.to_string())?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success()
        || !said.contains("instance `gone`")
        || generated("pkg/src/generated/instances.rs") != before
    {
        return Err(format!("a spec that cannot be fetched must fail naming the instance and write nothing; it said:\n{said}"));
    }
    println!("regenerate: --discover, fetch, normalised store, shared bindings and a failing fetch behave");
    check_several_specs(root, &dir)
}

/// Three instances, two of which serve another spec (an API-group style one): the
/// package gets a second client class shared by those two, and the real package
/// sources compile with those bindings.
fn check_several_specs(root: &Path, dir: &Path) -> Result<(), String> {
    let spec = |path: &str| root.join(path).display().to_string();
    let config = dir.join("several.toml");
    let text = format!(
        "[account]\nspec = {:?}\n\n[[instances]]\nname = \"default\"\nspec = {:?}\ncorrections = [{:?}]\n\n\
         [[instances]]\nname = \"client-b\"\nspec = {:?}\nbase_url = \"https://b.example.xano.io/api:meta\"\n\n\
         [[instances]]\nname = \"client-c\"\nspec = {:?}\n",
        spec("specs/account.json"),
        spec("specs/instance.json"),
        config::INSTANCE_CORRECTIONS,
        spec("tests/specs/compile/apigroup.json"),
        spec("tests/specs/compile/apigroup.json")
    );
    fs::write(&config, text).map_err(|e| e.to_string())?;
    let out = dir.join("several");
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;
    shell::run(
        Command::new(&xtask)
            .current_dir(root)
            .args(["regenerate", "--config"])
            .arg(&config)
            .arg("--output")
            .arg(&out),
    )?;
    let generated = out.join("pkg/src/generated");
    let listed = fs::read_to_string(generated.join("instances.rs")).map_err(|e| e.to_string())?;
    for expected in [
        "(\"default\", None, \"XanoClient\")",
        "\"client-b\",",
        "\"XanoClientClientB\")",
        "(\"client-c\", None, \"XanoClientClientB\")",
    ] {
        if !listed.contains(expected) {
            return Err(format!("instances.rs lacks {expected}:\n{listed}"));
        }
    }
    let krate = root.join("target/several-specs-check");
    let module = |name: &str, path: &Path| {
        format!("#[path = {:?}]\npub mod {name};\n", path.display().to_string())
    };
    let mut lib = String::from("//! The package's sources with bindings of several specs (written by `cargo xtask test`).\n");
    for name in ["client", "introspect", "js_error", "js_input", "paging", "scopes"] {
        lib.push_str(&module(name, &root.join(format!("pkg/src/{name}.rs"))));
    }
    lib.push_str(&module("generated", &generated.join("mod.rs")));
    let pkg_manifest =
        fs::read_to_string(root.join("pkg/Cargo.toml")).map_err(|e| e.to_string())?;
    let web_sys_features = pkg_manifest
        .lines()
        .find(|l| l.starts_with("web-sys"))
        .and_then(|l| l.split("features = ").nth(1))
        .unwrap_or("[]")
        .trim_end_matches(" }");
    let extra = format!("wasm-bindgen-futures = \"0.4\"\nweb-sys = {{ version = \"0.3\", features = {web_sys_features} }}\n");
    check_scratch_crate(root, &krate, "several-specs-check", &extra, &lib)?;
    println!("regenerate: 3 instances, 2 distinct specs: 2 client classes, and the package compiles with them");
    Ok(())
}

/// The package's types from a consumer's side (`tests/node/types/`): `correct.ts`
/// passes `tsc --strict`; every line of `wrong.ts` is an error (each carries
/// `@ts-expect-error`, so `tsc` passes only if each really is one); and without
/// the directives, `wrong.ts` gives exactly one error per marked line.
fn check_types(consumer: &Path) -> Result<(), String> {
    let tsc = setup::npm_tool(".bin/tsc")?;
    shell::run(Command::new(&tsc).current_dir(consumer).args(["-p", "types"]))?;
    let wrong = fs::read_to_string(consumer.join("types/wrong.ts"))
        .map_err(|e| format!("wrong.ts: {e}"))?;
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
    fs::write(&probe, stripped).map_err(|e| format!("{}: {e}", probe.display()))?;
    let out = Command::new(&tsc)
        .current_dir(consumer)
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
        .map_err(|e| format!("tsc: {e}"))?;
    let _ = fs::remove_file(&probe);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("types/wrong-unmarked.ts(")?.split(',').next()?.parse().ok())
        .collect();
    lines.dedup();
    if lines != marked {
        return Err(format!("wrong.ts: expected one error on each of lines {marked:?}, tsc reported lines {lines:?}:\n{text}"));
    }
    println!(
        "types: correct.ts passes tsc --strict; wrong.ts has {} wrong calls, each an error",
        marked.len()
    );
    Ok(())
}

/// Packs `pkg/dist` as npm would publish it and installs the tarball, offline,
/// into `tests/node/`, whose test imports it by name.
fn install_packed_package(root: &Path) -> Result<std::path::PathBuf, String> {
    let out = root.join("tests/out");
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let packed = shell::output(
        Command::new("npm")
            .current_dir(root.join(build::DIST))
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&out),
    )
    .ok_or("npm pack failed")?;
    let tarball = out.join(packed.trim().lines().last().unwrap_or_default());
    let consumer = root.join("tests/node");
    let _ = fs::remove_dir_all(consumer.join("node_modules"));
    shell::run(
        Command::new("npm")
            .current_dir(&consumer)
            .args([
                "install",
                "--offline",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .arg(&tarball),
    )?;
    Ok(consumer)
}

/// `tests/server/xano-server.mjs`, stopped (by its PID) when dropped.
struct TestServer {
    child: Child,
    url: String,
}

impl TestServer {
    fn start(root: &Path) -> Result<TestServer, String> {
        let mut child = Command::new("node")
            .current_dir(root)
            .args(["tests/server/xano-server.mjs", "--max-seconds", "1800"])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start the test server: {e}"))?;
        let stdout = child.stdout.take().ok_or("test server has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
        let Some(url) = line.trim().strip_prefix("LISTENING ") else {
            let _ = child.kill();
            return Err(format!("test server did not start (said {line:?})"));
        };
        eprintln!("test server at {url}");
        Ok(TestServer { url: url.to_owned(), child })
    }

    /// Forgets what the server received, so each suite sees only its own requests.
    fn reset(&self) -> Result<(), String> {
        let script = format!("const r = await fetch('{}/__reset', {{ method: 'POST' }}); if (r.status !== 204) process.exit(1);", self.url);
        shell::output(Command::new("node").args(["--input-type=module", "-e", &script]))
            .map(drop)
            .ok_or_else(|| "could not reset the test server".to_owned())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
