//! The network as it really is, against the fault-injecting test server: retries,
//! the rate limiter, timeouts, cancellation, paging, malformed and large bodies,
//! redirects. Each scenario proves what happened by the server's own record.

use js_sys::{Array, Promise};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use xano_meta::client::XanoClient;

use crate::scenarios::{control_get, get, js, received, rust, server, TOKEN};

/// POSTs `body` to a control route of the test server.
pub async fn control(route: &str, body: Value) -> Value {
    let response = gloo_net::http::Request::post(&format!("{}{route}", server()))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "{route}: {}", response.status());
    response.json().await.unwrap_or(Value::Null)
}

/// Scripts the next responses of `method path`.
pub async fn script(method: &str, path: &str, steps: Value) {
    control("/__faults", json!({ "method": method, "path": path, "responses": steps })).await;
}

/// A client whose retries are recorded into the returned array.
fn client_recording_retries(extra: Value) -> (XanoClient, Array) {
    let events = Array::new();
    let options = js(json!({ "baseUrl": format!("{}/api:meta", server()), "token": TOKEN }));
    let sink = events.clone();
    let hook = wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        sink.push(&event);
    });
    js_sys::Reflect::set(&options, &"onRetry".into(), hook.as_ref()).unwrap();
    hook.forget();
    for (key, value) in extra.as_object().unwrap() {
        js_sys::Reflect::set(&options, &key.into(), &js(value.clone())).unwrap();
    }
    (XanoClient::new(options).unwrap(), events)
}

fn statuses(records: &[Value]) -> Vec<Value> {
    records.iter().map(|r| r["status"].clone()).collect()
}

pub async fn rate_limits_are_retried_honouring_retry_after() {
    let path = "/api:meta/workspace/41/table";
    script("GET", path, json!([{ "status": 429, "retryAfter": "1" }, { "status": 429, "retryAfter": "http-date+1" }, { "pass": true }])).await;
    let (client, events) = client_recording_retries(json!({}));
    let page = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 41 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    assert_eq!(rust(&page)["curPage"], 1);
    assert_eq!(statuses(&received(path).await), [json!(429), json!(429), json!(200)]);
    let events = rust(&events);
    assert_eq!(events.as_array().unwrap().len(), 2);
    assert_eq!(
        events[0],
        json!({ "operation": "getWorkspaceTable", "attempt": 1, "delayMs": 1000, "reason": "rate-limited", "status": 429 })
    );
    let date_wait = events[1]["delayMs"].as_f64().unwrap();
    assert!((0.0..=2000.0).contains(&date_wait), "an HTTP-date Retry-After of +1 s: {date_wait}");
}

pub async fn rate_limits_without_retry_after_back_off_and_give_up_typed() {
    let path = "/api:meta/workspace/42/table";
    script("GET", path, json!([{ "status": 429 }, { "status": 429 }])).await;
    let (client, events) = client_recording_retries(json!({}));
    let options = js(json!({ "attempts": 2 }));
    let error =
        JsFuture::from(client.get_workspace_table(js(json!({ "workspace_id": 42 })), options))
            .await
            .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoRateLimitError");
    assert_eq!(get(&error, "status"), 429);
    assert_eq!(get(&error, "attempts"), 2);
    let wait = rust(&events)[0]["delayMs"].as_f64().unwrap();
    assert!((1500.0..=3000.0).contains(&wait), "backoff from 3 s with jitter: {wait}");
    assert_eq!(received(path).await.len(), 2);
}

pub async fn a_post_is_never_sent_twice_unless_the_caller_opts_in() {
    let path = "/api:meta/workspace/43/table";
    let create = |client: &XanoClient, options: Value| {
        client.post_workspace_table(
            js(json!({ "workspace_id": 43, "body": { "name": "t" } })),
            js(options),
        )
    };
    let (client, _) = client_recording_retries(json!({}));
    for step in [json!({ "status": 503 }), json!({ "drop": true }), json!({ "status": 502 })] {
        script("POST", path, json!([step.clone(), { "pass": true }])).await;
        let error = JsFuture::from(create(&client, json!({}))).await.unwrap_err();
        assert_eq!(get(&error, "attempts"), 1, "{step}");
    }
    assert_eq!(received(path).await.len(), 3, "one request per call: the server may have acted");
    script("POST", path, json!([{ "status": 503 }, { "pass": true }])).await;
    JsFuture::from(create(&client, json!({ "retryUnsafe": true }))).await.unwrap();
    script("POST", path, json!([{ "status": 429, "retryAfter": "0" }, { "pass": true }])).await;
    JsFuture::from(create(&client, json!({}))).await.unwrap();
    assert_eq!(
        statuses(&received(path).await)[3..],
        [json!(503), json!(200), json!(429), json!(200)]
    );
}

