//! `disjoint_any_of_as_one_of`: an `anyOf` whose alternatives are of
//! different JSON types (an object and a list: Zero Trust's SCIM
//! `authentication`, one scheme or a list of them) becomes a `oneOf`.
//!
//! No value can match two alternatives of different types, so `anyOf` and
//! `oneOf` mean the same. typify makes an `anyOf` a struct of its
//! alternatives, each `#[serde(flatten)]` and optional, and serde cannot
//! flatten a list: an answer holding the list failed to decode (`invalid
//! type: sequence, expected a map`), and the list could not be sent. A
//! `oneOf` is the untagged enum it means.
//!
//! An alternative's type is its `type`, through `$ref`s; an object schema
//! written without one (`properties`) is an object; a union whose
//! alternatives are all of one type is of that type. An alternative whose
//! type is unknown leaves the `anyOf` as it is.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::refs::resolve;

/// How deep a union's alternatives are followed (a recursive schema stops
/// here, its type unknown).
const MAX_DEPTH: usize = 8;

/// Rewrites every such `anyOf` of `document`.
pub(crate) fn disjoint_any_of_as_one_of(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    super::visit_schemas(document, &mut |object| {
        let Some(Value::Array(alternatives)) = object.get("anyOf") else {
            return;
        };
        if alternatives.len() < 2 {
            return;
        }
        let mut types = BTreeSet::new();
        for alternative in alternatives {
            let Some(kind) = type_of(&snapshot, alternative, 0) else {
                return;
            };
            if !types.insert(kind) {
                return;
            }
        }
        if let Some(alternatives) = object.remove("anyOf") {
            object.insert("oneOf".into(), alternatives);
        }
    });
}

/// The JSON type every value of `schema` has, when one does.
fn type_of(document: &Value, schema: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let schema = resolve(document, schema);
    let kind = match schema.get("type").and_then(Value::as_str) {
        Some("integer" | "number") => Some("number".to_owned()),
        Some(kind) => Some(kind.to_owned()),
        None if schema.get("properties").is_some() => Some("object".to_owned()),
        None => None,
    };
    if kind.is_some() {
        return kind;
    }
    let alternatives = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)?;
    let mut kinds = alternatives
        .iter()
        .map(|alternative| type_of(document, alternative, depth + 1));
    let first = kinds.next()??;
    kinds
        .all(|kind| kind.as_deref() == Some(first.as_str()))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::disjoint_any_of_as_one_of;

    #[test]
    fn alternatives_of_different_types_are_a_one_of() {
        let mut document = json!({"components": {"schemas": {
            "single": {"anyOf": [
                {"type": "object", "properties": {"scheme": {"type": "string"}}},
                {"properties": {"token": {"type": "string"}}},
            ]},
            "multi": {"type": "array", "items": {"$ref": "#/components/schemas/single"}},
            "authentication": {"anyOf": [
                {"$ref": "#/components/schemas/single"},
                {"$ref": "#/components/schemas/multi"},
            ]},
            "overlapping": {"anyOf": [{"type": "object"}, {"type": "object"}]},
            "unknown": {"anyOf": [{"type": "object"}, {"description": "anything"}]},
        }}});
        disjoint_any_of_as_one_of(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas["authentication"].get("oneOf").is_some());
        assert!(schemas["authentication"].get("anyOf").is_none());
        for same in ["single", "overlapping", "unknown"] {
            assert!(schemas[same].get("anyOf").is_some(), "{same}");
        }
    }
}
