//! The parser against the real specs and against small hostile ones.

use super::*;

fn spec(name: &str) -> String {
    let path = format!("{}/../specs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn instance() -> Api {
    parse_api("specs/instance.json", ApiKind::Instance, &spec("instance.json")).unwrap()
}

/// Counts operations straight from the JSON, independently of openapiv3.
fn count_operations(text: &str) -> usize {
    let json: Json = serde_json::from_str(text).unwrap();
    json["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .count()
        })
        .sum()
}

#[test]
fn every_operation_of_the_real_specs_is_read() {
    assert_eq!(instance().operations.len(), 212);
    assert_eq!(count_operations(&spec("instance.json")), 212);
    let account = parse_api("specs/account.json", ApiKind::Account, &spec("account.json")).unwrap();
    assert_eq!(account.operations.len(), 10);
}

#[test]
fn names_are_unique_across_each_api() {
    let api = instance();
    let mut snake: Vec<String> = api.operations.iter().map(|o| o.name.snake()).collect();
    let mut camel: Vec<String> = api.operations.iter().map(|o| o.name.camel()).collect();
    snake.sort();
    snake.dedup();
    camel.sort();
    camel.dedup();
    assert_eq!((snake.len(), camel.len()), (212, 212));
}

#[test]
fn names_do_not_change_when_an_operation_is_added_or_removed() {
    let before = instance();
    let mut json: Json = serde_json::from_str(&spec("instance.json")).unwrap();
    let paths = json["paths"].as_object_mut().unwrap();
    // Add an operation next to existing ones (same prefix, a sibling segment) and
    // remove an unrelated one.
    paths.insert(
        "/workspace/{workspace_id}/table/{table_id}/export".to_owned(),
        serde_json::json!({"post": {"parameters": [], "responses": {"200": {"description": "ok"}}}}),
    );
    paths.remove("/auth/me");
    let after = parse_api("copy", ApiKind::Instance, &json.to_string()).unwrap();
    assert_eq!(after.operations.len(), 212);
    for op in &before.operations {
        if op.path == "/auth/me" {
            continue;
        }
        let same =
            after.operations.iter().find(|o| o.path == op.path && o.method == op.method).unwrap();
        assert_eq!(same.name, op.name, "{} {}", op.method.as_str(), op.path);
    }
    assert!(after.operations.iter().any(|o| o.name.camel() == "postWorkspaceTableExport"));
}

#[test]
fn declared_scopes_are_read() {
    let api = instance();
    assert_eq!(api.operations.iter().filter(|o| o.scope.is_some()).count(), 127);
    let create = api.operations.iter().find(|o| o.name.camel() == "postWorkspaceTable").unwrap();
    assert_eq!(create.scope.as_deref(), Some("Workspace Database: Create"));
}

#[test]
fn parameters_bodies_and_paging_are_modelled() {
    let api = instance();
    let op = |name: &str| api.operations.iter().find(|o| o.name.camel() == name).unwrap();
    let content = op("getWorkspaceTableContent");
    let header = content.params.iter().find(|p| p.name == "x-data-source").unwrap();
    assert_eq!((header.location, header.required), (Location::Header, false));
    let paging = content.paging.as_ref().unwrap();
    assert!(paging.page_param && paging.per_page_param);
    assert!(paging.response_fields.contains(&"nextPage".to_owned()));
    assert_eq!(api.operations.iter().filter(|o| o.is_page()).count(), 37);
    let file = op("postWorkspaceFile").body.as_ref().unwrap();
    assert!(file.multipart && !file.json);
    let Some(Shape { kind: ShapeKind::Object(fields), .. }) = &file.object else { panic!() };
    assert_eq!(fields.iter().find(|f| f.name == "content").unwrap().shape.kind, ShapeKind::Binary);
    let addon = op("postWorkspaceAddon").body.as_ref().unwrap();
    assert!(addon.xanoscript && addon.object.is_none());
}

#[test]
fn invalid_required_flags_are_repaired_with_a_warning() {
    let api = instance();
    let repaired =
        api.warnings.iter().filter(|w| w.message.starts_with("`required` must be a list")).count();
    assert!(repaired > 0);
    let pointer =
        &api.warnings.iter().find(|w| w.message.starts_with("`required`")).unwrap().pointer;
    assert!(pointer.starts_with("/paths/"), "{pointer}");
}

fn one_operation(schema: Json) -> String {
    serde_json::json!({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/thing/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
        }}}
    })
    .to_string()
}

