//! Answers that are not JSON, as Xano sends them (docs/XANO.md, "Where the spec is
//! wrong"): the workspace export is a gzipped tar archive, the XanoScript multidoc is
//! text. What arrived is compared with what the server sent (its recorded byte count
//! and SHA-256), and broken transfers must fail, never resolve short.

use js_sys::{Array, Reflect, Uint8Array};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::network::control;
use crate::scenarios::{client, get, js, received};

const EXPORT: &str = "/api:meta/workspace/60/export";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a `Blob`, copied into Rust (fine for a test).
async fn blob_bytes(blob: &JsValue) -> Vec<u8> {
    let blob: &web_sys::Blob = blob.unchecked_ref();
    let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
    Uint8Array::new(&buffer).to_vec()
}

/// What the server recorded as sent for the one call to `path`.
async fn sent(path: &str) -> Value {
    let records = received(path).await;
    assert_eq!(records.len(), 1, "{records:?}");
    records[0]["sent"].clone()
}

async fn export(options: Value) -> Result<JsValue, JsValue> {
    let params = js(json!({ "workspace_id": 60, "body": { "branch": "v1" } }));
    JsFuture::from(client().post_workspace_export(params, js(options))).await
}

/// A client's options object with `onProgress` recording into the returned array.
fn recording_progress(options: Value) -> (JsValue, Array) {
    let events = Array::new();
    let sink = events.clone();
    let hook = wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        sink.push(&event);
    });
    let options = js(options);
    Reflect::set(&options, &"onProgress".into(), &hook.into_js_value()).unwrap();
    (options, events)
}

pub async fn the_export_is_an_archive_named_by_the_server() {
    let file = export(json!({})).await.unwrap();
    assert!(file.is_instance_of::<web_sys::File>(), "a File, since the answer names one");
    let file: &web_sys::File = file.unchecked_ref();
    assert_eq!(file.name(), "workspace-60.tar.gz");
    assert_eq!(file.type_(), "application/gzip");
    let bytes = blob_bytes(&file.clone().into()).await;
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
    let sent = sent(EXPORT).await;
    assert_eq!(bytes.len() as u64, sent["bytes"].as_u64().unwrap());
    assert_eq!(hex(&Sha256::digest(&bytes)), sent["sha256"]);
    // The body was sent as the call said.
    assert_eq!(received(EXPORT).await[0]["body"]["value"], json!({ "branch": "v1" }));
}

pub async fn operations_say_which_were_corrected_and_on_what_evidence() {
    let all = xano_meta::introspect::operations();
    let find = |name: &str| all.iter().find(|op| get(op, "name") == name).unwrap();
    let export = find("postWorkspaceExport");
    assert_eq!(get(&export, "response"), "binary");
    let corrections: Array = get(&export, "corrections").dyn_into().unwrap();
    assert!(corrections.length() >= 1);
    let evidence = get(&corrections.get(0), "evidence").as_string().unwrap();
    assert!(evidence.contains("calycode/xano-tools"), "{evidence}");
    assert_eq!(get(&find("getBetaWorkspaceMultidoc"), "response"), "text");
    assert_eq!(get(&find("getWorkspaceTable"), "response"), "page");
    let uncorrected: Array = get(&find("postWorkspaceTable"), "corrections").dyn_into().unwrap();
    assert_eq!(uncorrected.length(), 0);
}

