//! The generated crate, used on its own as the README shows: decoding the
//! reference page's example, and a create call against a local server.

use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use cloudflare_api::workers_for_platforms::{Client, Error, Hooks, ResponseValue, types};
use cloudflare_api_runtime::tls::reqwest_client_builder;
use cloudflare_api_tests::scripted::{answering, example_answer, requests};
use cloudflare_api_tests::{ACCOUNT_ID, CREATE_EXAMPLE_RESPONSE, TOKEN};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The generated client on its own for `server`, authenticated the way the
/// crate docs show: a bearer token among the reqwest client's default
/// headers. (Not the ergonomic crate's client, so not the test client of
/// `cloudflare_api_tests::client`.)
fn readme_client(server: &MockServer) -> Client {
    let auth = HeaderValue::try_from(format!("Bearer {TOKEN}")).unwrap();
    let http = reqwest_client_builder()
        .unwrap()
        .default_headers(HeaderMap::from_iter([(AUTHORIZATION, auth)]))
        .build()
        .unwrap();
    // A path prefix, as in the real base URL, must be kept.
    Client::new_with_client(
        &format!("{}/client/v4", server.uri()),
        http,
        Default::default(),
    )
}

/// `POST .../namespaces` with `{"name": name}`, through the generated
/// client's method (its arguments in order: the account, the body).
async fn create(
    client: &Client,
    account_id: &str,
    name: &str,
) -> Result<
    ResponseValue<types::WorkersNamespaceSingleResponse>,
    Error<types::WorkersApiResponseCommonFailure>,
> {
    client
        .namespace_worker_create(
            account_id.try_into().unwrap(),
            types::NamespaceWorkerCreateBody {
                name: Some(types::WorkersDispatchNamespaceName::try_from(name).unwrap()),
            },
        )
        .await
}

#[test]
fn the_reference_example_response_decodes_with_every_field() {
    let response: types::WorkersNamespaceSingleResponse =
        serde_json::from_str(CREATE_EXAMPLE_RESPONSE).unwrap();

    assert!(response.success);
    for entries in [&response.errors, &response.messages] {
        let entries = entries.as_deref().unwrap_or_default();
        assert_eq!(entries.len(), 1);
        let entry = &entries[0];
        assert_eq!(entry.code, 1000);
        assert_eq!(entry.message, "message");
        assert_eq!(
            entry.documentation_url.as_deref(),
            Some("documentation_url")
        );
        assert_eq!(entry.pointer(), Some("pointer"));
    }

    let namespace = response.result.expect("the example has a result");
    let timestamp = Utc.with_ymd_and_hms(2017, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(
        namespace.created_by.as_deref(),
        Some("023e105f4ecef8ad9ca31a8372d0c353")
    );
    assert_eq!(namespace.created_on, Some(timestamp));
    assert_eq!(
        namespace.modified_by.as_deref(),
        Some("023e105f4ecef8ad9ca31a8372d0c353")
    );
    assert_eq!(namespace.modified_on, Some(timestamp));
    assert_eq!(
        namespace.namespace_id.as_deref(),
        Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
    );
    assert_eq!(
        namespace.namespace_name.as_deref(),
        Some("my-dispatch-namespace")
    );
    assert_eq!(namespace.script_count, Some(800));
    assert_eq!(namespace.trusted_workers, Some(false));
}

#[test]
fn a_success_without_result_decodes_as_none() {
    for body in [
        json!({"success": true, "errors": [], "messages": []}),
        json!({"success": true, "errors": [], "messages": [], "result": null}),
    ] {
        let response: types::WorkersNamespaceSingleResponse = serde_json::from_value(body).unwrap();
        assert!(response.result.is_none());
    }
}

#[test]
fn failure_envelopes_decode_whatever_result_holds() {
    // `result` is documented as null, but a failure must stay readable when
    // it is absent or holds something else (the `enum: [null]` rewrite).
    for result in [None, Some(json!(null)), Some(json!({})), Some(json!([]))] {
        let mut body = json!({
            "success": false,
            "errors": [{"code": 10000, "message": "Authentication error"}],
            "messages": [],
        });
        if let Some(result) = result {
            body["result"] = result;
        }
        let failure: types::WorkersApiResponseCommonFailure =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert!(!failure.success);
        let errors = failure.errors.unwrap_or_default();
        assert_eq!(errors[0].code, 10000);
        assert_eq!(errors[0].message, "Authentication error");
    }
}

#[tokio::test]
async fn create_sends_what_the_reference_curl_example_sends() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/client/v4/accounts/{ACCOUNT_ID}/workers/dispatch/namespaces"
        )))
        .and(header("content-type", "application/json"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(json!({"name": "my-dispatch-namespace"})))
        .respond_with(example_answer())
        .expect(1)
        .mount(&server)
        .await;

    let response = create(&readme_client(&server), ACCOUNT_ID, "my-dispatch-namespace")
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let namespace = response.into_inner().result.unwrap();
    assert_eq!(
        namespace.namespace_name.as_deref(),
        Some("my-dispatch-namespace")
    );

    // The body is exactly the curl example's JSON, with nothing added.
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body, br#"{"name":"my-dispatch-namespace"}"#);
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn a_failure_status_comes_back_as_the_failure_envelope() {
    let failure = json!({
        "success": false,
        "errors": [{"code": 10026, "message": "namespace name already taken"}],
        "messages": [],
        "result": null,
    });
    let server = answering(
        Mock::given(method("POST")),
        ResponseTemplate::new(409).set_body_json(&failure),
    )
    .await;

    let error = create(&readme_client(&server), ACCOUNT_ID, "taken")
        .await
        .unwrap_err();

    let Error::ErrorResponse(response) = error else {
        panic!("expected the failure envelope, got {error:?}");
    };
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.errors.as_deref().unwrap_or_default()[0].code,
        10026
    );
}

