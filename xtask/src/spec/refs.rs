//! Walking the spec as JSON: references to component schemas, what they
//! point at, and the keys whose values are data rather than schemas; and
//! a parameter's or request body's `$ref` followed in the typed spec
//! (`openapiv3`), for the passes that read it so. The
//! normalizations, the fold of open unions and the secret markers share
//! these, so that each reads references the same way.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody};
use serde_json::{Map, Value};

/// How a `$ref` to a component schema starts.
pub(crate) const SCHEMAS: &str = "#/components/schemas/";

/// The component schema `value`'s `$ref` names, if it is a reference to one.
pub(crate) fn component_of(value: &Value) -> Option<&str> {
    component_in(value.as_object()?)
}

/// The component schema the `$ref` of `object` names, if it has one.
pub(crate) fn component_in(object: &Map<String, Value>) -> Option<&str> {
    object.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

/// Whether the value under `key` is data (an example, a default, the
/// values of an enum, an extension), not a schema or a map of them.
pub(crate) fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// `key` as one token of a JSON pointer (RFC 6901: `~` and `/` escaped).
pub(crate) fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What a local `$ref` can point at, as it is now: a copy of `document`'s
/// components alone (`{"components": ..}`), for a pass that rewrites the
/// document while it resolves references in the document as it was.
/// `spec::checks` refuses a `$ref` to anything but a component (progenitor
/// reads no other), and the paths are more than half of the spec: copying
/// the whole document cost about 60 ms per pass, a second of regen.
pub(crate) fn targets(document: &Value) -> Value {
    let mut copy = Map::new();
    if let Some(components) = document.get("components") {
        copy.insert("components".to_owned(), components.clone());
    }
    Value::Object(copy)
}

/// `value`, or what its local `$ref` points at, followed through
/// references to references (at most 8, so that a cycle ends).
pub(crate) fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| document.pointer(pointer))
        {
            Some(target) => value = target,
            None => return value,
        }
    }
    value
}

/// `parameter`, or the component its `$ref` names (typed, as openapiv3
/// reads the spec).
pub(crate) fn resolve_parameter<'a>(
    document: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            document
                .components
                .as_ref()?
                .parameters
                .get(name)?
                .as_item()
        }
    }
}

/// `body`, or the component its `$ref` names.
pub(crate) fn resolve_body<'a>(
    document: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    match body {
        ReferenceOr::Item(body) => Some(body),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            document
                .components
                .as_ref()?
                .request_bodies
                .get(name)?
                .as_item()
        }
    }
}

/// Adds to `found` every component schema `value` refers to outside its
/// data, and through `schemas`, those they refer to.
pub(crate) fn reach(value: &Value, schemas: &Map<String, Value>, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = component_of(value)
                && found.insert(name.to_owned())
                && let Some(target) = schemas.get(name)
            {
                reach(target, schemas, found);
            }
            for (key, child) in object {
                if !is_data(key) {
                    reach(child, schemas, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| reach(item, schemas, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_are_followed_outside_data_only() {
        let schemas = json!({
            "a": {"properties": {"b": {"$ref": "#/components/schemas/b"}}},
            "b": {"items": {"$ref": "#/components/schemas/c"}},
            "c": {"type": "string"},
            "d": {"type": "string"},
        });
        let schemas = schemas.as_object().unwrap();
        let value = json!({
            "allOf": [{"$ref": "#/components/schemas/a"}],
            "example": {"$ref": "#/components/schemas/d"},
            "x-rust-thing": {"$ref": "#/components/schemas/d"},
        });
        let mut found = BTreeSet::new();
        reach(&value, schemas, &mut found);
        assert_eq!(found, BTreeSet::from(["a".into(), "b".into(), "c".into()]));
    }

    #[test]
    fn resolve_follows_references_to_references_and_stops_at_a_cycle() {
        let document = json!({"components": {"schemas": {
            "alias": {"$ref": "#/components/schemas/target"},
            "target": {"type": "string", "x-sensitive": true},
            "loop": {"$ref": "#/components/schemas/loop"},
        }}});
        let alias = json!({"$ref": "#/components/schemas/alias"});
        assert_eq!(
            resolve(&document, &alias),
            &json!({"type": "string", "x-sensitive": true})
        );
        let cycle = json!({"$ref": "#/components/schemas/loop"});
        assert_eq!(
            resolve(&document, &cycle),
            &json!({"$ref": "#/components/schemas/loop"})
        );
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
