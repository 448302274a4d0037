//! How the client proves who it is, held so that it is never printed.

use std::fmt;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::env::{self, Vars};
use crate::ConfigError;

/// Credentials for the Cloudflare API.
///
/// Secrets are kept in [`secrecy`] wrappers: `Debug` shows which kind of
/// credentials these are, never the secret, and the headers built from them
/// are marked sensitive.
///
/// Whitespace around a token, key or email (the newline that ends a file
/// the token was read from) is removed and never sent. A value that is
/// empty or only whitespace is an [`ConfigError`] at
/// [`build`](crate::ClientBuilder::build).
///
/// ```
/// use cloudflare_api::Credentials;
///
/// let token = Credentials::api_token("my-token");
/// assert_eq!(format!("{token:?}"), r#"Credentials::ApiToken("[REDACTED]")"#);
/// ```
#[derive(Clone)]
pub struct Credentials(Kind);

#[derive(Clone)]
enum Kind {
    ApiToken(SecretString),
    ApiKey { email: String, key: SecretString },
}

impl Credentials {
    /// An API token, sent as `Authorization: Bearer <token>`. This is what
    /// Cloudflare recommends.
    pub fn api_token(token: impl Into<String>) -> Self {
        Self(Kind::ApiToken(SecretString::from(trimmed(token.into()))))
    }

    /// A legacy global API key and the account's email, sent as
    /// `X-Auth-Key` and `X-Auth-Email`.
    pub fn api_key(email: impl Into<String>, key: impl Into<String>) -> Self {
        Self(Kind::ApiKey {
            email: trimmed(email.into()),
            key: SecretString::from(trimmed(key.into())),
        })
    }

    /// Credentials from the environment: `CLOUDFLARE_API_TOKEN`, or else
    /// `CLOUDFLARE_API_KEY` with `CLOUDFLARE_EMAIL`. A variable set to the
    /// empty string counts as unset; values lose their surrounding
    /// whitespace.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] naming the variables to set when none is set, or
    /// when only one of the key and the email is; naming the variable when
    /// one is only whitespace (a blank `CLOUDFLARE_API_TOKEN` is an error,
    /// not a reason to use the key).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&env::Process)
    }

    pub(crate) fn from_vars<V: Vars + ?Sized>(vars: &V) -> Result<Self, ConfigError> {
        if let Some(token) = vars.get(env::API_TOKEN)? {
            return Ok(Self::api_token(token));
        }
        match (vars.get(env::API_KEY)?, vars.get(env::EMAIL)?) {
            (Some(key), Some(email)) => Ok(Self::api_key(email, key)),
            (Some(_), None) => Err(ConfigError::new(format!(
                "{} is set but {} is not: set both, or set {} instead",
                env::API_KEY,
                env::EMAIL,
                env::API_TOKEN
            ))),
            (None, _) => Err(ConfigError::new(format!(
                "no Cloudflare credentials in the environment: set {}, or {} and {}",
                env::API_TOKEN,
                env::API_KEY,
                env::EMAIL
            ))),
        }
    }

    /// The request headers, checked once when the client is built.
    pub(crate) fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, ConfigError> {
        match &self.0 {
            Kind::ApiToken(token) => {
                let token = token.expose_secret();
                if token.is_empty() {
                    return Err(ConfigError::new(
                        "the API token is empty (or only whitespace)",
                    ));
                }
                let value = sensitive(&format!("Bearer {token}"), "the API token")?;
                Ok(vec![(AUTHORIZATION, value)])
            }
            Kind::ApiKey { email, key } => {
                let key = key.expose_secret();
                if key.is_empty() {
                    return Err(ConfigError::new(
                        "the API key is empty (or only whitespace)",
                    ));
                }
                if email.is_empty() {
                    return Err(ConfigError::new(
                        "the email that goes with the API key is empty (or only whitespace)",
                    ));
                }
                Ok(vec![
                    (
                        HeaderName::from_static("x-auth-email"),
                        sensitive(email, "the email")?,
                    ),
                    (
                        HeaderName::from_static("x-auth-key"),
                        sensitive(key, "the API key")?,
                    ),
                ])
            }
        }
    }
}

/// `value` without its surrounding whitespace, in place.
fn trimmed(mut value: String) -> String {
    value.truncate(value.trim_end().len());
    let start = value.len() - value.trim_start().len();
    value.drain(..start);
    value
}

/// A header value marked sensitive, or an error that names `what` without
/// showing it.
fn sensitive(value: &str, what: &str) -> Result<HeaderValue, ConfigError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        ConfigError::new(format!(
            "{what} cannot be sent in an HTTP header: it contains a character \
             that is not printable ASCII (a line break inside it?)"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::ApiToken(_) => f
                .debug_tuple("Credentials::ApiToken")
                .field(&"[REDACTED]")
                .finish(),
            Kind::ApiKey { email, .. } => f
                .debug_struct("Credentials::ApiKey")
                .field("email", email)
                .field("key", &"[REDACTED]")
                .finish(),
        }
    }
}
