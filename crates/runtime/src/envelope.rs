//! Cloudflare's response envelope, seen the same way for every operation.
//!
//! Every Cloudflare API answer is `{ success, errors, messages, result }`,
//! sometimes with `result_info`. Each operation's generated response type
//! spells that out with its own `result`; `cargo xtask regen` implements
//! [`Envelope`] for every generated type of that shape, so code above this
//! crate can handle any operation's answer with one generic function, and
//! [`EnvelopeParts::from_slice`] reads any answer that the generated type
//! refuses over its common fields.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{ResponseInfo, ResultInfo, info};

/// A generated type that is a Cloudflare response envelope.
pub trait Envelope {
    /// What the operation returns in `result`.
    ///
    /// For an operation whose spec declares no particular `result` (it is
    /// `null`, or anything), this is `Option<serde_json::Value>`; for a
    /// list it is a `Vec`; for a `result` the spec makes `nullable`, an
    /// `Option` of it; else the declared type.
    type Result;

    /// Splits the envelope into its parts.
    fn into_parts(self) -> EnvelopeParts<Self::Result>;

    /// What a successful answer without a `result` (absent, `null`, or no
    /// body at all) means for this operation, as its spec says: an empty
    /// list for a list (or a map the generated type defaults), `None` for
    /// a `result` that is nullable, `null` or anything, and nothing
    /// (`None` here: an answer without its result) for any other declared
    /// result, required or not.
    fn result_when_absent() -> Option<Self::Result>;

    /// The JSON names under which this operation's answers can hold a
    /// value the spec marks secret (a field such as `jwt`, or an entry of
    /// an open map such as a binding's `text`), at any depth; `"*"` when
    /// any name of an open map can. Errors that quote an answer's body
    /// show `"<redacted>"` there instead. None by default.
    const SECRET_FIELDS: &'static [&'static str] = &[];
}

/// The failure of an operation that declares none that is an envelope
/// (progenitor's `()`): regen leaves every failure answer that is not an
/// envelope undeclared (its normalization
/// `failures_without_envelope_undeclared`), so that such an answer comes
/// to the caller as the bytes the API sent, with its status and headers,
/// its errors read from it when it holds any. Nothing is in `()`.
impl Envelope for () {
    type Result = Option<Value>;

    fn into_parts(self) -> EnvelopeParts<Self::Result> {
        EnvelopeParts {
            success: None,
            errors: Vec::new(),
            messages: Vec::new(),
            result: None,
            result_info: None,
        }
    }

    fn result_when_absent() -> Option<Self::Result> {
        Some(None)
    }
}

/// Any JSON answer is read as an envelope, leniently: what an operation
/// whose spec gives no envelope schema (progenitor types it
/// `serde_json::Value`, as for some failures of Cloudflare's published
/// schema) is normalized with. `result` is the answer's `result`, as JSON.
impl Envelope for Value {
    type Result = Option<Value>;

    fn into_parts(self) -> EnvelopeParts<Self::Result> {
        match self {
            Value::Object(mut map) => {
                let raw = Lenient::<Option<Value>> {
                    success: map.remove("success").unwrap_or_default(),
                    errors: map.remove("errors").unwrap_or_default(),
                    messages: map.remove("messages").unwrap_or_default(),
                    result: map.remove("result").filter(|v| !v.is_null()).map(Some),
                    result_info: map.remove("result_info").unwrap_or_default(),
                };
                raw.into()
            }
            // Not an envelope at all: the whole answer is the result.
            other => EnvelopeParts {
                success: None,
                errors: Vec::new(),
                messages: Vec::new(),
                result: Some(Some(other)),
                result_info: None,
            },
        }
    }

    fn result_when_absent() -> Option<Self::Result> {
        Some(None)
    }
}

/// The parts of a response envelope.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EnvelopeParts<T> {
    /// Whether the API says the call succeeded; `None` when the answer did
    /// not say (or said it with something other than `true` or `false`).
    pub success: Option<bool>,
    /// The errors the API reported; empty on success.
    pub errors: Vec<ResponseInfo>,
    /// The API's informational messages.
    pub messages: Vec<ResponseInfo>,
    /// The result, `None` when the answer had none (absent or `null`).
    pub result: Option<T>,
    /// Paging information, when the answer has it.
    pub result_info: Option<ResultInfo>,
}

