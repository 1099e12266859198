//! OpenAPI 3.1 rewritten, in the raw JSON, into the OpenAPI 3.0 that the rest of
//! the parser reads with `openapiv3`, so that both versions map to one model.
//!
//! Why a rewrite and not a 3.1 crate: what differs between the versions, for what
//! the generator reads, is a handful of schema keywords (3.1 schemas are JSON
//! Schema 2020-12), while paths, operations, parameters and bodies are alike; one
//! reader keeps one set of rules for what each construct becomes. Each rewrite
//! keeps the value's place in the document, so warnings and errors after it still
//! carry the JSON pointer into the 3.1 text.
//!
//! | 3.1 | read as (3.0) |
//! |---|---|
//! | `type: ["integer", "null"]`, `type: "null"` | `type: integer, nullable: true`; no type, nullable |
//! | `type` listing several types | no type (untyped JSON), with a warning |
//! | `anyOf`/`oneOf` of one schema and `{type: "null"}` | that schema, nullable |
//! | `const: v` | `enum: [v]`, typed by `v` when the schema has no `type` |
//! | `examples: [...]` in a schema | `example`: the first |
//! | `exclusiveMinimum: 5` (a number) | `minimum: 5, exclusiveMinimum: true` (also `…Maximum`) |
//! | `contentMediaType` on a string (not text or JSON), `contentEncoding: base64` | `format: binary`, `format: byte` |
//! | `$ref` beside other keywords | the `$ref` alone when the others only annotate (`description`…), else `allOf` of both |
//! | `true` / `false` as a schema | `{}` (untyped; `false` with a warning) |
//! | `webhooks` | left out, with a warning |
//! | no `paths`, an operation without `responses` | empty ones |

use serde_json::{Map, Value as Json};

use crate::error::pointer_token;
use crate::model::Warning;

/// Keywords that say something about a value (or define schemas, `$defs`) without
/// constraining it: beside a `$ref` they add nothing the model keeps.
const ANNOTATIONS: &[&str] = &[
    "$defs",
    "$schema",
    "$id",
    "$anchor",
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
];

/// The version the rewritten document declares.
const AS_VERSION: &str = "3.0.3";

/// Rewrites a 3.1 document in place into 3.0, recording what it had to leave out.
pub(super) fn to_30(doc: &mut Json, warnings: &mut Vec<Warning>) {
    let mut rewrite = Rewrite { warnings };
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".to_owned(), Json::String(AS_VERSION.to_owned()));
    root.remove("jsonSchemaDialect");
    if let Some(Json::Object(hooks)) = root.remove("webhooks") {
        for name in hooks.keys() {
            rewrite.warn(
                format!("/webhooks/{}", pointer_token(name)),
                format!("webhook `{name}` is not generated (webhooks are calls Xano would make, not calls to Xano); left out"),
            );
        }
    }
    let paths = root.entry("paths").or_insert_with(|| Json::Object(Map::new()));
    if let Json::Object(paths) = paths {
        for (path, item) in paths.iter_mut() {
            rewrite.path_item(item, &format!("/paths/{}", pointer_token(path)));
        }
    }
    if let Some(Json::Object(components)) = root.get_mut("components") {
        // Only webhooks and path-item `$ref`s (refused) could use these.
        components.remove("pathItems");
        for (kind, entries) in components.iter_mut() {
            let Json::Object(entries) = entries else { continue };
            for (name, value) in entries.iter_mut() {
                let pointer = format!("/components/{kind}/{}", pointer_token(name));
                match kind.as_str() {
                    "schemas" => rewrite.schema(value, &pointer),
                    "parameters" | "headers" => rewrite.parameter(value, &pointer),
                    "requestBodies" | "responses" => rewrite.with_content(value, &pointer),
                    _ => {}
                }
            }
        }
    }
}

struct Rewrite<'a> {
    warnings: &'a mut Vec<Warning>,
}

