//! The fault matrix: the ergonomic client against servers on 127.0.0.1 that
//! misbehave in every way a network and a server can. The README's
//! "Reliability" table lists these tests, and the rows that tests in
//! `client.rs`, `proxy.rs` and `lifecycle.rs` already cover, one for one.

use std::cell::RefCell;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use cloudflare_api::{Error, RetryPolicy};
use cloudflare_api_tests::client::{client_for, create, get, quick_retries};
use cloudflare_api_tests::port::{ClosedPort, UnansweredPort};
use cloudflare_api_tests::raw_server::{
    RawServer, close, close_mid_body, head, never_answer, read_request, reset, stall_mid_body,
};
use cloudflare_api_tests::scripted::{Sequence, answering, failure_answer, requests};
use cloudflare_api_tests::{ACCOUNT_ID, CREATE_EXAMPLE_RESPONSE, CREATE_PATH, RAY};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

tokio::task_local! {
    /// The waits the client announced in the call that [`waits_of`] runs.
    static WAITS: RefCell<Vec<Duration>>;
}

/// A `tracing` subscriber that takes only the client's "retrying" event
/// and notes its `wait_ms` for the [`waits_of`] call it happened in. It is
/// the global one, installed once: a scoped subscriber on one test's thread
/// can lose its events to the interest cache of a test on another thread.
struct WaitRecorder;

impl tracing::Subscriber for WaitRecorder {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.is_event() && metadata.fields().field("wait_ms").is_some()
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct WaitMs(Option<u64>);
        impl tracing::field::Visit for WaitMs {
            fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
                if field.name() == "wait_ms" {
                    self.0 = Some(value);
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        let mut wait = WaitMs(None);
        event.record(&mut wait);
        if let Some(ms) = wait.0 {
            let _ = WAITS.try_with(|waits| waits.borrow_mut().push(Duration::from_millis(ms)));
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Runs `call` and returns its output with the waits before each retry
/// that the client announced: what its policy computed, whatever the
/// machine's speed.
async fn waits_of<F: Future>(call: F) -> (F::Output, Vec<Duration>) {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| tracing::subscriber::set_global_default(WaitRecorder).unwrap());
    tracing::callsite::rebuild_interest_cache();
    WAITS
        .scope(RefCell::new(Vec::new()), async {
            let output = call.await;
            (output, WAITS.with(|waits| waits.take()))
        })
        .await
}

#[tokio::test]
async fn a_connection_reset_before_the_answer_is_retried() {
    let server = RawServer::failing_first(usize::MAX, reset).await;
    let error = get(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 3, "{error}");
    assert_eq!(server.connections(), 3);
    assert!(error.is_retryable());

    let server = RawServer::failing_first(1, reset).await;
    get(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap();
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_retried() {
    let server = RawServer::failing_first(usize::MAX, close_mid_body).await;
    let error = get(&client_for(&server).max_retries(1).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 2, "{error:?}");
    assert!(
        error.to_string().contains("while reading the answer"),
        "{error}"
    );

    let server = RawServer::failing_first(1, close_mid_body).await;
    get(&client_for(&server).max_retries(1).build().unwrap(), "n")
        .await
        .unwrap();
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_connection_closed_after_the_request_was_sent_says_it_may_have_been_applied() {
    // The server reads the whole request, then closes the connection
    // without a word: the request reached it, and may have been applied.
    // Not "while sending the request", which reads as "nothing was sent".
    let server = RawServer::failing_first(usize::MAX, close).await;
    let client = client_for(&server).max_retries(2).build().unwrap();
    let error = get(&client, "n").await.unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    let shown = error.to_string();
    assert_eq!(e.attempts(), 3, "{shown}");
    assert_eq!(server.connections(), 3);
    assert!(error.is_retryable(), "{shown}");
    assert!(
        shown.contains("the request was sent and the connection closed before an answer came"),
        "{shown}"
    );
    assert!(shown.contains("it may have been applied"), "{shown}");
    assert!(!shown.contains("while sending"), "{shown}");

    // A create is therefore not sent again, and says why.
    let server = RawServer::failing_first(usize::MAX, close).await;
    let client = client_for(&server).max_retries(2).build().unwrap();
    let error = create(&client, "n").await.unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.attempts(), server.connections()), (1, 1), "{error}");
    assert!(!error.is_retryable(), "{error}");
    assert!(
        error.to_string().contains("it may have been applied"),
        "{error}"
    );

    // A later answer is used.
    let server = RawServer::failing_first(1, close).await;
    get(&client_for(&server).max_retries(1).build().unwrap(), "n")
        .await
        .unwrap();
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_body_that_stalls_half_way_times_out_each_attempt() {
    let server = RawServer::failing_first(usize::MAX, stall_mid_body).await;
    let client = client_for(&server)
        .timeout(Duration::from_millis(300))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let error = get(&client, "n").await.unwrap_err();

    // Each attempt waited its whole timeout, and none waited for the body
    // (which never comes): a timeout, twice.
    let Error::Timeout(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 2);
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(600), "{took:?}");
}

#[tokio::test]
async fn exhausted_retries_take_the_time_the_policy_allows() {
    let server = answering(Mock::given(method("GET")), failure_answer(503, 1, "down")).await;
    // Waits of 100, 200 and 200 ms, each shortened by up to a quarter.
    let policy = RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(200));

    let started = Instant::now();
    let (error, waits) = waits_of(get(
        &client_for(&server).retry_policy(policy).build().unwrap(),
        "n",
    ))
    .await;

    let took = started.elapsed();
    let error = error.unwrap_err();
    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 4);
    assert_eq!(waits.len(), 3, "{waits:?}");
    for (wait, full) in waits.iter().zip([100, 200, 200]) {
        let full = Duration::from_millis(full);
        assert!(*wait <= full && *wait >= full.mul_f64(0.75), "{waits:?}");
    }
    assert!(took >= waits.iter().sum(), "{took:?} {waits:?}");
}

#[tokio::test]
async fn a_create_is_not_sent_again_once_it_may_have_been_applied() {
    // The issue's report: a create answered 502 (having created the
    // namespace), then 409 "already exists" to its own retries. Sent once,
    // the 502 is what the caller gets, to check on.
    let answers = || {
        Sequence::of([
            failure_answer(502, 1, "bad gateway"),
            failure_answer(409, 10_014, "namespace already exists"),
        ])
    };
    let server = answering(Mock::given(method("POST")), answers()).await;
    let error = create(&client_for(&server).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.status().as_u16(), e.attempts()), (502, 1), "{error}");
    assert_eq!(requests(&server).await.len(), 1);
    // Nor does the error invite the caller to send it again.
    assert!(!error.is_retryable(), "{error}");

