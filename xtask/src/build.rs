//! `cargo xtask build`: the npm package `xano-meta` in `pkg/dist/`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::flags;
use crate::regenerate;
use crate::setup;
use crate::shell::{self, root};

/// Where the package is written (gitignored).
pub const DIST: &str = "pkg/dist";

/// The package's entries for browsers, from `pkg/js/` (see [`EXPORTS`]): a realm may
/// import both (`xano-meta`, `xano-meta/lazy`), so they are bundled to share [`CORE`]
/// (see [`bundle`]).
const BROWSER_ENTRIES: &[&str] = &["browser.js", "lazy.js"];
/// The package's entry for each other runtime, from `pkg/js/`: the one module both of
/// the package's specifiers resolve to there, so each is bundled whole (see [`bundle`]).
const RUNTIME_ENTRIES: &[&str] = &["node.js", "workerd.js", "deno.js"];

/// Every entry of the package: [`BROWSER_ENTRIES`], then [`RUNTIME_ENTRIES`].
fn entries() -> impl Iterator<Item = &'static str> {
    BROWSER_ENTRIES.iter().chain(RUNTIME_ENTRIES).copied()
}
/// The modules of `pkg/js/` the entries share. They are bundled into [`CORE`] with the
/// glue and the generated classes.
const SHARED_JS: &[&str] = &["load.js", "extend.js", "errors.js"];
/// The type declarations of `pkg/js/`.
const TYPES: &[&str] = &["errors.d.ts", "index.d.ts", "lazy.d.ts"];
/// What the generator writes for the package's JS (from `pkg/src/generated/`).
const GENERATED_JS: &[&str] = &[xano_meta_codegen::CLASSES_JS];
/// wasm-bindgen's JS glue; bundled into [`CORE`].
const GLUE: &str = "xano_meta.js";
/// What wasm-bindgen writes that the package ships as it is.
const BINDGEN_FILES: &[&str] = &["xano_meta.d.ts", "xano_meta_bg.wasm"];
/// The one module the browser entries import: the glue, the generated classes and the
/// shared modules of `pkg/js/`, bundled (see [`bundle`]).
const CORE: &str = "core.js";

/// The files whose size is the package's cost to a browser: the wasm and its JS.
pub const SHIPPED_CODE: &[&str] = &["xano_meta_bg.wasm", "browser.js", CORE];

/// Set-up, regeneration, release build, bindings, optimisation, package; prints
/// where the package and the scope page are, the operation count and the size.
pub fn build(_: &flags::Build) -> Result<()> {
    let root = root();
    setup::node()?;
    setup::wasm_target()?;
    setup::wasm_bindgen_cli()?;
    regenerate::regenerate(&flags::Regenerate::default())?;

    shell::run(
        Command::new("cargo")
            .current_dir(&root)
            .env("CARGO_ENCODED_RUSTFLAGS", package_rustflags(&root))
            .args([
                "build",
                "--release",
                "--package",
                "xano-meta",
                "--target",
                "wasm32-unknown-unknown",
            ]),
    )?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/xano_meta.wasm");

    let dist = root.join(DIST);
    let _ = fs::remove_dir_all(&dist);
    shell::create_dir(&dist)?;
    let names = bindings(&wasm, &dist, false)?;
    holds_no_machine_path(&dist.join("xano_meta_bg.wasm"), &root)?;
    shell::write(&root.join(NAME_MAP), names)?;
    let _ = fs::remove_file(dist.join("xano_meta_bg.wasm.d.ts"));
    tidy_typescript(&dist.join("xano_meta.d.ts"))?;
    for file in TYPES {
        copy(&root.join("pkg/js").join(file), &dist.join(file))?;
    }
    package_js(&root.join(xano_meta_codegen::BINDINGS_DIR), &dist)?;
    copy(&root.join("README.md"), &dist.join("README.md"))?;
    write_package_json(&dist)?;

    let page = build_scope_page(&root, &dist)?;
    println!(
        "scope matrix page: {} (serve it with `node tests/pages/serve.mjs {}`)",
        page.display(),
        page.display()
    );

    let operations = count_operations(&dist)?;
    let (raw, gzipped) = sizes(&dist, SHIPPED_CODE)?;
    println!("package: {} ({operations} operations)", dist.display());
    println!("size: {raw} bytes raw, {gzipped} bytes gzipped (wasm + JS glue)");
    Ok(())
}

