//! What each schema's generated item must hide, written into its
//! `description` for typify to carry onto the item (see the parent
//! module).
//!
//! typify carries a schema's `description` onto the Rust item it makes of
//! the schema: an object's struct, a union's enum, a named scalar's,
//! list's or map's newtype, and for a property, the struct field (unless
//! the property is an object or union, whose description goes on its own
//! struct or enum). It does not carry it onto a union's scalar kinds, a
//! list's items or a map's values, which become no item of their own
//! (`String`, `Vec<_>`, `HashMap<_, _>`). So each schema gets the role
//! that the item carrying its description plays:
//!
//! | role | on | when |
//! |---|---|---|
//! | `value` | a field, newtype, struct or enum: hide all of it | the schema is secret; or it is a list or map made no item of its own whose items or values hide something; or a union with a secret kind, or a kind that is a list or map hiding something |
//! | `values` | a map (field or newtype) or a struct's open map (`extra`): hide every value, show the keys | its `additionalProperties` is secret (or a map of secrets) |
//! | `keys=a,b` | a map or a struct's open map: hide the entries `a` and `b` | `x-rust-secret-keys` lists them (a folded union's kinds' secret properties) |
//!
//! A `$ref` hides nothing of its own: the component's item does.

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use super::SECRET_KEYS;
use crate::Error;
use crate::normalize::Refusal;
use crate::spec::refs::resolve;

/// What an item must hide (see the module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Value,
    Values,
    Keys(Vec<String>),
}

/// The token that carries a role in a description: `{{x-rust-redact:value}}`.
const OPEN: &str = "{{x-rust-redact:";
const CLOSE: &str = "}}";

impl Role {
    fn token(&self) -> String {
        let role = match self {
            Role::Value => "value".to_owned(),
            Role::Values => "values".to_owned(),
            Role::Keys(names) => format!("keys={}", names.join(",")),
        };
        format!("{OPEN}{role}{CLOSE}")
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "value" => Some(Role::Value),
            "values" => Some(Role::Values),
            _ => text
                .strip_prefix("keys=")
                .map(|names| Role::Keys(names.split(',').map(str::to_owned).collect())),
        }
    }
}

/// `doc` without the role tokens in it, and the roles they carried.
pub(super) fn take_roles(doc: &str) -> (String, Vec<Role>) {
    let mut rest = doc;
    let mut text = String::with_capacity(doc.len());
    let mut roles = Vec::new();
    while let Some(start) = rest.find(OPEN) {
        let Some(end) = rest[start..].find(CLOSE) else {
            break;
        };
        text.push_str(&rest[..start]);
        if let Some(role) = Role::parse(&rest[start + OPEN.len()..start + end]) {
            roles.push(role);
        }
        rest = &rest[start + end + CLOSE.len()..];
    }
    text.push_str(rest);
    if roles.is_empty() {
        return (doc.to_owned(), roles);
    }
    (text.trim_end().to_owned(), roles)
}

/// The document progenitor generates from: `document` with each schema's
/// role in its description.
///
/// A secret parameter was refused before (`xtask/src/spec/checks.rs`, with
/// [`check_parameters`]).
pub(crate) fn marked(document: &OpenAPI) -> Result<OpenAPI, Error> {
    let unparsable = |e: serde_json::Error| Error::Unparsable(e.to_string());
    let mut value = serde_json::to_value(document).map_err(unparsable)?;
    mark_document(&mut value);
    serde_json::from_value(value).map_err(unparsable)
}

/// Every schema of `document` where typify reads it: components, and the
/// bodies of requests and responses (parameters hold no secrets, see
/// [`check_parameters`]).
fn mark_document(document: &mut Value) {
    let Value::Object(top) = document else { return };
    if let Some(Value::Object(components)) = top.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(|schema| {
                mark(schema);
            });
        }
        for kind in ["responses", "requestBodies"] {
            if let Some(Value::Object(bodies)) = components.get_mut(kind) {
                bodies.values_mut().for_each(mark_content);
            }
        }
    }
    let Some(Value::Object(paths)) = top.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            if let Some(body) = operation.get_mut("requestBody") {
                mark_content(body);
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                responses.values_mut().for_each(mark_content);
            }
        }
    }
}

/// The schemas of a request body's or response's `content`.
fn mark_content(holder: &mut Value) {
    if let Some(Value::Object(content)) = holder.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                mark(schema);
            }
        }
    }
}

/// What a holder of a value of a schema that makes no item of its own
/// must hide.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    Whole,
    Values,
}

