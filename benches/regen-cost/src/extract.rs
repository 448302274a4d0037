//! Cutting `workers-for-platforms.json` (next to this crate's manifest) out
//! of Cloudflare's whole published schema: `regen-cost --extract <the
//! schema, unzipped>`.
//!
//! This is input preparation for the benchmark and for `tests/regen.rs`,
//! run by a person when the file is remade; its output is committed. The
//! generator never runs any of it: `cargo xtask regen` reads `openapi/` and
//! rewrites only what `xtask/src/normalize/mod.rs` lists.
//!
//! 1. [`extract_tag`]: the operations of one tag, as a standalone document
//!    with every component they reach.
//! 2. [`adapt_for_progenitor`]: the few constructs of the published schema
//!    that progenitor refuses outright, made into ones it takes, each noted
//!    in the document's `info.x-adapted`. None of them is one of
//!    `normalize`'s rewrites (which make answers decode leniently, and which
//!    regen applies to this file like to any spec): these are request
//!    bodies and schemaless media types, which the project's spec does not
//!    use. When it needs such an operation (a script upload), the rewrite
//!    belongs in `normalize`, with a row saying what progenitor does
//!    without it, and goes from here.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// The operations of `full` (a whole OpenAPI document) tagged `tag`, as a
/// standalone document with every component they reach through `$ref`.
pub fn extract_tag(full: &Value, tag: &str) -> Value {
    let mut paths = Map::new();
    for (route, item) in full["paths"].as_object().into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        let tagged: Map<String, Value> = item
            .iter()
            .filter(|(_, operation)| {
                operation["tags"]
                    .as_array()
                    .is_some_and(|tags| tags.iter().any(|t| t == tag))
            })
            .map(|(method, operation)| (method.clone(), operation.clone()))
            .collect();
        if !tagged.is_empty() {
            let mut kept = tagged;
            // Path-level parameters apply to every operation under the path.
            if let Some(parameters) = item.get("parameters") {
                kept.insert("parameters".into(), parameters.clone());
            }
            paths.insert(route.clone(), Value::Object(kept));
        }
    }
    let paths = Value::Object(paths);

    // Follow `$ref`s from the paths until no new component turns up.
    let mut wanted = BTreeSet::new();
    let mut pending = Vec::new();
    refs(&paths, &mut pending);
    while let Some(reference) = pending.pop() {
        if wanted.insert(reference.clone()) {
            refs(&lookup(full, &reference), &mut pending);
        }
    }
    let mut components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for reference in &wanted {
        let mut parts = reference.trim_start_matches("#/components/").splitn(2, '/');
        if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
            components
                .entry(kind.to_owned())
                .or_default()
                .insert(name.to_owned(), lookup(full, reference));
        }
    }
    let mut document = Map::new();
    for key in ["openapi", "info", "servers"] {
        if let Some(value) = full.get(key) {
            document.insert(key.into(), value.clone());
        }
    }
    document.insert("paths".into(), paths);
    document.insert("components".into(), json!(components));
    Value::Object(document)
}

