//! When progenitor fails on the whole spec: which component schema or
//! operation made it fail, in which file, on which line.
//!
//! progenitor's errors and panics (typify's `todo!`s, `assert!`s) name no
//! schema. Running it again on parts of the spec finds the culprit by
//! halving, so that the search costs about one more run of the whole
//! spec, in about log2(n) runs, whatever its size (n operations or
//! schemas):
//!
//! 1. the operations, in spec order: each run holds half of the range
//!    still suspected (its first half; when that passes, the culprit is in
//!    the second) with only the components those operations reach, so
//!    that each run costs what its half does. The range of one operation
//!    left is the culprit, unless
//! 2. the component schemas it reaches fail without it: then the culprit
//!    is the schema that makes them fail, the one that ends the shortest
//!    failing prefix of them, ordered so that a schema comes after those it
//!    refers to (each run holds its prefix and every schema it refers to,
//!    so it never fails for a missing reference);
//! 3. when no operation fails with what it reaches (a schema no operation
//!    reaches), the same halving over the component schemas alone, then
//!    step 2's narrowing within the schemas the one found reaches.
//!
//! A failure that needs two operations (or schemas) together is not in any
//! one half: then the shortest failing prefix of the last range known to
//! fail ends with the one that completes it, in log2 of that range's
//! length more runs.
//!
//! The failing run's message is the reason reported, with the culprit's
//! file and line (`crate::spec::location`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::Error;
use crate::spec::location::{Location, locate};
use crate::spec::{OperationRef, Spec};

