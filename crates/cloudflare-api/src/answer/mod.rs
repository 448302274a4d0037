//! What a call gives back, the same for every operation: [`Response`] or
//! [`Error`](crate::Error), and the code that turns a generated operation's
//! answer into one of them ([`normalize`], and the [`Normalize`] trait).
//!
//! [`Response`]: crate::Response
//! [`Normalize`]: crate::Normalize

pub(crate) mod any_operation;
pub(crate) mod error;
pub(crate) mod normalize;
pub(crate) mod response;
pub(crate) mod secrets;
