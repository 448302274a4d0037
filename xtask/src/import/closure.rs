//! Every component an imported operation needs: the `$ref`s of its path
//! items, and of what they point at, followed to the end.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::Error;

/// The components of `source` that `paths` reach through `$ref`s, by kind
/// (`schemas`, `parameters`, `responses`, ...) and name, as published.
pub(crate) fn components(source: &Value, paths: &Value) -> Result<Map<String, Value>, Error> {
    let mut seen = BTreeSet::new();
    let mut todo = Vec::new();
    references(paths, &mut todo);
    while let Some(reference) = todo.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let target = target(source, &reference)?;
        references(target, &mut todo);
    }
    let mut components = Map::new();
    for reference in &seen {
        let (kind, name) = split(reference)?;
        let value = target(source, reference)?.clone();
        if let Value::Object(kind) = components
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            kind.insert(name, value);
        }
    }
    Ok(components)
}

/// Every `$ref` string under `value`.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => out.push(reference.clone()),
                    _ => references(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, out)),
        _ => {}
    }
}

/// `#/components/<kind>/<name>` as its kind and (unescaped) name.
fn split(reference: &str) -> Result<(String, String), Error> {
    let local = reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, name)| !name.contains('/'));
    let Some((kind, name)) = local else {
        return Err(Error::Import {
            message: format!(
                "`$ref: {reference}` is not a component of the schema \
                 (`#/components/<kind>/<name>`); import cannot follow it"
            ),
        });
    };
    Ok((kind.to_owned(), name.replace("~1", "/").replace("~0", "~")))
}

fn target<'a>(source: &'a Value, reference: &str) -> Result<&'a Value, Error> {
    split(reference)?;
    source
        .pointer(&reference[1..])
        .ok_or_else(|| Error::Import {
            message: format!("`$ref: {reference}` points at nothing in the schema"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_references_to_the_end_and_keeps_nothing_else() {
        let source = json!({"components": {
            "schemas": {"a": {"$ref": "#/components/schemas/b"}, "b": {"properties": {"c": {"$ref": "#/components/schemas/c~1d"}}}, "c/d": {"type": "string"}, "unused": {}},
            "parameters": {"p": {"schema": {"$ref": "#/components/schemas/a"}}}
        }});
        let paths = json!({"/x": {"get": {"parameters": [{"$ref": "#/components/parameters/p"}]}}});
        let found = components(&source, &paths).unwrap();
        assert_eq!(
            Value::Object(found),
            json!({
                "parameters": {"p": {"schema": {"$ref": "#/components/schemas/a"}}},
                "schemas": {"a": {"$ref": "#/components/schemas/b"}, "b": {"properties": {"c": {"$ref": "#/components/schemas/c~1d"}}}, "c/d": {"type": "string"}}
            })
        );
    }

    #[test]
    fn a_reference_to_nothing_is_named() {
        let error = components(&json!({}), &json!({"$ref": "#/components/schemas/gone"}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("#/components/schemas/gone"), "{error}");
    }
}
