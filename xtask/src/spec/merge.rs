//! Merging the spec files into one document, so that the spec can be split
//! by product while `$ref`s between files keep working (they are all local
//! `#/components/...` references once merged).
//!
//! The rules, in the order of the top-level keys:
//! - `paths` and each section of `components` are unioned; an entry defined
//!   in two files must be defined identically; a path's operations are
//!   unioned too (one file can add a `PUT` to a path whose `GET` another
//!   defines), with the same rule for each method and path-level key;
//! - `tags` are unioned by `name`, with the same rule;
//! - everything else (`openapi`, `info`, `servers`, `security`, ...) must be
//!   the same in every file that has it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::Error;
use crate::spec::location::{Path, Source, line_in};

/// Which file first defined each merged entry (by its dotted label), and
/// where in that file, to name both sides of a conflict.
type Origins<'a> = BTreeMap<String, (&'a Source, Path)>;

/// The file being merged and where in it: what a conflict names.
#[derive(Clone)]
struct At<'a> {
    file: &'a Source,
    path: Path,
}

impl<'a> At<'a> {
    fn child(&self, key: &str) -> At<'a> {
        let mut path = self.path.clone();
        path.push(key.to_owned());
        At {
            file: self.file,
            path,
        }
    }
}

pub(crate) fn merge(files: &[Source]) -> Result<Value, Error> {
    let mut merged = Map::new();
    let mut tags = Map::new(); // by name
    let mut origins = Origins::new();
    for file in files {
        // `check_version` has made sure that the top level is a mapping.
        let Some(top) = file.value.as_object() else {
            continue;
        };
        for (key, value) in top {
            let at = At {
                file,
                path: vec![key.clone()],
            };
            match (key.as_str(), value) {
                ("paths" | "components", Value::Object(sections)) => {
                    union_sections(&mut merged, key, sections, at, &mut origins)?;
                }
                ("tags", Value::Array(file_tags)) => {
                    for (index, tag) in file_tags.iter().enumerate() {
                        let name = tag.get("name").and_then(Value::as_str).unwrap_or_default();
                        let label = format!("tags.{name}");
                        let at = At {
                            file,
                            path: vec![key.clone(), index.to_string()],
                        };
                        define(&mut tags, name, tag, &label, at, &mut origins)?;
                    }
                }
                _ => define(&mut merged, key, value, key, at, &mut origins)?,
            }
        }
    }
    if !tags.is_empty() {
        merged.insert(
            "tags".into(),
            tags.into_iter().map(|(_, tag)| tag).collect(),
        );
    }
    Ok(Value::Object(merged))
}

/// Unions `sections` (a path's operations, or a kind of components) into
/// `merged[key]`, each section entry by entry; a section that is not an
/// object is defined as a whole. `at` is where `sections` is.
fn union_sections<'a>(
    merged: &mut Map<String, Value>,
    key: &str,
    sections: &Map<String, Value>,
    at: At<'a>,
    origins: &mut Origins<'a>,
) -> Result<(), Error> {
    for (name, entries) in sections {
        let label = format!("{key}.{name}");
        let at = at.child(name);
        match entries {
            Value::Object(entries) => {
                let target = section(section(merged, key), name);
                union(target, entries, &label, at, origins)?;
            }
            other => define(section(merged, key), name, other, &label, at, origins)?,
        }
    }
    Ok(())
}

/// The object at `key` in `parent`, created empty if absent.
fn section<'m>(parent: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let entry = parent
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        // Only reachable when another file gave `key` a non-object value,
        // which openapiv3 has already rejected; keep the merge total anyway.
        *entry = Value::Object(Map::new());
    }
    entry.as_object_mut().expect("just made an object")
}

fn union<'a>(
    target: &mut Map<String, Value>,
    entries: &Map<String, Value>,
    label: &str,
    at: At<'a>,
    origins: &mut Origins<'a>,
) -> Result<(), Error> {
    for (key, value) in entries {
        let at = at.child(key);
        define(target, key, value, &format!("{label}.{key}"), at, origins)?;
    }
    Ok(())
}

/// Sets `target[key] = value` unless an identical value is already there;
/// a different one is a conflict, naming both files and lines. `at` is
/// where `value` is.
fn define<'a>(
    target: &mut Map<String, Value>,
    key: &str,
    value: &Value,
    label: &str,
    at: At<'a>,
    origins: &mut Origins<'a>,
) -> Result<(), Error> {
    match target.get(key) {
        Some(existing) if existing == value => Ok(()),
        Some(_) => Err(Error::Conflict {
            key: label.to_string(),
            first: origins
                .get(label)
                .map(|(file, path)| place(file, path))
                .unwrap_or_else(|| "another file".into()),
            second: place(at.file, &at.path),
        }),
        None => {
            target.insert(key.to_string(), value.clone());
            origins.insert(label.to_string(), (at.file, at.path));
            Ok(())
        }
    }
}

/// `file:line` of `path` in `file` (the file alone when the line is not
/// found).
fn place(file: &Source, path: &[String]) -> String {
    match line_in(&file.text, path) {
        Some(line) => format!("{}:{line}", file.shown),
        None => file.shown.clone(),
    }
}
