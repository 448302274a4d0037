//! Workers for Platforms dispatch namespaces: create, list, get, update and
//! delete.
//!
//! Each call is a small builder that checks its arguments (nothing is sent
//! when they are wrong), calls the generated operation and normalizes the
//! answer with [`Normalize`]. Builders hold a clone of the client, so their
//! futures are `'static` and can be spawned as they are.

use crate::generated::types::{NamespaceWorkerCreateBody, NamespaceWorkerPatchNamespaceBody};
use crate::{Client, DispatchNamespace, Error, Normalize, Response, validate};

/// Operations on dispatch namespaces: `client.dispatch_namespaces()`.
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

    /// List the account's dispatch namespaces (`namespace-worker-list`).
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
    /// let listed = client
    ///     .dispatch_namespaces()
    ///     .list("023e105f4ecef8ad9ca31a8372d0c353")
    ///     .send()
    ///     .await?;
    /// for namespace in &listed.result {
    ///     println!("{:?}: {:?} scripts", namespace.namespace_name, namespace.script_count);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self, account_id: &str) -> ListDispatchNamespaces {
        ListDispatchNamespaces {
            client: self.client.clone(),
            account_id: account_id.to_owned(),
        }
    }

    /// Get one dispatch namespace by name (`namespace-worker-get-namespace`).
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
    /// let namespace = client
    ///     .dispatch_namespaces()
    ///     .get("023e105f4ecef8ad9ca31a8372d0c353", "my-dispatch-namespace")
    ///     .send()
    ///     .await?
    ///     .result;
    /// println!("trusted: {:?}", namespace.trusted_workers);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self, account_id: &str, name: &str) -> GetDispatchNamespace {
        GetDispatchNamespace {
            target: Target::new(&self.client, account_id, name),
        }
    }

    /// Update a dispatch namespace (`namespace-worker-patch-namespace`):
    /// the only way to set `trusted_workers`. Settings left unset keep their
    /// value.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
    /// let updated = client
    ///     .dispatch_namespaces()
    ///     .update("023e105f4ecef8ad9ca31a8372d0c353", "my-dispatch-namespace")
    ///     .trusted_workers(true)
    ///     .send()
    ///     .await?;
    /// assert_eq!(updated.result.trusted_workers, Some(true));
    /// # Ok(())
    /// # }
    /// ```
    pub fn update(&self, account_id: &str, name: &str) -> UpdateDispatchNamespace {
        UpdateDispatchNamespace {
            target: Target::new(&self.client, account_id, name),
            trusted_workers: None,
        }
    }

    /// Delete a dispatch namespace (`namespace-worker-delete-namespace`).
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_api::Client) -> Result<(), cloudflare_api::Error> {
    /// client
    ///     .dispatch_namespaces()
    ///     .delete("023e105f4ecef8ad9ca31a8372d0c353", "my-dispatch-namespace")
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn delete(&self, account_id: &str, name: &str) -> DeleteDispatchNamespace {
        DeleteDispatchNamespace {
            target: Target::new(&self.client, account_id, name),
        }
    }
}

/// The namespace a get, update or delete is about.
#[derive(Clone, Debug)]
struct Target {
    client: Client,
    account_id: String,
    name: String,
}

impl Target {
    fn new(client: &Client, account_id: &str, name: &str) -> Self {
        Self {
            client: client.clone(),
            account_id: account_id.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The account id and name, checked.
    fn checked(&self) -> Result<(&str, &str), Error> {
        Ok((
            validate::account_id(&self.account_id)?,
            validate::namespace_in_path(&self.name)?,
        ))
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
        self.client
            .generated()
            .namespace_worker_create()
            // The checked `String` moves in: no copy per call.
            .account_id(self.account_id)
            .body(NamespaceWorkerCreateBody { name: self.name })
            .send()
            .normalize()
            .await
    }
}

/// A "list dispatch namespaces" call; finish it with [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send().await`"]
pub struct ListDispatchNamespaces {
    client: Client,
    account_id: String,
}

impl ListDispatchNamespaces {
    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an account id that is not 1 to 32 letters
    /// and digits (nothing is sent); otherwise see [`Error`].
    pub async fn send(self) -> Result<Response<Vec<DispatchNamespace>>, Error> {
        validate::account_id(&self.account_id)?;
        self.client
            .generated()
            .namespace_worker_list()
            .account_id(self.account_id)
            .send()
            .normalize()
            .await
    }
}

/// A "get dispatch namespace" call; finish it with [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send().await`"]
pub struct GetDispatchNamespace {
    target: Target,
}

impl GetDispatchNamespace {
    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an account id that is not 1 to 32 letters
    /// and digits, or a name that is empty, `.`, `..` or has control
    /// characters (nothing is sent); a namespace that does not exist is
    /// [`Error::Api`] with status 404; otherwise see [`Error`].
    pub async fn send(self) -> Result<Response<DispatchNamespace>, Error> {
        let (account_id, name) = self.target.checked()?;
        self.target
            .client
            .generated()
            .namespace_worker_get_namespace()
            .account_id(account_id)
            .dispatch_namespace(name)
            .send()
            .normalize()
            .await
    }
}

/// An "update dispatch namespace" call; set what changes, then
/// [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send().await`"]
pub struct UpdateDispatchNamespace {
    target: Target,
    trusted_workers: Option<bool>,
}

impl UpdateDispatchNamespace {
    /// Whether the namespace's Workers run "trusted": with the zone's
    /// shared caches and `request.cf`. Namespaces start untrusted.
    pub fn trusted_workers(mut self, trusted: bool) -> Self {
        self.trusted_workers = Some(trusted);
        self
    }

    /// Sends the request, with only the settings that were set.
    ///
    /// # Errors
    ///
    /// As [`GetDispatchNamespace::send`].
    pub async fn send(self) -> Result<Response<DispatchNamespace>, Error> {
        let (account_id, name) = self.target.checked()?;
        let body = NamespaceWorkerPatchNamespaceBody {
            name: None,
            trusted_workers: self.trusted_workers,
        };
        self.target
            .client
            .generated()
            .namespace_worker_patch_namespace()
            .account_id(account_id)
            .dispatch_namespace(name)
            .body(body)
            .send()
            .normalize()
            .await
    }
}

/// A "delete dispatch namespace" call; finish it with [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `.send().await`"]
pub struct DeleteDispatchNamespace {
    target: Target,
}

impl DeleteDispatchNamespace {
    /// Sends the request. The API's `result` for a delete is `null`, so the
    /// answer carries `()`.
    ///
    /// # Errors
    ///
    /// As [`GetDispatchNamespace::send`].
    pub async fn send(self) -> Result<Response<()>, Error> {
        let (account_id, name) = self.target.checked()?;
        let deleted = self
            .target
            .client
            .generated()
            .namespace_worker_delete_namespace()
            .account_id(account_id)
            .dispatch_namespace(name)
            .send()
            .normalize()
            .await?;
        Ok(deleted.map(drop))
    }
}
