//! `xano.toml`: which instances to generate bindings for, and where their specs come from.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub account: Source,
    pub instances: Vec<Instance>,
    /// The folder the file is in: relative paths start there.
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub name: String,
    pub spec: Option<String>,
    pub files: Option<Vec<String>>,
    pub url: Option<String>,
    pub token_env: Option<String>,
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
    pub spec: Option<String>,
    pub files: Option<Vec<String>>,
    pub url: Option<String>,
    pub token_env: Option<String>,
    /// Corrections files (OpenAPI Overlays) applied to the spec, in order.
    pub corrections: Option<Vec<String>>,
}

/// Where fetched specs are stored, relative to the config's folder.
pub const FETCHED_DIR: &str = "specs/instances";

/// The project's corrections of Xano's instance spec, which a discovered instance
/// (serving the same API) starts with.
pub const INSTANCE_CORRECTIONS: &str = "specs/corrections/instance.overlay.json";

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        if self.instances.is_empty() {
            return Err("lists no [[instances]]".to_owned());
        }
        let mut names = std::collections::BTreeSet::new();
        for instance in &self.instances {
            let name = &instance.name;
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(format!(
                    "instance name {name:?} must be letters, digits, `-` and `_` (it names a file)"
                ));
            }
            if !names.insert(name.as_str()) {
                return Err(format!("instance `{name}` is listed twice"));
            }
            instance.source().check().map_err(|e| format!("instance `{name}`: {e}"))?;
        }
        self.account.check().map_err(|e| format!("[account]: {e}"))
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }
}

impl Source {
    fn check(&self) -> Result<(), String> {
        let given = [self.spec.is_some(), self.files.is_some(), self.url.is_some()]
            .iter()
            .filter(|g| **g)
            .count();
        if given != 1 {
            return Err("needs exactly one of `spec`, `files`, `url`".to_owned());
        }
        if self.token_env.is_some() && self.url.is_none() {
            return Err("`token_env` goes with `url`".to_owned());
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

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.dir = PathBuf::new();
        config.check().map(|()| config)
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
}
