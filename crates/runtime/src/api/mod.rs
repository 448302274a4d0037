//! What every product's resource tree shares.
//!
//! `cargo xtask regen` writes each product crate's part of the tree from
//! the spec: for every operation a builder in its `requests`, reached
//! through the groups in its `resources` from `client.account(id)` (paths
//! under `/accounts/{account_id}`), `client.zone(id)` (`/zones/{zone_id}`)
//! or the client itself, with the official SDKs' names (see
//! CONTRIBUTING.md).
//!
//! # What is hand-written here, and why
//!
//! Only what no generator can know from the spec: this file's argument
//! conversions, shared by every builder, and the numbers they take
//! ([`Number`], [`Integer`]). An operation the spec describes
//! completely gets its builder from `regen`, with no Rust written, a
//! multipart one included (a setter per part, see [`multipart`](crate::multipart)).
//! Hand-written Rust belongs only on top, for what the spec cannot say:
//! [`workers`](crate::workers) types a Worker's modules and bindings
//! over the generated script-upload builders, and says why.

mod number;

pub use number::{Integer, Number};

/// One operation's example call (`examples`), ready to be awaited: an
/// operation sent with example arguments from the spec, its answer's
/// `result` dropped. For the contract tests, which send every operation of
/// the spec to a server that checks requests against it.
#[cfg(feature = "test-util")]
#[doc(hidden)]
pub struct Example {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The call.
    pub call: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<crate::Response<()>, crate::Error>> + Send>,
    >,
}

#[cfg(feature = "test-util")]
impl Example {
    #[doc(hidden)]
    pub fn new(
        operation_id: &'static str,
        call: impl std::future::Future<Output = Result<crate::Response<()>, crate::Error>>
        + Send
        + 'static,
    ) -> Self {
        Self {
            operation_id,
            call: Box::pin(call),
        }
    }
}

#[cfg(feature = "test-util")]
impl std::fmt::Debug for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Example")
            .field("operation_id", &self.operation_id)
            .finish_non_exhaustive()
    }
}

/// Conversions of builder arguments: an argument is converted (and checked
/// against the spec's limits) when it is given, and a bad one is reported
/// by `send()`, naming the parameter, before anything is sent.
#[doc(hidden)]
pub mod args {
    use std::fmt::{self, Display};

    use super::Number;
    use super::number::{FromNumber, exact};
    use crate::Error;

    /// `value` as the operation's type for the parameter `name`, or why not.
    pub fn convert<T, V>(name: impl Display, value: V) -> Result<T, String>
    where
        V: TryInto<T>,
        V::Error: Display,
    {
        value
            .try_into()
            .map_err(|error| format!("invalid `{name}`: {error}"))
    }

    /// The primitive number `value` as the operation's number type for the
    /// parameter `name` (see [`Number`]), or why not.
    pub fn number<T: FromNumber>(name: impl Display, value: impl Number) -> Result<T, String> {
        T::from_number(exact(value)).map_err(|error| format!("invalid `{name}`: {error}"))
    }

    /// `value` when it is within the spec's `limits` of numbers and lists
    /// (see the generated crate's `limits`), or why not, naming `name`.
    #[allow(
        dead_code,
        reason = "for builders of form text fields with limits; today's spec has none"
    )]
    pub fn within<T: serde::Serialize>(
        name: &str,
        value: T,
        limits: &crate::limits::Limits,
    ) -> Result<T, String> {
        crate::limits::within(name, &value, limits).map(|()| value)
    }

    /// The name of the item at `index` of the list `name` (`body[1]`), in
    /// messages: formatted only for one.
    #[derive(Debug)]
    pub struct Item<'a>(pub &'a str, pub usize);

    impl Display for Item<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}[{}]", self.0, self.1)
        }
    }

    /// `value` as a path segment of the parameter `name`: anything but `.`
    /// and `..`, which URLs resolve as "this" and "parent" segments, so that
    /// no request could carry them (every other character is
    /// percent-encoded).
    pub fn segment(name: &str, value: &str) -> Result<(), String> {
        match value {
            "." | ".." => Err(format!(
                "invalid `{name}`: {value:?} cannot be a path segment (URLs resolve it)"
            )),
            _ => Ok(()),
        }
    }

    /// The whole number a builder's field holds (a `page` or `offset` set
    /// on it), where a walk over its list's pages starts; `None` when it is
    /// unset or refused (`send()` reports that one).
    pub fn set_number<T: serde::Serialize>(value: &Result<T, String>) -> Option<u64> {
        let value = serde_json::to_value(value.as_ref().ok()?).ok()?;
        crate::info::count(&value)
    }

    /// The text a builder's field holds (a `cursor` set on it), where a
    /// walk over its list's pages starts; `None` when it is unset or
    /// refused.
    pub fn set_text<T: serde::Serialize>(value: &Result<T, String>) -> Option<String> {
        match serde_json::to_value(value.as_ref().ok()?).ok()? {
            serde_json::Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The converted value, or [`Error::InvalidInput`] with the reason.
    pub fn checked<T>(value: Result<T, String>) -> Result<T, Error> {
        value.map_err(Error::invalid_input)
    }

    /// What `prepare` gives (the generated operation's builder, its
    /// arguments checked and set), or its error as one of the operation
    /// whose `operationId` is `operation`, as every error of a call names
    /// its operation ([`Error::operation`]).
    #[inline]
    pub fn prepare<T>(
        operation: &'static str,
        find: crate::hooks::FindOperation,
        prepare: impl FnOnce() -> Result<T, Error>,
    ) -> Result<T, Error> {
        prepare().map_err(|error| error.of_operation(find(operation)))
    }

    /// An example value from the spec (JSON) as the parameter's type.
    ///
    /// Read from bytes, as answers are, so that a type both carry is
    /// compiled for one JSON reader, not two.
    #[cfg(feature = "test-util")]
    pub fn example<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
        serde_json::from_slice(json.as_bytes()).map_err(|error| {
            Error::invalid_input(format!("the spec's example {json} does not fit: {error}"))
        })
    }
}
