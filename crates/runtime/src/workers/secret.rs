use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::{Map, Value};

use super::strings;

/// A secret of a Worker, as `secrets().update(..)`
/// (`namespace-worker-put-script-secrets`) takes it (its body), and
/// [`SecretsPatch`] for `secrets().bulk_update(..)`
/// (`namespace-worker-patch-script-secrets-bulk`): a text the Worker reads
/// as `env.NAME` ([`Secret::text`]), or key material it uses as a
/// `CryptoKey` ([`Secret::key`], [`Secret::jwk`]).
///
/// On the wire, the JSON of the API's `secret_text` or `secret_key`
/// (<https://developers.cloudflare.com/api/resources/workers_for_platforms/subresources/dispatch/subresources/namespaces/subresources/scripts/subresources/secrets/methods/update/>);
/// the values given here are checked against the spec (a key's `format`
/// and `usages`) when the request is sent, and a refused one is
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field,
/// with nothing sent.
///
/// `Debug` shows the kind and the name only, never the text or the key.
///
/// ```no_run
/// use cloudflare_api::workers::{Secret, SecretsPatch};
///
/// # async fn run(account: cloudflare_api::Account) -> Result<(), cloudflare_api::Error> {
/// let secrets = account.workers_for_platforms().dispatch().namespaces().scripts().secrets();
/// secrets.update("customers", "my-worker").body(Secret::text("API_KEY", "s3cr3t")).send().await?;
/// let hmac = serde_json::json!({"name": "HMAC", "hash": "SHA-256"});
/// let key = Secret::key("SIGNING_KEY", "raw", "c2VjcmV0LWtleQ==", hmac, ["sign", "verify"]);
/// let patch = SecretsPatch::new().set(key).delete("OLD_KEY");
/// secrets.bulk_update("customers", "my-worker").secrets(patch).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq)]
pub struct Secret(Map<String, Value>);

impl Secret {
    /// A text secret (`secret_text`): the Worker reads `text` as
    /// `env.NAME`.
    ///
    /// ```
    /// use cloudflare_api::workers::Secret;
    ///
    /// let secret = Secret::text("API_KEY", "s3cr3t");
    /// assert_eq!(format!("{secret:?}"), r#"Secret { type: "secret_text", name: "API_KEY", .. }"#);
    /// ```
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Secret {
        Secret::of("secret_text", name).with("text", Value::String(text.into()))
    }

    /// A key secret (`secret_key`) from key data in base64 (`key_base64`)
    /// in the `format` `raw`, `pkcs8` or `spki`, imported for `algorithm`
    /// (a JSON object, as WebCrypto's `importKey` takes it:
    /// `{"name": "HMAC", "hash": "SHA-256"}`) and the operations `usages`
    /// (`encrypt`, `decrypt`, `sign`, `verify`, `deriveKey`, `deriveBits`,
    /// `wrapKey`, `unwrapKey`).
    pub fn key<U: Into<String>>(
        name: impl Into<String>,
        format: impl Into<String>,
        key_base64: impl Into<String>,
        algorithm: impl Into<Value>,
        usages: impl IntoIterator<Item = U>,
    ) -> Secret {
        Secret::of("secret_key", name)
            .with("format", Value::String(format.into()))
            .with("key_base64", Value::String(key_base64.into()))
            .with("algorithm", algorithm.into())
            .with("usages", strings(usages))
    }

    /// A key secret (`secret_key`) from a JSON Web Key (`format: jwk`,
    /// `key_jwk`), for `algorithm` and `usages` as in [`Secret::key`].
    pub fn jwk<U: Into<String>>(
        name: impl Into<String>,
        jwk: impl Into<Value>,
        algorithm: impl Into<Value>,
        usages: impl IntoIterator<Item = U>,
    ) -> Secret {
        Secret::of("secret_key", name)
            .with("format", Value::String("jwk".into()))
            .with("key_jwk", jwk.into())
            .with("algorithm", algorithm.into())
            .with("usages", strings(usages))
    }

    fn of(kind: &str, name: impl Into<String>) -> Secret {
        let mut object = Map::new();
        object.insert("name".into(), Value::String(name.into()));
        object.insert("type".into(), Value::String(kind.into()));
        Secret(object)
    }

    fn with(mut self, key: &str, value: Value) -> Secret {
        self.0.insert(key.into(), value);
        self
    }