    // The old behaviour, for an API whose creates can be repeated.
    let server = answering(Mock::given(method("POST")), answers()).await;
    let policy = quick_retries(2).retry_non_idempotent(true);
    let error = create(
        &client_for(&server).retry_policy(policy).build().unwrap(),
        "n",
    )
    .await
    .unwrap_err();
    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.status().as_u16(), e.attempts()), (409, 3), "{error}");
    assert_eq!(requests(&server).await.len(), 3);
    assert!(error.is_retryable(), "{error}");

    // Every answer that may follow an applied request; an update (PATCH)
    // too, which is not idempotent either.
    for status in [408, 409, 500, 503, 504] {
        let server = answering(
            Mock::given(method("POST")),
            failure_answer(status, 1, "maybe applied"),
        )
        .await;
        Mock::given(method("PATCH"))
            .respond_with(failure_answer(status, 1, "maybe applied"))
            .mount(&server)
            .await;
        let client = client_for(&server).max_retries(2).build().unwrap();
        let created = create(&client, "n").await.unwrap_err();
        let updated = client
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .edit("n")
            .trusted_workers(true)
            .send()
            .await
            .unwrap_err();
        for error in [created, updated] {
            let Error::Api(e) = &error else {
                panic!("{status}: {error:?}")
            };
            assert_eq!((e.status().as_u16(), e.attempts()), (status, 1));
            assert!(!error.is_retryable(), "{status}: {error}");
        }
        assert_eq!(requests(&server).await.len(), 2);
    }

    // A timeout once the request was sent, a connection reset before the
    // answer or closed half-way through it.
    let silent = answering(
        Mock::given(method("POST")),
        ResponseTemplate::new(200).set_delay(Duration::from_secs(60)),
    )
    .await;
    let timeout = client_for(&silent)
        .timeout(Duration::from_millis(200))
        .max_retries(2)
        .build()
        .unwrap();
    let error = create(&timeout, "n").await.unwrap_err();
    let Error::Timeout(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 1);
    assert!(!error.is_retryable(), "{error}");
    assert!(
        error
            .to_string()
            .contains("no answer within the timeout; the request may have been sent, and applied"),
        "{error}"
    );
    assert_eq!(requests(&silent).await.len(), 1);

    let resetting = RawServer::failing_first(usize::MAX, reset).await;
    let closing = RawServer::failing_first(usize::MAX, close_mid_body).await;
    for server in [resetting, closing] {
        let error = create(&client_for(&server).max_retries(2).build().unwrap(), "n")
            .await
            .unwrap_err();
        let Error::Transport(e) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(e.attempts(), 1, "{error}");
        assert!(!error.is_retryable(), "{error}");
        assert_eq!(server.connections(), 1);
    }
}

