//! When to try a request again and how long to wait first: the policy of
//! Cloudflare's official SDKs.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed requests are retried.
///
/// A request is retried, at most [`max_retries`](Self::max_retries) times,
/// after a connection error or a timeout, and after a `408`, `409`, `429` or
/// `5xx` answer. An `x-should-retry: true` or `false` header from the server
/// overrides the status.
///
/// A request that is not idempotent (`POST`, `PATCH`: sending it twice may
/// act twice, creating two things or failing with "already exists") is
/// sent again only when it certainly was not applied: the connection never
/// opened, the answer was `429`, or the server said `x-should-retry: true`.
/// After an answer or a failure that may mean the server applied it (`408`,
/// `409`, `5xx`, a timeout, a connection that failed once the request was on
/// its way) its error is returned at once, for the caller to check what
/// happened. [`retry_non_idempotent(true)`](Self::retry_non_idempotent)
/// retries them as idempotent requests are. The idempotent methods are
/// RFC 9110's: `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and `TRACE`.
///
/// Before each retry the client waits what the server
/// asked for in `retry-after-ms` or `Retry-After` (seconds or an HTTP date),
/// capped at [`max_retry_after`](Self::max_retry_after); without either, an
/// exponential backoff from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff), shortened by up to 25% at random so
/// that many clients do not retry in step.
///
/// ```
/// use std::time::Duration;
/// use cloudflare_api::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_retries(5)
///     .max_backoff(Duration::from_secs(30));
/// // Creates too, after a 5xx or a timeout: only for an API whose creates
/// // are safe to repeat.
/// let insistent = RetryPolicy::default().retry_non_idempotent(true);
/// # let _ = (patient, insistent);
/// ```
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 2 retries, backoff from 0.5 s to 8 s, server-requested waits up to
    /// 60 s, non-idempotent requests only when they certainly were not applied.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// How many times a request may be retried; `0` disables retries.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry when the server asks for none.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest backoff between two retries.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest wait honoured from `Retry-After` or `retry-after-ms`;
    /// a longer one is cut to this.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Whether a request that is not idempotent (`POST`, `PATCH`) is also
    /// retried after an outcome that may mean the server applied it (`408`,
    /// `409`, `5xx`, a timeout, a connection that failed after sending);
    /// default `false`. With `true`, a create answered `502` and then `409`
    /// is sent three times and reports that its own namespace already
    /// exists.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Whether the outcome of an attempt with `method` is to be retried
    /// (if retries are left).
    pub(crate) fn should_retry(
        &self,
        method: &Method,
        outcome: &reqwest::Result<reqwest::Response>,
    ) -> bool {
        // The rule: what may have been applied is sent again only if sending
        // it twice is harmless. Each part is looked at only when needed: a
        // success, the usual answer, costs one comparison.
        let may_repeat = || is_idempotent(method) || self.retry_non_idempotent;
        match outcome {
            Ok(answer) => {
                is_retryable_status(answer.status(), answer.headers())
                    && (answer.status() == StatusCode::TOO_MANY_REQUESTS
                        || may_repeat()
                        || should_retry_header(answer.headers()) == Some(true))
            }
            Err(error) => match Failure::of(error) {
                // Nothing was sent.
                Failure::Connect | Failure::ConnectTimeout => true,
                Failure::Timeout
                | Failure::ClosedAfterSending
                | Failure::Connection
                | Failure::ReadingAnswer => may_repeat(),
                Failure::Other => false,
            },
        }
    }

    /// The wait before retry number `retry` (0 for the first retry).
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(asked) = headers.and_then(server_delay) {
            return asked.min(self.max_retry_after);
        }
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry));
        let jitter = 1.0 - fastrand::f64() * 0.25;
        exponential.min(self.max_backoff).mul_f64(jitter)
    }
}

/// RFC 9110's idempotent methods: sending one twice has the effect of
/// sending it once.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The server's `x-should-retry: true` or `false`, if it said either.
fn should_retry_header(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry").map(|v| v.as_bytes()) {
        Some(b"true") => Some(true),
        Some(b"false") => Some(false),
        _ => None,
    }
}

