//! Secrets never printed: every value the spec marks secret is shown as
//! `"<redacted>"` by the `Debug` (and `Display`) of every generated type
//! that can hold it, wherever it sits, instead of typify's derived impls,
//! which print everything (a Worker secret's `text`, say, through every
//! struct, builder, response and error that holds one).
//!
//! A schema is secret when the spec says `x-sensitive: true` (Cloudflare's
//! marker), `writeOnly: true` (a value sent but never read back:
//! passwords, keys, secret texts) or `format: password` ([`is_secret`]).
//! The rule takes three steps, each with its own module:
//!
//! 1. [`markers`], the first normalization: every secret schema also says
//!    `x-sensitive: true`, the one marker the later normalizations keep
//!    wherever they move, copy or loosen a schema (they never touch `x-`
//!    extensions; `unconstrained_answers` drops `format` from answers), and
//!    a `$ref` with a marker beside it becomes an `allOf` of the `$ref`
//!    (OpenAPI 3.0 ignores a `$ref`'s siblings, and so would the marker
//!    be). A union folded by `crate::normalize::open_union` keeps the names of its
//!    kinds' secret properties in `x-rust-secret-keys`.
//! 2. [`roles`], on the copy of the normalized spec that progenitor reads:
//!    each schema whose generated item or holder must hide something says
//!    so in its `description`, with a token typify carries, as it carries
//!    every description, onto the struct, field, newtype or enum it
//!    generates for it, wherever it names it (`ObservabilityLogs`,
//!    `HolderItemsItem`, `{Operation}Body`): the value itself
//!    (`value`), every value of its map or open map (`values`), or the
//!    entries of some names of its open map (`keys=a,b`). Regen refuses a
//!    secret path, query or header parameter, which would be sent with
//!    `Display` (see [`roles::check_parameters`]).
//! 3. [`debug`], on progenitor's output: reads and removes the tokens and
//!    writes the `Debug` impls (for typify's builders too), a `Display`
//!    of `"<redacted>"` for a secret newtype or enum, and for each response
//!    envelope the JSON names under which its answers can hold a secret
//!    (`Envelope::SECRET_FIELDS`), so that an error quoting an answer's
//!    body hides them too, with those its resource's requests send
//!    ([`echoed_secrets`]: an answer that echoes one); then [`tree`] gives the resource tree's
//!    builders that keep a secret body field until `send()` a `Debug`
//!    that hides it.
//!
//! The `Debug` impls use the generated crate's hand-written `redact`
//! module for maps whose values, or some of whose entries, are secret.

mod debug;
mod markers;
mod roles;
mod tree;

pub(crate) use debug::{Redactions, echoed_secrets, redact, with_secret_fields};
pub(crate) use markers::canonical_markers;
pub(crate) use roles::{check_parameters, marked};
pub(crate) use tree::redact_tree;

use serde_json::Value;

/// Whether the spec marks `schema` secret.
pub(crate) fn is_secret(schema: &Value) -> bool {
    schema.get("x-sensitive") == Some(&Value::Bool(true))
        || schema.get("writeOnly") == Some(&Value::Bool(true))
        || schema.get("format").and_then(Value::as_str) == Some("password")
}

/// What a secret is shown as.
const REDACTED: &str = "<redacted>";

/// Our extension on an object schema: the names of its additional
/// properties whose values are secret (the entries of its open map that
/// `Debug` hides). `crate::normalize::open_union` writes it on a folded union, with
/// the secret properties of its kinds; a spec may say it of an open map.
pub(crate) const SECRET_KEYS: &str = "x-rust-secret-keys";
