//! TypeScript declarations of every operation's parameters, body and response,
//! placed in the package's `.d.ts` through wasm-bindgen's custom sections.
//!
//! Untyped JSON is `JsonValue`, never `any`; files are `FileInput`. Both are
//! declared once by the `pkg` crate.

use std::fmt::Write;

use crate::model::{Api, Media, Operation, Shape, ShapeKind};

/// All declarations of one API.
pub fn declarations(api: &Api) -> String {
    let mut out = String::new();
    for op in &api.operations {
        params_declaration(&mut out, api, op);
        let _ = writeln!(
            out,
            "/** The response of `{}` ({} {}). */",
            op.name.camel(),
            op.method.as_str(),
            op.path
        );
        let _ =
            writeln!(out, "export type {} = {};\n", api.response_type(op), response_ts_type(op));
    }
    class_declarations(&mut out, api);
    out
}

/// The operations that return Xano pages, and the class's methods: one per
/// operation, and `pages`/`iterate` typed by that map (declaration merging adds
/// them to the class wasm-bindgen declares).
fn class_declarations(out: &mut String, api: &Api) {
    let map = format!("{}PagedOperations", api.type_prefix());
    let class = api.class();
    let _ = writeln!(out, "/** The operations whose response is a Xano page (`items`, `nextPage`), for `pages` and `iterate`. */");
    let _ = writeln!(out, "export interface {map} {{");
    for op in api.operations.iter().filter(|op| op.is_page()) {
        let _ = writeln!(
            out,
            "  {}: {{ params: {}; response: {} }};",
            op.name.camel(),
            api.params_type(op),
            api.response_type(op)
        );
    }
    let _ = writeln!(out, "}}\n");
    // The names, so that functions taking an operation's name (`checkAccess`…) are
    // checked by `tsc`: a misspelt name fails to compile.
    let _ = writeln!(out, "/** The name of every operation of `{class}`. */");
    let names: String =
        api.operations.iter().map(|op| format!("\n  | \"{}\"", op.name.camel())).collect();
    let names = if names.is_empty() { " never".to_owned() } else { names };
    let _ = writeln!(out, "export type {}OperationName ={names};\n", api.type_prefix());
    // The class's methods: installed over its one wasm entry by the package's
    // entry, so only declaration merging gives them their types. Each is generic
    // in its options, so that `parseAs` types what the call resolves to; the options
    // default to `{}` (none given: the response type), and `NoInferOptions` refuses
    // keys `CallOptions` lacks (see their docs in `pkg/src/client.rs`).
    let _ = writeln!(out, "export interface {class} {{");
    for op in &api.operations {
        let doc = op.doc();
        let _ = writeln!(out, "  /**");
        for line in doc.lines() {
            let line = comment_safe(line);
            let _ = writeln!(out, "   *{}{line}", if line.is_empty() { "" } else { " " });
        }
        let _ = writeln!(out, "   */");
        let optional = if op.needs_params() { "" } else { "?" };
        let _ = writeln!(
            out,
            "  {}<O extends CallOptions = {{}}>(params{optional}: {}, options?: O & NoInferOptions<O>): Promise<Answer<O, {}>>;",
            op.name.camel(),
            api.params_type(op),
            api.response_type(op)
        );
    }
    let _ = writeln!(
        out,
        r#"  /** Every page of a paged operation, fetching the next until `nextPage` is null (or `maxPages`). */
  pages<K extends keyof {map}>(operation: K, ...args: PageArgs<{map}[K]["params"]>): AsyncIterableIterator<{map}[K]["response"]>;
  /** Every item of every page of a paged operation. */
  iterate<K extends keyof {map}>(operation: K, ...args: PageArgs<{map}[K]["params"]>): AsyncIterableIterator<PageItem<{map}[K]["response"]>>;
}}
"#
    );
}

