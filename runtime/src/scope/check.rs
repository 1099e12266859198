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

/// A check's answer. Its sentence for people is [`Decision::reason`], built only
/// when asked for: the client checks before every call, and most calls are allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub access: Access,
    pub requirement: Requirement,
    /// What the token holds on the required scope (when the scope is known).
    pub held: Option<Permissions>,
    pub expired: bool,
    /// When it expired, as the token says (set only when `expired`).
    expired_at: Option<String>,
}

impl Decision {
    /// One sentence, for people. Never holds the token.
    pub fn reason(&self) -> String {
        let r = &self.requirement;
        if let Some(at) = &self.expired_at {
            return format!("the token expired at {at}");
        }
        match (r.key, r.permission, self.held) {
            (Some(key), Some(permission), Some(held)) => {
                let source = if r.source == Source::Inferred { " (inferred)" } else { "" };
                format!(
                    "needs {} ({key}): {}{source}; the token has {held}",
                    r.name.unwrap_or(key),
                    permission.as_str()
                )
            }
            _ => match (r.source, r.name) {
                (Source::Unknown, _) => {
                    "the spec declares no required scope and no rule infers one".to_owned()
                }
                (_, Some(name)) => format!(
                    "the spec requires `{}`, and no token key is known for `{name}`",
                    r.describe()
                ),
                _ => "the required scope is not known".to_owned(),
            },
        }
    }
}

/// Whether `claims` allow `op` at `now` (Unix seconds).
pub fn check(claims: &TokenClaims, op: &Operation, now: i64) -> Decision {
    let requirement = op.requirement;
    if claims.is_expired(now) {
        let at = claims
            .expires_at_text
            .clone()
            .unwrap_or_else(|| format!("{} (Unix time)", claims.expires_at.unwrap_or_default()));
        return Decision {
            access: Access::Denied,
            requirement,
            held: None,
            expired: true,
            expired_at: Some(at),
        };
    }
    let (Some(key), Some(permission)) = (requirement.key, requirement.permission) else {
        return Decision {
            access: Access::Unknown,
            requirement,
            held: None,
            expired: false,
            expired_at: None,
        };
    };
    let held = claims.permissions(key);
    let access = if held.contains(permission) { Access::Allowed } else { Access::Denied };
    Decision { access, requirement, held: Some(held), expired: false, expired_at: None }
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
pub fn minimal_scopes<'a>(
    ops: impl IntoIterator<Item = &'a Operation>,
) -> (Vec<Grant>, Vec<&'a Operation>) {
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
            let needed =
                minimal.iter().find(|g| &g.key == key).map_or(Permissions::NONE, |g| g.permissions);
            let extra = held.minus(needed);
            (!extra.is_empty()).then(|| grant(key, extra))
        })
        .collect()
}

fn grant(key: &str, permissions: Permissions) -> Grant {
    let name = scope_by_key(key).map_or(key, |s| s.ui_name).to_owned();
    Grant { key: key.to_owned(), name, permissions }
}
