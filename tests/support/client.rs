//! The client the tests use, and the calls they make with it.

use std::time::Duration;

use cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse;
use cloudflare_api::{Client, ClientBuilder, Credentials, Error, Response, RetryPolicy};
use wiremock::MockServer;

use crate::port::{ClosedPort, UnansweredPort};
use crate::prism_server::Prism;
use crate::raw_server::RawServer;
use crate::{ACCOUNT_ID, TOKEN};

/// What a test client is pointed at: a server of the tests, or a URL.
pub trait BaseUrl {
    /// The base URL to give a client.
    fn base_url(&self) -> String;
}

/// A wiremock server: its URL with the real API's `/client/v4` prefix, so
/// that requests' paths are the API's ([`CREATE_PATH`](crate::CREATE_PATH)).
impl BaseUrl for MockServer {
    fn base_url(&self) -> String {
        format!("{}/client/v4", self.uri())
    }
}

impl BaseUrl for RawServer {
    fn base_url(&self) -> String {
        self.url()
    }
}

impl BaseUrl for Prism {
    fn base_url(&self) -> String {
        self.url()
    }
}

impl BaseUrl for ClosedPort {
    fn base_url(&self) -> String {
        self.url()
    }
}

impl BaseUrl for UnansweredPort {
    fn base_url(&self) -> String {
        self.url()
    }
}

/// A URL, as it is.
impl BaseUrl for str {
    fn base_url(&self) -> String {
        self.to_owned()
    }
}

impl BaseUrl for String {
    fn base_url(&self) -> String {
        self.clone()
    }
}

impl<T: BaseUrl + ?Sized> BaseUrl for &T {
    fn base_url(&self) -> String {
        (**self).base_url()
    }
}

/// A client builder for `server` as the tests use one, to adjust with the
/// builder's own methods: the test token [`TOKEN`]; no retries, and waits
/// of a few milliseconds for a test that allows some (`.max_retries(n)`
/// keeps them); and the default timeout (60 s), since a shorter one could
/// end an attempt on a slow machine before a prompt server's answer came.
pub fn client_for(server: &(impl BaseUrl + ?Sized)) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::api_token(TOKEN))
        .base_url(server.base_url())
        .retry_policy(quick_retries(0))
}

/// The test client's scripts of dispatch namespaces, for `server`:
/// `client.account(ACCOUNT_ID).workers_for_platforms().dispatch().namespaces().scripts()`.
pub fn scripts_of(
    server: &(impl BaseUrl + ?Sized),
) -> cloudflare_api::workers_for_platforms::resources::AccountWorkersForPlatformsDispatchNamespacesScripts{
    client_for(server)
        .build()
        .unwrap()
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
}

/// A retry policy with millisecond waits, so that retry tests are quick.
pub fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max_retries)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// "Create dispatch namespace" in [`ACCOUNT_ID`] with `name`.
pub async fn create(
    client: &Client,
    name: &str,
) -> Result<Response<WorkersNamespaceResponse>, Error> {
    client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .create()
        .name(name)
        .send()
        .await
}

/// "Get dispatch namespace" `name` in [`ACCOUNT_ID`]: an idempotent call
/// (`GET`), which any retryable failure retries. The reference example of
/// "create" is a fine answer to it.
pub async fn get(client: &Client, name: &str) -> Result<Response<WorkersNamespaceResponse>, Error> {
    client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .get(name)
        .send()
        .await
}
