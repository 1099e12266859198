//! OpenAPI 3.0 (via `openapiv3`) and 3.1 (rewritten into 3.0 first: `openapi31`)
//! into the [`model`](crate::model).
//!
//! Xano's specs are taken as they are. What the parser cannot type it degrades to
//! untyped JSON and records a [`Warning`] with the JSON pointer; what it cannot
//! make sense of at all (not JSON, not OpenAPI 3.0 or 3.1, colliding names) is a
//! [`SpecError`] naming the spec and the pointer.

use std::collections::BTreeMap;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;
use xano_meta_runtime::descriptor::{template_pieces, TemplatePiece};
use xano_meta_runtime::media::{JSON, MULTIPART, XANOSCRIPT};

use crate::error::{pointer_token, SpecError};
use crate::html;
use crate::model::{
    Api, ApiKind, Body, Field, Location, Media, Method, Operation, Param, Shape, ShapeKind, Warning,
};
use crate::naming::{Name, Renames};
use crate::scope::declared_scope;

/// Schemas nested deeper than this (through `$ref`s) are typed as untyped JSON.
const MAX_DEPTH: usize = 48;

/// JSON nesting beyond which a value is replaced by `{}` (untyped) before
/// `openapiv3` sees it: deserialising is recursive, and a hostile document must
/// not overflow the stack. Xano's deepest schema (18 levels) sits at about 44.
const MAX_JSON_DEPTH: usize = 80;

/// String formats that are still plain strings. `timestamptz` is a
/// [`ShapeKind::Timestamp`] (Xano sends numbers of milliseconds for it); others
/// (Xano's `workspace_secret`) promise something the generator cannot check, so
/// they degrade to untyped JSON.
const PLAIN_STRING_FORMATS: &[&str] = &[
    "email",
    "uri",
    "url",
    "uuid",
    "hostname",
    "ipv4",
    "ipv6",
    "password",
    "date",
    "date-time",
    "byte",
    "text",
];

/// Parses the text of one spec. `spec` names it in errors.
pub fn parse_api(spec: &str, kind: ApiKind, text: &str) -> Result<Api, SpecError> {
    parse_api_with(spec, kind, text, &Renames::default())
}

