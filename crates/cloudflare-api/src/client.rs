//! The client applications hold on to.

use cloudflare_api_runtime::ConfigError;

use crate::ClientBuilder;

/// A Cloudflare API client.
///
/// Cheap to clone (one reference count) and `Send + Sync`: make one and
/// share it; every clone uses the same connection pool. Its operations
/// start at [`account`](Client::account), [`zone`](Client::zone) or the
/// client itself, with the products whose features are on.
///
/// ```no_run
/// # #[cfg(feature = "workers-for-platforms")]
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
///
/// It dereferences to the runtime's client
/// ([`cloudflare_api_runtime::Client`]), which every product's calls go
/// through: its base URL, and its parts for a product's generated client.
#[derive(Clone)]
pub struct Client {
    runtime: cloudflare_api_runtime::Client,
}

/// `Client { base_url: ".." }`: what tells two clients apart. Credentials
/// are never shown.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.runtime.fmt(f)
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

    /// The runtime's client underneath, which the products' builders hold.
    pub fn runtime(&self) -> &cloudflare_api_runtime::Client {
        &self.runtime
    }
}

impl From<cloudflare_api_runtime::Client> for Client {
    fn from(runtime: cloudflare_api_runtime::Client) -> Self {
        Self { runtime }
    }
}

impl std::ops::Deref for Client {
    type Target = cloudflare_api_runtime::Client;

    fn deref(&self) -> &cloudflare_api_runtime::Client {
        &self.runtime
    }
}
