//! A Cloudflare API client for Rust: typed operations generated from the
//! OpenAPI spec, with authentication, retries, timeouts, tracing, and one
//! response shape and one error type for every operation.
//!
//! # Quick start
//!
//! ```no_run
//! use cloudflare_api::{Client, Credentials, Error};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .credentials(Credentials::api_token(std::env::var("CLOUDFLARE_API_TOKEN")?))
//!     .build()?;
//! // or: Client::from_env()?
//! let account_id = "023e105f4ecef8ad9ca31a8372d0c353";
//!
//! let created = client
//!     .dispatch_namespaces()
//!     .create(account_id)
//!     .name("my-dispatch-namespace")
//!     .send()
//!     .await?;
//! println!("{:?} {:?}", created.result.namespace_id, created.result.namespace_name);
//! println!("cf-ray {:?}", created.ray_id());
//!
//! match client.dispatch_namespaces().create(account_id).name("taken").send().await {
//!     Err(Error::Api(e)) if e.status() == cloudflare_api::StatusCode::CONFLICT => {
//!         for err in e.errors() {
//!             eprintln!("{} {}", err.code, err.message);
//!         }
//!     }
//!     Err(e) => eprintln!("{e}"), // status, first error, cf-ray
//!     Ok(_) => {}
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What every call does
//!
//! - **Authentication**: an API token (`Authorization: Bearer`) or a global
//!   API key with its email ([`Credentials`]); secrets never appear in
//!   `Debug` output, errors or traces. Surrounding whitespace is never
//!   sent, and a blank token, key or email is a [`ConfigError`] (naming
//!   the variable, from the environment).
//! - **Proxies**: an `https://` base URL goes through the proxy that
//!   `HTTPS_PROXY` or `ALL_PROXY` name, unless `NO_PROXY` says otherwise; a
//!   plain `http://` loopback base URL never goes through a proxy, which
//!   would carry the credentials across a network in clear text
//!   ([`ClientBuilder`]).
//! - **Paths**: each path parameter is percent-encoded as one segment
//!   (everything RFC 3986 does not allow there, `%` included); `.` and `..`
//!   are refused before sending.
//! - **Timeouts**: 60 s per attempt by default, connecting to last byte
//!   ([`ClientBuilder::timeout`]).
//! - **Retries**: connection errors, timeouts, `408`, `409`, `429` and `5xx`
//!   are retried twice by default, honouring `Retry-After`; a `POST` or
//!   `PATCH`, which may act twice, only when it certainly was not applied
//!   (no connection, `429`, `x-should-retry: true`) ([`RetryPolicy`]).
//! - **Compression**: with the `gzip` feature (on by default) the client asks
//!   for gzip answers (`Accept-Encoding: gzip`) and decompresses them; the
//!   4 MiB read of an error answer counts decompressed bytes.
//! - **Answers**: a success is a [`Response`] with the operation's `result`,
//!   Cloudflare's `messages`, `result_info`, the status and the `cf-ray`;
//!   anything else is an [`Error`], including a `200` whose envelope says
//!   `success: false`. See [Answers as the API sends them](#answers-as-the-api-sends-them).
//! - **Tracing**: a `cloudflare_api.request` span per attempt (operation,
//!   method, attempt, status, duration, cf-ray) through [`tracing`]; nothing
//!   is logged unless you install a subscriber.
//!
//! # Answers as the API sends them
//!
//! Real answers drift from Cloudflare's published schema. What you get,
//! for every operation alike (the README's Reliability table has a test
//! for each):
//!
//! - **Failure envelopes** keep their errors whatever their common fields
//!   look like: `messages` missing or `null`, a `code` sent as a string
//!   (`"10026"`) or a float (`1000.0`) read as an integer, an item without
//!   `message` (empty), a plain string item (code `0`). An item's other
//!   fields (`error_chain`, `meta`, `source`) are in
//!   [`ResponseInfo::extra`], with [`ResponseInfo::error_chain`] and
//!   [`ResponseInfo::pointer`] to read them.
//! - **Error bodies** are read up to 4 MiB, so every error of a realistic
//!   envelope is kept; a longer one is an [`Error::Api`] that says it was
//!   cut, with the start of the body in [`ApiError::body_snippet`].
//! - **Successes** are never thrown away over the common fields: `errors`
//!   and `messages` may be missing or `null`, `success` may be missing, and
//!   messages may be plain strings.
//! - **A success without `result`** (missing, `null`, an empty body or
//!   `204 No Content`) is an empty list for a list, `()`/`None` for an
//!   operation whose result is always `null`, and [`Error::Decode`] for an
//!   operation that declares a result ([`Response`] says more).
//! - **`result_info`** is filled for every operation that gets one, with
//!   integer counts and the `cursor` ([`ResultInfo`]).
//! - **Limits are for input**: the spec's `maxLength`, `pattern`, `enum`
//!   and the like are checked on what you send, before sending; answers
//!   decode into plain types: `String`s (in an `Option` where the spec
//!   does not promise the field: `.as_deref()` gives an `Option<&str>` to
//!   compare with a literal), integers, `bool`s and `chrono` timestamps,
//!   never validation newtypes.
//! - **A compressed body** that was not decompressed is an error that says
//!   so, instead of "expected value at line 1 column 1".
//!
//! # Dispatch namespaces
//!
//! [`Client::dispatch_namespaces`] has a builder per operation:
//! `create(account).name(..)`, `list(account)`, `get(account, name)`,
//! `update(account, name).trusted_workers(..)` and `delete(account, name)`.
//! Names are percent-encoded in the path; `.` and `..`, which no URL can
//! carry as a name, are refused before sending.
//!
//! # Any operation in the spec
//!
//! Every operation in the spec is a method of the generated client,
//! [`Client::generated`], whose requests go through the same credentials,
//! timeouts, retries and tracing. The [`Normalize`] extension trait turns
//! its answer into the same [`Response`] and [`Error`], so an operation
//! added to the spec is usable as soon as it is regenerated, before (or
//! without) a builder here:
//!
//! ```no_run
//! use cloudflare_api::generated::types::NamespaceWorkerPutNamespaceBody;
//! use cloudflare_api::{Client, Normalize};
//!
//! # async fn run(client: Client) -> Result<(), cloudflare_api::Error> {
//! // `namespace-worker-put-namespace` has no builder in this crate.
//! let updated = client
//!     .generated()
//!     .namespace_worker_put_namespace()
//!     .account_id("023e105f4ecef8ad9ca31a8372d0c353")
//!     .dispatch_namespace("my-dispatch-namespace")
//!     .body(NamespaceWorkerPutNamespaceBody { name: None, trusted_workers: Some(true) })
//!     .send()
//!     .normalize()
//!     .await?;
//! println!("{:?} (cf-ray {:?})", updated.result.trusted_workers, updated.ray_id());
//! # Ok(())
//! # }
//! ```
//!
//! The generated crate is re-exported as [`generated`];
//! [`generated::OPERATIONS`] lists every operation of the spec.
//!
//! # Faking answers in your tests: the `test-util` feature
//!
//! With the `test-util` feature (in `[dev-dependencies]`), code that uses
//! this crate can be tested with made-up answers: `Response::fake`, and a
//! `fake` constructor for each error (`ApiError`, `DecodeError`,
//! `TransportError`, `InvalidInput`, `ConfigError`) with `with_*` methods
//! for status, errors, headers, attempts and retryability. To run a whole
//! client without a network, `ClientBuilder::send_with` answers its
//! requests (retries and decoding included).
//!
//! ```
//! # #[cfg(feature = "test-util")] {
//! use cloudflare_api::{ApiError, DispatchNamespace, Error, Response, ResponseInfo, StatusCode};
//!
//! // The code under test.
//! fn outcome(created: Result<Response<DispatchNamespace>, Error>) -> String {
//!     match created {
//!         Ok(created) => format!("created {}", created.result.namespace_name.unwrap_or_default()),
//!         Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => "taken".to_owned(),
//!         Err(e) if e.is_retryable() => format!("try later ({} attempts)", e.attempts()),
//!         Err(e) => format!("failed: {e}"),
//!     }
//! }
//!
//! let namespace = DispatchNamespace { namespace_name: Some("customers".into()), ..Default::default() };
//! assert_eq!(outcome(Ok(Response::fake(namespace))), "created customers");
//! let taken = ApiError::fake(StatusCode::CONFLICT)
//!     .with_errors(vec![ResponseInfo::new(10026, "already exists")])
//!     .with_retryable(false);
//! assert_eq!(outcome(Err(Error::Api(taken))), "taken");
//! let down = ApiError::fake(StatusCode::SERVICE_UNAVAILABLE).with_attempts(3);
//! assert_eq!(outcome(Err(Error::Api(down))), "try later (3 attempts)");
//! # }
//! ```

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Infrastructure, one folder per component: what a call gives back
// (`answer`), configuring a client (`config`), and sending (`transport`).
mod answer;
mod config;
mod transport;

mod client;
mod dispatch_namespaces;
mod validate;

// The `Normalize` trait and API-area code await generated operations
// through `crate::normalize`.
use answer::normalize;

pub use cloudflare_api_generated as generated;

pub use answer::any_operation::Normalize;
pub use answer::error::{ApiError, ConfigError, DecodeError, Error, InvalidInput, TransportError};
pub use answer::response::Response;
pub use client::Client;
pub use config::builder::ClientBuilder;
pub use config::credentials::Credentials;
pub use dispatch_namespaces::{
    CreateDispatchNamespace, DeleteDispatchNamespace, DispatchNamespaces, GetDispatchNamespace,
    ListDispatchNamespaces, UpdateDispatchNamespace,
};
pub use transport::retry::RetryPolicy;

/// HTTP status codes, as [`Response::status`] and [`Error::status`] give them.
pub use reqwest::StatusCode;

/// A dispatch namespace, as the API returns it.
pub use generated::types::DispatchNamespace;
pub use generated::{ResponseInfo, ResultInfo};
