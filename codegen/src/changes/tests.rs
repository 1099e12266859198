//! The change report on real data: Xano's 2025 export against its 2026 export.

use std::collections::BTreeSet;

use serde_json::Value;

use super::*;
use crate::model::ApiKind;
use crate::normalize::merge;
use crate::parse::parse_api;

fn export(path: &str) -> String {
    let path = format!("{}/../tests/specs/exports/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn spec_2026() -> String {
    let dir = format!("{}/../tests/specs/exports/instance-2026-by-tag", env!("CARGO_MANIFEST_DIR"));
    let mut parts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    parts.sort();
    merge(&parts).unwrap()
}

/// `METHOD path` of every operation, read straight from the JSON.
fn operations_of(text: &str) -> BTreeSet<String> {
    let json: Value = serde_json::from_str(text).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in json["paths"].as_object().unwrap() {
        for method in item
            .as_object()
            .unwrap()
            .keys()
            .filter(|m| ["get", "post", "put", "patch", "delete"].contains(&m.as_str()))
        {
            out.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    out
}

#[test]
fn from_the_2025_export_to_the_2026_export() {
    let (old_text, new_text) = (export("instance-2025-prod.json"), spec_2026());
    let old = snapshot(&parse_api("2025", ApiKind::Instance, &old_text).unwrap(), "2025");
    let new = snapshot(&parse_api("2026", ApiKind::Instance, &new_text).unwrap(), "2026");
    assert_eq!((old.operations.len(), new.operations.len()), (102, 205));
    let report = diff(&old, &new);

    let (before, after) = (operations_of(&old_text), operations_of(&new_text));
    let expected_added: BTreeSet<String> = after.difference(&before).cloned().collect();
    let expected_removed: BTreeSet<String> = before.difference(&after).cloned().collect();
    let added: BTreeSet<String> = report.added.iter().map(|(_, m)| m.clone()).collect();
    let removed: BTreeSet<String> = report.removed.iter().map(|(_, m)| m.clone()).collect();
    assert_eq!(added, expected_added);
    assert_eq!(removed, expected_removed);
    assert!(!added.is_empty());

    // The 2026 export dropped many scope lines: those operations' requirements
    // become inferred or unknown, and the report lists them first. One name per
    // scope (the token screen's) on both sides, so only the source differs.
    assert!(!report.scopes.is_empty());
    let markdown = report.markdown("instance");
    assert!(
        markdown.find("Required scopes changed").unwrap()
            < markdown.find("Operations added").unwrap()
    );
    let dropped = report
        .scopes
        .iter()
        .find(|(name, _, _)| name == "getWorkspaceFunction")
        .expect("the function list's scope line was dropped");
    assert_eq!(
        (dropped.1.as_str(), dropped.2.as_str()),
        ("Workspace Functions: Read (declared)", "Workspace Functions: Read (inferred)")
    );
}

#[test]
fn an_unchanged_spec_reports_nothing() {
    let text =
        std::fs::read_to_string(format!("{}/../specs/instance.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let a = snapshot(&parse_api("a", ApiKind::Instance, &text).unwrap(), "a");
    assert!(diff(&a, &a.clone()).is_empty());
    assert_eq!(diff(&a, &a).markdown("instance"), "## instance\n\nNo changes for users.\n");
}

/// A spec of one `GET /thing/{id}` whose `id` and response field `n` have `ty`.
fn thing(ty: &str) -> Snapshot {
    let text = serde_json::json!({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/thing/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": ty}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
                {"type": "object", "properties": {"n": {"type": ty}}}}}}}
        }}}
    })
    .to_string();
    snapshot(&parse_api(ty, ApiKind::Instance, &text).unwrap(), ty)
}

/// The model's shapes are compared, not an emitter's spelling of them: `integer`
/// and `number` are both `number` in TypeScript, but a change between them is a
/// change of what is accepted, and the report says it in the model's words.
#[test]
fn shapes_are_compared_as_the_model_has_them() {
    let report = diff(&thing("number"), &thing("integer"));
    assert_eq!(
        report.params,
        [("getThingById".to_owned(), "`id` path number, required → path integer, required".into())]
    );
    assert_eq!(report.responses, ["getThingById"]);
    assert!(report.markdown("instance").contains("### Response shapes changed (1)"));
    assert!(diff(&thing("integer"), &thing("integer")).is_empty());
}
