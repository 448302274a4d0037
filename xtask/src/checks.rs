//! What regen refuses in the merged spec as written, before any rewrite,
//! each naming the file and line ([`Refusal`]):
//!
//! - a `$ref` that points at nothing in the spec files, or into another
//!   document (progenitor does not follow those; typify would panic with
//!   "$ref … is missing" against whichever schema holds it);
//! - one of the project's own extensions (`x-rust-*`) that regen does not
//!   know (a misspelling would otherwise do nothing, silently) or that
//!   sits where it does nothing (`x-rust-tree` on a path item rather than
//!   an operation), or an `x-rust-tree` with keys other than `group` and
//!   `method`.

use serde_json::{Map, Value};

use crate::location::Path;
use crate::normalize::Refusal;
use crate::refs::is_data;

/// Where one of the project's extensions takes effect.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// An operation (`paths./route.get`).
    Operation,
    /// A parameter (in an operation's, a path item's or the components'
    /// `parameters`).
    Parameter,
    /// A schema: anywhere else.
    Schema,
}

/// The extensions a spec may carry, where each takes effect, and the
/// module that reads it. Those regen adds itself while rewriting
/// (`x-rust-secret-keys`, `x-rust-multipart`, `x-rust-url-encoded`) are
/// not written in a spec.
const EXTENSIONS: [(&str, Place, &str); 4] = [
    ("x-rust-tree", Place::Operation, "xtask/src/tree/place.rs"),
    ("x-rust-omits", Place::Operation, "xtask/src/omissions.rs"),
    (
        "x-rust-url-encoded-flag",
        Place::Parameter,
        "xtask/src/url_encoded.rs",
    ),
    (
        "x-rust-open-union",
        Place::Schema,
        "xtask/src/open_union.rs",
    ),
];

/// The keys `x-rust-tree` takes.
const TREE_KEYS: [&str; 2] = ["group", "method"];

/// The HTTP methods an OpenAPI path item holds operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks `document` (the merged spec, not yet rewritten): see the module
/// docs.
pub(crate) fn written(document: &Value) -> Result<(), Refusal> {
    walk(document, document, &mut Vec::new())
}

