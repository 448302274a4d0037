//! The client applications hold on to.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError};

use crate::{ClientBuilder, ConfigError, Hooks};

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
    core: Arc<Core>,
}

/// What every product's generated client is made of: the base URL, the
/// `reqwest::Client` (its connection pool) and the [`Hooks`] that send
/// through this client's transport (credentials, timeouts, retries,
/// tracing).
struct Core {
    base_url: String,
    http: reqwest::Client,
    hooks: Hooks,
    /// Each product's generated client over this core, made on its first
    /// call and shared by the calls after it (see [`Client::product_client`]).
    products: Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>,
}

/// `Client { base_url: ".." }`: what tells two clients apart, and short,
/// since every group and builder of the tree holds a client. Credentials
/// are never shown (they live in the transport, which is not).
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.core.base_url)
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

    pub(crate) fn new(base_url: String, http: reqwest::Client, hooks: Hooks) -> Self {
        Self {
            core: Arc::new(Core {
                base_url,
                http,
                hooks,
                products: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The base URL every request goes to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.core.base_url
    }

    /// What a product crate's generated client is made of, so that its
    /// requests go through this client's credentials, timeout, retries
    /// and tracing: its base URL, `reqwest::Client` and [`Hooks`]
    /// (`cloudflare_api_dns::Client::new_with_client(base_url,
    /// http.clone(), hooks.clone())`, as each product crate's `generated`
    /// function does).
    pub fn parts(&self) -> (&str, &reqwest::Client, &Hooks) {
        (&self.core.base_url, &self.core.http, &self.core.hooks)
    }

    /// The generated client of type `T` over this client's parts, made by
    /// `make` on the first call and shared by every call after it: what
    /// each product's builders send with (a lock and a search of the few
    /// products used, instead of a client made, its base URL copied, per
    /// call).
    #[doc(hidden)]
    pub fn product_client<T: Any + Send + Sync>(
        &self,
        make: fn(&str, &reqwest::Client, &Hooks) -> T,
    ) -> Arc<T> {
        let id = TypeId::of::<T>();
        let mut products = self
            .core
            .products
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = products
            .iter()
            .find(|(made, _)| *made == id)
            .and_then(|(_, client)| Arc::clone(client).downcast::<T>().ok())
        {
            return found;
        }
        let made = Arc::new(make(&self.core.base_url, &self.core.http, &self.core.hooks));
        products.push((id, made.clone()));
        made
    }
}