/// The TypeScript type of an operation's answer: its JSON shape, or `string` for
/// text, or `Blob` for bytes (the client resolves those to a `Blob`, a `File` when
/// `Content-Disposition` names one).
pub fn response_ts_type(op: &Operation) -> String {
    match op.media {
        Media::Json => ts_type(&op.response, 0),
        Media::Text => "string".to_owned(),
        Media::Binary => "Blob".to_owned(),
    }
}

fn params_declaration(out: &mut String, api: &Api, op: &Operation) {
    let name = api.params_type(op);
    let _ = writeln!(
        out,
        "/** Parameters of `{}` ({} {}). */",
        op.name.camel(),
        op.method.as_str(),
        op.path
    );
    if !op.takes_input() {
        let _ = writeln!(out, "export type {name} = Record<string, never>;\n");
        return;
    }
    let _ = writeln!(out, "export interface {name} {{");
    for param in &op.params {
        let location = param.location.as_str();
        let mut doc = format!("{location} parameter");
        if !param.description.is_empty() {
            let _ = write!(doc, ": {}", param.description);
        }
        let _ = writeln!(out, "  /** {} */", comment_safe(&doc));
        let optional = if param.required { "" } else { "?" };
        // A parameter is a scalar: `null` is never accepted for one.
        let ty = ts_type(&Shape { nullable: false, ..param.shape.clone() }, 1);
        let _ = writeln!(out, "  {}{optional}: {ty};", property_name(&param.name));
    }
    if let Some(body) = &op.body {
        let mut forms = Vec::new();
        if let Some(shape) = &body.object {
            forms.push(ts_type(shape, 1));
        }
        if body.takes_string() {
            forms.push("string".to_owned());
        }
        let media: Vec<&str> = [
            (body.json, "JSON"),
            (body.json_string, "a JSON string"),
            (body.multipart, "multipart (when it holds a file)"),
            (body.xanoscript, "XanoScript text (a string)"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        let _ = writeln!(out, "  /** The request body, sent as {}. */", media.join(" or "));
        let optional = if op.body_required() { "" } else { "?" };
        let _ = writeln!(out, "  body{optional}: {};", forms.join(" | "));
    }
    let _ = writeln!(out, "}}\n");
}

/// The TypeScript type of a shape, nested objects indented by `depth`.
pub fn ts_type(shape: &Shape, depth: usize) -> String {
    let base = match &shape.kind {
        ShapeKind::Any => return "JsonValue".to_owned(),
        ShapeKind::String { allowed } if !allowed.is_empty() => {
            let union = allowed.iter().map(|a| json_string(a)).collect::<Vec<_>>().join(" | ");
            if shape.nullable {
                return format!("{union} | null");
            }
            return union;
        }
        ShapeKind::String { .. } => "string".to_owned(),
        ShapeKind::Integer | ShapeKind::Number => "number".to_owned(),
        ShapeKind::Boolean => "boolean".to_owned(),
        ShapeKind::Binary => "FileInput".to_owned(),
        // Milliseconds since the epoch in Xano's data; ISO strings in some documented answers.
        ShapeKind::Timestamp => "number | string".to_owned(),
        ShapeKind::Array(items) => format!("Array<{}>", ts_type(items, depth)),
        ShapeKind::Object(fields) if fields.is_empty() => "{ [key: string]: JsonValue }".to_owned(),
        ShapeKind::Object(fields) => {
            let indent = "  ".repeat(depth + 1);
            let mut out = "{\n".to_owned();
            for field in fields {
                let optional = if field.required { "" } else { "?" };
                let _ = writeln!(
                    out,
                    "{indent}{}{optional}: {};",
                    property_name(&field.name),
                    ts_type(&field.shape, depth + 1)
                );
            }
            out.push_str(&"  ".repeat(depth));
            out.push('}');
            out
        }
    };
    if shape.nullable {
        format!("{base} | null")
    } else {
        base
    }
}

/// A property name, quoted unless it is a plain identifier.
fn property_name(name: &str) -> String {
    let plain =
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        name.to_owned()
    } else {
        json_string(name)
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Text that cannot end a `/** */` comment early.
fn comment_safe(text: &str) -> String {
    text.replace("*/", "*\\/").replace('\n', " ")
}
