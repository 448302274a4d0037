//! `overlapping_unions`: an `anyOf` whose object alternatives share
//! properties, which typify decodes by dropping data, becomes in answers a
//! type that keeps all of it, and the typed alternatives it leaves out are
//! said out loud.
//!
//! typify makes an `anyOf` of object schemas that it cannot tell apart a
//! struct of its alternatives, each `#[serde(flatten)]` and optional. The
//! first alternative takes the properties they share; the others decode
//! without them; and one that fails on a value decodes as `None`, what it
//! took gone. Workers KV's bulk get answers `result` as `anyOf` of
//! `{values: map of string|number|boolean|object}` and `{values: map of
//! {value, metadata} or null}`: `{"values": {"key1": "value1", "missing":
//! null}}` decoded with both alternatives empty, no error. Alternatives
//! that a required property tells apart typify makes an untagged enum
//! instead, whose first alternative that decodes wins, dropping what only
//! the others have (a `oneOf` of the same alternatives is one too, and
//! refuses that answer outright). Alternatives told apart by a required
//! property of a different constant value in each (a tagged union) decode
//! as the one they are, and are left alone.
//!
//! So, in what answers hold (a request keeps typify's type: sending one
//! loses nothing), such a union becomes:
//!
//! - when every alternative is an object schema, one object of every
//!   alternative's properties: each typed as the alternatives that have it
//!   type it when they type it the same (but for its documentation), else
//!   any JSON value with their descriptions; required where every
//!   alternative requires it (but a write-only one, which no answer
//!   holds); with an open map when an alternative takes properties it
//!   does not list;
//! - otherwise, any JSON value;
//!
//! keeping its description, and its secrets secret (a property any JSON
//! value because one alternative's holds a secret is hidden whole). A
//! value of a property that another alternative types differently still
//! fails to decode, saying where, as any mistyped field does: no
//! alternative's data is dropped in silence. Each operation whose answers
//! hold such a union gets an [`Omission`]: its typed alternatives are left
//! out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::normalize::omissions::Omission;
use crate::normalize::open_union;
use crate::spec::location::Path;
use crate::spec::refs::{is_data, reach};

/// A union whose alternatives overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overlap {
    /// The properties alternatives share that no constant tells apart.
    pub(crate) shared: BTreeSet<String>,
    /// Whether every alternative is an object schema.
    pub(crate) objects: bool,
    /// The alternatives, as messages name them (`` `name` `` or `inline`).
    pub(crate) alternatives: Vec<String>,
}

/// An object alternative: its properties and required names.
struct Shape {
    properties: Map<String, Value>,
    required: BTreeSet<String>,
}

/// Whether `union` is an `anyOf` whose object alternatives share a
/// property without a constant telling them apart (see the module), and
/// how. References resolve in `document`.
pub(crate) fn overlap(document: &Value, union: &Map<String, Value>) -> Option<Overlap> {
    let members = union.get("anyOf")?.as_array()?;
    if members.len() < 2 {
        return None;
    }
    let shapes: Vec<Option<Shape>> = members.iter().map(|m| shape(document, m)).collect();
    let objects: Vec<&Shape> = shapes.iter().flatten().collect();
    let mut shared = BTreeSet::new();
    for (index, a) in objects.iter().enumerate() {
        for b in &objects[index + 1..] {
            if !told_apart(document, a, b) {
                shared.extend(
                    a.properties
                        .keys()
                        .filter(|name| b.properties.contains_key(*name))
                        .cloned(),
                );
            }
        }
    }
    (!shared.is_empty()).then(|| Overlap {
        shared,
        objects: objects.len() == members.len(),
        alternatives: members.iter().map(open_union::shown).collect(),
    })
}

/// `member` as an object alternative, if it is an object schema (through
/// `$ref`s and `allOf`) and no union itself.
fn shape(document: &Value, member: &Value) -> Option<Shape> {
    let schema = open_union::resolve(document, member, &mut BTreeSet::new()).ok()?;
    let object = schema.as_object()?;
    let typed = object.get("type").and_then(Value::as_str);
    let object_like = typed == Some("object")
        || (typed.is_none() && (object.contains_key("properties") || object.contains_key("allOf")));
    if !object_like
        || ["anyOf", "oneOf", "not"]
            .iter()
            .any(|k| object.contains_key(*k))
    {
        return None;
    }
    let (properties, required) =
        open_union::object_of(document, member, &mut BTreeSet::new()).ok()?;
    Some(Shape {
        properties,
        required,
    })
}

