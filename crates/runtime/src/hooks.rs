//! [`Hooks`]: how every generated operation sends the request it built.
//!
//! progenitor builds each request and hands it to `ClientHooks::pre` and
//! `ClientHooks::exec`. `cargo xtask regen` asks progenitor for no default
//! implementation of them (`HooksMode::Expected`) and writes, in each
//! product crate, the only one, which calls [`pre`] and [`exec`] here:
//! before sending, the request's path is checked against its operation's
//! template, then the request goes to the client's [`Hooks`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::OperationInfo;

use crate::Operation;

/// How a product crate's generated `Client` sends the requests its
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
/// use cloudflare_api_runtime::{DEFAULT_BASE_URL, Hooks};
/// use cloudflare_api::workers_for_platforms::Client;
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
    /// Told the name of each operation whose `send()` starts ([`Hooks::on_start`]).
    start: Option<Arc<StartFn>>,
}

/// What [`Hooks::on_start`] keeps.
type StartFn = dyn Fn(&'static Operation) + Send + Sync;

/// How a product crate finds its operation by `operationId`: a binary
/// search of its `OPERATIONS`.
pub type FindOperation = fn(&str) -> Option<&'static Operation>;

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
    /// `reqwest::Client` and the operation's name: the spec's
    /// `operationId` (`namespace-worker-create`), as in each product
    /// crate's `OPERATIONS`.
    pub fn new<F, Fut>(send: F) -> Self
    where
        F: Fn(reqwest::Client, reqwest::Request, &'static str) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
    {
        Self {
            send: Some(Arc::new(move |http, request, operation| {
                Box::pin(send(http, request, operation))
            })),
            start: None,
        }
    }

    /// These hooks, also calling `start` with the operation (its row of
    /// its product's `OPERATIONS`: the `operationId` [`Hooks::new`]'s
    /// function gets, method and path template) when an operation's
    /// `send()` starts, before it checks its arguments and builds the
    /// request.
    ///
    /// So every outcome of a call can be put down to its operation,
    /// including a refusal before anything is sent
    /// ([`Error::InvalidRequest`](progenitor_client::Error::InvalidRequest): an argument
    /// left unset or refused), which never reaches the send function.
    /// `start` runs on every call, in the caller's task: it should be
    /// quick (the `cloudflare-api` crate's notes the operation for the
    /// error that may follow).
    ///
    /// ```
    /// use cloudflare_api_runtime::{DEFAULT_BASE_URL, Hooks};
    /// use cloudflare_api::workers_for_platforms::Client;
    ///
    /// let hooks = Hooks::default().on_start(|operation| eprintln!("calling {operation}"));
    /// let client = Client::new(DEFAULT_BASE_URL, hooks);
    /// # let _ = client;
    /// ```
    pub fn on_start(mut self, start: impl Fn(&'static Operation) + Send + Sync + 'static) -> Self {
        self.start = Some(Arc::new(start));
        self
    }

    /// For a function given to [`Hooks::new`] that reads the whole body of
    /// the answer itself (to retry a failure while reading, or to bound
    /// it): attaches `body` to `response`, whose body it read. The
    /// operation then decodes these bytes instead of reading the body
    /// again, and an answer it hands back undecoded
    /// ([`Error::UnexpectedResponse`](progenitor_client::Error::UnexpectedResponse), a
    /// byte stream) has them as its body again.
    ///
    /// A hook that reads the body this way spares the copy of rebuilding
    /// a `reqwest::Response` around it.
    pub fn attach_body(response: &mut reqwest::Response, body: bytes::Bytes) {
        response
            .extensions_mut()
            .insert(crate::answer::read::ReadBody(body));
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
        let start = self.start.as_ref().map(|_| "a function");
        f.debug_struct("Hooks")
            .field("send", &send)
            .field("on_start", &start)
            .finish()
    }
}

/// Tells `hooks` that the operation `operation` (its `operationId`)
/// starts: the first thing each generated operation's `send()` does
/// (`cargo xtask regen` puts the call there, through its product crate's
/// `hooks::start`), see [`Hooks::on_start`]. `find` looks the operation up
/// in the product's table, only when someone listens.
#[inline]
pub fn start(hooks: &Hooks, operation: &'static str, find: FindOperation) {
    if let Some(start) = &hooks.start
        && let Some(operation) = find(operation)
    {
        start(operation);
    }
}

/// What every generated client's `ClientHooks::pre` does: refuses a
/// request whose path is not its operation's template (see the `path`
/// module), before anything is sent.
pub fn pre<E>(
    base_url: &str,
    request: &reqwest::Request,
    operation: Option<&'static Operation>,
) -> Result<(), progenitor_client::Error<E>> {
    match operation {
        Some(operation) => crate::path::check(base_url, request.url(), operation)
            .map_err(progenitor_client::Error::InvalidRequest),
        None => Ok(()),
    }
}

/// What every generated client's `ClientHooks::exec` does: sends `request`
/// as `hooks` say, without a future of its own around the one awaited.
pub async fn exec(
    http: &reqwest::Client,
    hooks: &Hooks,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    match &hooks.send {
        None => http.execute(request).await,
        Some(send) => send(http.clone(), request, info.operation_id).await,
    }
}

/// What every product crate's `lib.rs` has besides its modules (regen
/// writes the call): the lookups of its `OPERATIONS`, its generated client
/// over an ergonomic [`Client`](crate::Client), and the `ClientHooks` its
/// generated code calls (`HooksMode::Expected`): the runtime's checks
/// ([`pre`]) and transport ([`exec`]), and [`start`] through its `hooks`.
/// One definition, so that no product crate carries a copy of it.
#[doc(hidden)]
#[macro_export]
// `crate::` in it is the product crate's, where it is called: its
// `Client` and `operation`.
#[allow(clippy::crate_in_macro_def)]
macro_rules! product_crate {
    () => {
        /// The row of [`OPERATIONS`] whose `operationId` is `operation_id`
        /// (a binary search: the table is sorted by `operationId`).
        pub fn operation(operation_id: &str) -> Option<&'static $crate::Operation> {
            $crate::Operation::find(OPERATIONS, operation_id)
        }

        /// The row of [`OPERATIONS`] whose [`Client`] method is `method_name`.
        pub fn operation_by_method_name(method_name: &str) -> Option<&'static $crate::Operation> {
            $crate::Operation::find_by_method_name(OPERATIONS, method_name)
        }

        /// This product's generated client over `client`'s transport: its
        /// requests go through `client`'s credentials, timeout, retries and
        /// tracing; its answers are progenitor's types. For an operation the
        /// tree has no builder for.
        pub fn generated_client(client: &$crate::Client) -> Client {
            let (base_url, http, hooks) = client.parts();
            Client::new_with_client(base_url, http.clone(), hooks.clone())
        }

        /// This product's generated client over `client`'s transport, made
        /// once per client and shared: what the tree's builders send with.
        #[doc(hidden)]
        pub fn shared_client(client: &$crate::Client) -> ::std::sync::Arc<Client> {
            client.product_client(|base_url, http, hooks| {
                Client::new_with_client(base_url, http.clone(), hooks.clone())
            })
        }

        #[doc(hidden)]
        pub mod hooks {
            /// Tells the client's hooks that `operation` starts.
            #[inline]
            pub fn start(client: &crate::Client, operation: &'static str) {
                $crate::hooks::start(
                    progenitor_client::ClientInfo::inner(client),
                    operation,
                    crate::operation,
                );
            }
        }

        // Required by the generated code (`HooksMode::Expected`), which
        // calls it on a `&Client` for every operation.
        impl progenitor_client::ClientHooks<$crate::Hooks> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {
                $crate::hooks::pre(
                    progenitor_client::ClientInfo::baseurl(self),
                    request,
                    operation(info.operation_id),
                )
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                $crate::hooks::exec(
                    progenitor_client::ClientInfo::client(self),
                    progenitor_client::ClientInfo::inner(self),
                    request,
                    info,
                )
                .await
            }
        }
    };
}
