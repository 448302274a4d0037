//! Configuring a [`Client`].

#[cfg(feature = "test-util")]
use std::future::Future;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::base_url;
use super::credentials::Credentials;
use super::env::{self, Vars};
use crate::RetryPolicy;
use crate::transport::Transport;
use crate::{Client, ConfigError};

/// The default total timeout of one attempt.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Configures a [`Client`]; [`build`](Self::build) checks everything at once.
///
/// The `reqwest::Client` it makes follows no redirects (the API makes
/// none, and a redirect would carry credentials elsewhere): a `3xx` answer
/// is an [`Error::Api`](crate::Error::Api). It uses the proxy that `HTTPS_PROXY`, `ALL_PROXY`
/// and `NO_PROXY` (and their lowercase forms) say for an `https://` base
/// URL, but never a proxy for a plain `http://` one to a loopback host:
/// that request, credentials included, would cross the network to the proxy
/// unencrypted.
///
/// ```
/// use std::time::Duration;
/// use cloudflare_api::{Client, Credentials};
///
/// let client = Client::builder()
///     .credentials(Credentials::api_token("my-token"))
///     .timeout(Duration::from_secs(30))
///     .max_retries(4)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), cloudflare_api::Error>(())
/// ```
///
/// `C` is the client it builds: this crate's [`Client`], or the
/// `cloudflare-api` crate's, which wraps it (`From<Client>`).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder<C = Client> {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
    /// What sends each attempt: reqwest, but in tests (`send_with`).
    attempt: crate::Hooks,
    client: std::marker::PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            credentials: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
            allow_insecure_http: false,
            attempt: crate::Hooks::default(),
            client: std::marker::PhantomData,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with credentials and base URL from the environment, as
    /// [`Client::from_env`] reads them, to configure further.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] naming the variables to set when there are no
    /// credentials.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&env::Process)
    }

    pub(crate) fn from_vars<V: Vars + ?Sized>(vars: &V) -> Result<Self, ConfigError> {
        let mut builder = Self::default().credentials(Credentials::from_vars(vars)?);
        if let Some(url) = vars.get(env::BASE_URL)? {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// The credentials to authenticate with. Required.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Where the API is; default `https://api.cloudflare.com/client/v4`.
    /// A trailing `/` is fine and a path prefix is kept. Plain `http://` is
    /// accepted only for loopback hosts unless
    /// [`danger_allow_insecure_http`](Self::danger_allow_insecure_http).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Accept a plain `http://` base URL to any host, sending credentials
    /// unencrypted. For test setups on a private network only.
    pub fn danger_allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The most one attempt may take, from connecting to the last byte of
    /// the answer; default 60 s. Retries each get this much again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most connecting may take; by default only the
    /// [`timeout`](Self::timeout) bounds it.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How many times a failed request may be retried; default 2, `0`
    /// disables retries. See [`RetryPolicy`] for which failures are.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry = self.retry.max_retries(retries);
        self
    }

    /// The whole retry policy, for its waits as well as its count.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header; default `cloudflare-api/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Send requests with this `reqwest::Client` (its proxy, TLS and pool
    /// settings) instead of one the builder makes. Credentials, user agent,
    /// timeout and retries still apply; set a connect timeout on it
    /// yourself. Keep its redirect policy at
    /// `reqwest::redirect::Policy::none()`: redirects would carry the
    /// `X-Auth-*` headers to wherever they point.
    ///
    /// Its own proxy settings apply, to a plain `http://` loopback base URL
    /// too (`reqwest::Client::builder()` reads `HTTP_PROXY` and friends
    /// unless told `.no_proxy()`), and so do its compression and TLS
    /// settings. To keep this crate's TLS backend, start from
    /// [`crate::tls::reqwest_client_builder`]: with only the
    /// `rustls-ring` feature, reqwest's own rustls setup has no crypto
    /// provider and `reqwest::Client::builder().build()` panics (see that
    /// module).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Answers requests without a network, for tests (feature
    /// `test-util`): each attempt's request, complete with credentials,
    /// user agent and timeout, goes to `send` instead of to
    /// `reqwest::Client::execute`, with the `reqwest::Client` and the
    /// operation's name (its `operationId`, as in
    /// [`Operation`](crate::Operation)).
    ///
    /// Everything else happens as for an answer from the network: retries
    /// and their waits, tracing, reading and capping the body, decoding,
    /// the [`Response`](crate::Response) or [`Error`](crate::Error). `send`
    /// may answer the request itself (`reqwest::Response::from` an
    /// `http::Response`), change it and execute it, or fail. It has the
    /// shape of [`crate::Hooks::new`]'s function, which this crate
    /// sends every request through.
    ///
    /// To fake a whole call's outcome instead, build it:
    /// [`Response::fake`](crate::Response::fake),
    /// [`ApiError::fake`](crate::ApiError::fake) and the other errors'.
    ///
    /// ```
    /// use cloudflare_api::{Client, Credentials};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let client = Client::builder()
    ///     .credentials(Credentials::api_token("test-token"))
    ///     .send_with(|_http, request, operation| async move {
    ///         assert_eq!(operation, "namespace-worker-list");
    ///         assert_eq!(request.headers()["authorization"], "Bearer test-token");
    ///         let body = r#"{"success":true,"errors":[],"messages":[],"result":[]}"#;
    ///         Ok(http::Response::new(body).into())
    ///     })
    ///     .build()?;
    /// let listed = client
    ///     .account("023e105f4ecef8ad9ca31a8372d0c353")
    ///     .workers_for_platforms().dispatch().namespaces()
    ///     .list()
    ///     .send()
    ///     .await?;
    /// assert!(listed.result.is_empty());
    /// # Ok::<(), cloudflare_api::Error>(())
    /// # }).unwrap();
    /// ```
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    pub fn send_with<F, Fut>(mut self, send: F) -> Self
    where
        F: Fn(reqwest::Client, reqwest::Request, &'static str) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
    {
        self.attempt = crate::Hooks::new(send);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when there are no credentials, a credential cannot
    /// be sent in a header, the base URL is unusable (not http(s), plain
    /// http to a non-loopback host, a query or password in it), the timeout
    /// is zero, the user agent is not a valid header, a connect timeout is
    /// set together with your own `reqwest::Client`, the base URL is
    /// `https://` in a build without a TLS feature (and no `reqwest::Client`
    /// of yours), the system's root certificates cannot be read (with the
    /// `rustls-ring` feature), or reqwest cannot build a client.
    pub fn build(self) -> Result<C, ConfigError> {
        let credentials = self.credentials.ok_or_else(|| {
            ConfigError::new(
                "no credentials: call `.credentials(..)`, or use `Client::from_env()` \
                 with CLOUDFLARE_API_TOKEN set",
            )
        })?;
        let auth = credentials.headers()?;
        let base_url = base_url::check(
            self.base_url.as_deref().unwrap_or(crate::DEFAULT_BASE_URL),
            self.allow_insecure_http,
        )?;
        #[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
        if self.http_client.is_none() && base_url.starts_with("https:") {
            return Err(ConfigError::new(
                "cloudflare-api was built without TLS: enable its `rustls`, `rustls-ring` \
                 or `native-tls` feature, or pass a reqwest::Client that has TLS with \
                 `.http_client(..)`",
            ));
        }
        if self.timeout.is_zero() {
            return Err(ConfigError::new("the timeout must be longer than zero"));
        }
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| concat!("cloudflare-api/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| ConfigError::new("the user agent is not a valid header value"))?;
        // A timeout set on the reqwest client applies to every request as
        // one set on the request would, without storing it in each request
        // (an allocation, and more when the request is copied for a retry):
        // the transport sets it per request only on a client passed in.
        let mut per_request_timeout = None;
        let http = match (self.http_client, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "a connect timeout cannot be applied to a reqwest::Client you pass in: \
                     set it on that client",
                ));
            }
            (Some(client), None) => {
                per_request_timeout = Some(self.timeout);
                client
            }
            (None, connect_timeout) => {
                // With the TLS backend the features choose (rustls on
                // aws-lc-rs by default), see the generated crate's `tls`.
                let mut builder = crate::tls::reqwest_client_builder()
                    .map_err(|e| ConfigError::new(e.to_string()))?
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(self.timeout);
                if let Some(timeout) = connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                if base_url::is_plain_http_to_loopback(&base_url) {
                    builder = builder.no_proxy();
                }
                builder
                    .build()
                    .map_err(|e| ConfigError::new(format!("reqwest cannot build a client: {e}")))?
            }
        };
        let transport = Transport {
            auth,
            user_agent,
            timeout: per_request_timeout,
            retry: self.retry,
            attempt: self.attempt,
        };
        Ok(C::from(Client::new(base_url, http, transport.into_hooks())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(builder: ClientBuilder) -> String {
        builder.build().unwrap_err().to_string()
    }

    #[test]
    fn from_vars_prefers_the_token_and_reads_the_base_url() {
        let vars: &[(&str, &str)] = &[
            ("CLOUDFLARE_API_TOKEN", "t"),
            ("CLOUDFLARE_API_KEY", "k"),
            ("CLOUDFLARE_EMAIL", "e@example.com"),
            ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:9/v4/"),
        ];
        let builder = ClientBuilder::<Client>::from_vars(vars).unwrap();
        assert_eq!(
            format!("{:?}", builder.credentials),
            r#"Some(Credentials::ApiToken("[REDACTED]"))"#
        );
        assert_eq!(builder.base_url.as_deref(), Some("http://127.0.0.1:9/v4/"));
        let client = builder.build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v4");
    }

    #[test]
    fn from_vars_takes_a_key_with_its_email_and_names_what_is_missing() {
        let key: &[(&str, &str)] = &[
            ("CLOUDFLARE_API_KEY", "k"),
            ("CLOUDFLARE_EMAIL", "e@example.com"),
        ];
        let builder = ClientBuilder::<Client>::from_vars(key).unwrap();
        assert_eq!(
            format!("{:?}", builder.credentials),
            r#"Some(Credentials::ApiKey { email: "e@example.com", key: "[REDACTED]" })"#
        );

        let nothing: &[(&str, &str)] = &[("CLOUDFLARE_API_TOKEN", "")];
        let error = ClientBuilder::<Client>::from_vars(nothing)
            .unwrap_err()
            .to_string();
        for name in [
            "CLOUDFLARE_API_TOKEN",
            "CLOUDFLARE_API_KEY",
            "CLOUDFLARE_EMAIL",
        ] {
            assert!(error.contains(name), "{error}");
        }
        let no_email: &[(&str, &str)] = &[("CLOUDFLARE_API_KEY", "k")];
        let error = ClientBuilder::<Client>::from_vars(no_email)
            .unwrap_err()
            .to_string();
        assert!(error.contains("CLOUDFLARE_EMAIL is not"), "{error}");
    }

    #[test]
    fn from_vars_refuses_a_blank_variable_by_name_and_trims_the_others() {
        for name in [
            "CLOUDFLARE_API_TOKEN",
            "CLOUDFLARE_API_KEY",
            "CLOUDFLARE_EMAIL",
            "CLOUDFLARE_BASE_URL",
        ] {
            let mut vars = vec![
                ("CLOUDFLARE_API_KEY", "k"),
                ("CLOUDFLARE_EMAIL", "e@example.com"),
            ];
            vars.retain(|(n, _)| *n != name);
            vars.push((name, " \t\n"));
            let shown = ClientBuilder::<Client>::from_vars(&vars[..])
                .unwrap_err()
                .to_string();
            assert!(
                shown.contains(&format!("{name} is set but blank")),
                "{shown}"
            );
        }

        let padded: &[(&str, &str)] = &[
            ("CLOUDFLARE_API_KEY", " k\n"),
            ("CLOUDFLARE_EMAIL", "\te@example.com "),
            ("CLOUDFLARE_BASE_URL", " http://127.0.0.1:9/v4\n"),
        ];
        let builder = ClientBuilder::<Client>::from_vars(padded).unwrap();
        assert_eq!(builder.base_url.as_deref(), Some("http://127.0.0.1:9/v4"));
        let headers = builder.credentials.as_ref().unwrap().headers().unwrap();
        let values: Vec<&[u8]> = headers.iter().map(|(_, v)| v.as_bytes()).collect();
        assert_eq!(values, [&b"e@example.com"[..], b"k"]);
    }

    #[test]
    fn unusable_settings_fail_at_build_without_showing_secrets() {
        assert!(config_error(Client::builder()).contains("no credentials"));
        let token = |t: &str| Client::builder().credentials(Credentials::api_token(t));
        let error = config_error(token("secret\ntoken"));
        assert!(error.contains("API token cannot be sent"), "{error}");
        assert!(!error.contains("secret"), "{error}");
        for blank in ["", " ", "\n", " \t\r\n "] {
            assert!(
                config_error(token(blank)).contains("API token is empty"),
                "{blank:?}"
            );
            let key = Credentials::api_key("e@example.com", blank);
            let key = Client::builder().credentials(key);
            assert!(config_error(key).contains("API key is empty"), "{blank:?}");
            let email = Client::builder().credentials(Credentials::api_key(blank, "k"));
            assert!(config_error(email).contains("email"), "{blank:?}");
        }
        let key = Client::builder().credentials(Credentials::api_key("e@example.com", "k\u{7f}ey"));
        assert!(config_error(key).contains("API key cannot be sent"));
        assert!(config_error(token("t").timeout(Duration::ZERO)).contains("timeout"));
        assert!(config_error(token("t").user_agent("bad\nagent")).contains("user agent"));
        let both = token("t")
            .http_client(
                crate::tls::reqwest_client_builder()
                    .unwrap()
                    .build()
                    .unwrap(),
            )
            .connect_timeout(Duration::from_secs(1));
        assert!(config_error(both).contains("connect timeout"));
        assert!(config_error(token("t").base_url("http://example.com")).contains("not loopback"));
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let builder = Client::builder().credentials(Credentials::api_token("secret-token"));
        let shown = format!("{builder:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("[REDACTED]"), "{shown}");
        // The client shows its base URL; its transport, credentials
        // included, is a function of its hooks, which shows as one.
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("api.cloudflare.com"), "{shown}");
        // Short: every group and builder of the tree shows it.
        assert_eq!(
            shown,
            r#"Client { base_url: "https://api.cloudflare.com/client/v4", .. }"#
        );
    }
}
