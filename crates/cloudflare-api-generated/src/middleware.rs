//! The one place every generated operation sends its request through.
//!
//! progenitor builds each request and hands it to `ClientHooks::exec`. This
//! crate implements that hook once, for [`Client`](crate::Client), and
//! forwards to the [`Middleware`] held in the client's [`Hooks`], or sends the
//! request as it is when there is none. Before that, every request's path is
//! checked against its operation's template. The `cloudflare-api` crate plugs its
//! authentication, retries and tracing in here, so an operation added to the
//! spec gets them with no extra code.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

/// The future a [`Middleware`] returns.
pub type ExecFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Sends a request built by a generated operation and returns its response.
///
/// A middleware may change the request (headers, timeout), send it more than
/// once, and read the body before returning the response.
pub trait Middleware: fmt::Debug + Send + Sync + 'static {
    /// Sends `request` with `client`; `operation` names the spec operation.
    fn exec<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation: &'a OperationInfo,
    ) -> ExecFuture<'a>;
}

/// The generated client's extra state: an optional [`Middleware`].
///
/// `Hooks::default()` sends every request as progenitor built it.
#[derive(Clone, Debug, Default)]
pub struct Hooks {
    middleware: Option<Arc<dyn Middleware>>,
}

impl Hooks {
    /// Hooks that send every request through `middleware`.
    pub fn new(middleware: impl Middleware) -> Self {
        Self {
            middleware: Some(Arc::new(middleware)),
        }
    }

    /// The middleware, if any.
    pub fn middleware(&self) -> Option<&dyn Middleware> {
        self.middleware.as_deref()
    }
}

// progenitor calls the hooks through a `&Client`; an implementation on
// `Client` itself takes precedence over the generated default on `&Client`.
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

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match self.inner().middleware() {
            Some(middleware) => middleware.exec(self.client(), request, info).await,
            None => self.client().execute(request).await,
        }
    }
}
