//! Turning what a generated operation returns into [`Response`] or
//! [`Error`], the same way for every operation.

use std::future::Future;

use crate::{Envelope, EnvelopeParts, Operation};
use bytes::{Bytes, BytesMut};
use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap};
use serde::de::{DeserializeOwned, IgnoredAny};

use super::error::{ApiError, DecodeError, TransportError};
use super::json_path;
use crate::transport::progenitor_workaround::{self, CallRecord};
use crate::transport::retry;
use crate::{Error, Response};

/// What a generated operation's `send()` resolves to: its success type
/// `T` (an envelope, `()` for no content, `ByteStream` for a body that is
/// not JSON) or progenitor's error with the failure envelope `F` that the
/// operation declares.
pub type Generated<T, F> = Result<ResponseValue<T>, GeneratedError<F>>;

/// Awaits a generated operation whose success is a Cloudflare envelope `E`
/// and normalizes its outcome: `Response<E::Result>` with the envelope's
/// `result`, `messages` and `result_info`, or the one [`Error`].
///
/// The operation's future is not boxed: it once was, when the layers here
/// grew a call's future to four times the generated one's (7 kB for a
/// create); with the transport and the generated code as they are now,
/// the box (an allocation of 1.2 kB) cost more than the copies it saved
/// (BENCHMARKS.md, issue 14).
pub fn send<E, F>(
    call: impl Future<Output = Generated<E, F>>,
) -> impl Future<Output = Result<Response<E::Result>, Error>>
where
    E: Envelope + DeserializeOwned,
    E::Result: DeserializeOwned + PartialEq,
    F: Envelope,
{
    recorded_and_normalized::<Enveloped, E, F>(call)
}

/// Awaits a generated operation whose success is not an envelope and
/// normalizes its outcome: `Response<T>` with the value as `result`, no
/// `messages` and no `result_info`. For operations that answer with no
/// content (`T = ()`), and any other success type without an
/// [`Envelope`] impl; a body that is not JSON is [`send_bytes`]'s.
///
/// Failures are handled as by [`send`]: an error status is [`Error::Api`]
/// with the errors of its envelope (`F`, or read leniently when it does
/// not decode), and so on. A success status that the operation does not
/// declare (a `200` where it declares `204`) cannot be read as `T` and is
/// an [`Error::Decode`] that says so.
// Called by API-area code that is generated from the spec.
#[allow(dead_code)]
pub fn send_raw<T, F>(
    call: impl Future<Output = Generated<T, F>>,
) -> impl Future<Output = Result<Response<T>, Error>>
where
    F: Envelope,
{
    recorded_and_normalized::<Raw, T, F>(call)
}

/// Awaits a generated operation whose success is a body that is not JSON
/// (progenitor's `ByteStream`: a Worker's script, a file) and normalizes
/// its outcome: `Response<Bytes>` with the whole body as `result`, no
/// `messages` and no `result_info`; failures as by [`send_raw`].
///
/// A success is the operation's content only when it is what the
/// operation declares (`not_content`): a Cloudflare failure envelope is
/// [`Error::Api`] with its errors, and an answer of a media type the
/// operation does not declare (a challenge page) is [`Error::Decode`]
/// saying what came.
///
/// The transport reads every body within its attempt (so a connection
/// that fails half-way is retried and reported as [`Error::Transport`],
/// like any other answer's), and a body that came in one piece is that
/// piece here, not a copy. A failure while reading what is left of the
/// stream (only with a generated client whose hooks do not read bodies)
/// is [`Error::Transport`] too.
pub async fn send_bytes<F>(
    call: impl Future<Output = Generated<ByteStream, F>>,
) -> Result<Response<Bytes>, Error>
where
    F: Envelope,
{
    let (outcome, record) = progenitor_workaround::recorded(call).await;
    let settle = Settle::from(&record);
    let attempts = record.attempts;
    let mut response = normalize::<Raw, ByteStream, F>(outcome, record)
        .await
        .map_err(|error| settle.error(error, &[], F::SECRET_FIELDS))?;
    let body = read_stream(&mut response.result)
        .await
        .map_err(|error| settle.error(transport(error, attempts), &[], &[]))?;
    // Without the transport's record (a generated client of the user's
    // own), the operation and what it declares are not known.
    let declared = settle
        .operation
        .map_or(&[][..], |op| op.success_media_types);
    if let Some(problem) = not_content(declared, response.headers(), &body) {
        let (status, headers) = (response.status(), response.headers().clone());
        let error = match problem {
            NotContent::Failure(parts) => {
                let no_errors = parts.errors.is_empty();
                let mut error = reported(status, parts, headers, attempts);
                if no_errors {
                    error.keep_body(&body);
                }
                Error::Api(error)
            }
            NotContent::Undeclared(reason) => Error::Decode(
                DecodeError::new(Some(status), Some(&headers), &body, reason, attempts, None)
                    .showing_body(),
            ),
        };
        return Err(settle.error(error, &[], F::SECRET_FIELDS));
    }
    Ok(settle.response(response.map(|_| body)))
}

