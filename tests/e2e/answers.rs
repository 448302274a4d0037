//! Answers as the real API sends them: each test is a local server on
//! 127.0.0.1 answering exact bytes that drift from Cloudflare's published
//! schema (as public bug reports against Cloudflare's clients show), and
//! checks that the client keeps everything the answer says. The README's
//! "Reliability" table has a row for each kind.

use cloudflare_api::{Error, Response, StatusCode};
use cloudflare_api_tests::client::{client_for, create};
use cloudflare_api_tests::scripted::{self, requests};
use cloudflare_api_tests::{ACCOUNT_ID, RAY};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The namespace object of the seed page's example (`NS` in the issue).
const NS: &str = r#"{"created_by":"1234567890abcdef1234567890abcdef","created_on":"2017-01-01T00:00:00Z","modified_by":"1234567890abcdef1234567890abcdef","modified_on":"2017-01-01T00:00:00Z","namespace_id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","namespace_name":"my-dispatch-namespace","script_count":800,"trusted_workers":false}"#;

/// A server that answers every request with `status` and exactly `body`.
async fn answering(status: u16, body: impl Into<Vec<u8>>) -> MockServer {
    answering_with(ResponseTemplate::new(status).set_body_raw(body.into(), "application/json"))
        .await
}

/// A server that answers every request with `template` and a `cf-ray`.
async fn answering_with(template: ResponseTemplate) -> MockServer {
    scripted::answering(Mock::given(any()), template.insert_header("cf-ray", RAY)).await
}

/// "List dispatch namespaces" answered `200` with exactly `body`.
async fn list_answered(
    body: String,
) -> Response<Vec<cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse>> {
    let server = answering(200, body).await;
    client_for(&server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .list()
        .send()
        .await
        .unwrap()
}

async fn create_answered(
    status: u16,
    body: impl Into<Vec<u8>>,
) -> Result<Response<cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse>, Error>
{
    let server = answering(status, body).await;
    create(&client_for(&server).build().unwrap(), "customers").await
}

/// The `Error::Api` of `result`, or a panic naming what came instead.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> cloudflare_api::ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn failure_envelopes_keep_their_errors_whatever_their_common_fields() {
    let cases: [(u16, &str); 6] = [
        (
            409,
            r#"{"result":null,"success":false,"errors":[{"code":10026,"message":"namespace already exists"}],"messages":null}"#,
        ),
        (
            400,
            r#"{"result":null,"success":false,"errors":[{"code":10026,"message":"namespace already exists"}]}"#,
        ),
        (
            400,
            r#"{"success":false,"errors":[{"code":"10026","message":"namespace already exists"}],"messages":[]}"#,
        ),
        (
            400,
            r#"{"success":false,"errors":[{"code":10026.0,"message":"namespace already exists"}],"messages":[]}"#,
        ),
        (
            404,
            r#"{"success":false,"errors":[{"code":10026}],"messages":[]}"#,
        ),
        (
            200,
            r#"{"result":null,"success":false,"errors":[{"code":10026,"message":"namespace already exists"}],"messages":null}"#,
        ),
    ];
    for (status, body) in cases {
        let error = api_error(create_answered(status, body).await);
        assert_eq!(error.status().as_u16(), status, "{body}");
        assert_eq!(error.errors().len(), 1, "{body}");
        assert_eq!(error.errors()[0].code, 10026, "{body}");
        assert_eq!(error.ray_id(), Some(RAY));
        let shown = error.to_string();
        assert!(shown.contains("10026"), "{shown}");
        assert!(!shown.contains("not a Cloudflare response"), "{shown}");
        if body.contains("already exists") {
            assert_eq!(error.errors()[0].message, "namespace already exists");
        } else {
            assert_eq!(error.errors()[0].message, "");
            assert!(shown.contains(": 10026 [cf-ray"), "{shown}");
        }
    }
}

