//! The ergonomic crate against a local server, as an application uses it:
//! credentials, the normalized answer, every kind of error, retries and
//! timeouts.

use std::time::{Duration, Instant};

use cloudflare_api::tls::reqwest_client_builder;
use cloudflare_api::{Client, Credentials, Error, StatusCode};
use cloudflare_api_tests::client::{BaseUrl, client_for, create, get};
use cloudflare_api_tests::port::ClosedPort;
use cloudflare_api_tests::scripted::{
    Sequence, answering_creates, answering_gets, example_answer as example,
    failure_answer as failure, requests,
};
use cloudflare_api_tests::{ACCOUNT_ID, CREATE_EXAMPLE_RESPONSE, CREATE_PATH, RAY, TOKEN};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_token_is_sent_as_bearer_with_the_user_agent_and_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header(
            "user-agent",
            concat!("cloudflare-api/", env!("CARGO_PKG_VERSION")),
        ))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "name": "my-dispatch-namespace" })))
        .respond_with(example())
        .expect(1)
        .mount(&server)
        .await;

    create(
        &client_for(&server).build().unwrap(),
        "my-dispatch-namespace",
    )
    .await
    .unwrap();
    let sent = &requests(&server).await[0];
    assert!(sent.headers.get("x-auth-key").is_none());
}

#[tokio::test]
async fn a_key_is_sent_as_x_auth_headers_without_authorization() {
    let server = MockServer::start().await;
    let client = client_for(&server.uri())
        .credentials(Credentials::api_key(
            "user@example.com",
            "test-key-not-a-secret",
        ))
        .user_agent("my-app/1.0")
        .build()
        .unwrap();

    // The base URL has no `/client/v4` prefix: nothing is added to it.
    let unprefixed = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces";
    Mock::given(method("POST"))
        .and(path(unprefixed))
        .respond_with(example())
        .expect(1)
        .mount(&server)
        .await;

    create(&client, "n").await.unwrap();
    let sent = &requests(&server).await[0];
    assert_eq!(sent.headers["x-auth-email"], "user@example.com");
    assert_eq!(sent.headers["x-auth-key"], "test-key-not-a-secret");
    assert!(sent.headers.get("authorization").is_none());
    assert_eq!(sent.headers["user-agent"], "my-app/1.0");
}

#[tokio::test]
async fn blank_credentials_are_refused_and_surrounding_whitespace_is_never_sent() {
    let server = answering_creates(example()).await;
    let build = |credentials| client_for(&server).credentials(credentials).build();
    for blank in ["", " ", "\n", "\t \r\n"] {
        for credentials in [
            Credentials::api_token(blank),
            Credentials::api_key("user@example.com", blank),
            Credentials::api_key(blank, "test-key-not-a-secret"),
        ] {
            let error = build(credentials.clone()).unwrap_err();
            assert!(
                error.to_string().contains("empty"),
                "{credentials:?}: {error}"
            );
        }
    }

    // A token or key read from a file, with its newline, and padded email.
    let token = build(Credentials::api_token(format!(" {TOKEN}\n"))).unwrap();
    let key = build(Credentials::api_key(
        "\tuser@example.com ",
        "test-key-not-a-secret\r\n",
    ))
    .unwrap();
    create(&token, "n").await.unwrap();
    create(&key, "n").await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_eq!(sent[1].headers["x-auth-email"], "user@example.com");
    assert_eq!(sent[1].headers["x-auth-key"], "test-key-not-a-secret");
}

#[tokio::test]
async fn a_success_gives_the_result_messages_status_and_cf_ray() {
    let server = answering_creates(example()).await;

    let created = create(
        &client_for(&server).build().unwrap(),
        "my-dispatch-namespace",
    )
    .await
    .unwrap();

    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(created.ray_id(), Some(RAY));
    assert_eq!(created.headers()["content-type"], "application/json");
    assert_eq!(
        created.result.namespace_name.as_deref(),
        Some("my-dispatch-namespace")
    );
    assert_eq!(
        created.result.namespace_id.as_deref(),
        Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
    );
    assert_eq!(created.result.script_count, Some(800));
    assert_eq!(created.messages.len(), 1);
    assert_eq!(
        (
            created.messages[0].code,
            created.messages[0].message.as_str()
        ),
        (1000, "message")
    );
    assert!(created.result_info.is_none());
}