pub async fn safe_methods_retry_server_and_network_errors() {
    let path = "/api:meta/workspace/44/table";
    script(
        "GET",
        path,
        json!([{ "status": 502 }, { "status": 504 }, { "drop": true }, { "pass": true }]),
    )
    .await;
    let (client, events) = client_recording_retries(json!({}));
    JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 44 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let reasons: Vec<Value> =
        rust(&events).as_array().unwrap().iter().map(|e| e["reason"].clone()).collect();
    assert_eq!(reasons, [json!("server-error"), json!("server-error"), json!("network")]);
    assert_eq!(received(path).await.len(), 4);
    script("GET", path, json!([{ "status": 500 }])).await;
    let error = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 44 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (get(&error, "status"), get(&error, "attempts")),
        (JsValue::from(500), JsValue::from(1)),
        "500 is an answer, not retried"
    );
}

pub async fn the_limiter_spreads_a_burst_with_no_429_in_order() {
    control("/__ratelimit", json!({ "requests": 20, "perSeconds": 1 })).await;
    let (client, events) =
        client_recording_retries(json!({ "rateLimit": { "requests": 20, "perSeconds": 1 } }));
    let calls: Array = (0..100)
        .map(|i| {
            JsValue::from(client.get_workspace_table_by_table_id(
                js(json!({ "workspace_id": 48, "table_id": i })),
                JsValue::UNDEFINED,
            ))
        })
        .collect();
    let results = JsFuture::from(Promise::all(&calls)).await;
    control("/__ratelimit", json!({})).await;
    results.unwrap();
    let records: Vec<Value> = received_prefix("/api:meta/workspace/48/table/").await;
    assert_eq!(records.len(), 100);
    assert!(records.iter().all(|r| r["status"] == 200), "no 429: {:?}", statuses(&records));
    assert_eq!(rust(&events), json!([]), "no retries were needed");
    // Started in the order called, 20 at a time; calls started together may
    // arrive in any order over parallel connections, windows may not.
    let windows: Vec<i64> = records
        .iter()
        .map(|r| r["pathParams"]["table_id"].as_str().unwrap().parse::<i64>().unwrap() / 20)
        .collect();
    assert!(
        windows.windows(2).all(|w| w[0] <= w[1]),
        "each window's calls come after the previous window's: {windows:?}"
    );
}

async fn received_prefix(prefix: &str) -> Vec<Value> {
    let all = control_get("/__received").await;
    all.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").starts_with(prefix))
        .cloned()
        .collect()
}

