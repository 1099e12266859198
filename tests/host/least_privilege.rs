//! Scope checks and least privilege on the real generated descriptors, checked
//! against Xano's own least-privilege examples (docs/XANO.md).

use serde_json::json;
use xano_meta::generated::instance::operations::OPERATIONS;
use xano_meta_runtime::descriptor::Operation;
use xano_meta_runtime::scope::{
    audit, check, decode_token, minimal_scopes, scope_by_key, Access, Grant, Source, SCOPES,
};
use xano_meta_tests::{synthetic_jwt, synthetic_token, token_payload};

fn op(js_name: &str) -> &'static Operation {
    OPERATIONS
        .iter()
        .find(|o| o.js_name == js_name)
        .unwrap_or_else(|| panic!("no operation {js_name}"))
}

fn words(grants: &[Grant]) -> Vec<String> {
    grants.iter().map(Grant::to_string).collect()
}

/// The source that names `instance:workspace` (the only one).
const MCP_SOURCE: &str = "xano-inc/xano-developer-mcp src/meta_api_docs/topics/authentication.ts";

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
    let extra = words(&audit(&claims, &grants).expect("a Metadata API token is audited"));
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
    assert!(
        inferred.reason().contains("(inferred from the package's rule"),
        "{}",
        inferred.reason()
    );
    let unknown = check(&claims, op("getWorkspaceAgent"), now);
    assert_eq!(unknown.access, Access::Unknown);
    assert_eq!(unknown.reason(), "the spec declares no required scope and no rule infers one");
    let expired = check(&claims, op("getWorkspaceTable"), 4_102_444_800);
    assert_eq!((expired.access, expired.expired), (Access::Denied, true));
    assert_eq!(expired.reason(), "the token expired at 2099-01-01 00:00:00+0000");
}

#[test]
fn every_declared_requirement_is_typed_and_instance_workspace_is_an_inference() {
    let declared: Vec<&Operation> = OPERATIONS.iter().filter(|o| o.scope.is_some()).collect();
    // As many as the spec's descriptions carry a `Required API Scope:` line.
    let in_spec = xano_meta_tests::spec_operations(xano_meta_tests::INSTANCE_SPEC)
        .iter()
        .filter(|op| op["description"].as_str().is_some_and(|d| d.contains("Required API Scope:")))
        .count();
    assert!(in_spec > 0);
    assert_eq!(declared.len(), in_spec);
    let mut instance_workspace = 0;
    for op in declared {
        let r = &op.requirement;
        assert!(r.permission.is_some() && r.key.is_some(), "{}", op.js_name);
        if op.scope.unwrap().starts_with("Instance Workspace:") {
            instance_workspace += 1;
            assert_eq!(
                (r.source, r.key, r.inferred_from()),
                (Source::Inferred, Some("instance:workspace"), Some(MCP_SOURCE)),
                "{}",
                op.js_name
            );
        } else {
            assert_eq!((r.source, r.inferred_from()), (Source::Declared, None), "{}", op.js_name);
        }
    }
    assert_eq!(instance_workspace, 21);
}

#[test]
fn one_name_per_scope_the_token_screens() {
    // Every requirement names its scope by the one table, never by the spec's words.
    for op in &OPERATIONS {
        let r = &op.requirement;
        if let Some(key) = r.key {
            assert_eq!(r.name, scope_by_key(key).map(|s| s.name), "{}", op.js_name);
        }
    }
    let named = |js_name: &str| op(js_name).requirement.name;
    assert_eq!(op("getWorkspaceApigroup").scope, Some("Workspace Api: Read"), "the raw text stays");
    assert_eq!(named("getWorkspaceApigroup"), Some("Workspace API Groups"));
    assert_eq!(named("getWorkspaceFunction"), Some("Workspace Functions"));
    assert_eq!(named("postWorkspaceFile"), Some("Workspace Files"));
    for spec_only in ["Workspace Api", "Workspace Function", "Workspace File", "Workspace Task"] {
        assert!(OPERATIONS.iter().all(|o| o.requirement.name != Some(spec_only)), "{spec_only}");
        assert!(SCOPES.iter().all(|s| s.name != spec_only), "{spec_only}");
    }
    // A key the package does not know is shown as such, not as a known scope.
    let odd = json!({"workspace:database": 15, "workspace:gadget": 15});
    let claims =
        decode_token(&synthetic_token(&token_payload(odd, "2099-01-01 00:00:00+0000"))).unwrap();
    let (grants, _) = minimal_scopes([op("getWorkspaceTable")]);
    assert_eq!(
        words(&audit(&claims, &grants).unwrap()),
        [
            "Workspace Database: Create, Update, Delete",
            "`workspace:gadget` (a key this package does not know): Create, Read, Update, Delete"
        ]
    );
}

