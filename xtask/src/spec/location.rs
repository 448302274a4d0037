//! Where something of the merged spec was written: the file, the line, and
//! what it is (a component schema, an operation), so that an error or a
//! warning about it sends the reader to the right place.
//!
//! Merging unions `paths` by path and method and `components` by kind and
//! name, so a place in the merged document (`/paths/{route}/{method}/..`,
//! `/components/{kind}/{name}/..`) is the same place in the file that
//! defines that entry. Lines are found only when something is reported, by
//! reading that file again with a YAML parser that keeps positions
//! (`yaml-rust2`; JSON is YAML too), so a regen that reports nothing pays
//! nothing for them.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::Value;
use yaml_rust2::parser::{Event, Parser};

/// A place in the merged document, as the keys (and list indexes) that lead
/// to it: `["components", "schemas", "workers-kv_any", "type"]`.
pub(crate) type Path = Vec<String>;

/// One spec file, kept to locate what regen reports.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The path as shown to people.
    pub(crate) shown: String,
    pub(crate) text: String,
    /// The file's content, to find which file defines an entry.
    pub(crate) value: Value,
}

/// Where a reported thing is: `openapi/imported/kv.json:312: component
/// schema `workers-kv_any``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file that defines it, as shown to people (none for what no file
    /// defines, such as a component regen adds).
    pub file: Option<String>,
    /// Its line in that file (1-based), when found.
    pub line: Option<usize>,
    /// What it is: "component schema `x`", "operation `id` (`GET /p`)".
    pub subject: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.subject),
            (Some(file), None) => write!(f, "{file}: {}", self.subject),
            (None, _) => write!(f, "{}", self.subject),
        }
    }
}

/// Where `path` of the merged document was written, among `sources`.
pub(crate) fn locate(sources: &[Source], merged: &Value, path: &[String]) -> Location {
    locate_all(sources, merged, &[path.to_vec()])
        .pop()
        .unwrap_or_else(|| Location {
            file: None,
            line: None,
            subject: subject(merged, path),
        })
}

/// Where each of `paths` was written, in order: each file is read once,
/// however many of them it holds. A place the file does not hold itself
/// (a path the merged document has through a normalization) gets the line
/// of the nearest place above it that the file holds.
pub(crate) fn locate_all(sources: &[Source], merged: &Value, paths: &[Path]) -> Vec<Location> {
    let files: Vec<Option<usize>> = paths
        .iter()
        .map(|path| {
            let entry = entry_len(path);
            (entry > 0)
                .then(|| {
                    sources.iter().position(|source| {
                        let mut value = &source.value;
                        path[..entry]
                            .iter()
                            .all(|key| match value.get(key.as_str()) {
                                Some(child) => {
                                    value = child;
                                    true
                                }
                                None => false,
                            })
                    })
                })
                .flatten()
        })
        .collect();
    let mut lines: Vec<Option<usize>> = vec![None; paths.len()];
    for (index, source) in sources.iter().enumerate() {
        let wanted: Vec<&Path> = paths
            .iter()
            .zip(&files)
            .filter(|(_, file)| **file == Some(index))
            .map(|(path, _)| path)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let found = lines_of(&source.text, &wanted);
        for (slot, (path, file)) in lines.iter_mut().zip(paths.iter().zip(&files)) {
            if *file == Some(index) {
                *slot = (1..=path.len())
                    .rev()
                    .find_map(|len| found.get(&path[..len]).copied());
            }
        }
    }
    paths
        .iter()
        .zip(files.iter().zip(lines))
        .map(|(path, (file, line))| Location {
            file: file.map(|index| sources[index].shown.clone()),
            line,
            subject: subject(merged, path),
        })
        .collect()
}

/// How many keys of `path` name the entry one file defines: a path's
/// operation (`paths`, route, method) or a component (`components`, kind,
/// name); the whole path for anything else.
fn entry_len(path: &[String]) -> usize {
    match path.first().map(String::as_str) {
        Some("paths" | "components") => path.len().min(3),
        _ => path.len(),
    }
}

/// What `path` is part of, in words.
fn subject(merged: &Value, path: &[String]) -> String {
    let keys: Vec<&str> = path.iter().map(String::as_str).collect();
    match keys.as_slice() {
        ["paths", route, method, ..] => {
            let id = merged
                .get("paths")
                .and_then(|paths| paths.get(*route))
                .and_then(|item| item.get(*method))
                .and_then(|operation| operation.get("operationId"))
                .and_then(Value::as_str);
            let method = method.to_uppercase();
            match id {
                Some(id) => format!("operation `{id}` (`{method} {route}`)"),
                None => format!("`{method} {route}`"),
            }
        }
        ["paths", route] => format!("path `{route}`"),
        ["components", kind, name, ..] => {
            let kind = match *kind {
                "schemas" => "component schema",
                "parameters" => "component parameter",
                "requestBodies" => "component request body",
                "responses" => "component response",
                "headers" => "component header",
                other => other,
            };
            format!("{kind} `{name}`")
        }
        [] => "the spec".into(),
        _ => format!("`{}`", keys.join(".")),
    }
}

/// The line (1-based) of `path` in `text` (YAML or JSON): of its key in a
/// mapping, of the item in a list. `None` when the text has no such place
/// or does not parse.
pub(crate) fn line_in(text: &str, path: &[String]) -> Option<usize> {
    lines_of(text, &[&path.to_vec()]).get(path).copied()
}