/// The rustflags of the package's release build, as `CARGO_ENCODED_RUSTFLAGS` (so a
/// path with spaces stays one flag): the caller's (`CARGO_ENCODED_RUSTFLAGS`, else
/// `RUSTFLAGS`), and the paths of this machine (the project's folder, Cargo's
/// registry) cut out of the file names that panic locations keep in the wasm, so that
/// the package holds no path of the machine that built it (`runtime/src/url.rs`, not
/// `/home/…/runtime/src/url.rs`). As with any flags from the environment, `rustflags`
/// of Cargo's config files do not apply to this build. The standard library's own
/// paths come pre-built, as `/rustc/<commit>/library/…`.
pub fn package_rustflags(root: &Path) -> String {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\u{1f}').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    for (from, _) in machine_paths(root) {
        flags.push(format!("--remap-path-prefix={}/=", from.display()));
    }
    flags.join("\u{1f}")
}

/// The paths [`package_rustflags`] remaps, each with a folder below it that panic
/// locations name, which the build then looks for in the wasm (the bare path could be
/// any text: a project in `/workspace` shares it with the API's paths).
fn machine_paths(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut paths = vec![(root.to_path_buf(), "runtime/src/")];
    if let Some(home) = cargo_home() {
        paths.push((home.join("registry/src"), "index.crates.io-"));
    }
    paths
}

/// How each entry in `pkg/js/` re-exports the glue (and only this way).
const GLUE_REEXPORT: &str = "export * from './xano_meta.js';";

/// The names of the glue's exports that are the package's API: its classes and
/// functions, without the package's own plumbing (`__methods`, `__registerErrorClasses`:
/// a `__` prefix) and wasm-bindgen's `initSync` and default export (the entries
/// instantiate the wasm themselves). An `export` of any other form is an error: its
/// name would go missing from the entries while the `.d.ts` declared it.
fn public_exports(glue: &str) -> Result<Vec<&str>> {
    const INIT_EXPORTS: &str = "export { initSync, __wbg_init as default };";
    let mut names = Vec::new();
    for line in glue.lines().filter(|l| l.starts_with("export ") && *l != INIT_EXPORTS) {
        let Some(rest) =
            line.strip_prefix("export class ").or(line.strip_prefix("export function "))
        else {
            bail!("the glue's `{line}` is an export this build does not know how to re-export");
        };
        let name =
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).next();
        match name {
            Some(name) if name.starts_with("__") => {}
            Some(name) if !name.is_empty() => names.push(name),
            _ => bail!("the glue's `{line}` names no export"),
        }
    }
    Ok(names)
}

/// Replaces each entry's (of `files` in `dist`) `export *` of the glue with the glue's public
/// exports by name (see [`public_exports`]), so that importing the package gives its
/// API and nothing of its plumbing.
pub fn narrow_exports<'a>(dist: &Path, files: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let glue = shell::read(&dist.join(GLUE))?;
    let names = public_exports(&glue)?;
    if !names.contains(&"XanoClient") {
        bail!(
            "{}: no `export class XanoClient` found: has wasm-bindgen's output changed?",
            dist.display()
        );
    }
    let narrowed = format!("export {{ {} }} from './xano_meta.js';", names.join(", "));
    for file in files {
        let path = dist.join(file);
        let text = shell::read(&path)?;
        match text.matches(GLUE_REEXPORT).count() {
            0 => continue,
            1 => shell::write(&path, text.replace(GLUE_REEXPORT, &narrowed))?,
            _ => bail!("{}: `{GLUE_REEXPORT}` more than once", path.display()),
        }
    }
    Ok(())
}

/// Cargo's home: `CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Fails if `wasm` names a source file by this machine's path (see
/// [`package_rustflags`]).
fn holds_no_machine_path(wasm: &Path, root: &Path) -> Result<()> {
    let bytes = fs::read(wasm).with_context(|| format!("{}", wasm.display()))?;
    for (path, below) in machine_paths(root) {
        let needle = format!("{}/{below}", path.display());
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            bail!("{} holds this machine's path {needle}…: see package_rustflags", wasm.display());
        }
    }
    Ok(())
}

