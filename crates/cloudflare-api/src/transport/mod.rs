//! What every request goes through, as the generated client's [`Hooks`]
//! function: credentials, user agent and timeout on the request, retries
//! ([`retry`]), tracing, and reading the body ([`body`]). What it saw of
//! the call reaches the code that normalizes the answer through
//! [`progenitor_workaround`].

pub(crate) mod body;
pub(crate) mod progenitor_workaround;
pub(crate) mod retry;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudflare_api_generated::Hooks;
use reqwest::header::{HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument;

use self::body::read_fully;
use self::retry::RetryPolicy;

/// What a client adds to every request, and how it retries: built by
/// [`ClientBuilder::build`](crate::ClientBuilder::build), then the function
/// of the generated client's [`Hooks`] ([`Transport::into_hooks`]).
pub(crate) struct Transport {
    pub(crate) auth: Vec<(HeaderName, HeaderValue)>,
    pub(crate) user_agent: HeaderValue,
    /// The timeout of each attempt, when the reqwest client does not
    /// apply it itself (one passed in by the user).
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// What sends each attempt: `Hooks::default()` (reqwest) but in tests,
    /// which answer without a network (`ClientBuilder::send_with`, feature
    /// `test-util`).
    pub(crate) attempt: Hooks,
}

impl Transport {
    /// The generated client's hooks: every request goes through this
    /// transport.
    pub(crate) fn into_hooks(self) -> Hooks {
        let transport = Arc::new(self);
        Hooks::new(move |http, request, operation| {
            Arc::clone(&transport).send(http, request, operation)
        })
    }

    async fn send(
        self: Arc<Self>,
        client: reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let headers = request.headers_mut();
        for (name, value) in &self.auth {
            headers.insert(name, value.clone());
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            request.timeout_mut().get_or_insert(timeout);
        }

        let method = request.method().clone();
        let mut attempt = 1;
        loop {
            // A request with a streamed body cannot be sent twice.
            let again = (attempt <= self.retry.max_retries)
                .then(|| copy(&request))
                .flatten();
            let span = tracing::info_span!(
                "cloudflare_api.request",
                operation_id,
                method = %request.method(),
                attempt,
                status = tracing::field::Empty,
                cf_ray = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .attempt_once(&client, request, operation_id)
                .instrument(span.clone())
                .await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            match &outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if let Some(ray) = response
                        .headers()
                        .get("cf-ray")
                        .and_then(|v| v.to_str().ok())
                    {
                        span.record("cf_ray", ray);
                    }
                }
                Err(error) => tracing::debug!(parent: &span, %error, "no answer"),
            }
            let retryable = self.retry.should_retry(&method, &outcome);
            match again {
                Some(next) if retryable => {
                    let wait = self
                        .retry
                        .delay(attempt - 1, outcome.as_ref().ok().map(|r| r.headers()));
                    tracing::info!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
                    drop(outcome);
                    tokio::time::sleep(wait).await;
                    request = next;
                    attempt += 1;
                }
                _ => {
                    let mut outcome = outcome;
                    progenitor_workaround::note(attempt, retryable, outcome.as_mut().ok());
                    return outcome;
                }
            }
        }
    }

    /// Sends `request` and reads the whole body, so that a failure while
    /// reading counts against this attempt (and can be retried) and an
    /// error body is bounded.
    async fn attempt_once(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let response = self.attempt.send(client, request, operation_id).await?;
        read_fully(response).await
    }
}

/// A copy of `request` to send again, or `None` when its body is a stream.
///
/// `reqwest::Request::try_clone` always stores a timeout in the copy's
/// extensions, allocating even when there is none; this copies the same
/// things (method, URL, headers, version, timeout, body), and reqwest keeps
/// nothing else in a request's extensions.
fn copy(request: &reqwest::Request) -> Option<reqwest::Request> {
    let body = match request.body() {
        Some(body) => Some(reqwest::Body::from(body.as_bytes()?.to_vec())),
        None => None,
    };
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    *copy.body_mut() = body;
    Some(copy)
}
