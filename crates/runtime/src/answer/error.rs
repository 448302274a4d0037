//! The one error type of every call, and what each case carries.

use std::borrow::Cow;
use std::fmt;

use crate::Operation;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::secrets;
use crate::ResponseInfo;
use crate::transport::retry;

/// The most of a response body an error keeps.
pub(crate) const SNIPPET_LIMIT: usize = 1024;

/// The most characters of text from the server (a message, a decoding
/// failure that quotes the body, a `cf-ray`) that an error's `Display`
/// shows, so that it stays one bounded line whatever the server sent.
const SHOWN_LIMIT: usize = 300;

/// Why a call failed.
///
/// Match on the variant for what happened; the methods answer the common
/// questions for every variant alike. `Display` is one line that starts
/// with the operation's `operationId` ([`Error::operation`]), so that a
/// log line of `{error}` says which call failed:
/// `namespace-worker-create: Cloudflare API error 409 Conflict: 10026
/// already exists [cf-ray 8a1b2c3d4e5f6789-SJC]`. It never holds a
/// credential.
///
/// ```no_run
/// # async fn run(client: cloudflare_api::Client) {
/// use cloudflare_api::{Error, StatusCode};
///
/// match client.account("023e105f4ecef8ad9ca31a8372d0c353").workers_for_platforms().dispatch().namespaces().create().name("taken").send().await {
///     Ok(created) => println!("{:?}", created.result.namespace_id),
///     Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => {
///         for error in e.errors() {
///             eprintln!("{} {}", error.code, error.message);
///         }
///     }
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error: any `4xx` or `5xx` status, or a
    /// success status whose envelope says `success: false`.
    #[error(transparent)]
    Api(ApiError),
    /// A success status whose body is not the response the operation
    /// declares (or has no `result` where one is declared).
    #[error(transparent)]
    Decode(DecodeError),
    /// No complete answer within the client's timeout.
    #[error(transparent)]
    Timeout(TransportError),
    /// No answer: the connection could not be made, or failed.
    #[error(transparent)]
    Transport(TransportError),
    /// An argument the API could never accept; nothing was sent.
    #[error(transparent)]
    InvalidInput(InvalidInput),
    /// The client was configured with something unusable: what
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) and `from_env`
    /// return, as an `Error` when `?` converts it.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl Error {
    /// The operation of the call that failed: its `operationId`, HTTP
    /// method and path template, from the generated crate's
    /// `OPERATIONS` (each product crate's). Every error of a call
    /// has it, whether the call went through the resource tree or the
    /// generated client ([`Normalize`](crate::Normalize)), and whatever
    /// failed (a refused argument, the connection, the answer); `None` for
    /// [`Error::Config`], which belongs to no call, and for an error made
    /// up in a test (`fake`) without one.
    ///
    /// `Display` starts with its `operationId` (or, were it empty, the
    /// method and path template).
    pub fn operation(&self) -> Option<&'static Operation> {
        match self {
            Error::Api(e) => e.operation(),
            Error::Decode(e) => e.operation(),
            Error::Timeout(e) | Error::Transport(e) => e.operation(),
            Error::InvalidInput(e) => e.operation(),
            Error::Config(_) => None,
        }
    }

    /// This error as one of `operation` (when known), unless it names one
    /// already: for an error made of a call's answer, during the call or
    /// after it ([`Response::operation`](crate::Response::operation)).
    pub(crate) fn of_operation(mut self, operation: Option<&'static Operation>) -> Self {
        let slot = match &mut self {
            Error::Api(e) => &mut e.0.operation,
            Error::Decode(e) => &mut e.operation,
            Error::Timeout(e) | Error::Transport(e) => &mut e.operation,
            Error::InvalidInput(e) => &mut e.operation,
            Error::Config(_) => return self,
        };
        if slot.is_none() {
            *slot = operation;
        }
        self
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode(e) => e.status(),
            _ => None,
        }
    }

    /// Cloudflare's `errors[]`; empty when the API sent none.
    pub fn errors(&self) -> &[ResponseInfo] {
        match self {
            Error::Api(e) => e.errors(),
            _ => &[],
        }
    }

    /// The `cf-ray` header of the answer, which Cloudflare support asks for.
    pub fn ray_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.ray_id(),
            Error::Decode(e) => e.ray_id(),
            _ => None,
        }
    }

    /// How many times the request was sent, retries included: `0` when
    /// nothing was sent ([`Error::InvalidInput`], [`Error::Config`], or a
    /// request that could not be built).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts(),
            Error::Decode(e) => e.attempts(),
            Error::Timeout(e) | Error::Transport(e) => e.attempts(),
            Error::InvalidInput(_) | Error::Config(_) => 0,
        }
    }

    /// Whether making the same call again later may succeed and is safe,
    /// by the rules of [`RetryPolicy`](crate::RetryPolicy): a transient
    /// failure (no connection, a timeout, `408`, `409`, `429`, `5xx`, or
    /// `x-should-retry: true`), and for a `POST` or `PATCH` only when the
    /// request certainly was not applied (no connection, `429`,
    /// `x-should-retry: true`), unless the policy has
    /// [`retry_non_idempotent`](crate::RetryPolicy::retry_non_idempotent).
    /// So a create answered `502` is not retryable: it may have created
    /// the namespace. When this error is returned the client has already
    /// retried as often as it was allowed to.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Timeout(e) | Error::Transport(e) => e.retryable.unwrap_or(true),
            Error::Decode(_) | Error::InvalidInput(_) | Error::Config(_) => false,
        }
    }

    /// This error with what the retry policy said of the call's last
    /// outcome, when the transport noted it.
    pub(crate) fn retryable_as(mut self, retryable: Option<bool>) -> Self {
        if retryable.is_some() {
            match &mut self {
                Error::Api(e) => e.0.retryable = retryable,
                Error::Timeout(e) | Error::Transport(e) => e.retryable = retryable,
                Error::Decode(_) | Error::InvalidInput(_) | Error::Config(_) => {}
            }
        }
        self
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput(InvalidInput::new(message.into()))
    }

    /// This error with `"<redacted>"` for the values that the answer it
    /// quotes holds under `names` (JSON member names, see
    /// [`secrets`](super::secrets)).
    pub(crate) fn without_secrets(self, names: &[&str]) -> Self {
        if names.is_empty() {
            return self;
        }
        match self {
            Error::Api(mut e) => {
                if let Some(body) = &e.0.body {
                    e.0.body = Some(secrets::scrub(body, names).0);
                }
                Error::Api(e)
            }
            Error::Decode(mut e) => {
                let (body, found) = secrets::scrub(&e.body, names);
                e.body = body;
                if let Some(reason) = secrets::scrub_reason(&e.reason, names, &found) {
                    e.reason = reason;
                    // serde's own message says what the reason said.
                    e.source = None;
                }
                Error::Decode(e)
            }
            other => other,
        }
    }
}