/// Why a success of an operation whose answer is not JSON is not its
/// content.
#[derive(Debug)]
enum NotContent {
    /// A Cloudflare failure envelope (`success: false`): the failure it
    /// reports.
    Failure(EnvelopeParts<IgnoredAny>),
    /// A media type the operation does not declare: what came, for the
    /// error.
    Undeclared(String),
}

/// Whether an answer with `headers` and `body` is not the content of an
/// operation whose successes are of the media types `declared`
/// ([`Operation::success_media_types`]), and why. The answer's
/// `Content-Type` decides, as the only thing that tells content from
/// what is not, since content may be any bytes:
///
/// - labelled JSON (`application/json`, `…+json`), where the operation
///   does not declare that very type (a `*/*` or `application/*` does not
///   count), and a Cloudflare envelope that says `success: false`: the
///   failure it reports. The API's own envelopes are labelled JSON;
/// - of a type the operation declares (parameters and case aside; `*/*`
///   and `type/*` take any, or any of that type): the content, whatever
///   its bytes. A Workers KV value, which may hold any bytes, a failure
///   envelope's included, comes as the `application/octet-stream` its
///   read declares and stays the value;
/// - of another type (a `text/html` challenge page for a Worker's code):
///   not the content, saying what came;
/// - no `Content-Type`, or an operation that declares nothing (or is not
///   known): the content, since nothing says otherwise.
fn not_content(declared: &[&str], headers: &HeaderMap, body: &[u8]) -> Option<NotContent> {
    let shown = shown_content_type(headers)?;
    if declared.is_empty() {
        return None;
    }
    let essence = media_essence(&shown);
    let declares = |exactly: bool| {
        declared.iter().any(|declared| {
            let declared = media_essence(declared);
            let wildcard = declared == "*/*"
                || declared
                    .strip_suffix('*')
                    .is_some_and(|prefix| prefix.ends_with('/') && essence.starts_with(prefix));
            declared == essence || (!exactly && wildcard)
        })
    };
    if is_json_media_type(&essence) && !declares(true) {
        match EnvelopeParts::<IgnoredAny>::from_slice(body) {
            Ok(parts) if parts.success == Some(false) => {
                return Some(NotContent::Failure(parts));
            }
            _ => {}
        }
    }
    if declares(false) {
        return None;
    }
    let declared: Vec<String> = declared.iter().map(|t| format!("`{t}`")).collect();
    Some(NotContent::Undeclared(format!(
        "the answer is `{shown}`, which this operation does not declare (it answers {})",
        declared.join(" or ")
    )))
}

/// A media type's essence, `type/subtype` without parameters, lower case.
fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The rest of `stream`, as one `Bytes`: the only chunk as it is.
async fn read_stream(stream: &mut ByteStream) -> reqwest::Result<Bytes> {
    async fn next(stream: &mut ByteStream) -> reqwest::Result<Option<Bytes>> {
        std::future::poll_fn(|cx| stream.as_mut().poll_next(cx))
            .await
            .transpose()
    }
    let Some(first) = next(stream).await? else {
        return Ok(Bytes::new());
    };
    let Some(second) = next(stream).await? else {
        return Ok(first);
    };
    let mut body = BytesMut::with_capacity(first.len() + second.len());
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = next(stream).await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// What a success status gives: the operation's envelope opened
/// ([`Enveloped`]), or the value as it is ([`Raw`]).
trait Success<T> {
    /// The `result` of the [`Response`].
    type Result;

    /// Where the answers can hold a secret ([`Envelope::SECRET_FIELDS`]).
    const SECRET_FIELDS: &'static [&'static str];

    /// The answer, decoded by the generated code into `value`.
    fn decoded(
        value: T,
        status: StatusCode,
        headers: HeaderMap,
        attempts: u32,
    ) -> Result<Response<Self::Result>, Error>;

    /// An answer that the generated code did not decode: `error` says why
    /// when it tried, and is `None` for a status it does not declare.
    fn undecoded(
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        attempts: u32,
        error: Option<serde_json::Error>,
    ) -> Result<Response<Self::Result>, Error>;
}

/// A success that is a Cloudflare envelope: [`send`].
struct Enveloped;

impl<E> Success<E> for Enveloped
where
    E: Envelope,
    E::Result: DeserializeOwned + PartialEq,
{
    type Result = E::Result;

    const SECRET_FIELDS: &'static [&'static str] = E::SECRET_FIELDS;

    fn decoded(
        value: E,
        status: StatusCode,
        headers: HeaderMap,
        attempts: u32,
    ) -> Result<Response<E::Result>, Error> {
        envelope::<E>(status, headers, value.into_parts(), attempts)
    }

    // Read again, leniently, and if that fails too, say where.
    fn undecoded(
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        attempts: u32,
        _: Option<serde_json::Error>,
    ) -> Result<Response<E::Result>, Error> {
        answer::<E>(status, headers, body, attempts)
    }
}

