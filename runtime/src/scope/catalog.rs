//! The one table of scopes: token key → the token screen's words (the one name users
//! read), the spec's words, and how the key is known.

/// One scope of a Metadata API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The key in the token's `scope` map.
    pub key: &'static str,
    /// The scope's name in everything a user reads: the words of Xano's token screen
    /// (what a user ticks). For keys whose screen wording is not recorded, the
    /// nearest words in the same style (see [`SCOPES`]).
    pub name: &'static str,
    /// The name in the spec's `Required API Scope:` lines, where one is used; kept only
    /// to map those lines to keys (the spec's raw text stays in `Operation::scope`).
    pub spec_name: Option<&'static str>,
    /// How the package knows the key.
    pub evidence: KeyEvidence,
}

/// How a token key is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEvidence {
    /// Seen in Metadata API tokens Xano issued.
    SeenInTokens,
    /// Named by a public source, but not seen in any token: AN INFERENCE. Checks use
    /// it only when a token carries the key; otherwise they answer unknown.
    NamedBy(&'static str),
}

/// Every scope key the package knows.
///
/// - The token screen's names of the first nine are recorded (Workspace Database …
///   Workspace Request History); those of `workspace:log`, `workspace:middleware`,
///   `workspace:tool` and the `tenant_center` keys are the package's wording in the same
///   style, since no record of the screen shows them.
/// - Spec names map to keys with high confidence, `Workspace Log` with medium.
/// - `instance:workspace` is an inference: xano-inc/xano-developer-mcp
///   `src/meta_api_docs/topics/authentication.ts` (2026-02) is the only public source
///   that names a key for the spec's "Instance Workspace", and no token seen carries it;
///   its screen name is not known, so the spec's words stand in.
pub const SCOPES: &[Scope] = &[
    Scope {
        key: "workspace:database",
        name: "Workspace Database",
        spec_name: Some("Workspace Database"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:content",
        name: "Workspace Content",
        spec_name: Some("Workspace Content"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:datasource:live",
        name: "Workspace Live Data Source",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:api",
        name: "Workspace API Groups",
        spec_name: Some("Workspace Api"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:function",
        name: "Workspace Functions",
        spec_name: Some("Workspace Function"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:addon",
        name: "Workspace Addons",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:task",
        name: "Workspace Tasks",
        spec_name: Some("Workspace Task"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:file",
        name: "Workspace Files",
        spec_name: Some("Workspace File"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:requesthistory",
        name: "Workspace Request History",
        spec_name: Some("Workspace Request History"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:log",
        name: "Workspace Logs",
        spec_name: Some("Workspace Log"),
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:middleware",
        name: "Workspace Middleware",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "workspace:tool",
        name: "Workspace Tools",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "tenant_center",
        name: "Tenant Center",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "tenant_center:deploy",
        name: "Tenant Center Deploy",
        spec_name: None,
        evidence: KeyEvidence::SeenInTokens,
    },
    Scope {
        key: "instance:workspace",
        name: "Instance Workspace",
        spec_name: Some("Instance Workspace"),
        evidence: KeyEvidence::NamedBy(
            "xano-inc/xano-developer-mcp src/meta_api_docs/topics/authentication.ts",
        ),
    },
];

/// The scope of a token key, if the package knows it.
pub fn scope_by_key(key: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.key == key)
}

/// The scope a spec's `Required API Scope:` name means (any case), if known.
pub fn scope_by_spec_name(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.spec_name.is_some_and(|n| n.eq_ignore_ascii_case(name.trim_ascii())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_key_and_per_name() {
        for (i, a) in SCOPES.iter().enumerate() {
            for b in &SCOPES[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.name, b.name);
            }
        }
        assert_eq!(
            scope_by_spec_name(" workspace api ").map(|s| s.name),
            Some("Workspace API Groups")
        );
        assert_eq!(scope_by_key("workspace:file").map(|s| s.name), Some("Workspace Files"));
        assert!(scope_by_key("workspace:unheard-of").is_none());
    }
}
