// The scenarios, registered once for both test binaries (`node.rs`, `browser.rs`),
// which `include!` this file after saying where they run (`IN_BROWSER`).

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

#[wasm_bindgen_test]
async fn scope_check_refuses_what_the_token_cannot_do() {
    scenarios::scope_check_refuses_what_the_token_cannot_do().await;
}

#[wasm_bindgen_test]
async fn inferred_denials_warn_by_default_and_modes_change_that() {
    scenarios::inferred_denials_warn_by_default_and_modes_change_that().await;
}

#[wasm_bindgen_test]
async fn expired_tokens_are_refused() {
    scenarios::expired_tokens_are_refused().await;
}

#[wasm_bindgen_test]
async fn token_functions_answer_from_the_token() {
    scenarios::token_functions_answer_from_the_token().await;
}

#[wasm_bindgen_test]
async fn oauth_tokens_are_sent_and_checks_answer_unknown() {
    scenarios::oauth_tokens_are_sent_and_checks_answer_unknown().await;
}

#[wasm_bindgen_test]
async fn expired_or_early_oauth_tokens_are_refused_with_nothing_sent() {
    scenarios::expired_or_early_oauth_tokens_are_refused_with_nothing_sent().await;
}

#[wasm_bindgen_test]
async fn a_metadata_token_past_its_exp_is_refused() {
    scenarios::a_metadata_token_past_its_exp_is_refused().await;
}

#[wasm_bindgen_test]
async fn scopes_have_one_name_and_instance_workspace_is_an_inference() {
    scenarios::scopes_have_one_name_and_instance_workspace_is_an_inference().await;
}

#[wasm_bindgen_test]
async fn token_report_checks_every_operation_from_one_decoding() {
    scenarios::token_report_checks_every_operation_from_one_decoding().await;
}

#[wasm_bindgen_test]
async fn account_client_needs_an_opt_in_in_browsers() {
    scenarios::account_client_needs_an_opt_in_in_browsers(IN_BROWSER).await;
}

#[wasm_bindgen_test]
async fn rate_limits_are_retried_honouring_retry_after() {
    network::rate_limits_are_retried_honouring_retry_after().await;
}

#[wasm_bindgen_test]
async fn rate_limits_without_retry_after_back_off_and_give_up_typed() {
    network::rate_limits_without_retry_after_back_off_and_give_up_typed().await;
}

#[wasm_bindgen_test]
async fn a_post_is_never_sent_twice_unless_the_caller_opts_in() {
    network::a_post_is_never_sent_twice_unless_the_caller_opts_in().await;
}

#[wasm_bindgen_test]
async fn safe_methods_retry_server_and_network_errors() {
    network::safe_methods_retry_server_and_network_errors().await;
}

#[wasm_bindgen_test]
async fn abort_stops_a_call_waiting_to_retry_or_queued() {
    network::abort_stops_a_call_waiting_to_retry_or_queued().await;
}

#[wasm_bindgen_test]
async fn a_dropped_rust_call_gives_back_its_place_in_the_limiter() {
    network::a_dropped_rust_call_gives_back_its_place_in_the_limiter().await;
}

#[wasm_bindgen_test]
async fn timeouts_are_typed_and_retried_for_safe_methods() {
    network::timeouts_are_typed_and_retried_for_safe_methods().await;
}

#[wasm_bindgen_test]
async fn paging_visits_every_page_once() {
    network::paging_visits_every_page_once().await;
}

#[wasm_bindgen_test]
async fn malformed_and_large_bodies() {
    network::malformed_and_large_bodies().await;
}

#[wasm_bindgen_test]
async fn redirects_never_carry_the_token_to_another_origin() {
    network::redirects_never_carry_the_token_to_another_origin().await;
}

#[wasm_bindgen_test]
async fn the_limiter_spreads_a_burst_with_no_429_in_order() {
    network::the_limiter_spreads_a_burst_with_no_429_in_order().await;
}

#[wasm_bindgen_test]
async fn typed_rust_paging_walks_every_page() {
    scenarios::typed_rust_paging_walks_every_page().await;
}

#[wasm_bindgen_test]
async fn the_export_is_an_archive_named_by_the_server() {
    downloads::the_export_is_an_archive_named_by_the_server().await;
}

#[wasm_bindgen_test]
async fn the_multidoc_is_xanoscript_text() {
    downloads::the_multidoc_is_xanoscript_text().await;
}

#[wasm_bindgen_test]
async fn a_big_text_answer_arrives_whole() {
    downloads::a_big_text_answer_arrives_whole().await;
}

#[wasm_bindgen_test]
async fn progress_is_reported_as_bytes_arrive() {
    downloads::progress_is_reported_as_bytes_arrive().await;
}

#[wasm_bindgen_test]
async fn a_stream_hands_the_body_over_unread() {
    downloads::a_stream_hands_the_body_over_unread().await;
}

#[wasm_bindgen_test]
async fn a_dropped_archive_is_a_network_error_not_a_short_success() {
    downloads::a_dropped_archive_is_a_network_error_not_a_short_success().await;
}

#[wasm_bindgen_test]
async fn a_body_shorter_than_its_content_length_is_an_error() {
    downloads::a_body_shorter_than_its_content_length_is_an_error().await;
}

#[wasm_bindgen_test]
async fn a_compressed_answer_is_read_whole_where_its_encoding_is_hidden() {
    downloads::a_compressed_answer_is_read_whole_where_its_encoding_is_hidden().await;
}

#[wasm_bindgen_test]
async fn an_empty_answer_is_null_and_forms_can_be_forced() {
    downloads::an_empty_answer_is_null_and_forms_can_be_forced().await;
}

#[wasm_bindgen_test]
async fn json_that_is_not_json_names_status_and_media_type() {
    downloads::json_that_is_not_json_names_status_and_media_type().await;
}

#[wasm_bindgen_test]
async fn messages_name_the_operation_with_method_and_path() {
    errors::messages_name_the_operation_with_method_and_path().await;
}

#[wasm_bindgen_test]
async fn network_errors_name_the_host_and_keep_the_cause() {
    errors::network_errors_name_the_host_and_keep_the_cause().await;
}

#[wasm_bindgen_test]
async fn a_post_that_may_have_been_applied_says_so() {
    errors::a_post_that_may_have_been_applied_says_so().await;
}

#[wasm_bindgen_test]
async fn an_abort_keeps_its_reason_as_the_cause() {
    errors::an_abort_keeps_its_reason_as_the_cause().await;
}

#[wasm_bindgen_test]
async fn statuses_say_what_usually_causes_them() {
    errors::statuses_say_what_usually_causes_them().await;
}

#[wasm_bindgen_test]
async fn arguments_are_checked_before_scopes_with_suggestions() {
    errors::arguments_are_checked_before_scopes_with_suggestions().await;
}

#[wasm_bindgen_test]
async fn body_fields_with_an_enum_are_checked() {
    errors::body_fields_with_an_enum_are_checked().await;
}

#[wasm_bindgen_test]
async fn unknown_operation_names_are_argument_errors_with_the_nearest_name() {
    errors::unknown_operation_names_are_argument_errors_with_the_nearest_name().await;
}

#[wasm_bindgen_test]
async fn operations_say_which_were_corrected_and_on_what_evidence() {
    downloads::operations_say_which_were_corrected_and_on_what_evidence().await;
}
