//! What every crate of the Cloudflare API client shares, written by hand:
//! the [`Client`] (credentials, base URL, timeouts, retries, tracing), the
//! one [`Response`] and the one [`Error`] of every operation, Cloudflare's
//! envelopes ([`Envelope`], [`ResponseInfo`], [`ResultInfo`]), multipart
//! bodies ([`multipart`]), path and query encoding, and TLS ([`tls`]).
//!
//! Applications depend on the `cloudflare-api` crate, which re-exports all
//! of this with one cargo feature per Cloudflare product. Each product is a
//! crate generated from Cloudflare's OpenAPI schema (`cloudflare-api-dns`,
//! `cloudflare-api-workers-for-platforms`, ...) on top of this one: its
//! types, its generated client (usable alone, with [`Hooks`]) and its part
//! of the resource tree, whose calls go through this crate's [`Client`].
//!
//! The modules marked hidden are what the generated code calls
//! (`answer::read`, `hooks`, `limits`, `path`, `pattern`, `wire`): their
//! items may change with the generator.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// What the generated code of every product crate calls, re-exported there
// under the names it uses.
mod envelope;
#[doc(hidden)]
pub mod hooks;
mod info;
#[doc(hidden)]
pub mod limits;
mod operation;
#[doc(hidden)]
pub mod path;
#[doc(hidden)]
pub mod pattern;
pub mod redact;
pub mod tls;
#[doc(hidden)]
pub mod wire;

// The client, one folder per component: what a call gives back
// (`answer`), configuring a client (`config`), and sending (`transport`).
#[doc(hidden)]
pub mod answer;
mod config;
mod transport;

pub mod api;
mod client;
pub mod multipart;
pub mod paging;
pub mod workers;

// The `Normalize` trait and the trees' builders await generated operations
// through `normalize`.
#[doc(hidden)]
pub use answer::normalize;

pub use answer::any_operation::Normalize;
pub use answer::error::{ApiError, ConfigError, DecodeError, Error, InvalidInput, TransportError};
pub use answer::response::Response;
pub use client::Client;
pub use config::builder::ClientBuilder;
pub use config::credentials::Credentials;
pub use envelope::{Envelope, EnvelopeParts};
pub use hooks::Hooks;
pub use info::{ResponseInfo, ResultInfo};
pub use operation::Operation;
pub use transport::retry::RetryPolicy;

/// The bytes of an answer that is not JSON (`Response<Bytes>`, as
/// `scripts().content().get(..)` gives a Worker's script): cheap to clone,
/// dereferences to `[u8]`.
pub use bytes::Bytes;
/// HTTP status codes, as [`Response::status`] and [`Error::status`] give them.
pub use reqwest::StatusCode;
/// HTTP headers, as [`Response::headers`] and [`ApiError::headers`] give
/// them (and as the `test-util` fakes take them).
pub use reqwest::header::HeaderMap;

/// The Cloudflare API's base URL, as Cloudflare's schema gives it
/// (`servers`), without a trailing `/`.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
