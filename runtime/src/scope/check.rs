//! Checking a token against operations, and the least privilege for a job.

use std::collections::BTreeMap;

use super::{scope_by_key, Permissions, Requirement, Source, TokenClaims};
use crate::descriptor::Operation;

/// The answer of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Allowed,
    Denied,
    Unknown,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Allowed => "allowed",
            Access::Denied => "denied",
            Access::Unknown => "unknown",
        }
    }
}

/// A check's answer with its reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub access: Access,
    pub requirement: Requirement,
    /// What the token holds on the required scope (when the scope is known).
    pub held: Option<Permissions>,
    pub expired: bool,
    /// One sentence, for people. Never holds the token.
    pub reason: String,
}

/// Whether `claims` allow `op` at `now` (Unix seconds).
pub fn check(claims: &TokenClaims, op: &Operation, now: i64) -> Decision {
    let requirement = op.requirement;
    let expired = claims.is_expired(now);
    if expired {
        let at = claims.expires_at_text.clone().unwrap_or_else(|| format!("{} (Unix time)", claims.expires_at.unwrap_or_default()));
        return Decision { access: Access::Denied, requirement, held: None, expired, reason: format!("the token expired at {at}") };
    }
    let (Some(key), Some(permission)) = (requirement.key, requirement.permission) else {
        let reason = match (requirement.source, requirement.name) {
            (Source::Unknown, _) => "the spec declares no required scope and no rule infers one".to_owned(),
            (_, Some(name)) => format!("the spec requires `{}`, and no token key is known for `{name}`", requirement.describe()),
            _ => "the required scope is not known".to_owned(),
        };
        return Decision { access: Access::Unknown, requirement, held: None, expired, reason };
    };
    let held = claims.permissions(key);
    let needed = format!("{} ({key}): {}", requirement.name.unwrap_or(key), permission.as_str());
    let source = if requirement.source == Source::Inferred { " (inferred)" } else { "" };
    let (access, reason) = if held.contains(permission) {
        (Access::Allowed, format!("needs {needed}{source}; the token has {held}"))
    } else {
        (Access::Denied, format!("needs {needed}{source}; the token has {held}"))
    };
    Decision { access, requirement, held: Some(held), expired, reason }
}

/// One scope of a least-privilege token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub key: String,
    /// The token screen's name for the scope (the key itself when unknown).
    pub name: String,
    pub permissions: Permissions,
}

/// The smallest set of scopes that allows every operation in `ops`, and the
/// operations whose requirement is not known (which no token can be sized for).
pub fn minimal_scopes<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> (Vec<Grant>, Vec<&'a Operation>) {
    let mut needed: BTreeMap<&str, Permissions> = BTreeMap::new();
    let mut unknown = Vec::new();
    for op in ops {
        match (op.requirement.key, op.requirement.permission) {
            (Some(key), Some(permission)) => {
                let entry = needed.entry(key).or_default();
                *entry = entry.with(permission);
            }
            _ => unknown.push(op),
        }
    }
    (needed.into_iter().map(|(key, permissions)| grant(key, permissions)).collect(), unknown)
}

/// What `claims` hold beyond `minimal`: what to untick on the token screen.
pub fn audit(claims: &TokenClaims, minimal: &[Grant]) -> Vec<Grant> {
    claims
        .scopes
        .iter()
        .filter_map(|(key, held)| {
            let needed = minimal.iter().find(|g| &g.key == key).map_or(Permissions::NONE, |g| g.permissions);
            let extra = held.minus(needed);
            (!extra.is_empty()).then(|| grant(key, extra))
        })
        .collect()
}

fn grant(key: &str, permissions: Permissions) -> Grant {
    let name = scope_by_key(key).map_or(key, |s| s.ui_name).to_owned();
    Grant { key: key.to_owned(), name, permissions }
}
