//! [`Hooks`]: how every generated operation sends the request it built.
//!
//! progenitor builds each request and hands it to `ClientHooks::pre` and
//! `ClientHooks::exec`. `cargo xtask regen` asks progenitor for no default
//! implementation of them (`HooksMode::Expected`), so the one below is the
//! only one, checked by the compiler: before sending, the request's path is
//! checked against its operation's template, then the request goes to the
//! client's [`Hooks`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

/// How the generated [`Client`](crate::Client) sends the requests its
/// operations build (progenitor's "inner type" of the client).
///
/// `Hooks::default()` sends each request, as progenitor built it, with the
/// client's `reqwest::Client`. [`Hooks::new`] hands each request to a
/// function instead, which may change it (headers, timeout), send it more
/// than once, read the body, or answer it without a network. That is how
/// the `cloudflare-api` crate adds credentials, retries and tracing to
/// every operation at once, and how its tests answer requests.
///
/// Either way, a request whose path is not its operation's template (a
/// path parameter such as `..`) is refused before it reaches them.
///
/// ```
/// use cloudflare_api_generated::{Client, DEFAULT_BASE_URL, Hooks};
///
/// // Every request gets a header, then goes out as it would have.
/// let hooks = Hooks::new(|http: reqwest::Client, mut request: reqwest::Request, operation| async move {
///     let value = reqwest::header::HeaderValue::from_static(operation);
///     request.headers_mut().insert("x-operation", value);
///     http.execute(request).await
/// });
/// let client = Client::new(DEFAULT_BASE_URL, hooks);
/// # let _ = client;
/// ```
#[derive(Clone, Default)]
pub struct Hooks {
    /// `None` sends with `reqwest::Client::execute`.
    send: Option<Arc<SendFn>>,
}

/// What [`Hooks::new`] keeps: its function, with the future boxed.
type SendFn = dyn Fn(
        reqwest::Client,
        reqwest::Request,
        &'static str,
    ) -> Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send>>
    + Send
    + Sync;

impl Hooks {
    /// Hooks that hand every request to `send`, with the client's
    /// `reqwest::Client` and the operation's name: the generated client's
    /// method, as in [`Operation::by_method_name`](crate::Operation::by_method_name).
    pub fn new<F, Fut>(send: F) -> Self
    where
        F: Fn(reqwest::Client, reqwest::Request, &'static str) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
    {
        Self {
            send: Some(Arc::new(move |http, request, operation| {
                Box::pin(send(http, request, operation))
            })),
        }
    }

    /// For a function given to [`Hooks::new`] that reads the whole body of
    /// the answer itself (to retry a failure while reading, or to bound
    /// it): attaches `body` to `response`, whose body it read. The
    /// operation then decodes these bytes instead of reading the body
    /// again, and an answer it hands back undecoded
    /// ([`Error::UnexpectedResponse`](crate::Error::UnexpectedResponse), a
    /// byte stream) has them as its body again.
    ///
    /// A hook that reads the body this way spares the copy of rebuilding
    /// a `reqwest::Response` around it.
    pub fn attach_body(response: &mut reqwest::Response, body: bytes::Bytes) {
        response
            .extensions_mut()
            .insert(crate::answer::ReadBody(body));
    }

    /// Sends `request` with `http` the way these hooks say: with
    /// `http.execute`, or through the function given to [`Hooks::new`].
    pub async fn send(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.send {
            None => http.execute(request).await,
            Some(send) => send(http.clone(), request, operation).await,
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let send = if self.send.is_some() {
            "a function"
        } else {
            "reqwest::Client::execute"
        };
        f.debug_struct("Hooks").field("send", &send).finish()
    }
}

// Required by the generated code (`HooksMode::Expected`), which calls it
// on a `&Client` for every operation.
impl ClientHooks<Hooks> for crate::Client {
    /// Refuses a request whose path is not its operation's template (see
    /// the `path` module), before anything is sent.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        match crate::Operation::by_method_name(info.operation_id) {
            Some(operation) => crate::path::check(self.baseurl(), request.url(), operation)
                .map_err(progenitor_client::Error::InvalidRequest),
            None => Ok(()),
        }
    }

    // What `Hooks::send` does, without a future of its own around the one
    // awaited.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner().send {
            None => self.client().execute(request).await,
            Some(send) => send(self.client().clone(), request, info.operation_id).await,
        }
    }
}
