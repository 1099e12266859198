//! `xano.toml`: which instances to generate bindings for, and where their specs come from.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use xano_meta_codegen::model::Method;
use xano_meta_codegen::naming::{parse_snake, Rename, RenameTarget, Renames};

use crate::shell;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the account API's spec comes from (a file: `spec` or `files`).
    pub account: Source,
    /// The instances, in order: the first one's spec is the package's main client.
    pub instances: Vec<Instance>,
    /// Names for operations the naming rule cannot name apart (`[[rename]]`).
    #[serde(default)]
    pub rename: Vec<RenameEntry>,
    /// The folder the file is in: relative paths start there.
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Its name: letters, digits, `-` and `_` (it names the stored spec's file).
    pub name: String,
    /// A spec file, relative to the config's folder.
    pub spec: Option<String>,
    /// Spec parts to merge into one, relative to the config's folder.
    pub files: Option<Vec<String>>,
    /// Where to fetch the spec from (stored under [`FETCHED_DIR`]).
    pub url: Option<String>,
    /// The environment variable holding the token sent with `url`.
    pub token_env: Option<String>,
    /// Its Metadata API base URL, as the package's `instances()` lists it.
    pub base_url: Option<String>,
    /// Corrections files (OpenAPI Overlays) applied to its spec, in order.
    pub corrections: Option<Vec<String>>,
}

impl Instance {
    /// Where its spec comes from.
    pub fn source(&self) -> Source {
        Source {
            spec: self.spec.clone(),
            files: self.files.clone(),
            url: self.url.clone(),
            token_env: self.token_env.clone(),
            corrections: self.corrections.clone(),
        }
    }
}

/// Where a spec comes from: exactly one of `spec`, `files`, `url`. (Not flattened
/// into `Instance`: serde cannot deny unknown fields through a flatten.)
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A spec file, relative to the config's folder.
    pub spec: Option<String>,
    /// Spec parts to merge into one.
    pub files: Option<Vec<String>>,
    /// Where to fetch the spec from.
    pub url: Option<String>,
    /// The environment variable holding the token sent with `url`.
    pub token_env: Option<String>,
    /// Corrections files (OpenAPI Overlays) applied to the spec, in order.
    pub corrections: Option<Vec<String>>,
}

/// One `[[rename]]`: an operation of one instance's spec (or the account spec),
/// by method and path, and the snake_case name it gets instead of the rule's.
/// A top-level array of tables, so that lines appended to the end of the file
/// always add one, whatever table comes before.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameEntry {
    /// The instance whose spec it renames in.
    pub instance: Option<String>,
    /// Set instead of `instance` for the `[account]` spec.
    #[serde(default)]
    pub account: bool,
    /// `GET /x_list`: the method and the path template as in the spec.
    pub operation: String,
    /// The snake_case name it gets.
    pub name: String,
}

impl RenameEntry {
    /// The rename, if the entry is well formed.
    pub fn rename(&self) -> Result<Rename> {
        let what = format!("[[rename]] operation = {:?}", self.operation);
        let (method, path) = self.operation.split_once(' ').unwrap_or(("", ""));
        let method = match method.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => bail!("{what}: write the operation as `<GET|POST|PUT|PATCH|DELETE> /path`"),
        };
        if !path.starts_with('/') {
            bail!("{what}: the path must start with `/`");
        }
        parse_snake(&self.name).map_err(|e| anyhow!("{what}: name: {e}"))?;
        Ok(Rename { method, path: path.to_owned(), name: self.name.clone() })
    }
}

/// A file of `[[rename]]` entries alone, as beside the specs of `tests/specs/compile/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameFile {
    /// The entries, in the file's order.
    #[serde(default)]
    pub rename: Vec<RenameEntry>,
}

/// The renames of `entries` that belong to `instance` (`None`: the account spec), sorted.
pub fn renames_for(entries: &[RenameEntry], instance: Option<&str>) -> Result<Vec<Rename>> {
    let mut renames = entries
        .iter()
        .filter(|e| match instance {
            Some(name) => e.instance.as_deref() == Some(name),
            None => e.account,
        })
        .map(RenameEntry::rename)
        .collect::<Result<Vec<_>>>()?;
    renames.sort();
    Ok(renames)
}

