//! The envelope's common items, [`ResponseInfo`] (one of `errors[]` or
//! `messages[]`) and [`ResultInfo`] (`result_info`), decoded leniently.
//!
//! Cloudflare's answers drift from its published schema exactly here:
//! codes sent as strings (`"10000"`) or floats (`1000.0`), items without a
//! `message`, messages sent as plain strings, `error_chain`, `meta` and
//! `source` fields the schema never lists, paging counts as floats. One
//! odd item must never make a whole answer undecodable, so these two types
//! are written by hand and `cargo xtask regen` has typify use them for the
//! spec's `response-info` and `result-info` schemas (see
//! `xtask/src/generate.rs`). Their `Deserialize` accepts any JSON value and
//! never fails; what does not fit a field is kept in `extra`.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// One item of an envelope's `errors[]` or `messages[]`.
///
/// Decoding never fails:
/// - `code` is read from a JSON integer, a float with no fraction
///   (`1000.0`) or a string holding either (`"1000"`); any other code
///   leaves `code` at `0` and is kept in `extra["code"]`;
/// - an item with no `message` (or a non-string one) has an empty
///   `message` (a non-string one is kept in `extra["message"]`);
/// - an item that is a plain string (`"messages": ["Some results were
///   unsuccessful"]`) is a `message` with code `0`; any other non-object
///   item becomes a `message` holding its JSON text;
/// - every other field (`source`, `meta`, `error_chain`, ...) is kept in
///   `extra`, and [`error_chain`](Self::error_chain) decodes Cloudflare's
///   nested causes.
///
/// ```
/// use cloudflare_api_runtime::ResponseInfo;
///
/// let item: ResponseInfo = serde_json::from_str(
///     r#"{"code":"10026","error_chain":[{"code":10001,"message":"the cause"}]}"#,
/// ).unwrap();
/// assert_eq!(item.code, 10026);
/// assert_eq!(item.message, "");
/// assert_eq!(item.error_chain()[0].message, "the cause");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResponseInfo {
    /// Cloudflare's code for this error or message (documented as an
    /// integer of at least 1000); `0` when the item had none that reads as
    /// an integer.
    pub code: i64,
    /// What happened, in English; empty when the item had no message.
    pub message: String,
    /// Where the documentation of this error or message is, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Every other field of the item, as sent (`source`, `meta`,
    /// `error_chain`, ...), and a `code` or `message` that could not be
    /// read as one.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResponseInfo {
    /// An item with this code and message.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            documentation_url: None,
            extra: Map::new(),
        }
    }

    /// The nested causes Cloudflare sends in `error_chain`, decoded the
    /// same lenient way; empty when there are none.
    pub fn error_chain(&self) -> Vec<ResponseInfo> {
        self.extra
            .get("error_chain")
            .map(list_from_value)
            .unwrap_or_default()
    }

    /// `source.pointer`: the JSON pointer into the request body that the
    /// item is about, when given.
    pub fn pointer(&self) -> Option<&str> {
        self.extra.get("source")?.get("pointer")?.as_str()
    }

    /// The item a JSON value stands for; see the type's documentation.
    pub fn from_value(value: Value) -> Self {
        let mut fields = match value {
            Value::Object(fields) => fields,
            Value::String(message) => return Self::new(0, message),
            other => return Self::new(0, other.to_string()),
        };
        let mut item = Self::default();
        if let Some(code) = fields.remove("code") {
            match integer(&code) {
                Some(code) => item.code = code,
                None => {
                    fields.insert("code".into(), code);
                }
            }
        }
        match fields.remove("message") {
            Some(Value::String(message)) => item.message = message,
            Some(Value::Null) | None => {}
            Some(other) => {
                fields.insert("message".into(), other);
            }
        }
        match fields.remove("documentation_url") {
            Some(Value::String(url)) => item.documentation_url = Some(url),
            Some(Value::Null) | None => {}
            Some(other) => {
                fields.insert("documentation_url".into(), other);
            }
        }
        item.extra = fields;
        item
    }
}

