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
    assert!(content.is_page());
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
    assert_eq!(err.pointer, "/swagger");
    assert!(err.message.starts_with("a Swagger 2.0 document (`swagger: 2.0`)"), "{err}");
    assert!(err.message.contains("convert it to OpenAPI 3 first"), "{err}");
    let err = parse_api("v32", ApiKind::Instance, r#"{"openapi": "3.2.0"}"#).unwrap_err();
    assert_eq!(err.pointer, "/openapi");
    assert!(err.message.contains("`openapi: 3.2.0`"), "{err}");
    let err = parse_api("v3", ApiKind::Instance, r#"{"openapi": "3.10.0"}"#).unwrap_err();
    assert!(err.message.contains("only 3.0.x and 3.1.x"), "{err}");
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
        &one_operation(serde_json::json!({"type": "string", "format": "workspace_secret"})),
    )
    .unwrap();
    assert_eq!(api.operations[0].response.kind, ShapeKind::Any);
    assert_eq!(
        api.warnings[0].pointer,
        "/paths/~1thing~1{id}/get/responses/200/content/application~1json/schema"
    );
}

#[test]
fn timestamps_are_typed_without_a_warning() {
    let api = parse_api(
        "fmt",
        ApiKind::Instance,
        &one_operation(
            serde_json::json!({"type": "string", "format": "timestamptz", "nullable": true}),
        ),
    )
    .unwrap();
    assert_eq!(api.operations[0].response.kind, ShapeKind::Timestamp);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    assert_eq!(crate::emit_ts::ts_type(&api.operations[0].response, 0), "number | string | null");
    // On the real spec: every `timestamptz` is a timestamp, and none warns any more.
    let api = instance();
    assert!(!api.warnings.iter().any(|w| w.message.contains("timestamptz")), "{:?}", api.warnings);
    let list = api.operations.iter().find(|o| o.name.camel() == "getWorkspaceApigroup").unwrap();
    assert!(crate::emit_ts::ts_type(&list.response, 0).contains("created_at?: number | string;"));
}

#[test]
fn responses_other_than_json_are_text_or_bytes() {
    let with_content = |content: serde_json::Value| {
        let text = serde_json::json!({
            "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}}
        })
        .to_string();
        let op = parse_api("media", ApiKind::Instance, &text).unwrap().operations.remove(0);
        (op.media, op.response_kind().as_str())
    };
    let string = serde_json::json!({"schema": {"type": "string"}});
    let object =
        serde_json::json!({"schema": {"type": "object", "properties": {"a": {"type": "string"}}}});
    assert_eq!(
        with_content(serde_json::json!({"text/x-xanoscript": string})),
        (Media::Text, "text")
    );
    assert_eq!(
        with_content(serde_json::json!({"text/plain; charset=utf-8": {}})),
        (Media::Text, "text")
    );
    assert_eq!(
        with_content(serde_json::json!({"application/gzip": string})),
        (Media::Binary, "binary")
    );
    assert_eq!(
        with_content(serde_json::json!({"application/octet-stream": {}})),
        (Media::Binary, "binary")
    );
    // JSON wins when offered beside others, `+json` is JSON, and no content is untyped JSON.
    assert_eq!(
        with_content(serde_json::json!({"application/gzip": string, "application/json": object})),
        (Media::Json, "object")
    );
    assert_eq!(
        with_content(serde_json::json!({"application/problem+json": object})),
        (Media::Json, "object")
    );
    assert_eq!(with_content(serde_json::json!({})), (Media::Json, "any"));
}

/// The schemas of a 3.0 document, each given to `f` with its parent key, walking the
/// places schemas live (not `example` values, which hold look-alike objects).
fn each_schema(doc: &mut Json, f: &mut dyn FnMut(&mut serde_json::Map<String, Json>)) {
    fn schema(value: &mut Json, f: &mut dyn FnMut(&mut serde_json::Map<String, Json>)) {
        let Json::Object(map) = value else { return };
        for (key, child) in map.iter_mut() {
            match key.as_str() {
                "items" | "additionalProperties" | "not" => schema(child, f),
                "properties" => {
                    child.as_object_mut().into_iter().flatten().for_each(|(_, s)| schema(s, f))
                }
                "allOf" | "anyOf" | "oneOf" => {
                    child.as_array_mut().into_iter().flatten().for_each(|s| schema(s, f))
                }
                _ => {}
            }
        }
        f(map);
    }
    fn content(value: &mut Json, f: &mut dyn FnMut(&mut serde_json::Map<String, Json>)) {
        for media in value.get_mut("content").and_then(Json::as_object_mut).into_iter().flatten() {
            if let Some(s) = media.1.get_mut("schema") {
                schema(s, f);
            }
        }
    }
    for (_, item) in doc["paths"].as_object_mut().unwrap().iter_mut() {
        for (key, op) in item.as_object_mut().unwrap().iter_mut() {
            let params =
                if key == "parameters" { Some(&mut *op) } else { op.get_mut("parameters") };
            for p in params.and_then(Json::as_array_mut).into_iter().flatten() {
                if let Some(s) = p.get_mut("schema") {
                    schema(s, f);
                }
            }
            if key == "parameters" {
                continue;
            }
            if let Some(body) = op.get_mut("requestBody") {
                content(body, f);
            }
            for (_, response) in op["responses"].as_object_mut().unwrap().iter_mut() {
                content(response, f);
            }
        }
    }
}

