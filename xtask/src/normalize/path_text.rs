//! `path_parameters_as_text`: every path parameter that is text becomes a
//! string the tree's methods take as `&str` (or a checked string newtype
//! that converts from one).
//!
//! A path segment is text in a URL, whatever the schema calls it, and the
//! tree's positional arguments take anything that converts from `&str`
//! and check, before sending, that it is no `.` or `..`. Cloudflare
//! writes path parameters as:
//!
//! - a union of strings (D1's `{database_id}`: `anyOf: [database-identifier,
//!   database-name]`): typify makes it a struct with a builder, which
//!   progenitor's builder for the path takes for a body and panics on
//!   (`assertion left == right: "database_id" != "body"`). It becomes
//!   `type: string` with the union's description;
//! - a `$ref` to a string component without constraints: typify makes a
//!   newtype that converts from `String` only, not from `&str`. The
//!   component is written inline (a plain `String`);
//! - a string `enum`: typify's enum converts from `&str`, but is no text
//!   the segment check can read. It becomes a `pattern` matching exactly
//!   those values (a checked string newtype, as for
//!   `unnamable_enums_as_patterns`);
//! - a string with a `format` (`uuid`): typify types it `uuid::Uuid`,
//!   which the generated crate does not depend on and which a caller
//!   holding the id as text would parse first. The `format` goes; the API
//!   checks the id.
//!
//! What goes (a `format: uuid` or `byte`, an `enum`) leaves an `example` where the
//! spec gives none (a UUID, the first value), for the example calls.
//!
//! A query or header parameter that is a union of strings becomes
//! `type: string` too (progenitor hits `unreachable!` on an optional one);
//! its other schemas stay as they are.
//!
//! A constrained string component (`maxLength: 32`) stays a `$ref`: its
//! one newtype converts from `&str`, checking the constraint, for every
//! operation that uses it. Numbers and booleans are left as they are.

use serde_json::{Map, Value};

use crate::spec::refs::{pointer_token, resolve};

/// The example of a UUID path parameter whose `format` goes, where the
/// spec gives none.
const EXAMPLE_UUID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

/// The example of a base64 path parameter (`format: byte`) likewise.
const EXAMPLE_BASE64: &str = "ZXhhbXBsZQ==";

/// Keywords that constrain a string's values.
const STRING_CONSTRAINTS: [&str; 5] = ["maxLength", "minLength", "pattern", "enum", "format"];

/// Rewrites every path parameter's schema as the module docs say.
pub(crate) fn path_parameters_as_text(document: &mut Value) {
    let found = parameter_schemas(document);
    let snapshot = crate::spec::refs::targets(document);
    for (pointer, in_path) in found {
        let Some(schema) = document.pointer(&pointer) else {
            continue;
        };
        let text = match in_path {
            true => as_text(&snapshot, schema),
            false => union_as_text(&snapshot, schema),
        };
        if let Some(text) = text
            && let Some(slot) = document.pointer_mut(&pointer)
        {
            *slot = text;
        }
    }
}