#[test]
fn bad_documents_get_errors_with_pointers() {
    let err = parse_api("bad", ApiKind::Instance, "{not json").unwrap_err();
    assert!(err.to_string().starts_with("bad: (document): not JSON"), "{err}");
    let err = parse_api("swagger2", ApiKind::Instance, r#"{"swagger": "2.0"}"#).unwrap_err();
    assert_eq!(err.pointer, "/openapi");
    let err = parse_api("v31", ApiKind::Instance, r#"{"openapi": "3.1.0"}"#).unwrap_err();
    assert!(err.message.contains("3.1.0"), "{err}");
    let text =
        one_operation(serde_json::json!({"type": "object", "properties": {"a": {"type": 7}}}));
    let err = parse_api("wrongtype", ApiKind::Instance, &text).unwrap_err();
    assert!(err.pointer.starts_with("/paths/~1thing~1{id}/get"), "{err}");
}

#[test]
fn colliding_names_are_an_error_naming_both() {
    let text = serde_json::json!({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {
            "/a_b": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/a/b": {"get": {"responses": {"200": {"description": "ok"}}}}
        }
    })
    .to_string();
    let err = parse_api("collide", ApiKind::Instance, &text).unwrap_err();
    assert!(
        err.message.contains("`GET /a/b` and `GET /a_b` would both be named `get_a_b`"),
        "{err}"
    );
    assert_eq!(err.pointer, "/paths/~1a_b/get");
    assert!(
        err.message.ends_with("\n[[rename]]\noperation = \"GET /a_b\"\nname = \"get_ab\"\n"),
        "{err}"
    );
}

fn paths(paths: &[&str]) -> String {
    let ok = serde_json::json!({"get": {"responses": {"200": {"description": "ok"}}}});
    let paths: serde_json::Map<String, Json> =
        paths.iter().map(|p| ((*p).to_owned(), ok.clone())).collect();
    serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": paths})
        .to_string()
}

fn renamed(text: &str, renames: &[(&str, &str)]) -> Result<Api, SpecError> {
    let renames = Renames {
        renames: renames
            .iter()
            .map(|(path, name)| crate::naming::Rename {
                method: Method::Get,
                path: (*path).to_owned(),
                name: (*name).to_owned(),
            })
            .collect(),
        target: crate::naming::RenameTarget::Instances(vec!["inst".to_owned()]),
    };
    parse_api_with("renamed", ApiKind::Instance, text, &renames)
}

#[test]
fn renames_name_colliding_operations_apart_and_nothing_else_moves() {
    let text = paths(&["/a_b", "/a/b", "/c", "/x_2", "/x2"]);
    let err = renamed(&text, &[]).unwrap_err();
    assert!(err.message.contains("`GET /x2` and `GET /x_2` would both be named `getX2` in JS"));
    assert!(err.message.contains("instance = \"inst\"\noperation = \"GET /x_2\""), "{err}");
    let api = renamed(&text, &[("/a_b", "get_ab"), ("/x_2", "get_x_two")]).unwrap();
    let names: Vec<String> = api.operations.iter().map(|o| o.name.camel()).collect();
    assert_eq!(names, ["getAB", "getAb", "getC", "getXTwo", "getX2"]);
}

#[test]
fn a_rename_that_matches_nothing_or_collides_is_an_error_naming_it() {
    let text = paths(&["/a_b", "/a/b", "/c"]);
    let err = renamed(&text, &[("/a_b", "get_ab"), ("/gone", "get_gone")]).unwrap_err();
    assert!(
        err.message.starts_with(
            "the rename of `GET /gone` (to `get_gone`) matches no operation of this spec"
        ),
        "{err}"
    );
    let err = renamed(&text, &[("/a_b", "get_c")]).unwrap_err();
    assert!(
        err.message.starts_with("the rename of `GET /a_b` to `get_c` collides with `GET /c`"),
        "{err}"
    );
    assert_eq!(err.pointer, "/paths/~1a_b/get");
    let err = renamed(&text, &[("/a_b", "get_a_b_")]).unwrap_err();
    assert!(err.message.contains("is not a snake_case name"), "{err}");
}

#[test]
fn unknown_formats_and_deep_nesting_degrade_with_warnings() {
    let mut deep = serde_json::json!({"type": "string"});
    for _ in 0..55 {
        deep = serde_json::json!({"type": "object", "properties": {"x": deep}});
    }
    let api = parse_api("deep", ApiKind::Instance, &one_operation(deep)).unwrap();
    assert!(api.warnings.iter().any(|w| w.message.contains("nests deeper")), "{:?}", api.warnings);
    let api = parse_api(
        "fmt",
        ApiKind::Instance,
        &one_operation(serde_json::json!({"type": "string", "format": "timestamptz"})),
    )
    .unwrap();
    assert_eq!(api.operations[0].response.kind, ShapeKind::Any);
    assert_eq!(
        api.warnings[0].pointer,
        "/paths/~1thing~1{id}/get/responses/200/content/application~1json/schema"
    );
}