/// Rewrites what progenitor refuses in `document` (an extract of the
/// published schema), and says what it changed. The notes go into
/// `info.x-adapted`, so that the committed file says how it differs from
/// Cloudflare's.
///
/// - A request body with several media types keeps only
///   `application/json` when it has one. Otherwise (`multipart/form-data`,
///   which progenitor rejects, and raw script content) it becomes
///   `application/octet-stream` bytes, the body a caller would have to
///   build anyway.
/// - A media type without a schema, which progenitor rejects, gets the
///   schema that allows any value.
///
/// Preparation of benchmark input, not a step of generation: see the
/// module's documentation.
pub fn adapt_for_progenitor(document: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(bodies) = document
        .pointer_mut("/components/requestBodies")
        .and_then(Value::as_object_mut)
    {
        for (name, body) in bodies {
            let place = format!("#/components/requestBodies/{name}");
            notes.extend(one_media_type(&place, body));
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (route, item) in paths {
            for (method, operation) in item.as_object_mut().into_iter().flatten() {
                let place = format!("{} {route}", method.to_uppercase());
                if let Some(body) = operation.get_mut("requestBody") {
                    notes.extend(one_media_type(&place, body));
                }
            }
        }
    }
    // progenitor rejects a media type without a schema; give it the schema
    // that allows any value.
    let mut schemaless = 0;
    add_missing_schemas(document, &mut schemaless);
    if schemaless > 0 {
        notes.push(format!(
            "{schemaless} media types without a schema: schema {{}} (any value)"
        ));
    }
    if !notes.is_empty() {
        document["info"]["x-adapted"] = json!(notes);
    }
    notes
}

/// One media type for a request body that has several, or one progenitor
/// rejects; the note says what changed.
fn one_media_type(place: &str, body: &mut Value) -> Option<String> {
    let content = body.get_mut("content")?.as_object_mut()?;
    let types: Vec<String> = content.keys().cloned().collect();
    if types.len() > 1 && content.contains_key("application/json") {
        content.retain(|media_type, _| media_type == "application/json");
    } else if types.len() > 1 || content.contains_key("multipart/form-data") {
        content.clear();
        content.insert(
            "application/octet-stream".into(),
            json!({ "schema": { "type": "string", "format": "binary" } }),
        );
    } else {
        return None;
    }
    let kept = content.keys().next().cloned().unwrap_or_default();
    Some(format!(
        "{place}: request body {} -> {kept}",
        types.join(", ")
    ))
}

/// Gives every media type object under a `content` in `value` that has no
/// `schema` the empty one, counting them.
fn add_missing_schemas(value: &mut Value, count: &mut usize) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "content"
                    && let Some(media_types) = value.as_object_mut()
                {
                    for media_type in media_types.values_mut() {
                        if let Some(media_type) = media_type.as_object_mut()
                            && !media_type.contains_key("schema")
                        {
                            media_type.insert("schema".into(), json!({}));
                            *count += 1;
                        }
                    }
                }
                add_missing_schemas(value, count);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| add_missing_schemas(item, count)),
        _ => {}
    }
}

/// The `$ref` targets inside `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => refs(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

/// The value a local `$ref` (`#/a/b`) points to, or null.
fn lookup(document: &Value, reference: &str) -> Value {
    let pointer = reference.trim_start_matches('#');
    document.pointer(pointer).cloned().unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extraction_keeps_tagged_operations_and_what_they_reference() {
        let full = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": { "get": { "tags": ["T"], "responses": { "200": { "$ref": "#/components/responses/r" } } } },
                "/b": { "get": { "tags": ["U"], "responses": {} } }
            },
            "components": {
                "responses": { "r": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/s" } } } } },
                "schemas": { "s": { "type": "object" }, "unused": { "type": "string" } }
            }
        });
        let extracted = extract_tag(&full, "T");
        assert_eq!(extracted["paths"].as_object().unwrap().len(), 1);
        assert_eq!(
            extracted["components"]["schemas"],
            json!({ "s": { "type": "object" } })
        );
        assert!(extracted["components"]["responses"]["r"].is_object());
    }

    #[test]
    fn adaptation_keeps_json_bodies_turns_the_rest_into_bytes_and_says_so() {
        let mut document = json!({
            "info": { "title": "t" },
            "paths": { "/a": {
                "put": { "requestBody": { "content": {
                    "application/json": { "schema": { "type": "object" } },
                    "text/plain": { "schema": { "type": "string" } }
                } } },
                "patch": { "requestBody": { "content": {
                    "multipart/form-data": { "schema": { "type": "object" } }
                } } },
                "post": { "requestBody": { "content": {
                    "application/json": {}
                } } }
            } }
        });
        let notes = adapt_for_progenitor(&mut document);
        let operations = &document["paths"]["/a"];
        assert_eq!(
            operations["put"]["requestBody"]["content"],
            json!({ "application/json": { "schema": { "type": "object" } } })
        );
        assert_eq!(
            operations["patch"]["requestBody"]["content"],
            json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } })
        );
        assert_eq!(
            operations["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert_eq!(document["info"]["x-adapted"], json!(notes));
    }
}
