//! What every request goes through, as the generated client's [`Hooks`]
//! function: credentials, user agent and timeout on the request, retries
//! ([`retry`]), tracing, and reading the body ([`body`]). What it saw of
//! the call reaches the code that normalizes the answer through
//! [`progenitor_workaround`].

pub(crate) mod body;
pub(crate) mod progenitor_workaround;
pub(crate) mod retry;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::Body as _;

use crate::Hooks;
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
        .on_start(progenitor_workaround::started)
    }

    async fn send(
        self: Arc<Self>,
        client: reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let headers = request.headers_mut();
        for (name, value) in &self.auth {
            // An owned name: inserting a `&HeaderName` parses it again.
            headers.insert(name.clone(), value.clone());
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            request.timeout_mut().get_or_insert(timeout);
        }

        let method = request.method().clone();
        // The body once, as `Bytes` that every attempt shares; `None` when
        // it is a stream, which cannot be sent twice.
        let body = (self.retry.max_retries > 0)
            .then(|| shared_body(&mut request))
            .flatten();
        let mut attempt = 1;
        loop {
            let again = match &body {
                Some(body) if attempt <= self.retry.max_retries => Some(copy(&request, body)),
                _ => None,
            };
            let span = tracing::info_span!(
                "cloudflare_api.request",
                operation_id,
                method = %request.method(),
                attempt,
                status = tracing::field::Empty,
                cf_ray = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            // Without a subscriber that listens the span is disabled: no
            // clock, no recording, no instrumented future. Events are sent
            // either way, as a subscriber may want them without the span.
            let outcome = if span.is_disabled() {
                self.attempt_once(&client, request, operation_id).await
            } else {
                let started = Instant::now();
                let outcome = self
                    .attempt_once(&client, request, operation_id)
                    .instrument(span.clone())
                    .await;
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                if let Ok(response) = &outcome {
                    span.record("status", response.status().as_u16());
                    if let Some(ray) = response
                        .headers()
                        .get("cf-ray")
                        .and_then(|v| v.to_str().ok())
                    {
                        span.record("cf_ray", ray);
                    }
                }
                outcome
            };
            if let Err(error) = &outcome {
                tracing::debug!(parent: &span, %error, "no answer");
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

/// The body of `request` as `Bytes`, left in the request as a body that
/// shares them; `None` when there is no body to send twice (a stream).
///
/// reqwest keeps a body given as bytes (`Vec`, `String`, `Bytes`: every
/// generated operation's) as `Bytes`, and hands them over, whole and
/// without copying, as the first and only frame; `as_bytes` says which
/// bodies those are.
fn shared_body(request: &mut reqwest::Request) -> Option<Bytes> {
    let body = request.body_mut();
    let Some(taken) = body.as_mut() else {
        return Some(Bytes::new());
    };
    taken.as_bytes()?;
    let mut context = Context::from_waker(Waker::noop());
    let bytes = match Pin::new(taken).poll_frame(&mut context) {
        Poll::Ready(Some(Ok(frame))) => frame.into_data().unwrap_or_default(),
        // An empty body has no frame.
        _ => Bytes::new(),
    };
    *body = Some(reqwest::Body::from(bytes.clone()));
    Some(bytes)
}

/// A copy of `request` to send again, with `body` (from [`shared_body`]).
///
/// `reqwest::Request::try_clone` always stores a timeout in the copy's
/// extensions, allocating even when there is none; this copies the same
/// things (method, URL, headers, version, timeout, body), and reqwest keeps
/// nothing else in a request's extensions.
fn copy(request: &reqwest::Request, body: &Bytes) -> reqwest::Request {
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    if request.body().is_some() {
        *copy.body_mut() = Some(reqwest::Body::from(body.clone()));
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_of_bytes_is_shared_by_the_request_and_its_copies() {
        let url = reqwest::Url::parse("https://api.example.com/x").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::POST, url.clone());
        *request.body_mut() = Some(reqwest::Body::from(br#"{"name":"n"}"#.to_vec()));
        let body = shared_body(&mut request).unwrap();
        assert_eq!(&body[..], br#"{"name":"n"}"#);
        let again = copy(&request, &body);
        for sent in [&request, &again] {
            let sent = sent.body().and_then(reqwest::Body::as_bytes);
            assert_eq!(sent, Some(&br#"{"name":"n"}"#[..]));
        }

        let mut empty = reqwest::Request::new(reqwest::Method::POST, url.clone());
        *empty.body_mut() = Some(reqwest::Body::from(Vec::new()));
        assert_eq!(shared_body(&mut empty).unwrap(), Bytes::new());
        assert_eq!(
            empty.body().and_then(reqwest::Body::as_bytes),
            Some(&b""[..])
        );

        let mut none = reqwest::Request::new(reqwest::Method::GET, url.clone());
        let body = shared_body(&mut none).unwrap();
        assert!(copy(&none, &body).body().is_none());
    }
}