#[test]
fn instance_workspace_is_checked_only_when_the_token_carries_its_key() {
    let now = 1_800_000_000;
    let claims_with = |scopes| {
        decode_token(&synthetic_token(&token_payload(scopes, "2099-01-01 00:00:00+0000"))).unwrap()
    };
    let without = claims_with(json!({"workspace:database": 15}));
    let unknown = check(&without, op("getWorkspaceBranch"), now);
    assert_eq!((unknown.access, unknown.held), (Access::Unknown, None));
    assert_eq!(
        unknown.reason(),
        format!("needs Instance Workspace (instance:workspace): Read (inferred from {MCP_SOURCE}); the token has no `instance:workspace` key (no token seen so far has one), so only the server can judge the call")
    );
    let read = claims_with(json!({"instance:workspace": 2}));
    assert_eq!(check(&read, op("getWorkspaceBranch"), now).access, Access::Allowed);
    let denied = check(&read, op("putWorkspaceBranchByBranchLabel"), now);
    assert_eq!(denied.access, Access::Denied);
    assert!(denied.reason().ends_with("the token has Read"), "{}", denied.reason());
    // Carried at 0 is carried: no access.
    let zero = claims_with(json!({"instance:workspace": 0}));
    assert_eq!(check(&zero, op("getWorkspaceBranch"), now).access, Access::Denied);
    // Least privilege names it, as the inference it is.
    let (grants, unknown_ops) = minimal_scopes([op("getWorkspaceBranch")]);
    assert!(unknown_ops.is_empty());
    assert_eq!(words(&grants), ["Instance Workspace: Read"]);
}

#[test]
fn oauth_and_other_jwts_answer_unknown_and_keep_their_scope_words() {
    let now = 1_900_000_100;
    let oauth = |payload: serde_json::Value| {
        decode_token(&synthetic_jwt(&json!({"alg": "RS256", "typ": "at+jwt"}), &payload)).unwrap()
    };
    let live = oauth(json!({"aud": "https://x1-test.n7.xano.io", "iat": 1_900_000_000,
        "nbf": 1_900_000_000, "exp": 1_900_003_600, "scope": "workspace:read workspace:write"}));
    for name in ["getWorkspaceTable", "postWorkspaceTable", "getWorkspaceBranch"] {
        let d = check(&live, op(name), now);
        assert_eq!((d.access, d.held, d.expired), (Access::Unknown, None, false), "{name}");
        assert!(d.reason().contains("OAuth access token"), "{}", d.reason());
        assert!(d.reason().contains("(workspace:read workspace:write)"), "{}", d.reason());
    }
    assert_eq!(audit(&live, &[]), None, "no scope map to audit");
    // Expired by `exp`: denied before anything else, whatever the call.
    let expired = check(&live, op("getWorkspaceAgent"), 1_900_003_600);
    assert_eq!((expired.access, expired.expired), (Access::Denied, true));
    assert_eq!(expired.reason(), "the token expired at 2030-03-17 18:46:40 UTC");
    // Not valid yet by `nbf`: denied, saying why.
    let early = check(&live, op("getWorkspaceTable"), 1_900_000_000 - 3600);
    assert_eq!((early.access, early.not_yet_valid, early.expired), (Access::Denied, true, false));
    assert!(early.unusable());
    assert!(early.reason().starts_with("the token is not valid before 2030-03-17 17:46:40 UTC"));
    // A JWT of no known kind is not judged by the package either.
    let other =
        decode_token(&synthetic_token(&json!({"aud": "someone-else", "sub": "1"}))).unwrap();
    let d = check(&other, op("getWorkspaceTable"), now);
    assert_eq!(d.access, Access::Unknown);
    assert!(
        d.reason().contains("not a Metadata API token (audience `someone-else`)"),
        "{}",
        d.reason()
    );
}

#[test]
fn a_metadata_token_past_its_exp_is_expired_whatever_expires_at_says() {
    let mut payload = token_payload(json!({"workspace:database": 15}), "2099-01-01 00:00:00+0000");
    payload["exp"] = json!(1_800_000_000);
    let claims = decode_token(&synthetic_token(&payload)).unwrap();
    let d = check(&claims, op("getWorkspaceTable"), 1_800_000_001);
    assert_eq!((d.access, d.expired), (Access::Denied, true));
    assert_eq!(d.reason(), "the token expired at 2027-01-15 08:00:00 UTC");
    assert_eq!(check(&claims, op("getWorkspaceTable"), 1_799_999_999).access, Access::Allowed);
}