/// The package's JS in `dist`, where [`bindings`] left the glue: the entries of
/// `pkg/js/` (their re-export of the glue narrowed, see [`narrow_exports`]), the shared
/// modules and the classes of `generated` copied beside it, then bundled (see [`bundle`]).
/// Used by the package build and by `cargo xtask bench`'s core build alike.
pub fn package_js(generated: &Path, dist: &Path) -> Result<()> {
    let root = root();
    for file in entries().chain(SHARED_JS.iter().copied()) {
        copy(&root.join("pkg/js").join(file), &dist.join(file))?;
    }
    for file in GENERATED_JS {
        copy(&generated.join(file), &dist.join(file))?;
    }
    narrow_exports(dist, entries())?;
    bundle(dist)
}

/// Bundles the JS of `dir` in place with esbuild. The browser entries ([`BROWSER_ENTRIES`]:
/// a page may import both `xano-meta` and `xano-meta/lazy`) keep only what is their own
/// (where they get the wasm from), and what they share goes into one module, [`CORE`]
/// (esbuild's code splitting): that one module holds the realm's instance, so a realm
/// that imports both still has one. Each runtime's entry ([`RUNTIME_ENTRIES`]) is one
/// self-contained module instead: `package.json` resolves both `xano-meta` and
/// `xano-meta/lazy` to the same entry there (see [`EXPORTS`]), so a realm has one
/// instance anyway, and in Node a second module cost about 1.2 ms of the import
/// (Node 20's loader, measured on an empty module re-exported). The sources of the
/// bundle are removed from `dir`. (wasm-bindgen's `@ts-self-types` line goes with the
/// glue: Deno finds the types as every runtime does, by `package.json`.)
///
/// Whitespace, syntax and names are minified; the names of what the package exports
/// (`XanoApiError.name`, `XanoClient.name`) are given back at run time
/// (`pkg/js/extend.js`, `errors.js`), which `count_operations` checks for every export.
/// Property keys (the wasm's import names in the glue's imports object) are never
/// renamed. The `.wasm` and `node:module` stay imports, and the literal
/// `new URL('./xano_meta_bg.wasm', import.meta.url)` stays as bundlers look for it.
/// `es2022` holds esbuild to the syntax every supported runtime has; the
/// source phase import of the Deno entry is allowed by name. The readable sources stay
/// in `pkg/js/` and wasm-bindgen's output.
pub fn bundle(dir: &Path) -> Result<()> {
    let esbuild = setup::npm_tool(".bin/esbuild")?;
    let out = dir.join(".bundle");
    let _ = fs::remove_dir_all(&out);
    let run = |entries: &[&str], split: bool| {
        shell::run(
            Command::new(&esbuild)
                .current_dir(dir)
                .args(entries)
                .args(["--bundle", "--format=esm"])
                .args(split.then_some(["--splitting", "--chunk-names=core"]).into_iter().flatten())
                .args(["--external:node:module", "--external:./xano_meta_bg.wasm"])
                .args(["--minify", "--target=es2022"])
                .args(["--supported:import-source=true", "--log-level=warning"])
                .arg(format!("--outdir={}", out.display())),
        )
    };
    run(BROWSER_ENTRIES, true)?;
    run(RUNTIME_ENTRIES, false)?;
    let mut written: Vec<String> = fs::read_dir(&out)
        .with_context(|| format!("{}", out.display()))?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_>>()?;
    written.sort();
    let mut expected: Vec<String> = entries().chain([CORE]).map(str::to_owned).collect();
    expected.sort();
    if written != expected {
        bail!("esbuild wrote {written:?}, not the entries and one {CORE}: {}", out.display());
    }
    for file in entries().chain(SHARED_JS.iter().chain(GENERATED_JS).copied()).chain([GLUE]) {
        fs::remove_file(dir.join(file)).with_context(|| format!("{}", dir.join(file).display()))?;
    }
    for file in &written {
        fs::rename(out.join(file), dir.join(file)).with_context(|| format!("moving {file}"))?;
    }
    fs::remove_dir(&out).with_context(|| format!("{}", out.display()))
}

/// Where the build leaves the map of the wasm's shortened import and export names (for
/// reading a profile, whose frames of the glue's imports bear the short names).
pub const NAME_MAP: &str = "target/wasm-names.json";

