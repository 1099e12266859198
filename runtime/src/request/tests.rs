//! Request building against hand-written descriptors shaped like Xano's.

use super::*;
use crate::descriptor::{Api, BodyField, ResponseKind};
use crate::error::ArgumentError;

const WS: Param = Param {
    name: "workspace_id",
    location: Location::Path,
    ty: ValueType::Integer,
    required: true,
    allowed: &[],
};

static GET_CONTENT: Operation = Operation {
    name: "get_workspace_table_content_by_content_id",
    js_name: "getWorkspaceTableContentByContentId",
    api: Api::Instance,
    method: Method::Get,
    path: "/workspace/{workspace_id}/table/{table_id}/content/{content_id}",
    tag: "table / content",
    summary: "",
    scope: Some("Workspace Content: Read"),
    params: &[
        WS,
        Param {
            name: "table_id",
            location: Location::Path,
            ty: ValueType::Integer,
            required: true,
            allowed: &[],
        },
        Param {
            name: "content_id",
            location: Location::Path,
            ty: ValueType::String,
            required: true,
            allowed: &[],
        },
        Param {
            name: "x-data-source",
            location: Location::Header,
            ty: ValueType::String,
            required: false,
            allowed: &[],
        },
        Param {
            name: "include",
            location: Location::Query,
            ty: ValueType::Boolean,
            required: false,
            allowed: &[],
        },
        Param {
            name: "order",
            location: Location::Query,
            ty: ValueType::String,
            required: false,
            allowed: &["asc", "desc"],
        },
        Param {
            name: "search",
            location: Location::Query,
            ty: ValueType::String,
            required: false,
            allowed: &[],
        },
    ],
    body: None,
    response: ResponseKind::Object,
    requirement: crate::scope::Requirement::UNKNOWN,
    corrections: &[],
};

static POST_FILE: Operation = Operation {
    name: "post_workspace_file",
    js_name: "postWorkspaceFile",
    api: Api::Instance,
    method: Method::Post,
    path: "/workspace/{workspace_id}/file",
    tag: "file",
    summary: "",
    scope: None,
    params: &[WS],
    body: Some(Body {
        json: false,
        json_string: false,
        multipart: true,
        xanoscript: false,
        object: &[
            BodyField { name: "content", ty: ValueType::Binary, required: true, allowed: &[] },
            BodyField {
                name: "type",
                ty: ValueType::String,
                required: false,
                allowed: &["", "image", "video", "audio"],
            },
        ],
    }),
    response: ResponseKind::Object,
    requirement: crate::scope::Requirement::UNKNOWN,
    corrections: &[],
};

static POST_TABLE: Operation = Operation {
    name: "post_workspace_table",
    js_name: "postWorkspaceTable",
    api: Api::Instance,
    method: Method::Post,
    path: "/workspace/{workspace_id}/table",
    tag: "table",
    summary: "",
    scope: None,
    params: &[WS],
    body: Some(Body {
        json: true,
        json_string: false,
        multipart: true,
        xanoscript: true,
        object: &[
            BodyField { name: "name", ty: ValueType::String, required: true, allowed: &[] },
            BodyField { name: "auth", ty: ValueType::Boolean, required: false, allowed: &[] },
            BodyField { name: "tag", ty: ValueType::Array, required: false, allowed: &[] },
        ],
    }),
    response: ResponseKind::Object,
    requirement: crate::scope::Requirement::UNKNOWN,
    corrections: &[],
};

fn base() -> BaseUrl {
    BaseUrl::parse("https://x1.n7.xano.io/api:meta").unwrap()
}

fn params(pairs: &[(&str, Value<u8>)]) -> CallInput<u8> {
    CallInput {
        params: pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        body: BodyInput::None,
    }
}

fn argument_error(result: Result<Prepared<u8>, Error>) -> ArgumentError {
    match result {
        Err(Error::Argument(e)) => e,
        other => panic!("expected an argument error, got {other:?}"),
    }
}