/// Whether an answer with `status` and `headers` is worth retrying (for
/// any method).
pub(crate) fn is_retryable_status(status: StatusCode, headers: &HeaderMap) -> bool {
    if status.is_success() {
        return false;
    }
    if let Some(said) = should_retry_header(headers) {
        return said;
    }
    matches!(
        status,
        StatusCode::REQUEST_TIMEOUT | StatusCode::CONFLICT | StatusCode::TOO_MANY_REQUESTS
    ) || status.is_server_error()
}

/// How far a request got when its attempt failed without a whole answer:
/// what both the retry policy and the error the caller gets go by, so that
/// an error that says a request may have been applied is never one that a
/// `POST` is retried after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection could be made: nothing was sent.
    Connect,
    /// No connection within the connect timeout: nothing was sent.
    ConnectTimeout,
    /// No whole answer within the timeout: the request may have been sent.
    Timeout,
    /// The request was sent, and the connection closed (the server ended
    /// it cleanly) before any answer came: hyper's "incomplete message".
    ClosedAfterSending,
    /// The connection failed otherwise once it was open (reset, an HTTP/2
    /// error), before an answer came: the request may have been sent.
    Connection,
    /// An answer came, and its body could not be read to the end.
    ReadingAnswer,
    /// The request could not be sent for another reason (it could not be
    /// built); not worth retrying.
    Other,
}

impl Failure {
    /// What `error`, reqwest's error of an attempt, says.
    ///
    /// reqwest reports every failure of an open connection as a request
    /// error; the hyper error in its source chain tells a connection that
    /// the server closed after reading the request (hyper reads the end of
    /// the stream while it waits for the answer) from the others.
    pub(crate) fn of(error: &reqwest::Error) -> Self {
        if error.is_timeout() && error.is_connect() {
            Failure::ConnectTimeout
        } else if error.is_timeout() {
            Failure::Timeout
        } else if error.is_connect() {
            Failure::Connect
        } else if failed_reading_body(error) {
            Failure::ReadingAnswer
        } else if error.is_request() {
            if hyper_error(error).is_some_and(hyper::Error::is_incomplete_message) {
                Failure::ClosedAfterSending
            } else {
                Failure::Connection
            }
        } else {
            Failure::Other
        }
    }
}

/// The first hyper error in `error`'s source chain.
fn hyper_error<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e hyper::Error> {
    let mut source = Some(error);
    while let Some(error) = source {
        if let Some(hyper) = error.downcast_ref::<hyper::Error>() {
            return Some(hyper);
        }
        source = error.source();
    }
    None
}

/// Whether the connection failed while the body was read. reqwest reports
/// a body cut short as a decode error whose source is the body error.
fn failed_reading_body(error: &reqwest::Error) -> bool {
    error.is_body()
        || error.is_decode()
            && std::error::Error::source(error)
                .and_then(|source| source.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_body)
}

