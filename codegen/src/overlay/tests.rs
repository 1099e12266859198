//! The overlay: its rules on small documents, and the checked-in corrections on
//! the real spec.

use serde_json::json;

use super::*;
use crate::model::{ApiKind, Media, ShapeKind};
use crate::SpecInput;

fn overlay(actions: Json) -> OverlayInput {
    let doc =
        json!({ "overlay": "1.0.0", "info": { "title": "t", "version": "1" }, "actions": actions });
    OverlayInput { source: "fix.json".to_owned(), text: doc.to_string() }
}

fn applied_to(spec: &mut Json, actions: Json) -> Result<(Vec<Applied>, Vec<Warning>), SpecError> {
    apply(&[parse(&overlay(actions))?], spec)
}

#[test]
fn updates_merge_and_removes_remove_as_the_overlay_specification_says() {
    let mut spec = json!({
        "info": { "title": "a", "tags": ["x"], "deep": { "keep": 1, "change": 1 } },
        "list": [1, 2, 3, 4],
        "other": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        "paths": { "/a": { "get": { "x": 1 } }, "/b": { "get": { "x": 2 } } }
    });
    let (applied, warnings) = applied_to(
        &mut spec,
        json!([
            // Primitives replace, objects merge, arrays are appended to, new keys are added.
            { "target": "$.info", "description": "d", "x-evidence": "e",
              "update": { "title": "b", "tags": ["y"], "deep": { "change": 2 }, "new": true } },
            // An update of an array appends the update as one entry.
            { "target": "$.list", "description": "d", "x-evidence": "e", "update": { "five": 5 } },
            // A filter selects one operation; a wildcard selects every one.
            { "target": "$.paths[?@.get.x > 1].get", "description": "d", "x-evidence": "e", "update": { "y": 2 } },
            { "target": "$.paths.*.get.x", "description": "d", "x-evidence": "e", "remove": true },
            // Removing several entries of one array removes exactly those.
            { "target": "$.list[0,2]", "description": "d", "x-evidence": "e", "remove": true },
            // Results out of document order (and past index 9) still remove those entries.
            { "target": "$.other[2,10,0]", "description": "d", "x-evidence": "e", "remove": true },
        ]),
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        spec,
        json!({
            "info": { "title": "b", "tags": ["x", "y"], "deep": { "keep": 1, "change": 2 }, "new": true },
            "list": [2, 4, { "five": 5 }],
            "other": [1, 3, 4, 5, 6, 7, 8, 9, 11],
            "paths": { "/a": { "get": {} }, "/b": { "get": { "y": 2 } } }
        })
    );
    assert_eq!(applied[0].pointers, vec!["/info"]);
    assert_eq!(applied[2].pointers, vec!["/paths/~1b/get"]);
    assert_eq!(applied[3].pointers, vec!["/paths/~1a/get/x", "/paths/~1b/get/x"]);
    assert_eq!(applied[4].pointers, vec!["/list/0", "/list/2"]);
}

#[test]
fn a_target_that_matches_nothing_is_a_warning_naming_it() {
    let mut spec = json!({ "paths": { "/a": { "get": {} } } });
    let before = spec.clone();
    let (applied, warnings) = applied_to(
        &mut spec,
        json!([{ "target": "$.paths['/gone'].get", "description": "the gone fix",
                 "x-evidence": "somewhere", "update": { "x": 1 } }]),
    )
    .unwrap();
    assert_eq!(spec, before);
    assert!(applied[0].pointers.is_empty());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].pointer, "fix.json#/actions/0");
    assert!(warnings[0].message.contains("the gone fix"), "{}", warnings[0].message);
    assert!(warnings[0].message.contains("$.paths['/gone'].get"), "{}", warnings[0].message);
    assert!(warnings[0].message.contains("matches nothing"), "{}", warnings[0].message);
}

