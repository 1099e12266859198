//! The size rows of `cargo xtask bench`: what a browser loads against its target,
//! the fixed core (a build of the same package with one operation per API), the
//! bytes each further operation adds, the largest items of the wasm (twiggy, on a
//! copy of the built wasm that keeps its function names) and what its code costs
//! gzipped, by module (`code_gzip`).

use std::fs;
use std::path::Path;
use std::process::Command;

use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::{generate, SpecInput, BINDINGS_DIR};

use crate::build::{self, SHIPPED_CODE};
use crate::setup;
use crate::shell::{self, root};

/// The target of issue 11: the wasm plus the JS a browser loads, gzipped.
const TARGET_GZIP: usize = 60 * 1024;

/// How many of the largest items are listed.
const TOP_ITEMS: usize = 12;

/// The operation each API keeps in the core build: small, and typical (a path
/// parameter and paging in the instance API).
const CORE_OPERATIONS: [(&str, &str, ApiKind, &str); 2] = [
    ("instance.json", "/workspace/{workspace_id}/table", ApiKind::Instance, "get"),
    ("account.json", "/auth/me", ApiKind::Account, "get"),
];

/// The size section of `docs/BENCHMARKS.md`, from the package `cargo xtask build`
/// just wrote (`pkg/dist`) and a core build made here.
pub fn anatomy() -> anyhow::Result<String> {
    let root = root();
    setup::twiggy()?;
    let dist = root.join(build::DIST);
    let (full_raw, full_gz) = build::sizes(&dist, SHIPPED_CODE)?;
    let (_, wasm_gz) = build::sizes(&dist, &["xano_meta_bg.wasm"])?;
    let operations = count_operations(&root)?;

    let work = root.join("target/size-anatomy");
    let named = work.join("named");
    fresh_dir(&named)?;
    build::bindings(
        &root.join("target/wasm32-unknown-unknown/release/xano_meta.wasm"),
        &named,
        true,
    )?;
    let top = largest_items(&named.join("xano_meta_bg.wasm"))?;

    let (core_raw, core_gz) = core_build(&root, &work)?;
    let per_op = (full_gz as f64 - core_gz as f64) / (operations - CORE_OPERATIONS.len()) as f64;

    let verdict = if full_gz <= TARGET_GZIP {
        "✓ pass".to_owned()
    } else {
        format!(
            "✗ MISS (the fixed core alone is {core_gz} B, its largest items below; each \
             operation adds {per_op:.0} B, mostly its descriptor text)"
        )
    };
    let mut out =
        String::from("## Size anatomy\n\n| Measure | Value | Target |\n| --- | --- | --- |\n");
    out.push_str(&format!(
        "| What a browser loads, {operations} operations (wasm + JS, gzip -9) | {full_gz} B \
         (raw {full_raw} B; the wasm {wasm_gz} B) | ≤ {TARGET_GZIP} B: {verdict} |\n"
    ));
    out.push_str(&format!(
        "| Fixed core: the same package built with one operation per API ({}) | {core_gz} B \
         (raw {core_raw} B) | — |\n",
        CORE_OPERATIONS
            .iter()
            .map(|(_, path, _, m)| format!("{} {path}", m.to_uppercase()))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&format!(
        "| Each further operation (the difference over {} operations) | {per_op:.0} B | — |\n\n",
        operations - CORE_OPERATIONS.len()
    ));
    out.push_str(&format!(
        "The {TOP_ITEMS} largest items of the wasm (twiggy {}, `top`, after wasm-opt, names kept; raw bytes):\n\n\
         | Bytes | Share | Item |\n| --- | --- | --- |\n",
        setup::TWIGGY_VERSION
    ));
    for (name, bytes, percent) in top {
        out.push_str(&format!("| {bytes} | {percent:.1}% | `{}` |\n", name.replace('|', "\\|")));
    }
    let named_wasm = fs::read(named.join("xano_meta_bg.wasm"))
        .map_err(|e| anyhow::anyhow!("the named wasm: {e}"))?;
    let (shares, whole) = super::code_gzip::by_module(&named_wasm)?;
    let counted: usize = shares.iter().map(|s| s.gzipped).sum();
    out.push_str(&format!(
        "\nThe code gzipped by module, the {TOP_ITEMS} largest (a function's cost: the code \
         section gzipped with it, less without it; the costs sum to {counted} B of the \
         section's {whole} B gzipped alone):\n\n\
         | Gzipped | Raw | Functions | Module |\n| --- | --- | --- | --- |\n"
    ));
    for share in shares.iter().take(TOP_ITEMS) {
        out.push_str(&format!(
            "| {} | {} | {} | `{}` |\n",
            share.gzipped, share.raw, share.functions, share.module
        ));
    }
    Ok(out)
}

fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
}

/// The operations the built package lists (the generated descriptor tables).
fn count_operations(root: &Path) -> anyhow::Result<usize> {
    let mut count = 0;
    for api in ["instance", "account"] {
        let path = root.join(BINDINGS_DIR).join(api).join("operations.rs");
        let text =
            fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        count += text.lines().filter(|l| l.starts_with("o\\t")).count();
    }
    Ok(count)
}

