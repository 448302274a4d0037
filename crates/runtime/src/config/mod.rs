//! Configuring a client: the builder, credentials, the environment
//! variables `from_env` reads, and the base URL.

pub(crate) mod base_url;
pub(crate) mod builder;
pub(crate) mod credentials;
pub(crate) mod env;