/// An error answer from the API.
pub struct ApiError(Box<ApiErrorParts>);

struct ApiErrorParts {
    status: StatusCode,
    errors: Vec<ResponseInfo>,
    messages: Vec<ResponseInfo>,
    headers: HeaderMap,
    body: Option<String>,
    /// Why there is no envelope, when there is none.
    problem: Option<String>,
    attempts: u32,
    /// What the retry policy said of this answer, when it was asked.
    retryable: Option<bool>,
    operation: Option<&'static Operation>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        errors: Vec<ResponseInfo>,
        messages: Vec<ResponseInfo>,
        headers: HeaderMap,
        attempts: u32,
    ) -> Self {
        Self(Box::new(ApiErrorParts {
            status,
            errors,
            messages,
            headers,
            body: None,
            problem: None,
            attempts,
            retryable: None,
            operation: None,
        }))
    }

    /// An answer without a readable envelope (a proxy's HTML page, an
    /// empty body, truncated JSON, compressed data, a body over the size
    /// limit): `problem` says which, and the body's start is kept.
    pub(crate) fn without_envelope(
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        attempts: u32,
        problem: String,
    ) -> Self {
        let mut error = Self::new(status, Vec::new(), Vec::new(), headers, attempts);
        error.0.body = Some(snippet(body));
        error.0.problem = Some(problem);
        error
    }

    /// Keeps the start of `body`, for an envelope without errors.
    pub(crate) fn keep_body(&mut self, body: &[u8]) {
        self.0.body = Some(snippet(body));
    }

    /// The HTTP status; `200`-something when the envelope said `success: false`.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// Cloudflare's `errors[]`; empty when the body had none.
    pub fn errors(&self) -> &[ResponseInfo] {
        &self.0.errors
    }

    /// Cloudflare's `messages[]`.
    pub fn messages(&self) -> &[ResponseInfo] {
        &self.0.messages
    }

    /// The `cf-ray` header, which Cloudflare support asks for.
    pub fn ray_id(&self) -> Option<&str> {
        ray_id(&self.0.headers)
    }

    /// The answer's headers (for example `Retry-After`).
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The start of the body (at most 1 KiB), when it has no `errors`: it
    /// was not a readable Cloudflare envelope, or one without errors.
    pub fn body_snippet(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// How many times the request was sent, retries included.
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// The operation of the call, as [`Error::operation`] says.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.0.operation
    }

    /// Whether making the same call again later may succeed and is safe,
    /// as [`Error::is_retryable`] says of an [`Error::Api`].
    pub fn is_retryable(&self) -> bool {
        self.0
            .retryable
            .unwrap_or_else(|| retry::is_retryable_status(self.status(), self.headers()))
    }
}

