//! What regen refuses in the merged spec as written, before any rewrite,
//! each naming the file and line ([`Refusal`]):
//!
//! - a `$ref` that points at nothing in the spec files, or into another
//!   document (progenitor does not follow those; typify would panic with
//!   "$ref … is missing" against whichever schema holds it);
//! - an operation whose path template and `in: path` parameters do not
//!   match one for one (progenitor panics, "missing path name mapping");
//! - a secret parameter (`crate::redact`'s `check_parameters`): sent
//!   with its `Display`, it could not be kept out of `Debug`;
//! - one of the project's own extensions (`x-rust-*`) that regen does not
//!   know (a misspelling would otherwise do nothing, silently) or that
//!   sits where it does nothing (`x-rust-tree` on a path item rather than
//!   an operation), or an `x-rust-tree` with keys other than `group` and
//!   `method`.

use serde_json::{Map, Value};

use crate::normalize::Refusal;
use crate::spec::location::Path;
use crate::spec::refs::is_data;

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
/// (`x-rust-secret-keys`, `x-rust-multipart`, `x-rust-url-encoded`,
/// `x-rust-unexploded`, `x-rust-media-type`) are
/// not written in a spec.
const EXTENSIONS: [(&str, Place, &str); 4] = [
    ("x-rust-tree", Place::Operation, "xtask/src/tree/place.rs"),
    (
        "x-rust-omits",
        Place::Operation,
        "xtask/src/normalize/omissions.rs",
    ),
    (
        "x-rust-url-encoded-flag",
        Place::Parameter,
        "xtask/src/generate/url_encoded.rs",
    ),
    (
        "x-rust-open-union",
        Place::Schema,
        "xtask/src/normalize/open_union.rs",
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
    walk(document, document, &mut Vec::new())?;
    path_parameters(document)?;
    crate::redact::check_parameters(document)
}

/// Refuses an operation whose path template and `in: path` parameters do
/// not match one for one: a `{name}` without its parameter (progenitor
/// panics: "missing path name mapping"), a path parameter the template
/// lacks, or a `{name}` twice.
fn path_parameters(document: &Value) -> Result<(), Refusal> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (route, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let names = crate::normalize::path_names::template_names(route);
        let in_template: Vec<&str> = names.iter().map(String::as_str).collect();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = vec!["paths".to_owned(), route.clone(), method.to_owned()];
            let refuse = |message: String| {
                Err(Refusal {
                    at: at.clone(),
                    message,
                })
            };
            if let Some(twice) = in_template
                .iter()
                .enumerate()
                .find_map(|(i, name)| in_template[..i].contains(name).then_some(name))
            {
                return refuse(format!(
                    "`{{{twice}}}` is in the path twice; a path names each parameter once"
                ));
            }
            let declared: Vec<&str> = [item.get("parameters"), operation.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .map(|parameter| crate::spec::refs::resolve(document, parameter))
                .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|parameter| parameter.get("name").and_then(Value::as_str))
                .collect();
            if let Some(missing) = in_template.iter().find(|name| !declared.contains(name)) {
                return refuse(format!(
                    "`{{{missing}}}` is in the path, but no parameter `{missing}` is `in: path`; \
                     declare it (in the operation's or the path's `parameters`)"
                ));
            }
            if let Some(extra) = declared.iter().find(|name| !in_template.contains(name)) {
                return refuse(format!(
                    "the parameter `{extra}` is `in: path`, but the path has no `{{{extra}}}`"
                ));
            }
        }
    }
    Ok(())
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
            Some(pointer) if !pointer.starts_with("/components/") => {
                return refuse(
                    "$ref",
                    format!(
                        "`$ref: \"{reference}\"` points outside `#/components/`, and \
                         progenitor reads references to components only: move what it names \
                         into `components` and refer to it there"
                    ),
                );
            }
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
        // Passes resolve references in a copy of the components alone.
        let (at, message) = refusal(json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "", "content": {"application/json": {"schema": {"type": "object"}}}},
                "4XX": {"$ref": "#/paths/~1a/get/responses/200"},
            }}}},
        }))
        .unwrap();
        assert_eq!(at, "paths//a/get/responses/4XX/$ref");
        assert!(
            message.contains("points outside `#/components/`"),
            "{message}"
        );
    }

    #[test]
    fn path_templates_and_path_parameters_match_one_for_one() {
        let document = |route: &str, parameters: Value| {
            json!({
                "paths": {route: {
                    "parameters": [{"$ref": "#/components/parameters/a"}],
                    "get": {"parameters": parameters},
                }},
                "components": {"parameters": {"a": {"name": "a", "in": "path"}}},
            })
        };
        let b = json!([{"name": "b", "in": "path"}, {"name": "q", "in": "query"}]);
        assert_eq!(refusal(document("/x/{a}/y/{b}", b.clone())), None);
        let (at, message) = refusal(document("/x/{a}/y/{b}/{c}", b.clone())).unwrap();
        assert_eq!(at, "paths//x/{a}/y/{b}/{c}/get");
        assert!(
            message.starts_with("`{c}` is in the path, but no parameter `c`"),
            "{message}"
        );
        let (_, message) = refusal(document("/x/{a}", b.clone())).unwrap();
        assert!(
            message.contains("`b` is `in: path`, but the path has no `{b}`"),
            "{message}"
        );
        let (_, message) = refusal(document("/x/{a}/y/{b}/{a}", b)).unwrap();
        assert!(message.contains("`{a}` is in the path twice"), "{message}");
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