    /// The secret's name: the Worker reads it as `env.NAME`.
    pub fn name(&self) -> &str {
        self.0.get("name").and_then(Value::as_str).unwrap_or("")
    }

    /// The secret's kind (`type`): `secret_text` or `secret_key`.
    pub fn kind(&self) -> &str {
        self.0.get("type").and_then(Value::as_str).unwrap_or("")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("type", &self.kind())
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}

impl Secret {
    /// This secret as a product's generated type (`types::WorkersSecret`, which
    /// each product crate that sends secrets converts with `TryFrom`, by
    /// this), checked against the spec: `text` makes the text kind's
    /// type, `key` the key kind's. The error names the field and never
    /// holds the secret.
    #[doc(hidden)]
    pub fn into_generated<T, Text, Key>(
        self,
        text: impl FnOnce(Text) -> T,
        key: impl FnOnce(Key) -> T,
    ) -> Result<T, String>
    where
        Text: serde::de::DeserializeOwned,
        Key: serde::de::DeserializeOwned,
    {
        // Objects by their shape only: a value in a message could be a key.
        for field in ["algorithm", "key_jwk"] {
            if self.0.get(field).is_some_and(|v| !v.is_object()) {
                return Err(format!("`{field}` must be a JSON object"));
            }
        }
        let kind = self.kind().to_owned();
        let value = Value::Object(self.0);
        match kind.as_str() {
            "secret_key" => checked(value).map(key),
            _ => checked(value).map(text),
        }
    }
}

/// `value` as `T`, or where and why not.
fn checked<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        format!("at `{path}`: {}", error.into_inner())
    })
}

/// What `secrets().bulk_update(..)` changes at once, as a JSON Merge Patch
/// (RFC 7396): secrets to add or replace ([`set`](Self::set)) and names of
/// secrets to delete ([`delete`](Self::delete)); the script's other
/// secrets stay as they are. What `.secrets(..)` takes.
///
/// `Debug` shows the names and what happens to each, never a secret.
///
/// ```
/// use cloudflare_api::workers::{Secret, SecretsPatch};
///
/// let patch = SecretsPatch::new().set(Secret::text("API_KEY", "s3cr3t")).delete("OLD_KEY");
/// assert_eq!(format!("{patch:?}"), r#"SecretsPatch {"API_KEY": set secret_text, "OLD_KEY": delete}"#);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SecretsPatch(BTreeMap<String, Option<Secret>>);

impl SecretsPatch {
    /// A patch that changes nothing yet.
    pub fn new() -> SecretsPatch {
        SecretsPatch::default()
    }

    /// Adds `secret`, or replaces the script's secret of its name (and
    /// what this patch said of that name before).
    #[must_use]
    pub fn set(mut self, secret: Secret) -> SecretsPatch {
        self.0.insert(secret.name().to_owned(), Some(secret));
        self
    }

    /// Deletes the script's secret `name` (`null` on the wire).
    #[must_use]
    pub fn delete(mut self, name: impl Into<String>) -> SecretsPatch {
        self.0.insert(name.into(), None);
        self
    }
}

impl FromIterator<Secret> for SecretsPatch {
    fn from_iter<I: IntoIterator<Item = Secret>>(secrets: I) -> SecretsPatch {
        secrets
            .into_iter()
            .fold(SecretsPatch::new(), SecretsPatch::set)
    }
}

impl fmt::Debug for SecretsPatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretsPatch ")?;
        let mut map = f.debug_map();
        for (name, change) in &self.0 {
            match change {
                Some(secret) => map.entry(name, &format_args!("set {}", secret.kind())),
                None => map.entry(name, &format_args!("delete")),
            };
        }
        map.finish()
    }
}

/// The generated type of `.secrets(..)` (a product's map of names to its
/// `types::WorkersSecret`), every secret checked as its conversion from
/// [`Secret`] does; the error names the secret.
impl<T: TryFrom<Secret, Error = String>> TryFrom<SecretsPatch> for HashMap<String, Option<T>> {
    type Error = String;

    fn try_from(patch: SecretsPatch) -> Result<Self, String> {
        patch
            .0
            .into_iter()
            .map(|(name, change)| {
                let change = change
                    .map(T::try_from)
                    .transpose()
                    .map_err(|error| format!("the secret `{name}`: {error}"))?;
                Ok((name, change))
            })
            .collect()
    }
}