/// The `[[rename]]` entries beside a compile spec (`<name>.toml`), as `xano.toml`
/// would give them to an instance called `<name>`; none when there is no such file.
pub fn compile_spec_renames(spec: &Path, name: &str) -> Result<Renames> {
    let path = spec.with_extension("toml");
    let target = RenameTarget::Instances(vec![name.to_owned()]);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Renames { renames: Vec::new(), target });
    };
    let file: RenameFile = toml::from_str(&text).with_context(|| path.display().to_string())?;
    if let Some(other) = file.rename.iter().find(|e| e.instance.as_deref() != Some(name)) {
        bail!(
            "{}: [[rename]] operation = {:?} is not for instance `{name}`",
            path.display(),
            other.operation
        );
    }
    let renames =
        renames_for(&file.rename, Some(name)).with_context(|| path.display().to_string())?;
    Ok(Renames { renames, target })
}

/// Where fetched specs are stored, relative to the config's folder.
pub const FETCHED_DIR: &str = "specs/instances";

/// The project's corrections of Xano's instance spec, which a discovered instance
/// (serving the same API) starts with.
pub const INSTANCE_CORRECTIONS: &str = "specs/corrections/instance.overlay.json";

impl Config {
    /// Reads and checks the config at `path`; errors name the file and the entry.
    pub fn load(path: &Path) -> Result<Config> {
        let text = shell::read(path)?;
        let mut config: Config =
            toml::from_str(&text).with_context(|| path.display().to_string())?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.check().with_context(|| path.display().to_string())?;
        Ok(config)
    }

    /// Names unique and well formed, each source given once, each rename aimed at a listed instance.
    fn check(&self) -> Result<()> {
        if self.instances.is_empty() {
            bail!("lists no [[instances]]");
        }
        let mut names = std::collections::BTreeSet::new();
        for instance in &self.instances {
            let name = &instance.name;
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                bail!(
                    "instance name {name:?} must be letters, digits, `-` and `_` (it names a file)"
                );
            }
            if !names.insert(name.as_str()) {
                bail!("instance `{name}` is listed twice");
            }
            instance.source().check().with_context(|| format!("instance `{name}`"))?;
        }
        self.account.check().context("[account]")?;
        let mut renamed = std::collections::BTreeSet::new();
        for entry in &self.rename {
            let rename = entry.rename()?;
            let target = match (&entry.instance, entry.account) {
                (Some(name), false) if names.contains(name.as_str()) => name.clone(),
                (Some(name), false) => bail!(
                    "[[rename]] operation = {:?}: instance `{name}` is not listed in [[instances]]",
                    entry.operation
                ),
                (None, true) => "[account]".to_owned(),
                _ => bail!(
                    "[[rename]] operation = {:?}: needs exactly one of `instance = \"<name>\"` and `account = true`",
                    entry.operation
                ),
            };
            if !renamed.insert((target.clone(), rename.method, rename.path.clone())) {
                bail!("[[rename]] operation = {:?} is given twice for {target}", entry.operation);
            }
        }
        Ok(())
    }

    /// A path relative to the config's folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }
}

impl Source {
    /// Exactly one of `spec`, `files`, `url`; `token_env` only with `url`.
    fn check(&self) -> Result<()> {
        let given = [self.spec.is_some(), self.files.is_some(), self.url.is_some()]
            .iter()
            .filter(|g| **g)
            .count();
        if given != 1 {
            bail!("needs exactly one of `spec`, `files`, `url`");
        }
        if self.token_env.is_some() && self.url.is_none() {
            bail!("`token_env` goes with `url`");
        }
        Ok(())
    }
}

/// The `[[instances]]` entry `--discover` appends for an instance found in the account.
pub fn instance_entry(name: &str, spec_url: &str, base_url: &str) -> String {
    let env = format!("XANO_TOKEN_{}", name.to_ascii_uppercase().replace(['-', '.'], "_"));
    format!(
        "\n[[instances]]\nname = {}\nurl = {}\ntoken_env = {}\nbase_url = {}\ncorrections = [{}]\n",
        quoted(name),
        quoted(spec_url),
        quoted(&env),
        quoted(base_url),
        quoted(INSTANCE_CORRECTIONS)
    )
}

