//! `successes_as_one`: an operation whose success answers (`2xx`) carry
//! JSON of different schemas (Workers' asset upload: `201` when every
//! asset has come, with the completion token, `202` when more are awaited,
//! with an empty `result`; Cloudforce One's rules: `200` or `202`
//! "approval pending") gets one schema for all of them: the component
//! `<operationId>-success`, every success's JSON referring to it.
//!
//! progenitor asserts one success type per operation (`response_types.len()
//! <= 1`) and stops the whole spec. The merged schema, when every answer
//! is an object schema (through `$ref`s), is an object of every answer's
//! properties: one that several answers have with different schemas is
//! merged the same way when all are objects (an envelope's `result`),
//! else it is an `anyOf` of them; a property is required only where every
//! answer requires it, and the object takes unlisted properties when one
//! answer does. So an envelope stays an envelope, and its `result` holds
//! what either answer holds (the asset upload's `jwt`, `None` on a
//! `202`); the status (`Response::status`) tells which answer came. When
//! an answer is no object schema, the merged schema is an `anyOf` of
//! them.

use serde_json::{Map, Value, json};

use crate::spec::refs::resolve;

/// How deep properties are merged (deeper, differing ones become an
/// `anyOf`).
const MAX_DEPTH: usize = 4;

/// The name of the component made for an operation's successes.
pub(crate) fn component_name(operation_id: &str) -> String {
    format!("{operation_id}-success")
}

/// See the module's docs.
pub(crate) fn successes_as_one(document: &mut Value) {
    let snapshot = crate::spec::refs::targets(document);
    let mut new_components: Vec<(String, Value)> = Vec::new();
    super::for_each_operation(document, |operation_path, operation| {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map_or_else(|| operation_path[1].clone(), String::from);
        let Some(Value::Object(responses)) = operation.get_mut("responses") else {
            return;
        };
        let mut schemas: Vec<Value> = Vec::new();
        let mut statuses = Vec::new();
        for (status, response) in responses.iter() {
            if !status.starts_with('2') {
                continue;
            }
            let response = resolve(&snapshot, response);
            let Some(Value::Object(content)) = response.get("content") else {
                continue;
            };
            for (media, object) in content {
                if !is_json(media) {
                    continue;
                }
                if let Some(schema) = object.get("schema") {
                    statuses.push(status.clone());
                    if !schemas.contains(schema) {
                        schemas.push(schema.clone());
                    }
                }
            }
        }
        if schemas.len() < 2 {
            return;
        }
        let name = component_name(&id);
        let mut merged = merge(&snapshot, &schemas, 0);
        if let Value::Object(merged) = &mut merged {
            statuses.dedup();
            merged.insert(
                "description".into(),
                Value::String(format!(
                    "The answer of any of the statuses {}, whose schemas differ: what each holds.",
                    statuses.join(", ")
                )),
            );
        }
        new_components.push((name.clone(), merged));
        let reference = json!({"$ref": format!("#/components/schemas/{}", name)});
        for (status, response) in responses.iter_mut() {
            if !status.starts_with('2') {
                continue;
            }
            // A shared response component is copied into the operation,
            // which alone changes.
            let mut own = resolve(&snapshot, response).clone();
            if let Some(Value::Object(content)) = own.get_mut("content") {
                for (media, object) in content.iter_mut() {
                    if is_json(media)
                        && let Value::Object(object) = object
                        && object.contains_key("schema")
                    {
                        object.insert("schema".into(), reference.clone());
                    }
                }
            }
            *response = own;
        }
    });
    if new_components.is_empty() {
        return;
    }
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    for (name, schema) in new_components {
        schemas.entry(name).or_insert(schema);
    }
}

fn is_json(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("application/json") || media.contains("+json")
}

/// An object schema written plainly (`type: object` or `properties`, no
/// union or `allOf`): an empty `result` (`maxProperties: 0`) is one.
fn plain_object<'a>(document: &'a Value, schema: &'a Value) -> Option<&'a Map<String, Value>> {
    let schema = resolve(document, schema).as_object()?;
    let object = match schema.get("type") {
        Some(kind) => kind == "object",
        None => schema.contains_key("properties"),
    };
    let union = ["anyOf", "oneOf", "allOf", "items"]
        .iter()
        .any(|key| schema.contains_key(*key));
    (object && !union).then_some(schema)
}