fn walk(document: &Value, value: &Value, path: &mut Path) -> Result<(), Refusal> {
    match value {
        Value::Object(object) => {
            // A property, path or component may be named like a keyword.
            let names = path.last().is_some_and(|key| {
                matches!(
                    key.as_str(),
                    "properties" | "paths" | "schemas" | "responses" | "content" | "headers"
                )
            });
            if !names {
                check_object(document, object, path)?;
            }
            for (key, child) in object {
                if !names && is_data(key) {
                    continue;
                }
                path.push(key.clone());
                walk(document, child, path)?;
                path.pop();
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                walk(document, item, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_object(document: &Value, object: &Map<String, Value>, path: &Path) -> Result<(), Refusal> {
    let refuse = |key: &str, message: String| {
        let mut at = path.clone();
        at.push(key.to_owned());
        Err(Refusal { at, message })
    };
    if let Some(reference) = object.get("$ref") {
        let Some(reference) = reference.as_str() else {
            return refuse("$ref", "`$ref` must be a string".into());
        };
        match reference.strip_prefix('#') {
            Some(pointer) if document.pointer(pointer).is_some() => {}
            Some(pointer) => {
                return refuse(
                    "$ref",
                    format!(
                        "`$ref: \"{reference}\"` points at nothing: the spec files have no `{}`; \
                         import the schema it names, or correct the name",
                        pointer.trim_start_matches('/').replace('/', ".")
                    ),
                );
            }
            None => {
                return refuse(
                    "$ref",
                    format!(
                        "`$ref: \"{reference}\"` points into another document, which regen \
                         does not read; import what it names into the spec files and refer to \
                         it as `#/components/...`"
                    ),
                );
            }
        }
    }
    for (key, value) in object {
        if !key.starts_with("x-rust-") {
            continue;
        }
        let Some(&(_, place, reader)) = EXTENSIONS.iter().find(|(name, ..)| name == key) else {
            let known: Vec<String> = EXTENSIONS
                .iter()
                .map(|(name, ..)| format!("`{name}`"))
                .collect();
            return refuse(
                key,
                format!(
                    "`{key}` is no extension regen knows, so it would do nothing; the spec's \
                     own are {}",
                    known.join(", ")
                ),
            );
        };
        let here = place_of(path);
        if here != place {
            return refuse(
                key,
                format!(
                    "`{key}` takes effect on {} (see {reader}), not on {}; move it there",
                    describe(place),
                    describe(here)
                ),
            );
        }
        if key == "x-rust-tree"
            && let Some(tree) = value.as_object()
            && let Some(other) = tree.keys().find(|k| !TREE_KEYS.contains(&k.as_str()))
        {
            return refuse(
                key,
                format!("`x-rust-tree` takes `group` and `method`, not `{other}`"),
            );
        }
    }
    Ok(())
}

/// What the object at `path` is, as far as the extensions go.
fn place_of(path: &[String]) -> Place {
    match path {
        [paths, _, method] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            Place::Operation
        }
        [components, parameters, _] if components == "components" && parameters == "parameters" => {
            Place::Parameter
        }
        [.., parameters, index]
            if parameters == "parameters" && index.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Place::Parameter
        }
        _ => Place::Schema,
    }
}

fn describe(place: Place) -> &'static str {
    match place {
        Place::Operation => "an operation",
        Place::Parameter => "a parameter",
        Place::Schema => "a schema (or anything but an operation or a parameter)",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refusal(document: Value) -> Option<(String, String)> {
        written(&document)
            .err()
            .map(|refusal| (refusal.at.join("/"), refusal.message))
    }

    #[test]
    fn references_that_point_at_nothing_or_elsewhere_are_refused_where_they_are() {
        let ok = json!({
            "components": {"schemas": {
                "a": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/b"}}},
                "b": {"type": "string"},
            }},
        });
        assert_eq!(refusal(ok), None);
        let (at, message) = refusal(json!({
            "components": {"schemas": {
                "a": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/c"}}},
            }},
        }))
        .unwrap();
        assert_eq!(at, "components/schemas/a/properties/b/$ref");
        assert!(message.contains("no `components.schemas.c`"), "{message}");
        let (_, message) = refusal(json!({
            "components": {"schemas": {"a": {"$ref": "other.yaml#/components/schemas/a"}}},
        }))
        .unwrap();
        assert!(message.contains("another document"), "{message}");
    }

    #[test]
    fn names_that_look_like_keywords_and_data_are_not_checked() {
        let document = json!({
            "components": {"schemas": {"a": {
                "type": "object",
                "properties": {"$ref": {"type": "string"}, "x-rust-thing": {"type": "string"}},
                "example": {"$ref": "#/nowhere"},
            }}},
        });
        assert_eq!(refusal(document), None);
    }

    #[test]
    fn the_projects_extensions_are_known_and_in_their_place() {
        let operation = |extension: Value| json!({"paths": {"/a": {"get": extension}}});
        assert_eq!(
            refusal(operation(
                json!({"x-rust-tree": {"group": "a", "method": "b"}})
            )),
            None
        );
        let (at, message) = refusal(operation(json!({"x-rust-tre": {"group": "a"}}))).unwrap();
        assert_eq!(at, "paths//a/get/x-rust-tre");
        assert!(message.contains("no extension regen knows"), "{message}");
        let (_, message) = refusal(operation(json!({"x-rust-tree": {"grop": "a"}}))).unwrap();
        assert!(message.contains("not `grop`"), "{message}");
        let (at, message) =
            refusal(json!({"paths": {"/a": {"x-rust-tree": {"group": "a"}}}})).unwrap();
        assert_eq!(at, "paths//a/x-rust-tree");
        assert!(
            message.contains("on an operation") && message.contains("move it"),
            "{message}"
        );
        let parameter = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "f", "in": "query", "x-rust-url-encoded-flag": "name"},
        ]}}}});
        assert_eq!(refusal(parameter), None);
        let (_, message) = refusal(json!({"components": {"schemas": {
            "a": {"type": "boolean", "x-rust-url-encoded-flag": "name"},
        }}}))
        .unwrap();
        assert!(message.contains("on a parameter"), "{message}");
    }
}
