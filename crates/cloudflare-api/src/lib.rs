//! A Cloudflare API client for Rust: typed operations generated from the
//! OpenAPI spec, with authentication, retries, timeouts, tracing, and one
//! response shape and one error type for every operation.
//!
//! # Quick start
//!
//! ```no_run
//! use cloudflare_api::{Client, Error, StatusCode};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! let account = client.account("023e105f4ecef8ad9ca31a8372d0c353");
//!
//! let created = account.workers_for_platforms().dispatch().namespaces().create().name("customers").send().await?;
//! let id: Option<&str> = created.result.namespace_id.as_deref();
//! println!("{} (cf-ray {})", id.unwrap_or("-"), created.ray_id().unwrap_or("-"));
//!
//! let all = account.workers_for_platforms().dispatch().namespaces().list().send().await?;
//! for ns in &all.result {
//!     println!("{}", ns.namespace_name.as_deref().unwrap_or("-"));
//! }
//! let one = account.workers_for_platforms().dispatch().namespaces().get("customers").send().await?;
//! assert_eq!(one.result.namespace_name.as_deref(), Some("customers"));
//! account.workers_for_platforms().dispatch().namespaces().edit("customers").trusted_workers(true).send().await?;   // PATCH
//! account.workers_for_platforms().dispatch().namespaces().update("customers").trusted_workers(true).send().await?; // PUT
//! account.workers_for_platforms().dispatch().namespaces().delete("customers").send().await?;
//!
//! match account.workers_for_platforms().dispatch().namespaces().create().name("customers").send().await {
//!     Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => {
//!         for err in e.errors() {
//!             eprintln!("{} {}", err.code, err.message);
//!         }
//!     }
//!     Err(e) => eprintln!("{e}"),
//!     Ok(_) => {}
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every operation sits in one tree, generated from Cloudflare's schema:
//! [`Client::account`] for paths under `/accounts/{account_id}`,
//! [`Client::zone`] for `/zones/{zone_id}`, and the client itself for the
//! rest; then the products, resource groups and method names as
//! Cloudflare's official SDKs have them
//! (`client.workersForPlatforms.dispatch.namespaces.list()` in TypeScript
//! is `client.account(id).workers_for_platforms().dispatch().namespaces().list()`). Path parameters are the method's arguments, query
//! parameters and body fields are setters of the builder it returns, and
//! `send()` gives a [`Response`] (`Response<`[`Bytes`]`>` for an answer
//! that is not JSON, such as a Worker's script) or the one [`Error`].
//! Setters take plain values (see [Arguments](#arguments)). Builders are
//! `Send` and own what they need, so their futures are `'static` and can
//! be spawned.
//!
//! The Workers in a namespace, with their secrets and tags, hang off
//! `scripts()` ([`workers::Secret`] makes a text or key secret in one
//! line; a secret's name may hold any character, `/` and `@` included):
//!
//! ```no_run
//! use cloudflare_api::Client;
//! use cloudflare_api::workers::Secret;
//!
//! # async fn run(client: Client) -> Result<(), cloudflare_api::Error> {
//! let scripts = client.account("023e105f4ecef8ad9ca31a8372d0c353").workers_for_platforms().dispatch().namespaces().scripts();
//! let production = scripts.list("customers").tags("production:yes").send().await?;
//! println!("{} scripts in production", production.result.len());
//! scripts.secrets().update("customers", "my-worker").body(Secret::text("API_KEY", "s3cr3t")).send().await?;
//! scripts.secrets().delete("customers", "my-worker", "OLD/KEY").send().await?;
//! scripts.tags().update("customers", "my-worker").body(["production", "plan-free"]).send().await?;
//! scripts.tags().create("customers", "my-worker", "customer-123").send().await?;
//! let settings = scripts.settings().get("customers", "my-worker").send().await?;
//! println!("{:?}", settings.result.compatibility_date);
//! # Ok(())
//! # }
//! ```
//!
//! A `multipart/form-data` body (a Worker's modules and metadata) has a
//! setter per part ([`multipart`]); [`workers`] types a Worker's modules
//! and bindings on top, so that uploading a customer's Worker into a
//! dispatch namespace is one call:
//! `.scripts().update(namespace, name).main_module(Module::esm(..)).binding(..).send()`.
//! What `scripts().content().get(..)` answers, the Worker's code as
//! uploaded, reads back into its modules (`workers::ScriptContent`, with
//! the `script-content` feature), which an upload takes again
//! (`.content(..)`), with every setting `settings().get(..)` answers
//! (`.settings_from(..)`: bindings, compatibility date and flags, usage
//! model, observability, placement, limits, ...; a secret's value, which
//! the API never answers, given again).
//!
//! # Products: one cargo feature each
//!
//! Each Cloudflare product is a crate of its own, generated from
//! Cloudflare's schema (`cloudflare-api-kv`, `cloudflare-api-workers-for-platforms`,
//! ...), compiled only with its feature, named as the crate's suffix, as
//! the official SDKs name the product: `features = ["kv"]` compiles the
//! runtime and Workers KV only, and `client.account(id).kv()` is there
//! with `use cloudflare_api::Client;` alone. `full` turns every product on.
//! Each product's crate is re-exported under its name
//! (`cloudflare_api::kv::types`, `cloudflare_api::workers_for_platforms::OPERATIONS`).
//! Its types implement serde's `Serialize`, and `Deserialize` where an
//! answer holds them; the types only requests carry (bodies, parameters)
//! implement `Deserialize` with the feature `deserialize-requests`, for a
//! program that reads a request from JSON or YAML (without it, each
//! product compiles about a quarter faster).
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
//!   are refused before sending. One that the API reads URL-encoded behind
//!   a flag (a secret's name, `url_encoded`) is written as JavaScript's
//!   `encodeURIComponent` writes it, with the flag, as wrangler sends it.
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
//! - **Tracing**: a `cloudflare_api.request` span per attempt
//!   (`operation_id`: the spec's `operationId`, as errors name the
//!   operation; method, attempt, status, duration, cf-ray) through
//!   [`tracing`](https://docs.rs/tracing); nothing is logged unless you install a subscriber.
//! - **Secrets in values**: a value Cloudflare's schema marks secret (a
//!   `secret_text` binding's `text`, a key's material, an upload session's
//!   `jwt`) shows as `"<redacted>"` in the `Debug` and `Display` of every
//!   type that holds it: generated types and their builders (a
//!   `Binding`'s `extra`, too), the calls'
//!   builders, [`Response`], [`workers::Binding`] and errors that quote an
//!   answer's body.
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
//! - **A bare result**, a success that is the result alone outside any
//!   envelope (as the published schema says bulk delete of a namespace's
//!   scripts answers), is taken as the result when it holds at least one
//!   of the result's fields.
//! - **A success without `result`** (missing, `null`, an empty body or
//!   `204 No Content`) means what the spec says of `result`: an empty list
//!   for a list, `None` where the spec makes it `nullable` (the result is
//!   then an `Option`: Workers KV's write, an operation whose result is
//!   always `null`), and [`Error::Decode`] for any other declared result,
//!   never a stand-in ([`Response`] says more).
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
//! - **A body that is no JSON** (a challenge page, a proxy's error page,
//!   plain text) is an error that says what came: the `Content-Type` that
//!   is not JSON and the start of the body. A JSON body decodes whatever
//!   its `Content-Type` says.
//! - **An answer that is not JSON** (`Response<`[`Bytes`]`>`, a Worker's
//!   code) is taken only when it is of a media type the operation
//!   declares ([`Operation::success_media_types`](cloudflare_api_runtime::Operation::success_media_types)): a failure
//!   envelope labelled JSON is [`Error::Api`] with its errors, a challenge
//!   page an [`Error::Decode`] that says what came. Content of a declared
//!   type is yours whatever its bytes, a Workers KV value that looks like
//!   an error included.
//! - **A connection closed** once the request was sent, before an answer
//!   came, is an [`Error::Transport`] that says the request may have been
//!   applied (and a `POST` or `PATCH` is not sent again, see
//!   [`RetryPolicy`]).
//! - **Every error names its operation**: its `Display` starts with the
//!   `operationId`, and [`Error::operation`] gives it; an error made later
//!   of a [`Response`] ([`Response::operation`]) too.
//!
//! # Arguments
//!
//! Each argument is checked against the spec's limits when `send()` is
//! called, before anything is sent: an account id is 1 to 32 letters and
//! digits, a dispatch namespace name is not empty and has no control
//! characters, and so on. A refused one is [`Error::InvalidInput`] naming
//! the parameter (``invalid `dispatch_namespace`: shorter than 1
//! characters``). Path parameters are percent-encoded as one segment; `.`
//! and `..`, which no URL can carry as a segment, are refused too.
//!
//! Setters take plain values: a constrained string (a tag, a namespace
//! name) takes a `&str` or `String`, and a list of them, or a body that is
//! one, takes any iterable
//! (`scripts.tags().update(namespace, name).body(["free", "customer-123"])`),
//! each value checked the same way when `send()` is called.
//!
//! # Every item of a list
//!
//! `send()` answers one page. The builder of every list operation that is
//! paged (by `page`, by `cursor` or by `offset`, as regen infers from the
//! spec: `docs/pagination.md`) also walks the list: `.items()` is a
//! [`Stream`](paging::Stream) of every item of every page, and `.pages()`
//! of each page's [`Response`], with its `result_info` and `cf-ray`. The
//! walk starts where the builder does (your `page`, `cursor` or `offset`),
//! keeps your `per_page` or `limit`, never asks for a page the last one
//! said does not exist, and ends with the [`Error`] of a page that fails,
//! after the items before it (see [`paging::Pages`] for every rule):
//!
//! ```no_run
//! # #[cfg(feature = "dns")] {
//! use cloudflare_api::paging::TryStreamExt;
//!
//! # async fn run(client: cloudflare_api::Client, id: &str) -> Result<(), cloudflare_api::Error> {
//! let records = client.zone(id).dns().records().list().items().try_collect::<Vec<_>>().await?;
//! println!("{} DNS records", records.len());
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Any operation in the spec
//!
//! Underneath the tree, every operation is also a method of its product's
//! generated client (`generated_client`), whose requests go through the
//! same credentials, timeouts, retries and tracing. The [`Normalize`]
//! extension trait turns its answer into the same [`Response`] and
//! [`Error`]:
//!
//! ```no_run
//! # #[cfg(feature = "workers-for-platforms")] {
//! use cloudflare_api::workers_for_platforms::{generated_client, types::NamespaceWorkerPutNamespaceBody};
//! use cloudflare_api::{Client, Normalize};
//!
//! # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
//! // The arguments in order (path, query, body), as the generated types.
//! let updated = generated_client(&client)
//!     .namespace_worker_put_namespace(
//!         "023e105f4ecef8ad9ca31a8372d0c353".try_into()?,
//!         "my-dispatch-namespace".try_into()?,
//!         NamespaceWorkerPutNamespaceBody { name: None, trusted_workers: Some(true.into()) },
//!     )
//!     .normalize()
//!     .await?;
//! println!("{:?} (cf-ray {:?})", updated.result.trusted_workers, updated.ray_id());
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! Each product's `OPERATIONS` lists its operations.
//!
//! # Faking answers in your tests: the `test-util` feature
//!
//! With the `test-util` feature (in `[dev-dependencies]`), code that uses
//! this crate can be tested with made-up answers: `Response::fake`, and a
//! `fake` constructor for each error (`ApiError`, `DecodeError`,
//! `TransportError`, `InvalidInput`, `ConfigError`) with `with_*` methods
//! for status, errors, headers, attempts and retryability. To run a whole
//! client without a network, `ClientBuilder::send_with` answers its
//! requests (retries and decoding included). It compiles nothing more of
//! the products: their example calls of every operation, for contract
//! tests against a mock server of the spec, are the feature `examples`.
//!
//! ```
//! # #[cfg(all(feature = "test-util", feature = "workers-for-platforms"))] {
//! use cloudflare_api::workers_for_platforms::types::WorkersNamespaceResponse;
//! use cloudflare_api::{ApiError, Error, Response, ResponseInfo, StatusCode};
//!
//! // The code under test.
//! fn outcome(created: Result<Response<WorkersNamespaceResponse>, Error>) -> String {
//!     match created {
//!         Ok(created) => format!("created {}", created.result.namespace_name.unwrap_or_default()),
//!         Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => "taken".to_owned(),
//!         Err(e) if e.is_retryable() => format!("try later ({} attempts)", e.attempts()),
//!         Err(e) => format!("failed: {e}"),
//!     }
//! }
//!
//! let namespace = WorkersNamespaceResponse { namespace_name: Some("customers".into()), ..Default::default() };
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

