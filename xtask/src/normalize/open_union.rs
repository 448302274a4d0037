//! `open_unions`: a union the API keeps adding kinds to becomes one
//! lenient object.
//!
//! Cloudflare publishes some values as a `oneOf`/`anyOf` of kinds told
//! apart by a property (a Worker's binding: 36 `binding-kind-*` schemas
//! told apart by `type`). typify makes such a union an enum of the kinds,
//! so an answer holding a kind added after the spec fails to decode,
//! whole. A union marked [`OPEN_UNION`] in the spec is folded instead:
//!
//! - it becomes an object of the properties every kind has (`name`,
//!   `type`), required where every kind requires them, with any other
//!   property kept as it comes (`additionalProperties: {}`: typify's
//!   `extra` map);
//! - a property the kinds type alike is kept as the first kind types it,
//!   without `enum` when the kinds' values differ (the discriminator's
//!   description then lists the values the spec knows); a `$ref` is
//!   inlined, unless it is to an object schema that every kind refers to;
//! - the names of the kinds' properties that are secret, or hold a secret
//!   anywhere (`secret_text`'s `text`, `secret_key`'s `key_base64` and
//!   `key_jwk`), are written in [`SECRET_KEYS`] on the folded schema, so
//!   that redaction hides those entries of the open map (see
//!   `crate::redact`);
//! - the kinds' component schemas, and the components only they use, are
//!   removed: typify would generate a type for each that nothing uses.
//!
//! An explicit marker rather than every discriminated union: a union whose
//! kinds are all known (a secret is `secret_text` or `secret_key`) is
//! better as the enum typify makes, and which unions the API grows is a
//! fact about the API that a reviewer can check in the spec.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::normalize::Refusal;
use crate::redact::SECRET_KEYS;
use crate::spec::location::Path;
use crate::spec::refs::{component_of, is_data, pointer_token, reach};

/// Our extension on a `oneOf`/`anyOf` schema: fold it (see the module).
pub(crate) const OPEN_UNION: &str = "x-rust-open-union";

/// Folds every schema of `document` marked [`OPEN_UNION`].
///
/// # Errors
///
/// A marked schema that is not a union of object schemas, or a `$ref` in
/// it to a schema that does not exist.
pub(crate) fn fold(document: &mut Value) -> Result<(), Refusal> {
    let snapshot = crate::spec::refs::targets(document);
    let mut kinds = BTreeSet::new();
    let mut failure = None;
    visit(document, &mut Vec::new(), &mut |at, object| {
        if object.get(OPEN_UNION) != Some(&Value::Bool(true)) || failure.is_some() {
            return;
        }
        match folded(&snapshot, object, &mut kinds) {
            Ok(schema) => *object = schema,
            Err(message) => {
                failure = Some(Refusal {
                    at: at.clone(),
                    message: format!("`{OPEN_UNION}`: {message}"),
                });
            }
        }
    });
    if let Some(refusal) = failure {
        return Err(refusal);
    }
    remove_unused(document, &kinds);
    Ok(())
}

