//! The client applications hold on to.

use std::sync::Arc;

use crate::ClientBuilder;
use crate::{ConfigError, generated};

/// A Cloudflare API client.
///
/// Cheap to clone (one reference count) and `Send + Sync`: make one and
/// share it; every clone uses the same connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), cloudflare_api::Error> {
/// let client = cloudflare_api::Client::from_env()?;
/// let created = client
///     .account("023e105f4ecef8ad9ca31a8372d0c353")
///     .workers_for_platforms().dispatch().namespaces()
///     .create()
///     .name("my-dispatch-namespace")
///     .send()
///     .await?;
/// println!("{:?}", created.result.namespace_id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    generated: Arc<generated::Client>,
}

/// `Client { base_url: ".." }`: what tells two clients apart, and short,
/// since every group and builder of the tree holds a client. Credentials
/// are never shown (they live in the transport, which is not).
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field(
                "base_url",
                &progenitor_client::ClientInfo::baseurl(&*self.generated),
            )
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder to configure credentials, base URL, timeouts and retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `CLOUDFLARE_API_TOKEN`, or
    /// `CLOUDFLARE_API_KEY` with `CLOUDFLARE_EMAIL`, and optionally
    /// `CLOUDFLARE_BASE_URL`. Everything else is the default.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] naming the variables to set when there are no
    /// credentials, or when a value is unusable.
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    pub(crate) fn new(generated: generated::Client) -> Self {
        Self {
            generated: Arc::new(generated),
        }
    }

    /// The generated client underneath, for operations that have no builder
    /// here yet. Its requests go through this client's credentials,
    /// timeout, retries and tracing; its answers are progenitor's types.
    pub fn generated(&self) -> &generated::Client {
        &self.generated
    }
}
