//! The scope an operation's description declares.
//!
//! Xano states it only in prose, at the end of the description:
//! `<b>Required API Scope:</b>\nWorkspace Database: Create`.

const MARKER: &str = "Required API Scope:";

/// The declared scope text (`Workspace Database: Create`), if the description has one.
pub fn declared_scope(description: &str) -> Option<String> {
    let start = description.find(MARKER)? + MARKER.len();
    let rest = description[start..].trim_start_matches("</b>").trim_start_matches("</strong>");
    let text = rest.trim_start().split(['<', '\n']).next().unwrap_or("").trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_line_after_the_marker() {
        let d = "Create a table\n<br /><br />\n<b>Authentication:</b> required\n<br /><br />\n<b>Required API Scope:</b>\nWorkspace Database: Create";
        assert_eq!(declared_scope(d).as_deref(), Some("Workspace Database: Create"));
        assert_eq!(
            declared_scope("<b>Required API Scope:</b> Workspace Api: Read<br />").as_deref(),
            Some("Workspace Api: Read")
        );
        assert_eq!(declared_scope("<b>Authentication:</b> required"), None);
        assert_eq!(declared_scope("<b>Required API Scope:</b>\n"), None);
    }
}

use xano_meta_runtime::scope::{scope_by_key, scope_by_spec_name, KeyEvidence, Permission, Source};

use crate::model::Method;

/// An operation's requirement, as the generator finds it: the runtime's type,
/// with the scope's name owned (the spec's words are not `'static`).
pub type Requirement = xano_meta_runtime::scope::Requirement<String>;

/// The inference rule, one table: the first path resource that matches gives the
/// token key. The resource is the first fixed segment after
/// `/workspace/{workspace_id}/` (or the first segment); `table` paths with a
/// `content` segment are records. These follow what the declared operations of
/// the same resources say, and the token keys Xano's tokens carry.
const KEY_RULES: &[(&str, &str)] = &[
    ("table/content", "workspace:content"),
    ("table", "workspace:database"),
    ("apigroup", "workspace:api"),
    ("function", "workspace:function"),
    ("task", "workspace:task"),
    ("file", "workspace:file"),
    ("request_history", "workspace:requesthistory"),
    ("*_history", "workspace:requesthistory"),
    ("audit_log", "workspace:log"),
    ("addon", "workspace:addon"),
    ("middleware", "workspace:middleware"),
    ("tool", "workspace:tool"),
];

/// The permission a method needs, by the same rule: reads are `GET` and `POST …/search`.
fn permission_of(method: Method, path: &str) -> Permission {
    match method {
        Method::Get => Permission::Read,
        Method::Post if path.ends_with("/search") => Permission::Read,
        Method::Post => Permission::Create,
        Method::Put | Method::Patch => Permission::Update,
        Method::Delete => Permission::Delete,
    }
}

/// The requirement of `method path`: declared by `scope_text` when there is one,
/// else inferred by `KEY_RULES`, else unknown.
///
/// A declared scope whose token key is only named by a public source, not seen in
/// tokens (`Instance Workspace` → `instance:workspace`), is `Inferred`: the permission
/// is the spec's, the key an inference, so the client warns rather than refuses.
pub fn requirement(method: Method, path: &str, scope_text: Option<&str>) -> Requirement {
    if let Some(text) = scope_text {
        let (name, permission) =
            text.rsplit_once(':').map_or((text, None), |(n, p)| (n.trim(), Permission::parse(p)));
        let Some(scope) = scope_by_spec_name(name) else {
            return Requirement {
                source: Source::Declared,
                key: None,
                permission,
                name: Some(name.to_owned()),
            };
        };
        let source = match scope.evidence {
            KeyEvidence::SeenInTokens => Source::Declared,
            KeyEvidence::NamedBy(_) => Source::Inferred,
        };
        return Requirement {
            source,
            key: Some(scope.key),
            permission,
            name: Some(scope.name.to_owned()),
        };
    }
    let segments: Vec<&str> =
        path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).collect();
    let resource = match segments.as_slice() {
        ["workspace", resource, ..] => *resource,
        [resource, ..] => *resource,
        [] => return unknown(),
    };
    let resource = if resource == "table" && segments.contains(&"content") {
        "table/content"
    } else {
        resource
    };
    let rule = KEY_RULES.iter().find(|(pattern, _)| match pattern.strip_prefix('*') {
        Some(suffix) => resource.ends_with(suffix),
        None => *pattern == resource,
    });
    match rule {
        Some((_, key)) => Requirement {
            source: Source::Inferred,
            key: Some(key),
            permission: Some(permission_of(method, path)),
            name: scope_by_key(key).map(|s| s.name.to_owned()),
        },
        None => unknown(),
    }
}

