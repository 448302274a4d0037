//! The `tracing` output of calls. In a test binary of its own: `tracing`
//! caches per call site whether anyone listens, and a test on another
//! thread without a subscriber can make that cache say no.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_api::{Credentials, RetryPolicy};
use cloudflare_api_tests::client::{client_for, get};
use cloudflare_api_tests::scripted::{Sequence, answering_gets, example_answer, failure_answer};
use cloudflare_api_tests::{RAY, TOKEN};

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
    let answers = Sequence::of([failure_answer(500, 1, "down"), example_answer()]);
    let server = answering_gets(answers).await;

    for credentials in [
        Credentials::api_token(TOKEN),
        Credentials::api_key("user@example.com", TOKEN),
    ] {
        let client = client_for(&server)
            .credentials(credentials)
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
        // The spec's `operationId`, as errors name the operation.
        r#"operation_id="namespace-worker-get-namespace""#,
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
    // One name for an operation: never progenitor's method name.
    assert!(!logs.contains("namespace_worker_"), "{logs}");
    assert!(!logs.contains(TOKEN), "{logs}");
}
