//! The environment variables [`Client::from_env`](crate::Client::from_env)
//! reads, behind a trait so that tests can supply them without touching the
//! process environment.

use crate::Error;

pub(crate) const API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
pub(crate) const API_KEY: &str = "CLOUDFLARE_API_KEY";
pub(crate) const EMAIL: &str = "CLOUDFLARE_EMAIL";
pub(crate) const BASE_URL: &str = "CLOUDFLARE_BASE_URL";

/// A source of environment variables.
pub(crate) trait Vars {
    /// The variable's value; `None` when unset or empty.
    fn get(&self, name: &str) -> Result<Option<String>, Error>;
}

/// The process environment.
pub(crate) struct Process;

impl Vars for Process {
    fn get(&self, name: &str) -> Result<Option<String>, Error> {
        match std::env::var(name) {
            Ok(value) if value.is_empty() => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(Error::config(format!("{name} is not valid UTF-8")))
            }
        }
    }
}

#[cfg(test)]
impl Vars for [(&str, &str)] {
    fn get(&self, name: &str) -> Result<Option<String>, Error> {
        Ok(self
            .iter()
            .find(|(key, value)| *key == name && !value.is_empty())
            .map(|(_, value)| (*value).to_owned()))
    }
}
