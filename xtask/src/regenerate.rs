//! `cargo xtask regenerate [--check] [--discover] [--config FILE] [--output DIR]`:
//! the instances of `xano.toml` (specs read, or fetched and stored normalised),
//! one set of bindings per distinct spec, and a report of what changed for users.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use xano_meta_codegen::changes::{diff, Snapshot, SNAPSHOT};
use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::naming::{RenameTarget, Renames};
use xano_meta_codegen::normalize::{merge, normalize};
use xano_meta_codegen::overlay::OverlayInput;
use xano_meta_codegen::{generate, GeneratedFile, InstanceInput, SpecInput, BINDINGS_DIR};

use crate::config::{renames_for, Config, Source, FETCHED_DIR};
use crate::fetch::{fetch_all, Job};
use crate::flags::Regenerate;
use crate::shell::{self, root};

/// Where the change report of the last regeneration is written.
pub const REPORT: &str = "target/regenerate-report.md";

/// Regenerates (or with `check`, compares) every generated file from the config's
/// specs; with `discover`, first adds the account's instances to the config.
pub fn regenerate(flags: &Regenerate) -> Result<()> {
    let root = root();
    let config_path = flags.config.clone().unwrap_or_else(|| root.join("xano.toml"));
    let output = flags.output.clone().unwrap_or_else(|| root.clone());
    if flags.discover {
        crate::discover::discover(&config_path)?;
    }
    let config = Config::load(&config_path)?;
    // `--check` never touches the network: fetched specs are read from where they were stored.
    let plan = resolve(&config, !flags.check)?;
    let (files, snapshots) = generate_all(&plan)?;
    if flags.check {
        let stale = stale_files(&output, &files);
        if !stale.is_empty() {
            bail!(
                "generated files are stale: {}\nrun `cargo xtask regenerate` and commit the result",
                stale.join(", ")
            );
        }
        eprintln!("regenerate --check: {} generated files are up to date", files.len());
        return Ok(());
    }
    let report = change_report(&output, &snapshots);
    // Rewriting unchanged files would only make cargo rebuild the package.
    if stale_files(&output, &files).is_empty() && plan.stored.is_empty() {
        eprintln!("regenerate: {} generated files already up to date", files.len());
        return Ok(());
    }
    write_all(&output, &files, &plan.stored)?;
    println!("{report}");
    let report_path = root.join(REPORT);
    shell::write(&report_path, &report)?;
    eprintln!("change report written to {}", report_path.display());
    Ok(())
}

/// Generates from the embedded `xano.toml` without writing anything (timed by `bench`).
pub fn generate_embedded() -> Result<usize> {
    let config = Config::load(&root().join("xano.toml"))?;
    let plan = resolve(&config, false)?;
    Ok(generate(&plan.specs, &plan.instances)?.1.len())
}

/// What to generate from.
struct Plan {
    /// One per distinct instance spec, the first instance's first; then the account's.
    specs: Vec<SpecInput>,
    /// Every configured instance, with the spec it serves.
    instances: Vec<InstanceInput>,
    /// Fetched specs to store, normalised: (path, contents).
    stored: Vec<(PathBuf, String)>,
}