/// What `run` fails on in `document` (`spec`'s, as progenitor read it),
/// which failed as a whole with `whole`.
pub(crate) fn find(
    spec: &Spec,
    document: &OpenAPI,
    whole: String,
    run: impl Fn(&OpenAPI) -> Result<(), String>,
) -> Error {
    let Ok(Value::Object(document)) = serde_json::to_value(document) else {
        return unnamed(spec, whole);
    };
    let parts = Parts::new(&document);
    let attempt = |part: Value| -> Result<(), String> {
        let parsed: OpenAPI = serde_json::from_value(part).map_err(|e| e.to_string())?;
        run(&parsed)
    };
    let order = parts.dependency_order();
    // The schemas of `names` and those they reach, without operations.
    let with_schemas = |names: &[String]| {
        let reached = parts.reach(names.iter().map(|name| schema(name)));
        attempt(parts.part(&[], &reached))
    };
    // The schema that makes `names` (a schema and what it reaches, in
    // `order`) fail; `known` is their failure when it was seen.
    let narrow = |names: Vec<String>, known: Option<String>| -> Option<(String, String)> {
        shortest_failing_prefix(names.len(), known, |n| with_schemas(&names[..n]))
            .map(|(n, message)| (names[n - 1].clone(), message))
    };
    let schema_error = |name: &str, message: String| -> Error {
        // regen's own copies (`x-input`, see `normalize`) were written as
        // the schema they copy.
        let schemas = document.get("components").and_then(|c| c.get("schemas"));
        let written = name
            .strip_suffix("-input")
            .filter(|s| schemas.is_some_and(|schemas| schemas.get(*s).is_some()));
        let path = ["components", "schemas", written.unwrap_or(name)].map(String::from);
        construct(locate(&spec.files, &spec.written, &path), message)
    };

    // 1. The operations, each range with what it reaches.
    let operations = &spec.operations;
    let refers: Vec<BTreeSet<Component>> = operations
        .iter()
        .map(|op| parts.operation_refers(op))
        .collect();
    let with_operations = |range: Range<usize>| {
        let reached = parts.reach(refers[range.clone()].iter().flatten().cloned());
        attempt(parts.part(&operations[range], &reached))
    };
    let operation_error = |culprit: Culprit| -> Error {
        // 2. Its schemas, alone.
        let reached = parts.reach(refers[culprit.index].iter().cloned());
        let names = in_order(&order, &reached);
        if let Err(failure) = with_schemas(&names)
            && let Some((name, message)) = narrow(names, Some(failure))
        {
            return schema_error(&name, message);
        }
        let operation = &operations[culprit.index];
        let path = ["paths", &operation.route, &operation.method].map(String::from);
        construct(locate(&spec.files, &spec.written, &path), culprit.message)
    };
    // The whole failed: the operations with what they reach are taken to.
    match halve(operations.len(), None, with_operations) {
        Halved::Found(culprit) => return operation_error(culprit),
        Halved::Several {
            within,
            known: Some(known),
        } => {
            if let Some(culprit) = completing(within, Some(known), with_operations) {
                return operation_error(culprit);
            }
        }
        // Nothing seen failing: a schema no operation reaches (3), or
        // operations that fail only together (4).
        Halved::Several { known: None, .. } => {}
    }

    // 3. The component schemas alone.
    if let Err(failure) = with_schemas(&order) {
        let Some(culprit) = one_culprit(order.len(), Some(failure), |range| {
            with_schemas(&order[range])
        }) else {
            return Error::Generate {
                culprit: format!("the components of {}", spec.sources.join(", ")),
                message: whole,
            };
        };
        let name = &order[culprit.index];
        let names = in_order(&order, &parts.reach([schema(name)]));
        let known = culprit.alone.then(|| culprit.message.clone());
        return match narrow(names, known) {
            Some((name, message)) => schema_error(&name, message),
            None => schema_error(name, culprit.message),
        };
    }

    // 4. Operations that fail only together.
    match completing(0..operations.len(), None, with_operations) {
        Some(culprit) => operation_error(culprit),
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

/// An item that makes `fails` fail.
#[derive(Debug)]
struct Culprit {
    index: usize,
    /// The failure of the run that named it.
    message: String,
    /// Whether it fails alone (or only with items before it).
    alone: bool,
}

/// One of `len` items, run by ranges with `fails`, that makes it fail
/// ([`halve`], then [`completing`]); `None` when nothing fails.
fn one_culprit(
    len: usize,
    whole: Option<String>,
    fails: impl Fn(Range<usize>) -> Result<(), String>,
) -> Option<Culprit> {
    match halve(len, whole, &fails) {
        Halved::Found(culprit) => Some(culprit),
        Halved::Several { within, known } => completing(within, known, &fails),
    }
}

/// What [`halve`] finds.
#[derive(Debug)]
enum Halved {
    /// An item that fails alone.
    Found(Culprit),
    /// No item fails alone: those `within` fail together (with `known`,
    /// when seen; unseen, all were taken to fail).
    Several {
        within: Range<usize>,
        known: Option<String>,
    },
}

/// One of `len` items, run by ranges with `fails`, that makes it fail
/// alone, halving the range that must hold it: its first half is tried,
/// and when it passes, the second is taken to hold the culprit (each
/// range is half the one before, so the runs cost about as much as one
/// run of all `len`). `whole` is the failure of all `len`, when known;
/// unknown, all `len` are taken to fail. The last item left is tried
/// alone when it came from a passing half. log2(`len`) + 1 calls.
fn halve(
    len: usize,
    whole: Option<String>,
    fails: impl Fn(Range<usize>) -> Result<(), String>,
) -> Halved {
    let mut range = 0..len;
    let mut seen_failing = whole.map(|message| (range.clone(), message));
    while range.len() > 1 {
        let middle = range.start + range.len() / 2;
        match fails(range.start..middle) {
            Err(message) => {
                range.end = middle;
                seen_failing = Some((range.clone(), message));
            }
            Ok(()) => range.start = middle,
        }
    }
    let index = range.start;
    if !range.is_empty() {
        if let Some((failing, message)) = &seen_failing
            && *failing == range
        {
            return Halved::Found(Culprit {
                index,
                message: message.clone(),
                alone: true,
            });
        }
        if let Err(message) = fails(range) {
            return Halved::Found(Culprit {
                index,
                message,
                alone: true,
            });
        }
    }
    match seen_failing {
        Some((within, known)) => Halved::Several {
            within,
            known: Some(known),
        },
        None => Halved::Several {
            within: 0..len,
            known: None,
        },
    }
}

/// For items that fail only together, those `within` (which fail, with
/// `known` when seen): the one that completes the failure, which ends
/// their shortest failing prefix. log2 of their number (+ 1) calls.
fn completing(
    within: Range<usize>,
    known: Option<String>,
    fails: impl Fn(Range<usize>) -> Result<(), String>,
) -> Option<Culprit> {
    if within.is_empty() {
        return None;
    }
    let (n, message) = shortest_failing_prefix(within.len(), known, |n| {
        fails(within.start..within.start + n)
    })?;
    Some(Culprit {
        index: within.start + n - 1,
        message,
        alone: false,
    })
}

/// The smallest `n` in `1..=len` for which `fails(n)` is an error, with
/// that error, when `fails(len)` is one (`known`, when it was seen);
/// `fails` must fail for every `n` above a first one (a prefix holding
/// the culprit fails). log2(len) + 1 calls.
fn shortest_failing_prefix(
    len: usize,
    known: Option<String>,
    fails: impl Fn(usize) -> Result<(), String>,
) -> Option<(usize, String)> {
    let message = match known {
        Some(message) => message,
        None => fails(len).err()?,
    };
    let mut failing = (len, message);
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

/// A component: its kind (`schemas`, `parameters`, ...) and name.
type Component = (String, String);

fn schema(name: &str) -> Component {
    ("schemas".to_owned(), name.to_owned())
}

/// The kinds of components a part holds only those of that its operations
/// and schemas reach; it holds the other kinds (security schemes, ...)
/// whole.
const REACHED_KINDS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// The parts of a document that the search runs progenitor on.
struct Parts<'a> {
    document: &'a Map<String, Value>,
    /// What each component refers to, directly.
    refers: BTreeMap<Component, BTreeSet<Component>>,
}

impl<'a> Parts<'a> {
    fn new(document: &'a Map<String, Value>) -> Self {
        let mut refers = BTreeMap::new();
        if let Some(Value::Object(components)) = document.get("components") {
            for (kind, entries) in components {
                if let Value::Object(entries) = entries {
                    for (name, entry) in entries {
                        let mut found = BTreeSet::new();
                        references(entry, &mut found);
                        refers.insert((kind.clone(), name.clone()), found);
                    }
                }
            }
        }
        Self { document, refers }
    }

    /// What `operation` refers to directly (with its path's parameters).
    fn operation_refers(&self, operation: &OperationRef) -> BTreeSet<Component> {
        let mut found = BTreeSet::new();
        if let Some(item) = self.item(&operation.route) {
            if let Some(parameters) = item.get("parameters") {
                references(parameters, &mut found);
            }
            if let Some(operation) = item.get(&operation.method) {
                references(operation, &mut found);
            }
        }
        found
    }

    fn item(&self, route: &str) -> Option<&'a Value> {
        self.document
            .get("paths")
            .and_then(|paths| paths.get(route))
    }

    /// `start` and every component it reaches.
    fn reach(&self, start: impl IntoIterator<Item = Component>) -> BTreeSet<Component> {
        let mut reached = BTreeSet::new();
        let mut to_visit: Vec<Component> = start.into_iter().collect();
        while let Some(component) = to_visit.pop() {
            if let Some(refers) = self.refers.get(&component) {
                to_visit.extend(refers.iter().filter(|c| !reached.contains(*c)).cloned());
            }
            reached.insert(component);
        }
        reached
    }

    /// The component schemas' names, each after those it refers to (depth
    /// first, by name; a cycle's schemas in the order met).
    fn dependency_order(&self) -> Vec<String> {
        fn visit(
            name: &str,
            refers: &BTreeMap<Component, BTreeSet<Component>>,
            seen: &mut BTreeSet<String>,
            order: &mut Vec<String>,
        ) {
            if !seen.insert(name.to_owned()) {
                return;
            }
            if let Some(direct) = refers.get(&schema(name)) {
                for (kind, referred) in direct {
                    if kind == "schemas" && refers.contains_key(&schema(referred)) {
                        visit(referred, refers, seen, order);
                    }
                }
            }
            order.push(name.to_owned());
        }
        let mut seen = BTreeSet::new();
        let mut order = Vec::new();
        for (kind, name) in self.refers.keys() {
            if kind == "schemas" {
                visit(name, &self.refers, &mut seen, &mut order);
            }
        }
        order
    }

    /// The document with only `operations` and, of the kinds in
    /// [`REACHED_KINDS`], only the `components` listed.
    fn part(&self, operations: &[OperationRef], components: &BTreeSet<Component>) -> Value {
        let mut part = Map::new();
        for (key, value) in self.document {
            match (key.as_str(), value) {
                ("paths", _) => {}
                ("components", Value::Object(kinds)) => {
                    let mut kept = Map::new();
                    for (kind, entries) in kinds {
                        let entries = match entries {
                            Value::Object(entries) if REACHED_KINDS.contains(&kind.as_str()) => {
                                Value::Object(
                                    entries
                                        .iter()
                                        .filter(|(name, _)| {
                                            components.contains(&(kind.clone(), (*name).clone()))
                                        })
                                        .map(|(name, entry)| (name.clone(), entry.clone()))
                                        .collect(),
                                )
                            }
                            _ => entries.clone(),
                        };
                        kept.insert(kind.clone(), entries);
                    }
                    part.insert(key.clone(), Value::Object(kept));
                }
                _ => {
                    part.insert(key.clone(), value.clone());
                }
            }
        }
        let mut paths = Map::new();
        for operation in operations {
            let Some(item) = self.item(&operation.route) else {
                continue;
            };
            let Some(definition) = item.get(&operation.method) else {
                continue;
            };
            let kept = paths
                .entry(operation.route.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(parameters) = item.get("parameters") {
                kept["parameters"] = parameters.clone();
            }
            kept[operation.method.as_str()] = definition.clone();
        }
        part.insert("paths".to_owned(), Value::Object(paths));
        Value::Object(part)
    }
}

/// The schemas of `reached`, in `order`.
fn in_order(order: &[String], reached: &BTreeSet<Component>) -> Vec<String> {
    order
        .iter()
        .filter(|name| reached.contains(&schema(name)))
        .cloned()
        .collect()
}

/// Adds to `found` every component `value` refers to: every string
/// `#/components/<kind>/<name>...` in it (a `$ref`, a discriminator's
/// mapping; an example's text that looks like one only adds a component
/// to the part).
fn references(value: &Value, found: &mut BTreeSet<Component>) {
    match value {
        Value::String(text) => {
            if let Some(rest) = text.strip_prefix("#/components/")
                && let Some((kind, rest)) = rest.split_once('/')
            {
                let name = rest.split('/').next().unwrap_or(rest);
                let name = name.replace("~1", "/").replace("~0", "~");
                found.insert((kind.to_owned(), name));
            }
        }
        Value::Object(object) => object.values().for_each(|v| references(v, found)),
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::path::Path;

    use serde_json::json;

    use super::*;

    /// The runs `one_culprit` needs for `len` items when one fails alone:
    /// the halving, and the last item alone when it came from a passing
    /// half.
    fn halving_runs(len: usize) -> usize {
        len.next_power_of_two().trailing_zeros() as usize + 1
    }

    #[test]
    fn halving_finds_the_item_that_fails_in_log2_runs() {
        for len in [1, 2, 3, 7, 100, 1000] {
            for culprit in 0..len {
                let runs = Cell::new(0);
                let found = one_culprit(len, None, |range| {
                    runs.set(runs.get() + 1);
                    if range.contains(&culprit) {
                        Err(format!("{culprit}"))
                    } else {
                        Ok(())
                    }
                })
                .unwrap();
                assert_eq!((found.index, found.alone), (culprit, true));
                assert_eq!(found.message, culprit.to_string());
                assert!(
                    runs.get() <= halving_runs(len),
                    "{culprit} of {len}: {} runs",
                    runs.get()
                );
            }
        }
        assert!(one_culprit(100, None, |_| Ok(())).is_none());
        assert!(one_culprit(0, None, |_| Err(String::new())).is_none());
    }

    #[test]
    fn a_failure_that_needs_two_items_names_the_later_one() {
        for (first, second) in [(0, 999), (3, 4), (499, 500), (10, 600)] {
            let runs = Cell::new(0);
            let found = one_culprit(1000, None, |range| {
                runs.set(runs.get() + 1);
                if range.contains(&first) && range.contains(&second) {
                    Err("both".into())
                } else {
                    Ok(())
                }
            })
            .unwrap();
            assert_eq!((found.index, found.alone), (second, false));
            assert!(
                runs.get() <= 2 * halving_runs(1000) + 1,
                "{} runs",
                runs.get()
            );
        }
    }

    #[test]
    fn the_shortest_failing_prefix_takes_few_runs() {
        for culprit in 1..=100 {
            let runs = Cell::new(0);
            let found = shortest_failing_prefix(100, None, |n| {
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
        assert_eq!(shortest_failing_prefix(5, None, |_| Ok(())), None);
    }

    #[test]
    fn schemas_come_after_those_they_refer_to_and_parts_hold_what_they_reach() {
        let document = json!({
            "paths": {
                "/a": {
                    "parameters": [{"$ref": "#/components/parameters/p"}],
                    "get": {"responses": {"200": {"$ref": "#/components/responses/r"}}},
                    "put": {},
                },
            },
            "components": {
                "schemas": {
                    "a": {"properties": {"b": {"$ref": "#/components/schemas/b"}}},
                    "b": {"items": {"$ref": "#/components/schemas/c"}},
                    "c": {"type": "string"},
                    "d": {"properties": {"d": {"$ref": "#/components/schemas/d"}}},
                    "e": {"type": "integer"},
                },
                "parameters": {"p": {"schema": {"$ref": "#/components/schemas/e"}}},
                "responses": {"r": {"content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/x"}],
                    "discriminator": {"mapping": {"x": "#/components/schemas/a"}},
                }}}}},
                "securitySchemes": {"token": {"type": "http"}},
            },
        });
        let Value::Object(document) = document else {
            unreachable!()
        };
        let parts = Parts::new(&document);
        assert_eq!(parts.dependency_order(), ["c", "b", "a", "d", "e"]);

        let get = OperationRef {
            id: "get".into(),
            method: "get".into(),
            route: "/a".into(),
            file: "a.yaml".into(),
        };
        let reached = parts.reach(parts.operation_refers(&get));
        let part = parts.part(std::slice::from_ref(&get), &reached);
        let components = &part["components"];
        let names =
            |kind: &str| -> Vec<&String> { components[kind].as_object().unwrap().keys().collect() };
        // `x` is referred to but not defined: it stays a reference.
        assert_eq!(names("schemas"), ["a", "b", "c", "e"]);
        assert_eq!(names("parameters"), ["p"]);
        assert_eq!(names("responses"), ["r"]);
        assert_eq!(names("securitySchemes"), ["token"]);
        assert_eq!(part["paths"]["/a"].as_object().unwrap().len(), 2);

        let part = parts.part(&[], &parts.reach([schema("b")]));
        assert_eq!(
            part["components"]["schemas"],
            json!({
                "b": document["components"]["schemas"]["b"],
                "c": document["components"]["schemas"]["c"],
            })
        );
        assert_eq!(part["components"]["parameters"], json!({}));
        assert_eq!(part["paths"], json!({}));
    }

    /// A spec file of `count` operations, `GET /things-{i}` each with its
    /// own query parameter's schema and answer schema (which refers to
    /// shared ones), `bad_operation` and `bad_schema` put in at their
    /// indexes.
    fn many(count: usize, bad_operation: Option<usize>, bad_schema: Option<usize>) -> String {
        let mut text =
            String::from("openapi: 3.0.3\ninfo: {title: Test, version: 1.0.0}\npaths:\n");
        for i in 0..count {
            text.push_str(&format!(
                "  /things-{i:05}:\n    get:\n      operationId: list-things-{i:05}\n      \
                 parameters:\n        - {{name: op, in: query, schema: {{$ref: \"#/components/schemas/value-{i:05}\"}}}}\n      \
                 responses:\n        \"200\":\n          description: ok\n          content:\n            \
                 application/json:\n              schema: {{$ref: \"#/components/schemas/thing-{i:05}\"}}\n"
            ));
            if bad_operation == Some(i) {
                // progenitor `assert!`s that an operation has one success
                // type: an answer with content beside one without (two
                // JSON schemas regen merges, `normalize::successes`).
                text.push_str("        \"204\":\n          description: nothing\n");
            }
        }
        text.push_str(
            "components:\n  schemas:\n    envelope:\n      type: object\n      properties:\n        \
             success: {type: boolean}\n        errors: {type: array, items: {$ref: \"#/components/schemas/message\"}}\n    \
             message:\n      type: object\n      properties:\n        code: {type: integer}\n",
        );
        for i in 0..count {
            text.push_str(&format!(
                "    thing-{i:05}:\n      allOf:\n        - $ref: \"#/components/schemas/envelope\"\n        \
                 - type: object\n          properties:\n            result: {{type: string}}\n"
            ));
            text.push_str(&if bad_schema == Some(i) {
                // typify: "value does not conform to the given schema".
                format!("    value-{i:05}: {{type: string, enum: [and, or], default: xor}}\n")
            } else {
                format!("    value-{i:05}: {{type: string, enum: [and, or], default: or}}\n")
            });
        }
        text
    }

    /// How many times the search ran progenitor, and on how many
    /// operations and component schemas in all.
    #[derive(Clone, Copy, Debug, Default)]
    struct Runs {
        runs: usize,
        operations: usize,
        schemas: usize,
    }

    /// What `find` says for the spec folder `files` make, and what it ran.
    fn culprit_of(files: &[(&str, &str)]) -> (String, Runs) {
        let root = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(root.path().join(name), text).unwrap();
        }
        let shown = |path: &Path| {
            let name = path.strip_prefix(root.path()).unwrap().to_string_lossy();
            format!("openapi/{name}")
        };
        let spec = crate::spec::load(root.path(), shown).unwrap_or_else(|e| panic!("{e}"));
        let marked = crate::redact::marked(&spec.document).unwrap();
        let Err(whole) = super::super::progenitor_tokens(&marked) else {
            panic!("progenitor takes the whole spec");
        };
        let runs = Cell::new(Runs::default());
        let error = find(&spec, &marked, whole, |part| {
            let mut counted = runs.get();
            counted.runs += 1;
            counted.operations += part.operations().count();
            counted.schemas += part.components.as_ref().map_or(0, |c| c.schemas.len());
            runs.set(counted);
            super::super::progenitor_tokens(part).map(drop)
        });
        (error.to_string(), runs.get())
    }

    fn line_of(text: &str, line: &str) -> usize {
        text.lines().position(|l| l == line).unwrap() + 1
    }

    /// The operations of the specs below, and log2 of it, rounded up.
    const N: usize = 2000;
    const LOG2_N: usize = 11;
    /// Their component schemas: one answer and one parameter schema per
    /// operation, and the two every answer refers to.
    const SCHEMAS: usize = 2 * N + 2;

    #[test]
    fn the_last_of_thousands_of_operations_is_named_in_log2_runs() {
        let text = many(N, Some(1999), None);
        let (message, runs) = culprit_of(&[("api.yaml", &text)]);
        let line = line_of(&text, "  /things-01999:") + 1;
        assert_eq!(
            message,
            format!(
                "openapi/api.yaml:{line}: operation `list-things-01999` (`GET /things-01999`): \
                 progenitor cannot generate it: panicked at progenitor-impl-0.15.1/src/method.rs:"
            ) + message.split_once("method.rs:").unwrap().1
        );
        assert!(message.contains("response_types.len() <= 1"), "{message}");
        // The halving (log2 n + 1) and the operation's schemas alone; in
        // all, progenitor read no more than the whole spec (each run with
        // the few schemas every answer refers to: the envelope, and what
        // regen gives every envelope), where searching by prefixes of the
        // operations would read it about log2 n times.
        assert!(runs.runs <= LOG2_N + 2, "{runs:?}");
        assert!(runs.operations <= N, "{runs:?}");
        assert!(runs.schemas <= SCHEMAS + 3 * runs.runs, "{runs:?}");
    }

    #[test]
    fn a_bad_schema_among_thousands_is_named_in_log2_runs() {
        let text = many(N, None, Some(1234));
        let (message, runs) = culprit_of(&[("api.yaml", &text)]);
        let line = line_of(
            &text,
            "    value-01234: {type: string, enum: [and, or], default: xor}",
        );
        assert_eq!(
            message,
            format!(
                "openapi/api.yaml:{line}: component schema `value-01234`: progenitor cannot \
                 generate it: type error value does not conform to the given schema"
            )
        );
        // The halving over the operations, the schemas of the one found
        // alone, and the shortest failing prefix of them (4 schemas).
        assert!(runs.runs <= LOG2_N + 2 + 3, "{runs:?}");
        assert!(runs.operations <= N, "{runs:?}");
        assert!(runs.schemas <= SCHEMAS + 3 * runs.runs, "{runs:?}");
    }

    #[test]
    fn a_bad_schema_no_operation_reaches_is_named_in_log2_runs() {
        let text = many(N, None, None)
            + "    unused:\n      type: string\n      enum: [and, or]\n      default: xor\n";
        let (message, runs) = culprit_of(&[("api.yaml", &text)]);
        let line = line_of(&text, "    unused:");
        assert_eq!(
            message,
            format!(
                "openapi/api.yaml:{line}: component schema `unused`: progenitor cannot \
                 generate it: type error value does not conform to the given schema"
            )
        );
        // The halving over the operations (which all pass: about the
        // whole spec), all schemas alone, and the halving over them (about
        // all schemas once more).
        assert!(runs.runs <= 2 * (LOG2_N + 2) + 2, "{runs:?}");
        assert!(runs.operations <= N, "{runs:?}");
        assert!(
            runs.schemas <= 3 * (SCHEMAS + 1) + 3 * runs.runs,
            "{runs:?}"
        );
    }
}