/// Writes the roles of `schema` and of the schemas it holds; returns what
/// a holder of its value must hide if it makes no item of its own.
fn mark(schema: &mut Value) -> Needs {
    let Value::Object(object) = schema else {
        return Needs::Nothing;
    };
    if object.contains_key("$ref") {
        return Needs::Nothing;
    }
    let mut union_hides = false;
    let mut items = Needs::Nothing;
    let mut values = Needs::Nothing;
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Value::Object(properties) = child {
                    properties.values_mut().for_each(|property| {
                        mark(property);
                    });
                }
            }
            "items" => items = hidden_by_holder(child),
            "additionalProperties" => values = hidden_by_holder(child),
            "allOf" | "not" => each(child, |member| {
                mark(member);
            }),
            // typify carries no kind's description onto its variant.
            "oneOf" | "anyOf" => each(child, |member| {
                union_hides |=
                    hidden_by_holder(member) != Needs::Nothing || super::is_secret(member);
            }),
            _ => {}
        }
    }

    let secret = super::is_secret(schema);
    let Value::Object(object) = schema else {
        unreachable!("matched above")
    };
    let itemless = makes_no_item(object);
    let is_array = object.get("type").and_then(Value::as_str) == Some("array");
    let is_map = !object.contains_key("properties") && object.contains_key("additionalProperties");
    let needs = if secret || (is_array && items != Needs::Nothing) {
        Needs::Whole
    } else if is_map {
        match values {
            Needs::Whole => Needs::Values,
            Needs::Values => Needs::Whole,
            Needs::Nothing => Needs::Nothing,
        }
    } else {
        Needs::Nothing
    };

    let role = if secret || union_hides || (itemless && needs == Needs::Whole) {
        Some(Role::Value)
    } else if values != Needs::Nothing {
        Some(Role::Values)
    } else {
        let names: Vec<String> = object
            .get(SECRET_KEYS)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        (!names.is_empty()).then_some(Role::Keys(names))
    };
    if let Some(role) = role {
        let description = match object.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text} {}", role.token()),
            None => role.token(),
        };
        object.insert("description".into(), Value::String(description));
    }
    if itemless { needs } else { Needs::Nothing }
}

/// Marks `schema`, held by a list (as its items), a map (as its values)
/// or a union (as a kind): what the holder must hide for it, since typify
/// carries its description nowhere when it makes no item of its own.
fn hidden_by_holder(schema: &mut Value) -> Needs {
    let needs = mark(schema);
    let secret_object = schema.as_object().is_some_and(|object| {
        !makes_no_item(object) && !object.contains_key("$ref") && super::is_secret(schema)
    });
    // A secret object makes an item that hides all of itself.
    if secret_object { Needs::Nothing } else { needs }
}

fn each(members: &mut Value, mut f: impl FnMut(&mut Value)) {
    if let Value::Array(members) = members {
        members.iter_mut().for_each(&mut f);
    }
}

/// Whether typify makes no item of its own for this (inline) schema: a
/// scalar, a list or a map, not an object of properties, a union, an
/// `allOf` or an enum (a component always makes one: a newtype).
fn makes_no_item(object: &Map<String, Value>) -> bool {
    !["properties", "allOf", "oneOf", "anyOf", "enum", "$ref"]
        .iter()
        .any(|key| object.contains_key(*key))
}

