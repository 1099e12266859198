//! `regenerate` end to end, as a user runs it: `--discover` and fetching against the
//! test server's account and instance APIs, then a config of several specs whose
//! bindings the real package sources compile with.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::scratch::check_scratch_crate;
use super::Env;
use crate::config::INSTANCE_CORRECTIONS;
use crate::shell;

/// `regenerate --discover` against the test server's account API, then a
/// regeneration that fetches the discovered instance's spec: stored normalised,
/// recognised as the embedded spec (one set of bindings, identical to the
/// checked-in ones), unchanged by a second fetch; a spec that cannot be fetched
/// names the instance and writes nothing. Then [`check_several_specs`].
pub fn check(env: &mut Env) -> Result<()> {
    let root = env.root().to_path_buf();
    let server = env.server()?;
    server.reset()?;
    let root = root.as_path();
    let dir = root.join("tests/out/regenerate");
    let _ = fs::remove_dir_all(&dir);
    shell::create_dir(&dir)?;
    let config = dir.join("xano.toml");
    let spec = |name: &str| root.join("specs").join(name).display().to_string();
    // `--discover` writes the project's corrections file, relative to the config's
    // folder, so it is copied there; `default` names the same file.
    let corrections = dir.join(INSTANCE_CORRECTIONS);
    shell::write(&corrections, shell::read(&root.join(INSTANCE_CORRECTIONS))?)?;
    let initial = format!(
        "[account]\nspec = {:?}\n\n[[instances]]\nname = \"default\"\nspec = {:?}\ncorrections = [{:?}]\n",
        spec("account.json"),
        spec("instance.json"),
        INSTANCE_CORRECTIONS
    );
    shell::write(&config, &initial)?;
    let xtask = std::env::current_exe().context("the xtask's own path")?;
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
    let listed = shell::read(&config)?;
    if !listed.contains("name = \"x1-test\"")
        || !listed.contains("token_env = \"XANO_TOKEN_X1_TEST\"")
    {
        bail!("--discover did not add the account's instance:\n{listed}");
    }
    let stored = dir.join("specs/instances/x1-test.json");
    let first = fs::read_to_string(&stored).context("the fetched spec was not stored")?;
    let generated = |path: &str| fs::read_to_string(dir.join("out").join(path)).unwrap_or_default();
    let checked_in = |path: &str| fs::read_to_string(root.join(path)).unwrap_or_default();
    for file in [
        "pkg/src/generated/instance/operations.rs",
        "pkg/src/generated/instance/js.rs",
        "docs/API.md",
    ] {
        let strip = |text: String| text.lines().skip(1).collect::<Vec<_>>().join("\n");
        if strip(generated(file)) != strip(checked_in(file)) {
            bail!("{file}: the bindings of the fetched spec differ from the embedded spec's");
        }
    }
    if !generated("pkg/src/generated/instances.rs").contains("\"x1-test\"") {
        bail!("instances.rs does not list the discovered instance");
    }
    shell::run(&mut regenerate(&[]))?;
    if shell::read(&stored)? != first {
        bail!("re-fetching an unchanged spec changed the stored file");
    }
    let broken = format!(
        "{initial}\n[[instances]]\nname = \"gone\"\nurl = \"{}/no-such-spec\"\n",
        server.url
    );
    shell::write(&config, broken)?;
    let before = generated("pkg/src/generated/instances.rs");
    let out = regenerate(&[]).output().context("running regenerate")?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success()
        || !said.contains("instance `gone`")
        || generated("pkg/src/generated/instances.rs") != before
    {
        bail!("a spec that cannot be fetched must fail naming the instance and write nothing; it said:\n{said}");
    }
    println!("regenerate: --discover, fetch, normalised store, shared bindings and a failing fetch behave");
    check_several_specs(root, &dir)
}

