//! The environment variables [`Client::from_env`](crate::Client::from_env)
//! reads, behind a trait so that tests can supply them without touching the
//! process environment.

use crate::ConfigError;

pub(crate) const API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
pub(crate) const API_KEY: &str = "CLOUDFLARE_API_KEY";
pub(crate) const EMAIL: &str = "CLOUDFLARE_EMAIL";
pub(crate) const BASE_URL: &str = "CLOUDFLARE_BASE_URL";

/// A source of environment variables.
pub(crate) trait Vars {
    /// The variable's value as it is set; `None` when unset.
    fn raw(&self, name: &str) -> Result<Option<String>, ConfigError>;

    /// The variable's value without surrounding whitespace (a token read
    /// from a file often ends with a newline); `None` when unset or empty.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] naming the variable when it holds only
    /// whitespace: set by mistake, it must not count as unset (and let other
    /// credentials through) nor be sent.
    fn get(&self, name: &str) -> Result<Option<String>, ConfigError> {
        let Some(value) = self.raw(name)? else {
            return Ok(None);
        };
        if value.is_empty() {
            return Ok(None);
        }
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(ConfigError::new(format!(
                "{name} is set but blank (only whitespace): give it a value, or unset it"
            )));
        }
        Ok(Some(trimmed.to_owned()))
    }
}

/// The process environment.
pub(crate) struct Process;

impl Vars for Process {
    fn raw(&self, name: &str) -> Result<Option<String>, ConfigError> {
        match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(ConfigError::new(format!("{name} is not valid UTF-8")))
            }
        }
    }
}

#[cfg(test)]
impl Vars for [(&str, &str)] {
    fn raw(&self, name: &str) -> Result<Option<String>, ConfigError> {
        Ok(self
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned()))
    }
}