/// A success kept as it is: [`send_raw`].
struct Raw;

impl<T> Success<T> for Raw {
    type Result = T;

    // Not JSON: the spec marks nothing in it.
    const SECRET_FIELDS: &'static [&'static str] = &[];

    fn decoded(
        value: T,
        status: StatusCode,
        headers: HeaderMap,
        _: u32,
    ) -> Result<Response<T>, Error> {
        Ok(Response::new(value, Vec::new(), None, status, headers))
    }

    fn undecoded(
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        attempts: u32,
        error: Option<serde_json::Error>,
    ) -> Result<Response<T>, Error> {
        let unreadable = unreadable(&headers, body);
        let reason = match (&error, &unreadable) {
            (Some(_), Some(problem)) => problem.clone(),
            (Some(error), None) => error.to_string(),
            (None, _) => {
                let mut reason = format!(
                    "the API answered {status}, which this operation does not declare, \
                     so the body cannot be read as its result"
                );
                if let Some(problem) = &unreadable {
                    reason.push_str("; ");
                    reason.push_str(problem);
                }
                reason
            }
        };
        let error = DecodeError::new(Some(status), Some(&headers), body, reason, attempts, error);
        Err(Error::Decode(match unreadable {
            Some(_) => error.showing_body(),
            None => error,
        }))
    }
}

/// [`send`] and [`send_raw`], by what a success gives (`S`): awaits the
/// call with the transport's record, and normalizes its outcome.
async fn recorded_and_normalized<S, T, F>(
    call: impl Future<Output = Generated<T, F>>,
) -> Result<Response<S::Result>, Error>
where
    S: Success<T>,
    F: Envelope,
{
    let (outcome, record) = progenitor_workaround::recorded(call).await;
    let settle = Settle::from(&record);
    match normalize::<S, T, F>(outcome, record).await {
        Ok(response) => Ok(settle.response(response)),
        Err(error) => Err(settle.error(error, S::SECRET_FIELDS, F::SECRET_FIELDS)),
    }
}

/// What the call's record adds to any error of the call, however it was
/// read: the retry policy's verdict on the last attempt, and the
/// operation, which its `Response` remembers too.
struct Settle {
    retryable: Option<bool>,
    operation: Option<&'static Operation>,
}

impl From<&CallRecord> for Settle {
    fn from(record: &CallRecord) -> Self {
        Settle {
            retryable: record.retryable,
            operation: record.operation,
        }
    }
}

impl Settle {
    /// `error` with the policy's verdict, without the secrets its answer
    /// can hold where a success (`success`) or failure (`failure`) answer
    /// holds them ([`Envelope::SECRET_FIELDS`]), and naming the operation.
    fn error(&self, error: Error, success: &[&str], failure: &[&str]) -> Error {
        error
            .retryable_as(self.retryable)
            .without_secrets(success)
            .without_secrets(failure)
            .of_operation(self.operation)
    }

    /// `response` as one of the call's operation.
    fn response<T>(&self, response: Response<T>) -> Response<T> {
        response.in_operation(self.operation)
    }
}

async fn normalize<S, T, F>(
    outcome: Generated<T, F>,
    record: CallRecord,
) -> Result<Response<S::Result>, Error>
where
    S: Success<T>,
    F: Envelope,
{
    let attempts = record.attempts;
    let body_cut = record.body_cut;
    // The transport moved the status and headers here; without it (a
    // generated client of the user's own), they are the answer's.
    let (status, headers) = match record.answer {
        Some((status, headers)) => (Some(status), Some(headers)),
        None => (None, None),
    };
    match outcome {
        // The generated type decoded it: the usual, fast path.
        Ok(value) => {
            let status = value.status();
            let headers = headers.unwrap_or_else(|| value.headers().clone());
            S::decoded(value.into_inner(), status, headers, attempts)
        }
        Err(GeneratedError::ErrorResponse(value)) => {
            let status = value.status();
            let headers = headers.unwrap_or_else(|| value.headers().clone());
            let parts = value.into_inner().into_parts();
            Err(Error::Api(reported(status, parts, headers, attempts)))
        }
        // The generated type refused it.
        Err(GeneratedError::InvalidResponsePayload(body, error)) => match (status, headers) {
            (Some(status), Some(headers)) if !status.is_success() => {
                Err(failure(status, headers, &body, attempts, body_cut))
            }
            (Some(status), Some(headers)) => {
                S::undecoded(status, headers, &body, attempts, Some(error))
            }
            _ => Err(Error::Decode(DecodeError::new(
                None,
                None,
                &body,
                error.to_string(),
                attempts,
                Some(error),
            ))),
        },
        // A status the spec does not declare (`201`, `204`, `3xx`, ...).
        Err(GeneratedError::UnexpectedResponse(mut response)) => {
            let status = response.status();
            let headers = headers.unwrap_or_else(|| std::mem::take(response.headers_mut()));
            let body = response.bytes().await.map_err(|e| transport(e, attempts))?;
            if !status.is_success() {
                return Err(failure(status, headers, &body, attempts, body_cut));
            }
            S::undecoded(status, headers, &body, attempts, None)
        }
        Err(
            GeneratedError::CommunicationError(error)
            | GeneratedError::ResponseBodyError(error)
            | GeneratedError::InvalidUpgrade(error),
        ) => Err(transport(error, attempts)),
        Err(GeneratedError::InvalidRequest(message)) => Err(Error::invalid_input(message)),
        Err(GeneratedError::Custom(message)) => Err(Error::Transport(TransportError::new(
            "a hook failed",
            attempts,
            message,
        ))),
    }
}