/// wasm-bindgen's `web` bindings of the release `wasm` in `out`, and its wasm
/// optimised in place, its import and export names shortened (see [`shorten_names`],
/// which gives the map it returns); with `keep_names`, the wasm keeps its function names
/// (for `cargo xtask bench`'s size anatomy: the same code, plus a names section).
pub fn bindings(wasm: &Path, out: &Path, keep_names: bool) -> Result<String> {
    let wasm_opt = setup::npm_tool(".bin/wasm-opt")?;
    // One `web` build serves every runtime: browsers instantiate it by URL, Node
    // from the file (see pkg/js/), so the package holds one `.wasm`. Every entry says
    // where the `.wasm` is, so the glue needs no default URL of its own (which would be
    // a second `import.meta.url` for bundlers to find, and none in workerd); every
    // runtime the package supports has `TextEncoder.encodeInto`, so the glue needs no
    // fallback for its absence.
    shell::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--omit-default-module-path", "--encode-into", "always"])
            .arg("--out-dir")
            .arg(out)
            .arg(wasm),
    )?;
    let bindgen_wasm = out.join("xano_meta_bg.wasm");
    shell::run(
        Command::new(&wasm_opt)
            .arg("-Oz")
            .args(keep_names.then_some("-g"))
            // True of this module: its memory is its own, so it starts zeroed (no
            // need to store zeros), and Rust places nothing in its first 1 KB (its
            // stack grows down towards it from 1 MB, the data lies above), so
            // constant addresses there can be folded.
            .args(["--zero-filled-memory", "--low-memory-unused"])
            .args(WASM_FEATURES)
            .arg(&bindgen_wasm)
            .arg("-o")
            .arg(&bindgen_wasm),
    )?;
    shorten_names(&wasm_opt, &bindgen_wasm, &out.join("xano_meta.js"), keep_names)
}

/// The features rustc enables by default for wasm32-unknown-unknown (for wasm-opt).
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// What wasm-opt's `--minify-imports-and-exports-and-modules` prints: each import's
/// module, name and new name, each export's name and new name.
#[derive(serde::Deserialize)]
struct NameMap {
    imports: Vec<(String, String, String)>,
    exports: Vec<(String, String)>,
}