/// Reads or fetches every spec, groups identical ones, and checks that the
/// instances need one set of bindings.
fn resolve(config: &Config, fetch: bool) -> Result<Plan> {
    let jobs: Vec<Job> = config
        .instances
        .iter()
        .filter_map(|i| i.url.as_ref().map(|url| (i, url)))
        .map(|(i, url)| {
            let token = match &i.token_env {
                Some(var) => Some(std::env::var(var).map_err(|_| {
                    anyhow!(
                        "instance `{}`: environment variable {var} (token_env) is not set",
                        i.name
                    )
                })?),
                None => None,
            };
            Ok(Job { name: i.name.clone(), url: url.clone(), token })
        })
        .collect::<Result<_>>()?;
    // Each result is taken once, by the instance it belongs to.
    let mut fetched: Vec<Option<Result<String>>> = if fetch && !jobs.is_empty() {
        fetch_all(&jobs).into_iter().map(Some).collect()
    } else {
        Vec::new()
    };
    let mut stored = Vec::new();
    // (label, normalised text, raw text, corrections) per instance, in config order.
    let mut specs: Vec<(String, String, String, Vec<OverlayInput>)> = Vec::new();
    for instance in &config.instances {
        let (label, text) = match &instance.url {
            Some(_) => {
                let path = format!("{FETCHED_DIR}/{}.json", instance.name);
                let text = match jobs
                    .iter()
                    .position(|j| j.name == instance.name)
                    .and_then(|i| fetched.get_mut(i)?.take())
                {
                    Some(result) => {
                        let text =
                            result.with_context(|| format!("instance `{}`", instance.name))?;
                        let text = normalize(&text).map_err(|e| {
                            anyhow!("instance `{}`: the fetched spec is {e}", instance.name)
                        })?;
                        stored.push((config.path(&path), text.clone()));
                        text
                    }
                    None => shell::read(&config.path(&path)).map_err(|e| {
                        anyhow!(
                            "instance `{}`: {e:#} (run `cargo xtask regenerate` to fetch it)",
                            instance.name
                        )
                    })?,
                };
                (path, text)
            }
            None => read_source(config, &instance.source())
                .with_context(|| format!("instance `{}`", instance.name))?,
        };
        // Specs are compared normalised; with one instance there is nothing to compare.
        let normal = if config.instances.len() > 1 {
            normalize(&text).map_err(|e| anyhow!("instance `{}` ({label}): {e}", instance.name))?
        } else {
            String::new()
        };
        let corrections = read_corrections(config, &instance.corrections)
            .with_context(|| format!("instance `{}`", instance.name))?;
        specs.push((label, normal, text, corrections));
    }
    // Instances serving the same spec (compared normalised) with the same renames
    // share its bindings; the first instance's spec is the package's main one
    // (`XanoClient`), each other distinct spec gets a class named after the first
    // instance serving it.
    let renames = config
        .instances
        .iter()
        .map(|i| renames_for(&config.rename, Some(&i.name)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut distinct: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut instances = Vec::new();
    for (index, (instance, (_, normal, _, fixes))) in
        config.instances.iter().zip(&specs).enumerate()
    {
        // The same spec with other renames or corrections is another set of bindings.
        let same = |first: usize| {
            specs[first].1 == *normal
                && renames[first] == renames[index]
                && same_corrections(&specs[first].3, fixes)
        };
        let group = match distinct.iter().position(|(first, _)| same(*first)) {
            Some(group) => group,
            None => {
                distinct.push((index, Vec::new()));
                distinct.len() - 1
            }
        };
        distinct[group].1.push(&instance.name);
        instances.push(InstanceInput {
            name: instance.name.clone(),
            base_url: instance.base_url.clone(),
            spec: group,
        });
    }
    let names: Vec<String> = distinct.iter().map(|(_, names)| names.join(", ")).collect();
    eprintln!(
        "{} instance(s), {} distinct spec(s): one set of bindings per distinct spec ({})",
        config.instances.len(),
        distinct.len(),
        names.join(" | ")
    );
    let mut inputs: Vec<SpecInput> = distinct
        .iter()
        .enumerate()
        .map(|(group, (first, names))| {
            let (label, _, text, corrections) = &specs[*first];
            let variant = (group > 0).then(|| config.instances[*first].name.clone());
            let target = RenameTarget::Instances(names.iter().map(|n| n.to_string()).collect());
            SpecInput {
                kind: ApiKind::Instance,
                source: label.clone(),
                text: text.clone(),
                variant,
                renames: Renames { renames: renames[*first].clone(), target },
                corrections: corrections.clone(),
            }
        })
        .collect();
    let (account_label, account_text) =
        read_source(config, &config.account).context("[account]")?;
    let account_corrections =
        read_corrections(config, &config.account.corrections).context("[account]")?;
    inputs.push(SpecInput {
        kind: ApiKind::Account,
        source: account_label,
        text: account_text,
        variant: None,
        renames: Renames {
            renames: renames_for(&config.rename, None)?,
            target: RenameTarget::Account,
        },
        corrections: account_corrections,
    });
    Ok(Plan { specs: inputs, instances, stored })
}

/// Whether two lists of corrections say the same, wherever their files are.
fn same_corrections(a: &[OverlayInput], b: &[OverlayInput]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.text == b.text)
}

/// The corrections files a config entry names, read (applied by the generator,
/// before it parses the spec).
fn read_corrections(config: &Config, files: &Option<Vec<String>>) -> Result<Vec<OverlayInput>> {
    files
        .iter()
        .flatten()
        .map(|file| {
            shell::read(&config.path(file))
                .map(|text| OverlayInput { source: file.clone(), text })
                .context("corrections")
        })
        .collect()
}

/// The text of a file source (one file, or parts merged), with its label.
fn read_source(config: &Config, source: &Source) -> Result<(String, String)> {
    if let Some(spec) = &source.spec {
        return Ok((spec.clone(), shell::read(&config.path(spec))?));
    }
    if let Some(files) = &source.files {
        let parts = files
            .iter()
            .map(|f| shell::read(&config.path(f)).map(|t| (f.clone(), t)))
            .collect::<Result<Vec<_>>>()?;
        return Ok((files.join(" + "), merge(&parts).map_err(anyhow::Error::msg)?));
    }
    bail!("the account spec must be a file (`spec` or `files`)")
}

/// Each API's module and its model snapshot.
type Snapshots = Vec<(String, Snapshot)>;

/// Generates every file, printing a summary; returns the files and each API's snapshot.
fn generate_all(plan: &Plan) -> Result<(Vec<GeneratedFile>, Snapshots)> {
    let (apis, files) = generate(&plan.specs, &plan.instances)?;
    for api in &apis {
        eprintln!(
            "{}: {} operations, {} warnings",
            api.module(),
            api.operations.len(),
            api.warnings.len()
        );
        // Grouped by what was done, so a new kind of problem stands out.
        let mut kinds: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for warning in &api.warnings {
            let kind = warning.message.split(';').next().unwrap_or(&warning.message);
            kinds.entry(kind).or_insert((0, &warning.pointer)).0 += 1;
        }
        for (kind, (count, first)) in kinds {
            eprintln!("  {count:>4} × {kind} (first at {first})");
        }
        if !api.corrections.is_empty() {
            let mut changed: Vec<&str> = api
                .corrections
                .iter()
                .flat_map(|c| c.operations.iter().map(String::as_str))
                .collect();
            changed.sort();
            changed.dedup();
            eprintln!(
                "  {} spec correction action(s) applied, changing {} operation(s): {} (details in the change report)",
                api.corrections.len(),
                changed.len(),
                changed.join(", ")
            );
        }
    }
    let snapshots = apis
        .iter()
        .zip(&plan.specs)
        .map(|(api, spec)| (api.module(), xano_meta_codegen::changes::snapshot(api, &spec.source)))
        .collect();
    Ok((files, snapshots))
}

/// What changed for users since the checked-in snapshots, as Markdown.
fn change_report(output: &Path, snapshots: &[(String, Snapshot)]) -> String {
    let mut report = "# What this regeneration changes for users\n\n".to_owned();
    for (api, new) in snapshots {
        let path = output.join(BINDINGS_DIR).join(api).join(SNAPSHOT);
        let old: Snapshot = fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        report.push_str(&diff(&old, new).markdown(api));
        report.push('\n');
    }
    report
}

/// The files that differ from `files`, are missing, or (in the bindings folder)
/// should not be there any more.
fn stale_files(root: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|f| {
            fs::read_to_string(root.join(&f.path)).ok().as_deref() != Some(f.contents.as_str())
        })
        .map(|f| f.path.clone())
        .collect();
    for existing in list(&root.join(BINDINGS_DIR)) {
        let path = format!("{BINDINGS_DIR}/{existing}");
        if !files.iter().any(|f| f.path == path) {
            stale.push(format!("{path} (not generated any more)"));
        }
    }
    stale
}

