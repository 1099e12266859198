//! `cargo xtask regenerate [--check]`.

use std::fs;
use std::path::{Path, PathBuf};

use xano_meta_codegen::model::ApiKind;
use xano_meta_codegen::{generate, GeneratedFile, SpecInput, BINDINGS_DIR};

use crate::shell::root;

/// The embedded default: one spec per API, in `specs/`.
const SPECS: &[(ApiKind, &str)] = &[(ApiKind::Instance, "specs/instance.json"), (ApiKind::Account, "specs/account.json")];

pub fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask regenerate [--check]".to_owned()),
    };
    let root = root();
    let files = generate_all(&root)?;
    if check {
        let stale = stale_files(&root, &files);
        if !stale.is_empty() {
            return Err(format!("generated files are stale: {}\nrun `cargo xtask regenerate` and commit the result", stale.join(", ")));
        }
        eprintln!("regenerate --check: {} generated files are up to date", files.len());
        return Ok(());
    }
    // Rewriting unchanged files would only make cargo rebuild the package.
    if stale_files(&root, &files).is_empty() {
        eprintln!("regenerate: {} generated files already up to date", files.len());
        return Ok(());
    }
    write_all(&root, &files)
}

/// Generates every file from the embedded specs, printing a summary.
pub fn generate_all(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let mut specs = Vec::new();
    for (kind, path) in SPECS {
        let text = fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"))?;
        specs.push(SpecInput { kind: *kind, source: (*path).to_owned(), text });
    }
    let (apis, files) = generate(&specs).map_err(|e| e.to_string())?;
    for api in &apis {
        eprintln!("{}: {} operations, {} warnings", api.kind.as_str(), api.operations.len(), api.warnings.len());
        // Grouped by what was done, so a new kind of problem stands out.
        let mut kinds: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
        for warning in &api.warnings {
            let kind = warning.message.split(';').next().unwrap_or(&warning.message);
            let entry = kinds.entry(kind).or_insert((0, &warning.pointer));
            entry.0 += 1;
        }
        for (kind, (count, first)) in kinds {
            eprintln!("  {count:>4} × {kind} (first at {first})");
        }
    }
    Ok(files)
}

/// The files that differ from `files`, are missing, or (in the bindings folder)
/// should not be there any more.
fn stale_files(root: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|f| fs::read_to_string(root.join(&f.path)).ok().as_deref() != Some(f.contents.as_str()))
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
/// other file through a temporary file, so a failure never leaves a half-written
/// set behind.
fn write_all(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
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
        write(&staging.join(relative), &file.contents)?;
    }
    let temporaries: Vec<(PathBuf, PathBuf)> = others
        .iter()
        .map(|file| {
            let target = root.join(&file.path);
            let temporary = target.with_extension("staging");
            write(&temporary, &file.contents).map(|()| (temporary, target))
        })
        .collect::<Result<_, _>>()?;
    if out.exists() {
        fs::rename(&out, &old).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::rename(&staging, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    let _ = fs::remove_dir_all(&old);
    for (temporary, target) in temporaries {
        fs::rename(&temporary, &target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    eprintln!("wrote {} files", files.len());
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    fs::create_dir_all(path.parent().expect("files live in folders")).map_err(|e| format!("{}: {e}", path.display()))?;
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}
