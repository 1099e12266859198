//! Scope checks and least privilege on the real generated descriptors, checked
//! against Xano's own least-privilege examples (docs/XANO.md).

use serde_json::json;
use xano_meta::generated::instance::operations::OPERATIONS;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::scope::{audit, check, decode_token, minimal_scopes, Access, Grant, Source};
use xano_meta_tests::{synthetic_token, token_payload};

fn op(js_name: &str) -> &'static Operation {
    OPERATIONS
        .iter()
        .find(|o| o.js_name == js_name)
        .unwrap_or_else(|| panic!("no operation {js_name}"))
}

fn words(grants: &[Grant]) -> Vec<String> {
    grants.iter().map(|g| format!("{}: {}", g.name, g.permissions)).collect()
}

const WEWEB: &[&str] = &[
    "getWorkspaceApigroup",
    "getWorkspaceApigroupApi",
    "getWorkspaceApigroupOpenapi",
    "getWorkspaceTableContent",
];

#[test]
fn weweb_integration_needs_api_groups_and_content_read() {
    let (grants, unknown) = minimal_scopes(WEWEB.iter().map(|n| op(n)));
    assert_eq!(words(&grants), ["Workspace API Groups: Read", "Workspace Content: Read"]);
    assert!(unknown.is_empty());
}

#[test]
fn monitoring_adds_request_history_read() {
    let ops = WEWEB
        .iter()
        .chain(&["getWorkspaceRequestHistory", "postWorkspaceRequestHistorySearch"])
        .map(|n| op(n));
    let (grants, _) = minimal_scopes(ops);
    assert_eq!(
        words(&grants),
        [
            "Workspace API Groups: Read",
            "Workspace Content: Read",
            "Workspace Request History: Read"
        ]
    );
}

#[test]
fn unknown_requirements_are_reported_not_guessed() {
    let (grants, unknown) =
        minimal_scopes([op("getWorkspaceAgent"), op("getWorkspace"), op("getWorkspaceTable")]);
    assert_eq!(words(&grants), ["Workspace Database: Read"]);
    let names: Vec<&str> = unknown.iter().map(|o| o.js_name).collect();
    assert_eq!(names, ["getWorkspaceAgent", "getWorkspace"]);
}

#[test]
fn a_full_token_is_audited_down_to_the_job() {
    let all = json!({"workspace:database": 15, "workspace:content": 15, "workspace:api": 15, "workspace:requesthistory": 15, "workspace:file": 0});
    let claims =
        decode_token(&synthetic_token(&token_payload(all, "2099-01-01 00:00:00+0000"))).unwrap();
    let (grants, _) = minimal_scopes(WEWEB.iter().map(|n| op(n)));
    let extra = words(&audit(&claims, &grants));
    assert_eq!(
        extra,
        [
            "Workspace API Groups: Create, Update, Delete",
            "Workspace Content: Create, Update, Delete",
            "Workspace Database: Create, Read, Update, Delete",
            "Workspace Request History: Create, Read, Update, Delete",
        ]
    );
}

#[test]
fn checks_answer_allowed_denied_unknown_with_reasons() {
    let read_only = json!({"workspace:database": 2, "workspace:addon": 0});
    let claims =
        decode_token(&synthetic_token(&token_payload(read_only, "2099-01-01 00:00:00+0000")))
            .unwrap();
    let now = 1_800_000_000;
    let allowed = check(&claims, op("getWorkspaceTable"), now);
    assert_eq!(allowed.access, Access::Allowed);
    let denied = check(&claims, op("postWorkspaceTable"), now);
    assert_eq!(denied.access, Access::Denied);
    assert_eq!(
        denied.reason(),
        "needs Workspace Database (workspace:database): Create; the token has Read"
    );
    let inferred = check(&claims, op("postWorkspaceAddon"), now);
    assert_eq!((inferred.access, inferred.requirement.source), (Access::Denied, Source::Inferred));
    assert!(inferred.reason().contains("(inferred)"), "{}", inferred.reason());
    let unknown = check(&claims, op("getWorkspaceBranch"), now);
    assert_eq!(unknown.access, Access::Unknown);
    assert_eq!(unknown.reason(), "the spec requires `Instance Workspace: Read`, and no token key is known for `Instance Workspace`");
    let expired = check(&claims, op("getWorkspaceTable"), 4_102_444_800);
    assert_eq!((expired.access, expired.expired), (Access::Denied, true));
    assert_eq!(expired.reason(), "the token expired at 2099-01-01 00:00:00+0000");
}

#[test]
fn every_declared_requirement_is_typed() {
    let declared: Vec<&Operation> = OPERATIONS.iter().filter(|o| o.scope.is_some()).collect();
    assert_eq!(declared.len(), 127);
    for op in declared {
        assert_eq!(op.requirement.source, Source::Declared, "{}", op.js_name);
        assert!(op.requirement.permission.is_some(), "{}", op.js_name);
        let key_known = op.requirement.key.is_some();
        assert_eq!(key_known, op.requirement.name != Some("Instance Workspace"), "{}", op.js_name);
    }
}