/// [`parse_api`], with the names `xano.toml` gives some operations in place of
/// the rule's (see [`crate::naming::assign`]).
pub fn parse_api_with(
    spec: &str,
    kind: ApiKind,
    text: &str,
    renames: &Renames,
) -> Result<Api, SpecError> {
    let error = |pointer: &str, message: String| SpecError {
        spec: spec.to_owned(),
        pointer: pointer.to_owned(),
        message,
    };
    let mut json: Json = serde_json::from_str(text).map_err(|e| {
        // serde_json stops at 128 levels rather than overflow the stack.
        if e.to_string().starts_with("recursion limit exceeded") {
            error(
                "",
                format!(
                    "nests deeper than the JSON parser allows (128 levels), at line {} column {}",
                    e.line(),
                    e.column()
                ),
            )
        } else {
            error("", format!("not JSON: {e}"))
        }
    })?;
    let mut warnings = Vec::new();
    let version = match version(&json) {
        Ok(version) => version,
        Err((pointer, message)) => return Err(error(pointer, message)),
    };
    if version == "3.1" {
        openapi31::to_30(&mut json, &mut warnings);
    }
    repair(&mut json, &mut String::new(), &mut warnings);
    // From a borrowed `Value`: no copy of the document, and `json` stays for locating errors.
    let doc: OpenAPI = match serde::Deserialize::deserialize(&json) {
        Ok(doc) => doc,
        Err(e) => {
            let (pointer, message) =
                locate_invalid(&json).unwrap_or_else(|| (String::new(), e.to_string()));
            return Err(error(
                &pointer,
                format!("not a valid OpenAPI {version} document: {message}"),
            ));
        }
    };

    let mut parser = Parser { doc: &doc, warnings };
    let mut operations = Vec::new();
    for (path, item) in &doc.paths.paths {
        let pointer = format!("/paths/{}", pointer_token(path));
        let ReferenceOr::Item(item) = item else {
            return Err(error(&pointer, "path item `$ref` is not supported".to_owned()));
        };
        let methods = [
            (Method::Get, &item.get),
            (Method::Post, &item.post),
            (Method::Put, &item.put),
            (Method::Patch, &item.patch),
            (Method::Delete, &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                let pointer = format!("{pointer}/{}", method.as_str().to_ascii_lowercase());
                operations.push(
                    parser
                        .operation(method, path, &item.parameters, op, &pointer)
                        .map_err(|m| error(&pointer, m))?,
                );
            }
        }
        for (name, op) in [("head", &item.head), ("options", &item.options), ("trace", &item.trace)]
        {
            if op.is_some() {
                parser.warn(
                    &format!("{pointer}/{name}"),
                    format!("{} operations are not generated", name.to_ascii_uppercase()),
                );
            }
        }
    }
    check_distinct_templates(&operations).map_err(|(pointer, m)| error(&pointer, m))?;
    crate::naming::assign(&mut operations, renames).map_err(|(pointer, m)| error(&pointer, m))?;
    if operations.is_empty() {
        parser.warn("/paths", "the spec has no operations; the bindings will be empty".to_owned());
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let title = doc.info.title.clone();
    Ok(Api {
        kind,
        variant: None,
        title,
        operations,
        warnings: parser.warnings,
        corrections: Vec::new(),
    })
}

/// Which OpenAPI version the document is (`3.0` or `3.1`), or why it is refused.
fn version(json: &Json) -> Result<&'static str, (&'static str, String)> {
    if let Some(swagger) = json.get("swagger") {
        let found = swagger.as_str().map(|v| format!(" (`swagger: {v}`)")).unwrap_or_default();
        return Err((
            "/swagger",
            format!(
                "a Swagger 2.0 document{found}, the version before OpenAPI 3: convert it to \
                 OpenAPI 3 first (for example `npx swagger2openapi spec.json -o openapi.json`) \
                 and give the converted file to xano.toml"
            ),
        ));
    }
    let version = json.get("openapi").and_then(Json::as_str).unwrap_or("");
    for supported in ["3.0", "3.1"] {
        if version == supported || version.starts_with(&format!("{supported}.")) {
            return Ok(supported);
        }
    }
    let found = if version.is_empty() {
        "no `openapi` field".to_owned()
    } else {
        format!("`openapi: {version}`")
    };
    Err((
        "/openapi",
        format!("not an OpenAPI 3.0 or 3.1 document ({found}); only 3.0.x and 3.1.x are supported"),
    ))
}