/// One schema for `schemas` (two or more, each different), as the
/// module's docs say.
fn merge(document: &Value, schemas: &[Value], depth: usize) -> Value {
    let objects: Option<Vec<&Map<String, Value>>> = schemas
        .iter()
        .map(|schema| plain_object(document, schema))
        .collect();
    let Some(objects) = objects.filter(|_| depth < MAX_DEPTH) else {
        return json!({"anyOf": schemas});
    };
    let mut properties: Map<String, Value> = Map::new();
    let mut names: Vec<&String> = Vec::new();
    for object in &objects {
        if let Some(Value::Object(own)) = object.get("properties") {
            for name in own.keys() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    for name in names {
        let mut variants: Vec<Value> = Vec::new();
        for object in &objects {
            if let Some(schema) = object.get("properties").and_then(|p| p.get(name.as_str()))
                && !variants.contains(schema)
            {
                variants.push(schema.clone());
            }
        }
        let schema = if variants.len() == 1 {
            variants.remove(0)
        } else {
            merge(document, &variants, depth + 1)
        };
        properties.insert(name.clone(), schema);
    }
    let required: Vec<Value> = properties
        .keys()
        .filter(|name| {
            objects.iter().all(|object| {
                object
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n == name.as_str()))
            })
        })
        .map(|name| Value::String(name.clone()))
        .collect();
    let mut merged = Map::new();
    merged.insert("type".into(), json!("object"));
    merged.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        merged.insert("required".into(), Value::Array(required));
    }
    // Closed only if every answer is.
    if objects
        .iter()
        .all(|object| object.get("additionalProperties") == Some(&Value::Bool(false)))
    {
        merged.insert("additionalProperties".into(), Value::Bool(false));
    }
    if let Some(description) = objects
        .iter()
        .find_map(|object| object.get("description"))
        .filter(|_| depth > 0)
    {
        merged.insert("description".into(), description.clone());
    }
    Value::Object(merged)
}

/// The pointer of the component [`successes_as_one`] makes for `id`.
#[cfg(test)]
fn pointer(id: &str) -> String {
    format!(
        "/components/schemas/{}",
        crate::spec::refs::pointer_token(&component_name(id))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(result: Value) -> Value {
        json!({"type": "object", "required": ["success", "errors", "messages"], "properties": {
            "success": {"type": "boolean"},
            "errors": {"$ref": "#/components/schemas/messages"},
            "messages": {"$ref": "#/components/schemas/messages"},
            "result": result,
        }})
    }

    fn upload() -> Value {
        json!({
            "paths": {"/assets": {"post": {
                "operationId": "upload",
                "responses": {
                    "201": {"description": "done", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/done"}}}},
                    "202": {"$ref": "#/components/responses/pending"},
                    "4XX": {"description": "failure", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/failure"}}}},
                },
            }}},
            "components": {
                "responses": {"pending": {"description": "pending", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/pending"}}}}},
                "schemas": {
                    "messages": {"type": "array", "items": {"type": "object"}},
                    "failure": {"type": "object"},
                    "done": envelope(json!({"type": "object", "properties": {"jwt": {"type": "string"}}})),
                    "pending": envelope(json!({"type": "object", "additionalProperties": false, "maxProperties": 0})),
                },
            },
        })
    }

    #[test]
    fn two_envelopes_become_one_of_every_property() {
        let mut document = upload();
        successes_as_one(&mut document);
        let operation = &document["paths"]["/assets"]["post"];
        for status in ["201", "202"] {
            assert_eq!(
                operation["responses"][status]["content"]["application/json"]["schema"],
                json!({"$ref": "#/components/schemas/upload-success"}),
                "{status}"
            );
        }
        // The failure, and the shared response component, are left alone.
        assert_eq!(
            operation["responses"]["4XX"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/failure"})
        );
        assert_eq!(
            document["components"]["responses"]["pending"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/pending"})
        );
        let merged = document.pointer(&pointer("upload")).unwrap();
        assert_eq!(merged["required"], json!(["errors", "messages", "success"]));
        assert_eq!(
            merged["properties"]["errors"],
            json!({"$ref": "#/components/schemas/messages"})
        );
        assert_eq!(
            merged["properties"]["result"],
            json!({"type": "object", "properties": {"jwt": {"type": "string"}}})
        );
        assert!(merged["description"].as_str().unwrap().contains("201, 202"));
    }

    #[test]
    fn answers_that_are_no_objects_become_an_any_of() {
        let mut document = json!({"paths": {"/a": {"get": {
            "operationId": "a",
            "responses": {
                "200": {"description": "", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}},
                "202": {"description": "", "content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}},
            },
        }}}, "components": {"schemas": {}}});
        successes_as_one(&mut document);
        assert_eq!(
            document.pointer(&pointer("a")).unwrap()["anyOf"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn one_schema_for_every_success_is_left_alone() {
        let mut document = json!({"paths": {"/a": {"get": {
            "operationId": "a",
            "responses": {
                "200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/x"}}}},
                "202": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/x"}}}},
            },
        }}}, "components": {"schemas": {"x": {"type": "object"}}}});
        let before = document.clone();
        successes_as_one(&mut document);
        assert_eq!(document, before);
    }
}