/// A `400` envelope of exactly `size` bytes with `count` errors, each with
/// a long message.
fn big_failure(size: usize, count: usize) -> Vec<u8> {
    let item = |i: usize, pad: usize| {
        format!(
            r#"{{"code":{},"message":"{}"}}"#,
            10_000 + i,
            "x".repeat(pad)
        )
    };
    let shell = |items: &str| {
        format!(r#"{{"success":false,"errors":[{items}],"messages":[],"result":null}}"#)
    };
    let base: Vec<String> = (0..count).map(|i| item(i, 0)).collect();
    let unpadded = shell(&base.join(",")).len();
    assert!(
        unpadded <= size,
        "{count} errors do not fit in {size} bytes"
    );
    let mut items = base;
    items[0] = item(0, size - unpadded);
    let body = shell(&items.join(","));
    assert_eq!(body.len(), size);
    body.into_bytes()
}

#[tokio::test]
async fn error_envelopes_up_to_the_limit_keep_every_error_and_past_it_say_so() {
    for (size, count) in [
        (65_536, 1),
        (65_537, 1),
        (100_000, 1_000),
        (3 * 1024 * 1024, 30_000),
    ] {
        let error = api_error(create_answered(400, big_failure(size, count)).await);
        assert_eq!(error.errors().len(), count, "{size} bytes");
        assert_eq!(error.errors()[count - 1].code, 10_000 + count as i64 - 1);
        assert!(error.to_string().len() < 2048, "{size} bytes");
    }
    // Past the 4 MiB bound the body is not read on, and the error says so.
    let error = api_error(create_answered(400, big_failure(4 * 1024 * 1024 + 1, 1)).await);
    assert!(error.errors().is_empty());
    let shown = error.to_string();
    assert!(shown.contains("longer than 4 MiB"), "{shown}");
    assert!(
        error
            .body_snippet()
            .is_some_and(|s| s.starts_with(r#"{"success":false"#))
    );
}

#[tokio::test]
async fn unknown_fields_of_an_error_item_are_kept() {
    let body = r#"{"success":false,"result":null,"messages":[],"errors":[{"code":10000,"message":"Authentication error","documentation_url":"https://developers.cloudflare.com/api/","source":{"pointer":"/name"},"meta":{"l10n_key":"auth"},"error_chain":[{"code":10001,"message":"the token expired"}]}]}"#;
    let error = api_error(create_answered(403, body).await);
    let item = &error.errors()[0];
    assert_eq!(
        (item.code, item.message.as_str()),
        (10000, "Authentication error")
    );
    assert_eq!(
        item.documentation_url.as_deref(),
        Some("https://developers.cloudflare.com/api/")
    );
    assert_eq!(item.pointer(), Some("/name"));
    assert_eq!(item.extra["meta"], json!({"l10n_key": "auth"}));
    let chain = item.error_chain();
    assert_eq!(
        (chain[0].code, chain[0].message.as_str()),
        (10001, "the token expired")
    );
}

#[tokio::test]
async fn successes_keep_their_result_whatever_their_common_fields() {
    let bodies = [
        format!(r#"{{"success":true,"errors":[],"result":{NS}}}"#),
        format!(r#"{{"success":true,"result":{NS}}}"#),
        format!(r#"{{"success":true,"errors":null,"messages":null,"result":{NS}}}"#),
        format!(r#"{{"result":{NS}}}"#),
    ];
    for body in bodies {
        let created = create_answered(200, body.clone())
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(
            created.result.namespace_name.as_deref(),
            Some("my-dispatch-namespace")
        );
        assert!(created.messages.is_empty());
    }
    // Messages as plain strings: the result and the text are both kept.
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":["Some results were unsuccessful"],"result":{NS}}}"#
    );
    let created = create_answered(200, body).await.unwrap();
    assert_eq!(
        created.result.namespace_id.as_deref(),
        Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
    );
    assert_eq!(
        created.messages[0].message,
        "Some results were unsuccessful"
    );
    assert_eq!(created.messages[0].code, 0);
}

/// A success answered with the result alone, outside any envelope (as the
/// published schema says bulk delete of a namespace's scripts answers), is
/// that result; a JSON object that holds none of the result's fields is
/// still no answer.
#[tokio::test]
async fn a_bare_result_outside_the_envelope_is_the_result() {
    let server = answering(
        200,
        r#"{"deleted":[{"id":"a"}],"deleted_count":1,"has_more":false}"#,
    )
    .await;
    let deleted = client_for(&server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .bulk_delete("customers")
        .tags("customer-123:yes")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.result.deleted_count, Some(1));
    assert_eq!(deleted.result.has_more, Some(false));
    assert_eq!(deleted.result.deleted[0].id.as_deref(), Some("a"));

    let created = create_answered(200, NS).await.unwrap();
    assert_eq!(
        created.result.namespace_name.as_deref(),
        Some("my-dispatch-namespace")
    );
    assert_eq!(created.ray_id(), Some(RAY));

    match create_answered(200, r#"{"error":"rate limited"}"#).await {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("nor the result itself"), "{e}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_without_a_body_means_what_a_missing_result_means() {
    for template in [
        ResponseTemplate::new(204),
        ResponseTemplate::new(200),
        ResponseTemplate::new(200).set_body_raw("  \n", "application/json"),
    ] {
        let server = answering_with(template).await;
        let client = client_for(&server).build().unwrap();
        let deleted = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .delete("customers")
            .send()
            .await
            .unwrap();
        assert!(deleted.status().is_success());
        assert_eq!(deleted.ray_id(), Some(RAY));
        let listed = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .list()
            .send()
            .await
            .unwrap();
        assert!(listed.result.is_empty());
        // An operation that returns a namespace cannot return nothing.
        match create(&client, "customers").await {
            Err(Error::Decode(e)) => assert!(e.to_string().contains("empty body"), "{e}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_success_without_a_result_is_one_rule_per_kind_of_operation() {
    for body in [
        r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
        r#"{"success":true,"errors":[],"messages":[]}"#,
    ] {
        let server = answering(200, body).await;
        let client = client_for(&server).build().unwrap();
        // A list: an empty list.
        let listed = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .list()
            .send()
            .await
            .unwrap();
        assert!(listed.result.is_empty(), "{body}");
        // A result that is always null: `()`.
        client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .delete("customers")
            .send()
            .await
            .unwrap();
        // A declared result: a decode error, never an invented namespace.
        match create(&client, "customers").await {
            Err(Error::Decode(e)) => assert!(e.to_string().contains("no `result`"), "{e}"),
            other => panic!("{body}: expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn result_info_is_filled_with_integer_counts_and_the_cursor() {
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":[{NS}],"result_info":{{"page":1,"per_page":20,"count":1,"total_count":1}}}}"#
    );
    let info = list_answered(body).await.result_info.expect("result_info");
    let counts: (Option<u64>, Option<u64>, Option<u64>, Option<u64>) =
        (info.page, info.per_page, info.count, info.total_count);
    assert_eq!(counts, (Some(1), Some(20), Some(1), Some(1)));

    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":[{NS}],"result_info":{{"per_page":20.0,"count":"1","cursor":"6Ck1la0VxJ0djhidm1MdX2FyD"}}}}"#
    );
    let info = list_answered(body).await.result_info.expect("result_info");
    assert_eq!((info.per_page, info.count), (Some(20), Some(1)));
    assert_eq!(info.cursor.as_deref(), Some("6Ck1la0VxJ0djhidm1MdX2FyD"));

    // A single object's answer keeps it too.
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{NS},"result_info":{{"page":2}}}}"#
    );
    let created = create_answered(200, body).await.unwrap();
    assert_eq!(created.result_info.and_then(|i| i.page), Some(2));
}

#[tokio::test]
async fn answers_are_not_held_to_input_constraints() {
    let odd = r#"{"created_by":"123456789012345678901234567890123456789012","namespace_id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415-abc","namespace_name":""}"#;
    let body = format!(r#"{{"success":true,"errors":[],"messages":[],"result":{odd}}}"#);
    let created = create_answered(200, body).await.unwrap();
    let ns = &created.result;
    // Plain strings: printable and comparable with a `&str`.
    let created_by: Option<&str> = ns.created_by.as_deref();
    assert_eq!(created_by.map(str::len), Some(42));
    assert_eq!(
        ns.namespace_id.as_deref(),
        Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415-abc")
    );
    let printed = format!(
        "{} {}",
        ns.namespace_id.as_deref().unwrap_or("-"),
        ns.created_by.as_deref().unwrap_or("-")
    );
    assert_eq!(printed.len(), 40 + 1 + 42);
    assert_eq!(ns.namespace_name.as_deref(), Some(""));

    // One such item in a list does not fail the list.
    let body = format!(r#"{{"success":true,"errors":[],"messages":[],"result":[{NS},{odd}]}}"#);
    let server = answering(200, body).await;
    let listed = client_for(&server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .list()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.result.len(), 2);
    assert_eq!(listed.result[1].namespace_name.as_deref(), Some(""));
    // Answers compare whole, as the same namespace from two calls.
    assert_eq!(listed.result[1], created.result);

    // What the user sends is still checked, with nothing sent.
    let server = answering(200, "{}").await;
    let client = client_for(&server).build().unwrap();
    let too_long = "a".repeat(33);
    for result in [
        client
            .account(&too_long)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .get("customers")
            .send()
            .await
            .map(drop),
        client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .get("")
            .send()
            .await
            .map(drop),
    ] {
        assert!(matches!(result, Err(Error::InvalidInput(_))), "{result:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn compressed_answers_that_were_not_decompressed_name_the_cause() {
    // gzip of `{"success":true}`: what arrives when something between the
    // client and the API compresses without saying so.
    let gzip: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x2a, 0x2e, 0x4d,
        0x4e, 0x4e, 0x2d, 0x2e, 0x56, 0xb2, 0x2a, 0x29, 0x2a, 0x4d, 0xad, 0x05, 0x00, 0xdf, 0xf7,
        0xf6, 0x66, 0x10, 0x00, 0x00, 0x00,
    ];
    match create_answered(200, gzip).await {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("gzip"), "{e}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let error = api_error(create_answered(502, gzip).await);
    assert!(error.to_string().contains("gzip"), "{error}");
    // A `Content-Encoding` this client does not undo is named.
    let server = answering_with(
        ResponseTemplate::new(200)
            .set_body_raw(b"\x0b\x07\x80{}\x03".to_vec(), "application/json")
            .insert_header("content-encoding", "br"),
    )
    .await;
    match create(&client_for(&server).build().unwrap(), "customers").await {
        Err(Error::Decode(e)) => {
            assert!(e.to_string().contains("Content-Encoding: br"), "{e}");
            assert_eq!(e.status(), Some(StatusCode::OK));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// The start of the HTML page that Cloudflare's challenge (or a captive
/// portal, or a proxy) answers in place of the API.
const CHALLENGE: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>\
    <meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>\
    <noscript>Enable JavaScript and cookies to continue</noscript></body></html>";

/// A body that is no JSON at all is reported as what it is, its content
/// type and how it starts, not as a JSON syntax error ("expected value at
/// line 1 column 1"), on every path that reads an answer: a success
/// (enveloped or not), an error status, a status the operation does not
/// declare. A JSON body with a missing or odd content type still decodes.
#[tokio::test]
async fn an_answer_that_is_not_json_says_what_came() {
    let html = "text/html; charset=UTF-8";
    let page = |status: u16| ResponseTemplate::new(status).set_body_raw(CHALLENGE, html);
    let says_what_came = |error: &Error, content_type: &str| {
        let shown = error.to_string();
        assert!(shown.contains(&format!("`{content_type}`")), "{shown}");
        assert!(shown.contains("not JSON"), "{shown}");
        assert!(shown.contains("<!DOCTYPE html><html lang="), "{shown}");
        assert!(!shown.contains("expected value"), "{shown}");
        assert_eq!(error.attempts(), 1, "{shown}");
        assert!(!error.is_retryable(), "{shown}");
    };

    // A success of an enveloped operation, declared (200) or not (203).
    for status in [200, 203] {
        let server = answering_with(page(status)).await;
        let client = client_for(&server).build().unwrap();
        let error = create(&client, "customers").await.unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.ray_id(), Some(RAY));
        says_what_came(&error, html);
        let error = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .list()
            .send()
            .await
            .unwrap_err();
        says_what_came(&error, html);
    }

    // An error status (a challenge is a 403), declared or not (a 3xx).
    for status in [403, 302] {
        let server = answering_with(page(status)).await;
        let error = api_error(create(&client_for(&server).build().unwrap(), "customers").await);
        assert_eq!(error.status().as_u16(), status);
        assert!(error.body_snippet().unwrap().starts_with("<!DOCTYPE html>"));
        says_what_came(&Error::Api(error), html);
    }

    // An operation whose success is not an envelope (the script's
    // content), answered a success status it does not declare.
    let server = answering_with(page(203)).await;
    let error = client_for(&server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .content()
        .get("customers", "my-worker")
        .send()
        .await
        .expect_err("an undeclared status is an error");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("does not declare"), "{error}");
    says_what_came(&error, html);

    // Plain text, and HTML without a content type or labelled JSON.
    let text = ResponseTemplate::new(200).set_body_raw("upstream connect error", "text/plain");
    let error = create(
        &client_for(&answering_with(text).await).build().unwrap(),
        "n",
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("`text/plain`"), "{error}");
    assert!(
        error.to_string().contains("\"upstream connect error\""),
        "{error}"
    );
    for (template, said) in [
        (
            ResponseTemplate::new(200).set_body_bytes(CHALLENGE),
            "no `Content-Type`",
        ),
        (
            ResponseTemplate::new(200).set_body_raw(CHALLENGE, "application/json"),
            "`application/json`",
        ),
    ] {
        let server = answering_with(template).await;
        let error = create(&client_for(&server).build().unwrap(), "n")
            .await
            .unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains(said), "{shown}");
        assert!(shown.contains("not JSON"), "{shown}");
        assert!(shown.contains("<!DOCTYPE html>"), "{shown}");
    }

    // JSON is JSON, whatever the content type says, or when none is sent.
    let example = format!(r#"{{"success":true,"errors":[],"messages":[],"result":{NS}}}"#);
    for template in [
        ResponseTemplate::new(200).set_body_raw(example.clone(), "text/html"),
        ResponseTemplate::new(200).set_body_raw(example.clone(), "text/plain; charset=utf-8"),
        ResponseTemplate::new(200).set_body_raw(example.clone(), "application/vnd.api+json"),
        ResponseTemplate::new(200).set_body_bytes(example.clone()),
    ] {
        let server = answering_with(template).await;
        let created = create(&client_for(&server).build().unwrap(), "n")
            .await
            .unwrap();
        assert_eq!(
            created.result.namespace_name.as_deref(),
            Some("my-dispatch-namespace")
        );
    }
    // And a JSON error envelope is read as one.
    let error = api_error(
        create(
            &client_for(
                &answering_with(ResponseTemplate::new(409).set_body_raw(
                    r#"{"success":false,"errors":[{"code":10026,"message":"exists"}]}"#,
                    "text/html",
                ))
                .await,
            )
            .build()
            .unwrap(),
            "n",
        )
        .await,
    );
    assert_eq!(error.errors()[0].code, 10026);
}

/// "Get Script Content" answered `template`: the operation's answer is
/// not JSON, a Worker's code as the spec declares it
/// (`application/javascript` or `multipart/form-data`).
async fn content_answered(
    template: ResponseTemplate,
) -> Result<Response<cloudflare_api::Bytes>, Error> {
    let server = answering_with(template).await;
    client_for(&server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .content()
        .get("customers", "my-worker")
        .send()
        .await
}

/// An operation whose answer is not JSON takes as its result only what
/// it declares: a challenge page (a `200` of `text/html`) is no Worker's
/// code, and a failure envelope (`success: false`) is the failure it
/// reports, as for an operation that answers JSON, instead of bytes that
/// `ScriptContent` would make an `index.js` of and an upload would send.
#[tokio::test]
async fn an_answer_that_is_not_json_is_only_what_the_operation_declares() {
    let html = "text/html; charset=UTF-8";
    let error = content_answered(ResponseTemplate::new(200).set_body_raw(CHALLENGE, html))
        .await
        .expect_err("a challenge page is no Worker");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.ray_id(), Some(RAY));
    let shown = error.to_string();
    for said in [
        "namespace-worker-get-script-content: ",
        "`text/html; charset=UTF-8`",
        "does not declare",
        "`application/javascript`",
        "<!DOCTYPE html><html lang=",
    ] {
        assert!(shown.contains(said), "{said:?} missing from {shown}");
    }

    let failure = json!({
        "success": false,
        "errors": [{"code": 10007, "message": "This Worker does not exist"}],
        "messages": [],
        "result": null,
    });
    let error =
        api_error(content_answered(ResponseTemplate::new(200).set_body_json(failure)).await);
    assert_eq!(error.status(), StatusCode::OK);
    assert_eq!(error.errors()[0].code, 10007);
    assert_eq!(error.errors()[0].message, "This Worker does not exist");
    assert_eq!(error.ray_id(), Some(RAY));

    // JSON that is no failure is not what the operation declares either.
    let error = content_answered(
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "result": {}})),
    )
    .await
    .expect_err("JSON is no Worker");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("`application/json`"), "{error}");

    // What it declares, with parameters or in another case, and an answer
    // without a `Content-Type`, are the Worker's code, byte for byte.
    for (content_type, body) in [
        (
            Some("application/javascript; charset=utf-8"),
            &b"export default {}"[..],
        ),
        (Some("Multipart/Form-Data; boundary=b"), b"--b--\r\n"),
        (None, b"addEventListener('fetch', () => {})"),
    ] {
        let template = match content_type {
            Some(content_type) => ResponseTemplate::new(200).set_body_raw(body, content_type),
            None => ResponseTemplate::new(200).set_body_bytes(body),
        };
        let content = content_answered(template)
            .await
            .unwrap_or_else(|e| panic!("{content_type:?}: {e}"));
        assert_eq!(&content.result[..], body, "{content_type:?}");
    }
}
