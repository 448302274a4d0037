//! `component_names_distinct`: component schemas whose names give one
//! Rust type name get names that give distinct ones.
//!
//! typify names a component's type after its key, in upper camel case, so
//! keys that differ only in their separators or case name one type:
//! Zones' `bill-subs-api_rate-plan` (a plan) and `bill-subs-api_rate_plan`
//! (the plan a subscription applies) are both `BillSubsApiRatePlan`, two
//! `struct`s of that name, and the product crate did not compile (E0428).
//! Of each such group the first key, in byte order, keeps its name; each
//! other becomes `<key>-<n>` (the smallest `n` from 2 whose type name is
//! no other component's), and every `$ref` to it follows. The spec's keys
//! are unchanged on disk; only the merged document regen hands to
//! progenitor has the new ones.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::spec::refs::{SCHEMAS, pointer_token};

/// Renames the component schemas of `document` whose type names clash
/// (see the module); returns the renames, old key to new, for the tests.
pub(crate) fn component_names_distinct(document: &mut Value) -> BTreeMap<String, String> {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return BTreeMap::new();
    };
    let keys: BTreeSet<String> = schemas.keys().cloned().collect();
    let mut by_name: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for key in &keys {
        by_name
            .entry(key.to_upper_camel_case())
            .or_default()
            .push(key);
    }
    let mut names: BTreeSet<String> = by_name.keys().cloned().collect();
    let mut renames = BTreeMap::new();
    for group in by_name.values().filter(|group| group.len() > 1) {
        for key in &group[1..] {
            let renamed = (2..)
                .map(|n| format!("{key}-{n}"))
                .find(|candidate| {
                    !keys.contains(candidate) && !names.contains(&candidate.to_upper_camel_case())
                })
                .expect("some suffix is free");
            names.insert(renamed.to_upper_camel_case());
            renames.insert((*key).clone(), renamed);
        }
    }
    if renames.is_empty() {
        return renames;
    }
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for (old, new) in &renames {
            if let Some(schema) = schemas.remove(old) {
                schemas.insert(new.clone(), schema);
            }
        }
        schemas.sort_keys();
    }
    let references: BTreeMap<String, String> = renames
        .iter()
        .map(|(old, new)| {
            (
                format!("{SCHEMAS}{}", pointer_token(old)),
                format!("{SCHEMAS}{}", pointer_token(new)),
            )
        })
        .collect();
    follow(document, &references);
    renames
}

/// Every `$ref` of `value` that `references` has a new text for gets it.
fn follow(value: &mut Value, references: &BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                if key == "$ref" {
                    if let Some(new) = value.as_str().and_then(|old| references.get(old)) {
                        *value = Value::String(new.clone());
                    }
                } else {
                    follow(value, references);
                }
            }
        }
        Value::Array(values) => {
            for value in values {
                follow(value, references);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_of_one_type_name_get_distinct_ones_and_references_follow() {
        let mut document = json!({
            "paths": {"/plans": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/bill_rate_plan"}},
            }}}}}}},
            "components": {"schemas": {
                "bill_rate-plan": {"type": "object", "properties": {"a": {"type": "string"}}},
                "bill_rate_plan": {"type": "object", "properties": {
                    "b": {"type": "string"},
                    "next": {"$ref": "#/components/schemas/bill_rate_plan"},
                }},
                // The first free suffix: `BillRatePlan2` is taken.
                "bill_rate_plan_2": {"type": "string"},
                "other": {"$ref": "#/components/schemas/bill_rate-plan"},
            }},
        });
        let renames = component_names_distinct(&mut document);
        assert_eq!(
            renames,
            BTreeMap::from([("bill_rate_plan".to_owned(), "bill_rate_plan-3".to_owned())])
        );
        let schemas = document.pointer("/components/schemas").unwrap();
        assert!(schemas.get("bill_rate_plan").is_none());
        assert_eq!(
            schemas["bill_rate_plan-3"]["properties"]["next"]["$ref"],
            "#/components/schemas/bill_rate_plan-3"
        );
        assert_eq!(
            schemas["other"]["$ref"],
            "#/components/schemas/bill_rate-plan"
        );
        assert_eq!(
            document.pointer(
                "/paths/~1plans/get/responses/200/content/application~1json/schema/items/$ref"
            ),
            Some(&json!("#/components/schemas/bill_rate_plan-3"))
        );
        let names: BTreeSet<String> = schemas
            .as_object()
            .unwrap()
            .keys()
            .map(|key| key.to_upper_camel_case())
            .collect();
        assert_eq!(names.len(), 4);
    }

    #[test]
    fn distinct_names_are_left_alone() {
        let mut document = json!({"components": {"schemas": {
            "a_plan": {"type": "string"},
            "b_plan": {"$ref": "#/components/schemas/a_plan"},
        }}});
        let before = document.clone();
        assert!(component_names_distinct(&mut document).is_empty());
        assert_eq!(document, before);
    }
}