/// The spec allows letters and digits only in an account id, so no account
/// id that could change the request's path can be made, let alone sent
/// (names, which allow more, are percent-encoded: see
/// `tests/e2e/lifecycle.rs`).
#[test]
fn an_account_id_that_could_change_the_path_cannot_be_made() {
    for account_id in [
        "a/b",
        "a?b=c",
        "100%25",
        "a#b",
        "a b",
        "../../../zones",
        "a|b^[c]",
        "",
    ] {
        let refused = types::WorkersIdentifier::try_from(account_id).unwrap_err();
        let reason = refused.to_string();
        assert!(
            reason.contains("doesn't match pattern") || reason == "must not be empty",
            "{account_id:?}: {reason}"
        );
    }
}

#[test]
fn an_account_id_over_32_characters_cannot_be_made() {
    let refused = types::WorkersIdentifier::try_from("0".repeat(33)).unwrap_err();

    assert!(refused.to_string().contains("longer than 32"), "{refused}");
}

/// `Hooks::new` sees every request, with its operation, and may answer it
/// itself; a path that a parameter would change never reaches it.
#[tokio::test]
async fn hooks_get_every_request_with_its_operation_after_the_path_check() {
    let seen: Arc<Mutex<Vec<(&'static str, String)>>> = Arc::default();
    let record = seen.clone();
    let hooks = Hooks::new(move |_http, request: reqwest::Request, operation| {
        record
            .lock()
            .unwrap()
            .push((operation, request.url().path().to_owned()));
        async {
            let answer = http::Response::new(CREATE_EXAMPLE_RESPONSE.as_bytes().to_vec());
            Ok(reqwest::Response::from(answer))
        }
    });
    let client = Client::new_with_client(
        "http://127.0.0.1:9/client/v4",
        reqwest_client_builder().unwrap().build().unwrap(),
        hooks,
    );
    assert!(format!("{client:?}").contains("Hooks"));

    let created = create(&client, ACCOUNT_ID, "n").await.unwrap();
    assert_eq!(created.status(), 200);
    let error = client
        .namespace_worker_get_namespace(ACCOUNT_ID.try_into().unwrap(), "..".try_into().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    assert_eq!(
        *seen.lock().unwrap(),
        [(
            // The spec's `operationId`, as errors and tracing name it.
            "namespace-worker-create",
            format!("/client/v4/accounts/{ACCOUNT_ID}/workers/dispatch/namespaces")
        )]
    );
}