/// The lines (1-based) of `wanted` places in `text` and of every place
/// above them (their prefixes), in one pass of a YAML parser: of a key in
/// a mapping, of an item in a list. What the text does not hold, or holds
/// past a syntax error, is left out.
fn lines_of(text: &str, wanted: &[&Path]) -> HashMap<Path, usize> {
    let prefixes: HashSet<&[String]> = wanted
        .iter()
        .flat_map(|path| (1..=path.len()).map(move |len| &path[..len]))
        .collect();
    let mut found = HashMap::new();
    let mut parser = Parser::new_from_str(text);
    // What is being read: a mapping (and whether a key comes next) or a
    // list (and its next index), with the path to it.
    enum Frame {
        Mapping { key_next: bool },
        List { next: usize },
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Path = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        // A node starts in a list: its index is the next path key.
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(_)
        );
        let mut in_list_item = false;
        match frames.last_mut() {
            Some(Frame::List { next }) if starts_node => {
                path.push(next.to_string());
                *next += 1;
                in_list_item = true;
                if prefixes.contains(path.as_slice()) {
                    found.entry(path.clone()).or_insert(mark.line());
                }
            }
            Some(Frame::Mapping { key_next }) if starts_node => {
                if *key_next {
                    *key_next = false;
                    if let Event::Scalar(key, ..) = &event {
                        path.push(key.clone());
                        if prefixes.contains(path.as_slice()) {
                            found.entry(path.clone()).or_insert(mark.line());
                        }
                    } else {
                        // A key that is a list or mapping: no path names it.
                        path.push(String::from("\0"));
                    }
                    // The key itself is read: its value comes next, unless
                    // the key is a container (its content comes first).
                    if matches!(event, Event::Scalar(..) | Event::Alias(_)) {
                        continue;
                    }
                } else {
                    *key_next = true;
                }
            }
            _ => {}
        }
        match event {
            Event::MappingStart(..) => frames.push(Frame::Mapping { key_next: true }),
            Event::SequenceStart(..) => frames.push(Frame::List { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                // The container was a value (or list item): its key goes.
                match frames.last() {
                    Some(Frame::List { .. }) => {
                        path.pop();
                    }
                    Some(Frame::Mapping { key_next: true }) => {
                        path.pop();
                    }
                    Some(Frame::Mapping { key_next: false }) => {
                        // It was a complex key; its value comes next.
                    }
                    None => {}
                }
            }
            Event::Scalar(..) | Event::Alias(_)
                if in_list_item
                    || matches!(frames.last(), Some(Frame::Mapping { key_next: true })) =>
            {
                path.pop();
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `path` from its keys.
    fn path(keys: &[&str]) -> Path {
        keys.iter().map(|key| (*key).to_owned()).collect()
    }

    const YAML: &str = "openapi: 3.0.3\n\
        paths:\n  /a/{b}:\n    get:\n      parameters:\n        - name: x\n        - name: y\n          in: query\n\
        components:\n  schemas:\n    \"any\":\n      type: unknown\n";

    #[test]
    fn lines_of_keys_and_list_items_in_yaml() {
        assert_eq!(line_in(YAML, &path(&["paths", "/a/{b}", "get"])), Some(4));
        assert_eq!(
            line_in(YAML, &path(&["paths", "/a/{b}", "get", "parameters", "1"])),
            Some(7)
        );
        assert_eq!(
            line_in(
                YAML,
                &path(&["paths", "/a/{b}", "get", "parameters", "1", "in"])
            ),
            Some(8)
        );
        assert_eq!(
            line_in(YAML, &path(&["components", "schemas", "any", "type"])),
            Some(12)
        );
        assert_eq!(line_in(YAML, &path(&["components", "nothing"])), None);
    }

    #[test]
    fn lines_in_nested_lists_flow_style_and_after_complex_values() {
        let text =
            "a:\n  - [x, {k: v}]\n  - - y\n    - z: 1\n      w: [1, 2]\nb: {c: [d], e: f}\ng: h\n";
        for (keys, line) in [
            (&["a", "0", "1", "k"][..], 2),
            (&["a", "1", "0"][..], 3),
            (&["a", "1", "1", "z"][..], 4),
            (&["a", "1", "1", "w", "1"][..], 5),
            (&["b", "e"][..], 6),
            (&["g"][..], 7),
        ] {
            assert_eq!(line_in(text, &path(keys)), Some(line), "{keys:?}");
        }
        // A place the file does not hold: the nearest one above it.
        let value: Value = serde_yaml_ng::from_str(YAML).unwrap();
        let sources = [Source {
            shown: "openapi/a.yaml".into(),
            text: YAML.into(),
            value: value.clone(),
        }];
        let located = locate_all(
            &sources,
            &value,
            &[
                path(&["paths", "/a/{b}", "get", "requestBody", "content"]),
                path(&["components", "schemas", "any"]),
            ],
        );
        assert_eq!(located[0].line, Some(4));
        assert_eq!(located[1].line, Some(11));
    }

    #[test]
    fn lines_in_json() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"components\": {\n    \"schemas\": {\n      \"x\": {\"type\": \"frobnicate\"}\n    }\n  }\n}\n";
        assert_eq!(
            line_in(json, &path(&["components", "schemas", "x", "type"])),
            Some(5)
        );
    }

    #[test]
    fn a_location_names_file_line_and_subject() {
        let value: Value = serde_yaml_ng::from_str(YAML).unwrap();
        let sources = [Source {
            shown: "openapi/a.yaml".into(),
            text: YAML.into(),
            value: value.clone(),
        }];
        let location = locate(
            &sources,
            &value,
            &path(&["components", "schemas", "any", "type"]),
        );
        assert_eq!(
            location.to_string(),
            "openapi/a.yaml:12: component schema `any`"
        );
        let location = locate(&sources, &value, &path(&["paths", "/a/{b}", "get"]));
        assert_eq!(location.to_string(), "openapi/a.yaml:4: `GET /a/{b}`");
    }
}