/// The JSON pointers of the schemas of every parameter, with whether it is
/// a path parameter: written in a path item or an operation, or a
/// component parameter one refers to (each once).
fn parameter_schemas(document: &Value) -> Vec<(String, bool)> {
    let mut pointers = Vec::new();
    let mut add = |pointer: (String, bool)| {
        if !pointers.contains(&pointer) {
            pointers.push(pointer);
        }
    };
    let Some(Value::Object(paths)) = document.get("paths") else {
        return pointers;
    };
    for (route, item) in paths {
        let Value::Object(item) = item else { continue };
        let item_pointer = format!("/paths/{}", pointer_token(route));
        let mut lists = Vec::new();
        for (key, value) in item {
            if key == "parameters" {
                lists.push((format!("{item_pointer}/parameters"), value));
            } else if let Some(parameters) = value.get("parameters") {
                lists.push((
                    format!("{item_pointer}/{}/parameters", pointer_token(key)),
                    parameters,
                ));
            }
        }
        for (list_pointer, parameters) in lists {
            let Value::Array(parameters) = parameters else {
                continue;
            };
            for (index, parameter) in parameters.iter().enumerate() {
                let at = match parameter.get("$ref").and_then(Value::as_str) {
                    Some(reference) => match reference.strip_prefix('#') {
                        Some(pointer) => pointer.to_owned(),
                        None => continue,
                    },
                    None => format!("{list_pointer}/{index}"),
                };
                let Some(resolved) = document.pointer(&at) else {
                    continue;
                };
                if let Some(place) = resolved.get("in").and_then(Value::as_str)
                    && resolved.get("schema").is_some()
                {
                    add((format!("{at}/schema"), place == "path"));
                }
            }
        }
    }
    pointers
}

/// `schema` as text, when it is text that needs rewriting; `None` to leave
/// it as it is.
fn as_text(document: &Value, schema: &Value) -> Option<Value> {
    if let Some(text) = union_as_text(document, schema) {
        return Some(text);
    }
    let resolved = resolve(document, schema);
    let Value::Object(object) = resolved else {
        return None;
    };
    if !is_string(resolved) {
        return None;
    }
    let is_reference = schema.get("$ref").is_some();
    let constrained = STRING_CONSTRAINTS
        .iter()
        .any(|key| object.contains_key(*key));
    let needs_rewrite = object.contains_key("enum") || object.contains_key("format");
    if !needs_rewrite && (!is_reference || constrained) {
        return None;
    }
    let mut text = object.clone();
    // What goes stays the example where the spec gives none, so that the
    // example call (the contract tests') sends what the API takes.
    let example = match text.remove("format").as_ref().and_then(Value::as_str) {
        Some("uuid") => Some(EXAMPLE_UUID),
        Some("byte") => Some(EXAMPLE_BASE64),
        _ => None,
    };
    if let Some(example) = example {
        text.entry("example")
            .or_insert_with(|| Value::String(example.into()));
    }
    if let Some(Value::Array(values)) = text.remove("enum") {
        if let Some(first) = values.first() {
            text.entry("example").or_insert_with(|| first.clone());
        }
        let values: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .map(super::regex_escape)
            .collect();
        if !values.is_empty() && !text.contains_key("pattern") {
            text.insert(
                "pattern".into(),
                Value::String(format!("^(?:{})$", values.join("|"))),
            );
        }
    }
    // What was written beside a `$ref` (a description) wins.
    if let (true, Value::Object(beside)) = (is_reference, schema) {
        for (key, value) in beside {
            if key != "$ref" {
                text.insert(key.clone(), value.clone());
            }
        }
    }
    Some(Value::Object(text))
}

/// A union of strings as `type: string` with its description: for any
/// parameter (User's audit logs take `since` as `anyOf: [date, date-time]`,
/// on which, optional, progenitor hits `unreachable!`); `None` for
/// anything else.
fn union_as_text(document: &Value, schema: &Value) -> Option<Value> {
    let resolved = resolve(document, schema);
    let Value::Object(object) = resolved else {
        return None;
    };
    let union = ["anyOf", "oneOf"]
        .into_iter()
        .find_map(|key| object.get(key).and_then(Value::as_array));
    if let Some(alternatives) = union {
        let all_text = !alternatives.is_empty()
            && alternatives
                .iter()
                .all(|alternative| is_string(resolve(document, alternative)));
        if !all_text {
            return None;
        }
        let mut text = Map::new();
        text.insert("type".into(), "string".into());
        if let Some(description) = schema
            .get("description")
            .or_else(|| object.get("description"))
        {
            text.insert("description".into(), description.clone());
        }
        return Some(Value::Object(text));
    }
    None
}

