//! The project's fixes to Cloudflare's schema, kept apart from the imported
//! text: OpenAPI Overlay 1.0.0 documents in `openapi/fixes/`, applied to
//! the merged spec before anything reads it.
//!
//! An overlay is a list of `actions`, applied in order; each names what it
//! changes with a JSONPath `target` (RFC 9535) and either merges `update`
//! into every node the target selects or, with `remove: true`, removes
//! them (<https://spec.openapis.org/overlay/v1.0.0.html>). The files are
//! applied in the order of their names.
//!
//! Two rules of this project on top of the standard, so that a re-import
//! never loses a fix silently:
//! - every action says why in its `description` (the reason a reviewer
//!   reads; regen refuses an action without one);
//! - a `target` that selects nothing is an error: the schema it was
//!   written for changed, and the fix must be looked at again.
//!
//! `update` merges as the standard says: into an object, each property of
//! the update replaces the target's property of that name, objects merged
//! recursively; into an array, the update is appended. A target that is
//! neither (a string, a number) cannot be updated; its parent can.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::Error;

/// The folder of the fixes, inside the spec folder. The spec loader does
/// not read it as spec files.
pub const FIXES_DIR: &str = "fixes";

/// One overlay document, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    overlay: String,
    /// Required by the standard (a title and a version); read to check it
    /// is there.
    #[allow(dead_code)]
    info: Info,
    /// The document the overlay was written for (a URL); informative here,
    /// as the fixes apply to the merged spec.
    #[serde(default)]
    #[allow(dead_code)]
    extends: Option<String>,
    actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
struct Info {
    #[allow(dead_code)]
    title: String,
    #[allow(dead_code)]
    version: String,
}

/// One change: where (`target`), why (`description`), and what (`update`
/// or `remove`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    target: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// An overlay file read from disk, ready to apply.
#[derive(Debug)]
pub(crate) struct Fixes {
    /// The file as shown to people.
    pub(crate) shown: String,
    overlay: Overlay,
    /// The file's text, for the line of an action that fails.
    text: String,
}

/// How many nodes each action of a file changed, to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub file: String,
    /// Per action, in order: its target and the nodes it changed.
    pub actions: Vec<(String, usize)>,
}

/// Reads every `*.yaml`/`*.yml`/`*.json` overlay in `dir`, sorted by name;
/// none when the folder does not exist.
pub(crate) fn read_dir(dir: &Path, shown: &impl Fn(&Path) -> String) -> Result<Vec<Fixes>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let read_error = |path: &Path, source| Error::Read {
        path: shown(path),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        let path = entry.map_err(|e| read_error(dir, e))?.path();
        if path.is_file()
            && matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "yml" | "json")
            )
        {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| read_error(path, e))?;
            parse(shown(path), text)
        })
        .collect()
}