/// Shortens the names the wasm and its glue share, in both: wasm-bindgen names each import
/// after the JS it calls plus a hash (`__wbg_append_2636721c685d9a4d`), all from the module
/// `./xano_meta_bg.js`, and each export after its Rust item; each is spelled out in the
/// wasm and in the glue (an import once, as a key of the imports object; an export at each
/// `wasm.name`), and the hashes do not compress. wasm-opt renames them (`a`, `b`, …) and prints the map; the glue is
/// rewritten by it, and fails loudly where it does not read as this wasm-bindgen writes it.
/// Returns the map, as wasm-opt printed it. With `keep_names`, the names section stays.
fn shorten_names(wasm_opt: &Path, wasm: &Path, glue: &Path, keep_names: bool) -> Result<String> {
    let out = Command::new(wasm_opt)
        .arg("--minify-imports-and-exports-and-modules")
        .args(keep_names.then_some("-g"))
        .args(WASM_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .output()
        .with_context(|| format!("could not start {}", wasm_opt.display()))?;
    if !out.status.success() {
        bail!(
            "wasm-opt --minify-imports-and-exports-and-modules failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let map: NameMap = serde_json::from_slice(&out.stdout)
        .context("the name map wasm-opt --minify-imports-and-exports-and-modules printed")?;
    let modules = import_modules(wasm)?;
    let old_modules: std::collections::BTreeSet<&str> =
        map.imports.iter().map(|(module, _, _)| module.as_str()).collect();
    let (Some(old_module), [new_module], 1) =
        (old_modules.first(), modules.as_slice(), old_modules.len())
    else {
        bail!(
            "{}: expected the imports of one module, renamed to one, found {old_modules:?} \
             renamed to {modules:?}",
            wasm.display()
        );
    };
    let glue_text = shell::read(glue)?;
    let text = rename_in_glue(&glue_text, &map, old_module, new_module)
        .with_context(|| format!("{}: shortening the wasm's names", glue.display()))?;
    shell::write(glue, text)?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The module names the wasm imports from, in order, without repeats (read by Node).
fn import_modules(wasm: &Path) -> Result<Vec<String>> {
    let script = "const fs = await import('node:fs'); \
        const m = new WebAssembly.Module(fs.readFileSync(process.argv[1])); \
        for (const name of new Set(WebAssembly.Module.imports(m).map((i) => i.module))) console.log(name);";
    let out =
        shell::output(Command::new("node").args(["--input-type=module", "-e", script]).arg(wasm))
            .with_context(|| format!("{}: Node could not read its imports", wasm.display()))?;
    Ok(out.lines().map(str::to_owned).collect())
}

/// Whether `c` can be part of a JS identifier (ASCII: the glue's names are).
fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The glue with the names of `map`: the imports object's module key, each import's key
/// (`name:`, exactly once each), and every `wasm.name` (each of which must be an export).
/// One pass over the identifiers, so a new name is never renamed again.
fn rename_in_glue(glue: &str, map: &NameMap, old_module: &str, new_module: &str) -> Result<String> {
    let module_key = |module: &str| format!("{}:", serde_json::Value::from(module));
    let (old_key, new_key) = (module_key(old_module), module_key(new_module));
    if glue.matches(&old_key).count() != 1 {
        bail!("the imports object's key {old_key} is not there exactly once");
    }
    let glue = glue.replacen(&old_key, &new_key, 1);
    let imports: std::collections::HashMap<&str, &str> =
        map.imports.iter().map(|(_, old, new)| (old.as_str(), new.as_str())).collect();
    let exports: std::collections::HashMap<&str, &str> =
        map.exports.iter().map(|(old, new)| (old.as_str(), new.as_str())).collect();
    let mut renamed_imports = std::collections::HashSet::new();
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue.as_str();
    while let Some(start) = rest.find(is_ident) {
        let (before, from) = rest.split_at(start);
        let end = from.find(|c| !is_ident(c)).unwrap_or(from.len());
        let (word, after) = from.split_at(end);
        out.push_str(before);
        let new = if out.ends_with("wasm.") && !out[..out.len() - 5].ends_with(is_ident) {
            Some(*exports.get(word).with_context(|| format!("`wasm.{word}` is not an export"))?)
        } else if after.starts_with(':') && imports.contains_key(word) {
            if !renamed_imports.insert(word) {
                bail!("the import `{word}` is a key twice");
            }
            Some(imports[word])
        } else {
            None
        };
        out.push_str(new.unwrap_or(word));
        rest = after;
    }
    out.push_str(rest);
    if let Some((_, missing, _)) =
        map.imports.iter().find(|(_, old, _)| !renamed_imports.contains(old.as_str()))
    {
        bail!("the import `{missing}` is not a key of the imports object");
    }
    Ok(out)
}

/// Drops wasm-bindgen's initialisation declarations from the `.d.ts` (the entries
/// initialise the module themselves, and `InitOutput` types the raw exports with
/// `any`) and `[Symbol.dispose]`, then checks that no `any` is left in the public
/// types.
fn tidy_typescript(path: &Path) -> Result<()> {
    let text = shell::read(path)?;
    let Some(at) = text.find("export type InitInput") else {
        bail!(
            "{}: wasm-bindgen's init declarations were not found; check the tidy-up",
            path.display()
        );
    };
    let public = text[..at].trim_end().to_owned() + "\n";
    // `[Symbol.dispose]` needs TypeScript's `esnext.disposable` lib, which most
    // consumers do not have; `free()` does the same and stays.
    let public: String = public
        .lines()
        .filter(|l| l.trim() != "[Symbol.dispose](): void;")
        .map(|l| format!("{l}\n"))
        .collect();
    let any = public.lines().enumerate().find(|(_, line)| {
        let code = line.split("//").next().unwrap_or("");
        !code.trim_start().starts_with('*')
            && [": any", "<any>", "any[]", "=> any", "| any", "any |"]
                .iter()
                .any(|t| code.contains(t))
    });
    if let Some((n, line)) = any {
        bail!("{}:{}: `any` in the public types: {}", path.display(), n + 1, line.trim());
    }
    shell::write(path, public)
}

/// Where the scope matrix page is assembled: the page beside a copy of the package.
pub const SCOPE_PAGE: &str = "target/scope-page";

/// Assembles `pkg/pages/scopes/` with the package in `xano-meta/` beside it.
fn build_scope_page(root: &Path, dist: &Path) -> Result<PathBuf> {
    let page = root.join(SCOPE_PAGE);
    let _ = fs::remove_dir_all(&page);
    shell::create_dir(&page.join("xano-meta"))?;
    for (from, to) in [
        (root.join("pkg/pages/scopes"), page.clone()),
        (dist.to_path_buf(), page.join("xano-meta")),
    ] {
        for entry in fs::read_dir(&from).with_context(|| from.display().to_string())?.flatten() {
            if entry.path().is_file() {
                copy(&entry.path(), &to.join(entry.file_name()))?;
            }
        }
    }
    Ok(page)
}

/// Copies one file, naming it when that fails.
fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).map(drop).with_context(|| format!("copying {}", from.display()))
}

/// The `exports` map: which entry each runtime resolves `xano-meta` and `xano-meta/lazy`
/// to. Resolvers take the first key, in this order, that is among their conditions, so
/// the runtimes that also match `node` or `browser` (Bun, Deno, wrangler's esbuild with
/// `workerd, worker, browser`) come first. `worker` is not a key: webpack sets it for web
/// workers, which need `browser.js`, not a `.wasm` imported as a module.
const EXPORTS: &[(&str, &[(&str, &str)])] = &[
    (
        ".",
        &[
            ("types", "./index.d.ts"),
            ("bun", "./node.js"),
            ("deno", "./deno.js"),
            ("workerd", "./workerd.js"),
            ("node", "./node.js"),
            ("browser", "./browser.js"),
            ("default", "./browser.js"),
        ],
    ),
    (
        "./lazy",
        &[
            ("types", "./lazy.d.ts"),
            // Where top-level await is allowed the runtime's own entry serves: it exports
            // the same `ready`, so service-worker code runs there (and in Node tests) unchanged.
            ("bun", "./node.js"),
            ("deno", "./deno.js"),
            ("workerd", "./workerd.js"),
            ("node", "./node.js"),
            ("default", "./lazy.js"),
        ],
    ),
];

/// The entries that instantiate the wasm when imported (`sideEffects`).
const SIDE_EFFECTS: &[&str] =
    &["./browser.js", "./node.js", "./lazy.js", "./workerd.js", "./deno.js"];

/// The package's `package.json`: entries per runtime, the file list, the version of the crate.
fn write_package_json(dist: &Path) -> Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    let list = |items: &mut dyn Iterator<Item = &str>| {
        items.map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ")
    };
    let files = list(
        &mut entries()
            .chain([CORE])
            .chain(TYPES.iter().chain(BINDGEN_FILES).copied())
            .chain(["README.md"]),
    );
    let side_effects = list(&mut SIDE_EFFECTS.iter().copied());
    let exports = EXPORTS
        .iter()
        .map(|(path, conditions)| {
            let conditions = conditions
                .iter()
                .map(|(condition, file)| format!("      \"{condition}\": \"{file}\""))
                .collect::<Vec<_>>()
                .join(",\n");
            format!("    \"{path}\": {{\n{conditions}\n    }},\n")
        })
        .collect::<String>();
    let json = format!(
        r#"{{
  "name": "xano-meta",
  "version": "{version}",
  "description": "Typed client of Xano's Metadata API for browsers, web workers, extensions, Node, Bun, Deno and Cloudflare Workers, with token scope checks.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./node.js",
  "module": "./browser.js",
  "types": "./index.d.ts",
  "exports": {{
{exports}    "./package.json": "./package.json"
  }},
  "files": [{files}],
  "sideEffects": [{side_effects}],
  "engines": {{ "node": ">=20" }},
  "keywords": ["xano", "metadata-api", "wasm", "no-code", "cloudflare-workers", "deno", "bun"]
}}
"#
    );
    fs::write(dist.join("package.json"), json).context("package.json")
}

