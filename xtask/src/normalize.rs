//! The few rewrites that let progenitor and typify take the spec as
//! Cloudflare writes it. The spec stays in Cloudflare's terms; what changes is
//! only the merged document handed to progenitor, never a file on disk.
//!
//! | rewrite | why |
//! |---|---|
//! | `null_only_to_any`: `enum: [null]` becomes "any value, nullable" | typify makes `enum: [null]` a strict `()`, which rejects `{}`, `[]` or anything else a server sends in `result` of a failed call, and so would make a readable error response undecodable |
//!
//! Add a rewrite here (one function, one row) only when progenitor cannot
//! take a construct that the real API needs; say in the row what typify or
//! progenitor does without it.

use serde_json::{Map, Value};

/// Applies every rewrite, in order, to the merged document.
pub(crate) fn apply(document: &mut Value) {
    visit_schemas(document, &mut null_only_to_any);
}

/// `{type: object, nullable: true, enum: [null]}` (Cloudflare's "always
/// null") becomes `{nullable: true}`: typify then generates
/// `Option<serde_json::Value>`, which decodes whatever the server sends.
fn null_only_to_any(object: &mut Map<String, Value>) {
    let null_only = match object.get("enum") {
        Some(Value::Array(values)) => !values.is_empty() && values.iter().all(Value::is_null),
        _ => false,
    };
    if null_only {
        object.remove("enum");
        object.remove("type");
        object.insert("nullable".into(), Value::Bool(true));
    }
}

/// Calls `rewrite` on every object of the document that can be a schema,
/// depth first, skipping the keys whose values are data, not schemas.
fn visit_schemas(value: &mut Value, rewrite: &mut impl FnMut(&mut Map<String, Value>)) {
    const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];
    match value {
        Value::Object(object) => {
            rewrite(object);
            for (key, child) in object.iter_mut() {
                if !DATA_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    visit_schemas(child, rewrite);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| visit_schemas(item, rewrite)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    #[test]
    fn null_only_enum_becomes_any_nullable_value() {
        let mut document = json!({"components": {"schemas": {"failure": {"properties": {
            "result": {"type": "object", "nullable": true, "enum": [null]},
        }}}}});
        apply(&mut document);
        assert_eq!(
            document["components"]["schemas"]["failure"]["properties"]["result"],
            json!({"nullable": true})
        );
    }

    #[test]
    fn other_enums_and_examples_are_left_alone() {
        let original = json!({
            "success": {"type": "boolean", "enum": [true]},
            "example": {"enum": [null]},
            "x-cfPermissionsRequired": {"enum": [null]},
        });
        let mut document = original.clone();
        apply(&mut document);
        assert_eq!(document, original);
    }
}
