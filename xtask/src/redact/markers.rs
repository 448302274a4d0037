//! `secret_markers`, the normalization that runs first: one marker for
//! every secret schema, which the later normalizations keep.

use serde_json::{Map, Value};

use crate::spec::refs::is_data;

/// Every schema that [`is_secret`](super::is_secret) also says
/// `x-sensitive: true`; a `$ref` with a marker beside it becomes
/// `allOf: [{$ref}]` with the marker, so that the marker is not lost with
/// the `$ref`'s other siblings (typify generates the same type for it).
pub(crate) fn canonical_markers(document: &mut Value) {
    visit(document);
}

fn visit(value: &mut Value) {
    if super::is_secret(value)
        && let Value::Object(object) = value
    {
        mark(object);
    }
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if !is_data(key) {
                    visit(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(visit),
        _ => {}
    }
}

fn mark(object: &mut Map<String, Value>) {
    object.insert("x-sensitive".into(), Value::Bool(true));
    if let Some(reference) = object.remove("$ref") {
        let mut target = Map::new();
        target.insert("$ref".into(), reference);
        object.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_secret_says_x_sensitive_and_a_marked_ref_keeps_its_marker() {
        let mut document = json!({"components": {"schemas": {"login": {"properties": {
            "user": {"type": "string"},
            "password": {"type": "string", "format": "password"},
            "key": {"$ref": "#/components/schemas/key", "writeOnly": true},
            "token": {"$ref": "#/components/schemas/token"},
        }, "example": {"password": {"writeOnly": true}}}}}});
        canonical_markers(&mut document);
        let properties = &document["components"]["schemas"]["login"]["properties"];
        assert_eq!(properties["user"], json!({"type": "string"}));
        assert_eq!(
            properties["password"],
            json!({"type": "string", "format": "password", "x-sensitive": true})
        );
        assert_eq!(
            properties["key"],
            json!({"allOf": [{"$ref": "#/components/schemas/key"}], "writeOnly": true, "x-sensitive": true})
        );
        assert_eq!(
            properties["token"],
            json!({"$ref": "#/components/schemas/token"})
        );
        // Examples are data.
        assert_eq!(
            document["components"]["schemas"]["login"]["example"],
            json!({"password": {"writeOnly": true}})
        );
    }
}