impl fmt::Debug for ApiError {
    /// `ApiError { status, errors, .. }`: the parts, under the public name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = &self.0;
        f.debug_struct("ApiError")
            .field("status", &parts.status)
            .field("errors", &parts.errors)
            .field("messages", &parts.messages)
            .field("headers", &parts.headers)
            .field("body", &parts.body)
            .field("problem", &parts.problem)
            .field("attempts", &parts.attempts)
            .field("retryable", &parts.retryable)
            .field("operation", &parts.operation.map(|o| o.operation_id))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_operation(f, self.0.operation)?;
        write!(f, "Cloudflare API error {}", self.0.status)?;
        match (self.0.errors.first(), &self.0.body, &self.0.problem) {
            (Some(first), _, _) => {
                write!(f, ": {}", first.code)?;
                if !first.message.is_empty() {
                    write!(f, " {}", Clipped(&first.message))?;
                }
                if self.0.errors.len() > 1 {
                    write!(f, " (and {} more)", self.0.errors.len() - 1)?;
                }
            }
            (None, Some(body), _) if body.is_empty() => write!(f, ": empty body")?,
            (None, Some(body), problem) => {
                let problem = problem.as_deref().unwrap_or("no error details");
                write!(f, ": {problem}: {:?}", start_of(body))?;
            }
            (None, None, _) => write!(f, ": no error details")?,
        }
        write_context(f, self.ray_id(), self.0.attempts)
    }
}

impl std::error::Error for ApiError {}

/// A success status with a body that could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    status: Option<StatusCode>,
    ray_id: Option<String>,
    body: String,
    reason: String,
    /// Whether `Display` shows the start of the body after the reason: for
    /// a body that is not JSON at all, which the reason says.
    show_body: bool,
    attempts: u32,
    source: Option<serde_json::Error>,
    operation: Option<&'static Operation>,
}

impl DecodeError {
    pub(crate) fn new(
        status: Option<StatusCode>,
        headers: Option<&HeaderMap>,
        body: &[u8],
        reason: impl Into<String>,
        attempts: u32,
        source: Option<serde_json::Error>,
    ) -> Self {
        Self {
            status,
            ray_id: headers.and_then(ray_id).map(str::to_owned),
            body: snippet(body),
            reason: reason.into(),
            show_body: false,
            attempts,
            source,
            operation: None,
        }
    }

    /// This error with the start of the body shown after its reason, which
    /// says what the body is instead of JSON.
    pub(crate) fn showing_body(mut self) -> Self {
        self.show_body = true;
        self
    }

