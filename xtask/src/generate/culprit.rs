//! When progenitor fails on the whole spec: which component schema or
//! operation made it fail, in which file, on which line.
//!
//! progenitor's errors and panics (typify's `todo!`s, `assert!`s) name no
//! schema. Running it again on parts of the spec finds the culprit, by
//! bisection, so that a spec of thousands of operations takes a dozen runs
//! rather than one per operation:
//!
//! 1. the component schemas alone, ordered so that a schema comes after
//!    those it refers to: the shortest failing prefix ends with the
//!    culprit. Each run holds a prefix and every schema it refers to, so
//!    it never fails for a missing reference;
//! 2. if the schemas pass, the operations in spec order, each run holding
//!    a prefix of them and only the components they refer to: the
//!    shortest failing prefix ends with the culprit.
//!
//! Each run is as small as the prefix; the failing one's message is the
//! reason reported, with the culprit's file and line
//! (`crate::spec::location`).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::Error;
use crate::spec::Spec;
use crate::spec::location::{Location, locate};

/// The error naming what made `run` fail on `spec` (which failed as a
/// whole with `whole`).
pub(crate) fn find(
    spec: &Spec,
    whole: String,
    run: impl Fn(&OpenAPI) -> Result<(), String>,
) -> Error {
    let Ok(document) = serde_json::to_value(&spec.document) else {
        return unnamed(spec, whole);
    };
    let schemas = match document.pointer("/components/schemas") {
        Some(Value::Object(schemas)) => schemas.clone(),
        _ => Map::new(),
    };
    let try_value = |value: Value| -> Result<(), String> {
        let parsed: OpenAPI = serde_json::from_value(value).map_err(|e| e.to_string())?;
        run(&parsed)
    };

    // 1. The component schemas.
    let order = dependency_order(&schemas);
    let with_schemas = |names: &[String]| -> Value {
        let mut needed = BTreeSet::new();
        for name in names {
            reach(
                &Value::String(format!("#/components/schemas/{name}")),
                &schemas,
                &mut needed,
            );
        }
        let mut part = document.clone();
        part["paths"] = Value::Object(Map::new());
        set_schemas(&mut part, &schemas, &needed);
        part
    };
    if let Err(message) = try_value(with_schemas(&order)) {
        return match shortest_failing_prefix(order.len(), |n| try_value(with_schemas(&order[..n])))
        {
            Some((n, message)) => {
                let name = &order[n - 1];
                // regen's own copies (`x-input`, see `normalize`) were
                // written as the schema they copy.
                let written = name
                    .strip_suffix("-input")
                    .filter(|s| schemas.contains_key(*s));
                let path = ["components", "schemas", written.unwrap_or(name)].map(String::from);
                construct(locate(&spec.files, &spec.written, &path), message)
            }
            None => Error::Generate {
                culprit: format!("the components of {}", spec.sources.join(", ")),
                message,
            },
        };
    }

    // 2. The operations, each prefix with the components it refers to.
    let operations: Vec<[String; 3]> = spec
        .operations
        .iter()
        .map(|op| ["paths".into(), op.route.clone(), op.method.clone()])
        .collect();
    let with_operations = |ops: &[[String; 3]]| -> Value {
        let mut part = document.clone();
        let mut paths = Map::new();
        for [_, route, method] in ops {
            let Some(operation) = document
                .get("paths")
                .and_then(|p| p.get(route))
                .and_then(|item| item.get(method))
            else {
                continue;
            };
            let item = paths
                .entry(route.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(parameters) = document["paths"][route].get("parameters") {
                item["parameters"] = parameters.clone();
            }
            item[method] = operation.clone();
        }
        let paths = Value::Object(paths);
        let mut needed = BTreeSet::new();
        reach(&paths, &schemas, &mut needed);
        // Other components (parameters, responses, request bodies) refer
        // to schemas too: keep the schemas of those the operations use.
        if let Some(Value::Object(components)) = document.get("components") {
            for (kind, entries) in components {
                if kind == "schemas" {
                    continue;
                }
                if let Value::Object(entries) = entries {
                    for (name, entry) in entries {
                        let reference = format!("#/components/{kind}/{name}");
                        if mentions(&paths, &reference) {
                            reach(entry, &schemas, &mut needed);
                        }
                    }
                }
            }
        }
        part["paths"] = paths;
        set_schemas(&mut part, &schemas, &needed);
        part
    };
    match shortest_failing_prefix(operations.len(), |n| {
        try_value(with_operations(&operations[..n]))
    }) {
        Some((n, message)) => construct(
            locate(&spec.files, &spec.written, &operations[n - 1]),
            message,
        ),
        None => unnamed(spec, whole),
    }
}

fn construct(location: Location, message: String) -> Error {
    Error::Construct {
        location,
        message: format!("progenitor cannot generate it: {message}"),
    }
}

fn unnamed(spec: &Spec, whole: String) -> Error {
    Error::Generate {
        culprit: spec.sources.join(", "),
        message: whole,
    }
}

/// The smallest `n` in `1..=len` for which `fails(n)` is an error, with
/// that error, when `fails(len)` is one; `fails` must fail for every `n`
/// above a first one (a prefix holding the culprit fails). log2(len) + 1
/// calls.
fn shortest_failing_prefix(
    len: usize,
    fails: impl Fn(usize) -> Result<(), String>,
) -> Option<(usize, String)> {
    let mut failing = (len, fails(len).err()?);
    let mut passing = 0; // the empty prefix passes
    while failing.0 - passing > 1 {
        let middle = passing + (failing.0 - passing) / 2;
        match fails(middle) {
            Ok(()) => passing = middle,
            Err(message) => failing = (middle, message),
        }
    }
    Some(failing)
}

/// The component schemas' names, each after those it refers to (depth
/// first, by name; a cycle's schemas in the order met).
fn dependency_order(schemas: &Map<String, Value>) -> Vec<String> {
    fn visit(
        name: &str,
        schemas: &Map<String, Value>,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if !seen.insert(name.to_owned()) {
            return;
        }
        if let Some(schema) = schemas.get(name) {
            let mut direct = BTreeSet::new();
            reach(schema, &Map::new(), &mut direct);
            for referred in &direct {
                visit(referred, schemas, seen, order);
            }
        }
        order.push(name.to_owned());
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::with_capacity(schemas.len());
    for name in schemas.keys() {
        visit(name, schemas, &mut seen, &mut order);
    }
    order
}

/// Adds to `found` the component schemas `value` refers to, and through
/// `schemas`, those they refer to.
fn reach(value: &Value, schemas: &Map<String, Value>, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    reach(child, schemas, found);
                }
            }
        }
        Value::String(reference) => {
            if let Some(name) = reference.strip_prefix("#/components/schemas/")
                && found.insert(name.to_owned())
                && let Some(schema) = schemas.get(name)
            {
                reach(schema, schemas, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| reach(item, schemas, found)),
        _ => {}
    }
}