/// Imports the built package in Node and counts what `operations()` lists: a check
/// that the package loads, as well as the figure to print. Also checks that every
/// function and class the package exports still has its own name after [`bundle`].
fn count_operations(dist: &Path) -> Result<usize> {
    let script = "const m = await import(process.argv[1]); \
        console.log(m.operations().length); \
        for (const [k, v] of Object.entries(m)) \
          if (typeof v === 'function' && v.name !== k) console.log(k, v.name);";
    let entry = dist.join("node.js");
    let out =
        shell::output(Command::new("node").args(["--input-type=module", "-e", script]).arg(&entry))
            .with_context(|| {
                format!("the built package does not load in Node ({})", entry.display())
            })?;
    let mut lines = out.lines();
    let count = lines.next().unwrap_or_default();
    let renamed: Vec<&str> = lines.collect();
    if !renamed.is_empty() {
        bail!("exports whose name the minifier changed (export, name): {}", renamed.join("; "));
    }
    count.trim().parse().ok().with_context(|| format!("operations() gave {out:?}"))
}

/// Total size of `files`, raw and gzipped (level 9).
pub fn sizes(dir: &Path, files: &[&str]) -> Result<(usize, usize)> {
    let mut raw = 0;
    let mut gzipped = 0;
    for file in files {
        let bytes = fs::read(dir.join(file)).with_context(|| file.to_string())?;
        raw += bytes.len();
        gzipped += gzipped_len(&bytes)?;
    }
    Ok((raw, gzipped))
}

