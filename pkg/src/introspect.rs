//! `operations()`: what a tool lists to its user, and how tests count coverage.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use xano_meta_runtime::descriptor::Operation;

use crate::generated::OPERATION_TABLES;
use crate::js_input::set;

#[wasm_bindgen(typescript_custom_section)]
const OPERATION_INFO: &'static str = r#"
/** One operation, as `operations()` describes it. */
export interface OperationInfo {
  /** The JS method name on the client, e.g. `getWorkspaceTable`. */
  name: string;
  /** The JS class whose method it is (`XanoClient`, `XanoAccountClient`, or the class of another instance spec). */
  client: string;
  /** The Rust function name: the same words in snake_case. */
  rustName: string;
  api: "instance" | "account";
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path template relative to the base URL. */
  path: string;
  tag: string;
  summary: string;
  /** The scope text the spec declares, e.g. "Workspace Database: Create", or null. */
  scope: string | null;
  /** The scope and permission a token needs: declared by the spec, inferred by the project's rule, or unknown. */
  requirement: Requirement;
  params: Array<{ name: string; in: "path" | "query" | "header"; type: string; required: boolean; enum: string[] | null }>;
  body: { mediaTypes: string[]; fields: Array<{ name: string; type: string; required: boolean }> } | null;
  /** "page": Xano paging (items, nextPage); "array": a bare, unpageable array; "text": a string (e.g. XanoScript); "binary": bytes (a Blob). */
  response: "page" | "array" | "object" | "any" | "text" | "binary";
  /** Where the spec is wrong about this operation: what was corrected, and where Xano's real behaviour was seen (a repository and path, or a docs URL). Empty when the spec is followed as it is. */
  corrections: Array<{ description: string; evidence: string }>;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const INSTANCE_INFO: &'static str = r#"
/** An instance listed in the `xano.toml` the package was built from (all share its bindings). */
export interface InstanceInfo {
  name: string;
  /** The class serving its spec: `XanoClient`, or another when its spec differs from the first instance's. */
  client: string;
  /** Its Metadata API URL, for `new XanoClient({ baseUrl, token })`; null when the config gives none. */
  baseUrl: string | null;
}
"#;

/// The instances the package was generated for: pick one's `baseUrl` at run time.
#[wasm_bindgen(unchecked_return_type = "InstanceInfo[]")]
pub fn instances() -> Array {
    crate::generated::instances::INSTANCES
        .iter()
        .map(|(name, base_url, class)| {
            let object = Object::new();
            set(&object, "name", (*name).into());
            set(&object, "client", (*class).into());
            set(&object, "baseUrl", base_url.map_or(JsValue::NULL, JsValue::from));
            JsValue::from(object)
        })
        .collect()
}

/// Every operation of every API, with the JS class that calls it; the first
/// instance's first.
pub fn all_with_class() -> impl Iterator<Item = (&'static str, &'static Operation)> {
    OPERATION_TABLES.iter().flat_map(|(class, ops)| ops.iter().map(move |op| (*class, op)))
}

/// Every operation of every API.
pub fn all() -> impl Iterator<Item = &'static Operation> {
    all_with_class().map(|(_, op)| op)
}

/// `[[class, "methodName methodName …"], …]`: every class's methods in the order
/// of its descriptor table, for the package's entry to install each over the
/// class's `__call(index, …)`. Each class's names are its table's first line, read
/// without the rest of the table (see `Table::js_names_line`), and cross as one
/// string: 222 strings made one by one were most of the entry's 4–9 ms at import in
/// Node.
#[wasm_bindgen(js_name = __methods, skip_typescript)]
pub fn method_tables() -> Array {
    OPERATION_TABLES
        .iter()
        .map(|(class, ops)| {
            let names = JsValue::from(ops.js_names_line());
            JsValue::from(Array::of2(&JsValue::from(*class), &names))
        })
        .collect()
}

/// Describes every operation the package can call.
#[wasm_bindgen(unchecked_return_type = "OperationInfo[]")]
pub fn operations() -> Array {
    all_with_class().map(|(class, op)| JsValue::from(describe(class, op))).collect()
}

fn describe(class: &str, op: &Operation) -> Object {
    let object = Object::new();
    set(&object, "client", class.into());
    set(&object, "name", op.js_name.into());
    set(&object, "rustName", op.name.into());
    set(&object, "api", op.api.as_str().into());
    set(&object, "method", op.method.as_str().into());
    set(&object, "path", op.path.into());
    set(&object, "tag", op.tag.into());
    set(&object, "summary", op.summary.into());
    set(&object, "scope", op.scope.map_or(JsValue::NULL, JsValue::from));
    set(&object, "requirement", crate::scopes::requirement_object(&op.requirement).into());
    let params: Array = op
        .params
        .iter()
        .map(|p| {
            let param = Object::new();
            set(&param, "name", p.name.into());
            set(&param, "in", p.location.as_str().into());
            set(&param, "type", p.ty.as_str().into());
            set(&param, "required", p.required.into());
            let allowed = (!p.allowed.is_empty())
                .then(|| p.allowed.iter().map(|a| JsValue::from(*a)).collect::<Array>());
            set(&param, "enum", allowed.map_or(JsValue::NULL, JsValue::from));
            JsValue::from(param)
        })
        .collect();
    set(&object, "params", params.into());
    let body = op.body.map_or(JsValue::NULL, |b| {
        let body = Object::new();
        set(&body, "mediaTypes", b.media_types().map(JsValue::from).collect::<Array>().into());
        let fields: Array = b
            .object
            .iter()
            .map(|f| {
                let field = Object::new();
                set(&field, "name", f.name.into());
                set(&field, "type", f.ty.as_str().into());
                set(&field, "required", f.required.into());
                JsValue::from(field)
            })
            .collect();
        set(&body, "fields", fields.into());
        body.into()
    });
    set(&object, "body", body);
    set(&object, "response", op.response.as_str().into());
    let corrections: Array = op
        .corrections
        .iter()
        .map(|c| {
            let correction = Object::new();
            set(&correction, "description", c.description.into());
            set(&correction, "evidence", c.evidence.into());
            JsValue::from(correction)
        })
        .collect();
    set(&object, "corrections", corrections.into());
    object
}
