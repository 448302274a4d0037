//! Property tests of what the client sends and what it makes of answers:
//! - whatever status, headers and body come back, a call gives a `Response`
//!   or a typed `Error` and never panics (see `canned.rs` for what is
//!   checked); the same check runs without bounds as the fuzz target in
//!   `fuzz/`;
//! - whatever account id and name it is given, the client refuses them
//!   before sending or sends them only where they belong.

use std::sync::{Arc, Mutex};

use cloudflare_api::Normalize;
use cloudflare_api_tests::canned::{self, Answer, Canned};
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::workspace::workspace_root;
use cloudflare_api_tests::{ACCOUNT_ID, CREATE_EXAMPLE_RESPONSE, RAY, percent_decode};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

/// Statuses: mostly the ones that matter, sometimes any a server can send.
fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 201, 204, 301, 307, 400, 401, 404, 409, 422, 429, 500, 502, 503]),
        1 => 100u16..=999,
    ]
    .prop_map(|code| StatusCode::from_u16(code).unwrap())
}

/// Headers the client reads, with values good and bad, and some others.
fn headers() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![
        Just("cf-ray"),
        Just("retry-after"),
        Just("retry-after-ms"),
        Just("x-should-retry"),
        Just("content-type"),
        Just("x-other"),
    ];
    let value = prop_oneof![
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just(RAY.to_owned()),
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
        Just("Fri, 31 Dec 9999 23:59:59 GMT".to_owned()),
        any::<f64>().prop_map(|f| f.to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        "[ -~\u{80}-\u{ff}]{0,40}",
    ];
    prop::collection::vec((name, value), 0..6).prop_map(|pairs| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.append(HeaderName::from_static(name), value);
            }
        }
        headers
    })
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::from),
        // Longer than any error text should be.
        (2000usize..4000).prop_map(|n| Value::from("long ".repeat(n / 5))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("success".to_owned()),
                    Just("errors".to_owned()),
                    Just("messages".to_owned()),
                    Just("result".to_owned()),
                    Just("result_info".to_owned()),
                    Just("code".to_owned()),
                    Just("message".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..5
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Bodies: envelopes with one part replaced by anything, the example with
/// a value replaced or cut short, any JSON, and any bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let example: Value = serde_json::from_str(CREATE_EXAMPLE_RESPONSE).unwrap();
    let parts = ["success", "errors", "messages", "result", "result_info"];
    let envelope = (
        prop::sample::select(parts.to_vec()),
        json_value(),
        any::<bool>(),
    )
        .prop_map(move |(part, value, success)| {
            let mut body = example.clone();
            body["success"] = json!(success);
            body[part] = value;
            serde_json::to_vec(&body).unwrap()
        });
    let example_bytes = CREATE_EXAMPLE_RESPONSE.as_bytes().to_vec();
    let cut = (0..example_bytes.len()).prop_map(move |end| example_bytes[..end].to_vec());
    let field = (
        prop::sample::select(vec![
            "namespace_id",
            "namespace_name",
            "script_count",
            "created_on",
            "trusted_workers",
            "created_by",
        ]),
        json_value(),
    )
        .prop_map(|(field, value)| {
            let mut body: Value = serde_json::from_str(CREATE_EXAMPLE_RESPONSE).unwrap();
            body["result"][field] = value;
            serde_json::to_vec(&body).unwrap()
        });
    prop_oneof![
        3 => envelope,
        2 => field,
        1 => cut,
        1 => json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// `cases` cases (bounded for CI: the fuzz target has no bound), with the
/// failures found kept next to this file.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "e2e/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

fn answer() -> impl Strategy<Value = Answer> {
    (status(), headers(), body())
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn any_answer_gives_a_response_or_a_typed_error((status, headers, body) in answer()) {
        thread_local!(static CANNED: Canned = Canned::new());
        CANNED.with(|canned| {
            let outcome = canned.create((status, headers.clone(), body));
            canned::check(status, &headers, &outcome);
        });
    }
}

/// An `errors` or `messages` list: any items (objects with odd codes and
/// messages, strings, numbers, nulls).
fn items() -> impl Strategy<Value = Vec<Value>> {
    let item = prop_oneof![
        3 => (json_value(), json_value(), json_value()).prop_map(|(code, message, extra)| {
            json!({ "code": code, "message": message, "meta": extra })
        }),
        1 => json_value(),
    ];
    prop::collection::vec(item, 0..6)
}

proptest! {
    #![proptest_config(config(500))]

    /// Whatever a failure envelope's items and common fields look like,
    /// the error has one `ResponseInfo` per item sent.
    #[test]
    fn a_failure_envelope_keeps_one_error_per_item_sent(
        status in prop_oneof![Just(200u16), 400u16..=599],
        errors in items(),
        messages in prop_oneof![Just(None), Just(Some(Value::Null)), items().prop_map(|m| Some(Value::from(m)))],
        result in json_value(),
    ) {
        thread_local!(static CANNED: Canned = Canned::new());
        let mut body = json!({ "success": false, "errors": errors.clone(), "result": result });
        if let Some(messages) = messages {
            body["messages"] = messages;
        }
        let status = StatusCode::from_u16(status).unwrap();
        let outcome = CANNED.with(|canned| {
            canned.create((status, HeaderMap::new(), serde_json::to_vec(&body).unwrap()))
        });
        match outcome {
            Err(cloudflare_api::Error::Api(error)) => {
                prop_assert_eq!(error.status(), status);
                prop_assert_eq!(error.errors().len(), errors.len(), "{}", body);
            }
            other => prop_assert!(false, "{body}: expected Error::Api, got {other:?}"),
        }
    }
}

/// The fuzz target's input format, on the seeds it starts from.
#[test]
fn the_fuzz_input_format_parses_its_seeds() {
    let seeds = workspace_root().join("fuzz/seeds");
    let mut parsed = 0;
    for entry in std::fs::read_dir(seeds).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let (status, headers, body) = canned::parse(&data).expect("a seed parses");
        let outcome = Canned::new().create((status, headers.clone(), body));
        canned::check(status, &headers, &outcome);
        parsed += 1;
    }
    assert!(parsed >= 3);
}

/// What the client sent: the URL, the headers and the body.
type Sent = (reqwest::Url, HeaderMap, Vec<u8>);

/// A client that records each request and answers it with the example.
fn recording_client() -> (cloudflare_api::Client, Arc<Mutex<Vec<Sent>>>) {
    let sent: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let record = sent.clone();
    // Nothing is sent to that URL: requests go to the seam.
    let client = client_for("http://127.0.0.1:9/client/v4")
        .send_with(move |_, request, _| {
            let body = request
                .body()
                .and_then(|b| b.as_bytes())
                .unwrap_or_default();
            record.lock().unwrap().push((
                request.url().clone(),
                request.headers().clone(),
                body.to_vec(),
            ));
            let answer = http::Response::new(CREATE_EXAMPLE_RESPONSE.as_bytes().to_vec());
            async move { Ok(reqwest::Response::from(answer)) }
        })
        .build()
        .unwrap();
    (client, sent)
}

/// Whether `segment` has only what RFC 3986 allows in a path segment:
/// `pchar`s (unreserved, sub-delims, `:`, `@`) and `%XX` escapes.
fn is_rfc3986_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if bytes[i].is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&bytes[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Strings with what could change a path or a header, and anything else.
fn argument() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{32}",
        "[a-zA-Z0-9]{0,40}",
        prop::collection::vec(
            prop_oneof![
                Just("/".to_owned()),
                Just("?".to_owned()),
                Just("#".to_owned()),
                Just("%".to_owned()),
                Just("%2F".to_owned()),
                Just("..".to_owned()),
                Just(".".to_owned()),
                Just("\\".to_owned()),
                Just(" ".to_owned()),
                Just("|".to_owned()),
                Just("[".to_owned()),
                Just("^".to_owned()),
                Just("\r\n".to_owned()),
                Just("\u{2028}".to_owned()),
                Just("é".to_owned()),
                "[a-z0-9]{1,4}",
                any::<char>().prop_map(String::from),
            ],
            0..6,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(config(1000))]

    /// An argument is refused before sending, or it is sent where it
    /// belongs and nowhere else: the path keeps its shape with the account
    /// id as one segment, the name is the body's `name`, and the headers
    /// are the usual ones.
    #[test]
    fn arguments_never_change_the_path_or_the_headers(account_id in argument(), name in argument()) {
        thread_local!(static CLIENT: (cloudflare_api::Client, Arc<Mutex<Vec<Sent>>>) = recording_client());
        CLIENT.with(|(client, sent)| {
            sent.lock().unwrap().clear();
            let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
            let outcome = runtime.block_on(
                client.account(&account_id).workers_for_platforms().dispatch().namespaces().create().name(name.as_str()).send(),
            );
            let sent = sent.lock().unwrap();
            match outcome {
                Err(cloudflare_api::Error::InvalidInput(_)) => prop_assert!(sent.is_empty()),
                Ok(_) => {
                    prop_assert_eq!(sent.len(), 1);
                    let (url, headers, body) = &sent[0];
                    let segments: Vec<&str> = url.path_segments().unwrap().collect();
                    prop_assert_eq!(
                        &segments,
                        &["client", "v4", "accounts", account_id.as_str(), "workers", "dispatch", "namespaces"]
                    );
                    prop_assert_eq!(url.query(), None);
                    prop_assert_eq!(url.fragment(), None);
                    let body: Value = serde_json::from_slice(body).unwrap();
                    prop_assert_eq!(&body, &json!({ "name": name }));
                    let mut names: Vec<&str> = headers.keys().map(|n| n.as_str()).collect();
                    names.sort_unstable();
                    prop_assert_eq!(
                        names,
                        ["accept", "api-version", "authorization", "content-type", "user-agent"]
                    );
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Through the generic path, where only the generated types and the
    /// pre-send path check stand guard: a name in the path is refused
    /// (the generated type cannot be made of it, or the call refuses it
    /// before sending), or it arrives as exactly the last segment, which
    /// decodes back to the name.
    #[test]
    fn a_name_in_the_path_stays_in_its_segment(name in argument()) {
        thread_local!(static CLIENT: (cloudflare_api::Client, Arc<Mutex<Vec<Sent>>>) = recording_client());
        CLIENT.with(|(client, sent)| {
            sent.lock().unwrap().clear();
            let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
            let Ok(namespace) = name.as_str().try_into() else {
                return Ok(());
            };
            let outcome = runtime.block_on(
                cloudflare_api::workers_for_platforms::generated_client(client)
                    .namespace_worker_get_namespace(ACCOUNT_ID.try_into().unwrap(), namespace)
                    .normalize(),
            );
            let sent = sent.lock().unwrap();
            match outcome {
                Err(cloudflare_api::Error::InvalidInput(_)) => prop_assert!(sent.is_empty()),
                Ok(_) => {
                    prop_assert_eq!(sent.len(), 1);
                    let url = &sent[0].0;
                    let segments: Vec<&str> = url.path_segments().unwrap().collect();
                    prop_assert_eq!(
                        &segments[..7],
                        &["client", "v4", "accounts", ACCOUNT_ID, "workers", "dispatch", "namespaces"]
                    );
                    prop_assert_eq!(segments.len(), 8, "{}", url);
                    prop_assert!(is_rfc3986_segment(segments[7]), "{}", url);
                    prop_assert_eq!(percent_decode(segments[7]), name.clone());
                    prop_assert_eq!(url.query(), None);
                    prop_assert_eq!(url.fragment(), None);
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            Ok(())
        })?;
    }
}