/// The folded form of the union `union`; the components its kinds refer to
/// go into `kinds`.
fn folded(
    document: &Value,
    union: &Map<String, Value>,
    kinds: &mut BTreeSet<String>,
) -> Result<Map<String, Value>, String> {
    let members = ["oneOf", "anyOf"]
        .iter()
        .find_map(|key| union.get(*key).and_then(Value::as_array))
        .ok_or("the schema has no `oneOf` or `anyOf`")?;
    if members.is_empty() {
        return Err("the union has no kinds".into());
    }
    let mut resolved = Vec::with_capacity(members.len());
    for (index, member) in members.iter().enumerate() {
        if let Some(name) = component_of(member) {
            kinds.insert(name.to_owned());
        }
        let (properties, required) = object_of(document, member, &mut BTreeSet::new())
            .and_then(|(properties, required)| {
                if properties.is_empty() {
                    return Err("not an object schema with `properties`".to_owned());
                }
                Ok((properties, required))
            })
            .map_err(|message| format!("kind {} ({}): {message}", index + 1, shown(member)))?;
        resolved.push((properties, required));
    }
    let discriminator = union
        .get("discriminator")
        .and_then(|discriminator| discriminator.get("propertyName"))
        .and_then(Value::as_str);

    let mut out = Map::new();
    for (key, value) in union {
        if !matches!(
            key.as_str(),
            "oneOf" | "anyOf" | "discriminator" | "properties" | "required" | OPEN_UNION
        ) {
            out.insert(key.clone(), value.clone());
        }
    }
    out.insert("type".into(), "object".into());

    // The union's own properties, then those every kind has.
    let mut properties = union
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut required: Vec<Value> = union
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let (first, _) = &resolved[0];
    for name in first.keys() {
        if properties.contains_key(name) {
            continue;
        }
        let Some(schemas) = resolved
            .iter()
            .map(|(properties, _)| properties.get(name))
            .collect::<Option<Vec<&Value>>>()
        else {
            continue;
        };
        let known = (discriminator == Some(name.as_str())).then(|| known_values(union, &schemas));
        properties.insert(name.clone(), common(document, &schemas, known));
        if resolved.iter().all(|(_, required)| required.contains(name))
            && !required.iter().any(|r| r == name.as_str())
        {
            required.push(Value::String(name.clone()));
        }
    }
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    out.insert("additionalProperties".into(), Value::Object(Map::new()));

    let mut secret: BTreeSet<String> = union
        .get(SECRET_KEYS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    for (properties, _) in &resolved {
        for (name, property) in properties {
            if holds_secret(document, property, &mut BTreeSet::new()) {
                secret.insert(name.clone());
            }
        }
    }
    if !secret.is_empty() {
        out.insert(
            SECRET_KEYS.into(),
            Value::Array(secret.into_iter().map(Value::String).collect()),
        );
    }
    Ok(out)
}

/// The properties and required names of the object schema `schema`
/// (through `$ref`s and the members of an `allOf`), which may have none.
pub(crate) fn object_of(
    document: &Value,
    schema: &Value,
    seen: &mut BTreeSet<String>,
) -> Result<(Map<String, Value>, BTreeSet<String>), String> {
    let schema = resolve(document, schema, seen)?;
    let mut properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut required: BTreeSet<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for member in members {
            let (more, names) = object_of(document, member, seen)?;
            for (name, property) in more {
                properties.entry(name).or_insert(property);
            }
            required.extend(names);
        }
    }
    Ok((properties, required))
}

/// The schema `schema` refers to, through `$ref`s (`seen` stops a cycle).
pub(crate) fn resolve<'a>(
    document: &'a Value,
    mut schema: &'a Value,
    seen: &mut BTreeSet<String>,
) -> Result<&'a Value, String> {
    while let Some(name) = component_of(schema) {
        if !seen.insert(name.to_owned()) {
            return Err(format!("`{name}` refers to itself"));
        }
        schema = document
            .pointer(&format!("/components/schemas/{}", pointer_token(name)))
            .ok_or_else(|| format!("`$ref` to `{name}`, which is not in `components.schemas`"))?;
    }
    Ok(schema)
}

/// One property that every kind has, as the folded schema keeps it (see
/// the module). `known`: the discriminator's values, for its description.
fn common(document: &Value, schemas: &[&Value], known: Option<Vec<String>>) -> Value {
    let same = schemas.iter().all(|schema| *schema == schemas[0]);
    let resolved: Vec<&Value> = schemas
        .iter()
        .map(|schema| resolve(document, schema, &mut BTreeSet::new()).unwrap_or(schema))
        .collect();
    // The same object schema for every kind keeps its name.
    if same && known.is_none() && !is_scalar(resolved[0]) {
        return schemas[0].clone();
    }
    let mut out = resolved[0].as_object().cloned().unwrap_or_default();
    let kind = |schema: &Value| schema.get("type").cloned();
    if !resolved
        .iter()
        .all(|schema| kind(schema) == kind(resolved[0]))
    {
        // Kinds that type it differently: any value.
        out.retain(|key, _| key == "description");
    } else if !resolved
        .iter()
        .all(|schema| schema.get("enum") == resolved[0].get("enum"))
    {
        out.remove("enum");
    }
    if let Some(values) = known.filter(|values| !values.is_empty()) {
        let list: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
        let known = format!(
            "Values known to the spec: {}; an answer may hold others.",
            list.join(", ")
        );
        let description = match out.get("description").and_then(Value::as_str) {
            Some(text) => format!("{} {known}", text.trim_end()),
            None => known,
        };
        out.insert("description".into(), Value::String(description));
    }
    Value::Object(out)
}