pub async fn abort_stops_a_call_waiting_to_retry_or_queued() {
    let path = "/api:meta/workspace/45/table";
    script("GET", path, json!([{ "status": 429, "retryAfter": "5" }, { "pass": true }])).await;
    let (client, events) = client_recording_retries(json!({}));
    let signal = web_sys::AbortSignal::timeout_with_u32(300);
    let options = js(json!({}));
    js_sys::Reflect::set(&options, &"signal".into(), &signal).unwrap();
    let started = js_sys::Date::now();
    let error =
        JsFuture::from(client.get_workspace_table(js(json!({ "workspace_id": 45 })), options))
            .await
            .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoAbortError");
    assert!(js_sys::Date::now() - started < 3000.0, "did not wait out the 5 s");
    assert_eq!(rust(&events).as_array().unwrap().len(), 1);
    assert_eq!(received(path).await.len(), 1, "the retry was never sent");

    // Queued behind the limiter: aborted before its turn, it is never sent.
    let (limited, _) =
        client_recording_retries(json!({ "rateLimit": { "requests": 1, "perSeconds": 10 } }));
    JsFuture::from(
        limited.get_workspace_table(js(json!({ "workspace_id": 46 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let options = js(json!({}));
    js_sys::Reflect::set(&options, &"signal".into(), &web_sys::AbortSignal::timeout_with_u32(200))
        .unwrap();
    let error =
        JsFuture::from(limited.get_workspace_table(js(json!({ "workspace_id": 46 })), options))
            .await
            .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoAbortError");
    assert_eq!(received("/api:meta/workspace/46/table").await.len(), 1);
}

pub async fn timeouts_are_typed_and_retried_for_safe_methods() {
    let path = "/api:meta/workspace/47/table";
    script("GET", path, json!([{ "delayMs": 3000 }])).await;
    let (client, _) = client_recording_retries(json!({ "timeoutMs": 300 }));
    let error = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 47 })), js(json!({ "attempts": 1 }))),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoTimeoutError");
    assert_eq!(get(&error, "timeoutMs"), 300);
    script("GET", path, json!([{ "delayMs": 3000 }, { "pass": true }])).await;
    let (client, events) = client_recording_retries(json!({ "timeoutMs": 300 }));
    JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 47 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    assert_eq!(rust(&events)[0]["reason"], "timeout");
}

pub async fn paging_visits_every_page_once() {
    let path = "/api:meta/workspace/49/table/3/content";
    control("/__pages", json!({ "path": path, "total": 137 })).await;
    let client = crate::scenarios::client();
    let items = client
        .iterate(
            "getWorkspaceTableContent".into(),
            js(json!({ "workspace_id": 49, "table_id": 3, "per_page": 50 })),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let mut ids = Vec::new();
    loop {
        let step = JsFuture::from(items.next()).await.unwrap();
        if get(&step, "done") == true {
            break;
        }
        ids.push(rust(&get(&step, "value"))["id"].as_i64().unwrap());
    }
    assert_eq!(ids, (1..=137).collect::<Vec<_>>());
    let pages: Vec<Value> =
        received(path).await.iter().map(|r| r["query"]["page"].clone()).collect();
    assert_eq!(pages, [json!("1"), json!("2"), json!("3")]);

    let pages = client
        .pages(
            "getWorkspaceTableContent".into(),
            js(json!({ "workspace_id": 49, "table_id": 3, "per_page": 50 })),
            js(json!({ "maxPages": 2 })),
        )
        .unwrap();
    JsFuture::from(pages.next()).await.unwrap();
    JsFuture::from(pages.next()).await.unwrap();
    let error = JsFuture::from(pages.next()).await.unwrap_err();
    assert_eq!(get(&error, "name"), "XanoPagingError");
    assert_eq!(get(&error, "maxPages"), 2);
    assert!(get(&error, "message").as_string().unwrap().contains("after 2 pages (`maxPages`)"));
    assert!(
        client.iterate("getWorkspace".into(), JsValue::UNDEFINED, JsValue::UNDEFINED).is_err(),
        "a bare array is not pageable"
    );

    // `return()` (a `break`) while a `next()` is in flight: that page is not handed
    // out, and nothing more is fetched.
    let path = "/api:meta/workspace/49/table/4/content";
    control("/__pages", json!({ "path": path, "total": 137 })).await;
    // Long enough that `return()` lands while the page is still on its way, on a
    // loaded machine too.
    script("GET", path, json!([{ "delayMs": 1500 }])).await;
    let items = client
        .iterate(
            "getWorkspaceTableContent".into(),
            js(json!({ "workspace_id": 49, "table_id": 4, "per_page": 50 })),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let in_flight = items.next();
    // Until the server has the request (each look is itself a round trip).
    for _ in 0..200 {
        if !received(path).await.is_empty() {
            break;
        }
    }
    assert_eq!(received(path).await.len(), 1, "the first page is asked for");
    let returned = JsFuture::from(items.return_(JsValue::from("bye"))).await.unwrap();
    assert_eq!((get(&returned, "done"), get(&returned, "value")), (true.into(), "bye".into()));
    assert_eq!(get(&JsFuture::from(in_flight).await.unwrap(), "done"), true);
    assert_eq!(get(&JsFuture::from(items.next()).await.unwrap(), "done"), true);
    assert_eq!(received(path).await.len(), 1, "only the page already in flight was asked for");
}

pub async fn malformed_and_large_bodies() {
    let path = "/api:meta/workspace/50/table";
    script("GET", path, json!([{ "malformedJson": true }, { "bigBody": 5_000_000 }])).await;
    let client = crate::scenarios::client();
    let error = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 50 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoDecodeError");
    let big = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 50 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let items: Array = get(&big, "items").dyn_into().unwrap();
    assert!(items.length() > 1000, "{}", items.length());
}

pub async fn redirects_never_carry_the_token_to_another_origin() {
    let path = "/api:meta/workspace/51/table";
    script("GET", path, json!([{ "redirect": "other-origin" }])).await;
    let client = crate::scenarios::client();
    let answer = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 51 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    assert_eq!(rust(&answer), json!({ "redirected": true }));
    let records = received(path).await;
    let other: Vec<&Value> =
        records.iter().filter(|r| r["origin"] == "other" && r["method"] == "GET").collect();
    assert_eq!(other.len(), 1, "{records:?}");
    assert_eq!(other[0]["authorization"], "absent");
    script("GET", path, json!([{ "redirect": "same-origin" }])).await;
    JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 51 })), JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let same = received(path)
        .await
        .into_iter()
        .filter(|r| r["origin"] == "main" && r["query"]["redirected"] == "1")
        .collect::<Vec<_>>();
    assert_eq!(same.len(), 1);
    assert_eq!(same[0]["authorization"], "present", "same origin keeps the token");

    // A failure where the redirect led names that host, where the client followed the
    // redirect itself (outside browsers; a browser's `fetch` tells nothing of it).
    script("GET", path, json!([{ "redirect": "other-origin" }, { "drop": true }])).await;
    let error = JsFuture::from(
        client.get_workspace_table(js(json!({ "workspace_id": 51 })), js(json!({ "attempts": 1 }))),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, "name"), "XanoNetworkError");
    let records = received(path).await;
    let other_gets = records.iter().filter(|r| r["origin"] == "other" && r["method"] == "GET");
    assert_eq!(other_gets.count(), 2, "each redirect to the other origin was followed");
    let origins = control_get("/__origins").await;
    let authority =
        |key: &str| xano_meta_runtime::url::authority(origins[key].as_str().unwrap()).to_owned();
    let host = get(&error, "host").as_string().unwrap();
    // A browser's `fetch` names no redirect target when it fails before an answer.
    let expected = if xano_meta_runtime::execute::in_browser() { "main" } else { "other" };
    assert_eq!(host, authority(expected));
}

