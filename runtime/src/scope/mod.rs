//! Token scopes: what each operation needs, what a token holds, and the checks
//! between the two. Facts and inferences are in `docs/XANO.md`; every
//! inference here is named as one.

mod catalog;
mod check;
mod permission;
mod token;

pub use catalog::{scope_by_key, scope_by_spec_name, Scope, SCOPES};
pub use check::{audit, check, minimal_scopes, Access, Decision, Grant};
pub use permission::{Permission, Permissions};
pub use token::{decode_token, parse_timestamp, TokenClaims, TokenError};

/// Where an operation's requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The spec's description says `Required API Scope: …`.
    Declared,
    /// The project's rule (codegen's `scope_rules`) infers it from the path and method.
    Inferred,
    /// Nothing says it.
    Unknown,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Declared => "declared",
            Source::Inferred => "inferred",
            Source::Unknown => "unknown",
        }
    }
}

/// The permission an operation needs on one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    pub source: Source,
    /// The token key (`workspace:database`); `None` when unknown, including a
    /// declared scope that no token key is known for (`Instance Workspace`).
    pub key: Option<&'static str>,
    /// The permission needed; `None` when unknown.
    pub permission: Option<Permission>,
    /// The scope's name as the spec or the rule gives it (`Workspace Database`).
    pub name: Option<&'static str>,
}

impl Requirement {
    /// Nothing known.
    pub const UNKNOWN: Requirement =
        Requirement { source: Source::Unknown, key: None, permission: None, name: None };

    /// `Workspace Database: Create`, or `unknown`.
    pub fn describe(&self) -> String {
        match (self.name, self.permission) {
            (Some(name), Some(p)) => format!("{name}: {}", p.as_str()),
            _ => "unknown".to_owned(),
        }
    }
}
