//! The shared scenarios in Node (wasm-bindgen-test's default).
#![cfg(target_arch = "wasm32")]

mod scenarios;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn lists_a_page_with_query_parameters() {
    scenarios::lists_a_page_with_query_parameters().await;
}

#[wasm_bindgen_test]
async fn posts_a_json_body() {
    scenarios::posts_a_json_body().await;
}

#[wasm_bindgen_test]
async fn uploads_bytes_as_multipart() {
    scenarios::uploads_bytes_as_multipart().await;
}

#[wasm_bindgen_test]
async fn encodes_path_values_and_sends_headers() {
    scenarios::encodes_path_values_and_sends_headers().await;
}

#[wasm_bindgen_test]
async fn refuses_bad_arguments_without_sending() {
    scenarios::refuses_bad_arguments_without_sending().await;
}

#[wasm_bindgen_test]
async fn turns_xano_errors_into_typed_errors_without_the_token() {
    scenarios::turns_xano_errors_into_typed_errors_without_the_token().await;
}

#[wasm_bindgen_test]
async fn refuses_bad_client_options() {
    scenarios::refuses_bad_client_options().await;
}

#[wasm_bindgen_test]
async fn describes_every_operation() {
    scenarios::describes_every_operation().await;
}

#[wasm_bindgen_test]
async fn typed_rust_client_round_trips() {
    scenarios::typed_rust_client_round_trips().await;
}