#[test]
fn every_action_needs_its_evidence_and_mistakes_are_named() {
    let error = |actions: Json| parse(&overlay(actions)).unwrap_err();
    let e = error(json!([{ "target": "$.info", "description": "d", "update": {} }]));
    assert_eq!((e.spec.as_str(), e.pointer.as_str()), ("fix.json", "/actions/0/x-evidence"));
    assert!(e.message.contains("where the behaviour was seen"), "{e}");
    let e =
        error(json!([{ "target": "$.info", "description": "d", "x-evidence": " ", "update": {} }]));
    assert_eq!(e.pointer, "/actions/0/x-evidence");
    let e = error(json!([{ "target": "$.info", "x-evidence": "e", "update": {} }]));
    assert_eq!(e.pointer, "/actions/0/description");
    let e = error(
        json!([{ "target": "$.info[", "description": "d", "x-evidence": "e", "update": {} }]),
    );
    assert_eq!(e.pointer, "/actions/0/target");
    assert!(e.message.contains("JSONPath"), "{e}");
    let e =
        error(json!([{ "target": "info", "description": "d", "x-evidence": "e", "update": {} }]));
    assert_eq!(e.pointer, "/actions/0/target");
    let e = error(json!([{ "target": "$", "description": "d", "x-evidence": "e", "updates": {} }]));
    assert_eq!(e.pointer, "/actions/0/updates");
    assert!(e.message.contains("unknown field `updates`"), "{e}");
    let e = error(json!([{ "target": "$", "description": "d", "x-evidence": "e" }]));
    assert!(e.message.contains("needs `update` or `remove: true`"), "{e}");
    let e = error(
        json!([{ "target": "$.a", "description": "d", "x-evidence": "e", "update": {}, "remove": true }]),
    );
    assert!(e.message.contains("both"), "{e}");
    assert!(error(json!([])).message.contains("non-empty list"));
    let wrong_version = OverlayInput {
        source: "fix.json".to_owned(),
        text: r#"{"overlay":"2.0.0","info":{"title":"t","version":"1"},"actions":[]}"#.to_owned(),
    };
    assert_eq!(parse(&wrong_version).unwrap_err().pointer, "/overlay");
    let not_json =
        OverlayInput { source: "fix.json".to_owned(), text: "overlay: 1.0.0".to_owned() };
    assert!(parse(&not_json).unwrap_err().message.contains("not JSON"));
}

#[test]
fn updates_that_cannot_apply_are_errors_naming_the_node() {
    let mut spec = json!({ "info": { "title": "a", "deep": { "x": 1 } } });
    let update = |target: &str, update: Json| {
        let mut spec = spec.clone();
        applied_to(
            &mut spec,
            json!([{ "target": target, "description": "d", "x-evidence": "e", "update": update }]),
        )
        .unwrap_err()
    };
    let e = update("$.info.title", json!("b"));
    assert_eq!((e.spec.as_str(), e.pointer.as_str()), ("fix.json", "/actions/0"));
    assert!(e.message.contains("string at /info/title"), "{e}");
    let e = update("$.info", json!({ "deep": "flat" }));
    assert!(e.message.contains("cannot merge a string into the object at /info/deep"), "{e}");
    let e = update("$.info", json!(["x"]));
    assert!(e.message.contains("must be an object"), "{e}");
    let e = applied_to(
        &mut spec,
        json!([{ "target": "$", "description": "d", "x-evidence": "e", "remove": true }]),
    )
    .unwrap_err();
    assert!(e.message.contains("whole document"), "{e}");
}

#[test]
fn changes_are_attributed_to_the_operations_they_touch() {
    assert!(concerns("/paths/~1a~1{id}/get/responses/200", "/a/{id}", "get"));
    assert!(concerns("/paths/~1a~1{id}/get", "/a/{id}", "get"));
    assert!(!concerns("/paths/~1a~1{id}/get", "/a/{id}", "post"));
    // Path-level parameters, the path item, all paths, the document: every operation there.
    assert!(concerns("/paths/~1a~1{id}/parameters/0", "/a/{id}", "post"));
    assert!(concerns("/paths/~1a~1{id}", "/a/{id}", "post"));
    assert!(concerns("/paths", "/a/{id}", "post"));
    assert!(concerns("", "/a/{id}", "post"));
    // Not a sibling path that shares a prefix, nor components.
    assert!(!concerns("/paths/~1a~1{id}x/get", "/a/{id}", "get"));
    assert!(!concerns("/components/schemas/x", "/a/{id}", "get"));
}

fn instance_spec() -> SpecInput {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let read = |path: &str| std::fs::read_to_string(format!("{root}/{path}")).unwrap();
    SpecInput {
        kind: ApiKind::Instance,
        source: "specs/instance.json".to_owned(),
        text: read("specs/instance.json"),
        variant: None,
        renames: Default::default(),
        corrections: vec![OverlayInput {
            source: "specs/corrections/instance.overlay.json".to_owned(),
            text: read("specs/corrections/instance.overlay.json"),
        }],
    }
}

