//! The `tracing` output of calls. In a test binary of its own: `tracing`
//! caches per call site whether anyone listens, and a test on another
//! thread without a subscriber can make that cache say no.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_api::{Client, Credentials, RetryPolicy};
use cloudflare_api_tests::{GET_PATH, RAY, Sequence, TOKEN, example_answer, failure_answer, get};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// A `tracing` writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_attempt_is_traced_with_its_outcome_and_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    // This test's runtime is single-threaded: everything it awaits is traced.
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    let answers = Sequence::of([failure_answer(500, 1, "down"), example_answer()]);
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(answers)
        .mount(&server)
        .await;

    for credentials in [
        Credentials::api_token(TOKEN),
        Credentials::api_key("user@example.com", TOKEN),
    ] {
        let client = Client::builder()
            .credentials(credentials)
            .base_url(format!("{}/client/v4", server.uri()))
            .retry_policy(
                RetryPolicy::default()
                    .max_retries(1)
                    .initial_backoff(Duration::from_millis(1)),
            )
            .build()
            .unwrap();
        get(&client, "n").await.unwrap();
    }

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let closed: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("cloudflare_api.request{") && l.contains("close"))
        .collect();
    assert_eq!(closed.len(), 3, "{logs}");
    let first = closed[0];
    for field in [
        r#"operation_id="namespace_worker_get_namespace""#,
        "method=GET",
        "attempt=1",
        "status=500",
        "duration_ms=",
    ] {
        assert!(first.contains(field), "{field} missing from {first}");
    }
    assert!(
        closed[1].contains("attempt=2") && closed[1].contains("status=200"),
        "{}",
        closed[1]
    );
    assert!(
        closed[1].contains(&format!(r#"cf_ray="{RAY}""#)),
        "{}",
        closed[1]
    );
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(TOKEN), "{logs}");
}