/// `text` as a TOML string, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config in `text`, or the whole error chain as one line.
    fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.dir = PathBuf::new();
        config.check().map(|()| config).map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn the_checked_in_config_reads() {
        let config =
            Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../xano.toml")).unwrap();
        assert_eq!(config.instances[0].name, "default");
        assert_eq!(config.instances[0].spec.as_deref(), Some("specs/instance.json"));
        assert_eq!(config.instances[0].corrections, Some(vec![INSTANCE_CORRECTIONS.to_owned()]));
    }

    #[test]
    fn mistakes_are_named() {
        let account = "[account]\nspec = \"a.json\"\n";
        assert!(parse(&format!("{account}[[instances]]\nname = \"x\"\n"))
            .unwrap_err()
            .contains("exactly one of"));
        assert!(parse(&format!(
            "{account}[[instances]]\nname = \"x\"\nspec = \"a\"\nurl = \"b\"\n"
        ))
        .unwrap_err()
        .contains("exactly one of"));
        assert!(parse(&format!("{account}[[instances]]\nname = \"a/b\"\nspec = \"a\"\n"))
            .unwrap_err()
            .contains("names a file"));
        let twice = format!("{account}[[instances]]\nname = \"x\"\nspec = \"a\"\n[[instances]]\nname = \"x\"\nspec = \"b\"\n");
        assert!(parse(&twice).unwrap_err().contains("listed twice"));
        assert!(parse(&format!(
            "{account}[[instances]]\nname = \"x\"\nspec = \"a\"\ntoken = \"secret\"\n"
        ))
        .unwrap_err()
        .contains("unknown field"));
    }

    #[test]
    fn discovered_entries_read_back() {
        let entry = instance_entry(
            "x1-abc",
            "https://x1.n7.xano.io/apispec:meta?type=json",
            "https://x1.n7.xano.io/api:meta",
        );
        let config = parse(&format!("[account]\nspec = \"a\"\n{entry}")).unwrap();
        assert_eq!(config.instances[0].token_env.as_deref(), Some("XANO_TOKEN_X1_ABC"));
        assert_eq!(config.instances[0].corrections, Some(vec![INSTANCE_CORRECTIONS.to_owned()]));
    }

    #[test]
    fn renames_are_checked_where_they_are_written() {
        let base = "[account]\nspec = \"a\"\n[[instances]]\nname = \"x\"\nspec = \"b\"\n";
        let rename = |body: &str| parse(&format!("{base}[[rename]]\n{body}"));
        let ok = rename("instance = \"x\"\noperation = \"GET /a_b\"\nname = \"get_ab\"\n").unwrap();
        assert_eq!(renames_for(&ok.rename, Some("x")).unwrap()[0].path, "/a_b");
        assert!(renames_for(&ok.rename, None).unwrap().is_empty());
        let account = rename("account = true\noperation = \"GET /a\"\nname = \"get_a\"\n").unwrap();
        assert_eq!(renames_for(&account.rename, None).unwrap().len(), 1);
        for (body, says) in [
            (
                "instance = \"y\"\noperation = \"GET /a\"\nname = \"a\"\n",
                "instance `y` is not listed",
            ),
            ("operation = \"GET /a\"\nname = \"a\"\n", "exactly one of"),
            (
                "instance = \"x\"\naccount = true\noperation = \"GET /a\"\nname = \"a\"\n",
                "exactly one of",
            ),
            (
                "instance = \"x\"\noperation = \"FETCH /a\"\nname = \"a\"\n",
                "<GET|POST|PUT|PATCH|DELETE> /path",
            ),
            ("instance = \"x\"\noperation = \"GET a\"\nname = \"a\"\n", "must start with `/`"),
            (
                "instance = \"x\"\noperation = \"GET /a\"\nname = \"getA\"\n",
                "not a snake_case name",
            ),
            ("instance = \"x\"\noperation = \"GET /a\"\nname = \"type\"\n", "Rust keyword"),
            ("instance = \"x\"\noperation = \"GET /a\"\nname = \"a\"\nnote = 1\n", "unknown field"),
        ] {
            let err = rename(body).unwrap_err();
            assert!(err.contains(says), "{body}: {err}");
        }
        let twice = "instance = \"x\"\noperation = \"GET /a\"\nname = \"a\"\n";
        let err = rename(&format!("{twice}[[rename]]\n{twice}")).unwrap_err();
        assert!(err.contains("given twice"), "{err}");
    }
}