/// Every file under `dir`, as paths relative to it.
fn list(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries.flatten() {
            let path = relative.join(entry.file_name());
            if entry.path().is_dir() {
                stack.push(path);
            } else {
                found.push(path.to_string_lossy().into_owned());
            }
        }
    }
    found
}

/// Writes the bindings into a fresh sibling folder, then swaps it in, and each
/// other file (the reference, fetched specs) through a temporary file, so a
/// failure never leaves a half-written set behind.
fn write_all(root: &Path, files: &[GeneratedFile], stored: &[(PathBuf, String)]) -> Result<()> {
    let out = root.join(BINDINGS_DIR);
    let staging = out.with_extension("staging");
    let old = out.with_extension("old");
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&old);
    let mut others = Vec::new();
    for file in files {
        let Some(relative) = file.path.strip_prefix(&format!("{BINDINGS_DIR}/")) else {
            others.push(file);
            continue;
        };
        shell::write(&staging.join(relative), &file.contents)?;
    }
    let others = others
        .iter()
        .map(|f| (root.join(&f.path), f.contents.as_str()))
        .chain(stored.iter().map(|(p, c)| (p.clone(), c.as_str())));
    let temporaries: Vec<(PathBuf, PathBuf)> = others
        .map(|(target, contents)| {
            let temporary = target.with_extension("staging");
            shell::write(&temporary, contents).map(|()| (temporary, target))
        })
        .collect::<Result<_, _>>()?;
    if out.exists() {
        fs::rename(&out, &old).with_context(|| out.display().to_string())?;
    }
    fs::rename(&staging, &out).with_context(|| out.display().to_string())?;
    let _ = fs::remove_dir_all(&old);
    for (temporary, target) in temporaries {
        fs::rename(&temporary, &target).with_context(|| target.display().to_string())?;
    }
    eprintln!("wrote {} files", files.len());
    Ok(())
}