/// Whether `a` and `b` each require a property they give different
/// constant values (a one-value `enum`): a tag.
fn told_apart(document: &Value, a: &Shape, b: &Shape) -> bool {
    let constant = |schema: &Value| -> Option<Value> {
        let schema = open_union::resolve(document, schema, &mut BTreeSet::new()).ok()?;
        match schema.get("enum")?.as_array()?.as_slice() {
            [value] => Some(value.clone()),
            _ => None,
        }
    };
    a.required.intersection(&b.required).any(|name| {
        match (
            a.properties.get(name).and_then(constant),
            b.properties.get(name).and_then(constant),
        ) {
            (Some(x), Some(y)) => x != y,
            _ => false,
        }
    })
}

/// `union` (an [`Overlap`]) as what cannot lose data (see the module); the
/// components its alternatives refer to go into `alternatives`.
pub(crate) fn rewrite(
    document: &Value,
    union: &mut Map<String, Value>,
    overlap: &Overlap,
    alternatives: &mut BTreeSet<String>,
) {
    if let Some(Value::Array(members)) = union.get("anyOf") {
        for member in members {
            reach(member, &Map::new(), alternatives);
        }
    }
    if overlap.objects
        && let Some(merged) = merged(document, union)
    {
        *union = merged;
        return;
    }
    let secret = crate::redact::is_secret(&Value::Object(union.clone()))
        || union
            .get("anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|member| open_union::holds_secret(document, member, &mut BTreeSet::new()));
    union.retain(|key, _| {
        matches!(
            key.as_str(),
            "description" | "title" | "example" | "nullable"
        ) || key.starts_with("x-")
    });
    if secret {
        union.insert("x-sensitive".into(), Value::Bool(true));
    }
}

/// The union of object schemas `union` as one object (see the module);
/// `None` when an alternative cannot be read (a `$ref` that dangles or
/// loops).
fn merged(document: &Value, union: &Map<String, Value>) -> Option<Map<String, Value>> {
    let members = union.get("anyOf")?.as_array()?;
    let mut shapes = Vec::with_capacity(members.len());
    let mut open = union
        .get("additionalProperties")
        .is_some_and(|more| *more != Value::Bool(false));
    let mut open_secret = false;
    for member in members {
        let resolved = open_union::resolve(document, member, &mut BTreeSet::new()).ok()?;
        if let Some(more) = resolved.get("additionalProperties")
            && *more != Value::Bool(false)
        {
            open = true;
            open_secret |= open_union::holds_secret(document, more, &mut BTreeSet::new());
        }
        shapes.push(open_union::object_of(document, member, &mut BTreeSet::new()).ok()?);
    }

    let mut out: Map<String, Value> = union
        .iter()
        .filter(|(key, _)| {
            !matches!(
                key.as_str(),
                "anyOf"
                    | "oneOf"
                    | "discriminator"
                    | "properties"
                    | "required"
                    | "additionalProperties"
                    | "type"
            )
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    out.insert("type".into(), "object".into());
    // The union's own properties, then every alternative's, in order.
    let mut properties = union
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut required: Vec<Value> = union
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (shape, _) in &shapes {
        for name in shape.keys() {
            if properties.contains_key(name) {
                continue;
            }
            let schemas: Vec<&Value> = shapes
                .iter()
                .filter_map(|(properties, _)| properties.get(name))
                .collect();
            properties.insert(name.clone(), alike(document, &schemas));
            // An answer never holds a write-only property (a password),
            // even one every alternative requires.
            let write_only = schemas.iter().any(|schema| {
                open_union::resolve(document, schema, &mut BTreeSet::new())
                    .is_ok_and(|schema| schema.get("writeOnly") == Some(&Value::Bool(true)))
            });
            let everywhere = !write_only
                && shapes.iter().all(|(properties, required)| {
                    properties.contains_key(name) && required.contains(name)
                });
            if everywhere && !required.iter().any(|r| r == name.as_str()) {
                required.push(Value::String(name.clone()));
            }
        }
    }
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if open {
        let mut any = Map::new();
        if open_secret {
            any.insert("x-sensitive".into(), Value::Bool(true));
        }
        out.insert("additionalProperties".into(), Value::Object(any));
    }
    Some(out)
}

/// Keywords that document a schema without shaping its values.
const DOCUMENTATION: [&str; 4] = ["description", "example", "examples", "title"];

/// One property as the alternatives that have it write it (`schemas`):
/// their schema when they write it the same but for its documentation and
/// what answers do not check (limits, `enum`: a `type` told apart by its
/// value in each alternative is that type, any value), else any JSON value
/// with their descriptions, secret if one of them holds a secret anywhere.
fn alike(document: &Value, schemas: &[&Value]) -> Value {
    let shape = |schema: &Value| -> Value {
        let mut schema = schema.clone();
        if let Value::Object(object) = &mut schema {
            object.retain(|key, _| {
                !DOCUMENTATION.contains(&key.as_str())
                    && !crate::normalize::CONSTRAINTS.contains(&key.as_str())
                    && key != "enum"
            });
        }
        schema
    };
    if schemas
        .iter()
        .all(|schema| shape(schema) == shape(schemas[0]))
    {
        let mut kept = schemas[0].clone();
        if !schemas
            .iter()
            .all(|schema| schema.get("enum") == kept.get("enum"))
            && let Value::Object(object) = &mut kept
        {
            object.remove("enum");
        }
        return kept;
    }
    let mut descriptions: Vec<&str> = Vec::new();
    for schema in schemas {
        let schema = open_union::resolve(document, schema, &mut BTreeSet::new()).unwrap_or(schema);
        if let Some(text) = schema.get("description").and_then(Value::as_str)
            && !descriptions.contains(&text.trim())
        {
            descriptions.push(text.trim());
        }
    }
    let mut out = Map::new();
    if !descriptions.is_empty() {
        out.insert("description".into(), descriptions.join("\n\nOr: ").into());
    }
    if schemas
        .iter()
        .any(|schema| open_union::holds_secret(document, schema, &mut BTreeSet::new()))
    {
        out.insert("x-sensitive".into(), Value::Bool(true));
    }
    Value::Object(out)
}

/// Records an [`Omission`] for each operation of `document` whose answers
/// hold an overlapping union (inline, or in a component they refer to).
pub(crate) fn in_answers(document: &Value, omissions: &mut Vec<Omission>) {
    let empty = Map::new();
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    // The overlapping unions in each component schema, by where in it.
    let mut in_component: BTreeMap<&String, Vec<(Path, Overlap)>> = BTreeMap::new();
    for (name, schema) in schemas {
        let mut found = Vec::new();
        walk(schema, &mut Vec::new(), &mut |at, object| {
            if let Some(overlap) = overlap(document, object) {
                found.push((at.clone(), overlap));
            }
        });
        if !found.is_empty() {
            in_component.insert(name, found);
        }
    }
    let Some(Value::Object(paths)) = document.get("paths") else {
        return;
    };
    for (route, item) in paths {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item {
            let Some(Value::Object(responses)) = operation.get("responses") else {
                continue;
            };
            let operation_path = vec!["paths".to_owned(), route.clone(), method.clone()];
            let mut keys = BTreeSet::new();
            for (status, response) in responses {
                let response_path =
                    [&operation_path[..], &["responses".into(), status.clone()]].concat();
                // A shared response (`$ref`) is reported at the operation's.
                let shared = response.get("$ref").is_some_and(Value::is_string);
                let resolved = crate::spec::refs::resolve(document, response);
                walk(resolved, &mut Vec::new(), &mut |at, object| {
                    if let Some(overlap) = overlap(document, object) {
                        let place = inline_place(status, at);
                        let at = if shared {
                            response_path.clone()
                        } else {
                            [&response_path[..], at].concat()
                        };
                        record(omissions, &mut keys, &operation_path, at, &place, &overlap);
                    }
                });
                // In the components it refers to.
                let mut reached = BTreeSet::new();
                reach(resolved, schemas, &mut reached);
                for name in &reached {
                    for (at, overlap) in in_component.get(name).into_iter().flatten() {
                        let place = component_place(name, at);
                        record(
                            omissions,
                            &mut keys,
                            &operation_path,
                            response_path.clone(),
                            &place,
                            overlap,
                        );
                    }
                }
            }
        }
    }
}

/// Adds the omission of the union `overlap` at `place` to the operation,
/// once (`keys`: those it has).
fn record(
    omissions: &mut Vec<Omission>,
    keys: &mut BTreeSet<String>,
    operation: &[String],
    at: Path,
    place: &str,
    overlap: &Overlap,
) {
    let key = format!("typed alternatives of {place}");
    if !keys.insert(key.clone()) {
        return;
    }
    let shared: Vec<String> = overlap.shared.iter().map(|n| format!("`{n}`")).collect();
    let shape = if overlap.objects {
        "one object of every alternative's properties (each typed where the alternatives that \
         have it type it alike, else any JSON value)"
    } else {
        "any JSON value"
    };
    omissions.push(Omission::new(
        operation,
        at,
        key,
        format!(
            "`{place}` is an `anyOf` whose alternatives ({}) share {} with nothing telling them \
             apart, which typify decodes into one alternative, dropping what the others hold: \
             answers hold it as {shape}, and its typed alternatives are left out",
            overlap.alternatives.join(", "),
            shared.join(", "),
        ),
    ));
}

/// Where in an operation's `status` answer `at` (below the response) is:
/// `response 200 result`.
fn inline_place(status: &str, at: &[String]) -> String {
    // Below `content/<media type>/schema`.
    let rest = match at {
        [content, _, schema, rest @ ..] if content == "content" && schema == "schema" => rest,
        _ => at,
    };
    let shown = dotted(rest);
    if shown.is_empty() {
        format!("response {status}")
    } else {
        format!("response {status} {shown}")
    }
}

/// Where in the component schema `name` `at` is:
/// `access_app_request.anyOf[1].saas_app`.
fn component_place(name: &str, at: &[String]) -> String {
    let shown = dotted(at);
    if shown.is_empty() {
        name.to_owned()
    } else {
        format!("{name}.{shown}")
    }
}

/// A path within a schema in words: property names, `items`,
/// `additionalProperties`, `anyOf[1]`.
fn dotted(at: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut keys = at.iter();
    while let Some(key) = keys.next() {
        match key.as_str() {
            "properties" => parts.extend(keys.next().cloned()),
            "allOf" | "anyOf" | "oneOf" => {
                let index = keys.next().map_or(String::new(), |i| format!("[{i}]"));
                parts.push(format!("{key}{index}"));
            }
            _ => parts.push(key.clone()),
        }
    }
    parts.join(".")
}

/// Calls `f` with each object of `value` that can be a schema (not in
/// examples or extensions) and its path, depth first.
fn walk(value: &Value, at: &mut Path, f: &mut impl FnMut(&Path, &Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            f(at, object);
            for (key, child) in object {
                if !is_data(key) {
                    at.push(key.clone());
                    walk(child, at, f);
                    at.pop();
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(index.to_string());
                walk(item, at, f);
                at.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document(schemas: Value) -> Value {
        json!({"components": {"schemas": schemas}})
    }

    fn union(members: Value) -> Map<String, Value> {
        json!({"anyOf": members}).as_object().unwrap().clone()
    }

    #[test]
    fn alternatives_sharing_a_property_overlap_unless_a_tag_tells_them_apart() {
        let doc = document(json!({
            "plain": {"type": "object", "properties": {"values": {"type": "object"}}},
            "with-metadata": {"type": "object", "properties": {
                "values": {"type": "object", "additionalProperties": {"nullable": true}},
            }},
        }));
        let found = overlap(
            &doc,
            &union(json!([
                {"$ref": "#/components/schemas/plain"},
                {"$ref": "#/components/schemas/with-metadata"},
            ])),
        )
        .unwrap();
        assert_eq!(found.shared, BTreeSet::from(["values".to_owned()]));
        assert!(found.objects);
        assert_eq!(found.alternatives, ["`plain`", "`with-metadata`"]);

        // A tag: a required constant, different in each.
        let tagged = |a: &str, b: &str| {
            union(json!([
                {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": [a]}, "name": {"type": "string"}}},
                {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": [b]}, "name": {"type": "string"}}},
            ]))
        };
        assert_eq!(overlap(&doc, &tagged("a", "b")), None);
        assert!(overlap(&doc, &tagged("a", "a")).is_some());

        // Nothing shared, one alternative, scalars: no overlap.
        for members in [
            json!([{"properties": {"a": {}}}, {"properties": {"b": {}}}]),
            json!([{"properties": {"a": {}}}]),
            json!([{"type": "string"}, {"type": "integer"}]),
        ] {
            assert_eq!(overlap(&doc, &union(members.clone())), None, "{members}");
        }
        // Objects that overlap beside a scalar: any JSON value.
        let mixed = overlap(
            &doc,
            &union(
                json!([{"type": "string"}, {"properties": {"a": {}}}, {"properties": {"a": {}}}]),
            ),
        )
        .unwrap();
        assert!(!mixed.objects);
    }

    #[test]
    fn a_rewritten_union_keeps_every_value_and_its_secrets_secret() {
        let doc = document(json!({
            "a": {"type": "object", "properties": {
                "values": {"type": "object", "properties": {"token": {"type": "string", "x-sensitive": true}}},
                "key": {"type": "string", "x-sensitive": true},
                "id": {"description": "The id.", "type": "string"},
            }},
            "b": {"type": "object", "required": ["id"], "properties": {
                "values": {"description": "Plain.", "type": "string"},
                "id": {"description": "Its id.", "type": "string"},
            }},
        }));
        let members =
            json!([{"$ref": "#/components/schemas/a"}, {"$ref": "#/components/schemas/b"}]);
        let mut folded = union(members.clone());
        folded.insert("description".into(), "A or B.".into());
        folded.insert("nullable".into(), true.into());
        let found = overlap(&doc, &folded).unwrap();
        assert_eq!(
            found.shared,
            BTreeSet::from(["id".to_owned(), "values".to_owned()])
        );
        let mut alternatives = BTreeSet::new();
        rewrite(&doc, &mut folded, &found, &mut alternatives);
        assert_eq!(
            Value::Object(folded),
            json!({
                "description": "A or B.",
                "nullable": true,
                "type": "object",
                "properties": {
                    // Typed differently: any value, secret in one.
                    "values": {"description": "Plain.", "x-sensitive": true},
                    // In one alternative: as it types it.
                    "key": {"type": "string", "x-sensitive": true},
                    // Typed alike but for the description: typed.
                    "id": {"description": "The id.", "type": "string"},
                },
            })
        );
        assert_eq!(
            alternatives,
            BTreeSet::from(["a".to_owned(), "b".to_owned()])
        );

        // Required where every alternative requires it, but a write-only
        // one; a kind told apart by its value, a string; an open map when
        // one takes properties it does not list.
        let empty = document(json!({}));
        let password = json!({"type": "string", "writeOnly": true});
        let mut open = union(json!([
            {"type": "object", "required": ["id", "password"], "properties": {
                "id": {"type": "string", "maxLength": 32}, "password": password,
                "type": {"type": "string", "enum": ["worker"]}}},
            {"type": "object", "required": ["id", "password"], "properties": {
                "id": {"type": "string"}, "password": password,
                "type": {"type": "string", "enum": ["http_pull"]}},
             "additionalProperties": true},
        ]));
        let found = overlap(&empty, &open).unwrap();
        rewrite(&empty, &mut open, &found, &mut BTreeSet::new());
        assert_eq!(
            Value::Object(open),
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "string", "maxLength": 32},
                    "password": password,
                    "type": {"type": "string"},
                },
                "required": ["id"],
                "additionalProperties": {},
            })
        );

        // Beside a scalar: any JSON value, secret since one holds a secret.
        let mut mixed = union(json!([{"type": "string"}, members[0], members[1]]));
        mixed.insert("description".into(), "A, B or a name.".into());
        let found = overlap(&doc, &mixed).unwrap();
        rewrite(&doc, &mut mixed, &found, &mut BTreeSet::new());
        assert_eq!(
            Value::Object(mixed),
            json!({"description": "A, B or a name.", "x-sensitive": true})
        );
    }

    #[test]
    fn the_places_of_unions_are_named_in_cloudflares_terms() {
        let at = |path: &[&str]| path.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            inline_place(
                "200",
                &at(&[
                    "content",
                    "application/json",
                    "schema",
                    "properties",
                    "result"
                ])
            ),
            "response 200 result"
        );
        assert_eq!(inline_place("4XX", &at(&[])), "response 4XX");
        assert_eq!(
            component_place(
                "access_app_request",
                &at(&["anyOf", "1", "properties", "saas_app", "items"])
            ),
            "access_app_request.anyOf[1].saas_app.items"
        );
        assert_eq!(component_place("x", &[]), "x");
    }
}
