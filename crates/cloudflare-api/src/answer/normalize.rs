//! Turning what a generated operation returns into [`Response`] or
//! [`Error`], the same way for every operation.

use std::future::Future;

use cloudflare_api_generated::types::ApiResponseCommonFailure;
use cloudflare_api_generated::{Envelope, EnvelopeParts};
use progenitor_client::{Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_ENCODING, HeaderMap};
use serde::de::{DeserializeOwned, IgnoredAny};

use super::error::{ApiError, DecodeError, TransportError};
use crate::transport::progenitor_workaround::{self, CallRecord};
use crate::{Error, Response};

/// What a generated operation's `send()` resolves to.
pub(crate) type Generated<E> = Result<ResponseValue<E>, GeneratedError<ApiResponseCommonFailure>>;

/// Awaits a generated operation and normalizes its outcome.
///
/// The operation's future is boxed first: each async layer that takes a
/// future by value stores it twice (as its argument and as what it awaits),
/// and the layers here would otherwise grow a call's future to four times
/// the generated one's (7 kB for a create), copied at every move. Boxed,
/// only a pointer is.
pub(crate) fn send<E>(
    call: impl Future<Output = Generated<E>>,
) -> impl Future<Output = Result<Response<E::Result>, Error>>
where
    E: Envelope + DeserializeOwned,
    E::Result: DeserializeOwned,
{
    let call = Box::pin(call);
    async move {
        let (outcome, record) = progenitor_workaround::recorded(call).await;
        let retryable = record.retryable;
        normalize(outcome, record)
            .await
            .map_err(|error| error.retryable_as(retryable))
    }
}

async fn normalize<E>(
    outcome: Generated<E>,
    record: CallRecord,
) -> Result<Response<E::Result>, Error>
where
    E: Envelope + DeserializeOwned,
    E::Result: DeserializeOwned,
{
    let attempts = record.attempts;
    let body_cut = record.body_cut;
    let (status, headers) = match record.answer {
        Some((status, headers)) => (Some(status), headers),
        None => (None, HeaderMap::new()),
    };
    match outcome {
        // The generated type decoded it: the usual, fast path.
        Ok(value) => {
            let status = value.status();
            envelope::<E>(status, headers, value.into_inner().into_parts(), attempts)
        }
        Err(GeneratedError::ErrorResponse(value)) => {
            let status = value.status();
            let parts = value.into_inner().into_parts();
            Err(Error::Api(reported(status, parts, headers, attempts)))
        }
        // The generated type refused it: read it again, leniently.
        Err(GeneratedError::InvalidResponsePayload(body, error)) => match status {
            Some(status) => answer::<E>(status, headers, &body, attempts, body_cut),
            None => Err(Error::Decode(DecodeError::new(
                None,
                None,
                &body,
                error.to_string(),
                attempts,
                Some(error),
            ))),
        },
        // A status the spec does not declare (`201`, `204`, `3xx`, ...).
        Err(GeneratedError::UnexpectedResponse(response)) => {
            let status = response.status();
            let body = response.bytes().await.map_err(|e| transport(e, attempts))?;
            answer::<E>(status, headers, &body, attempts, body_cut)
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

/// Any answer from its bytes, with the envelope's common fields read
/// leniently ([`EnvelopeParts::from_slice`]): what the generated type
/// refused, and statuses the spec does not declare.
fn answer<E>(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
    body_cut: Option<usize>,
) -> Result<Response<E::Result>, Error>
where
    E: Envelope,
    E::Result: DeserializeOwned,
{
    if !status.is_success() {
        return Err(failure(status, headers, body, attempts, body_cut));
    }
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
        Ok(_) => Err(Error::Decode(DecodeError::new(
            Some(status),
            Some(&headers),
            body,
            "the body is JSON but not a Cloudflare response envelope \
             (no `success`, `errors`, `messages` or `result`)",
            attempts,
            None,
        ))),
        Err(_) => match EnvelopeParts::<IgnoredAny>::from_slice(body) {
            // A failure whose `result` has another shape than a success's.
            Ok(parts) if parts.success == Some(false) => {
                Err(Error::Api(reported(status, parts, headers, attempts)))
            }
            _ => Err(undecodable::<E::Result>(status, headers, body, attempts)),
        },
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
            let problem = encoding_problem(&headers, body)
                .unwrap_or_else(|| "not a Cloudflare response".to_owned());
            Error::Api(ApiError::without_envelope(
                status, headers, body, attempts, problem,
            ))
        }
    }
}

/// A success status whose body is not the operation's envelope: a
/// decode error that says where in the body decoding failed, or what the
/// body really is (compressed data).
fn undecodable<R: DeserializeOwned>(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
) -> Error {
    if let Some(problem) = encoding_problem(&headers, body) {
        return Error::Decode(DecodeError::new(
            Some(status),
            Some(&headers),
            body,
            problem,
            attempts,
            None,
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (reason, source) =
        match serde_path_to_error::deserialize(&mut deserializer).map(|parts: Parts<R>| parts.0) {
            Err(error) => {
                let path = error.path().to_string();
                let error = error.into_inner();
                let reason = if path == "." {
                    error.to_string()
                } else {
                    format!("at `{path}`: {error}")
                };
                (reason, Some(error))
            }
            // The value decodes; what follows it does not.
            Ok(_) => match deserializer.end() {
                Err(error) => (error.to_string(), Some(error)),
                Ok(()) => ("the body is not the operation's response".to_owned(), None),
            },
        };
    Error::Decode(DecodeError::new(
        Some(status),
        Some(&headers),
        body,
        reason,
        attempts,
        source,
    ))
}

/// [`EnvelopeParts`] as a `Deserialize` type, for `serde_path_to_error`.
struct Parts<R>(EnvelopeParts<R>);

impl<'de, R: DeserializeOwned> serde::Deserialize<'de> for Parts<R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        EnvelopeParts::deserialize(deserializer).map(Parts)
    }
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

fn transport(error: reqwest::Error, attempts: u32) -> Error {
    if error.is_timeout() {
        return Error::Timeout(TransportError::new(
            "no answer within the timeout",
            attempts,
            error,
        ));
    }
    let what = if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the connection failed while reading the answer"
    } else if error.is_request() {
        "the connection failed while sending the request"
    } else {
        "the request could not be sent"
    };
    Error::Transport(TransportError::new(what, attempts, error))
}