    /// The operation of the call, as [`Error::operation`] says.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.operation
    }

    /// How many times the request was sent, retries included (the answers
    /// before the last were retried failures).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The `cf-ray` header of the answer.
    pub fn ray_id(&self) -> Option<&str> {
        self.ray_id.as_deref()
    }

    /// The start of the body, at most 1 KiB.
    pub fn body_snippet(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_operation(f, self.operation)?;
        write!(f, "could not decode the Cloudflare API response")?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        write!(f, ": {}", Clipped(&self.reason))?;
        if self.show_body {
            write!(f, ": {:?}", start_of(&self.body))?;
        }
        write_context(f, self.ray_id(), self.attempts)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// A request that got no (complete) answer.
#[derive(Debug)]
pub struct TransportError {
    what: Cow<'static, str>,
    attempts: u32,
    /// What the retry policy said of this failure, when it was asked.
    retryable: Option<bool>,
    source: Box<dyn std::error::Error + Send + Sync>,
    operation: Option<&'static Operation>,
}

impl TransportError {
    pub(crate) fn new(
        what: &'static str,
        attempts: u32,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            what: Cow::Borrowed(what),
            attempts,
            retryable: None,
            source: source.into(),
            operation: None,
        }
    }

    /// How many times the request was sent, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The operation of the call, as [`Error::operation`] says.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.operation
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_operation(f, self.operation)?;
        write!(f, "Cloudflare API request failed: {}", self.what)?;
        write_context(f, None, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// An argument the API could never accept, caught before sending.
#[derive(Debug)]
pub struct InvalidInput {
    message: String,
    operation: Option<&'static Operation>,
}

impl InvalidInput {
    fn new(message: String) -> Self {
        Self {
            message,
            operation: None,
        }
    }

    /// The operation of the call, as [`Error::operation`] says.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.operation
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_operation(f, self.operation)?;
        write!(f, "invalid input, nothing was sent: {}", self.message)
    }
}

impl std::error::Error for InvalidInput {}

/// A client configuration that cannot work, found when the client is
/// built ([`ClientBuilder::build`](crate::ClientBuilder::build), `from_env`).
///
/// `?` turns it into [`Error::Config`] in a function that returns
/// [`Error`]:
///
/// ```
/// fn client() -> Result<cloudflare_api::Client, cloudflare_api::Error> {
///     Ok(cloudflare_api::Client::from_env()?)
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("invalid Cloudflare API client configuration: {0}")]
pub struct ConfigError(String);

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

pub(crate) fn ray_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("cf-ray").and_then(|v| v.to_str().ok())
}

/// The operation that failed, as a log line starts with it:
/// `namespace-worker-create: ` (its method and path template, were its
/// `operationId` empty); nothing when it is not known.
fn write_operation(f: &mut fmt::Formatter<'_>, operation: Option<&Operation>) -> fmt::Result {
    match operation {
        Some(op) if !op.operation_id.is_empty() => write!(f, "{}: ", op.operation_id),
        Some(op) => write!(f, "{} {}: ", op.http_method, op.path),
        None => Ok(()),
    }
}

/// The first 80 characters of a body's snippet, as an error's `Display`
/// shows the body.
fn start_of(body: &str) -> &str {
    match body.char_indices().nth(80) {
        Some((end, _)) => &body[..end],
        None => body,
    }
}

/// The first [`SNIPPET_LIMIT`] bytes of `body`, as text.
fn snippet(body: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT)]).into_owned();
    // A character cut in two became U+FFFD, which can be longer than its bytes.
    let mut end = text.len().min(SNIPPET_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn write_context(f: &mut fmt::Formatter<'_>, ray_id: Option<&str>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")?;
    }
    if let Some(ray) = ray_id {
        write!(f, " [cf-ray {}]", Clipped(ray))?;
    }
    Ok(())
}

/// Text shown up to [`SHOWN_LIMIT`] characters, then `…`.
struct Clipped<'a>(&'a str);

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(SHOWN_LIMIT) {
            Some((end, _)) => write!(f, "{}…", &self.0[..end]),
            None => f.write_str(self.0),
        }
    }
}