/// Parses one overlay document and checks what the standard and this
/// project require of it.
pub(crate) fn parse(shown: String, text: String) -> Result<Fixes, Error> {
    let overlay: Overlay = serde_yaml_ng::from_str(&text).map_err(|e| Error::Syntax {
        path: shown.clone(),
        format: "OpenAPI Overlay 1.0",
        message: e.to_string(),
    })?;
    let invalid = |line: Option<usize>, message: String| Error::Fix {
        at: match line {
            Some(line) => format!("{shown}:{line}"),
            None => shown.clone(),
        },
        message,
    };
    if !overlay.overlay.starts_with("1.0.") {
        return Err(invalid(
            None,
            format!(
                "`overlay: {}`: regen applies Overlay 1.0.x",
                overlay.overlay
            ),
        ));
    }
    for action in &overlay.actions {
        let line = line_of(&text, &action.target);
        if JsonPath::parse(&action.target).is_err() {
            return Err(invalid(
                line,
                format!("`{}` is not a JSONPath query (RFC 9535)", action.target),
            ));
        }
        if action
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            return Err(invalid(
                line,
                format!(
                    "the action on `{}` has no `description`; say why the project changes \
                     Cloudflare's schema there",
                    action.target
                ),
            ));
        }
        match (&action.update, action.remove) {
            (Some(_), true) | (None, false) => {
                return Err(invalid(
                    line,
                    format!(
                        "the action on `{}` needs exactly one of `update` and `remove: true`",
                        action.target
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(Fixes {
        shown,
        overlay,
        text,
    })
}

/// Applies every action of `fixes`, in order, to `document`.
pub(crate) fn apply(fixes: &Fixes, document: &mut Value) -> Result<Applied, Error> {
    let mut applied = Vec::new();
    for action in &fixes.overlay.actions {
        let fail = |message: String| Error::Fix {
            at: match line_of(&fixes.text, &action.target) {
                Some(line) => format!("{}:{line}", fixes.shown),
                None => fixes.shown.clone(),
            },
            message,
        };
        // Checked by `parse`.
        let path = JsonPath::parse(&action.target).map_err(|e| fail(e.to_string()))?;
        let mut pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err(fail(format!(
                "`{}` selects nothing in the spec: what this fix was written for has \
                 changed (a re-import?); look at the fix again",
                action.target
            )));
        }
        if action.remove {
            // Later siblings first, so that the indexes of the rest hold.
            pointers.sort_by(|a, b| compare_pointers(b, a));
            for pointer in &pointers {
                remove(document, pointer);
            }
        } else if let Some(update) = &action.update {
            for pointer in &pointers {
                let Some(node) = document.pointer_mut(pointer) else {
                    continue;
                };
                match node {
                    Value::Object(_) => merge(node, update),
                    Value::Array(items) => items.push(update.clone()),
                    _ => {
                        return Err(fail(format!(
                            "`{}` selects `{pointer}`, which is neither an object nor an \
                             array: an update merges into one; target its parent",
                            action.target
                        )));
                    }
                }
            }
        }
        applied.push((action.target.clone(), pointers.len()));
    }
    Ok(Applied {
        file: fixes.shown.clone(),
        actions: applied,
    })
}

/// Merges `update` into `target` as Overlay 1.0 does: properties of an
/// object update replace (objects: merge into) the target's.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing @ Value::Object(_)) if value.is_object() => {
                        merge(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (target, update) => *target = update.clone(),
    }
}

/// Removes the node at `pointer` from its parent.
fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// Orders JSON pointers so that array indexes compare as numbers.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<(u8, usize, String)> {
        p.split('/')
            .map(|s| match s.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, s.to_owned()),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

/// The 1-based line on which `target` is written in an overlay's text.
fn line_of(text: &str, target: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains("target:") && line.contains(target))
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fixes(yaml: &str) -> Fixes {
        parse("openapi/fixes/test.yaml".into(), yaml.into()).unwrap()
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn update_merges_into_every_match_and_remove_removes() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"operationId": "a", "tags": ["x"]}},
            "/b": {"get": {"operationId": "b", "deprecated": true}}
        }});
        let f = fixes(&format!(
            "{HEAD}  - target: $.paths.*.get\n    description: why\n    update: {{x-rust-tree: {{group: g}}}}\n\
             \x20 - target: $.paths['/b'].get.deprecated\n    description: why\n    remove: true\n\
             \x20 - target: $.paths['/a'].get.tags\n    description: why\n    update: y\n"
        ));
        let applied = apply(&f, &mut doc).unwrap();
        assert_eq!(
            applied.actions.iter().map(|a| a.1).collect::<Vec<_>>(),
            [2, 1, 1]
        );
        assert_eq!(
            doc,
            json!({"paths": {
                "/a": {"get": {"operationId": "a", "tags": ["x", "y"], "x-rust-tree": {"group": "g"}}},
                "/b": {"get": {"operationId": "b", "x-rust-tree": {"group": "g"}}}
            }})
        );
    }

    #[test]
    fn nested_objects_merge_and_scalars_replace() {
        let mut doc = json!({"s": {"a": {"type": "string", "maxLength": 3}, "b": 1}});
        let f = fixes(&format!(
            "{HEAD}  - target: $.s\n    description: why\n    update: {{a: {{maxLength: 36}}, b: 2}}\n"
        ));
        apply(&f, &mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"s": {"a": {"type": "string", "maxLength": 36}, "b": 2}})
        );
    }

    #[test]
    fn removing_several_array_items_keeps_the_rest() {
        let mut doc = json!({"l": [{"k": 1}, {"k": 2}, {"k": 1}, {"k": 3}]});
        let f = fixes(&format!(
            "{HEAD}  - target: $.l[?@.k == 1]\n    description: why\n    remove: true\n"
        ));
        apply(&f, &mut doc).unwrap();
        assert_eq!(doc, json!({"l": [{"k": 2}, {"k": 3}]}));
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error_naming_its_line() {
        let mut doc = json!({"paths": {}});
        let f = fixes(&format!(
            "{HEAD}  - target: $.paths['/gone'].get\n    description: why\n    update: {{a: 1}}\n"
        ));
        let error = apply(&f, &mut doc).unwrap_err().to_string();
        assert!(error.starts_with("openapi/fixes/test.yaml:4: "), "{error}");
        assert!(error.contains("selects nothing"), "{error}");
    }

    #[test]
    fn an_action_needs_a_reason_and_one_change() {
        let no_reason = parse(
            "f.yaml".into(),
            format!("{HEAD}  - target: $.a\n    update: {{a: 1}}\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(no_reason.contains("no `description`"), "{no_reason}");
        let both = parse(
            "f.yaml".into(),
            format!(
                "{HEAD}  - target: $.a\n    description: d\n    update: {{}}\n    remove: true\n"
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(both.contains("exactly one of"), "{both}");
        let bad_path = parse(
            "f.yaml".into(),
            format!("{HEAD}  - target: paths\n    description: d\n    remove: true\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(bad_path.contains("not a JSONPath"), "{bad_path}");
    }
}