impl Rewrite<'_> {
    fn warn(&mut self, pointer: String, message: String) {
        self.warnings.push(Warning { pointer, message });
    }

    fn path_item(&mut self, item: &mut Json, pointer: &str) {
        let Json::Object(item) = item else { return };
        for (key, value) in item.iter_mut() {
            let pointer = format!("{pointer}/{}", pointer_token(key));
            match key.as_str() {
                "parameters" => self.parameters(value, &pointer),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    self.operation(value, &pointer)
                }
                _ => {}
            }
        }
    }

    fn operation(&mut self, op: &mut Json, pointer: &str) {
        let Json::Object(op) = op else { return };
        op.entry("responses").or_insert_with(|| Json::Object(Map::new()));
        if let Some(parameters) = op.get_mut("parameters") {
            self.parameters(parameters, &format!("{pointer}/parameters"));
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.with_content(body, &format!("{pointer}/requestBody"));
        }
        if let Some(Json::Object(responses)) = op.get_mut("responses") {
            for (code, response) in responses.iter_mut() {
                self.with_content(
                    response,
                    &format!("{pointer}/responses/{}", pointer_token(code)),
                );
            }
        }
    }

    fn parameters(&mut self, list: &mut Json, pointer: &str) {
        let Json::Array(list) = list else { return };
        for (i, parameter) in list.iter_mut().enumerate() {
            self.parameter(parameter, &format!("{pointer}/{i}"));
        }
    }

    /// A parameter or a header: a `schema`, or a `content` map.
    fn parameter(&mut self, parameter: &mut Json, pointer: &str) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &format!("{pointer}/schema"));
        }
        self.content(parameter, pointer);
    }

    /// A request body or a response: a `content` map, and a response's `headers`.
    fn with_content(&mut self, value: &mut Json, pointer: &str) {
        self.content(value, pointer);
        if let Some(Json::Object(headers)) = value.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &format!("{pointer}/headers/{}", pointer_token(name)));
            }
        }
    }

    fn content(&mut self, value: &mut Json, pointer: &str) {
        let Some(Json::Object(content)) = value.get_mut("content") else { return };
        for (media, entry) in content.iter_mut() {
            if let Some(schema) = entry.get_mut("schema") {
                self.schema(schema, &format!("{pointer}/content/{}/schema", pointer_token(media)));
            }
        }
    }

    /// One JSON Schema 2020-12 schema, and the schemas inside it.
    fn schema(&mut self, schema: &mut Json, pointer: &str) {
        if let Json::Bool(allows) = schema {
            if !*allows {
                self.warn(
                    pointer.to_owned(),
                    "schema `false` (no value is valid); typed as untyped JSON".to_owned(),
                );
            }
            *schema = Json::Object(Map::new());
            return;
        }
        let Json::Object(map) = schema else { return };
        self.children(map, pointer);
        if map.contains_key("$ref") && map.keys().any(|k| k != "$ref") {
            map.retain(|k, _| k == "$ref" || !ANNOTATIONS.contains(&k.as_str()));
            if map.len() > 1 {
                let reference = map.remove("$ref").expect("checked above");
                let rest = std::mem::take(map);
                let mut only_ref = Map::new();
                only_ref.insert("$ref".to_owned(), reference);
                map.insert(
                    "allOf".to_owned(),
                    Json::Array(vec![Json::Object(only_ref), Json::Object(rest)]),
                );
            }
            return;
        }
        self.types(map, pointer);
        self.constant(map);
        if let Some(Json::Array(examples)) = map.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")]
        {
            if let Some(Json::Number(n)) = map.get(exclusive).cloned() {
                map.insert(bound.to_owned(), Json::Number(n));
                map.insert(exclusive.to_owned(), Json::Bool(true));
            }
        }
        self.content_media(map);
        self.null_alternative(map);
    }

    fn children(&mut self, map: &mut Map<String, Json>, pointer: &str) {
        for (key, value) in map.iter_mut() {
            let pointer = format!("{pointer}/{}", pointer_token(key));
            match key.as_str() {
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties" => self.schema(value, &pointer),
                "properties" | "patternProperties" | "$defs" | "dependentSchemas" => {
                    if let Json::Object(entries) = value {
                        for (name, schema) in entries.iter_mut() {
                            self.schema(schema, &format!("{pointer}/{}", pointer_token(name)));
                        }
                    }
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    if let Json::Array(list) = value {
                        for (i, schema) in list.iter_mut().enumerate() {
                            self.schema(schema, &format!("{pointer}/{i}"));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `type` as a list, or `"null"`: one type and `nullable`.
    fn types(&mut self, map: &mut Map<String, Json>, pointer: &str) {
        let listed: Vec<String> = match map.get("type") {
            Some(Json::Array(types)) => {
                types.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect()
            }
            Some(Json::String(t)) if t == "null" => vec![t.clone()],
            _ => return,
        };
        let others: Vec<&String> = listed.iter().filter(|t| *t != "null").collect();
        if others.len() < listed.len() {
            map.insert("nullable".to_owned(), Json::Bool(true));
        }
        match others.as_slice() {
            [one] => {
                map.insert("type".to_owned(), Json::String((*one).clone()));
            }
            [] => {
                map.remove("type");
            }
            several => {
                let names: Vec<&str> = several.iter().map(|t| t.as_str()).collect();
                self.warn(
                    pointer.to_owned(),
                    format!(
                        "`type` lists several types ({}); typed as untyped JSON",
                        names.join(", ")
                    ),
                );
                map.remove("type");
            }
        }
    }

    /// `const` is a one-value `enum`; without a `type`, the value's own.
    fn constant(&mut self, map: &mut Map<String, Json>) {
        let Some(value) = map.remove("const") else { return };
        if !map.contains_key("type") {
            let ty = match &value {
                Json::String(_) => Some("string"),
                Json::Bool(_) => Some("boolean"),
                Json::Number(n) if n.is_f64() => Some("number"),
                Json::Number(_) => Some("integer"),
                Json::Null => {
                    map.insert("nullable".to_owned(), Json::Bool(true));
                    None
                }
                _ => None,
            };
            if let Some(ty) = ty {
                map.insert("type".to_owned(), Json::String(ty.to_owned()));
            }
        }
        if !value.is_null() {
            map.entry("enum").or_insert_with(|| Json::Array(vec![value]));
        }
    }

    /// A string's `contentMediaType`/`contentEncoding` are 3.1's `format: binary`/`byte`.
    fn content_media(&mut self, map: &mut Map<String, Json>) {
        let media = map.remove("contentMediaType");
        let encoding = map.remove("contentEncoding");
        if map.get("type").and_then(Json::as_str) != Some("string") || map.contains_key("format") {
            return;
        }
        let textual = |m: &str| m.starts_with("text/") || m.contains("json") || m.contains("xml");
        let format =
            match (media.as_ref().and_then(Json::as_str), encoding.as_ref().and_then(Json::as_str))
            {
                (_, Some(e)) if e.eq_ignore_ascii_case("base64") => "byte",
                (Some(m), None) if !textual(m) => "binary",
                _ => return,
            };
        map.insert("format".to_owned(), Json::String(format.to_owned()));
    }

    /// `anyOf: [X, {type: "null"}]` (after [`Self::types`], the null branch is
    /// `{nullable: true}`): X, nullable. X must be inline: a `$ref` cannot be made
    /// nullable in 3.0, so that case stays an `anyOf`.
    fn null_alternative(&mut self, map: &mut Map<String, Json>) {
        for key in ["anyOf", "oneOf"] {
            let Some(Json::Array(branches)) = map.get(key) else { continue };
            let is_null = |b: &Json| {
                b.as_object().is_some_and(|o| {
                    o.get("nullable") == Some(&Json::Bool(true))
                        && o.keys().all(|k| k == "nullable" || ANNOTATIONS.contains(&k.as_str()))
                })
            };
            let (nulls, others): (Vec<&Json>, Vec<&Json>) =
                branches.iter().partition(|b| is_null(b));
            let [Json::Object(only)] = others.as_slice() else { continue };
            if nulls.is_empty() || only.contains_key("$ref") {
                continue;
            }
            let only = only.clone();
            map.remove(key);
            for (k, v) in only {
                map.entry(k).or_insert(v);
            }
            map.insert("nullable".to_owned(), Json::Bool(true));
            return;
        }
    }
}
