//! Scenarios run both in Node (`node.rs`) and in headless Chromium (`browser.rs`)
//! against the Xano-like server `cargo xtask test` starts on 127.0.0.1.
//!
//! Every scenario checks what the server received (its `/__received` record),
//! not only what the client returned. Tests may run concurrently, so each picks
//! its own ids and finds its own requests by path.

use js_sys::{Reflect, Uint8Array};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use xano_meta::client::{XanoAccountClient, XanoClient};
use xano_meta::generated::instance::client::InstanceClient;
use xano_meta::generated::instance::types::{
    GetWorkspaceTableContentParams, PostWorkspaceFileBody, PostWorkspaceFileParams,
};
use xano_meta_runtime::typed::FilePart;
use xano_meta_tests::{oauth_payload, synthetic_jwt, synthetic_token, token_payload};

/// The test server's URL, fixed when `cargo xtask test` compiles the tests. Not
/// `env!`: the tests must still compile without it (clippy, editors), and fail
/// only when run the wrong way, saying how to run them.
#[allow(clippy::option_env_unwrap)]
pub fn server() -> &'static str {
    option_env!("XANO_TEST_SERVER")
        .expect("XANO_TEST_SERVER is unset: run the tests with `cargo xtask test`")
}

/// Synthetic: the test server accepts any token but `expired`.
pub const TOKEN: &str = "synthetic-test-token";

pub fn client() -> XanoClient {
    let options = js(json!({ "baseUrl": format!("{}/api:meta", server()), "token": TOKEN }));
    XanoClient::new(options).expect("client options are valid")
}

pub fn js(value: Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

pub fn rust(value: &JsValue) -> Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(value).unwrap())).unwrap()
}

async fn resolve(promise: js_sys::Promise) -> Result<Value, JsValue> {
    JsFuture::from(promise).await.map(|v| rust(&v))
}

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

/// The JSON a `GET` control route of the test server answers (`/__received`, …).
pub async fn control_get(route: &str) -> Value {
    let response =
        gloo_net::http::Request::get(&format!("{}{route}", server())).send().await.unwrap();
    assert!(response.ok(), "{route}: {}", response.status());
    response.json().await.unwrap()
}

/// What the server received for requests whose path is exactly `path`.
pub async fn received(path: &str) -> Vec<Value> {
    let all = control_get("/__received").await;
    all.as_array().unwrap().iter().filter(|r| r["path"] == path).cloned().collect()
}