/// Whether `schema` (resolved) is a plain string: `type: string` and no
/// structure.
fn is_string(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
        && ["anyOf", "oneOf", "allOf", "properties", "items"]
            .iter()
            .all(|key| schema.get(*key).is_none())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{EXAMPLE_UUID, path_parameters_as_text};

    fn document(schema: serde_json::Value) -> serde_json::Value {
        json!({
            "paths": {"/things/{thing}": {"get": {"parameters": [
                {"in": "path", "name": "thing", "required": true, "schema": schema},
                {"in": "query", "name": "kind", "schema": {"type": "string", "enum": ["a", "b"]}},
            ]}}},
            "components": {"schemas": {
                "id": {"type": "string", "description": "An id.", "example": "x"},
                "tag": {"type": "string", "maxLength": 32},
                "name": {"type": "string", "description": "A name."},
            }},
        })
    }

    fn rewritten(schema: serde_json::Value) -> serde_json::Value {
        let mut document = document(schema);
        path_parameters_as_text(&mut document);
        // Query parameters are not path segments.
        assert_eq!(
            document["paths"]["/things/{thing}"]["get"]["parameters"][1]["schema"],
            json!({"type": "string", "enum": ["a", "b"]})
        );
        document["paths"]["/things/{thing}"]["get"]["parameters"][0]["schema"].clone()
    }

    #[test]
    fn a_union_of_strings_is_a_string() {
        let union = json!({"anyOf": [{"$ref": "#/components/schemas/id"}, {"$ref": "#/components/schemas/name"}]});
        assert_eq!(rewritten(union), json!({"type": "string"}));
        let mixed = json!({"oneOf": [{"$ref": "#/components/schemas/id"}, {"type": "integer"}]});
        assert_eq!(rewritten(mixed.clone()), mixed);
    }

    #[test]
    fn an_unconstrained_string_component_is_inlined_and_a_constrained_one_kept() {
        assert_eq!(
            rewritten(json!({"$ref": "#/components/schemas/id"})),
            json!({"type": "string", "description": "An id.", "example": "x"})
        );
        let tag = json!({"$ref": "#/components/schemas/tag"});
        assert_eq!(rewritten(tag.clone()), tag);
        let plain = json!({"type": "string", "maxLength": 3});
        assert_eq!(rewritten(plain.clone()), plain);
    }

    #[test]
    fn a_query_parameter_that_is_a_union_of_strings_is_a_string_too() {
        let mut document = json!({"paths": {"/logs": {"get": {"parameters": [
            {"in": "query", "name": "since", "schema": {"anyOf": [
                {"type": "string", "format": "date"}, {"type": "string", "format": "date-time"},
            ]}},
            {"in": "query", "name": "at", "schema": {"type": "string", "format": "date"}},
        ]}}}});
        path_parameters_as_text(&mut document);
        let parameters = &document["paths"]["/logs"]["get"]["parameters"];
        assert_eq!(parameters[0]["schema"], json!({"type": "string"}));
        assert_eq!(
            parameters[1]["schema"],
            json!({"type": "string", "format": "date"})
        );
    }

    #[test]
    fn an_enum_is_a_pattern_and_a_format_goes() {
        assert_eq!(
            rewritten(json!({"type": "string", "enum": ["ipv4", "ip.v6"]})),
            json!({"type": "string", "pattern": "^(?:ipv4|ip\\.v6)$", "example": "ipv4"})
        );
        assert_eq!(
            rewritten(json!({"type": "string", "format": "uuid", "maxLength": 36})),
            json!({"type": "string", "maxLength": 36, "example": EXAMPLE_UUID})
        );
        assert_eq!(
            rewritten(json!({"type": "string", "format": "uuid", "example": "x"})),
            json!({"type": "string", "example": "x"})
        );
        let integer = json!({"type": "integer", "enum": [1, 2]});
        assert_eq!(rewritten(integer.clone()), integer);
    }
}
