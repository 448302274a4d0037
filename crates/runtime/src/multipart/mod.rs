//! `multipart/form-data` request bodies: the files a builder's file
//! setters take ([`File`]), and what every multipart builder holds until
//! `send()` (`FormParts`).
//!
//! The spec describes a form as an object of parts; `cargo xtask regen`
//! gives each operation with such a body one setter per part (see
//! CONTRIBUTING.md): JSON parts take the spec's type, text fields a scalar,
//! file parts [`File`]s. `send()` encodes the form once into a buffer with
//! [`Form`]
//! (reqwest's encoder), so that a retried request sends it again as it
//! was. Nothing of a part's content is shown by `Debug`: a Worker's
//! metadata can hold secrets.
//!
//! For Workers scripts, [`workers`](crate::workers) adds typed modules and
//! bindings on top.

mod file;
pub mod form;
mod parts;

pub use file::File;
pub use form::{Encoded, Form, FormError, Part};
#[doc(hidden)]
pub use parts::FormParts;