pub async fn the_multidoc_is_xanoscript_text() {
    let path = "/api:meta/beta/workspace/61/multidoc";
    let text = JsFuture::from(
        client().get_beta_workspace_multidoc(js(json!({ "workspace_id": 61 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let text = text.as_string().expect("a string");
    let documents: Vec<&str> = text.split("\n---\n").collect();
    assert_eq!(documents.len(), 3, "{text}");
    assert!(text.contains("こんにちは") && text.contains("🦄") && text.contains("café"), "{text}");
    let sent = sent(path).await;
    assert_eq!(hex(&Sha256::digest(text.as_bytes())), sent["sha256"], "non-ASCII intact");
}

pub async fn a_big_text_answer_arrives_whole() {
    let path = "/api:meta/beta/workspace/62/multidoc";
    control("/__downloads", json!({ "path": path, "bytes": 50_000_000 })).await;
    let text = JsFuture::from(
        client().get_beta_workspace_multidoc(js(json!({ "workspace_id": 62 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let text: js_sys::JsString = text.dyn_into().expect("a string");
    assert_eq!(text.length(), 50_000_000);
    let sent = sent(path).await;
    assert_eq!(sent["bytes"], 50_000_000);
    assert_eq!(hex(&Sha256::digest(String::from(text).as_bytes())), sent["sha256"]);
}

pub async fn progress_is_reported_as_bytes_arrive() {
    let path = "/api:meta/workspace/63/export";
    control("/__downloads", json!({ "path": path, "bytes": 3_000_000 })).await;
    let (options, events) = recording_progress(json!({}));
    let params = js(json!({ "workspace_id": 63, "body": { "branch": "v1" } }));
    let blob = JsFuture::from(client().post_workspace_export(params, options)).await.unwrap();
    let events = crate::scenarios::rust(&events);
    let events = events.as_array().unwrap();
    assert!(events.len() >= 2, "{events:?}");
    assert_eq!(events[0], json!({ "loaded": 0, "total": 3_000_000 }));
    assert_eq!(events.last().unwrap(), &json!({ "loaded": 3_000_000, "total": 3_000_000 }));
    let loaded: Vec<u64> = events.iter().map(|e| e["loaded"].as_u64().unwrap()).collect();
    assert!(loaded.windows(2).all(|w| w[0] <= w[1]), "{loaded:?}");
    let bytes = blob_bytes(&blob).await;
    assert_eq!(hex(&Sha256::digest(&bytes)), sent(path).await["sha256"]);
}

pub async fn a_stream_hands_the_body_over_unread() {
    let path = "/api:meta/workspace/64/export";
    control("/__downloads", json!({ "path": path, "bytes": 20_000_000 })).await;
    let (options, events) = recording_progress(json!({ "parseAs": "stream" }));
    let params = js(json!({ "workspace_id": 64, "body": { "branch": "v1" } }));
    let stream = JsFuture::from(client().post_workspace_export(params, options)).await.unwrap();
    let stream: web_sys::ReadableStream = stream.dyn_into().expect("a ReadableStream");
    // Read and hash chunk by chunk: no more than one chunk is held at a time.
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut hash = Sha256::new();
    let mut total = 0u64;
    let mut largest = 0u32;
    loop {
        let step = JsFuture::from(reader.read()).await.unwrap();
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        let chunk: Uint8Array = get(&step, "value").dyn_into().unwrap();
        largest = largest.max(chunk.length());
        total += u64::from(chunk.length());
        hash.update(chunk.to_vec());
    }
    let sent = sent(path).await;
    assert_eq!(total, 20_000_000);
    assert_eq!(hex(&hash.finalize()), sent["sha256"]);
    assert!(largest < 20_000_000, "the body came in chunks, not at once: {largest}");
    let events = crate::scenarios::rust(&events);
    let last = events.as_array().unwrap().last().cloned().unwrap_or_default();
    assert_eq!(last, json!({ "loaded": 20_000_000, "total": 20_000_000 }));
}

pub async fn a_dropped_archive_is_a_network_error_not_a_short_success() {
    let path = "/api:meta/workspace/65/export";
    for parse_as in ["auto", "stream"] {
        control(
            "/__downloads",
            json!({ "path": path, "bytes": 4_000_000, "dropAfter": 1_000_000 }),
        )
        .await;
        let params = js(json!({ "workspace_id": 65, "body": { "branch": "v1" } }));
        let options = js(json!({ "parseAs": parse_as, "attempts": 1 }));
        let outcome = JsFuture::from(client().post_workspace_export(params, options)).await;
        let error = match (parse_as, outcome) {
            ("auto", outcome) => outcome.expect_err("a cut archive must not resolve"),
            (_, Ok(stream)) => {
                let stream: web_sys::Response =
                    web_sys::Response::new_with_opt_readable_stream(Some(stream.unchecked_ref()))
                        .unwrap();
                JsFuture::from(stream.array_buffer().unwrap()).await.expect_err("reading fails")
            }
            (_, Err(error)) => error,
        };
        if parse_as == "auto" {
            assert_eq!(get(&error, "name"), "XanoNetworkError", "{parse_as}");
        }
    }
    // A POST is never sent twice, even when its answer broke off.
    assert_eq!(received(path).await.len(), 2);
}

pub async fn a_body_shorter_than_its_content_length_is_an_error() {
    let path = "/api:meta/workspace/66/export";
    control("/__downloads", json!({ "path": path, "bytes": 500_000, "declaredLength": 800_000 }))
        .await;
    let params = js(json!({ "workspace_id": 66, "body": { "branch": "v1" } }));
    let (options, _) = recording_progress(json!({}));
    let error = JsFuture::from(client().post_workspace_export(params, options)).await.unwrap_err();
    assert_eq!(get(&error, "name"), "XanoNetworkError");
    assert_eq!(received(path).await.len(), 1);
}

/// A gzipped answer whose `Content-Encoding` the server does not expose to another
/// origin: a browser shows its (compressed) `Content-Length` but not the encoding,
/// and hands over the decoded bytes. In Chromium this once failed as "ended early".
pub async fn a_compressed_answer_is_read_whole_where_its_encoding_is_hidden() {
    let path = "/api:meta/workspace/68/export";
    control("/__downloads", json!({ "path": path, "bytes": 1_500_000, "gzip": true })).await;
    for parse_as in ["blob", "stream"] {
        let (options, events) = recording_progress(json!({ "parseAs": parse_as }));
        let params = js(json!({ "workspace_id": 68, "body": { "branch": "v1" } }));
        let body = JsFuture::from(client().post_workspace_export(params, options)).await;
        let body = body.unwrap_or_else(|e| panic!("{parse_as}: {:?}", get(&e, "message")));
        let bytes = if parse_as == "stream" {
            let response =
                web_sys::Response::new_with_opt_readable_stream(Some(body.unchecked_ref()))
                    .unwrap();
            Uint8Array::new(&JsFuture::from(response.array_buffer().unwrap()).await.unwrap())
                .to_vec()
        } else {
            blob_bytes(&body).await
        };
        let records = received(path).await;
        let sent = &records.last().unwrap()["sent"];
        assert_eq!(bytes.len() as u64, 1_500_000, "{parse_as}");
        assert_eq!(hex(&Sha256::digest(&bytes)), sent["sha256"], "{parse_as}");
        let events = crate::scenarios::rust(&events);
        let last = events.as_array().unwrap().last().cloned().unwrap_or_default();
        assert_eq!(last["loaded"], 1_500_000, "{parse_as}: {events:?}");
    }
}

pub async fn an_empty_answer_is_null_and_forms_can_be_forced() {
    let path = "/api:meta/workspace/67/export";
    control("/__downloads", json!({ "path": path, "bytes": 0 })).await;
    let params = || js(json!({ "workspace_id": 67, "body": { "branch": "v1" } }));
    let empty =
        JsFuture::from(client().post_workspace_export(params(), JsValue::UNDEFINED)).await.unwrap();
    assert!(empty.is_null(), "Content-Length: 0 is null");
    control("/__downloads", json!({ "path": path, "bytes": null })).await;
    let buffer = JsFuture::from(
        client().post_workspace_export(params(), js(json!({ "parseAs": "arrayBuffer" }))),
    )
    .await
    .unwrap();
    assert!(buffer.is_instance_of::<js_sys::ArrayBuffer>());
    let response = JsFuture::from(
        client().post_workspace_export(params(), js(json!({ "parseAs": "response" }))),
    )
    .await
    .unwrap();
    let response: web_sys::Response = response.dyn_into().expect("a Response");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("content-type").unwrap().as_deref(),
        Some("application/gzip")
    );
    let error =
        JsFuture::from(client().post_workspace_export(params(), js(json!({ "parseAs": "xml" }))))
            .await
            .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoArgumentError");
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("parseAs") && message.contains("arrayBuffer"), "{message}");
    // Refused before sending: three calls reached the server, not four.
    assert_eq!(received(path).await.len(), 3);
}

pub async fn json_that_is_not_json_names_status_and_media_type() {
    let path = "/api:meta/workspace/68/table";
    crate::network::script("GET", path, json!([{ "malformedJson": true }])).await;
    let error = JsFuture::from(
        client().get_workspace_table(js(json!({ "workspace_id": 68 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoDecodeError");
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("HTTP 200") && message.contains("application/json"), "{message}");
    assert!(!message.contains(crate::scenarios::TOKEN), "{message}");
}