/// An envelope's parts as the answer's outcome: an error when the status
/// or `success: false` says so, else the result, or what a missing result
/// means for the operation ([`Envelope::result_when_absent`]).
fn envelope<E: Envelope>(
    status: StatusCode,
    headers: HeaderMap,
    parts: EnvelopeParts<E::Result>,
    attempts: u32,
) -> Result<Response<E::Result>, Error> {
    if !status.is_success() || parts.success == Some(false) {
        return Err(Error::Api(reported(status, parts, headers, attempts)));
    }
    match parts.result.or_else(E::result_when_absent) {
        Some(result) => Ok(Response::new(
            result,
            parts.messages,
            parts.result_info,
            status,
            headers,
        )),
        None => Err(Error::Decode(DecodeError::new(
            Some(status),
            Some(&headers),
            b"",
            "the API reported success but sent no `result`",
            attempts,
            None,
        ))),
    }
}

/// A success status's answer from its bytes, with the envelope's common
/// fields read leniently ([`EnvelopeParts::from_slice`]): what the
/// generated type refused, and success statuses the spec does not declare.
fn answer<E>(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
) -> Result<Response<E::Result>, Error>
where
    E: Envelope,
    E::Result: DeserializeOwned + PartialEq,
{
    // `204 No Content`, or a `200` with nothing in it.
    if body.trim_ascii().is_empty() {
        return match E::result_when_absent() {
            Some(result) => Ok(Response::new(result, Vec::new(), None, status, headers)),
            None => Err(Error::Decode(DecodeError::new(
                Some(status),
                Some(&headers),
                body,
                "the API reported success with an empty body, and this operation returns a result",
                attempts,
                None,
            ))),
        };
    }
    match EnvelopeParts::<E::Result>::from_slice(body) {
        Ok(parts) if is_envelope(&parts) => envelope::<E>(status, headers, parts, attempts),
        // No envelope at all: the result itself, bare, as the published
        // schema says a few operations answer (bulk delete of a
        // namespace's scripts). Taken as the result when it is one.
        Ok(_) => match bare_result::<E::Result>(body) {
            Some(result) => Ok(Response::new(result, Vec::new(), None, status, headers)),
            None => Err(Error::Decode(DecodeError::new(
                Some(status),
                Some(&headers),
                body,
                "the body is JSON but neither a Cloudflare response envelope \
                 (no `success`, `errors`, `messages` or `result`) nor the result itself",
                attempts,
                None,
            ))),
        },
        Err(error) => match EnvelopeParts::<IgnoredAny>::from_slice(body) {
            // A failure whose `result` has another shape than a success's.
            Ok(parts) if parts.success == Some(false) => {
                Err(Error::Api(reported(status, parts, headers, attempts)))
            }
            _ => Err(undecodable(status, headers, body, attempts, error)),
        },
    }
}

/// `body` as the result itself, outside any envelope, when it is one: it
/// decodes, and holds at least one field of the result (an object that
/// only decodes because every field of the result is optional, such as
/// `{"error": ".."}`, is not taken for one: it decodes to what `{}` does).
///
/// Compared with `PartialEq`, which every generated type has compiled,
/// rather than by writing the result back as JSON, which would compile
/// the `Serialize` of every answer's types for each operation a program
/// calls (BENCHMARKS.md, "Issue 21: what a program that calls the
/// operations compiles").
fn bare_result<R: DeserializeOwned + PartialEq>(body: &[u8]) -> Option<R> {
    let result: R = serde_json::from_slice(body).ok()?;
    match serde_json::from_slice::<R>(b"{}") {
        Ok(empty) if empty == result => None,
        _ => Some(result),
    }
}

/// The error an envelope reports: its `errors` and `messages`.
fn reported<T>(
    status: StatusCode,
    parts: EnvelopeParts<T>,
    headers: HeaderMap,
    attempts: u32,
) -> ApiError {
    ApiError::new(status, parts.errors, parts.messages, headers, attempts)
}