/// A string, number, integer or boolean schema.
fn is_scalar(schema: &Value) -> bool {
    matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string" | "number" | "integer" | "boolean")
    )
}

/// The discriminator's values, sorted: its `mapping`'s keys, else each
/// kind's one-value `enum`.
fn known_values(union: &Map<String, Value>, schemas: &[&Value]) -> Vec<String> {
    let mut values: Vec<String> = match union.get("discriminator").and_then(|d| d.get("mapping")) {
        Some(Value::Object(mapping)) => mapping.keys().cloned().collect(),
        _ => schemas
            .iter()
            .filter_map(
                |schema| match schema.get("enum").and_then(Value::as_array) {
                    Some(values) if values.len() == 1 => values[0].as_str().map(str::to_owned),
                    _ => None,
                },
            )
            .collect(),
    };
    values.sort();
    values.dedup();
    values
}

/// Whether `schema` is secret, or holds a secret anywhere (through
/// `$ref`s, properties, items, maps and unions).
pub(crate) fn holds_secret(document: &Value, schema: &Value, seen: &mut BTreeSet<String>) -> bool {
    let Value::Object(object) = schema else {
        return false;
    };
    if crate::redact::is_secret(schema) {
        return true;
    }
    if let Some(name) = component_of(schema) {
        if !seen.insert(name.to_owned()) {
            return false;
        }
        return document
            .pointer(&format!("/components/schemas/{}", pointer_token(name)))
            .is_some_and(|target| holds_secret(document, target, seen));
    }
    object.iter().any(|(key, child)| match key.as_str() {
        "items" | "additionalProperties" | "not" => holds_secret(document, child, seen),
        "properties" => child
            .as_object()
            .is_some_and(|properties| properties.values().any(|p| holds_secret(document, p, seen))),
        "allOf" | "oneOf" | "anyOf" => child
            .as_array()
            .is_some_and(|members| members.iter().any(|m| holds_secret(document, m, seen))),
        _ => false,
    })
}

/// Removes the components of `kinds`, and those they refer to, that
/// nothing else refers to.
pub(crate) fn remove_unused(document: &mut Value, kinds: &BTreeSet<String>) {
    if kinds.is_empty() {
        return;
    }
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas").cloned() else {
        return;
    };
    let mut candidates = BTreeSet::new();
    for kind in kinds {
        if let Some(schema) = schemas.get(kind) {
            candidates.insert(kind.clone());
            reach(schema, &schemas, &mut candidates);
        }
    }
    // What the rest of the document reaches stays.
    let mut rest = document.clone();
    if let Some(Value::Object(rest)) = rest.pointer_mut("/components/schemas") {
        rest.retain(|name, _| !candidates.contains(name));
    }
    let mut used = BTreeSet::new();
    reach(&rest, &schemas, &mut used);
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        schemas.retain(|name, _| !candidates.contains(name) || used.contains(name));
    }
}