/// The embedded spec written as OpenAPI 3.1 would write it.
fn instance_as_31() -> String {
    let mut doc: Json = serde_json::from_str(&spec("instance.json")).unwrap();
    each_schema(&mut doc, &mut |map| {
        if map.get("nullable") == Some(&Json::Bool(true)) {
            map.remove("nullable");
            match map.remove("type") {
                Some(t) => {
                    map.insert("type".into(), serde_json::json!([t, "null"]));
                }
                // "Anything, or null" (3.0's `nullable` without a `type`).
                None => {
                    let rest = std::mem::take(map);
                    map.insert("anyOf".into(), serde_json::json!([{}, {"type": "null"}]));
                    map.extend(rest);
                }
            }
        }
        if let Some(example) = map.remove("example") {
            map.insert("examples".into(), Json::Array(vec![example]));
        }
        if map.get("format") == Some(&Json::String("binary".into())) {
            map.remove("format");
            map.insert("contentMediaType".into(), "application/octet-stream".into());
        }
        if map.get("exclusiveMinimum") == Some(&Json::Bool(true)) {
            let minimum = map.remove("minimum").unwrap();
            map.insert("exclusiveMinimum".into(), minimum);
        }
    });
    doc["openapi"] = "3.1.0".into();
    doc["webhooks"] = serde_json::json!({"tableChanged": {"post": {"responses": {"200": {"description": "ok"}}}}});
    doc.to_string()
}

#[test]
fn the_embedded_spec_as_openapi_31_gives_the_same_model() {
    let text = instance_as_31();
    assert!(text.contains(r#""type":["integer","null"]"#) && text.contains("contentMediaType"));
    let v30 = instance();
    let v31 = parse_api("specs/instance.json as 3.1", ApiKind::Instance, &text).unwrap();
    assert_eq!(v31.operations.len(), 212);
    // Every field of every operation: names, parameters, bodies, responses, paging,
    // declared scopes and requirements.
    for (a, b) in v30.operations.iter().zip(&v31.operations) {
        assert_eq!(format!("{a:#?}"), format!("{b:#?}"), "{} {}", a.method.as_str(), a.path);
    }
    let (webhooks, rest): (Vec<_>, Vec<_>) =
        v31.warnings.iter().partition(|w| w.message.starts_with("webhook `tableChanged`"));
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0].pointer, "/webhooks/tableChanged");
    assert_eq!(rest, v30.warnings.iter().collect::<Vec<_>>());
}

/// Each 3.1 construct of issue 12 reads as its 3.0 equivalent.
#[test]
fn openapi_31_constructs_read_as_their_30_equivalents() {
    let doc = |version: &str, schema: Json, components: Json| {
        serde_json::json!({
            "openapi": version, "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"multipart/form-data": {"schema": schema}}},
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": components}
        })
        .to_string()
    };
    let body = |text: &str| {
        let api = parse_api("t", ApiKind::Instance, text).unwrap_or_else(|e| panic!("{e}"));
        (format!("{:#?}", api.operations[0].body), api.warnings)
    };
    let v31 = serde_json::json!({"type": "object", "required": ["kind"], "properties": {
        "count": {"type": ["integer", "null"], "exclusiveMinimum": 0, "examples": [3]},
        "nothing": {"type": "null"},
        "kind": {"const": "table"},
        "file": {"type": "string", "contentMediaType": "image/png"},
        "b64": {"type": "string", "contentEncoding": "base64"},
        "text": {"type": "string", "contentMediaType": "text/plain"},
        "row": {"$ref": "#/components/schemas/Row", "description": "a row, annotated"},
        "maybe": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "yes": true
    }});
    let v30 = serde_json::json!({"type": "object", "required": ["kind"], "properties": {
        "count": {"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "example": 3},
        "nothing": {"nullable": true},
        "kind": {"type": "string", "enum": ["table"]},
        "file": {"type": "string", "format": "binary"},
        "b64": {"type": "string", "format": "byte"},
        "text": {"type": "string"},
        "row": {"$ref": "#/components/schemas/Row"},
        "maybe": {"type": "number", "nullable": true},
        "yes": {}
    }});
    let row =
        serde_json::json!({"Row": {"type": "object", "properties": {"id": {"type": "integer"}}}});
    let (from_31, warnings) = body(&doc("3.1.1", v31, row.clone()));
    assert_eq!(warnings, []);
    assert_eq!(from_31, body(&doc("3.0.3", v30, row.clone())).0);
    assert!(from_31.contains("Binary") && from_31.contains("\"table\""), "{from_31}");

    // What 3.0 cannot say degrades as 3.0's own constructs do, with pointers.
    let loose = serde_json::json!({"type": "object", "properties": {
        "either": {"type": ["string", "integer"]},
        "never": false,
        "narrowed": {"$ref": "#/components/schemas/Row", "required": ["id"]}
    }});
    let (_, warnings) = body(&doc("3.1.0", loose, row));
    let at = |name: &str| {
        format!("/paths/~1a/post/requestBody/content/multipart~1form-data/schema/properties/{name}")
    };
    let found = |pointer: String, says: &str| {
        warnings.iter().any(|w| w.pointer == pointer && w.message.contains(says))
    };
    assert!(found(at("either"), "`type` lists several types (string, integer)"), "{warnings:?}");
    assert!(found(at("never"), "schema `false`"), "{warnings:?}");
    assert!(found(at("narrowed"), "oneOf/anyOf/allOf/not"), "{warnings:?}");
}
