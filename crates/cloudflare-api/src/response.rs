//! A successful answer, the same shape for every operation.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::ray_id;
use crate::{ResponseInfo, ResultInfo};

/// A successful answer: the operation's `result`, Cloudflare's `messages`,
/// and what HTTP said about it.
///
/// `result` is always there. Cloudflare's reference marks it optional, so a
/// success without one (`result` missing or `null`, or no body at all, as
/// in `204 No Content`) follows one rule for every operation, by the kind
/// of result it declares:
/// - a list: an empty list;
/// - no particular result (`null`, or anything, as for deletes):
///   `T = Option<serde_json::Value>` is `None`;
/// - anything else: not a `Response` but an
///   [`Error::Decode`](crate::Error::Decode), so that an operation that
///   declares a result cannot quietly give you none.
///
/// `messages` and `result_info` are read leniently (see
/// [`ResponseInfo`] and [`ResultInfo`]): missing or `null` means none.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Response<T> {
    /// What the operation returned.
    pub result: T,
    /// Cloudflare's informational messages (often empty; a message sent as
    /// a plain string has code `0`).
    pub messages: Vec<ResponseInfo>,
    /// Paging information (`page`, `per_page`, `count`, `total_count` as
    /// integers, and `cursor`), whenever the answer has it.
    pub result_info: Option<ResultInfo>,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> Response<T> {
    pub(crate) fn new(
        result: T,
        messages: Vec<ResponseInfo>,
        result_info: Option<ResultInfo>,
        status: StatusCode,
        headers: HeaderMap,
    ) -> Self {
        Self {
            result,
            messages,
            result_info,
            status,
            headers,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `cf-ray` header, which identifies the request to Cloudflare
    /// support.
    pub fn ray_id(&self) -> Option<&str> {
        ray_id(&self.headers)
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The result alone.
    pub fn into_result(self) -> T {
        self.result
    }

    /// The same answer with `f` applied to its result.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            result: f(self.result),
            messages: self.messages,
            result_info: self.result_info,
            status: self.status,
            headers: self.headers,
        }
    }
}
