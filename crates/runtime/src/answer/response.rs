//! A successful answer, the same shape for every operation.

use std::fmt;

use crate::Operation;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::ray_id;
use crate::{ResponseInfo, ResultInfo};

/// A successful answer: the operation's `result`, Cloudflare's `messages`,
/// and what HTTP said about it.
///
/// `result` is always there. Cloudflare's reference marks it optional, so a
/// success without one (`result` missing or `null`, or no body at all, as
/// in `204 No Content`) follows one rule for every operation, by what the
/// spec says of its `result`:
/// - a list: an empty list;
/// - a result the spec makes `nullable` (Workers KV's write, whose
///   `api-response-common-no-result` may come with `result: null` or
///   none), or leaves open (`null`, or anything, as for deletes): `T` is
///   an `Option` (`Option<serde_json::Value>` for an open one), `None`;
/// - anything else, required or not: not a `Response` but an
///   [`Error::Decode`](crate::Error::Decode), so that an operation that
///   declares a result cannot quietly give you none, nor one made up.
///
/// `messages` and `result_info` are read leniently (see
/// [`ResponseInfo`] and [`ResultInfo`]): missing or `null` means none.
///
/// It remembers its operation ([`operation`](Self::operation)), so that
/// an error made of it later, such as `ScriptContent::from_response`'s
/// (feature `script-content`), names the operation as the call's own
/// errors do.
#[derive(Clone)]
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
    operation: Option<&'static Operation>,
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    /// Every field, the operation by its `operationId`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("result", &self.result)
            .field("messages", &self.messages)
            .field("result_info", &self.result_info)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("operation", &self.operation.map(|o| o.operation_id))
            .finish()
    }
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
            operation: None,
        }
    }

    /// This answer as one of `operation`, which the call names.
    pub(crate) fn in_operation(mut self, operation: Option<&'static Operation>) -> Self {
        self.operation = operation;
        self
    }

    /// The operation that answered: its `operationId`, HTTP method and
    /// path template, from the generated crate's
    /// `OPERATIONS` (each product crate's), as
    /// [`Error::operation`](crate::Error::operation) gives it for a call
    /// that failed. `None` for an answer made up in a test
    /// (`Response::fake`, feature `test-util`) without one.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.operation
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
            operation: self.operation,
        }
    }
}

/// Answers made up by tests (feature `test-util`).
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
impl<T> Response<T> {
    /// A made-up success with `result`, for tests of code that uses this
    /// crate: `200 OK`, no headers (so no [`ray_id`](Self::ray_id)), no
    /// `messages` and no `result_info`. Set those fields directly, and the
    /// status and headers with [`with_status`](Self::with_status) and
    /// [`with_headers`](Self::with_headers).
    ///
    /// ```
    /// use cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse;
    /// use cloudflare_api::{Response, StatusCode};
    ///
    /// let mut listed = Response::fake(vec![WorkersNamespaceResponse {
    ///     namespace_name: Some("customers".to_owned()),
    ///     ..Default::default()
    /// }]);
    /// listed.result_info = Some(Default::default());
    /// assert_eq!(listed.status(), StatusCode::OK);
    /// assert_eq!(listed.result[0].namespace_name.as_deref(), Some("customers"));
    /// ```
    pub fn fake(result: T) -> Self {
        Self::new(result, Vec::new(), None, StatusCode::OK, HeaderMap::new())
    }

    /// This answer with another status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// This answer with these headers (a `cf-ray` among them is its
    /// [`ray_id`](Self::ray_id)).
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// This answer as one of `operation` ([`operation`](Self::operation)),
    /// as a call of the client would have it.
    ///
    /// ```
    /// use cloudflare_api::Response;
    /// use cloudflare_api::Operation;
    ///
    /// let create = cloudflare_api::operation("namespace-worker-create").unwrap();
    /// let created = Response::fake(()).with_operation(create);
    /// assert_eq!(created.operation(), Some(create));
    /// ```
    pub fn with_operation(mut self, operation: &'static Operation) -> Self {
        self.operation = Some(operation);
        self
    }
}