/// Fixes, in the raw JSON, what `openapiv3` would reject but whose meaning is
/// clear: `required: true|false` on a property (valid in Swagger 2 / JSON Schema
/// draft 3, not in OpenAPI 3.0) moves into the parent's `required` list; and cuts
/// nesting deeper than [`MAX_JSON_DEPTH`].
fn repair(json: &mut Json, pointer: &mut String, warnings: &mut Vec<Warning>) {
    let depth = pointer.matches('/').count();
    if depth >= MAX_JSON_DEPTH && (json.is_object() || json.is_array()) {
        *json = Json::Object(Default::default());
        warnings.push(Warning {
            pointer: pointer.clone(),
            message: format!("nests deeper than {MAX_JSON_DEPTH} levels; typed as untyped JSON"),
        });
        return;
    }
    match json {
        Json::Object(map) => {
            if let Some(Json::Object(properties)) = map.get_mut("properties") {
                let mut required_here = Vec::new();
                for (name, property) in properties.iter_mut() {
                    if let Some(flag) = property
                        .as_object_mut()
                        .and_then(|p| p.get("required").and_then(Json::as_bool).map(|b| (b, p)))
                    {
                        let (is_required, property) = flag;
                        property.remove("required");
                        if is_required {
                            required_here.push(Json::String(name.clone()));
                        }
                        warnings.push(Warning {
                            pointer: format!("{pointer}/properties/{}/required", pointer_token(name)),
                            message: "`required` must be a list on the parent object in OpenAPI 3.0; read as such".to_owned(),
                        });
                    }
                }
                if !required_here.is_empty() {
                    let list = map.entry("required").or_insert_with(|| Json::Array(Vec::new()));
                    if let Json::Array(list) = list {
                        for name in required_here {
                            if !list.contains(&name) {
                                list.push(name);
                            }
                        }
                    }
                }
            }
            for (key, value) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
                repair(value, pointer, warnings);
                pointer.truncate(len);
            }
        }
        Json::Array(items) => {
            for (i, value) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                repair(value, pointer, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Where in `json` the OpenAPI structure is broken. openapiv3's untagged and
/// flattened types lose the path of an error, so each operation is tried alone.
fn locate_invalid(json: &Json) -> Option<(String, String)> {
    let paths = json.get("paths")?.as_object()?;
    for (path, item) in paths {
        let item_pointer = format!("/paths/{}", pointer_token(path));
        let Some(item) = item.as_object() else {
            return Some((item_pointer, "a path item must be an object".to_owned()));
        };
        for (key, value) in item {
            let pointer = format!("{item_pointer}/{}", pointer_token(key));
            let result = match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    serde_path_to_error::deserialize::<_, openapiv3::Operation>(value).map(drop)
                }
                "parameters" => {
                    serde_path_to_error::deserialize::<_, Vec<ReferenceOr<Parameter>>>(value)
                        .map(drop)
                }
                _ => continue,
            };
            if let Err(e) = result {
                let inner = e
                    .path()
                    .iter()
                    .map(|s| format!("/{}", pointer_token(&s.to_string())))
                    .collect::<String>();
                let inner = if inner == "/." { String::new() } else { inner };
                return Some((format!("{pointer}{inner}"), e.inner().to_string()));
            }
        }
    }
    None
}

/// OpenAPI: "templated paths with the same hierarchy but different templated names
/// MUST NOT exist as they are identical".
fn check_distinct_templates(operations: &[Operation]) -> Result<(), (String, String)> {
    let shape = |path: &str| {
        template_pieces(path)
            .map(|piece| match piece {
                TemplatePiece::Literal(text) => text,
                TemplatePiece::Param(_) => "{}",
            })
            .collect::<String>()
    };
    let mut seen: BTreeMap<(String, Method), &Operation> = BTreeMap::new();
    for op in operations {
        if let Some(first) = seen.insert((shape(&op.path), op.method), op) {
            if first.path != op.path {
                let pointer = format!("/paths/{}", pointer_token(&op.path));
                return Err((
                    pointer,
                    format!(
                        "`{}` and `{}` are the same path with different parameter names",
                        first.path, op.path
                    ),
                ));
            }
        }
    }
    Ok(())
}

struct Parser<'a> {
    doc: &'a OpenAPI,
    warnings: Vec<Warning>,
}