/// Whether decoded parts came from an envelope rather than any JSON object.
fn is_envelope<T>(parts: &EnvelopeParts<T>) -> bool {
    parts.success.is_some()
        || parts.result.is_some()
        || !parts.errors.is_empty()
        || !parts.messages.is_empty()
}

/// The error an error status's body reports: its envelope's errors, or
/// what the body is instead.
fn failure(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
    body_cut: Option<usize>,
) -> Error {
    if let Some(limit) = body_cut {
        let problem = format!(
            "the error body is longer than {} and was not read past that, \
             so its errors are not known",
            size(limit)
        );
        return Error::Api(ApiError::without_envelope(
            status, headers, body, attempts, problem,
        ));
    }
    match EnvelopeParts::<IgnoredAny>::from_slice(body) {
        Ok(parts) if is_envelope(&parts) => {
            let no_errors = parts.errors.is_empty();
            let mut error = reported(status, parts, headers, attempts);
            if no_errors {
                // Whatever else the body says may be all there is.
                error.keep_body(body);
            }
            Error::Api(error)
        }
        _ => {
            let problem = unreadable(&headers, body)
                .unwrap_or_else(|| "not a Cloudflare response".to_owned());
            Error::Api(ApiError::without_envelope(
                status, headers, body, attempts, problem,
            ))
        }
    }
}

/// A success status whose body is not the operation's envelope: a
/// decode error that says where in the body decoding failed (`error`, the
/// JSON decoder's, placed by [`json_path::path_of`]), or what the body
/// really is (compressed data).
fn undecodable(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
    error: serde_json::Error,
) -> Error {
    if let Some(problem) = unreadable(&headers, body) {
        // The JSON decoder's error stays the source.
        return Error::Decode(
            DecodeError::new(
                Some(status),
                Some(&headers),
                body,
                problem,
                attempts,
                Some(error),
            )
            .showing_body(),
        );
    }
    let reason = match json_path::path_of(body, &error) {
        Some(path) if path != "." => format!("at `{path}`: {error}"),
        _ => error.to_string(),
    };
    Error::Decode(DecodeError::new(
        Some(status),
        Some(&headers),
        body,
        reason,
        attempts,
        Some(error),
    ))
}

/// Why a body that could not be read as the operation's answer is no JSON
/// at all, when it is not: compressed ([`encoding_problem`]), or something
/// else than JSON ([`not_json`]). The one check of every path that reads
/// an answer (a success, enveloped or not, an error status, a status the
/// operation does not declare), and only ever of an answer that did not
/// decode, so that JSON decodes whatever its `Content-Type` says.
/// `None` when the body is, or may be, JSON: then the decoder's error
/// says what is wrong with it, and where.
fn unreadable(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    encoding_problem(headers, body).or_else(|| not_json(headers, body))
}

/// What a body is when it is no JSON: its `Content-Type`, when that is
/// not JSON (`text/html` for a challenge page, a captive portal or a
/// proxy's error page) and the body does not parse as JSON either; or,
/// whatever the `Content-Type`, a body that cannot be the start of any
/// JSON value (`<`). A body that starts as JSON but breaks off or is
/// mistyped is left to the decoder.
fn not_json(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let content_type = shown_content_type(headers);
    let labelled_json = content_type.as_deref().is_none_or(is_json_media_type);
    // An empty body is no JSON either, but callers say "empty" themselves.
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    let starts_as_json = matches!(
        first,
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    );
    if labelled_json && starts_as_json {
        return None;
    }
    if serde_json::from_slice::<IgnoredAny>(body).is_ok() {
        return None;
    }
    Some(match (content_type, labelled_json) {
        (Some(content_type), false) => format!("the answer is `{content_type}`, not JSON"),
        (Some(content_type), true) => {
            format!("the body is not JSON, though its `Content-Type` is `{content_type}`")
        }
        (None, _) => "the body is not JSON (no `Content-Type`)".to_owned(),
    })
}

/// The answer's `Content-Type` as an error shows it: at most 100
/// characters, so that an error's text stays one short line; `None` when
/// there is none, or it is blank.
fn shown_content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .trim()
                .chars()
                .take(100)
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
}

/// Whether a `Content-Type` is JSON: `application/json`, or any type
/// whose subtype is `json` or ends in `+json` (`application/problem+json`),
/// parameters aside; compared as bytes, so that no header can make it
/// panic.
fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let subtype = essence.split_once('/').map_or("", |(_, subtype)| subtype);
    let subtype = subtype.as_bytes();
    subtype.eq_ignore_ascii_case(b"json")
        || subtype.len() > 5 && subtype[subtype.len() - 5..].eq_ignore_ascii_case(b"+json")
}

