//! Any status and body as a response: error bodies and 2xx bodies decode to a value
//! or an error naming the operation, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xano_meta_runtime::descriptor::{Api, Method, Operation, ResponseKind};
use xano_meta_runtime::response::{api_error, decode};
use xano_meta_runtime::scope::Requirement;

static OP: Operation = Operation {
    name: "get_workspace_table",
    js_name: "getWorkspaceTable",
    api: Api::Instance,
    method: Method::Get,
    path: "/workspace/{workspace_id}/table",
    tag: "table",
    summary: "",
    scope: None,
    params: &[],
    body: None,
    response: ResponseKind::Page,
    requirement: Requirement::UNKNOWN,
    corrections: &[],
};

fuzz_target!(|data: &[u8]| {
    let Some((&status, body)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(body) else { return };
    let error = api_error(&OP, 300 + u16::from(status), text, None);
    assert_eq!(error.operation().map(|op| op.js_name), Some("getWorkspaceTable"));
    let _ = decode::<serde_json::Value>(&OP, text);
    let _ = decode::<Vec<std::collections::BTreeMap<String, Option<i64>>>>(&OP, text);
});
