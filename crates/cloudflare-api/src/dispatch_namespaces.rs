//! Workers for Platforms dispatch namespaces.

use crate::generated::types::NamespaceWorkerCreateBody;
use crate::{Client, DispatchNamespace, Error, Response, normalize, validate};

/// Operations on dispatch namespaces: `client.dispatch_namespaces()`.
///
/// It and the calls it makes hold a clone of the client, so a call's
/// future is `'static` and can be spawned as it is.
#[derive(Clone, Debug)]
pub struct DispatchNamespaces {
    client: Client,
}

impl DispatchNamespaces {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Create a dispatch namespace in the account (`namespace-worker-create`).
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
    /// let created = client
    ///     .dispatch_namespaces()
    ///     .create("023e105f4ecef8ad9ca31a8372d0c353")
    ///     .name("my-dispatch-namespace")
    ///     .send()
    ///     .await?;
    /// println!("{:?}", created.result.namespace_id);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self, account_id: &str) -> CreateDispatchNamespace {
        CreateDispatchNamespace {
            client: self.client.clone(),
            account_id: account_id.to_owned(),
            name: None,
        }
    }
}

/// A "create dispatch namespace" call; finish it with
/// [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send().await`"]
pub struct CreateDispatchNamespace {
    client: Client,
    account_id: String,
    name: Option<String>,
}

impl CreateDispatchNamespace {
    /// The new namespace's name. Optional, as in the API, which then
    /// chooses one.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an account id that is not 1 to 32 letters
    /// and digits or an empty name (nothing is sent); otherwise see
    /// [`Error`].
    pub async fn send(self) -> Result<Response<DispatchNamespace>, Error> {
        validate::account_id(&self.account_id)?;
        if let Some(name) = &self.name {
            validate::namespace_name(name)?;
        }
        let call = self
            .client
            .generated()
            .namespace_worker_create()
            .account_id(self.account_id)
            .body(NamespaceWorkerCreateBody { name: self.name });
        normalize::send(call.send()).await
    }
}