/// Refuses a secret path, query or header parameter: progenitor sends a
/// path or header parameter with its `Display` (header values with
/// `to_string()`, path segments with the generated crate's `path_segment`,
/// which writes `Display`), which a secret's type shows as `"<redacted>"`,
/// and every operation builder (progenitor's and the tree's) keeps its
/// parameters in a derived `Debug`. None of Cloudflare's 3,207 operations
/// of 2026 has one.
///
/// # Errors
///
/// The first secret parameter, by operation.
pub(crate) fn check_parameters(document: &Value) -> Result<(), Refusal> {
    let Some(Value::Object(paths)) = document.get("paths") else {
        return Ok(());
    };
    for (route, item) in paths {
        let Value::Object(item) = item else { continue };
        let at = |keys: &[&str], index: usize| {
            let mut at = vec!["paths".to_owned(), route.clone()];
            at.extend(keys.iter().map(|key| (*key).to_owned()));
            at.extend(["parameters".to_owned(), index.to_string()]);
            at
        };
        let lists = std::iter::once((None, item.get("parameters"))).chain(
            item.iter()
                .filter(|(_, op)| op.is_object())
                .map(|(method, op)| (Some(method.as_str()), op.get("parameters"))),
        );
        for (method, list) in lists {
            let Some(list) = list.and_then(Value::as_array) else {
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let parameter = resolve(document, parameter);
                if is_secret_parameter(document, parameter) {
                    let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
                    return Err(Refusal {
                        at: at(method.as_slice(), index),
                        message: format!(
                            "the parameter `{name}` is secret, and regen cannot keep it out of \
                             `Debug` and `Display`: a parameter is sent with its `Display` and \
                             printed by the call's `Debug`; send it in the body"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

fn is_secret_parameter(document: &Value, parameter: &Value) -> bool {
    if super::is_secret(parameter) {
        return true;
    }
    let Some(schema) = parameter.get("schema") else {
        return false;
    };
    super::is_secret(schema) || super::is_secret(resolve(document, schema))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn roles_of(mut schema: Value) -> Value {
        mark(&mut schema);
        schema
    }

    #[test]
    fn roles_go_where_typify_carries_descriptions() {
        let marked = roles_of(json!({
            "type": "object",
            "description": "Holder.",
            "properties": {
                "plain": {"type": "string"},
                "secret": {"type": "string", "x-sensitive": true},
                "reference": {"$ref": "#/components/schemas/token"},
                "list": {"type": "array", "items": {"type": "string", "x-sensitive": true}},
                "refs": {"type": "array", "items": {"$ref": "#/components/schemas/token"}},
                "map": {"type": "object", "additionalProperties": {"type": "string", "x-sensitive": true}},
                "maps": {"type": "array", "items": {"additionalProperties": {"x-sensitive": true}}},
                "objects": {"type": "array", "items": {"properties": {"pw": {"x-sensitive": true}}}},
                "choice": {"oneOf": [{"type": "string", "x-sensitive": true}, {"type": "integer"}]},
            },
            "additionalProperties": {"type": "string", "x-sensitive": true},
        }));
        let description =
            |pointer: &str| marked.pointer(&format!("{pointer}/description")).cloned();
        let token = |role: &str| Some(json!(format!("{{{{x-rust-redact:{role}}}}}")));
        assert_eq!(
            description(""),
            Some(json!("Holder. {{x-rust-redact:values}}"))
        );
        assert_eq!(description("/properties/plain"), None);
        assert_eq!(description("/properties/secret"), token("value"));
        assert_eq!(description("/properties/reference"), None);
        assert_eq!(description("/properties/list"), token("value"));
        assert_eq!(description("/properties/refs"), None);
        assert_eq!(description("/properties/map"), token("values"));
        assert_eq!(description("/properties/maps"), token("value"));
        assert_eq!(description("/properties/objects"), None);
        assert_eq!(
            description("/properties/objects/items/properties/pw"),
            token("value")
        );
        assert_eq!(description("/properties/choice"), token("value"));
    }

    #[test]
    fn a_folded_union_hides_the_entries_its_kinds_name() {
        let marked = roles_of(json!({
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "additionalProperties": {},
            "x-rust-secret-keys": ["key_jwk", "text"],
        }));
        assert_eq!(marked["description"], "{{x-rust-redact:keys=key_jwk,text}}");
    }

    #[test]
    fn tokens_are_read_and_removed() {
        let (text, roles) = take_roles("A map. {{x-rust-redact:keys=a,b}}");
        assert_eq!(text, "A map.");
        assert_eq!(roles, [Role::Keys(vec!["a".into(), "b".into()])]);
        let (text, roles) = take_roles("{{x-rust-redact:value}}");
        assert_eq!((text.as_str(), roles), ("", vec![Role::Value]));
        let (text, roles) = take_roles("No {{ token }} here.");
        assert_eq!((text.as_str(), roles), ("No {{ token }} here.", vec![]));
    }

    #[test]
    fn secret_parameters_are_refused_with_their_operation() {
        let document = json!({
            "paths": {"/a/{key}": {"get": {"operationId": "get-a", "parameters": [
                {"name": "key", "in": "path", "schema": {"$ref": "#/components/schemas/key"}},
            ]}}},
            "components": {"schemas": {"key": {"type": "string", "x-sensitive": true}}},
        });
        let refusal = check_parameters(&document).unwrap_err();
        assert_eq!(refusal.at, ["paths", "/a/{key}", "get", "parameters", "0"]);
        assert!(
            refusal.message.starts_with("the parameter `key` is secret"),
            "{}",
            refusal.message
        );
        let mut fine = document.clone();
        fine["components"]["schemas"]["key"] = json!({"type": "string"});
        check_parameters(&fine).unwrap();
    }
}