/// Whether `value` holds the string `reference` anywhere.
fn mentions(value: &Value, reference: &str) -> bool {
    match value {
        Value::String(s) => s == reference,
        Value::Object(object) => object.values().any(|v| mentions(v, reference)),
        Value::Array(items) => items.iter().any(|v| mentions(v, reference)),
        _ => false,
    }
}

/// `part`'s component schemas: those of `schemas` named in `needed`.
fn set_schemas(part: &mut Value, schemas: &Map<String, Value>, needed: &BTreeSet<String>) {
    let kept: BTreeMap<&String, &Value> = schemas
        .iter()
        .filter(|(name, _)| needed.contains(*name))
        .collect();
    let kept: Map<String, Value> = kept
        .into_iter()
        .map(|(name, schema)| (name.clone(), schema.clone()))
        .collect();
    if let Some(Value::Object(components)) = part.get_mut("components") {
        components.insert("schemas".into(), Value::Object(kept));
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde_json::json;

    use super::*;

    #[test]
    fn the_shortest_failing_prefix_takes_few_runs() {
        for culprit in 1..=100 {
            let runs = Cell::new(0);
            let found = shortest_failing_prefix(100, |n| {
                runs.set(runs.get() + 1);
                if n >= culprit {
                    Err(format!("{n}"))
                } else {
                    Ok(())
                }
            });
            assert_eq!(found.map(|f| f.0), Some(culprit));
            assert!(runs.get() <= 8, "{culprit}: {} runs", runs.get());
        }
        assert_eq!(shortest_failing_prefix(5, |_| Ok(())), None);
    }

    #[test]
    fn schemas_come_after_those_they_refer_to() {
        let schemas = json!({
            "a": {"properties": {"b": {"$ref": "#/components/schemas/b"}}},
            "b": {"items": {"$ref": "#/components/schemas/c"}},
            "c": {"type": "string"},
            "d": {"properties": {"d": {"$ref": "#/components/schemas/d"}}},
        });
        let Value::Object(schemas) = schemas else {
            unreachable!()
        };
        assert_eq!(dependency_order(&schemas), ["c", "b", "a", "d"]);
    }
}