impl<T> EnvelopeParts<T> {
    /// Parts from their values; missing `errors` or `messages` are none.
    pub fn new(
        success: bool,
        errors: Option<Vec<ResponseInfo>>,
        messages: Option<Vec<ResponseInfo>>,
        result: Option<T>,
        result_info: Option<ResultInfo>,
    ) -> Self {
        Self {
            success: Some(success),
            errors: errors.unwrap_or_default(),
            messages: messages.unwrap_or_default(),
            result,
            result_info,
        }
    }
}

impl<T: DeserializeOwned> EnvelopeParts<T> {
    /// Reads an envelope whose `result` is a `T`, taking its common fields
    /// as they come:
    /// - `errors` and `messages` become lists of [`ResponseInfo`]: missing
    ///   or `null` is none, an array is its items, any other value is one
    ///   item;
    /// - a `success` that is missing or not a boolean is `None`;
    /// - `result_info` never fails ([`ResultInfo`]);
    /// - unknown fields are ignored.
    ///
    /// # Errors
    ///
    /// When `body` is not a JSON object, or its `result` is not a `T`
    /// (the error's line and column say where).
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        // serde would also read the fields from a JSON array, in order.
        if body.trim_ascii_start().first() != Some(&b'{') {
            return Err(serde::de::Error::custom("an envelope is a JSON object"));
        }
        let raw: Lenient<T> = serde_json::from_slice(body)?;
        Ok(raw.into())
    }

    /// As [`from_slice`](Self::from_slice), from any deserializer (such as
    /// `serde_path_to_error`'s, which names where decoding failed).
    ///
    /// # Errors
    ///
    /// As [`from_slice`](Self::from_slice).
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Lenient::<T>::deserialize(deserializer).map(Into::into)
    }
}

/// The envelope with every common field optional and read leniently.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Lenient<T> {
    #[serde(default)]
    success: Value,
    #[serde(default)]
    errors: Value,
    #[serde(default)]
    messages: Value,
    #[serde(default = "none")]
    result: Option<T>,
    #[serde(default)]
    result_info: Value,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> From<Lenient<T>> for EnvelopeParts<T> {
    fn from(raw: Lenient<T>) -> Self {
        Self {
            success: raw.success.as_bool(),
            errors: info::list_from_value(&raw.errors),
            messages: info::list_from_value(&raw.messages),
            result: raw.result,
            result_info: ResultInfo::from_value(raw.result_info),
        }
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn any_json_answer_is_an_envelope() {
        let parts = serde_json::json!({
            "success": false,
            "errors": [{ "code": "10007", "message": "not found" }],
            "result": null,
        })
        .into_parts();
        assert_eq!(parts.success, Some(false));
        assert_eq!(parts.errors[0].code, 10007);
        assert_eq!(parts.result, None);
        let parts = serde_json::json!({ "result": { "id": 1 } }).into_parts();
        assert_eq!(parts.result, Some(Some(serde_json::json!({ "id": 1 }))));
        let parts = serde_json::json!([1, 2]).into_parts();
        assert_eq!(parts.result, Some(Some(serde_json::json!([1, 2]))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Thing {
        name: String,
    }

    fn parts(body: &str) -> EnvelopeParts<Thing> {
        EnvelopeParts::from_slice(body.as_bytes()).unwrap()
    }

    #[test]
    fn common_fields_may_be_missing_null_or_odd() {
        let bare = parts(r#"{"result":{"name":"a"}}"#);
        assert_eq!(bare.success, None);
        assert!(bare.errors.is_empty() && bare.messages.is_empty());
        assert_eq!(bare.result, Some(Thing { name: "a".into() }));
        let nulls = parts(r#"{"success":false,"errors":null,"messages":null,"result":null}"#);
        assert_eq!(nulls.success, Some(false));
        assert_eq!(nulls.result, None);
        let odd = parts(
            r#"{"success":"yes","errors":[{"code":"7003"}],"messages":["hi"],"result_info":{"page":1.0}}"#,
        );
        assert_eq!(odd.success, None);
        assert_eq!(odd.errors, vec![ResponseInfo::new(7003, "")]);
        assert_eq!(odd.messages, vec![ResponseInfo::new(0, "hi")]);
        assert_eq!(odd.result_info.unwrap().page, Some(1));
    }

    #[test]
    fn a_result_of_the_wrong_shape_is_an_error() {
        assert!(
            EnvelopeParts::<Thing>::from_slice(br#"{"success":true,"result":{"name":1}}"#).is_err()
        );
        assert!(EnvelopeParts::<Thing>::from_slice(b"[1]").is_err());
        assert!(EnvelopeParts::<Thing>::from_slice(b"").is_err());
    }
}