/// Polls `future` once, as an executor would on its first turn.
fn poll_once<F: std::future::Future>(future: std::pin::Pin<&mut F>) -> std::task::Poll<F::Output> {
    use std::task::{Context, RawWaker, RawWakerVTable, Waker};
    fn clone(_: *const ()) -> RawWaker {
        RawWaker::new(std::ptr::null(), &NOOP)
    }
    fn noop(_: *const ()) {}
    static NOOP: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: the vtable's functions do nothing and never read the data pointer.
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &NOOP)) };
    future.poll(&mut Context::from_waker(&waker))
}

/// A promise that resolves to `value` after `ms`.
fn resolve_after(ms: i32, value: &str) -> Promise {
    let later = js_sys::Function::new_with_args(
        "ms, value",
        "return new Promise((resolve) => setTimeout(() => resolve(value), ms))",
    );
    later.call2(&JsValue::UNDEFINED, &ms.into(), &value.into()).unwrap().into()
}

pub async fn a_dropped_rust_call_gives_back_its_place_in_the_limiter() {
    use xano_meta::generated::instance::operations::OPERATIONS;
    use xano_meta_runtime::execute::SharedLimiter;
    use xano_meta_runtime::input::{CallInput, Value as Input};
    use xano_meta_runtime::limiter::Limiter;
    use xano_meta_runtime::typed::Client;

    let mut client = Client::new(&format!("{}/api:meta", server()), TOKEN).unwrap();
    client.settings_mut().limiter = Some(SharedLimiter::new(Limiter::new(1, 1.0).unwrap()));
    let op = OPERATIONS.iter().find(|op| op.js_name == "getWorkspaceTable").unwrap();
    let input = |id: f64| CallInput {
        params: vec![("workspace_id".to_owned(), Input::Number(id))],
        ..CallInput::default()
    };
    // The first call takes the window's one start; the second queues for the next
    // window, and its future is dropped there.
    client.call::<Value>(op, input(54.0)).await.unwrap();
    {
        let mut queued = Box::pin(client.call::<Value>(op, input(55.0)));
        assert!(poll_once(queued.as_mut()).is_pending(), "the second call waits for its turn");
    }
    // Had the dropped call kept its place, the third would wait behind it for ever.
    let third = {
        let client = client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            client.call::<Value>(op, input(56.0)).await.map_err(|e| e.to_string())?;
            Ok(JsValue::from_str("answered"))
        })
    };
    let first = Promise::race(&Array::of2(&third, &resolve_after(4000, "still waiting")));
    assert_eq!(JsFuture::from(first).await.unwrap(), "answered");
    assert_eq!(received("/api:meta/workspace/55/table").await.len(), 0, "never sent");
    assert_eq!(received("/api:meta/workspace/56/table").await.len(), 1);
}