#[tokio::test]
async fn a_create_is_retried_when_it_certainly_was_not_applied() {
    // A 429, or any answer with `x-should-retry: true`.
    for first in [
        failure_answer(429, 10_000, "rate limited"),
        failure_answer(503, 1, "try again").insert_header("x-should-retry", "true"),
    ] {
        let server = answering(
            Mock::given(method("POST")),
            Sequence::of([
                first,
                ResponseTemplate::new(200)
                    .set_body_raw(CREATE_EXAMPLE_RESPONSE, "application/json"),
            ]),
        )
        .await;
        create(&client_for(&server).max_retries(2).build().unwrap(), "n")
            .await
            .unwrap();
        let sent = requests(&server).await;
        assert_eq!(sent.len(), 2);
        // The retry replays the body (shared by the attempts, not copied).
        assert_eq!(sent[1].body, sent[0].body);
        assert_eq!(sent[0].body, br#"{"name":"n"}"#);
    }

    // A connection that never opened.
    let closed = ClosedPort::new();
    let error = create(&client_for(&closed).max_retries(2).build().unwrap(), "n")
        .await
        .unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 3, "{error}");

    // A connection that did not open within the connect timeout: a timeout
    // that says nothing was sent, retried like a refused connection.
    let unanswered = UnansweredPort::new();
    let error = create(
        &client_for(&unanswered)
            .connect_timeout(Duration::from_millis(100))
            .max_retries(2)
            .build()
            .unwrap(),
        "n",
    )
    .await
    .unwrap_err();
    let Error::Timeout(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 3, "{error}");
    assert!(error.is_retryable(), "{error}");
    assert!(
        error
            .to_string()
            .contains("could not connect within the connect timeout; nothing was sent"),
        "{error}"
    );
}

