//! Calls answered with a canned response instead of a server, and what must
//! hold of any outcome: how the property test (`e2e/properties.rs`) and the
//! fuzz target (`fuzz/`, which includes this file) drive the client's whole
//! answer handling with arbitrary statuses, headers and bodies.
//!
//! The answer goes through everything a network answer goes through: the
//! transport (retries, `Retry-After`, reading and capping the body), the
//! generated operation's response handling, and normalization into
//! `Response` or `Error`. Only the socket is left out, through the client
//! builder's `send_with` (feature `test-util`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse;
use cloudflare_api::{Client, Credentials, Error, Response, RetryPolicy};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// A status, headers and a body.
pub type Answer = (StatusCode, HeaderMap, Vec<u8>);

/// A client whose every request is answered with the answer given to
/// [`Canned::create`], and a runtime to run it on.
#[derive(Debug)]
pub struct Canned {
    runtime: tokio::runtime::Runtime,
    client: Client,
    next: Arc<Mutex<Option<Answer>>>,
}

impl Default for Canned {
    fn default() -> Self {
        Self::new()
    }
}

impl Canned {
    /// One retry, so that retryable answers go through the retry path too
    /// (also those after which a create is not retried by default), with
    /// waits of at most a millisecond whatever the answer asks for.
    pub fn new() -> Self {
        let next: Arc<Mutex<Option<Answer>>> = Arc::default();
        let answer = next.clone();
        let client = Client::builder()
            .credentials(Credentials::api_token("canned-token"))
            .base_url("http://127.0.0.1:9/client/v4")
            .retry_policy(
                RetryPolicy::default()
                    .max_retries(1)
                    .initial_backoff(Duration::from_micros(100))
                    .max_backoff(Duration::from_millis(1))
                    .max_retry_after(Duration::from_millis(1))
                    .retry_non_idempotent(true),
            )
            .send_with(move |_, _, _| {
                let (status, headers, body) =
                    answer.lock().unwrap().clone().expect("an answer was set");
                let mut response = http::Response::new(body);
                *response.status_mut() = status;
                *response.headers_mut() = headers;
                async move { Ok(reqwest::Response::from(response)) }
            })
            .build()
            .expect("build the client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("build a runtime");
        Self {
            runtime,
            client,
            next,
        }
    }

    /// "Create dispatch namespace", answered with `answer`.
    pub fn create(&self, answer: Answer) -> Result<Response<WorkersNamespaceResponse>, Error> {
        *self.next.lock().unwrap() = Some(answer);
        self.runtime.block_on(
            self.client
                .account("023e105f4ecef8ad9ca31a8372d0c353")
                .workers_for_platforms()
                .dispatch()
                .namespaces()
                .create()
                .name("n")
                .send(),
        )
    }
}

/// The longest `Display` of an error: it is one line for a log, whatever
/// the server sent.
pub const MAX_ERROR_DISPLAY: usize = 2048;

/// Panics unless `outcome`, of a call answered with `status` and
/// `headers`, is what any answer must give: a `Response` for a success
/// status, else an `Error::Api` or `Error::Decode` with that status, whose
/// text is bounded.
pub fn check(
    status: StatusCode,
    headers: &HeaderMap,
    outcome: &Result<Response<WorkersNamespaceResponse>, Error>,
) {
    match outcome {
        Ok(response) => {
            assert!(status.is_success(), "a {status} gave a Response");
            assert_eq!(response.status(), status);
            assert_eq!(response.headers(), headers);
        }
        Err(error) => {
            match error {
                Error::Api(e) => assert_eq!(e.status(), status),
                Error::Decode(e) => {
                    assert!(status.is_success(), "a {status} gave {error:?}");
                    assert_eq!(e.status(), Some(status));
                }
                other => panic!("an answer gave {other:?}"),
            }
            assert_eq!(error.status(), Some(status));
            let shown = error.to_string();
            assert!(
                shown.len() <= MAX_ERROR_DISPLAY,
                "{} bytes of error text: {}...",
                shown.len(),
                shown.chars().take(200).collect::<String>()
            );
            let _ = (format!("{error:?}"), error.is_retryable(), error.ray_id());
        }
    }
}

/// An answer from fuzzer bytes: the status as digits on the first line,
/// then `name: value` header lines, an empty line, and the body. `None`
/// for what no server could send (a status outside 100..=999, a header
/// that is not one).
pub fn parse(data: &[u8]) -> Option<Answer> {
    let mut rest = data;
    let mut line = || -> Option<&[u8]> {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let (line, after) = rest.split_at(end);
        rest = &after[1..];
        Some(line)
    };
    let status = std::str::from_utf8(line()?).ok()?.parse::<u16>().ok()?;
    let status = StatusCode::from_u16(status).ok()?;
    let mut headers = HeaderMap::new();
    loop {
        let header = line()?;
        if header.is_empty() {
            break;
        }
        let colon = header.iter().position(|&b| b == b':')?;
        let name = HeaderName::from_bytes(&header[..colon]).ok()?;
        let value = HeaderValue::from_bytes(header[colon + 1..].trim_ascii()).ok()?;
        headers.append(name, value);
    }
    Some((status, headers, rest.to_vec()))
}