/// The length of `bytes` gzipped at the best compression (`gzip -9`), as every size
/// this project reports is measured.
pub fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).context("gzip")?;
    Ok(encoder.finish().context("gzip")?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_exports_leave_out_the_plumbing() {
        let glue = "export class XanoClient {\n}\nexport function __methods() {\nexport function tokenReport(token) {\n\
                    export class XanoClientStaging {\nexport { initSync, __wbg_init as default };\n  export function inner() {";
        assert_eq!(
            public_exports(glue).unwrap(),
            ["XanoClient", "tokenReport", "XanoClientStaging"]
        );
        let unknown = public_exports("export const Kind = Object.freeze({});").unwrap_err();
        assert!(unknown.to_string().contains("does not know how to re-export"), "{unknown}");
    }

    fn map() -> NameMap {
        NameMap {
            imports: vec![
                ("./m_bg.js".into(), "__wbg_log_0123".into(), "a".into()),
                ("./m_bg.js".into(), "__wbg_now_4567".into(), "b".into()),
            ],
            exports: vec![("memory".into(), "c".into()), ("a".into(), "d".into())],
        }
    }

    /// Keys, `wasm.` references and the module key take the new names, once, and nothing else
    /// changes: not a name after another object, nor a new name that is also an old one.
    #[test]
    fn renames_keys_and_exports_only() {
        let glue = "const i = { __wbg_log_0123: function(x) { console.log(x, wasm.a); },\n\
                    __wbg_now_4567: function() { return mywasm.memory; } };\n\
                    return { \"./m_bg.js\": i }; wasm.memory.buffer; o.__wbg_log_0123;";
        let out = rename_in_glue(glue, &map(), "./m_bg.js", "z").unwrap();
        assert_eq!(
            out,
            "const i = { a: function(x) { console.log(x, wasm.d); },\n\
             b: function() { return mywasm.memory; } };\n\
             return { \"z\": i }; wasm.c.buffer; o.__wbg_log_0123;"
        );
    }

    /// A glue that does not read as expected is an error naming what is off.
    #[test]
    fn refuses_what_it_cannot_map() {
        let ok = "{ __wbg_log_0123: f, __wbg_now_4567: g, \"./m_bg.js\": i }";
        let unknown = format!("{ok} wasm.other;");
        let error = rename_in_glue(&unknown, &map(), "./m_bg.js", "z").unwrap_err().to_string();
        assert!(error.contains("`wasm.other` is not an export"), "{error}");
        let missing = "{ __wbg_log_0123: f, \"./m_bg.js\": i }";
        let error = rename_in_glue(missing, &map(), "./m_bg.js", "z").unwrap_err().to_string();
        assert!(error.contains("`__wbg_now_4567` is not a key"), "{error}");
        let twice = format!("{ok} {{ __wbg_now_4567: h }}");
        let error = rename_in_glue(&twice, &map(), "./m_bg.js", "z").unwrap_err().to_string();
        assert!(error.contains("`__wbg_now_4567` is a key twice"), "{error}");
        let no_module = "{ __wbg_log_0123: f, __wbg_now_4567: g }";
        let error = rename_in_glue(no_module, &map(), "./m_bg.js", "z").unwrap_err().to_string();
        assert!(error.contains("\"./m_bg.js\":"), "{error}");
    }
}