#[test]
fn fills_path_query_and_headers() {
    let input = params(&[
        ("workspace_id", Value::Number(1.0)),
        ("table_id", Value::Number(22.0)),
        ("content_id", Value::Text("a b".into())),
        ("x-data-source", Value::Text("test".into())),
        ("include", Value::Bool(true)),
        ("search", Value::Text("x&y=z#".into())),
        ("order", Value::Missing),
    ]);
    let req = prepare(&GET_CONTENT, &base(), input).unwrap();
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://x1.n7.xano.io/api:meta/workspace/1/table/22/content/a%20b?include=true&search=x%26y%3Dz%23");
    assert_eq!(req.headers, vec![("x-data-source", "test".to_owned())]);
    assert_eq!(req.body, PreparedBody::None);
}

/// A template whose parameters sit inside a segment, one named with a `/`.
static PARTIAL_SEGMENTS: Operation = Operation {
    path: "/workspace/{workspace_id}/v{a/b}.json",
    params: &[
        WS,
        Param {
            name: "a/b",
            location: Location::Path,
            ty: ValueType::String,
            required: true,
            allowed: &[],
        },
    ],
    ..GET_CONTENT
};

#[test]
fn parameters_inside_a_segment_are_filled_in_place() {
    let input = params(&[("workspace_id", Value::Number(3.0)), ("a/b", Value::Text("x/y".into()))]);
    let req = prepare(&PARTIAL_SEGMENTS, &base(), input).unwrap();
    assert_eq!(req.url, "https://x1.n7.xano.io/api:meta/workspace/3/vx%2Fy.json");
}

#[test]
fn a_header_value_fetch_would_refuse_is_an_argument_error() {
    let with_header = |value: &str| {
        let input = params(&[
            ("workspace_id", Value::Number(1.0)),
            ("table_id", Value::Number(22.0)),
            ("content_id", Value::Text("7".into())),
            ("x-data-source", Value::Text(value.into())),
        ]);
        prepare(&GET_CONTENT, &base(), input)
    };
    for bad in ["a\nb", "a\r\nX-Evil: 1", "nul\0", "t\u{e9}st\u{2713}", "\u{1F600}"] {
        let e = argument_error(with_header(bad));
        assert_eq!(e.field, "x-data-source", "{bad:?}");
        assert!(e.problem.contains("header"), "{bad:?}: {}", e.problem);
    }
    for good in ["live", "with space\tand tab", "caf\u{e9}"] {
        assert!(with_header(good).is_ok(), "{good:?}");
    }
}

#[test]
fn no_path_value_can_change_the_path_shape() {
    for hostile in ["../../auth/me", "a/b", "?x=1", "#frag", "%2e%2e"] {
        let input = params(&[
            ("workspace_id", Value::Number(1.0)),
            ("table_id", Value::Number(2.0)),
            ("content_id", Value::Text(hostile.into())),
        ]);
        let req = prepare(&GET_CONTENT, &base(), input).unwrap();
        let tail = req
            .url
            .strip_prefix("https://x1.n7.xano.io/api:meta/workspace/1/table/2/content/")
            .unwrap();
        assert!(!tail.contains(['/', '?', '#']), "{hostile} gave {}", req.url);
        assert!(!tail.contains("%2e"), "an encoded dot must be re-encoded: {}", req.url);
    }
    for dots in [".", "..", ""] {
        let input = params(&[
            ("workspace_id", Value::Number(1.0)),
            ("table_id", Value::Number(2.0)),
            ("content_id", Value::Text(dots.into())),
        ]);
        let err = argument_error(prepare(&GET_CONTENT, &base(), input));
        assert_eq!(err.field, "content_id");
        assert!(err.problem.contains("change the request's path"), "{}", err.problem);
    }
}

#[test]
fn missing_required_parameter_names_operation_and_field() {
    let err = argument_error(prepare(
        &GET_CONTENT,
        &base(),
        params(&[("workspace_id", Value::Number(1.0))]),
    ));
    assert_eq!(err.operation.js_name, "getWorkspaceTableContentByContentId");
    assert_eq!(err.field, "table_id");
    assert_eq!(err.problem, "is required (path parameter, integer)");
    let shown = Error::Argument(err).to_string();
    assert_eq!(
        shown,
        "getWorkspaceTableContentByContentId (GET /workspace/{workspace_id}/table/{table_id}/content/{content_id}): \
         `table_id` is required (path parameter, integer); no request was sent"
    );
}