impl Parser<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Warning { pointer: pointer.to_owned(), message });
    }

    fn operation(
        &mut self,
        method: Method,
        path: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Operation, String> {
        let description = op.description.clone().unwrap_or_default();
        let text = html::to_text(&description);
        // Without a summary, the description's first line that says something of
        // its own (not the boilerplate "Authentication: required").
        let summary = op.summary.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| {
            let boilerplate = |l: &str| {
                l.is_empty()
                    || l.starts_with("Authentication:")
                    || l.starts_with("Required API Scope:")
            };
            text.lines().map(str::trim).find(|l| !boilerplate(l)).unwrap_or("").to_owned()
        });

        let mut params: Vec<Param> = Vec::new();
        let all = shared.iter().map(|p| (p, "/parameters".to_owned())).chain(
            op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
        );
        for (param, param_pointer) in all {
            let Some(param) = self.param(param, &param_pointer)? else { continue };
            // An operation's own parameter overrides a path-level one of the same name.
            params.retain(|p| p.name != param.name);
            params.push(param);
        }
        let in_template: Vec<&str> = template_pieces(path)
            .filter_map(|piece| match piece {
                TemplatePiece::Param(name) => Some(name),
                TemplatePiece::Literal(_) => None,
            })
            .collect();
        // A path parameter the template has no place for could not be sent: required,
        // it would make every call give a value that goes nowhere.
        let (kept, placeless): (Vec<Param>, Vec<Param>) = params
            .into_iter()
            .partition(|p| p.location != Location::Path || in_template.contains(&p.name.as_str()));
        params = kept;
        for param in placeless {
            self.warn(
                pointer,
                format!(
                    "path parameter `{}` has no `{{{}}}` in the path `{path}`; left out, as it could not be sent",
                    param.name, param.name
                ),
            );
        }
        for name in in_template {
            if !params.iter().any(|p| p.name == name && p.location == Location::Path) {
                // The path needs it whatever the spec forgot to say.
                self.warn(
                    pointer,
                    format!("path parameter `{name}` is not declared; typed as a required string"),
                );
                params.push(Param {
                    name: name.to_owned(),
                    location: Location::Path,
                    shape: string_shape(),
                    required: true,
                    description: String::new(),
                });
            }
        }
        if let Some(p) = params.iter().find(|p| p.name == "body") {
            return Err(format!(
                "a {:?} parameter is named `body`, which is the key of the request body",
                p.location
            ));
        }

        let body = match &op.request_body {
            None => None,
            Some(ReferenceOr::Reference { reference }) => match self.resolve_body(reference) {
                Some(body) => self.body(&body.clone(), &format!("{pointer}/requestBody")),
                None => return Err(format!("requestBody `$ref` {reference} does not resolve")),
            },
            Some(ReferenceOr::Item(body)) => self.body(body, &format!("{pointer}/requestBody")),
        };

        let (response, media) = self.response(op, pointer);
        let paged = is_page(&response);
        Ok(Operation {
            name: Name::of_operation(method, path),
            method,
            path: path.to_owned(),
            tag: op.tags.first().cloned().unwrap_or_default(),
            summary,
            requirement: crate::scope::requirement(
                method,
                path,
                declared_scope(&description).as_deref(),
            ),
            scope: declared_scope(&description),
            description: text,
            params,
            body,
            response,
            media,
            paged,
            corrections: Vec::new(),
        })
    }

    fn param(
        &mut self,
        param: &ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<Option<Param>, String> {
        let param = match param {
            ReferenceOr::Item(p) => p.clone(),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/parameters/")
                    .ok_or_else(|| format!("parameter `$ref` {reference} is not local"))?;
                match self.doc.components.as_ref().and_then(|c| c.parameters.get(name)) {
                    Some(ReferenceOr::Item(p)) => p.clone(),
                    _ => return Err(format!("parameter `$ref` {reference} does not resolve")),
                }
            }
        };
        let (data, location) = match &param {
            Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
            Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
            Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
            Parameter::Cookie { parameter_data, .. } => {
                self.warn(pointer, format!("cookie parameter `{}` is not supported (fetch cannot set cookies); left out", parameter_data.name));
                return Ok(None);
            }
        };
        let mut shape = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.shape_ref(schema, &format!("{pointer}/schema"), 0)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.warn(
                    pointer,
                    "parameter with `content` instead of `schema`; sent as text".to_owned(),
                );
                string_shape()
            }
        };
        if !matches!(
            shape.kind,
            ShapeKind::String { .. }
                | ShapeKind::Integer
                | ShapeKind::Number
                | ShapeKind::Boolean
                | ShapeKind::Any
        ) {
            self.warn(
                pointer,
                format!(
                    "parameter `{}` is not a scalar; typed as untyped JSON sent as text",
                    data.name
                ),
            );
            shape = Shape::any();
        }
        Ok(Some(Param {
            name: data.name.clone(),
            location,
            shape,
            // Path parameters are always required, whatever the document says.
            required: data.required || location == Location::Path,
            description: html::to_text(data.description.as_deref().unwrap_or("")),
        }))
    }

    fn resolve_body(&self, reference: &str) -> Option<&RequestBody> {
        let name = reference.strip_prefix("#/components/requestBodies/")?;
        match self.doc.components.as_ref()?.request_bodies.get(name)? {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn body(&mut self, body: &RequestBody, pointer: &str) -> Option<Body> {
        let mut out = Body {
            json: false,
            json_string: false,
            multipart: false,
            xanoscript: false,
            object: None,
        };
        let mut object_from: Option<(&str, Shape)> = None;
        for (media, content) in &body.content {
            let media_pointer = format!("{pointer}/content/{}", pointer_token(media));
            let essence = xano_meta_runtime::media::essence(media);
            let shape = match &content.schema {
                Some(schema) => self.shape_ref(schema, &format!("{media_pointer}/schema"), 0),
                None => Shape::any(),
            };
            match essence.as_str() {
                JSON if matches!(shape.kind, ShapeKind::String { .. }) => {
                    out.json_string = true;
                    continue;
                }
                JSON => out.json = true,
                MULTIPART => out.multipart = true,
                XANOSCRIPT => {
                    out.xanoscript = true;
                    continue;
                }
                _ => {
                    self.warn(
                        &media_pointer,
                        format!("request media type `{media}` is not supported; left out"),
                    );
                    continue;
                }
            }
            // JSON and multipart share one object shape; JSON's wins when both exist.
            if object_from.as_ref().is_none_or(|(from, _)| *from != JSON) {
                object_from =
                    Some((if out.json && essence == JSON { JSON } else { MULTIPART }, shape));
            }
        }
        if let Some((_, shape)) = object_from {
            let shape = match shape.kind {
                ShapeKind::Object(_) => shape,
                ShapeKind::Any => Shape { kind: ShapeKind::Object(Vec::new()), nullable: false },
                _ => {
                    self.warn(
                        pointer,
                        "request body schema is not an object; any object is accepted".to_owned(),
                    );
                    Shape { kind: ShapeKind::Object(Vec::new()), nullable: false }
                }
            };
            out.object = Some(shape);
        }
        (out.json || out.json_string || out.multipart || out.xanoscript).then_some(out)
    }

    /// The 2xx response's shape and encoding: JSON if offered, else the first
    /// media type (`text/*` is text, anything else bytes).
    fn response(&mut self, op: &openapiv3::Operation, pointer: &str) -> (Shape, Media) {
        let success = op.responses.responses.iter().find(|(code, _)| match code {
            openapiv3::StatusCode::Code(c) => (200..300).contains(c),
            openapiv3::StatusCode::Range(r) => *r == 2,
        });
        let Some((code, ReferenceOr::Item(response))) = success else {
            return (Shape::any(), Media::Json);
        };
        // The spec's media types are judged by the rule the runtime applies to the
        // answer's `Content-Type` (`runtime::media::classify`).
        use xano_meta_runtime::media::{classify, BodyKind};
        let is_json = |media: &str| classify(Some(media)) == BodyKind::Json;
        let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) else {
            return match response.content.keys().next().map(|m| classify(Some(m))) {
                None | Some(BodyKind::Json) => (Shape::any(), Media::Json),
                Some(BodyKind::Text) => (string_shape(), Media::Text),
                Some(BodyKind::Binary) => {
                    (Shape { kind: ShapeKind::Binary, nullable: false }, Media::Binary)
                }
            };
        };
        let schema_pointer =
            format!("{pointer}/responses/{code}/content/{}/schema", pointer_token(media));
        let shape = match &content.schema {
            Some(schema) => self.shape_ref(schema, &schema_pointer, 0),
            None => Shape::any(),
        };
        (shape, Media::Json)
    }

    fn shape_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        depth: usize,
    ) -> Shape {
        match schema {
            ReferenceOr::Item(schema) => self.shape(schema.borrow(), pointer, depth),
            ReferenceOr::Reference { reference } => {
                let resolved = reference
                    .strip_prefix("#/components/schemas/")
                    .and_then(|name| self.doc.components.as_ref()?.schemas.get(name));
                match resolved {
                    Some(ReferenceOr::Item(schema)) if depth < MAX_DEPTH => {
                        let schema = schema.clone();
                        self.shape(&schema, pointer, depth + 1)
                    }
                    Some(_) if depth >= MAX_DEPTH => {
                        self.warn(pointer, format!("`$ref` {reference} nests deeper than {MAX_DEPTH} levels (a cycle?); typed as untyped JSON"));
                        Shape::any()
                    }
                    _ => {
                        self.warn(pointer, format!("`$ref` {reference} does not resolve to a local schema; typed as untyped JSON"));
                        Shape::any()
                    }
                }
            }
        }
    }

    fn shape(&mut self, schema: &Schema, pointer: &str, depth: usize) -> Shape {
        let nullable = schema.schema_data.nullable;
        if depth > MAX_DEPTH {
            self.warn(
                pointer,
                format!("schema nests deeper than {MAX_DEPTH} levels; typed as untyped JSON"),
            );
            return Shape { kind: ShapeKind::Any, nullable };
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => ShapeKind::Binary,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "timestamptz" => {
                    ShapeKind::Timestamp
                }
                VariantOrUnknownOrEmpty::Unknown(format)
                    if !PLAIN_STRING_FORMATS.contains(&format.as_str()) =>
                {
                    self.warn(
                        pointer,
                        format!("string format `{format}` is unknown; typed as untyped JSON"),
                    );
                    ShapeKind::Any
                }
                _ => {
                    ShapeKind::String { allowed: s.enumeration.iter().flatten().cloned().collect() }
                }
            },
            SchemaKind::Type(Type::Integer(_)) => ShapeKind::Integer,
            SchemaKind::Type(Type::Number(_)) => ShapeKind::Number,
            SchemaKind::Type(Type::Boolean(_)) => ShapeKind::Boolean,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => ShapeKind::Array(Box::new(self.shape_ref(
                    items,
                    &format!("{pointer}/items"),
                    depth + 1,
                ))),
                None => ShapeKind::Array(Box::new(Shape::any())),
            },
            // Xano writes `type: object` with no properties for "any JSON" (table
            // rows, settings): real responses hold arrays there, so it is untyped.
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => ShapeKind::Any,
            SchemaKind::Type(Type::Object(o)) => {
                let mut fields = Vec::with_capacity(o.properties.len());
                for (name, property) in &o.properties {
                    let shape = self.shape_ref(
                        property,
                        &format!("{pointer}/properties/{}", pointer_token(name)),
                        depth + 1,
                    );
                    fields.push(Field {
                        name: name.clone(),
                        shape,
                        required: o.required.contains(name),
                    });
                }
                ShapeKind::Object(fields)
            }
            SchemaKind::Any(_) => ShapeKind::Any,
            SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "oneOf/anyOf/allOf/not are not typed yet; typed as untyped JSON".to_owned(),
                );
                ShapeKind::Any
            }
        };
        Shape { kind, nullable }
    }
}

/// Whether a response is a Xano page: an object with `items` and `nextPage`.
fn is_page(response: &Shape) -> bool {
    let ShapeKind::Object(fields) = &response.kind else { return false };
    let has = |name: &str| fields.iter().any(|f| f.name == name);
    has("items") && has("nextPage")
}

fn string_shape() -> Shape {
    Shape { kind: ShapeKind::String { allowed: Vec::new() }, nullable: false }
}

mod openapi31;

#[cfg(test)]
mod tests;