#[cfg(test)]
mod stale_check {
    use crate::flags::Regenerate;

    /// A plain `cargo test` fails, as `cargo xtask regenerate --check` does, when the
    /// checked-in bindings or `docs/API.md` are not what the specs of `xano.toml` make.
    #[test]
    fn checked_in_bindings_are_current() {
        if let Err(error) = super::regenerate(&Regenerate { check: true, ..Regenerate::default() })
        {
            panic!("{error:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12's promise: a collision is never a dead end. The error prints lines
    /// which, appended to `xano.toml` as they are, make the same command succeed,
    /// for every instance serving the spec (which then still share one set of bindings).
    #[test]
    fn the_lines_a_collision_prints_resolve_it() {
        let dir = std::env::temp_dir().join(format!("xano-meta-renames-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = |p: &str| root().join(p).display().to_string();
        let config_path = dir.join("xano.toml");
        let initial = format!(
            "[account]\nspec = {:?}\n\n[[instances]]\nname = \"a\"\nspec = {:?}\n\n[[instances]]\nname = \"b\"\nspec = {:?}\n",
            path("specs/account.json"),
            path("tests/specs/compile/collisions.json"),
            path("tests/specs/compile/collisions.json"),
        );
        fs::write(&config_path, &initial).unwrap();
        let run = || -> Result<_, String> {
            let config = Config::load(&config_path).map_err(|e| format!("{e:#}"))?;
            let plan = resolve(&config, false).map_err(|e| format!("{e:#}"))?;
            generate(&plan.specs, &plan.instances).map_err(|e| e.to_string()).map(|(apis, _)| apis)
        };
        let error = run().unwrap_err();
        assert!(error.contains("`GET /x/list` and `GET /x_list` would both be named `get_x_list`"));
        let (_, lines) = error.split_once("edit the new names as you like):\n").unwrap();
        assert_eq!(lines.matches("[[rename]]").count(), 6, "three renames for each of a and b");
        fs::write(&config_path, format!("{initial}{lines}")).unwrap();
        let apis = run().unwrap_or_else(|e| panic!("still failing after appending:\n{lines}\n{e}"));
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(apis.len(), 2, "a and b share one set of bindings, beside the account's");
        let names: Vec<(String, String)> =
            apis[0].operations.iter().map(|o| (o.name.snake(), o.path.clone())).collect();
        for (name, path) in [
            ("get_x_list", "/x/list"),
            ("get_xlist", "/x_list"),
            ("get_self_by_self", "/Self/{Self}"),
            ("get_self_by_self_2", "/self/{self}"),
            // Operations that collided with nothing keep the rule's name.
            ("post_x_list", "/x_list"),
            ("delete_self_by_self", "/self/{self}"),
        ] {
            assert!(names.contains(&(name.to_owned(), path.to_owned())), "{name}: {names:?}");
        }
    }

    /// The renames the test command compiles `collisions.json` with are the lines
    /// its error prints, for an instance named after the file.
    #[test]
    fn the_renames_beside_the_collision_spec_are_what_its_error_prints() {
        let spec = root().join("tests/specs/compile/collisions.json");
        let beside = crate::config::compile_spec_renames(&spec, "collisions").unwrap();
        assert_eq!(beside.renames.len(), 3);
        let input = |renames| SpecInput {
            kind: ApiKind::Instance,
            source: "collisions.json".to_owned(),
            text: fs::read_to_string(&spec).unwrap(),
            variant: None,
            renames,
            corrections: Vec::new(),
        };
        let unnamed = Renames { renames: Vec::new(), target: beside.target.clone() };
        let error = generate(&[input(unnamed)], &[]).unwrap_err().message;
        let (_, lines) = error.split_once("edit the new names as you like):\n").unwrap();
        let printed: crate::config::RenameFile = toml::from_str(lines).unwrap();
        assert_eq!(renames_for(&printed.rename, Some("collisions")).unwrap(), beside.renames);
        generate(&[input(beside)], &[]).unwrap();
    }
}