/// An HTTP date `seconds` from now (negative: in the past).
fn http_date(seconds: i64) -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    chrono::DateTime::from_timestamp(now + seconds, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[tokio::test]
async fn storms_of_429_wait_as_asked_within_the_cap_and_then_give_up() {
    // Backoff of 20 ms (up to a quarter off), asked-for waits capped at
    // 250 ms, 3 retries.
    let policy = RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(20))
        .max_retry_after(Duration::from_millis(250));
    let backoff = (Duration::from_millis(15), Duration::from_millis(20));
    let exactly = |ms| (Duration::from_millis(ms), Duration::from_millis(ms));
    // A header (if any), and the least and most the client may wait before
    // each retry.
    type Case = (Option<(&'static str, String)>, (Duration, Duration));
    let cases: Vec<Case> = vec![
        (None, backoff),
        (Some(("retry-after", "garbage".to_owned())), backoff),
        (Some(("retry-after", "-5".to_owned())), backoff),
        (Some(("retry-after", http_date(-3600))), backoff),
        (Some(("retry-after", "0".to_owned())), exactly(0)),
        (Some(("retry-after", "3600".to_owned())), exactly(250)),
        (Some(("retry-after", http_date(3600))), exactly(250)),
        (Some(("retry-after-ms", "1e12".to_owned())), exactly(250)),
        (Some(("retry-after-ms", "50".to_owned())), exactly(50)),
    ];
    let mut runs = tokio::task::JoinSet::new();
    for (header, (least, most)) in cases {
        let policy = policy.clone();
        runs.spawn(async move {
            let mut answer = failure_answer(429, 10_000, "rate limited");
            if let Some((name, value)) = &header {
                answer = answer.insert_header(*name, value.as_str());
            }
            let server = answering(Mock::given(method("POST")), answer).await;
            let started = Instant::now();
            let (error, waits) = waits_of(create(
                &client_for(&server).retry_policy(policy).build().unwrap(),
                "n",
            ))
            .await;
            let took = started.elapsed();
            let error = error.unwrap_err();
            let Error::Api(e) = &error else {
                panic!("{header:?}: {error:?}")
            };
            // A 429 is retried even for a create: it was not applied.
            assert_eq!((e.status().as_u16(), e.attempts()), (429, 4), "{header:?}");
            assert!(error.is_retryable());
            assert_eq!(waits.len(), 3, "{header:?}: {waits:?}");
            for wait in &waits {
                assert!(*wait >= least && *wait <= most, "{header:?}: {waits:?}");
            }
            assert!(took >= waits.iter().sum(), "{header:?}: {took:?}");
        });
    }
    while let Some(run) = runs.join_next().await {
        run.unwrap();
    }

    // A date a few seconds ahead is waited for when under the cap: up to
    // the date (whole seconds), not the backoff of a few milliseconds.
    let server = answering(
        Mock::given(method("POST")),
        failure_answer(429, 10_000, "rate limited").insert_header("retry-after", http_date(3)),
    )
    .await;
    let policy = quick_retries(1).max_retry_after(Duration::from_secs(5));
    let started = Instant::now();
    let (error, waits) = waits_of(create(
        &client_for(&server).retry_policy(policy).build().unwrap(),
        "n",
    ))
    .await;
    let took = started.elapsed();
    error.unwrap_err();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        waits[0] >= Duration::from_millis(500) && waits[0] <= Duration::from_secs(3),
        "{waits:?}"
    );
    assert!(took >= waits[0], "{took:?}");
}

#[tokio::test]
async fn unknown_fields_anywhere_in_a_success_still_decode() {
    let mut body: serde_json::Value = serde_json::from_str(CREATE_EXAMPLE_RESPONSE).unwrap();
    body["added_by_the_api"] = json!({ "anything": [1, 2] });
    body["result"]["new_setting"] = json!(true);
    body["messages"][0]["severity"] = json!("info");
    body["messages"][0]["source"] = json!({ "pointer": "/name", "extra": 1 });
    body["result_info"] = json!({ "count": 1, "page": 1, "cursor": "abc" });
    let server = answering(
        Mock::given(method("POST")).and(path(CREATE_PATH)),
        ResponseTemplate::new(200)
            .set_body_json(body)
            .insert_header("cf-ray", RAY),
    )
    .await;

    let created = create(&client_for(&server).build().unwrap(), "n")
        .await
        .unwrap();

    assert_eq!(created.result.script_count, Some(800));
    assert_eq!(created.messages[0].code, 1000);
}

#[tokio::test]
async fn a_huge_error_body_is_cut_to_a_snippet_without_reading_it_all() {
    // A 500 with a 64 MiB body: the server notes how much it could send
    // before the client hung up, all of it only if the client read it all.
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 1024;
    let (sent_tx, sent_rx) = tokio::sync::mpsc::unbounded_channel();
    let server = RawServer::start(move |mut stream, _| {
        let sent_tx = sent_tx.clone();
        async move {
            if read_request(&mut stream).await.is_none() {
                return;
            }
            let head = head(500, &[("cf-ray", RAY), ("transfer-encoding", "chunked")], 0);
            let chunk = format!("{CHUNK:x}\r\n{}\r\n", "x".repeat(CHUNK));
            let mut sent = 0;
            if stream.write_all(&head).await.is_ok() {
                while sent < CHUNKS && stream.write_all(chunk.as_bytes()).await.is_ok() {
                    sent += 1;
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            }
            let _ = sent_tx.send(sent);
        }
    })
    .await;

    let error = create(&client_for(&server).build().unwrap(), "n")
        .await
        .unwrap_err();

    let Error::Api(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.status().as_u16(), 500);
    assert_eq!(e.ray_id(), Some(RAY));
    assert_eq!(e.body_snippet().map(str::len), Some(1024));
    assert!(error.to_string().len() < 300, "{error}");
    assert!(error.to_string().contains("longer than 4 MiB"), "{error}");
    // The client stopped reading at 4 MiB and closed the connection: the
    // rest (all but what the sockets' buffers took) was never sent.
    let mut sent_rx = sent_rx;
    let sent = sent_rx.recv().await.unwrap();
    assert!(sent < CHUNKS / 2, "{sent} of {CHUNKS} chunks were sent");
}

#[tokio::test]
async fn a_hundred_concurrent_calls_from_clones_complete_and_share_connections() {
    let server = RawServer::answering_example().await;
    let client = client_for(&server).build().unwrap();

    let mut set = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        set.spawn(async move { create(&client, "n").await.map(|r| r.status()) });
    }
    while let Some(done) = set.join_next().await {
        assert!(done.unwrap().unwrap().is_success());
    }
    let after_concurrent = server.connections();
    assert!(after_concurrent <= 100, "{after_concurrent}");

    // Once the pool is warm, calls open no new connection.
    for _ in 0..20 {
        create(&client, "n").await.unwrap();
    }
    assert_eq!(server.connections(), after_concurrent);
}

#[tokio::test]
async fn a_call_dropped_half_way_leaves_the_client_usable() {
    // The first connection never answers; the others do.
    let server = RawServer::failing_first(1, never_answer).await;
    let client = client_for(&server).build().unwrap();

    let dropped = tokio::time::timeout(Duration::from_millis(200), create(&client, "n")).await;
    assert!(dropped.is_err(), "the first call should still be waiting");

    let created = create(&client, "n").await.unwrap();
    assert_eq!(created.result.script_count, Some(800));
}

/// The README's Reliability table names a test of `e2e/faults.rs` or
/// another file of `tests/` on each row, and every test of `e2e/faults.rs`
/// and `e2e/answers.rs` has its row.
#[test]
fn the_readme_reliability_table_lists_these_tests_one_for_one() {
    let root = cloudflare_api_tests::workspace::workspace_root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let readme = read("README.md");
    let section = readme
        .split("## Reliability")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a Reliability section");
    let rows: Vec<(&str, &str)> = section
        .lines()
        .filter_map(|line| {
            let last = line.strip_suffix(" |")?.rsplit("| ").next()?;
            let mut parts = last.split('`').filter(|p| !p.trim().is_empty());
            let file = parts.next().filter(|f| f.ends_with(".rs"))?;
            Some((file, parts.next()?))
        })
        .collect();
    let tests_in = |file: &str| -> Vec<String> {
        let source = read(&format!("tests/{file}"));
        let lines: Vec<&str> = source.lines().collect();
        lines
            .windows(2)
            .filter(|w| w[0].starts_with("#[tokio::test]") || w[0].starts_with("#[test]"))
            .filter_map(|w| {
                let name = w[1].split("fn ").nth(1)?;
                Some(name.split('(').next()?.to_owned())
            })
            .collect()
    };
    for (file, test) in &rows {
        assert!(
            tests_in(file).iter().any(|t| t == test),
            "the README names {file} {test}, which does not exist"
        );
    }
    // The files whose every test is a row (`client.rs` has other tests).
    for file in ["e2e/faults.rs", "e2e/answers.rs"] {
        for test in tests_in(file) {
            if test == "the_readme_reliability_table_lists_these_tests_one_for_one" {
                continue;
            }
            let listed = rows.iter().filter(|(f, t)| *f == file && *t == test);
            assert_eq!(
                listed.count(),
                1,
                "{file} {test} needs one row in the README"
            );
        }
    }
}
