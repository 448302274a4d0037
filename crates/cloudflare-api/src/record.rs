//! What the transport saw, handed to the code that normalizes the answer.
//!
//! progenitor drops the status and headers when a body does not decode, so
//! the transport notes them here for the call in progress. The note lives in
//! a task-local slot scoped to one call: no locking, nothing shared between
//! concurrent calls.

use std::cell::RefCell;
use std::future::Future;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The last attempt of a call.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    /// How many times the request was sent.
    pub(crate) attempts: u32,
    /// The status and headers of the last answer, if there was one.
    pub(crate) answer: Option<(StatusCode, HeaderMap)>,
    /// Whether the retry policy would retry the last outcome (had it
    /// retries left): what [`Error::is_retryable`](crate::Error::is_retryable)
    /// says. `None` when no attempt was noted.
    pub(crate) retryable: Option<bool>,
    /// The limit the last answer's body was cut at, when it was longer.
    pub(crate) body_cut: Option<usize>,
}

/// Marks a response whose body the transport cut at this many bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyCut(pub(crate) usize);

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

/// Runs `call` and returns its output with what the transport noted.
pub(crate) async fn recorded<F: Future>(call: F) -> (F::Output, CallRecord) {
    CALL.scope(RefCell::new(CallRecord::default()), async {
        let output = call.await;
        (output, CALL.with(|record| record.take()))
    })
    .await
}

/// Notes the last attempt of a call; does nothing outside [`recorded`] (a
/// user calling the generated client directly).
///
/// Inside [`recorded`] the answer's headers move into the record, leaving
/// the response with none: the code that normalizes the call reads them
/// from the record and drops what progenitor made of the response, which
/// would otherwise copy them again. Outside, the response keeps them.
pub(crate) fn note(attempts: u32, retryable: bool, answer: Option<&mut reqwest::Response>) {
    let _ = CALL.try_with(|record| {
        let body_cut = answer
            .as_ref()
            .and_then(|r| r.extensions().get::<BodyCut>())
            .map(|cut| cut.0);
        *record.borrow_mut() = CallRecord {
            attempts,
            answer: answer.map(|r| (r.status(), std::mem::take(r.headers_mut()))),
            retryable: Some(retryable),
            body_cut,
        };
    });
}