/// Why a body could not be read when it is compressed: a `Content-Encoding`
/// this client did not undo, or gzip data (magic bytes `1f 8b`) that no
/// header announced.
fn encoding_problem(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let encoding = headers
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("identity"));
    let gzip = body.starts_with(&[0x1f, 0x8b]);
    let can_gunzip = cfg!(feature = "gzip");
    match (encoding, gzip) {
        (Some(encoding), _) => {
            let why = if !encoding.eq_ignore_ascii_case("gzip") {
                "this client decompresses gzip only"
            } else if can_gunzip {
                "check what sits between the client and the API"
            } else {
                "build cloudflare-api with its `gzip` feature (on by default) to have it \
                 decompressed"
            };
            Some(format!(
                "the body is compressed (`Content-Encoding: {encoding}`) and was not \
                 decompressed; {why}"
            ))
        }
        (None, true) => Some(
            "the body is gzip-compressed data that no `Content-Encoding` header announced, \
             so it was not decompressed; check what sits between the client and the API"
                .to_owned(),
        ),
        (None, false) => None,
    }
}

/// `bytes` as people read sizes.
fn size(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The error of an attempt that got no (whole) answer, saying how far the
/// request got ([`retry::Failure`], which the retry policy goes by too).
fn transport(error: reqwest::Error, attempts: u32) -> Error {
    let what = match retry::Failure::of(&error) {
        retry::Failure::Timeout => {
            return Error::Timeout(TransportError::new(
                "no answer within the timeout; the request may have been sent, and applied",
                attempts,
                error,
            ));
        }
        retry::Failure::ConnectTimeout => {
            return Error::Timeout(TransportError::new(
                "could not connect within the connect timeout; nothing was sent",
                attempts,
                error,
            ));
        }
        retry::Failure::Connect => "could not connect",
        retry::Failure::ClosedAfterSending => {
            "the request was sent and the connection closed before an answer came: \
             it may have been applied"
        }
        retry::Failure::Connection => {
            "the connection failed before an answer came; the request may have been sent, \
             and applied"
        }
        retry::Failure::ReadingAnswer => "the connection failed while reading the answer",
        retry::Failure::Other => "the request could not be sent",
    };
    Error::Transport(TransportError::new(what, attempts, error))
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;
    use serde_json::json;
    use types::{
        ApiResponseCommonFailure, NamespaceWorkerCreateResponse, NamespaceWorkerListResponse,
    };

    use super::*;

    /// Envelopes as regen generates them (Workers for Platforms'), with
    /// the `Envelope` impls it writes: what the functions here are given.
    mod types {
        use serde::{Deserialize, Serialize};

        use crate::{Envelope, EnvelopeParts, ResponseInfo, ResultInfo};

        #[derive(Deserialize, Serialize, Clone, Debug, PartialEq, Default)]
        pub struct DispatchNamespace {
            pub namespace_name: Option<String>,
        }

        macro_rules! envelope {
            ($name:ident, $result:ty, $field:ty, $into:expr, $absent:expr) => {
                #[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
                pub struct $name {
                    pub errors: Option<Vec<ResponseInfo>>,
                    pub messages: Option<Vec<ResponseInfo>>,
                    #[serde(default)]
                    pub result: $field,
                    pub result_info: Option<ResultInfo>,
                    pub success: bool,
                }

                impl Envelope for $name {
                    type Result = $result;

                    fn into_parts(self) -> EnvelopeParts<Self::Result> {
                        let into: fn($field) -> Option<$result> = $into;
                        EnvelopeParts::new(
                            self.success,
                            self.errors,
                            self.messages,
                            into(self.result),
                            self.result_info,
                        )
                    }

                    fn result_when_absent() -> Option<Self::Result> {
                        $absent
                    }
                }
            };
        }

        envelope!(
            ApiResponseCommonFailure,
            Option<serde_json::Value>,
            Option<serde_json::Value>,
            Some,
            None
        );
        envelope!(
            NamespaceWorkerCreateResponse,
            DispatchNamespace,
            Option<DispatchNamespace>,
            |r| r,
            None
        );
        envelope!(
            NamespaceWorkerListResponse,
            Vec<DispatchNamespace>,
            Vec<DispatchNamespace>,
            Some,
            Some(Vec::new())
        );
    }

    fn with_ray() -> HeaderMap {
        HeaderMap::from_iter([(
            reqwest::header::HeaderName::from_static("cf-ray"),
            HeaderValue::from_static("8a1b2c3d4e5f6789-SJC"),
        )])
    }

    fn failure<F: DeserializeOwned>(code: i64) -> F {
        let body = json!({
            "success": false,
            "errors": [{"code": code, "message": "no"}],
            "messages": [],
            "result": null,
        });
        serde_json::from_value(body).unwrap()
    }

    fn unexpected(status: u16, body: &'static str) -> reqwest::Response {
        let mut answer = http::Response::new(body);
        *answer.status_mut() = StatusCode::from_u16(status).unwrap();
        reqwest::Response::from(answer)
    }

    type Raw<T> = Generated<T, ApiResponseCommonFailure>;

    #[tokio::test]
    async fn a_raw_success_is_the_value_itself_with_its_status_and_headers() {
        let no_content = ResponseValue::new((), StatusCode::NO_CONTENT, with_ray());
        let response = send_raw(async { Raw::Ok(no_content) }).await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.ray_id(), Some("8a1b2c3d4e5f6789-SJC"));
        assert!(response.messages.is_empty() && response.result_info.is_none());

        let text = ResponseValue::new("a script".to_owned(), StatusCode::OK, HeaderMap::new());
        let response = send_raw(async { Raw::Ok(text) }).await.unwrap();
        assert_eq!(response.result, "a script");
    }

    #[tokio::test]
    async fn a_raw_call_fails_as_an_enveloped_one_does() {
        let conflict = ResponseValue::new(failure(10026), StatusCode::CONFLICT, with_ray());
        let error = send_raw(async { Raw::<()>::Err(GeneratedError::ErrorResponse(conflict)) })
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::CONFLICT));
        assert_eq!(error.errors()[0].code, 10026);
        assert_eq!(error.ray_id(), Some("8a1b2c3d4e5f6789-SJC"));

        let bad_gateway = unexpected(502, "<html>bad gateway</html>");
        let error =
            send_raw(async { Raw::<()>::Err(GeneratedError::UnexpectedResponse(bad_gateway)) })
                .await
                .unwrap_err();
        let Error::Api(e) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(e.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(e.body_snippet(), Some("<html>bad gateway</html>"));

        let undeclared = unexpected(200, "{}");
        let error =
            send_raw(async { Raw::<()>::Err(GeneratedError::UnexpectedResponse(undeclared)) })
                .await
                .unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().contains("does not declare"), "{error}");

        let refused = Raw::<()>::Err(GeneratedError::InvalidRequest("`..`".to_owned()));
        let error = send_raw(async { refused }).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    }

    /// A body in pieces, then (with `fail`) a connection that fails.
    struct Pieces {
        pieces: Vec<&'static [u8]>,
        fail: bool,
    }

    impl http_body::Body for Pieces {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
            std::task::Poll::Ready(if self.pieces.is_empty() {
                self.fail
                    .then(|| Err(std::io::ErrorKind::ConnectionReset.into()))
            } else {
                let piece = self.pieces.remove(0);
                Some(Ok(http_body::Frame::data(Bytes::from_static(piece))))
            })
        }
    }

    /// What a generated operation's `send()` gives for such a body.
    async fn streamed(pieces: Vec<&'static [u8]>, fail: bool) -> Raw<ByteStream> {
        let body = reqwest::Body::wrap(Pieces { pieces, fail });
        let response = reqwest::Response::from(http::Response::new(body));
        let stream = ByteStream::new(Box::pin(response.bytes_stream()));
        Raw::Ok(ResponseValue::new(stream, StatusCode::OK, with_ray()))
    }

    #[tokio::test]
    async fn a_body_that_is_not_json_is_read_whole_and_a_failure_is_the_crates_error() {
        let whole = send_bytes(streamed(vec![b"export ", b"default ", b"{}"], false))
            .await
            .unwrap();
        assert_eq!(&whole.result[..], b"export default {}");
        assert_eq!(whole.ray_id(), Some("8a1b2c3d4e5f6789-SJC"));
        let empty = send_bytes(streamed(vec![], false)).await.unwrap();
        assert!(empty.result.is_empty());

        let error = send_bytes(streamed(vec![b"export "], true))
            .await
            .unwrap_err();
        let Error::Transport(_) = &error else {
            panic!("{error:?}")
        };
        assert!(
            error.to_string().contains("while reading the answer"),
            "{error}"
        );
    }

    /// What `not_content` says of an answer labelled `content_type` (none
    /// for `None`) holding `body`, for an operation declaring `declared`.
    fn verdict(declared: &[&str], content_type: Option<&str>, body: &str) -> &'static str {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        }
        match not_content(declared, &headers, body.as_bytes()) {
            None => "content",
            Some(NotContent::Failure(_)) => "failure",
            Some(NotContent::Undeclared(_)) => "undeclared",
        }
    }

    #[test]
    fn an_answer_that_is_not_json_is_content_only_when_declared() {
        const FAILURE: &str =
            r#"{"success":false,"errors":[{"code":10009,"message":"key not found"}]}"#;
        const CHALLENGE: &str = "<!DOCTYPE html><title>Just a moment...</title>";
        let octets = &["application/octet-stream"][..];
        let worker = &["application/javascript", "multipart/form-data"][..];
        let cases: &[(&[&str], Option<&str>, &str, &str)] = &[
            // A Workers KV value is any bytes, a failure envelope's too: as
            // the `application/octet-stream` its read declares, the value.
            (octets, Some("application/octet-stream"), FAILURE, "content"),
            (
                octets,
                Some("Application/Octet-Stream; x=y"),
                "\u{0}\u{1}",
                "content",
            ),
            // Labelled JSON, which the read does not declare: the API's.
            (octets, Some("application/json"), FAILURE, "failure"),
            (
                octets,
                Some("application/json; charset=utf-8"),
                r#"{"a":1}"#,
                "undeclared",
            ),
            (
                octets,
                Some("text/html; charset=UTF-8"),
                CHALLENGE,
                "undeclared",
            ),
            // `*/*` takes any type, but a JSON failure envelope is one.
            (&["*/*"], Some("application/json"), FAILURE, "failure"),
            (
                &["*/*"],
                Some("application/json"),
                r#"{"success":true}"#,
                "content",
            ),
            (&["*/*"], Some("text/html"), CHALLENGE, "content"),
            (&["image/*"], Some("image/png"), "\u{89}PNG", "content"),
            (&["image/*"], Some("text/html"), CHALLENGE, "undeclared"),
            (
                &["image/*"],
                Some("application/problem+json"),
                FAILURE,
                "failure",
            ),
            // A JSON type the operation declares is its content.
            (
                &["application/vnd.x+json"],
                Some("application/vnd.x+json"),
                FAILURE,
                "content",
            ),
            // A Worker's code.
            (
                worker,
                Some("application/javascript"),
                "export default {}",
                "content",
            ),
            (
                worker,
                Some("multipart/form-data; boundary=b"),
                "--b--",
                "content",
            ),
            (worker, Some("text/html"), CHALLENGE, "undeclared"),
            (worker, Some("application/json"), FAILURE, "failure"),
            // Nothing says otherwise.
            (worker, None, FAILURE, "content"),
            (&[], Some("text/html"), CHALLENGE, "content"),
        ];
        for &(declared, content_type, body, expected) in cases {
            assert_eq!(
                verdict(declared, content_type, body),
                expected,
                "{declared:?} {content_type:?} {body}"
            );
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=UTF-8"),
        );
        let Some(NotContent::Undeclared(reason)) = not_content(worker, &headers, b"<html>") else {
            panic!("a page is no Worker");
        };
        assert_eq!(
            reason,
            "the answer is `text/html; charset=UTF-8`, which this operation does not declare \
             (it answers `application/javascript` or `multipart/form-data`)"
        );
    }

    #[test]
    fn json_media_types_are_told_by_their_subtype() {
        for json in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/problem+json",
            "text/json",
            "a/é+json",
        ] {
            assert!(is_json_media_type(json), "{json}");
        }
        for other in [
            "text/html",
            "text/plain",
            "json",
            "",
            "application/+json€",
            "x/€json",
        ] {
            assert!(!is_json_media_type(other), "{other}");
        }
    }

    /// An operation whose failures are no envelope has them undeclared
    /// (regen's `failures_without_envelope_undeclared`), and `()` for its
    /// failure type: an error status is the API's error with what came,
    /// the errors of an envelope it holds after all, or its body.
    #[tokio::test]
    async fn an_operation_without_a_failure_envelope_keeps_what_the_api_said() {
        type NoFailure = Generated<(), ()>;
        let shape = unexpected(400, r#"{"error":"bad cron","code":"E1"}"#);
        let error = send_raw(async { NoFailure::Err(GeneratedError::UnexpectedResponse(shape)) })
            .await
            .unwrap_err();
        let Error::Api(e) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert!(e.errors().is_empty(), "{e:?}");
        assert_eq!(
            e.body_snippet(),
            Some(r#"{"error":"bad cron","code":"E1"}"#)
        );

        let envelope = unexpected(
            404,
            r#"{"success":false,"errors":[{"code":10007,"message":"not found"}]}"#,
        );
        let error =
            send_raw(async { NoFailure::Err(GeneratedError::UnexpectedResponse(envelope)) })
                .await
                .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.errors()[0].code, 10007);

        // A failure declared without content (progenitor's `()`).
        let empty = ResponseValue::new((), StatusCode::FORBIDDEN, with_ray());
        let error = send_raw(async { NoFailure::Err(GeneratedError::ErrorResponse(empty)) })
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(error.ray_id(), Some("8a1b2c3d4e5f6789-SJC"));
    }

    /// Operations of Cloudflare's schema declare other failure envelopes
    /// than `api-response-common-failure`; any `Envelope` will do.
    #[tokio::test]
    async fn any_failure_envelope_gives_its_errors() {
        type Listed = Generated<NamespaceWorkerListResponse, NamespaceWorkerCreateResponse>;
        let answer = ResponseValue::new(failure(1000), StatusCode::BAD_REQUEST, HeaderMap::new());
        let error = send(async { Listed::Err(GeneratedError::ErrorResponse(answer)) })
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(error.errors()[0].code, 1000);

        let answer = ResponseValue::new(failure(1001), StatusCode::NOT_FOUND, HeaderMap::new());
        let error = send_raw(async {
            Generated::<(), NamespaceWorkerCreateResponse>::Err(GeneratedError::ErrorResponse(
                answer,
            ))
        })
        .await
        .unwrap_err();
        assert_eq!(error.errors()[0].code, 1001);
    }
}