/// twiggy's largest items of `wasm`, the names section (absent from the package) left out.
fn largest_items(wasm: &Path) -> anyhow::Result<Vec<(String, u64, f64)>> {
    let out =
        shell::output(Command::new("twiggy").args(["top", "-n", "40", "-f", "json"]).arg(wasm))
            .ok_or_else(|| anyhow::anyhow!("twiggy top failed"))?;
    let items: serde_json::Value =
        serde_json::from_str(&out).map_err(|e| anyhow::anyhow!("twiggy's JSON: {e}"))?;
    let items = items.as_array().ok_or_else(|| anyhow::anyhow!("twiggy's JSON is not a list"))?;
    // Shares of the wasm without its names section, which only this copy has.
    let names: u64 = items
        .iter()
        .filter(|i| i["name"].as_str().is_some_and(|n| n.contains("names\" subsection")))
        .filter_map(|i| i["shallow_size"].as_u64())
        .sum();
    let total = fs::metadata(wasm).map_err(|e| anyhow::anyhow!(e.to_string()))?.len() - names;
    Ok(items
        .iter()
        .filter_map(|i| Some((i["name"].as_str()?.to_owned(), i["shallow_size"].as_u64()?)))
        .filter(|(name, _)| !name.contains("names\" subsection"))
        .take(TOP_ITEMS)
        .map(|(name, bytes)| {
            let percent = bytes as f64 * 100.0 / total as f64;
            (name, bytes, percent)
        })
        .collect())
}

/// The package built as a crate of its own under `work` with bindings of one
/// operation per API (the real specs cut down to it), through the same bindings
/// and optimisation, its JS bundled as the package's is; its shipped size, raw and gzipped.
fn core_build(root: &Path, work: &Path) -> anyhow::Result<(usize, usize)> {
    let krate = work.join("core");
    fresh_dir(&krate.join("src"))?;
    let mut inputs = Vec::new();
    for (file, path, kind, method) in CORE_OPERATIONS {
        let source = root.join("specs").join(file);
        let text = fs::read_to_string(&source)
            .map_err(|e| anyhow::anyhow!("{}: {e}", source.display()))?;
        let mut spec: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
        let item = spec["paths"][path][method].take();
        if item.is_null() {
            anyhow::bail!("{file} has no {method} {path} any more: pick another core operation");
        }
        let mut item_by_method = serde_json::Map::new();
        item_by_method.insert(method.to_owned(), item);
        let mut paths = serde_json::Map::new();
        paths.insert(path.to_owned(), item_by_method.into());
        spec["paths"] = paths.into();
        inputs.push(SpecInput {
            kind,
            source: format!("specs/{file}"),
            text: spec.to_string(),
            variant: None,
            renames: Default::default(),
            // The core's size, not its behaviour, is measured: no corrections.
            corrections: Default::default(),
        });
    }
    let (_, files) = generate(&inputs, &[]).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    // The hand-written sources as they are, the generated ones for the core.
    for entry in
        fs::read_dir(root.join("pkg/src")).map_err(|e| anyhow::anyhow!(e.to_string()))?.flatten()
    {
        if entry.path().is_file() {
            fs::copy(entry.path(), krate.join("src").join(entry.file_name()))
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        }
    }
    for file in files.iter().filter(|f| f.path.starts_with(BINDINGS_DIR)) {
        let path = krate.join("src/generated").join(&file.path[BINDINGS_DIR.len() + 1..]);
        fs::create_dir_all(path.parent().expect("in a folder"))
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        fs::write(&path, &file.contents).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    }
    // The package's manifest as the root of a workspace of its own, with the
    // repository's shared dependencies and release profile.
    let package = fs::read_to_string(root.join("pkg/Cargo.toml"))
        .map_err(|e| anyhow::anyhow!("pkg/Cargo.toml: {e}"))?;
    let workspace = fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| anyhow::anyhow!("Cargo.toml: {e}"))?;
    let shared = workspace
        .find("[workspace.package]")
        .map(|at| &workspace[at..])
        .ok_or_else(|| anyhow::anyhow!("Cargo.toml has no [workspace.package]"))?;
    let shared = shared
        .replace(
            "{ path = \"runtime\" }",
            &format!("{{ path = {:?} }}", root.join("runtime").display().to_string()),
        )
        .replace(
            "{ path = \"codegen\" }",
            &format!("{{ path = {:?} }}", root.join("codegen").display().to_string()),
        );
    fs::write(krate.join("Cargo.toml"), format!("{package}\n[workspace]\n\n{shared}"))
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let target = work.join("target");
    shell::run(
        Command::new("cargo")
            .current_dir(&krate)
            .env("CARGO_ENCODED_RUSTFLAGS", build::package_rustflags(root))
            .args([
                "build",
                "--release",
                "--offline",
                "--target",
                "wasm32-unknown-unknown",
                "--target-dir",
            ])
            .arg(&target),
    )?;
    let out = work.join("core-dist");
    fresh_dir(&out)?;
    build::bindings(&target.join("wasm32-unknown-unknown/release/xano_meta.wasm"), &out, false)?;
    build::package_js(&krate.join("src/generated"), &out)?;
    build::sizes(&out, SHIPPED_CODE)
}