/// Errors made up by tests (feature `test-util`): each as the client would
/// return it after one attempt, with `with_*` methods for the rest.
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl ApiError {
    /// A made-up error answer with `status`, for tests of code that uses
    /// this crate: no `errors`, `messages` or headers, one attempt, and
    /// [`Error::is_retryable`] by the status alone (as for a `GET`).
    ///
    /// ```
    /// use cloudflare_api::{ApiError, Error, ResponseInfo, StatusCode};
    ///
    /// let taken = Error::Api(
    ///     ApiError::fake(StatusCode::CONFLICT)
    ///         .with_errors(vec![ResponseInfo::new(10026, "already exists")])
    ///         .with_attempts(2)
    ///         .with_retryable(false),
    /// );
    /// assert_eq!(taken.status(), Some(StatusCode::CONFLICT));
    /// assert_eq!(taken.errors()[0].code, 10026);
    /// assert_eq!((taken.attempts(), taken.is_retryable()), (2, false));
    /// assert!(taken.to_string().contains("10026 already exists"));
    /// ```
    pub fn fake(status: StatusCode) -> Self {
        Self::new(status, Vec::new(), Vec::new(), HeaderMap::new(), 1)
    }

    /// This error with Cloudflare's `errors[]`.
    pub fn with_errors(mut self, errors: Vec<ResponseInfo>) -> Self {
        self.0.errors = errors;
        self
    }

    /// This error with Cloudflare's `messages[]`.
    pub fn with_messages(mut self, messages: Vec<ResponseInfo>) -> Self {
        self.0.messages = messages;
        self
    }

    /// This error with the answer's headers (`cf-ray`, `Retry-After`, ...).
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.0.headers = headers;
        self
    }

    /// This error with the start of a body that had no `errors`, as for an
    /// answer that was not a Cloudflare envelope ([`body_snippet`](Self::body_snippet)).
    pub fn with_body_snippet(mut self, body: impl AsRef<[u8]>) -> Self {
        self.0.body = Some(snippet(body.as_ref()));
        self
    }

    /// This error after `attempts` sends of the request.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// This error as the retry policy judged it for the call's method
    /// ([`Error::is_retryable`]): a `POST` answered `502` is not retryable.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.0.retryable = Some(retryable);
        self
    }

    /// This error as one of `operation` ([`Error::operation`]), as a call
    /// of the client would have it.
    ///
    /// ```
    /// use cloudflare_api::Operation;
    /// use cloudflare_api::{ApiError, Error, StatusCode};
    ///
    /// let create = cloudflare_api::operation("namespace-worker-create").unwrap();
    /// let error = Error::Api(ApiError::fake(StatusCode::BAD_GATEWAY).with_operation(create));
    /// assert_eq!(error.operation(), Some(create));
    /// assert!(error.to_string().starts_with("namespace-worker-create: Cloudflare API error 502"));
    /// ```
    pub fn with_operation(mut self, operation: &'static Operation) -> Self {
        self.0.operation = Some(operation);
        self
    }
}

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl DecodeError {
    /// A made-up success answer with `status` whose `body` could not be
    /// decoded for `reason`, for tests of code that uses this crate: no
    /// headers, one attempt.
    ///
    /// ```
    /// use cloudflare_api::{DecodeError, Error, StatusCode};
    ///
    /// let error = Error::Decode(DecodeError::fake(StatusCode::OK, "<html>", "expected value"));
    /// assert_eq!((error.status(), error.attempts()), (Some(StatusCode::OK), 1));
    /// assert!(!error.is_retryable());
    /// ```
    pub fn fake(status: StatusCode, body: impl AsRef<[u8]>, reason: impl Into<String>) -> Self {
        Self::new(Some(status), None, body.as_ref(), reason, 1, None)
    }

    /// This error with the `cf-ray` of `headers`, the only header it keeps.
    pub fn with_headers(mut self, headers: &HeaderMap) -> Self {
        self.ray_id = ray_id(headers).map(str::to_owned);
        self
    }

    /// This error after `attempts` sends of the request.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// This error as one of `operation` ([`Error::operation`]).
    pub fn with_operation(mut self, operation: &'static Operation) -> Self {
        self.operation = Some(operation);
        self
    }
}

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl TransportError {
    /// A made-up failure to get an answer, for tests of code that uses
    /// this crate: `what` says what failed (the client's own say "could not
    /// connect", "the connection failed while reading the answer", ...),
    /// `source` is why; one attempt, retryable. Wrap it in
    /// [`Error::Transport`] or [`Error::Timeout`].
    ///
    /// ```
    /// use cloudflare_api::{Error, TransportError};
    ///
    /// let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    /// let error = Error::Transport(TransportError::fake("could not connect", refused).with_attempts(3));
    /// assert_eq!((error.attempts(), error.is_retryable()), (3, true));
    /// assert!(std::error::Error::source(&error).is_some());
    /// ```
    pub fn fake(
        what: impl Into<Cow<'static, str>>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            what: what.into(),
            attempts: 1,
            retryable: None,
            source: source.into(),
            operation: None,
        }
    }

    /// This error after `attempts` sends of the request.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// This error as the retry policy judged it for the call's method
    /// ([`Error::is_retryable`]): a `POST` whose connection failed after
    /// sending is not retryable.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = Some(retryable);
        self
    }

    /// This error as one of `operation` ([`Error::operation`]).
    pub fn with_operation(mut self, operation: &'static Operation) -> Self {
        self.operation = Some(operation);
        self
    }
}

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl InvalidInput {
    /// A made-up refusal of an argument, for tests of code that uses this
    /// crate.
    ///
    /// ```
    /// use cloudflare_api::{Error, InvalidInput};
    ///
    /// let error = Error::InvalidInput(InvalidInput::fake("account_id is empty"));
    /// assert_eq!(error.to_string(), "invalid input, nothing was sent: account_id is empty");
    /// assert_eq!(error.attempts(), 0);
    /// ```
    pub fn fake(message: impl Into<String>) -> Self {
        Self::new(message.into())
    }

    /// This error as one of `operation` ([`Error::operation`]).
    pub fn with_operation(mut self, operation: &'static Operation) -> Self {
        self.operation = Some(operation);
        self
    }
}

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl ConfigError {
    /// A made-up configuration error, for tests of code that uses this
    /// crate.
    ///
    /// ```
    /// use cloudflare_api::{ConfigError, Error};
    ///
    /// let error = Error::from(ConfigError::fake("no credentials"));
    /// assert!(matches!(error, Error::Config(_)));
    /// ```
    pub fn fake(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_clipped_when_shown() {
        let long = "é".repeat(1000);
        let shown = Clipped(&long).to_string();
        assert_eq!(shown.chars().count(), SHOWN_LIMIT + 1);
        assert!(shown.ends_with("é…"));
        assert_eq!(Clipped("short").to_string(), "short");
        let exact = "x".repeat(SHOWN_LIMIT);
        assert_eq!(Clipped(&exact).to_string(), exact);
    }

    #[test]
    fn the_operation_is_named_by_its_id_else_its_method_and_path() {
        static UNNAMED: Operation = Operation::new("x", "", "GET", "/accounts/{account_id}/x", &[]);
        let mut error = InvalidInput::new("`a` is empty".to_owned());
        assert_eq!(
            error.to_string(),
            "invalid input, nothing was sent: `a` is empty"
        );
        error.operation = Some(&UNNAMED);
        assert_eq!(
            error.to_string(),
            "GET /accounts/{account_id}/x: invalid input, nothing was sent: `a` is empty"
        );
        static LIST: Operation = Operation::new("l", "namespace-worker-list", "GET", "/x", &[]);
        static CREATE: Operation =
            Operation::new("c", "namespace-worker-create", "POST", "/x", &[]);
        let error = Error::invalid_input("`a` is empty").of_operation(Some(&LIST));
        assert_eq!(
            error.to_string(),
            "namespace-worker-list: invalid input, nothing was sent: `a` is empty"
        );
        // The first operation named stays.
        let error = error.of_operation(Some(&CREATE));
        assert_eq!(
            error.operation().map(|o| o.operation_id),
            Some("namespace-worker-list")
        );
        assert!(
            Error::invalid_input("x")
                .of_operation(None)
                .operation()
                .is_none()
        );
    }

    #[test]
    fn an_api_error_debugs_under_its_public_name() {
        let error = ApiError::new(
            StatusCode::CONFLICT,
            Vec::new(),
            Vec::new(),
            HeaderMap::new(),
            1,
        );
        let shown = format!("{error:?}");
        assert!(shown.starts_with("ApiError { status: 409"), "{shown}");
        assert!(!shown.contains("Parts"), "{shown}");
    }
}