fn unknown() -> Requirement {
    Requirement::UNKNOWN
}

#[cfg(test)]
mod requirement_tests {
    use super::*;

    #[test]
    fn declared_scopes_map_to_token_keys() {
        let r = requirement(
            Method::Post,
            "/workspace/{workspace_id}/table",
            Some("Workspace Database: Create"),
        );
        assert_eq!(
            (r.source, r.key, r.permission),
            (Source::Declared, Some("workspace:database"), Some(Permission::Create))
        );
        // One name per scope: the token screen's, not the spec's `Workspace Api`.
        let r = requirement(
            Method::Get,
            "/workspace/{workspace_id}/apigroup",
            Some("Workspace Api: Read"),
        );
        assert_eq!(
            (r.source, r.key, r.name.as_deref()),
            (Source::Declared, Some("workspace:api"), Some("Workspace API Groups"))
        );
        // The key is only named by a public source: an inference.
        let r = requirement(
            Method::Get,
            "/workspace/{workspace_id}/branch",
            Some("Instance Workspace: Read"),
        );
        assert_eq!(
            (r.source, r.key, r.permission, r.name.as_deref()),
            (
                Source::Inferred,
                Some("instance:workspace"),
                Some(Permission::Read),
                Some("Instance Workspace")
            )
        );
        // A name no key is known for keeps the spec's words, with no key.
        let r = requirement(Method::Get, "/x", Some("Workspace Gadgets: Read"));
        assert_eq!(
            (r.source, r.key, r.permission, r.name.as_deref()),
            (Source::Declared, None, Some(Permission::Read), Some("Workspace Gadgets"))
        );
    }

    #[test]
    fn the_rule_infers_from_resource_and_method() {
        let cases = [
            (
                Method::Get,
                "/workspace/{workspace_id}/addon",
                Some(("workspace:addon", Permission::Read)),
            ),
            (
                Method::Put,
                "/workspace/{workspace_id}/middleware/{middleware_id}/security",
                Some(("workspace:middleware", Permission::Update)),
            ),
            (
                Method::Post,
                "/workspace/{workspace_id}/tool_history/search",
                Some(("workspace:requesthistory", Permission::Read)),
            ),
            (
                Method::Delete,
                "/workspace/{workspace_id}/table/trigger/{trigger_id}",
                Some(("workspace:database", Permission::Delete)),
            ),
            (
                Method::Post,
                "/workspace/{workspace_id}/table/{table_id}/content",
                Some(("workspace:content", Permission::Create)),
            ),
            (Method::Get, "/audit_log", Some(("workspace:log", Permission::Read))),
            (Method::Get, "/workspace/{workspace_id}/agent", None),
            (Method::Get, "/auth/me", None),
        ];
        for (method, path, expected) in cases {
            let r = requirement(method, path, None);
            match expected {
                Some((key, permission)) => assert_eq!(
                    (r.source, r.key, r.permission),
                    (Source::Inferred, Some(key), Some(permission)),
                    "{path}"
                ),
                None => assert_eq!(r.source, Source::Unknown, "{path}"),
            }
        }
    }
}
