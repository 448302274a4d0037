//! A workaround for progenitor's result types: what the transport saw of
//! a call, handed past the generated operation to the code that normalizes
//! its answer.
//!
//! A generated operation's `send()` gives back what progenitor keeps of an
//! answer, and that is not enough for [`Error`](crate::Error):
//! - when a body does not decode (`Error::InvalidResponsePayload`), only
//!   the bytes: the status and headers are dropped, so the lenient reading
//!   of the answer and the error's `cf-ray` need them from elsewhere;
//! - never how many attempts were made, what the retry policy said of the
//!   last outcome, or that its body was cut at [`ERROR_BODY_LIMIT`];
//! - never which operation it was, which every error names.
//!
//! So the transport notes them here for the call in progress, in a
//! task-local slot scoped to one call by [`recorded`]: no locking, nothing
//! shared between concurrent calls. Should progenitor's `Error` and
//! `ResponseValue` ever keep the response (and its extensions) in every
//! case, this module can go.
//!
//! [`ERROR_BODY_LIMIT`]: super::body::ERROR_BODY_LIMIT

use std::cell::RefCell;
use std::future::Future;

use crate::Operation;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::body::BodyCut;

/// The operation of a call, and its last attempt.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    /// The operation's row of the generated `OPERATIONS`, noted when its
    /// `send()` starts ([`started`]).
    pub(crate) operation: Option<&'static Operation>,
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

/// Notes which operation the call is, as it starts (the generated
/// client's `Hooks::on_start`, which found it in its product's table);
/// does nothing outside [`recorded`]. Nothing allocated.
pub(crate) fn started(operation: &'static Operation) {
    let _ = CALL.try_with(|record| {
        record.borrow_mut().operation = Some(operation);
    });
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
        let mut record = record.borrow_mut();
        record.attempts = attempts;
        record.answer = answer.map(|r| (r.status(), std::mem::take(r.headers_mut())));
        record.retryable = Some(retryable);
        record.body_cut = body_cut;
    });
}
