//! `regenerate --discover`: the account's instances, through the account API, added
//! to `xano.toml`.

use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::config::{instance_entry, Config};
use crate::shell;

/// The environment variable holding the Personal Access Token.
pub const PAT_ENV: &str = "XANO_PAT";

/// One instance as `GET /instance` lists it (`specs/account.json`).
#[derive(Debug, Deserialize)]
struct Listed {
    name: String,
    meta_api: Option<String>,
    meta_swagger: Option<String>,
}

/// Appends the account's instances that `config` does not list yet.
pub fn discover(config_path: &Path) -> Result<()> {
    let pat = std::env::var(PAT_ENV).with_context(|| {
        format!("--discover needs a Personal Access Token in the environment variable {PAT_ENV}")
    })?;
    // The account API's one URL; `XANO_ACCOUNT_URL` overrides it (tests).
    let base = std::env::var("XANO_ACCOUNT_URL")
        .unwrap_or_else(|_| xano_meta_runtime::descriptor::ACCOUNT_BASE_URL.to_owned());
    let base = base.trim_end_matches('/');
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(&format!("{base}/instance"))
        .header("Authorization", &format!("Bearer {pat}"))
        .header("Accept", "application/json")
        .call()
        .with_context(|| format!("listing the account's instances at {base}/instance"))?;
    let status = response.status().as_u16();
    if status != 200 {
        bail!("listing the account's instances at {base}/instance: HTTP {status}");
    }
    let body =
        response.body_mut().read_to_string().with_context(|| format!("reading {base}/instance"))?;
    let listed: Vec<Listed> = serde_json::from_str(&body).with_context(|| {
        format!("{base}/instance: not the instance list the account spec describes")
    })?;
    let config = Config::load(config_path)?;
    let mut added = Vec::new();
    let mut text = shell::read(config_path)?;
    for instance in listed {
        if config.instances.iter().any(|i| i.name == instance.name) {
            continue;
        }
        let (Some(spec), Some(api)) = (instance.meta_swagger, instance.meta_api) else {
            eprintln!("discover: `{}` lists no meta_swagger/meta_api; skipped", instance.name);
            continue;
        };
        text.push_str(&instance_entry(&instance.name, &spec, &api));
        added.push(instance.name);
    }
    // Checked before writing: a bad entry must not leave a config that no longer loads.
    let staged = config_path.with_extension("toml.staging");
    fs::write(&staged, &text).with_context(|| staged.display().to_string())?;
    Config::load(&staged).inspect_err(|_| {
        let _ = fs::remove_file(&staged);
    })?;
    fs::rename(&staged, config_path).with_context(|| config_path.display().to_string())?;
    eprintln!(
        "discover: {} instance(s) added to {}: {}",
        added.len(),
        config_path.display(),
        added.join(", ")
    );
    Ok(())
}
