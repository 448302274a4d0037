//! Turning what a generated operation returns into [`Response`] or
//! [`Error`], the same way for every operation.

use std::future::Future;

use cloudflare_api_generated::Envelope;
use cloudflare_api_generated::types::ApiResponseCommonFailure;
use progenitor_client::{Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, TransportError};
use crate::record::{self, CallRecord};
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
{
    let call = Box::pin(call);
    async move {
        let (outcome, record) = record::recorded(call).await;
        normalize(outcome, record).await
    }
}

async fn normalize<E>(
    outcome: Generated<E>,
    record: CallRecord,
) -> Result<Response<E::Result>, Error>
where
    E: Envelope + DeserializeOwned,
{
    let attempts = record.attempts;
    let (status, headers) = match record.answer {
        Some((status, headers)) => (Some(status), headers),
        None => (None, HeaderMap::new()),
    };
    match outcome {
        Ok(value) => envelope(value.status(), headers, value.into_inner(), attempts),
        Err(GeneratedError::ErrorResponse(value)) => {
            let status = value.status();
            Err(failure_error(status, value.into_inner(), headers, attempts))
        }
        Err(GeneratedError::InvalidResponsePayload(body, error)) => match status {
            Some(status) if !status.is_success() => Err(Error::Api(ApiError::not_an_envelope(
                status, headers, &body, attempts,
            ))),
            Some(status) => Err(undecodable::<E>(status, headers, &body, attempts)),
            None => Err(Error::Decode(DecodeError::new(
                None,
                None,
                &body,
                error.to_string(),
                Some(error),
            ))),
        },
        // A status the spec does not declare: decode it as the operation's
        // envelope when it is a success, as an error otherwise.
        Err(GeneratedError::UnexpectedResponse(response)) => {
            let status = response.status();
            let body = response.bytes().await.map_err(|e| transport(e, attempts))?;
            if status.is_success() {
                match serde_json::from_slice::<E>(&body) {
                    Ok(value) => envelope(status, headers, value, attempts),
                    Err(_) => Err(undecodable::<E>(status, headers, &body, attempts)),
                }
            } else {
                match serde_json::from_slice::<ApiResponseCommonFailure>(&body) {
                    Ok(failure) => Err(failure_error(status, failure, headers, attempts)),
                    Err(_) => Err(Error::Api(ApiError::not_an_envelope(
                        status, headers, &body, attempts,
                    ))),
                }
            }
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

/// A decoded envelope: its result, or the error it reports.
fn envelope<E: Envelope>(
    status: StatusCode,
    headers: HeaderMap,
    value: E,
    attempts: u32,
) -> Result<Response<E::Result>, Error> {
    let parts = value.into_parts();
    if !parts.success {
        return Err(Error::Api(ApiError::new(
            status,
            parts.errors,
            parts.messages,
            headers,
            attempts,
        )));
    }
    match parts.result {
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
            None,
        ))),
    }
}

/// A success status whose body is not `E`: the error envelope it may still
/// be (`success: false` with a `result` of another shape), or a decode
/// error that says where in the body decoding failed.
fn undecodable<E: DeserializeOwned>(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
) -> Error {
    if let Ok(failure) = serde_json::from_slice::<ApiResponseCommonFailure>(body)
        && !failure.success
    {
        return failure_error(status, failure, headers, attempts);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (reason, source) = match serde_path_to_error::deserialize::<_, E>(&mut deserializer) {
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
        source,
    ))
}

/// The error a failure envelope reports.
fn failure_error(
    status: StatusCode,
    failure: ApiResponseCommonFailure,
    headers: HeaderMap,
    attempts: u32,
) -> Error {
    Error::Api(ApiError::new(
        status,
        failure.errors,
        failure.messages,
        headers,
        attempts,
    ))
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