/// Three instances, two of which serve another spec (an API-group style one): the
/// package gets a second client class shared by those two, and the real package
/// sources compile with those bindings.
fn check_several_specs(root: &Path, dir: &Path) -> Result<()> {
    let spec = |path: &str| root.join(path).display().to_string();
    let config = dir.join("several.toml");
    let text = format!(
        "[account]\nspec = {:?}\n\n[[instances]]\nname = \"default\"\nspec = {:?}\ncorrections = [{:?}]\n\n\
         [[instances]]\nname = \"client-b\"\nspec = {:?}\nbase_url = \"https://b.example.xano.io/api:meta\"\n\n\
         [[instances]]\nname = \"client-c\"\nspec = {:?}\n",
        spec("specs/account.json"),
        spec("specs/instance.json"),
        INSTANCE_CORRECTIONS,
        spec("tests/specs/compile/apigroup.json"),
        spec("tests/specs/compile/apigroup.json")
    );
    shell::write(&config, text)?;
    let out = dir.join("several");
    let xtask = std::env::current_exe().context("the xtask's own path")?;
    shell::run(
        Command::new(&xtask)
            .current_dir(root)
            .args(["regenerate", "--config"])
            .arg(&config)
            .arg("--output")
            .arg(&out),
    )?;
    let generated = out.join("pkg/src/generated");
    let listed = shell::read(&generated.join("instances.rs"))?;
    for expected in [
        "(\"default\", None, \"XanoClient\")",
        "\"client-b\",",
        "\"XanoClientClientB\")",
        "(\"client-c\", None, \"XanoClientClientB\")",
    ] {
        if !listed.contains(expected) {
            bail!("instances.rs lacks {expected}:\n{listed}");
        }
    }
    let krate = root.join("target/several-specs-check");
    let module = |name: &str, path: &Path| {
        format!("#[path = {:?}]\npub mod {name};\n", path.display().to_string())
    };
    let mut lib = String::from("//! The package's sources with bindings of several specs (written by `cargo xtask test`).\n");
    for name in package_modules(root)? {
        lib.push_str(&module(&name, &root.join(format!("pkg/src/{name}.rs"))));
    }
    lib.push_str(&module("generated", &generated.join("mod.rs")));
    let (features, target_dependencies) = package_manifest_parts(root)?;
    let extra = format!(
        "wasm-bindgen-futures = \"0.4\"\nweb-sys = {{ version = \"0.3\", features = {features} }}\n{target_dependencies}"
    );
    check_scratch_crate(root, &krate, "several-specs-check", &extra, &lib)?;
    println!("regenerate: 3 instances, 2 distinct specs: 2 client classes, and the package compiles with them");
    Ok(())
}

/// The modules `pkg/src/lib.rs` declares (`pub mod name;`), but `generated`: the
/// package's own sources, which the check compiles with other bindings.
fn package_modules(root: &Path) -> Result<Vec<String>> {
    let path = root.join("pkg/src/lib.rs");
    let names: Vec<String> = shell::read(&path)?
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'))
        .filter(|name| *name != "generated")
        .map(str::to_owned)
        .collect();
    if !names.iter().any(|name| name == "client") {
        bail!("{}: no `pub mod client;` found", path.display());
    }
    Ok(names)
}

/// What the scratch crate takes from `pkg/Cargo.toml`, so it builds the package's
/// sources as the package does: its web-sys features (a TOML list), and its
/// target-specific dependency tables (the wasm allocator), as TOML text.
fn package_manifest_parts(root: &Path) -> Result<(String, String)> {
    let path = root.join("pkg/Cargo.toml");
    let manifest: toml::Table =
        toml::from_str(&shell::read(&path)?).with_context(|| path.display().to_string())?;
    let features = manifest
        .get("dependencies")
        .and_then(|d| d.get("web-sys"))
        .and_then(|w| w.get("features"))
        .cloned()
        .unwrap_or_else(|| toml::Value::Array(Vec::new()));
    if !features.as_array().is_some_and(|a| a.iter().all(toml::Value::is_str)) {
        bail!("{}: web-sys `features` is not a list of names", path.display());
    }
    let mut target_dependencies = String::new();
    for (cfg, table) in manifest.get("target").and_then(toml::Value::as_table).into_iter().flatten()
    {
        let Some(dependencies) = table.get("dependencies").and_then(toml::Value::as_table) else {
            continue;
        };
        let cfg = toml::Value::String(cfg.clone());
        target_dependencies.push_str(&format!("\n[target.{cfg}.dependencies]\n"));
        target_dependencies.push_str(&toml::to_string(dependencies)?);
    }
    Ok((features.to_string(), target_dependencies))
}

#[cfg(test)]
mod tests {
    use crate::shell::root;

    #[test]
    fn the_package_manifest_parts_are_read() {
        let (features, target) = super::package_manifest_parts(&root()).unwrap();
        assert!(features.starts_with('[') && features.contains("\"FormData\""), "{features}");
        let target: toml::Table = toml::from_str(&target).unwrap();
        let wasm = &target["target"]["cfg(target_arch = \"wasm32\")"]["dependencies"];
        assert!(wasm.get("lol_alloc").is_some(), "{target}");
    }
}
