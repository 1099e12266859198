//! Token scopes: what each operation needs, what a token holds, and the checks
//! between the two. Facts about Xano's tokens and scopes, with their sources, are in
//! `docs/XANO.md`; every inference here is named as one.

mod catalog;
mod check;
mod permission;
mod token;

pub use catalog::{scope_by_key, scope_by_spec_name, KeyEvidence, Scope, SCOPES};
pub use check::{audit, check, minimal_scopes, Access, Decision, Grant};
pub use permission::{Permission, Permissions};
pub use token::{
    decode_token, format_timestamp, parse_timestamp, TokenClaims, TokenError, TokenKind,
    METADATA_AUDIENCE, NOT_BEFORE_LEEWAY_SECONDS,
};

/// Where an operation's requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The spec's description says `Required API Scope: …`.
    Declared,
    /// Inferred: by the package's rule from the path's resource and the HTTP method
    /// (codegen's `scope::KEY_RULES`), or a declared scope whose token key is only
    /// named by a public source ([`KeyEvidence::NamedBy`]).
    Inferred,
    /// Nothing says it.
    Unknown,
}

impl Source {
    /// `"declared"`, `"inferred"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Declared => "declared",
            Source::Inferred => "inferred",
            Source::Unknown => "unknown",
        }
    }
}

/// The permission an operation needs on one scope.
///
/// One definition for the runtime and the generator: a descriptor names the
/// scope with `&'static` text (the default `N`); the generator finds it in the
/// spec and holds it as a `String` (`xano_meta_codegen::scope::Requirement`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement<N = &'static str> {
    /// Where it comes from.
    pub source: Source,
    /// The token key (`workspace:database`); `None` when unknown, including a
    /// declared scope that no token key is known for.
    pub key: Option<&'static str>,
    /// The permission needed; `None` when unknown.
    pub permission: Option<Permission>,
    /// The scope's name: the token screen's words from [`SCOPES`] when the key is known
    /// (`Workspace API Groups`); the spec's words only for a declared scope that no key
    /// is known for.
    pub name: Option<N>,
}

impl<N: AsRef<str>> Requirement<N> {
    /// Nothing known.
    pub const UNKNOWN: Requirement<N> =
        Requirement { source: Source::Unknown, key: None, permission: None, name: None };

    /// `Workspace Database: Create`, or `unknown`.
    pub fn describe(&self) -> String {
        match (&self.name, self.permission) {
            (Some(name), Some(p)) => format!("{}: {}", name.as_ref(), p.as_str()),
            _ => "unknown".to_owned(),
        }
    }

    /// Why the package infers this requirement (`None` unless [`Source::Inferred`]).
    pub fn inferred_from(&self) -> Option<&'static str> {
        if self.source != Source::Inferred {
            return None;
        }
        Some(match self.key.and_then(scope_by_key).map(|s| s.evidence) {
            Some(KeyEvidence::NamedBy(source)) => source,
            _ => RULE_BASIS,
        })
    }
}

/// What [`Requirement::inferred_from`] says of the path rule.
pub const RULE_BASIS: &str = "the package's rule on the path's resource and the HTTP method";
