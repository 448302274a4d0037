//! `request_media_types_progenitor_takes`: a request body of a media
//! type progenitor 0.15 refuses is handed to it as one it takes, and the
//! media type the spec gives is still the one sent.
//!
//! progenitor takes a body of `application/json`, `application/octet-stream`,
//! `application/x-www-form-urlencoded`, and `text/plain` or
//! `text/x-markdown` whose schema is a plain string; it refuses any other
//! (`unexpected content type`), and a text body whose schema says more
//! (`invalid schema for text/plain`), for the whole spec. Cloudflare's
//! schema has (2026-08-14):
//!
//! - JSON under another name, `application/scim+json` (the SCIM
//!   provisioning of users and groups, 5 operations): the body is handed
//!   over as `application/json`, typed as the spec says;
//! - other media types, `application/x-ndjson` (Vectorize's insert and
//!   upsert, 4 operations): the body is handed over as
//!   `application/octet-stream`, bytes the caller gives;
//! - a text body of `format: binary` (Log Explorer's SQL query): its schema
//!   becomes a plain string, with its description.
//!
//! In the first two cases the operation gets [`MEDIA_TYPE_EXTENSION`],
//! the media type as the spec gives it, and `crate::generate::media_types`
//! has the operation's `send()` set it as the request's `Content-Type`.
//! `multipart/form-data` is `crate::normalize::multipart`'s, which runs
//! after this.

use serde_json::{Map, Value, json};

use super::{for_each_operation, media_type};
use crate::spec::refs::resolve;

/// Where the normalization writes, on an operation, the media type its
/// body is sent as.
pub(crate) const MEDIA_TYPE_EXTENSION: &str = "x-rust-media-type";

/// The media types progenitor takes for a body as they are.
const TAKEN: [&str; 3] = [
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
];

/// Text media types progenitor takes, with a plain string schema.
const TEXT: [&str; 2] = ["text/plain", "text/x-markdown"];

/// See the module's docs.
pub(crate) fn request_media_types_progenitor_takes(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    for_each_operation(document, |_, operation| {
        let Some(body) = operation.get("requestBody") else {
            return;
        };
        let body = resolve(&snapshot, body);
        let Some(Value::Object(content)) = body.get("content") else {
            return;
        };
        let [(media, object)] = &content.iter().collect::<Vec<_>>()[..] else {
            return;
        };
        let essence = media_type(media);
        let schema = object.get("schema").unwrap_or(&Value::Null);
        let (taken, schema, sent) = if TEXT.contains(&essence.as_str()) {
            if is_plain_string(resolve(&snapshot, schema)) {
                return;
            }
            let mut text = Map::new();
            text.insert("type".into(), json!("string"));
            if let Some(description) = resolve(&snapshot, schema).get("description") {
                text.insert("description".into(), description.clone());
            }
            ((*media).clone(), Value::Object(text), None)
        } else if TAKEN.contains(&essence.as_str()) || essence == "multipart/form-data" {
            return;
        } else if essence.ends_with("+json") {
            ("application/json".to_owned(), schema.clone(), Some(media))
        } else {
            (
                "application/octet-stream".to_owned(),
                json!({"type": "string", "format": "binary"}),
                Some(media),
            )
        };
        let mut handed = (*object).clone();
        handed["schema"] = schema;
        let mut body = body.clone();
        body["content"] = json!({ taken: handed });
        if let Some(sent) = sent {
            operation.insert(MEDIA_TYPE_EXTENSION.into(), json!(sent));
        }
        operation.insert("requestBody".into(), body);
    });
}

/// `{type: string}`, with nothing that constrains it: what progenitor
/// takes for a text body.
fn is_plain_string(schema: &Value) -> bool {
    let Some(schema) = schema.as_object() else {
        return false;
    };
    schema.get("type") == Some(&json!("string"))
        && [
            "format",
            "pattern",
            "enum",
            "minLength",
            "maxLength",
            "default",
            "nullable",
        ]
        .iter()
        .all(|key| !schema.contains_key(*key) || (*key == "nullable" && schema[*key] == false))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{MEDIA_TYPE_EXTENSION, request_media_types_progenitor_takes};

    #[test]
    fn a_body_progenitor_refuses_is_handed_over_as_one_it_takes_keeping_what_is_sent() {
        let user = json!({"type": "object", "properties": {"userName": {"type": "string"}}});
        let mut document = json!({"paths": {
            "/scim": {"post": {"requestBody": {"content": {
                "application/scim+json": {"schema": user},
            }}}},
            "/ndjson": {"post": {"requestBody": {"$ref": "#/components/requestBodies/vectors"}}},
            "/sql": {"post": {"requestBody": {"content": {
                "text/plain": {"schema": {"type": "string", "format": "binary", "description": "SQL."}},
            }}}},
            "/json": {"post": {"requestBody": {"content": {
                "application/json": {"schema": user},
            }}}},
        }, "components": {"requestBodies": {"vectors": {"required": true, "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
        }}}}});
        let before_json = document["paths"]["/json"].clone();
        request_media_types_progenitor_takes(&mut document);
        let post = |route: &str| document["paths"][route]["post"].clone();
        assert_eq!(
            post("/scim")["requestBody"]["content"],
            json!({"application/json": {"schema": user}})
        );
        assert_eq!(post("/scim")[MEDIA_TYPE_EXTENSION], "application/scim+json");
        // A shared body is written into the operation; the component stays.
        assert_eq!(
            post("/ndjson")["requestBody"],
            json!({"required": true, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            }})
        );
        assert_eq!(
            post("/ndjson")[MEDIA_TYPE_EXTENSION],
            "application/x-ndjson"
        );
        assert!(
            document["components"]["requestBodies"]["vectors"]["content"]["application/x-ndjson"]
                .is_object()
        );
        assert_eq!(
            post("/sql")["requestBody"]["content"],
            json!({"text/plain": {"schema": {"type": "string", "description": "SQL."}}})
        );
        assert!(post("/sql").get(MEDIA_TYPE_EXTENSION).is_none());
        assert_eq!(document["paths"]["/json"], before_json);
    }
}
