//! `input_copies_named_as_written`, per product (run by
//! `generate::split` on each product's document): a request's copy of an
//! object schema that answers use too (`<name>-input`, made by
//! `unconstrained_answers`, which marks it [`INPUT_COPY_OF`]) takes back
//! its schema's name in a product whose operations do not reach the
//! schema itself.
//!
//! The spec is normalized whole, so whether a schema is split depends on
//! every product: when `workers` joined, its answers held the secret
//! bindings that Workers for Platforms only sends, and WfP's
//! `types::WorkersSecret` became `WorkersSecretInput` (its hand-written
//! `src/workers.rs` no longer compiled). A product's type names now depend
//! on its own operations only: a schema is split in a product's crate
//! only when that product both sends and answers it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::spec::refs::{component_in, is_data};

/// The mark on a request's copy: the name of the schema it copies.
pub(crate) const INPUT_COPY_OF: &str = "x-rust-input-copy-of";

/// See the module's docs. Every mark goes.
pub(crate) fn input_copies_named_as_written(document: &mut Value) {
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for (name, schema) in schemas.iter_mut() {
        let Some(Value::String(original)) = schema
            .as_object_mut()
            .and_then(|schema| schema.remove(INPUT_COPY_OF))
        else {
            continue;
        };
        renamed.insert(name.clone(), original);
    }
    renamed.retain(|_, original| !schemas.contains_key(original.as_str()));
    if renamed.is_empty() {
        return;
    }
    let moved: Vec<(String, Value)> = renamed
        .iter()
        .filter_map(|(copy, original)| Some((original.clone(), schemas.remove(copy)?)))
        .collect();
    schemas.extend(moved);
    // Sorted, as the merged document's maps are.
    let mut sorted: Vec<(String, Value)> = std::mem::take(schemas).into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.extend(sorted);
    rename(document, &renamed);
}

fn rename(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            if let Some(target) = component_in(object).and_then(|name| renamed.get(name)) {
                let reference = format!("{}{target}", crate::spec::refs::SCHEMAS);
                object.insert("$ref".into(), Value::String(reference));
            }
            for (key, child) in object.iter_mut() {
                if !is_data(key) {
                    rename(child, renamed);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename(item, renamed)),
        _ => {}
    }
}

/// Marks `copy` as the request's copy of `original`.
pub(crate) fn mark(copy: &mut Value, original: &str) {
    if let Value::Object(copy) = copy {
        copy.insert(INPUT_COPY_OF.into(), Value::String(original.into()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_copy_takes_its_name_back_where_the_schema_is_not_reached() {
        let mut document = json!({
            "paths": {"/a": {"put": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/secret-input"}}}}}}},
            "components": {"schemas": {
                "secret-input": {"type": "object", INPUT_COPY_OF: "secret",
                    "properties": {"kind": {"$ref": "#/components/schemas/kind-input"}}},
                "kind-input": {"type": "object", INPUT_COPY_OF: "kind"},
                "kind": {"type": "object"},
            }},
        });
        input_copies_named_as_written(&mut document);
        assert_eq!(
            document["paths"]["/a"]["put"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/secret"})
        );
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["secret"],
            json!({"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/kind-input"}}})
        );
        // `kind` is reached (answered) here: its copy keeps its name.
        assert_eq!(schemas["kind-input"], json!({"type": "object"}));
        assert!(schemas.get("secret-input").is_none());
    }
}
