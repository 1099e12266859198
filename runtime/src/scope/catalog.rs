//! The one table of scopes: token key, the token screen's words, the spec's words.

/// One scope of a Metadata API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The key in the token's `scope` map.
    pub key: &'static str,
    /// The name on Xano's token screen (what a user ticks).
    pub ui_name: &'static str,
    /// The name in the spec's `Required API Scope:` lines, where one is used.
    pub spec_name: Option<&'static str>,
}

/// Every scope key seen in tokens (XANO.md), with the names that map to it. The
/// spec-name mapping is "high confidence" for all listed here but `workspace:log`
/// ("medium"); `Instance Workspace` has no known key and is not listed.
pub const SCOPES: &[Scope] = &[
    Scope {
        key: "workspace:database",
        ui_name: "Workspace Database",
        spec_name: Some("Workspace Database"),
    },
    Scope {
        key: "workspace:content",
        ui_name: "Workspace Content",
        spec_name: Some("Workspace Content"),
    },
    Scope {
        key: "workspace:datasource:live",
        ui_name: "Workspace Live Data Source",
        spec_name: None,
    },
    Scope {
        key: "workspace:api",
        ui_name: "Workspace API Groups",
        spec_name: Some("Workspace Api"),
    },
    Scope {
        key: "workspace:function",
        ui_name: "Workspace Functions",
        spec_name: Some("Workspace Function"),
    },
    Scope { key: "workspace:addon", ui_name: "Workspace Addons", spec_name: None },
    Scope { key: "workspace:task", ui_name: "Workspace Tasks", spec_name: Some("Workspace Task") },
    Scope { key: "workspace:file", ui_name: "Workspace Files", spec_name: Some("Workspace File") },
    Scope {
        key: "workspace:requesthistory",
        ui_name: "Workspace Request History",
        spec_name: Some("Workspace Request History"),
    },
    Scope { key: "workspace:log", ui_name: "Workspace Logs", spec_name: Some("Workspace Log") },
    Scope { key: "workspace:middleware", ui_name: "Workspace Middleware", spec_name: None },
    Scope { key: "workspace:tool", ui_name: "Workspace Tools", spec_name: None },
    Scope { key: "tenant_center", ui_name: "Tenant Center", spec_name: None },
    Scope { key: "tenant_center:deploy", ui_name: "Tenant Center Deploy", spec_name: None },
];

pub fn scope_by_key(key: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.key == key)
}

pub fn scope_by_spec_name(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.spec_name.is_some_and(|n| n.eq_ignore_ascii_case(name.trim())))
}