#[test]
fn wrong_types_are_refused() {
    let cases: Vec<(&str, Value<u8>, &str)> = vec![
        (
            "workspace_id",
            Value::Text("1".into()),
            "must be an integer (a safe-integer number), got string",
        ),
        (
            "workspace_id",
            Value::Number(1.5),
            "must be an integer (a safe-integer number), got number",
        ),
        (
            "workspace_id",
            Value::Number(1e300),
            "must be an integer (a safe-integer number), got integer beyond ±2^53",
        ),
        ("workspace_id", Value::Null, "must be an integer (a safe-integer number), got null"),
        ("include", Value::Text("true".into()), "must be a boolean, got string"),
        ("order", Value::Text("up".into()), "must be one of \"asc\", \"desc\", got \"up\""),
        ("search", Value::Unsupported("bigint"), "must be a string, got bigint"),
    ];
    for (field, value, problem) in cases {
        let mut pairs = vec![
            ("workspace_id", Value::Number(1.0)),
            ("table_id", Value::Number(2.0)),
            ("content_id", Value::Text("c".into())),
        ];
        pairs.retain(|(k, _)| *k != field);
        pairs.push((field, value));
        let err = argument_error(prepare(&GET_CONTENT, &base(), params(&pairs)));
        assert_eq!((err.field.as_str(), err.problem.as_str()), (field, problem));
    }
}

#[test]
fn unknown_keys_are_refused_with_the_known_ones() {
    let err = argument_error(prepare(
        &POST_TABLE,
        &base(),
        params(&[("workspaceId", Value::Number(1.0))]),
    ));
    assert_eq!(err.field, "workspaceId");
    assert_eq!(
        err.problem,
        "is not a parameter of this operation (it takes: workspace_id, body); did you mean `workspace_id`?"
    );
    let far = argument_error(prepare(&POST_TABLE, &base(), params(&[("colour", Value::Null)])));
    assert_eq!(far.problem, "is not a parameter of this operation (it takes: workspace_id, body)");
}