#[test]
fn the_checked_in_corrections_fix_the_real_spec() {
    use xano_meta_runtime::descriptor::ResponseKind;
    let spec = instance_spec();
    let api = corrected_api(&spec).unwrap();
    let op = |name: &str| api.operations.iter().find(|o| o.name.camel() == name).unwrap();

    let export = op("postWorkspaceExport");
    assert_eq!((export.media, export.response_kind()), (Media::Binary, ResponseKind::Binary));
    assert_eq!(crate::emit_ts::response_ts_type(export), "Blob");
    let multidoc = op("getBetaWorkspaceMultidoc");
    assert_eq!((multidoc.media, multidoc.response_kind()), (Media::Text, ResponseKind::Text));
    assert_eq!(crate::emit_ts::response_ts_type(multidoc), "string");

    let list = op("getWorkspaceTable");
    assert_eq!(list.response_kind(), ResponseKind::Page);
    assert!(list.is_page() && list.params.iter().any(|p| p.name == "page"));
    let ShapeKind::Object(fields) = &list.response.kind else { panic!() };
    for field in crate::model::PAGE_FIELDS {
        assert!(fields.iter().any(|f| f.name == *field), "the corrected page has `{field}`");
    }
    let items = &fields.iter().find(|f| f.name == "items").unwrap().shape;
    let ShapeKind::Array(table) = &items.kind else { panic!() };
    let ShapeKind::Object(table) = &table.kind else { panic!() };
    assert!(table.iter().any(|f| f.name == "created_at" && f.shape.kind == ShapeKind::Timestamp));

    let one = op("getWorkspaceTableByTableId");
    assert_eq!(one.response_kind(), ResponseKind::Object);
    let ShapeKind::Object(fields) = &one.response.kind else { panic!() };
    assert!(fields.iter().any(|f| f.name == "name"));

    // Each corrected operation names what was corrected and on what evidence, once.
    for (corrected, evidence) in [
        (export, "calycode/xano-tools packages/core/src/implementations/backups.ts"),
        (multidoc, "xano-inc/cli src/utils/multidoc-push.ts"),
        (list, "xano-inc/cli src/commands/table/list/index.ts"),
        (one, "xano-inc/cli src/commands/table/get/index.ts"),
    ] {
        assert_eq!(corrected.corrections.len(), 1, "{}", corrected.name.camel());
        assert!(corrected.corrections[0].evidence.starts_with(evidence));
    }
    let corrected: Vec<String> = api
        .operations
        .iter()
        .filter(|o| !o.corrections.is_empty())
        .map(|o| o.name.camel())
        .collect();
    assert_eq!(corrected.len(), 4, "{corrected:?}");
    assert_eq!(api.corrections.len(), 8);
    assert!(api.corrections.iter().all(|c| c.matched == 1 && c.operations.len() == 1));
    // Every correction applies: none is a warning.
    assert!(!api.warnings.iter().any(|w| w.message.contains("correction")), "{:?}", api.warnings);

    // Without the corrections the spec says what it says.
    let plain = corrected_api(&SpecInput { corrections: Vec::new(), ..spec }).unwrap();
    let plain_op = |name: &str| plain.operations.iter().find(|o| o.name.camel() == name).unwrap();
    assert_eq!(plain_op("postWorkspaceExport").media, Media::Json);
    assert_eq!(plain_op("getWorkspaceTable").response_kind(), ResponseKind::Array);
    assert!(plain.corrections.is_empty());
}

#[test]
fn a_stale_correction_warns_in_the_model_and_the_change_report() {
    let mut spec = instance_spec();
    spec.corrections.push(overlay(json!([{
        "target": "$.paths['/workspace/{workspace_id}/no-such-thing'].get",
        "description": "a correction for an operation Xano removed",
        "x-evidence": "https://docs.xano.com/",
        "update": { "summary": "x" }
    }])));
    let api = corrected_api(&spec).unwrap();
    let warning = &api.warnings[0];
    assert_eq!(warning.pointer, "fix.json#/actions/0");
    assert!(warning.message.contains("a correction for an operation Xano removed"));
    let snapshot = crate::changes::snapshot(&api, "spec");
    let report = crate::changes::diff(&snapshot, &snapshot);
    assert!(report.is_empty());
    let markdown = report.markdown("instance");
    assert!(markdown.contains("No changes for users"), "{markdown}");
    assert!(markdown.contains("Spec corrections applied (9)"), "{markdown}");
    assert!(markdown.contains("warning: fix.json#/actions/0 (target `$.paths['/workspace/{workspace_id}/no-such-thing'].get`) matches nothing"), "{markdown}");
    // The two actions of one correction (remove, then update) are one line.
    assert!(markdown.contains("#/actions/0, specs/corrections/instance.overlay.json#/actions/1): `postWorkspaceExport`. Evidence: calycode/xano-tools"), "{markdown}");
}

#[test]
fn a_correction_that_breaks_the_spec_says_so() {
    let mut spec = instance_spec();
    spec.corrections = vec![overlay(json!([{
        "target": "$.paths['/workspace'].get", "description": "d", "x-evidence": "e",
        "update": { "parameters": [{ "in": "nowhere" }] }
    }]))];
    let e = corrected_api(&spec).unwrap_err();
    assert!(e.message.contains("with the corrections of fix.json applied"), "{e}");
}

#[test]
fn the_readme_example_for_an_own_instance_applies() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = &readme[readme.find("**Adding a correction for your own instance.**").unwrap()..];
    let start = section.find("```json\n").unwrap() + "```json\n".len();
    let text = section[start..][..section[start..].find("```").unwrap()].to_owned();
    let mut spec = instance_spec();
    spec.corrections.push(OverlayInput { source: "client-a.overlay.json".to_owned(), text });
    let api = corrected_api(&spec).unwrap();
    let workspaces = api.operations.iter().find(|o| o.name.camel() == "getWorkspace").unwrap();
    assert!(workspaces.is_page());
    assert_eq!(workspaces.corrections.len(), 1);
    assert!(!api.warnings.iter().any(|w| w.message.contains("correction")), "{:?}", api.warnings);
}