/// Calls `fold` on every object of `value` that can be a schema (not in
/// examples or extensions), depth first, with its JSON pointer.
fn visit(value: &mut Value, at: &mut Path, fold: &mut impl FnMut(&Path, &mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            fold(at, object);
            for (key, child) in object.iter_mut() {
                if !is_data(key) {
                    at.push(key.clone());
                    visit(child, at, fold);
                    at.pop();
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                at.push(index.to_string());
                visit(item, at, fold);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A kind as an error message names it.
pub(crate) fn shown(member: &Value) -> String {
    match component_of(member) {
        Some(name) => format!("`{name}`"),
        None => "inline".into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn kind(name: &str, extra: Value) -> Value {
        let mut properties = json!({
            "name": {"$ref": "#/components/schemas/binding-name"},
            "type": {"description": "The kind.", "type": "string", "enum": [name]},
        });
        properties
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"type": "object", "required": ["name", "type"], "properties": properties})
    }

    fn spec() -> Value {
        json!({
            "paths": {"/b": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/binding"}},
            }}}}}}},
            "components": {"schemas": {
                "binding": {
                    "description": "A binding.",
                    "type": "object",
                    "x-rust-open-union": true,
                    "anyOf": [
                        {"$ref": "#/components/schemas/kind-plain"},
                        {"$ref": "#/components/schemas/kind-secret"},
                        {"$ref": "#/components/schemas/kind-key"},
                    ],
                    "discriminator": {"propertyName": "type", "mapping": {
                        "plain_text": "#/components/schemas/kind-plain",
                        "secret_text": "#/components/schemas/kind-secret",
                        "secret_key": "#/components/schemas/kind-key",
                    }},
                    "example": {"name": "A", "type": "plain_text", "text": "a"},
                },
                "kind-plain": kind("plain_text", json!({"text": {"type": "string"}})),
                "kind-secret": kind("secret_text", json!({"text": {"type": "string", "writeOnly": true}})),
                "kind-key": kind("secret_key", json!({
                    "key": {"$ref": "#/components/schemas/key-material"},
                    "algorithm": {"type": "object"},
                })),
                "key-material": {"type": "object", "properties": {"jwk": {"type": "object", "x-sensitive": true}}},
                "binding-name": {"description": "A name.", "type": "string"},
                "used-elsewhere": {"type": "string"},
            }},
        })
    }

    #[test]
    fn a_marked_union_becomes_its_common_properties_and_an_open_map() {
        let mut document = spec();
        fold(&mut document).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        assert_eq!(
            schemas["binding"],
            json!({
                "description": "A binding.",
                "type": "object",
                "example": {"name": "A", "type": "plain_text", "text": "a"},
                "properties": {
                    "name": {"description": "A name.", "type": "string"},
                    "type": {
                        "description": "The kind. Values known to the spec: `plain_text`, \
                                        `secret_key`, `secret_text`; an answer may hold others.",
                        "type": "string",
                    },
                },
                "required": ["name", "type"],
                "additionalProperties": {},
                // `text` is secret in one kind; `key` holds a secret.
                "x-rust-secret-keys": ["key", "text"],
            })
        );
        // The kinds and what only they used are gone; the rest stays.
        let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(names, ["binding", "used-elsewhere"]);
    }

    #[test]
    fn components_the_rest_of_the_spec_uses_stay() {
        let mut document = spec();
        document["components"]["schemas"]["other"] =
            json!({"properties": {"key": {"$ref": "#/components/schemas/key-material"}}});
        fold(&mut document).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        assert!(schemas.contains_key("key-material"));
        assert!(!schemas.contains_key("kind-key"));
    }

    #[test]
    fn unmarked_unions_are_left_alone() {
        let mut document = spec();
        document["components"]["schemas"]["binding"]
            .as_object_mut()
            .unwrap()
            .remove(OPEN_UNION);
        let before = document.clone();
        fold(&mut document).unwrap();
        assert_eq!(document, before);
    }

    #[test]
    fn a_marked_schema_that_is_no_union_of_objects_is_an_error_naming_it() {
        let mut document = spec();
        document["components"]["schemas"]["binding"]["anyOf"][1] = json!({"type": "string"});
        let error = fold(&mut document).unwrap_err();
        assert_eq!(error.at, ["components", "schemas", "binding"]);
        assert_eq!(
            error.message,
            "`x-rust-open-union`: kind 2 (inline): not an object schema with `properties`"
        );
        let mut document = spec();
        document["components"]["schemas"]["binding"]["anyOf"][0] =
            json!({"$ref": "#/components/schemas/missing"});
        assert!(
            fold(&mut document)
                .unwrap_err()
                .message
                .contains("`$ref` to `missing`, which is not in `components.schemas`")
        );
    }
}