pub async fn lists_a_page_with_query_parameters() {
    let page = resolve(client().get_workspace_table(
        js(json!({ "workspace_id": 11, "page": 2, "per_page": 3 })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(page["curPage"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let got = received("/api:meta/workspace/11/table").await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["method"], "GET");
    assert_eq!(got[0]["query"], json!({ "page": "2", "per_page": "3" }));
    assert_eq!(got[0]["auth"], "bearer");
}

pub async fn posts_a_json_body() {
    let body = json!({ "workspace_id": 12, "body": { "name": "books", "auth": false } });
    let created =
        resolve(client().post_workspace_table(js(body), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(created["name"], "books");
    let got = received("/api:meta/workspace/12/table").await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["method"], "POST");
    assert_eq!(got[0]["headers"]["content-type"], "application/json");
    assert_eq!(
        got[0]["body"],
        json!({ "kind": "json", "value": { "name": "books", "auth": false } })
    );
}

pub async fn uploads_bytes_as_multipart() {
    let params = js(json!({ "workspace_id": 13, "body": { "type": "image" } }));
    let bytes = Uint8Array::from(&[137u8, 80, 78, 71, 1, 2, 3][..]);
    Reflect::set(&get(&params, "body"), &"content".into(), &bytes).unwrap();
    let file = resolve(client().post_workspace_file(params, JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(file["size"], 7);
    let got = received("/api:meta/workspace/13/file").await;
    assert_eq!(got.len(), 1);
    let parts = &got[0]["body"]["parts"];
    assert_eq!(got[0]["body"]["kind"], "multipart");
    assert_eq!(parts[0]["name"], "type");
    assert_eq!(parts[0]["text"], "image");
    assert_eq!(parts[1]["name"], "content");
    assert_eq!(parts[1]["size"], 7);
    assert_eq!(parts[1]["filename"], "file");

    // A `File` (what a browser's file input gives) keeps its name and type.
    let options = web_sys::FilePropertyBag::new();
    options.set_type("image/jpeg");
    let file = web_sys::File::new_with_u8_array_sequence_and_options(
        &js_sys::Array::of1(&bytes),
        "photo.jpg",
        &options,
    )
    .unwrap();
    let params = js(json!({ "workspace_id": 18, "body": {} }));
    Reflect::set(&get(&params, "body"), &"content".into(), &file).unwrap();
    resolve(client().post_workspace_file(params, JsValue::UNDEFINED)).await.unwrap();
    let got = received("/api:meta/workspace/18/file").await;
    let part = &got[0]["body"]["parts"][0];
    assert_eq!(
        (part["filename"].as_str(), part["contentType"].as_str(), part["size"].as_u64()),
        (Some("photo.jpg"), Some("image/jpeg"), Some(7))
    );
}

pub async fn encodes_path_values_and_sends_headers() {
    let params = json!({ "workspace_id": 14, "table_id": 2, "content_id": "../../auth/me?x#y", "x-data-source": "test" });
    resolve(client().get_workspace_table_content_by_content_id(js(params), JsValue::UNDEFINED))
        .await
        .unwrap();
    let got = received("/api:meta/workspace/14/table/2/content/..%2F..%2Fauth%2Fme%3Fx%23y").await;
    assert_eq!(got.len(), 1, "the hostile id stayed one segment");
    assert_eq!(got[0]["pathParams"]["content_id"], "../../auth/me?x#y");
    assert_eq!(got[0]["headers"]["x-data-source"], "test");
}

pub async fn refuses_bad_arguments_without_sending() {
    let cases = [
        (json!({ "page": 1 }), "workspace_id", "is required"),
        (json!({ "workspace_id": "15" }), "workspace_id", "must be an integer"),
        (json!({ "workspace_id": 15, "order": "up" }), "order", "must be one of"),
        (json!({ "workspace_id": 15, "pages": 2 }), "pages", "is not a parameter"),
    ];
    for (params, field, problem) in cases {
        let error = JsFuture::from(client().get_workspace_table(js(params), JsValue::UNDEFINED))
            .await
            .unwrap_err();
        assert!(error.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&error, "name"), "XanoArgumentError");
        assert_eq!(get(&error, "field"), field);
        assert_eq!(get(&error, "operation"), "getWorkspaceTable");
        let message = get(&error, "message").as_string().unwrap();
        assert!(message.contains(problem) && message.contains("no request was sent"), "{message}");
    }
    assert!(received("/api:meta/workspace/15/table").await.is_empty());
}

pub async fn turns_xano_errors_into_typed_errors_without_the_token() {
    let error = JsFuture::from(
        client().get_workspace_table(js(json!({ "workspace_id": 404 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoApiError");
    assert_eq!(get(&error, "status"), 404);
    assert_eq!(get(&error, "code"), "ERROR_CODE_NOT_FOUND");
    assert_eq!(get(&error, "operation"), "getWorkspaceTable");
    let html = JsFuture::from(
        client()
            .get_workspace_table(js(json!({ "workspace_id": 502 })), js(json!({ "attempts": 1 }))),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&html, "status"), 502);
    assert_eq!(get(&html, "code"), JsValue::NULL);
    for e in [&error, &html] {
        let shown = format!(
            "{:?} {}",
            get(e, "message"),
            String::from(js_sys::JSON::stringify(e).unwrap())
        );
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

pub async fn refuses_bad_client_options() {
    let cases = [
        json!({ "baseUrl": "http://example.com/api:meta", "token": TOKEN }),
        json!({ "baseUrl": format!("{}/api:meta", server()), "token": "" }),
        json!({ "baseUrl": format!("{}/api:meta", server()), "token": TOKEN, "tokn": 1 }),
        json!({ "token": TOKEN }),
    ];
    for options in cases {
        let error = XanoClient::new(js(options.clone())).unwrap_err();
        assert_eq!(get(&error, "name"), "XanoConfigError", "{options}");
    }
}

pub async fn describes_every_operation() {
    let all = xano_meta::introspect::operations();
    let in_specs = xano_meta_tests::spec_operations(xano_meta_tests::INSTANCE_SPEC).len()
        + xano_meta_tests::spec_operations(xano_meta_tests::ACCOUNT_SPEC).len();
    assert_eq!(all.length() as usize, in_specs, "every operation of both specs");
    let names: Vec<String> = all.iter().map(|op| get(&op, "name").as_string().unwrap()).collect();
    let find = |name: &str| all.iter().find(|op| get(op, "name") == name).unwrap();
    let create = find("postWorkspaceTable");
    assert_eq!(get(&create, "method"), "POST");
    assert_eq!(get(&create, "path"), "/workspace/{workspace_id}/table");
    assert_eq!(get(&create, "scope"), "Workspace Database: Create");
    assert_eq!(get(&find("getInstance"), "api"), "account");
    assert_eq!(get(&find("getWorkspaceAgent"), "scope"), JsValue::NULL);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len() - 1, "only getAuthMe is in both APIs");
}

pub async fn typed_rust_client_round_trips() {
    let client = InstanceClient::new(&format!("{}/api:meta", server()), TOKEN).unwrap();
    let params = GetWorkspaceTableContentParams {
        workspace_id: 16,
        table_id: 3,
        page: Some(1),
        per_page: None,
        x_data_source: Some("test".to_owned()),
    };
    let page = client.get_workspace_table_content(params).await.unwrap();
    let items = page.items.unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(3));
    assert_eq!(page.cur_page, Some(1));
    let upload = PostWorkspaceFileParams {
        workspace_id: 17,
        body: PostWorkspaceFileBody {
            content: FilePart {
                filename: "logo.png".into(),
                content_type: Some("image/png".into()),
                bytes: vec![1, 2, 3, 4],
            },
            r#type: Some("image".into()),
            access: None,
        },
    };
    let file = client.post_workspace_file(upload).await.unwrap();
    assert_eq!(file.name.as_deref(), Some("logo.png"));
    let got = received("/api:meta/workspace/17/file").await;
    let content = got[0]["body"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "content")
        .unwrap()
        .clone();
    assert_eq!(
        (content["filename"].as_str(), content["contentType"].as_str(), content["size"].as_u64()),
        (Some("logo.png"), Some("image/png"), Some(4))
    );
    let error = client
        .get_workspace_table_content(GetWorkspaceTableContentParams {
            workspace_id: 403,
            table_id: 1,
            page: None,
            per_page: None,
            x_data_source: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(&error, xano_meta_runtime::Error::Api(e) if e.status == 403), "{error}");
}

pub fn client_with(token: &str, scope_check: Option<&str>) -> XanoClient {
    let mut options = json!({ "baseUrl": format!("{}/api:meta", server()), "token": token });
    if let Some(mode) = scope_check {
        options["scopeCheck"] = json!(mode);
    }
    XanoClient::new(js(options)).unwrap()
}

/// Read on the database, all on content, nothing else; valid until 2099.
pub fn read_only_token() -> String {
    synthetic_token(&token_payload(
        json!({ "workspace:database": 2, "workspace:content": 15, "workspace:addon": 0 }),
        "2099-01-01 00:00:00+0000",
    ))
}

pub async fn scope_check_refuses_what_the_token_cannot_do() {
    let client = client_with(&read_only_token(), None);
    resolve(client.get_workspace_table(js(json!({ "workspace_id": 31 })), JsValue::UNDEFINED))
        .await
        .unwrap();
    let error = JsFuture::from(client.post_workspace_table(
        js(json!({ "workspace_id": 31, "body": { "name": "x" } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoScopeError");
    assert_eq!(get(&error, "operation"), "postWorkspaceTable");
    assert_eq!(get(&error, "scope"), "workspace:database");
    assert_eq!(get(&error, "permission"), "Create");
    assert_eq!(rust(&get(&error, "held")), json!(["Read"]));
    assert_eq!(get(&error, "source"), "declared");
    let got = received("/api:meta/workspace/31/table").await;
    assert_eq!(got.len(), 1, "only the allowed GET was sent");
    assert_eq!(got[0]["method"], "GET");
}

pub async fn inferred_denials_warn_by_default_and_modes_change_that() {
    // `postWorkspaceAddon` has no declared scope; the rule infers workspace:addon Create.
    let call = |client: &XanoClient, id: u32| {
        client.post_workspace_addon(
            js(json!({ "workspace_id": id, "body": "addon a {}" })),
            JsValue::UNDEFINED,
        )
    };
    resolve(call(&client_with(&read_only_token(), None), 32)).await.unwrap();
    assert_eq!(received("/api:meta/workspace/32/addon").await.len(), 1, "sent, with a warning");
    let error = JsFuture::from(call(&client_with(&read_only_token(), Some("enforce")), 33))
        .await
        .unwrap_err();
    assert_eq!(get(&error, "source"), "inferred");
    assert!(received("/api:meta/workspace/33/addon").await.is_empty());
    let declared_denial = client_with(&read_only_token(), Some("off")).post_workspace_table(
        js(json!({ "workspace_id": 34, "body": { "name": "x" } })),
        JsValue::UNDEFINED,
    );
    resolve(declared_denial).await.unwrap();
    assert_eq!(received("/api:meta/workspace/34/table").await.len(), 1, "scopeCheck off sends it");
    assert!(XanoClient::new(js(
        json!({ "baseUrl": format!("{}/api:meta", server()), "token": "t", "scopeCheck": "strict" })
    ))
    .is_err());
}

pub async fn expired_tokens_are_refused() {
    let expired = synthetic_token(&token_payload(
        json!({ "workspace:database": 15 }),
        "2020-01-01 00:00:00+0000",
    ));
    let error = JsFuture::from(
        client_with(&expired, None)
            .get_workspace_table(js(json!({ "workspace_id": 35 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoScopeError");
    assert_eq!(get(&error, "expired"), true);
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("expired at 2020-01-01 00:00:00+0000"));
    assert!(received("/api:meta/workspace/35/table").await.is_empty());
    let message = format!("{:?}", get(&error, "message"));
    assert!(!message.contains(&expired), "the token is not in the error");
}

pub async fn token_functions_answer_from_the_token() {
    let token = read_only_token();
    let info = rust(&xano_meta::scopes::decode_token(JsValue::from(&token)).unwrap());
    assert_eq!(info["isMetadataToken"], true);
    assert_eq!(info["kind"], "metadata");
    assert_eq!((&info["exp"], &info["notYetValid"]), (&Value::Null, &json!(false)));
    assert_eq!(info["scopeWords"], json!([]));
    assert_eq!(
        info["scopes"]["workspace:database"],
        json!({ "name": "Workspace Database", "value": 2, "permissions": ["Read"] })
    );
    assert_eq!(info["expiresAt"], 4_070_908_800i64);
    let denied = rust(
        &xano_meta::scopes::check_access(
            JsValue::from(&token),
            JsValue::from("deleteWorkspaceTableByTableId"),
        )
        .unwrap(),
    );
    assert_eq!(denied["access"], "denied");
    assert_eq!(
        denied["requirement"],
        json!({ "source": "declared", "key": "workspace:database", "name": "Workspace Database", "permission": "Delete", "inferredFrom": null })
    );
    let minimal = rust(
        &xano_meta::scopes::minimal_scopes(js(json!([
            "getWorkspaceTable",
            "postWorkspaceTableContent",
            "getWorkspaceAgent",
            "getWorkspaceBranch"
        ])))
        .unwrap(),
    );
    // `instance:workspace` is only named by a public source: the grant says which.
    let mcp = "xano-inc/xano-developer-mcp src/meta_api_docs/topics/authentication.ts";
    assert_eq!(
        minimal["scopes"],
        json!([
            { "key": "instance:workspace", "name": "Instance Workspace", "permissions": ["Read"], "value": 2, "inferredFrom": mcp },
            { "key": "workspace:content", "name": "Workspace Content", "permissions": ["Create"], "value": 1, "inferredFrom": null },
            { "key": "workspace:database", "name": "Workspace Database", "permissions": ["Read"], "value": 2, "inferredFrom": null }
        ])
    );
    assert_eq!(minimal["unknown"], json!(["getWorkspaceAgent"]));
    let audit = rust(
        &xano_meta::scopes::audit_token(JsValue::from(&token), js(json!(["getWorkspaceTable"])))
            .unwrap(),
    );
    assert_eq!(
        audit["extra"],
        json!([{ "key": "workspace:content", "name": "Workspace Content", "permissions": ["Create", "Read", "Update", "Delete"], "value": 15, "inferredFrom": null }])
    );
    // A bit none of the four permissions explain is still there to untick, by its value.
    let deploy = synthetic_token(&token_payload(
        json!({ "workspace:database": 2, "tenant_center:deploy": 16 }),
        "2099-01-01 00:00:00+0000",
    ));
    let audit = rust(
        &xano_meta::scopes::audit_token(JsValue::from(&deploy), js(json!(["getWorkspaceTable"])))
            .unwrap(),
    );
    assert_eq!(
        audit["extra"],
        json!([{ "key": "tenant_center:deploy", "name": "Tenant Center Deploy", "permissions": [], "value": 16, "inferredFrom": null }])
    );
    for bad in ["", "a.b", "not-a-token", "x.y.z"] {
        let error = xano_meta::scopes::decode_token(JsValue::from(bad)).unwrap_err();
        assert_eq!(get(&error, "name"), "XanoTokenError", "{bad}");
    }
    let error =
        xano_meta::scopes::check_access(JsValue::from(&token), JsValue::from("getWorkspaceTables"))
            .unwrap_err();
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("no operation is named `getWorkspaceTables`; did you mean `getWorkspaceTable`?"));
}

/// Unix seconds now, by the JS clock the client uses.
fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A synthetic OAuth access token for the test server's origin, expiring at `exp`.
fn oauth_token(exp: i64) -> String {
    synthetic_jwt(
        &json!({ "alg": "RS256", "typ": "at+jwt", "kid": "synthetic" }),
        &oauth_payload(server(), exp, "workspace:read workspace:write"),
    )
}

pub async fn oauth_tokens_are_sent_and_checks_answer_unknown() {
    let token = oauth_token(now() + 3600);
    let info = rust(&xano_meta::scopes::decode_token(JsValue::from(&token)).unwrap());
    assert_eq!(info["kind"], "oauth");
    assert_eq!(info["isMetadataToken"], false);
    assert_eq!(info["audience"], server());
    assert_eq!(info["expiresAt"], info["exp"]);
    assert_eq!(info["expired"], false);
    assert_eq!(info["scopeWords"], json!(["workspace:read", "workspace:write"]));
    assert_eq!(info["scopes"], json!({}));
    let check = rust(
        &xano_meta::scopes::check_access(
            JsValue::from(&token),
            JsValue::from("postWorkspaceTable"),
        )
        .unwrap(),
    );
    assert_eq!(check["access"], "unknown");
    assert_eq!(check["held"], Value::Null);
    let reason = check["reason"].as_str().unwrap();
    assert!(
        reason.contains("OAuth access token") && reason.contains("workspace:read workspace:write"),
        "{reason}"
    );
    let audit = rust(
        &xano_meta::scopes::audit_token(JsValue::from(&token), js(json!(["getWorkspaceTable"])))
            .unwrap(),
    );
    assert_eq!(audit["extra"], Value::Null, "no scope map to audit");
    // Unknown is not denied: the call goes out, and the server accepts the token.
    resolve(client_with(&token, Some("enforce")).post_workspace_table(
        js(json!({ "workspace_id": 81, "body": { "name": "x" } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let got = received("/api:meta/workspace/81/table").await;
    assert_eq!(got.len(), 1);
    assert_eq!((&got[0]["auth"], &got[0]["status"]), (&json!("bearer"), &json!(200)));
    // An OAuth token for another instance is Xano's to refuse (401), not the client's.
    let elsewhere = synthetic_jwt(
        &json!({ "typ": "at+jwt" }),
        &oauth_payload("https://x2-other.n7.xano.io", now() + 3600, "workspace:read"),
    );
    let error = JsFuture::from(
        client_with(&elsewhere, None)
            .get_workspace_table(js(json!({ "workspace_id": 82 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!((get(&error, "name"), get(&error, "status")), ("XanoApiError".into(), 401.into()));
}

pub async fn expired_or_early_oauth_tokens_are_refused_with_nothing_sent() {
    let expired = oauth_token(now() - 60);
    let info = rust(&xano_meta::scopes::decode_token(JsValue::from(&expired)).unwrap());
    assert_eq!((&info["kind"], &info["expired"]), (&json!("oauth"), &json!(true)));
    let error = JsFuture::from(
        client_with(&expired, None)
            .get_workspace_table(js(json!({ "workspace_id": 83 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoScopeError");
    assert_eq!((get(&error, "expired"), get(&error, "notYetValid")), (true.into(), false.into()));
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("the token expired at ") && message.ends_with("no request was sent"),
        "{message}"
    );
    assert!(!message.contains(&expired) && !message.contains(expired.split('.').nth(1).unwrap()));
    assert!(received("/api:meta/workspace/83/table").await.is_empty(), "0 requests");
    // Xano would refuse it too: with the check off, the server answers 401.
    let error = JsFuture::from(
        client_with(&expired, Some("off"))
            .get_workspace_table(js(json!({ "workspace_id": 84 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "status"), 401);
    assert_eq!(received("/api:meta/workspace/84/table").await[0]["auth"], "invalid");

    // `nbf` an hour ahead: not valid yet, refused with the reason, nothing sent.
    let early = synthetic_jwt(
        &json!({ "typ": "at+jwt" }),
        &json!({ "aud": server(), "nbf": now() + 3600, "exp": now() + 7200, "scope": "workspace:read" }),
    );
    let error = JsFuture::from(
        client_with(&early, None)
            .get_workspace_table(js(json!({ "workspace_id": 85 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!((get(&error, "notYetValid"), get(&error, "expired")), (true.into(), false.into()));
    assert!(get(&error, "reason")
        .as_string()
        .unwrap()
        .starts_with("the token is not valid before "));
    assert!(received("/api:meta/workspace/85/table").await.is_empty(), "0 requests");
}

pub async fn a_metadata_token_past_its_exp_is_refused() {
    let mut payload =
        token_payload(json!({ "workspace:database": 15 }), "2099-01-01 00:00:00+0000");
    payload["exp"] = json!(now() - 60);
    let token = synthetic_token(&payload);
    let info = rust(&xano_meta::scopes::decode_token(JsValue::from(&token)).unwrap());
    assert_eq!((&info["kind"], &info["expired"]), (&json!("metadata"), &json!(true)));
    assert_eq!(info["expiresAtText"], "2099-01-01 00:00:00+0000");
    assert_eq!(info["expiresAt"], info["exp"], "the earlier of the two");
    let error = JsFuture::from(
        client_with(&token, None)
            .get_workspace_table(js(json!({ "workspace_id": 86 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "expired"), true);
    // As `checkAccess` says it: null, the scope was not checked.
    assert!(get(&error, "held").is_null(), "held of an expired token's refusal");
    assert!(received("/api:meta/workspace/86/table").await.is_empty(), "0 requests");
}

pub async fn scopes_have_one_name_and_instance_workspace_is_an_inference() {
    let token = read_only_token();
    let find = |name: &str| -> Value {
        let all = rust(&xano_meta::introspect::operations().into());
        all.as_array().unwrap().iter().find(|o| o["name"] == name).cloned().unwrap()
    };
    let apigroup = find("getWorkspaceApigroup");
    assert_eq!(apigroup["scope"], "Workspace Api: Read", "the spec's raw text");
    assert_eq!(apigroup["requirement"]["name"], "Workspace API Groups");
    let error = JsFuture::from(client_with(&token, None).post_workspace_apigroup(
        js(json!({ "workspace_id": 87, "body": { "name": "g", "description": "", "swagger": true } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(get(&error, "scopeName"), "Workspace API Groups");
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("needs Workspace API Groups (workspace:api): Create"), "{message}");
    assert!(!message.contains("Workspace Api:"), "{message}");
    // Instance Workspace: the key is inferred, and checked only when the token carries it.
    let branch = rust(
        &xano_meta::scopes::check_access(
            JsValue::from(&token),
            JsValue::from("getWorkspaceBranch"),
        )
        .unwrap(),
    );
    assert_eq!(branch["access"], "unknown");
    assert_eq!(
        branch["requirement"],
        json!({ "source": "inferred", "key": "instance:workspace", "name": "Instance Workspace", "permission": "Read",
                "inferredFrom": "xano-inc/xano-developer-mcp src/meta_api_docs/topics/authentication.ts" })
    );
    let carrying = synthetic_token(&token_payload(
        json!({ "instance:workspace": 2 }),
        "2099-01-01 00:00:00+0000",
    ));
    let allowed = rust(
        &xano_meta::scopes::check_access(
            JsValue::from(&carrying),
            JsValue::from("getWorkspaceBranch"),
        )
        .unwrap(),
    );
    assert_eq!((&allowed["access"], &allowed["held"]), (&json!("allowed"), &json!(["Read"])));
    // Inferred: a denial is sent with a warning by default, as for the path rule.
    resolve(client_with(&carrying, None).put_workspace_branch_by_branch_label(
        js(json!({ "workspace_id": 88, "branch_label": "dev", "body": { "label": "dev2" } })),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(received("/api:meta/workspace/88/branch/dev").await.len(), 1);
    // A key the package does not know is shown as such.
    let odd = synthetic_token(&token_payload(
        json!({ "workspace:gadget": 15 }),
        "2099-01-01 00:00:00+0000",
    ));
    let info = rust(&xano_meta::scopes::decode_token(JsValue::from(&odd)).unwrap());
    assert_eq!(
        info["scopes"]["workspace:gadget"],
        json!({ "name": null, "value": 15, "permissions": ["Create", "Read", "Update", "Delete"] })
    );
    let audit = rust(
        &xano_meta::scopes::audit_token(JsValue::from(&odd), js(json!(["getWorkspaceTable"])))
            .unwrap(),
    );
    assert_eq!(
        audit["extra"],
        json!([{ "key": "workspace:gadget", "name": null, "permissions": ["Create", "Read", "Update", "Delete"], "value": 15, "inferredFrom": null }])
    );
}

pub async fn token_report_checks_every_operation_from_one_decoding() {
    let token = read_only_token();
    let report = rust(&xano_meta::scopes::token_report(JsValue::from(&token)).unwrap());
    let all = rust(&xano_meta::introspect::operations().into());
    let access = report["access"].as_array().unwrap();
    assert_eq!(access.len(), all.as_array().unwrap().len());
    for (check, op) in access.iter().zip(all.as_array().unwrap()) {
        assert_eq!(check["operation"], op["name"]);
        assert_eq!(check["requirement"], op["requirement"]);
    }
    let one = rust(
        &xano_meta::scopes::check_access(
            JsValue::from(&token),
            JsValue::from("postWorkspaceTable"),
        )
        .unwrap(),
    );
    assert!(access.contains(&one), "the same answer as checkAccess");
    assert_eq!(
        report["token"],
        rust(&xano_meta::scopes::decode_token(JsValue::from(&token)).unwrap())
    );
    let error = xano_meta::scopes::token_report(JsValue::from("not-a-token")).unwrap_err();
    assert_eq!(get(&error, "name"), "XanoTokenError");
}

/// A PAT opens the whole account: browsers, workers and extensions must opt in.
pub async fn account_client_needs_an_opt_in_in_browsers(in_browser: bool) {
    let base = format!("{}/account/api:meta", server());
    let plain = XanoAccountClient::new(js(json!({ "baseUrl": base, "token": TOKEN })));
    if in_browser {
        let error = plain.unwrap_err();
        assert_eq!(get(&error, "name"), "XanoConfigError");
        assert!(get(&error, "message").as_string().unwrap().contains("allowBrowserPat: true"));
    } else {
        assert!(plain.is_ok());
    }
    let opted_in = XanoAccountClient::new(js(
        json!({ "baseUrl": base, "token": TOKEN, "allowBrowserPat": true }),
    ))
    .unwrap();
    let instances =
        resolve(opted_in.get_instance(JsValue::UNDEFINED, JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(instances[0]["name"], "x1-test");
}

pub async fn typed_rust_paging_walks_every_page() {
    let path = "/api:meta/workspace/19/table/5/content";
    let setup = gloo_net::http::Request::post(&format!("{}/__pages", server()))
        .json(&json!({ "path": path, "total": 45 }))
        .unwrap();
    assert!(setup.send().await.unwrap().ok());
    let client = InstanceClient::new(&format!("{}/api:meta", server()), TOKEN).unwrap();
    let params = GetWorkspaceTableContentParams {
        workspace_id: 19,
        table_id: 5,
        page: None,
        per_page: Some(20),
        x_data_source: None,
    };
    let mut ids = Vec::new();
    use xano_meta::generated::instance::operations::{index, OPERATIONS};
    let pages = xano_meta_runtime::typed::walk_pages(
        &OPERATIONS[index::GET_WORKSPACE_TABLE_CONTENT],
        1,
        10,
        |page| {
            client.get_workspace_table_content(GetWorkspaceTableContentParams {
                page: Some(page),
                ..params.clone()
            })
        },
        |page| {
            ids.extend(
                page.items
                    .and_then(|items| items.as_array().cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|row| row["id"].as_i64()),
            )
        },
    )
    .await
    .unwrap();
    assert_eq!(pages, 3);
    assert_eq!(ids, (1..=45).collect::<Vec<_>>());
    let sent: Vec<Value> =
        received(path).await.iter().map(|r| r["query"]["page"].clone()).collect();
    assert_eq!(sent, [json!("1"), json!("2"), json!("3")]);
}
