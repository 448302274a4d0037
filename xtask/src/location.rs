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

use std::fmt;

use serde_json::Value;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::ScanError;

/// A place in the merged document, as the keys (and list indexes) that lead
/// to it: `["components", "schemas", "workers-kv_any", "type"]`.
pub(crate) type Path = Vec<String>;

/// One spec file, kept to locate what regen reports.
#[derive(Debug)]
pub(crate) struct Source {
    /// The path as shown to people.
    pub(crate) shown: String,
    pub(crate) text: String,
    /// The file's content, to find which file defines an entry.
    pub(crate) value: Value,
}

/// Where a reported thing is: `openapi/workers-kv.yaml:312: component
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
    let entry = entry_len(path);
    let source = sources.iter().find(|source| {
        let mut value = &source.value;
        for key in &path[..entry] {
            match value.get(key.as_str()) {
                Some(child) => value = child,
                None => return false,
            }
        }
        entry > 0
    });
    let line = source.and_then(|source| line_of(&source.text, path));
    Location {
        file: source.map(|source| source.shown.clone()),
        line,
        subject: subject(merged, path),
    }
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
pub(crate) fn line_of(text: &str, path: &[String]) -> Option<usize> {
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token().ok()?.0 {
            Event::DocumentStart => break,
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    node(&mut parser, Some(path), None).ok().flatten()
}

/// Reads one node, whose first event is next. When `target` is the empty
/// path, the node is the place looked for: its key's line (`key_line`), or
/// its own first line. Else the place is looked for inside the node, along
/// `target` (`None`: the node is only skipped).
fn node(
    parser: &mut Parser<std::str::Chars<'_>>,
    target: Option<&[String]>,
    key_line: Option<usize>,
) -> Result<Option<usize>, ScanError> {
    let (event, mark) = parser.next_token()?;
    if target.is_some_and(<[String]>::is_empty) {
        return Ok(Some(key_line.unwrap_or(mark.line())));
    }
    match event {
        Event::MappingStart(..) => loop {
            let (key, key_mark) = parser.next_token()?;
            let sub = match &key {
                Event::MappingEnd => return Ok(None),
                Event::Scalar(name, ..) => target.and_then(|t| (t[0] == *name).then(|| &t[1..])),
                // A key that is a list or mapping: no path names it.
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    skip_rest(parser)?;
                    None
                }
                _ => None,
            };
            if let Some(line) = node(parser, sub, Some(key_mark.line()))? {
                return Ok(Some(line));
            }
        },
        Event::SequenceStart(..) => {
            let mut index = 0usize;
            loop {
                if matches!(parser.peek()?.0, Event::SequenceEnd) {
                    parser.next_token()?;
                    return Ok(None);
                }
                let sub = target.and_then(|t| (t[0] == index.to_string()).then(|| &t[1..]));
                if let Some(line) = node(parser, sub, None)? {
                    return Ok(Some(line));
                }
                index += 1;
            }
        }
        _ => Ok(None),
    }
}

/// Skips what is left of a list or mapping whose start was just read.
fn skip_rest(parser: &mut Parser<std::str::Chars<'_>>) -> Result<(), ScanError> {
    let mut depth = 1usize;
    while depth > 0 {
        match parser.next_token()?.0 {
            Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
            Event::SequenceEnd | Event::MappingEnd => depth -= 1,
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
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
        assert_eq!(line_of(YAML, &path(&["paths", "/a/{b}", "get"])), Some(4));
        assert_eq!(
            line_of(YAML, &path(&["paths", "/a/{b}", "get", "parameters", "1"])),
            Some(7)
        );
        assert_eq!(
            line_of(
                YAML,
                &path(&["paths", "/a/{b}", "get", "parameters", "1", "in"])
            ),
            Some(8)
        );
        assert_eq!(
            line_of(YAML, &path(&["components", "schemas", "any", "type"])),
            Some(12)
        );
        assert_eq!(line_of(YAML, &path(&["components", "nothing"])), None);
    }

    #[test]
    fn lines_in_json() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"components\": {\n    \"schemas\": {\n      \"x\": {\"type\": \"frobnicate\"}\n    }\n  }\n}\n";
        assert_eq!(
            line_of(json, &path(&["components", "schemas", "x", "type"])),
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