mod client;
// The way into each product, and the products themselves: generated.
mod products;

pub use client::Client;
pub use products::*;

pub use cloudflare_api_runtime::{
    ApiError, Bytes, ConfigError, Credentials, DecodeError, Error, HeaderMap, InvalidInput,
    Normalize, Operation, Response, ResponseInfo, ResultInfo, RetryPolicy, StatusCode,
    TransportError, multipart, paging, tls,
};

/// Workers scripts typed: modules, bindings, secrets and settings, which
/// every script upload takes (Workers' and Workers for Platforms'), from
/// [`cloudflare_api_runtime::workers`]; and, with the feature `workers`,
/// the `workers` product's crate, `cloudflare-api-workers`: its types, its
/// generated client and its part of the tree.
pub mod workers {
    pub use cloudflare_api_runtime::workers::*;
    #[cfg(feature = "workers")]
    #[cfg_attr(docsrs, doc(cfg(feature = "workers")))]
    pub use cloudflare_api_workers::*;
}

/// Configures a [`Client`]; [`build`](cloudflare_api_runtime::ClientBuilder::build)
/// checks everything at once (see [`cloudflare_api_runtime::ClientBuilder`]).
pub type ClientBuilder = cloudflare_api_runtime::ClientBuilder<Client>;

/// What the resource tree's setters take, and its example calls.
pub mod api {
    #[cfg(feature = "examples")]
    #[doc(hidden)]
    pub use crate::products::examples;
    #[cfg(feature = "examples")]
    #[doc(hidden)]
    pub use cloudflare_api_runtime::api::Example;
    pub use cloudflare_api_runtime::api::{Integer, Number};
}