#[test]
fn body_fields_with_an_enum_take_only_its_values() {
    let upload = |kind: &str| {
        let mut input = params(&[("workspace_id", Value::Number(3.0))]);
        input.body = BodyInput::Object {
            whole: 0,
            fields: vec![
                ("type".into(), Value::Text(kind.into())),
                ("content".into(), Value::File(9)),
            ],
        };
        prepare(&POST_FILE, &base(), input)
    };
    let err = argument_error(upload("png"));
    assert_eq!(err.field, "body.type");
    assert_eq!(err.problem, r#"must be one of "", "image", "video", "audio", got "png""#);
    assert!(upload("").is_ok() && upload("video").is_ok());
}

#[test]
fn object_body_is_json_when_it_holds_no_file() {
    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Object {
        whole: 7,
        fields: vec![
            ("name".into(), Value::Text("books".into())),
            ("extra".into(), Value::Number(1.0)),
        ],
    };
    let req = prepare(&POST_TABLE, &base(), input).unwrap();
    assert_eq!(req.url, "https://x1.n7.xano.io/api:meta/workspace/1/table");
    assert_eq!(req.body, PreparedBody::Json(7));
}

#[test]
fn body_fields_are_checked() {
    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Object { whole: 0, fields: vec![("auth".into(), Value::Bool(true))] };
    let err = argument_error(prepare(&POST_TABLE, &base(), input));
    assert_eq!((err.field.as_str(), err.problem.as_str()), ("body.name", "is required (string)"));

    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Object {
        whole: 0,
        fields: vec![
            ("name".into(), Value::Text("x".into())),
            ("tag".into(), Value::Text("a".into())),
        ],
    };
    let err = argument_error(prepare(&POST_TABLE, &base(), input));
    assert_eq!(
        (err.field.as_str(), err.problem.as_str()),
        ("body.tag", "must be an array, got string")
    );

    let err = argument_error(prepare(
        &POST_TABLE,
        &base(),
        params(&[("workspace_id", Value::Number(1.0))]),
    ));
    assert_eq!(
        (err.field.as_str(), err.problem.as_str()),
        ("body", "is required (an object or a XanoScript string)")
    );

    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Other("array");
    let err = argument_error(prepare(&POST_TABLE, &base(), input));
    assert_eq!(err.problem, "must be an object or a XanoScript string, got array");

    let mut input = params(&[
        ("workspace_id", Value::Number(1.0)),
        ("table_id", Value::Number(1.0)),
        ("content_id", Value::Text("c".into())),
    ]);
    input.body = BodyInput::Text("x".into());
    let err = argument_error(prepare(&GET_CONTENT, &base(), input));
    assert_eq!(err.problem, "is not accepted: this operation takes no request body");
}

#[test]
fn string_body_is_xanoscript() {
    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Text("table books {}".into());
    assert_eq!(
        prepare(&POST_TABLE, &base(), input).unwrap().body,
        PreparedBody::XanoScript("table books {}".into())
    );

    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Text("x".into());
    let err = argument_error(prepare(&POST_FILE, &base(), input));
    assert_eq!(err.problem, "must be an object, got string");
}

#[test]
fn files_make_multipart_and_keep_field_order() {
    let mut input = params(&[("workspace_id", Value::Number(3.0))]);
    input.body = BodyInput::Object {
        whole: 0,
        fields: vec![
            ("type".into(), Value::Text("image".into())),
            ("content".into(), Value::File(9)),
            ("skipped".into(), Value::Null),
            ("count".into(), Value::Number(2.0)),
            ("meta".into(), Value::Object(4)),
        ],
    };
    let req = prepare(&POST_FILE, &base(), input).unwrap();
    assert_eq!(
        req.body,
        PreparedBody::Multipart(vec![
            ("type".into(), Part::Text("image".into())),
            ("content".into(), Part::File(9)),
            ("count".into(), Part::Text("2".into())),
            ("meta".into(), Part::Json(4)),
        ])
    );

    let mut input = params(&[("workspace_id", Value::Number(3.0))]);
    input.body = BodyInput::Object {
        whole: 0,
        fields: vec![("content".into(), Value::Text("not a file".into()))],
    };
    let err = argument_error(prepare(&POST_FILE, &base(), input));
    assert_eq!(
        (err.field.as_str(), err.problem.as_str()),
        ("body.content", "must be a file (Blob, File or Uint8Array), got string")
    );
}

/// A multipart body with a required field beside its file.
static POST_NAMED_FILE: Operation = Operation {
    body: Some(Body {
        json: false,
        json_string: false,
        multipart: true,
        xanoscript: false,
        object: &[
            BodyField { name: "content", ty: ValueType::Binary, required: true, allowed: &[] },
            BodyField { name: "name", ty: ValueType::String, required: true, allowed: &[] },
        ],
    }),
    ..POST_FILE
};

#[test]
fn a_required_null_cannot_go_in_a_form() {
    let body = |name| BodyInput::Object {
        whole: 0,
        fields: vec![("content".into(), Value::File(9)), ("name".into(), name)],
    };
    let mut input = params(&[("workspace_id", Value::Number(3.0))]);
    input.body = body(Value::Null);
    let err = argument_error(prepare(&POST_NAMED_FILE, &base(), input));
    assert_eq!(err.field, "body.name");
    assert!(err.problem.contains("cannot send null"), "{}", err.problem);
    let mut input = params(&[("workspace_id", Value::Number(3.0))]);
    input.body = body(Value::Text("a.png".into()));
    assert!(matches!(
        prepare(&POST_NAMED_FILE, &base(), input).unwrap().body,
        PreparedBody::Multipart(parts) if parts.len() == 2
    ));
}

static TO_XS: Operation = Operation {
    name: "post_workspace_convert_to_xs",
    js_name: "postWorkspaceConvertToXs",
    api: Api::Instance,
    method: Method::Post,
    path: "/workspace/{workspace_id}/convert/toXS",
    tag: "convert",
    summary: "",
    scope: None,
    params: &[WS],
    body: Some(Body {
        json: false,
        json_string: true,
        multipart: false,
        xanoscript: false,
        object: &[],
    }),
    response: ResponseKind::Any,
    requirement: crate::scope::Requirement::UNKNOWN,
    corrections: &[],
};

#[test]
fn a_string_body_of_a_json_string_schema_is_sent_encoded() {
    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Text("say \"hi\"".into());
    assert_eq!(
        prepare(&TO_XS, &base(), input).unwrap().body,
        PreparedBody::JsonText(r#""say \"hi\"""#.into())
    );
    let mut input = params(&[("workspace_id", Value::Number(1.0))]);
    input.body = BodyInput::Object { whole: 0, fields: vec![] };
    assert_eq!(
        argument_error(prepare(&TO_XS, &base(), input)).problem,
        "must be a string (sent as JSON), got object"
    );
}