#[tokio::test]
async fn a_success_without_a_result_is_a_decode_error() {
    for body in [
        json!({ "success": true, "errors": [], "messages": [] }),
        json!({ "success": true, "errors": [], "messages": [], "result": null }),
    ] {
        let server = answering_creates(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("cf-ray", RAY),
        )
        .await;
        match create(&client_for(&server).build().unwrap(), "n").await {
            Err(Error::Decode(e)) => {
                assert_eq!(e.status(), Some(StatusCode::OK));
                assert_eq!(e.ray_id(), Some(RAY));
                assert!(e.to_string().contains("no `result`"), "{e}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn error_statuses_are_api_errors_with_status_errors_and_cf_ray() {
    for status in [400, 401, 403, 404, 409, 422, 429, 500, 502] {
        let server =
            answering_creates(failure(status, 10_000 + i64::from(status), "it went wrong")).await;
        let error = create(&client_for(&server).build().unwrap(), "n")
            .await
            .unwrap_err();
        let Error::Api(api) = &error else {
            panic!("{status}: expected Error::Api, got {error:?}");
        };
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.errors().len(), 1);
        assert_eq!(error.errors()[0].code, 10_000 + i64::from(status));
        assert_eq!(error.errors()[0].message, "it went wrong");
        assert_eq!(error.ray_id(), Some(RAY));
        // A create may have been applied after anything but a 429.
        assert_eq!(error.is_retryable(), status == 429, "{status}");
        let shown = error.to_string();
        assert!(
            shown.contains(&status.to_string())
                && shown.contains("it went wrong")
                && shown.contains(RAY),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn success_false_on_a_200_is_an_api_error() {
    // Also when its `result` is not the operation's result type.
    let odd_result = json!({
        "success": false,
        "errors": [{ "code": 10_001, "message": "not really" }],
        "messages": [],
        "result": "not a namespace",
    });
    let answers = [
        failure(200, 10_001, "not really"),
        ResponseTemplate::new(200).set_body_json(odd_result),
    ];
    for answer in answers {
        let server = answering_creates(answer).await;
        match create(&client_for(&server).build().unwrap(), "n").await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), StatusCode::OK);
                assert_eq!(e.errors()[0].message, "not really");
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn bodies_that_are_not_envelopes_keep_status_and_a_snippet() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let cases = [
        (502, html, Some("<html>")),
        (429, "", Some("")),
        (
            500,
            r#"{"success":false,"errors":[{"code":1"#,
            Some(r#"{"success":false"#),
        ),
    ];
    for (status, body, snippet_start) in cases {
        let server = answering_creates(
            ResponseTemplate::new(status)
                .set_body_raw(body, "text/html")
                .insert_header("cf-ray", RAY),
        )
        .await;
        match create(&client_for(&server).build().unwrap(), "n").await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status().as_u16(), status);
                assert!(e.errors().is_empty());
                assert_eq!(e.ray_id(), Some(RAY));
                assert!(
                    e.body_snippet()
                        .unwrap()
                        .starts_with(snippet_start.unwrap()),
                    "{e:?}"
                );
            }
            other => panic!("{status}: expected Error::Api, got {other:?}"),
        }
    }

    let long = "x".repeat(5000);
    let server = answering_creates(ResponseTemplate::new(503).set_body_string(long)).await;
    let error = create(&client_for(&server).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Api(e) = error else {
        panic!("{error:?}")
    };
    assert_eq!(e.body_snippet().unwrap().len(), 1024);
}

#[tokio::test]
async fn a_truncated_or_mistyped_success_is_a_decode_error_with_a_snippet() {
    let truncated = &CREATE_EXAMPLE_RESPONSE[..200];
    let mistyped =
        CREATE_EXAMPLE_RESPONSE.replace("\"script_count\": 800", "\"script_count\": \"many\"");
    let cases = [
        (truncated.to_owned(), "EOF while parsing"),
        (
            mistyped,
            "at `result.script_count`: invalid type: string \"many\"",
        ),
        ("<html>oops</html>".to_owned(), "the body is not JSON"),
    ];
    for (body, reason) in cases {
        let server = answering_creates(
            ResponseTemplate::new(200)
                .set_body_raw(body.clone(), "application/json")
                .insert_header("cf-ray", RAY),
        )
        .await;
        match create(&client_for(&server).build().unwrap(), "n").await {
            Err(Error::Decode(e)) => {
                assert_eq!(e.status(), Some(StatusCode::OK));
                assert_eq!(e.ray_id(), Some(RAY));
                assert_eq!(e.body_snippet(), &body[..body.len().min(1024)]);
                assert!(std::error::Error::source(&e).is_some());
                assert!(e.to_string().contains(reason), "{e}");
                assert!(e.to_string().contains(RAY), "{e}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_wait_and_then_succeeds() {
    let server = answering_creates(Sequence::of([
        failure(429, 10_429, "slow down").insert_header("retry-after", "1"),
        example(),
    ]))
    .await;

    let started = Instant::now();
    let created = create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap();

    // The backoff alone would be a few milliseconds: the second it took is
    // the server's Retry-After.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn exhausted_retries_report_the_last_answer() {
    let server = answering_gets(Sequence::of([
        failure(503, 1, "first"),
        failure(500, 2, "second"),
        failure(502, 3, "third"),
        example(),
    ]))
    .await;

    let error = get(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    // Each retry sends the same request again.
    for retry in &sent[1..] {
        assert_eq!(retry.method, sent[0].method);
        assert_eq!(retry.url, sent[0].url);
        assert_eq!(retry.headers, sent[0].headers);
        assert_eq!(retry.body, sent[0].body);
    }
    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(e.errors()[0].message, "third");
    assert_eq!(e.attempts(), 3);
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
}

/// `Error::attempts()`, for every kind of error: what was sent, retries
/// included, and `0` when nothing was.
#[tokio::test]
async fn every_error_says_how_many_times_the_request_was_sent() {
    let server = answering_gets(Sequence::of([
        failure(503, 1, "down"),
        ResponseTemplate::new(200).set_body_string("<html>"),
    ]))
    .await;
    let error = get(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.attempts(), error.attempts()), (2, 2));
    assert!(error.to_string().contains("after 2 attempts"), "{error}");

    let server = answering_gets(failure(404, 1, "no such namespace")).await;
    let client = client_for(&server).max_retries(2).build().unwrap();
    assert_eq!(get(&client, "n").await.unwrap_err().attempts(), 1);

    let closed = ClosedPort::new();
    let refused = client_for(&closed).max_retries(1).build().unwrap();
    assert_eq!(get(&refused, "n").await.unwrap_err().attempts(), 2);

    let invalid = get(&refused, "..").await.unwrap_err();
    assert!(matches!(invalid, Error::InvalidInput(_)), "{invalid:?}");
    assert_eq!(invalid.attempts(), 0);
    let config = Error::from(Client::builder().build().unwrap_err());
    assert_eq!(config.attempts(), 0);
}

#[tokio::test]
async fn retries_can_be_disabled_and_x_should_retry_overrides_the_status() {
    let server = answering_creates(failure(503, 1, "down")).await;
    create(&client_for(&server).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert_eq!(
        requests(&server).await.len(),
        1,
        "max_retries(0) sends once"
    );

    let server =
        answering_creates(failure(503, 1, "down").insert_header("x-should-retry", "false")).await;
    let error = create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert_eq!(
        requests(&server).await.len(),
        1,
        "x-should-retry: false is final"
    );
    assert!(!error.is_retryable());

    let server = answering_creates(Sequence::of([
        failure(400, 1, "flaky").insert_header("x-should-retry", "true"),
        example(),
    ]))
    .await;
    create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap();
    assert_eq!(
        requests(&server).await.len(),
        2,
        "x-should-retry: true retries a 400"
    );

    let server = answering_creates(failure(400, 1, "bad")).await;
    create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 1, "a 400 is not retried");
}

#[tokio::test]
async fn a_slow_server_times_out_and_each_attempt_is_bounded() {
    let server = answering_gets(example().set_delay(Duration::from_secs(60))).await;
    let client = client_for(&server)
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let error = get(&client, "n").await.unwrap_err();

    // The answer would come after a minute: a timeout means each attempt
    // ended at 200 ms, and both waited that long.
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(error.to_string().contains("after 2 attempts"), "{error}");
    assert_eq!(requests(&server).await.len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn the_timeout_also_bounds_each_attempt_on_a_reqwest_client_passed_in() {
    // The builder puts the timeout on the reqwest client it makes; on one
    // passed in, the transport sets it on each request instead.
    let server = answering_gets(example().set_delay(Duration::from_secs(60))).await;
    let client = client_for(&server)
        .http_client(reqwest_client_builder().unwrap().build().unwrap())
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let error = get(&client, "n").await.unwrap_err();

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(requests(&server).await.len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Retried even for a create: nothing was sent.
    let closed = ClosedPort::new();
    let client = client_for(&closed).max_retries(1).build().unwrap();
    let error = create(&client, "n").await.unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 2);
    assert!(error.to_string().contains("could not connect"), "{error}");
    assert!(error.status().is_none() && error.errors().is_empty() && error.ray_id().is_none());
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let server = answering_creates(example()).await;
    let client = client_for(&server).build().unwrap();
    let account_ids = [
        "",
        ".",
        "..",
        "a/b",
        "a?b",
        "a#b",
        "a%2F",
        "a b",
        "a\r\nb",
        "café",
        "023e105f4ecef8ad9ca31a8372d0c3531",
    ];
    for account_id in account_ids {
        let error = client
            .account(account_id)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .create()
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput(_)),
            "{account_id:?}: {error:?}"
        );
        assert!(error.to_string().contains("account_id"), "{error}");
    }
    for name in ["", "two\nlines", "cr\rlf\n", "nul\0"] {
        let error = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .create()
            .name(name)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput(_)),
            "{name:?}: {error:?}"
        );
    }
    assert!(requests(&server).await.is_empty());

    // Without a name, the body is empty and the API picks one.
    client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .create()
        .send()
        .await
        .unwrap();
    assert_eq!(
        requests(&server).await[0]
            .body_json::<serde_json::Value>()
            .unwrap(),
        json!({})
    );
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused() {
    let error = client_for("http://api.cloudflare.com/client/v4")
        .build()
        .unwrap_err();
    // `?` makes it the one `Error` of every call.
    let error = Error::from(error);
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        error.to_string().contains("danger_allow_insecure_http"),
        "{error}"
    );
    client_for("http://api.cloudflare.com/client/v4")
        .danger_allow_insecure_http(true)
        .build()
        .unwrap();
}

#[tokio::test]
async fn secrets_appear_in_no_debug_or_display_output() {
    let refusing = answering_creates(failure(403, 10_000, "Authentication error")).await;
    let garbled = answering_creates(ResponseTemplate::new(200).set_body_string("<html>")).await;
    let closed = ClosedPort::new();
    let credentials = [
        Credentials::api_token(TOKEN),
        Credentials::api_key("user@example.com", TOKEN),
    ];
    for credentials in credentials {
        let builder = |server: &dyn BaseUrl| client_for(server).credentials(credentials.clone());
        let mut shown = vec![
            format!("{credentials:?}"),
            format!("{:?}", builder(&refusing)),
        ];
        let client = builder(&refusing).build().unwrap();
        let call = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .create()
            .name("n");
        shown.extend([
            format!("{client:?}"),
            format!(
                "{:?}",
                cloudflare_api::workers_for_platforms::generated_client(&client)
            ),
            format!(
                "{:?}",
                client
                    .account(ACCOUNT_ID)
                    .workers_for_platforms()
                    .dispatch()
                    .namespaces()
            ),
            format!("{call:?}"),
        ]);
        let errors = [
            call.send().await.unwrap_err(),
            create(&builder(&garbled).build().unwrap(), "n")
                .await
                .unwrap_err(),
            create(&builder(&closed).build().unwrap(), "n")
                .await
                .unwrap_err(),
            builder(&"http://127.0.0.1:9")
                .timeout(Duration::ZERO)
                .build()
                .unwrap_err()
                .into(),
        ];
        for error in &errors {
            shown.extend([format!("{error:?}"), format!("{error}")]);
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                shown.extend([format!("{cause:?}"), format!("{cause}")]);
                source = cause.source();
            }
        }
        for shown in shown {
            assert!(!shown.contains(TOKEN), "{shown}");
        }
    }
}

#[tokio::test]
async fn the_generated_client_goes_through_the_same_credentials_and_retries() {
    let server = answering_gets(Sequence::of([failure(500, 1, "down"), example()])).await;
    let client = client_for(&server).max_retries(1).build().unwrap();

    let got = cloudflare_api::workers_for_platforms::generated_client(&client)
        .namespace_worker_get_namespace(ACCOUNT_ID.try_into().unwrap(), "n".try_into().unwrap())
        .await
        .unwrap();

    assert!(got.into_inner().result.is_some());
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter()
            .all(|r| r.headers["authorization"] == format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn clones_share_one_client_and_calls_can_be_spawned_as_they_are() {
    fn assert_send_sync_static<T: Send + Sync + 'static>() {}
    assert_send_sync_static::<Client>();
    assert_send_sync_static::<Error>();
    assert_send_sync_static::<
        cloudflare_api::Response<
            cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse,
        >,
    >();

    let server = answering_creates(example()).await;
    let client = client_for(&server).build().unwrap();
    let calls: Vec<_> = (0..8)
        .map(|i| {
            let call = client
                .clone()
                .account(ACCOUNT_ID)
                .workers_for_platforms()
                .dispatch()
                .namespaces()
                .create()
                .name(format!("ns-{i}"))
                .send();
            tokio::spawn(call)
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().status(), StatusCode::OK);
    }
    assert_eq!(requests(&server).await.len(), 8);

    // Every other kind of answer's call is `Send` too. Nothing in the
    // tree's `send()` asks for it (xtask/src/tree/emit.rs): the compiler
    // proves it here, where a change that made one not `Send` fails.
    fn assert_send<T: Send>(_: T) {}
    let account = client.account(ACCOUNT_ID);
    // A body that is not JSON (a Worker's script): `Bytes`.
    assert_send(
        account
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .scripts()
            .content()
            .get("ns", "my-worker")
            .send(),
    );
    // A success read as it comes, not as an envelope (a KV value).
    assert_send(
        account
            .kv()
            .namespaces()
            .values()
            .get("namespace", "key")
            .send(),
    );
    // A list's pages and items.
    assert_send(account.kv().namespaces().list().pages());
    assert_send(account.kv().namespaces().list().items());
}

#[tokio::test]
async fn a_gzip_answer_is_asked_for_and_decompressed() {
    use std::io::Write;
    let gzip = |body: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(body).unwrap();
        encoder.finish().unwrap()
    };
    let failure_body = json!({
        "errors": [{ "code": 10_014, "message": "namespace already exists" }],
        "messages": [],
        "success": false,
        "result": null,
    });
    let answer = |status, body: &[u8]| {
        ResponseTemplate::new(status)
            .set_body_raw(gzip(body), "application/json")
            .insert_header("content-encoding", "gzip")
            .insert_header("cf-ray", RAY)
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(header("accept-encoding", "gzip"))
        .and(body_json(json!({ "name": "n" })))
        .respond_with(answer(200, CREATE_EXAMPLE_RESPONSE.as_bytes()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(header("accept-encoding", "gzip"))
        .and(body_json(json!({ "name": "taken" })))
        .respond_with(answer(409, failure_body.to_string().as_bytes()))
        .mount(&server)
        .await;
    let client = client_for(&server).build().unwrap();

    let created = create(&client, "n").await.unwrap();
    assert_eq!(created.result.script_count, Some(800));
    assert_eq!(created.ray_id(), Some(RAY));

    let error = create(&client, "taken").await.unwrap_err();
    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.status(), StatusCode::CONFLICT);
    assert_eq!(e.errors()[0].message, "namespace already exists");
}

#[tokio::test]
async fn redirects_are_not_followed_so_credentials_stay_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(example())
        .mount(&elsewhere)
        .await;
    let redirect = ResponseTemplate::new(307).insert_header(
        "location",
        format!("{}{CREATE_PATH}", elsewhere.uri()).as_str(),
    );
    let server = answering_creates(redirect).await;

    let error = create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();

    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(requests(&elsewhere).await.is_empty());
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a redirect is not retried"
    );
}

/// Every error of a call says which operation failed, by its `operationId`
/// (never a credential), so that a log line of `{error}` alone is enough:
/// answers, decoding, the transport, and refusals before sending, whether
/// the call went through the tree or the generated client (`Normalize`).
#[tokio::test]
async fn every_error_names_its_operation() {
    use cloudflare_api::Normalize;

    let names = |error: &Error, operation_id: &str| {
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("{operation_id}: ")),
            "{shown} ({error:?})"
        );
        assert_eq!(
            error.operation().map(|o| o.operation_id),
            Some(operation_id),
            "{error:?}"
        );
        assert!(!shown.contains(TOKEN), "{shown}");
    };

    // An error answer, a success that does not decode.
    let refusing = answering_creates(failure(409, 10_026, "already exists")).await;
    let error = create(&client_for(&refusing).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    names(&error, "namespace-worker-create");
    assert!(
        error.to_string().contains("10026 already exists"),
        "{error}"
    );
    let garbled =
        answering_gets(ResponseTemplate::new(200).set_body_raw("{", "application/json")).await;
    let error = get(&client_for(&garbled).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    names(&error, "namespace-worker-get-namespace");

    // No answer: refused, or not in time.
    let closed = ClosedPort::new();
    let error = get(&client_for(&closed).build().unwrap(), "n")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    names(&error, "namespace-worker-get-namespace");
    let silent = answering_gets(example().set_delay(Duration::from_secs(60))).await;
    let error = get(
        &client_for(&silent)
            .timeout(Duration::from_millis(100))
            .build()
            .unwrap(),
        "n",
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    names(&error, "namespace-worker-get-namespace");

    // Refused before sending by the tree's builders: an argument, a form.
    let client = client_for(&refusing).build().unwrap();
    let namespaces = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces();
    let error = namespaces.get("..").send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    names(&error, "namespace-worker-get-namespace");
    let error = client
        .account("not/an/id")
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .list()
        .send()
        .await
        .unwrap_err();
    names(&error, "namespace-worker-list");
    let error = namespaces
        .scripts()
        .update("customers", "my-worker")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    names(&error, "namespace-worker-script-upload-worker-module");

    // Through the generated client: an answer, a path parameter that would
    // leave its segment.
    let generated = cloudflare_api::workers_for_platforms::generated_client(&client);
    let error = generated
        .namespace_worker_create(
            ACCOUNT_ID.try_into().unwrap(),
            cloudflare_api::workers_for_platforms::types::NamespaceWorkerCreateBody { name: None },
        )
        .normalize()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    names(&error, "namespace-worker-create");
    let error = generated
        .namespace_worker_get_namespace(ACCOUNT_ID.try_into().unwrap(), "..".try_into().unwrap())
        .normalize()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    names(&error, "namespace-worker-get-namespace");
    assert_eq!(requests(&refusing).await.len(), 2);

    // A configuration error belongs to no call.
    let error: Error = Client::builder().build().unwrap_err().into();
    assert!(error.operation().is_none());
}