/// The wait the server asked for, if it asked for a usable one.
fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let millis = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok());
    if let Some(wait) = millis.and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok()) {
        return Some(wait);
    }
    let value = header(RETRY_AFTER.as_str())?;
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    // An HTTP date; one in the past asks for nothing usable.
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::try_from_secs_f64(date.timestamp() as f64).ok()?;
    at.duration_since(SystemTime::now()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    reqwest::header::HeaderName::from_static(k),
                    HeaderValue::from_str(v).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn retryable_statuses_follow_the_sdks() {
        let none = HeaderMap::new();
        for code in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                is_retryable_status(StatusCode::from_u16(code).unwrap(), &none),
                "{code}"
            );
        }
        for code in [200, 201, 400, 401, 403, 404, 422] {
            assert!(
                !is_retryable_status(StatusCode::from_u16(code).unwrap(), &none),
                "{code}"
            );
        }
    }

    #[test]
    fn x_should_retry_overrides_the_status() {
        let yes = headers(&[("x-should-retry", "true")]);
        let no = headers(&[("x-should-retry", "false")]);
        assert!(is_retryable_status(StatusCode::BAD_REQUEST, &yes));
        assert!(!is_retryable_status(StatusCode::SERVICE_UNAVAILABLE, &no));
        assert!(!is_retryable_status(StatusCode::OK, &yes));
    }

    #[test]
    fn non_idempotent_requests_are_retried_only_when_certainly_not_applied() {
        let answer = |code: u16, pairs: &[(&'static str, &str)]| {
            let mut response = http::Response::new(Vec::<u8>::new());
            *response.status_mut() = StatusCode::from_u16(code).unwrap();
            *response.headers_mut() = headers(pairs);
            Ok(reqwest::Response::from(response))
        };
        let default = RetryPolicy::default();
        let insistent = RetryPolicy::default().retry_non_idempotent(true);
        for (code, pairs, post_retried) in [
            (429, &[][..], true),
            (400, &[("x-should-retry", "true")][..], true),
            (408, &[][..], false),
            (409, &[][..], false),
            (500, &[][..], false),
            (502, &[][..], false),
            (429, &[("x-should-retry", "false")][..], false),
        ] {
            let outcome = answer(code, pairs);
            let case = format!("{code} {pairs:?}");
            assert_eq!(
                default.should_retry(&Method::POST, &outcome),
                post_retried,
                "{case}"
            );
            assert_eq!(
                default.should_retry(&Method::PATCH, &outcome),
                post_retried,
                "{case}"
            );
            let any = code != 429 || pairs.is_empty();
            for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
                assert_eq!(
                    default.should_retry(&method, &outcome),
                    any,
                    "{method} {case}"
                );
            }
            assert_eq!(
                insistent.should_retry(&Method::POST, &outcome),
                any,
                "{case}"
            );
        }
        for method in [Method::GET, Method::POST] {
            assert!(!default.should_retry(&method, &answer(200, &[])));
            assert!(!default.should_retry(&method, &answer(404, &[])));
        }
    }

    #[test]
    fn server_waits_are_honoured_and_capped() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let wait = |pairs: &[(&'static str, &str)]| policy.delay(0, Some(&headers(pairs)));
        assert_eq!(
            wait(&[("retry-after-ms", "250")]),
            Duration::from_millis(250)
        );
        assert_eq!(
            wait(&[("retry-after-ms", "250"), ("retry-after", "3")]),
            Duration::from_millis(250)
        );
        assert_eq!(wait(&[("retry-after", "3")]), Duration::from_secs(3));
        assert_eq!(wait(&[("retry-after", "1.5")]), Duration::from_millis(1500));
        assert_eq!(wait(&[("retry-after", "3600")]), Duration::from_secs(5));
        let soon = chrono::DateTime::from_timestamp(
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64
                + 3,
            0,
        )
        .unwrap()
        .to_rfc2822();
        let waited = wait(&[("retry-after", &soon)]);
        assert!(
            waited > Duration::from_secs(1) && waited <= Duration::from_secs(3),
            "{waited:?}"
        );
    }

    #[test]
    fn unusable_server_waits_fall_back_to_backoff() {
        let policy = RetryPolicy::default();
        for value in ["soon", "-1", "NaN", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"] {
            let wait = policy.delay(0, Some(&headers(&[("retry-after", value)])));
            assert!(
                wait >= Duration::from_millis(375) && wait <= Duration::from_millis(500),
                "{value}: {wait:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_at_most_a_quarter_off() {
        let policy = RetryPolicy::default();
        for (retry, full) in [
            (0, 500),
            (1, 1000),
            (2, 2000),
            (3, 4000),
            (4, 8000),
            (9, 8000),
            (40, 8000),
        ] {
            let full = Duration::from_millis(full);
            for _ in 0..50 {
                let wait = policy.delay(retry, None);
                assert!(
                    wait <= full && wait >= full.mul_f64(0.75),
                    "retry {retry}: {wait:?}"
                );
            }
        }
    }
}