impl<'de> Deserialize<'de> for ResponseInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// Reads an item field by field, as [`ResponseInfo::from_value`] does with
/// a whole value, without building that value first (an item is decoded on
/// every answer that has one, so this saves allocations per call).
struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = ResponseInfo;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item of `errors` or `messages`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ResponseInfo, A::Error> {
        let mut item = ResponseInfo::default();
        while let Some(key) = map.next_key::<Key>()? {
            let value: Value = map.next_value()?;
            match (key, value) {
                (Key::Code, value) => match integer(&value) {
                    Some(code) => item.code = code,
                    None => {
                        item.extra.insert("code".into(), value);
                    }
                },
                (Key::Message, Value::String(message)) => item.message = message,
                (Key::DocumentationUrl, Value::String(url)) => item.documentation_url = Some(url),
                (Key::Message | Key::DocumentationUrl, Value::Null) => {}
                (key, value) => {
                    item.extra.insert(key.into_name(), value);
                }
            }
        }
        Ok(item)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::new(0, text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::new(0, text))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::new(0, value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::new(0, value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::new(0, value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::from_value(Value::from(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<ResponseInfo, E> {
        Ok(ResponseInfo::from_value(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ResponseInfo, A::Error> {
        let items = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(ResponseInfo::from_value(items))
    }
}

/// A field name of an item, without allocating for the three it names.
enum Key {
    Code,
    Message,
    DocumentationUrl,
    Other(String),
}

impl Key {
    fn into_name(self) -> String {
        match self {
            Key::Code => "code".into(),
            Key::Message => "message".into(),
            Key::DocumentationUrl => "documentation_url".into(),
            Key::Other(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    "code" => Key::Code,
                    "message" => Key::Message,
                    "documentation_url" => Key::DocumentationUrl,
                    other => Key::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A list of items from `errors` or `messages` as sent: `null` is none, an
/// array is its items, anything else is one item.
pub(crate) fn list_from_value(value: &Value) -> Vec<ResponseInfo> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .cloned()
            .map(ResponseInfo::from_value)
            .collect(),
        other => vec![ResponseInfo::from_value(other.clone())],
    }
}

/// Paging information that list operations return next to `result`.
///
/// Counts are integers: Cloudflare's schema calls them `number`, and they
/// are read from JSON integers, floats with no fraction and numeric
/// strings. Decoding never fails: a field that is not a non-negative
/// integer is kept in `extra` instead, with every field this type does not
/// name (`cursors`, `total_pages` of some products, ...).
///
/// ```
/// use cloudflare_api_runtime::ResultInfo;
///
/// let info: ResultInfo =
///     serde_json::from_str(r#"{"page":1,"per_page":20.0,"count":"1","total_count":1}"#).unwrap();
/// assert_eq!((info.page, info.per_page, info.count, info.total_count), (Some(1), Some(20), Some(1), Some(1)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResultInfo {
    /// The page this answer holds, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// How many results a page holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
    /// How many results this answer holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// How many results there are in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// The cursor to pass to get the next page, for cursor-paged lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Every other field, as sent, and a field above that could not be read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResultInfo {
    /// The paging information a JSON value stands for; `None` for `null`.
    /// A value that is not an object is kept whole in `extra["value"]`.
    pub fn from_value(value: Value) -> Option<Self> {
        let mut fields = match value {
            Value::Null => return None,
            Value::Object(fields) => fields,
            other => Map::from_iter([("value".to_owned(), other)]),
        };
        let mut count = |name: &str| {
            let value = fields.remove(name)?;
            match count(&value) {
                Some(n) => Some(n),
                None => {
                    if !value.is_null() {
                        fields.insert(name.to_owned(), value);
                    }
                    None
                }
            }
        };
        let (page, per_page, count_, total_count) = (
            count("page"),
            count("per_page"),
            count("count"),
            count("total_count"),
        );
        let cursor = match fields.remove("cursor") {
            Some(Value::String(cursor)) => Some(cursor),
            Some(Value::Null) | None => None,
            Some(other) => {
                fields.insert("cursor".into(), other);
                None
            }
        };
        Some(Self {
            page,
            per_page,
            count: count_,
            total_count,
            cursor,
            extra: fields,
        })
    }
}

impl<'de> Deserialize<'de> for ResultInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `null` is handled by the `Option` around it; here it is empty.
        Value::deserialize(deserializer).map(|value| Self::from_value(value).unwrap_or_default())
    }
}

/// A count (a non-negative integer) from a JSON integer, a float with no
/// fraction, or a string holding either, as [`ResultInfo`] reads its
/// counts.
pub(crate) fn count(value: &Value) -> Option<u64> {
    integer(value).and_then(|n| u64::try_from(n).ok())
}

/// An integer from a JSON integer, a float with no fraction, or a string
/// holding either.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| whole(number.as_f64()?)),
        Value::String(text) => {
            let text = text.trim();
            text.parse::<i64>()
                .ok()
                .or_else(|| whole(text.parse::<f64>().ok()?))
        }
        _ => None,
    }
}

fn whole(float: f64) -> Option<i64> {
    // Every integer-valued f64 in this range converts exactly.
    (float.fract() == 0.0 && float.abs() < 9.0e15).then_some(float as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(value: Value) -> ResponseInfo {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn codes_as_integers_floats_and_strings() {
        assert_eq!(info(json!({"code": 10026, "message": "m"})).code, 10026);
        assert_eq!(info(json!({"code": 1000.0, "message": "m"})).code, 1000);
        assert_eq!(info(json!({"code": "1000", "message": "m"})).code, 1000);
        assert_eq!(info(json!({"code": " 7003.0 "})).code, 7003);
        let odd = info(json!({"code": "E_FOO", "message": "m"}));
        assert_eq!((odd.code, odd.extra["code"].clone()), (0, json!("E_FOO")));
        let fraction = info(json!({"code": 1.5}));
        assert_eq!(
            (fraction.code, fraction.extra["code"].clone()),
            (0, json!(1.5))
        );
    }

    #[test]
    fn missing_messages_strings_and_other_values() {
        assert_eq!(info(json!({"code": 1})).message, "");
        assert_eq!(
            info(json!("Some results were unsuccessful")),
            ResponseInfo::new(0, "Some results were unsuccessful")
        );
        assert_eq!(info(json!(42)), ResponseInfo::new(0, "42"));
        let odd = info(json!({"code": 1, "message": {"en": "hi"}}));
        assert_eq!(odd.message, "");
        assert_eq!(odd.extra["message"], json!({"en": "hi"}));
    }

    #[test]
    fn unknown_fields_and_the_error_chain_are_kept() {
        let item = info(json!({
            "code": 10000,
            "message": "outer",
            "documentation_url": "https://developers.cloudflare.com/",
            "source": {"pointer": "/name"},
            "meta": {"l10n_key": "x"},
            "error_chain": [{"code": "10001", "message": "inner"}, "plain"],
        }));
        assert_eq!(item.pointer(), Some("/name"));
        assert_eq!(item.extra["meta"], json!({"l10n_key": "x"}));
        assert_eq!(
            item.error_chain(),
            vec![
                ResponseInfo::new(10001, "inner"),
                ResponseInfo::new(0, "plain")
            ]
        );
        let round_trip: Value = serde_json::to_value(&item).unwrap();
        assert_eq!(round_trip["source"], json!({"pointer": "/name"}));
        assert_eq!(round_trip["code"], json!(10000));
    }

    #[test]
    fn decoding_agrees_with_from_value_for_every_kind_of_item() {
        for value in [
            json!({"code": 1, "message": "m", "documentation_url": "u", "source": {"pointer": "/a"}}),
            json!({"code": "E", "message": 5, "documentation_url": null, "message2": []}),
            json!({"code": null, "message": null}),
            json!("text"),
            json!(1.5),
            json!(-3),
            json!(true),
            json!(null),
            json!([1, "two"]),
            json!({}),
        ] {
            let text = value.to_string();
            let decoded: ResponseInfo = serde_json::from_str(&text).unwrap();
            assert_eq!(decoded, ResponseInfo::from_value(value), "{text}");
        }
    }

    #[test]
    fn lists_from_null_arrays_and_single_values() {
        assert!(list_from_value(&Value::Null).is_empty());
        assert_eq!(
            list_from_value(&json!(["a"])),
            vec![ResponseInfo::new(0, "a")]
        );
        assert_eq!(
            list_from_value(&json!({"code": 5})),
            vec![ResponseInfo::new(5, "")]
        );
    }

    #[test]
    fn result_info_counts_are_integers_and_the_rest_is_kept() {
        let info: ResultInfo = serde_json::from_value(json!({
            "page": 1, "per_page": 20.0, "count": "1", "total_count": 1,
            "cursor": "abc", "cursors": {"after": "x"}, "total_pages": 3,
        }))
        .unwrap();
        assert_eq!(info.page, Some(1));
        assert_eq!(info.per_page, Some(20));
        assert_eq!(info.count, Some(1));
        assert_eq!(info.total_count, Some(1));
        assert_eq!(info.cursor.as_deref(), Some("abc"));
        assert_eq!(info.extra["cursors"], json!({"after": "x"}));
        assert_eq!(info.extra["total_pages"], json!(3));
        let odd = ResultInfo::from_value(json!({"page": -1, "count": "many"})).unwrap();
        assert_eq!((odd.page, odd.count), (None, None));
        assert_eq!(odd.extra["page"], json!(-1));
        assert_eq!(odd.extra["count"], json!("many"));
        assert_eq!(ResultInfo::from_value(Value::Null), None);
    }
}
