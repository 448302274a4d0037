//! Cloudflare's response envelope, seen the same way for every operation.
//!
//! Every Cloudflare API answer is `{ success, errors, messages, result }`,
//! sometimes with `result_info`. Each operation's generated response type
//! spells that out with its own `result`; `cargo xtask regen` implements
//! [`Envelope`] for every generated type of that shape, so code above this
//! crate can handle any operation's answer with one generic function.

use crate::types::{ResponseInfo, ResultInfo};

/// A generated type that is a Cloudflare response envelope.
pub trait Envelope {
    /// What the operation returns in `result`.
    ///
    /// For an operation whose spec declares no particular `result` (it is
    /// `null`, or anything), this is `Option<serde_json::Value>`, and a
    /// missing `result` is `Some`-free rather than an error.
    type Result;

    /// Splits the envelope into its parts.
    fn into_parts(self) -> EnvelopeParts<Self::Result>;
}

/// The parts of a response envelope.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EnvelopeParts<T> {
    /// Whether the API says the call succeeded.
    pub success: bool,
    /// The errors the API reported; empty on success.
    pub errors: Vec<ResponseInfo>,
    /// The API's informational messages.
    pub messages: Vec<ResponseInfo>,
    /// The result, `None` when the answer had none.
    pub result: Option<T>,
    /// Paging information, when the operation returns it.
    pub result_info: Option<ResultInfo>,
}

impl<T> EnvelopeParts<T> {
    /// Parts from their values.
    pub fn new(
        success: bool,
        errors: Vec<ResponseInfo>,
        messages: Vec<ResponseInfo>,
        result: Option<T>,
        result_info: Option<ResultInfo>,
    ) -> Self {
        Self {
            success,
            errors,
            messages,
            result,
            result_info,
        }
    }
}
