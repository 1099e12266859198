//! Errors a user can act on: each names its operation with `METHOD path`, keeps
//! its cause, and says the next step where there is one clear one; arguments are
//! checked before scopes, body enums like parameters, and misspelt names get the
//! nearest real one. What the server received proves what was (not) sent.

use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use xano_meta::client::XanoClient;

use crate::network::script;
use crate::scenarios::{client, client_with, get, js, read_only_token, received, TOKEN};

fn message(error: &JsValue) -> String {
    get(error, "message").as_string().expect("an error message")
}

/// A client of a port nothing listens on (the connection is refused at once; not one
/// of the ports `fetch` blocks, such as 1 or 9).
fn unreachable_client() -> XanoClient {
    XanoClient::new(js(json!({ "baseUrl": "http://127.0.0.1:3/api:meta", "token": TOKEN })))
        .unwrap()
}

pub async fn messages_name_the_operation_with_method_and_path() {
    let error = JsFuture::from(
        client().get_workspace_table(js(json!({ "workspace_id": "x" })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    let text = message(&error);
    assert!(
        text.starts_with("getWorkspaceTable (GET /workspace/{workspace_id}/table): "),
        "{text}"
    );
    assert_eq!(get(&error, "method"), "GET");
    assert_eq!(get(&error, "path"), "/workspace/{workspace_id}/table");
}

pub async fn network_errors_name_the_host_and_keep_the_cause() {
    let options = js(json!({ "attempts": 1 }));
    let error = JsFuture::from(
        unreachable_client().get_workspace_table(js(json!({ "workspace_id": 90 })), options),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoNetworkError");
    assert_eq!(get(&error, "host"), "127.0.0.1:3");
    let text = message(&error);
    assert!(text.contains("network error reaching 127.0.0.1:3: "), "{text}");
    let cause = get(&error, "cause");
    assert!(cause.is_instance_of::<js_sys::Error>(), "the cause is what fetch threw");
    if !crate::IN_BROWSER {
        // Node's fetch names the system error; browsers say only "Failed to fetch".
        assert!(text.contains("ECONNREFUSED"), "{text}");
    }
    assert!(!text.contains("may already have been applied"), "a GET may be repeated: {text}");
    assert!(!text.contains(TOKEN), "{text}");
}

pub async fn a_post_that_may_have_been_applied_says_so() {
    let params = || js(json!({ "workspace_id": 91, "body": { "name": "orders" } }));
    let network = JsFuture::from(
        unreachable_client().post_workspace_table(params(), js(json!({ "attempts": 3 }))),
    )
    .await
    .unwrap_err();
    let text = message(&network);
    assert!(text.contains("this POST may already have been applied"), "{text}");
    assert!(text.contains("retryUnsafe: true"), "{text}");
    assert_eq!(get(&network, "attempts"), 1, "a POST is not resent after a network error");

    script("POST", "/api:meta/workspace/91/table", json!([{ "status": 503 }])).await;
    let unavailable = JsFuture::from(client().post_workspace_table(params(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    let text = message(&unavailable);
    assert_eq!(get(&unavailable, "status"), 503);
    assert!(
        text.contains("may already have been applied") && text.contains("retryUnsafe"),
        "{text}"
    );
    assert_eq!(received("/api:meta/workspace/91/table").await.len(), 1);
}

pub async fn an_abort_keeps_its_reason_as_the_cause() {
    let path = "/api:meta/workspace/92/table";
    script("GET", path, json!([{ "delayMs": 5000 }])).await;
    let controller = web_sys::AbortController::new().unwrap();
    let call = client().get_workspace_table(js(json!({ "workspace_id": 92 })), {
        let options = js(json!({}));
        js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
        options
    });
    let reason = js_sys::Error::new("the user closed the dialog");
    controller.abort_with_reason(&reason);
    let error = JsFuture::from(call).await.unwrap_err();
    assert_eq!(get(&error, "name"), "XanoAbortError");
    assert!(message(&error).starts_with("getWorkspaceTable (GET "), "{}", message(&error));
    assert_eq!(get(&error, "cause"), JsValue::from(reason), "the signal's reason, as given");
}

pub async fn statuses_say_what_usually_causes_them() {
    let unauthorized = "/api:meta/workspace/93/table";
    script("GET", unauthorized, json!([{ "status": 401 }])).await;
    let error = JsFuture::from(
        client().get_workspace_table(js(json!({ "workspace_id": 93 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    let text = message(&error);
    assert!(
        text.contains("expired or been revoked") && text.contains("another instance"),
        "{text}"
    );

    // Provoked 403s: one declared requirement, one the package does not know.
    let denied = JsFuture::from(client().post_workspace_table(
        js(json!({ "workspace_id": 403, "body": { "name": "x" } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    let text = message(&denied);
    assert!(
        text.contains("this call needs Workspace Database: Create, as the spec declares"),
        "{text}"
    );
    let unknown = JsFuture::from(
        client().get_workspace_agent(js(json!({ "workspace_id": 403 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert!(message(&unknown).contains("knows no scope requirement"), "{}", message(&unknown));

    let limited = "/api:meta/workspace/94/table";
    script("GET", limited, json!([{ "status": 429, "retryAfter": "7" }])).await;
    let error = JsFuture::from(
        client()
            .get_workspace_table(js(json!({ "workspace_id": 94 })), js(json!({ "attempts": 1 }))),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoRateLimitError");
    assert_eq!(get(&error, "retryAfter"), "7");
    assert!(message(&error).contains("Xano asked to wait 7 s"), "{}", message(&error));
}

pub async fn arguments_are_checked_before_scopes_with_suggestions() {
    // The token lacks Database: Create, and the call is also misspelt: the misspelling is
    // what the caller must fix first.
    let client = client_with(&read_only_token(), None);
    let error = JsFuture::from(client.post_workspace_table(
        js(json!({ "workspaceId": 95, "body": { "name": "x" } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    assert_eq!(get(&error, "field"), "workspaceId");
    assert!(message(&error).contains("did you mean `workspace_id`?"), "{}", message(&error));
    let options = js(json!({ "timeout": 5 }));
    let error =
        JsFuture::from(client.get_workspace_table(js(json!({ "workspace_id": 95 })), options))
            .await
            .unwrap_err();
    assert!(message(&error).contains("did you mean `timeoutMs`?"), "{}", message(&error));
    assert!(received("/api:meta/workspace/95/table").await.is_empty());
}

pub async fn body_fields_with_an_enum_are_checked() {
    let bytes = js_sys::Uint8Array::from(&[1u8, 2, 3][..]);
    let params = js(json!({ "workspace_id": 96, "body": { "type": "png" } }));
    let body = js_sys::Reflect::get(&params, &"body".into()).unwrap();
    js_sys::Reflect::set(&body, &"content".into(), &bytes).unwrap();
    let error =
        JsFuture::from(client().post_workspace_file(params, JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    assert_eq!(get(&error, "field"), "body.type");
    let text = message(&error);
    assert!(text.contains(r#"must be one of "image""#) && text.contains(r#"got "png""#), "{text}");
    assert!(received("/api:meta/workspace/96/file").await.is_empty(), "nothing was sent");
}

pub async fn unknown_operation_names_are_argument_errors_with_the_nearest_name() {
    let error =
        xano_meta::scopes::check_access(JsValue::from(TOKEN), JsValue::from("postWorkspaceTabel"))
            .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    assert_eq!(get(&error, "field"), "operation");
    assert_eq!(get(&error, "suggestion"), "postWorkspaceTable");
    assert!(message(&error).contains("did you mean `postWorkspaceTable`?"), "{}", message(&error));
    let error = client()
        .pages("getWorkspaceTabel".into(), js(json!({ "workspace_id": 97 })), JsValue::UNDEFINED)
        .err()
        .expect("an unknown name is refused");
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    assert_eq!(get(&error, "suggestion"), "getWorkspaceTable");
    let error = xano_meta::scopes::minimal_scopes(js(json!("getWorkspace"))).unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    assert_eq!(get(&error, "field"), "operations");
    let _: &js_sys::Error = error.unchecked_ref();
}
