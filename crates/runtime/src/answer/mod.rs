//! What a call gives back, the same for every operation: [`Response`] or
//! [`Error`](crate::Error), and the code that turns a generated operation's
//! answer into one of them ([`normalize`], and the [`Normalize`] trait).
//!
//! [`Response`]: crate::Response
//! [`Normalize`]: crate::Normalize

pub(crate) mod any_operation;
pub(crate) mod error;
mod json_path;
#[doc(hidden)]
pub mod normalize;
/// How a generated operation reads its answer (what product crates
/// re-export as their `answer`).
#[doc(hidden)]
pub mod read;
pub(crate) mod response;
pub(crate) mod secrets;
