//! The few rewrites that let progenitor and typify take the spec as
//! Cloudflare writes it, and decode what the real API answers. The spec
//! stays in Cloudflare's terms; what changes is only the merged document
//! handed to progenitor, never a file on disk.
//!
//! | rewrite | why |
//! |---|---|
//! | `multipart` (`xtask/src/multipart.rs`): a `multipart/form-data` body becomes bytes with a `Content-Type` header parameter, its parts listed in `x-rust-multipart` and its JSON parts' schemas made components | progenitor refuses the content type ("unexpected content type"); the tree generates a setter per part, and the generated crate's `multipart::Form` encodes them |
//! | `url_encoded` (`xtask/src/url_encoded.rs`): a boolean query parameter marked `x-rust-url-encoded-flag: <path parameter>` leaves the operation's parameters for its `x-rust-url-encoded` | the API decodes that path parameter only when the flag is `true`; the client always encodes it as `encodeURIComponent` does and sends the flag, so no setter may offer it (progenitor would make one) |
//! | `null_only_to_any`: `enum: [null]` becomes "any value, nullable" | typify makes `enum: [null]` a strict `()`, which rejects `{}`, `[]` or anything else a server sends in `result` of a failed call, and so would make a readable error response undecodable |
//! | `envelope_common_fields`: in every schema with `success`, `errors` and `messages` properties (an envelope), `errors` and `messages` become optional, nullable lists of `response-info`, and `result_info` a `result-info` | answers leave out `messages`, send `null`, and carry `result_info` where the schema has none; typify would refuse the first two and drop the third. `response-info` and `result-info` are the hand-written lenient types of the generated crate (`src/info.rs`), which regen substitutes for whatever the spec says of them |
//! | `unconstrained_answers`: in everything an answer can hold, references to scalar schemas are inlined and input constraints dropped (`maxLength`, `pattern`, `enum` of several values, `minimum`, `additionalProperties: false`, formats other than dates, ...); object schemas that requests use too are split, requests getting a `-input` copy that keeps them | typify checks a schema's constraints when decoding, so one over-long id in an answer failed the whole call, and it wraps constrained strings in newtypes (`DispatchNamespaceNamespaceId`) with no `Display`; answers become plain `String`s and numbers while requests are still checked before sending |
//!
//! Add a rewrite here (one function, one row) only when progenitor cannot
//! take a construct that the real API needs; say in the row what typify or
//! progenitor does without it.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// Applies every rewrite, in order, to the merged document.
///
/// # Errors
///
/// A multipart body that cannot be a form (see `xtask/src/multipart.rs`),
/// a `url_encoded` flag that cannot be one (`xtask/src/url_encoded.rs`).
pub(crate) fn apply(document: &mut Value) -> Result<(), String> {
    crate::multipart::bodies_as_bytes(document)?;
    crate::url_encoded::flags_to_extensions(document)?;
    visit_schemas(document, &mut null_only_to_any);
    envelope_common_fields(document);
    unconstrained_answers(document);
    Ok(())
}

/// `{type: object, nullable: true, enum: [null]}` (Cloudflare's "always
/// null") becomes `{nullable: true}`: typify then generates
/// `Option<serde_json::Value>`, which decodes whatever the server sends.
fn null_only_to_any(object: &mut Map<String, Value>) {
    let null_only = match object.get("enum") {
        Some(Value::Array(values)) => !values.is_empty() && values.iter().all(Value::is_null),
        _ => false,
    };
    if null_only {
        object.remove("enum");
        object.remove("type");
        object.insert("nullable".into(), Value::Bool(true));
    }
}

/// Where the hand-written lenient envelope items are referred to.
pub(crate) const RESPONSE_INFO: &str = "response-info";
pub(crate) const RESULT_INFO: &str = "result-info";
const SCHEMAS: &str = "#/components/schemas/";

/// In every envelope (a schema with `success`, `errors` and `messages`
/// properties): `errors` and `messages` optional, nullable lists of
/// `response-info`, and `result_info` a `result-info`. Adds the two
/// components (as plain objects: regen substitutes its own types for them)
/// when the spec has none.
fn envelope_common_fields(document: &mut Value) {
    let mut found = false;
    visit_schemas(document, &mut |object| {
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        if !["success", "errors", "messages"]
            .iter()
            .all(|name| properties.contains_key(*name))
        {
            return;
        }
        for name in ["errors", "messages"] {
            let mut list = Map::new();
            if let Some(description) = properties[name].get("description") {
                list.insert("description".into(), description.clone());
            }
            list.insert("type".into(), "array".into());
            list.insert("nullable".into(), true.into());
            list.insert("items".into(), reference(RESPONSE_INFO));
            properties.insert(name.into(), Value::Object(list));
        }
        properties.insert("result_info".into(), reference(RESULT_INFO));
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(|name| {
                !matches!(name.as_str(), Some("errors" | "messages" | "result_info"))
            });
        }
        found = true;
    });
    if !found {
        return;
    }
    let components = object_at(document, "components");
    let Value::Object(schemas) = object_at(components, "schemas") else {
        unreachable!("object_at makes an object");
    };
    for name in [RESPONSE_INFO, RESULT_INFO] {
        schemas
            .entry(name)
            .or_insert_with(|| serde_json::json!({ "type": "object" }));
    }
}

fn reference(component: &str) -> Value {
    serde_json::json!({ "$ref": format!("{SCHEMAS}{component}") })
}

/// The object at `key` of `value`, made an empty object if it is not one.
fn object_at<'a>(value: &'a mut Value, key: &str) -> &'a mut Value {
    let Value::Object(object) = value else {
        unreachable!("callers pass objects");
    };
    let entry = object
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry
}

/// Keywords that constrain a value rather than describe its shape.
const CONSTRAINTS: [&str; 13] = [
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
];

/// String formats an answer keeps: typify reads them as `chrono` types.
const KEPT_FORMATS: [&str; 2] = ["date-time", "date"];

/// Answers decode into plain types; requests keep their checks. See the
/// table at the top of this module.
fn unconstrained_answers(document: &mut Value) {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas").cloned() else {
        return;
    };
    let (outputs, inputs) = roots(document);
    let reached = |roots: &[String]| {
        let mut found = BTreeSet::new();
        for root in roots {
            if let Some(value) = document.pointer(root) {
                reach(value, &schemas, &mut found);
            }
        }
        found
    };
    let out = reached(&outputs);
    let input = reached(&inputs);
    let is_scalar_component = |name: &String| schemas.get(name).is_some_and(is_scalar);

    // Object schemas both sides use, that loosening would change (itself,
    // or through one it refers to): requests get a copy that keeps them.
    let shared: Vec<&String> = out
        .intersection(&input)
        .filter(|name| !is_scalar_component(name))
        .collect();
    let mut split: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = split.len();
        for name in &shared {
            let mut copy = schemas[name.as_str()].clone();
            if loosen(&mut copy, &schemas) || refers_to_any(&schemas[name.as_str()], &split) {
                split.insert((*name).clone());
            }
        }
        if split.len() == before {
            break;
        }
    }
    let renamed = |name: &str| format!("{name}-input");

    // The request side: its roots, the schemas only requests use, and the
    // copies, now refer to the copies.
    for root in &inputs {
        if let Some(value) = document.pointer_mut(root) {
            rename_refs(value, &split, &renamed);
        }
    }
    let Some(Value::Object(components)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    for name in input.difference(&out) {
        if let Some(schema) = components.get_mut(name) {
            rename_refs(schema, &split, &renamed);
        }
    }
    for name in &split {
        let mut copy = schemas[name.as_str()].clone();
        rename_refs(&mut copy, &split, &renamed);
        components.insert(renamed(name), copy);
    }

    // The answer side: schemas only answers use, loosened; scalar ones are
    // inlined wherever answers refer to them, so they go.
    for name in &out {
        if is_scalar_component(name) {
            if !input.contains(name) {
                components.remove(name);
            }
        } else if let Some(schema) = components.get_mut(name) {
            loosen(schema, &schemas);
        }
    }
    // Each root is a map of responses (by status, or by component name).
    for root in &outputs {
        if let Some(Value::Object(responses)) = document.pointer_mut(root) {
            for response in responses.values_mut() {
                loosen(response, &schemas);
            }
        }
    }
}

/// JSON pointers to what answers hold (responses) and what requests hold
/// (parameters and request bodies), in paths and in components.
fn roots(document: &Value) -> (Vec<String>, Vec<String>) {
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    let mut outputs = vec!["/components/responses".to_owned()];
    let mut inputs = vec![
        "/components/parameters".to_owned(),
        "/components/requestBodies".to_owned(),
    ];
    let Some(Value::Object(paths)) = document.get("paths") else {
        return (outputs, inputs);
    };
    for (route, item) in paths {
        let route = format!("/paths/{}", escape(route));
        inputs.push(format!("{route}/parameters"));
        let Value::Object(item) = item else { continue };
        for (method, operation) in item {
            if operation.is_object() && method != "parameters" {
                outputs.push(format!("{route}/{}/responses", escape(method)));
                inputs.push(format!("{route}/{}/parameters", escape(method)));
                inputs.push(format!("{route}/{}/requestBody", escape(method)));
                // A form's JSON parts (see `crate::multipart`).
                inputs.push(format!(
                    "{route}/{}/{}",
                    escape(method),
                    crate::multipart::PARTS_EXTENSION
                ));
            }
        }
    }
    (outputs, inputs)
}

/// The component schema a `$ref` names.
fn component_of(object: &Map<String, Value>) -> Option<&str> {
    object.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

/// Adds to `found` every component schema `value` refers to, transitively.
fn reach(value: &Value, schemas: &Map<String, Value>, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = component_of(object)
                && found.insert(name.to_owned())
                && let Some(target) = schemas.get(name)
            {
                reach(target, schemas, found);
            }
            for (key, child) in object {
                if !is_data(key) {
                    reach(child, schemas, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| reach(item, schemas, found)),
        _ => {}
    }
}

fn refers_to_any(value: &Value, names: &BTreeSet<String>) -> bool {
    let mut found = BTreeSet::new();
    reach(value, &Map::new(), &mut found);
    !found.is_disjoint(names)
}

fn rename_refs(value: &mut Value, names: &BTreeSet<String>, renamed: &impl Fn(&str) -> String) {
    match value {
        Value::Object(object) => {
            if let Some(name) = component_of(object)
                && names.contains(name)
            {
                let target = format!("{SCHEMAS}{}", renamed(name));
                object.insert("$ref".into(), Value::String(target));
            }
            for (key, child) in object.iter_mut() {
                if !is_data(key) {
                    rename_refs(child, names, renamed);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_refs(item, names, renamed)),
        _ => {}
    }
}

/// A schema for one plain value: a string, number, integer or boolean with
/// no structure of its own.
fn is_scalar(schema: &Value) -> bool {
    const STRUCTURE: [&str; 7] = [
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "$ref",
    ];
    let Value::Object(object) = schema else {
        return false;
    };
    matches!(
        object.get("type").and_then(Value::as_str),
        Some("string" | "number" | "integer" | "boolean")
    ) && !STRUCTURE.iter().any(|key| object.contains_key(*key))
}

/// Makes `schema` accept any value of its shape: inlines references to
/// scalar components and drops constraints, in it and in every schema it
/// holds (not those it refers to). Returns whether anything changed.
fn loosen(schema: &mut Value, components: &Map<String, Value>) -> bool {
    let Value::Object(object) = schema else {
        return false;
    };
    let mut changed = false;
    if let Some(target) = component_of(object).and_then(|name| components.get(name))
        && is_scalar(target)
        && let Value::Object(target) = target
    {
        *object = target.clone();
        changed = true;
    }
    for key in CONSTRAINTS {
        changed |= object.remove(key).is_some();
    }
    // An enum of several values is a constraint (new values appear); one
    // of a single value is a constant that tells answers apart
    // (`success: enum [true]`, a binding's `type: enum [kv_namespace]` in a
    // `oneOf`), and stays.
    if object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.len() > 1)
    {
        object.remove("enum");
        changed = true;
    }
    if object.get("additionalProperties") == Some(&Value::Bool(false)) {
        object.remove("additionalProperties");
        changed = true;
    }
    let keeps_format = match object.get("type").and_then(Value::as_str) {
        Some("string") => object
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|format| KEPT_FORMATS.contains(&format)),
        _ => false,
    };
    if !keeps_format {
        changed |= object.remove("format").is_some();
    }
    // Schemas held by this one, by keyword: one, a list, or a map of them.
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" | "schema" => {
                changed |= loosen(child, components);
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(items) = child {
                    for item in items {
                        changed |= loosen(item, components);
                    }
                }
            }
            // A response's or a media type's map of schemas' holders.
            "properties" | "content" | "headers" => {
                if let Value::Object(map) = child {
                    for value in map.values_mut() {
                        changed |= loosen(value, components);
                    }
                }
            }
            _ => {}
        }
    }
    changed
}

fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// Calls `rewrite` on every object of the document that can be a schema,
/// depth first, skipping the keys whose values are data, not schemas.
fn visit_schemas(value: &mut Value, rewrite: &mut impl FnMut(&mut Map<String, Value>)) {
    const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];
    match value {
        Value::Object(object) => {
            rewrite(object);
            for (key, child) in object.iter_mut() {
                if !DATA_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    visit_schemas(child, rewrite);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| visit_schemas(item, rewrite)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    #[test]
    fn null_only_enum_becomes_any_nullable_value() {
        let mut document = json!({"components": {"schemas": {"failure": {"properties": {
            "result": {"type": "object", "nullable": true, "enum": [null]},
        }}}}});
        apply(&mut document).unwrap();
        assert_eq!(
            document["components"]["schemas"]["failure"]["properties"]["result"],
            json!({"nullable": true})
        );
    }

    #[test]
    fn other_enums_and_examples_are_left_alone() {
        let original = json!({
            "success": {"type": "boolean", "enum": [true]},
            "example": {"enum": [null]},
            "x-cfPermissionsRequired": {"enum": [null]},
        });
        let mut document = original.clone();
        apply(&mut document).unwrap();
        assert_eq!(document, original);
    }

    #[test]
    fn envelopes_take_missing_or_null_common_fields_and_result_info() {
        let mut document = json!({"components": {"schemas": {"common": {
            "type": "object",
            "required": ["errors", "messages", "success"],
            "properties": {
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/product_messages"}},
                "messages": {"description": "Messages.", "type": "array", "items": {}},
                "success": {"type": "boolean", "enum": [true]},
            },
        }}}});
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        let common = &schemas["common"];
        assert_eq!(common["required"], json!(["success"]));
        assert_eq!(
            common["properties"]["messages"],
            json!({"description": "Messages.", "type": "array", "nullable": true,
                   "items": {"$ref": "#/components/schemas/response-info"}})
        );
        assert_eq!(
            common["properties"]["errors"]["items"],
            json!({"$ref": "#/components/schemas/response-info"})
        );
        assert_eq!(
            common["properties"]["result_info"],
            json!({"$ref": "#/components/schemas/result-info"})
        );
        assert_eq!(common["properties"]["success"]["enum"], json!([true]));
        assert_eq!(schemas["response-info"], json!({"type": "object"}));
        assert_eq!(schemas["result-info"], json!({"type": "object"}));
    }

    /// A spec where `identifier` and `thing` are used by a request and an
    /// answer, and `name` and `status` by answers only.
    fn shared_spec() -> serde_json::Value {
        let thing = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        json!({
            "paths": {"/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": thing("identifier")}],
                "put": {
                    "requestBody": {"content": {"application/json": {"schema": thing("thing")}}},
                    "responses": {"200": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"result": thing("thing"), "status": thing("status")},
                    }}}}},
                },
            }},
            "components": {"schemas": {
                "identifier": {"type": "string", "maxLength": 32, "description": "Identifier."},
                "name": {"type": "string", "pattern": "^.+$"},
                "status": {"type": "string", "enum": ["active", "pending"]},
                "thing": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "id": thing("identifier"),
                        "name": thing("name"),
                        "pattern": {"type": "string", "format": "uuid", "maxLength": 36},
                        "created_on": {"type": "string", "format": "date-time"},
                        "kind": {"type": "string", "enum": ["thing"]},
                        "count": {"type": "integer", "format": "int32", "minimum": 0},
                        "tags": {"type": "array", "maxItems": 3, "items": {"type": "string", "minLength": 1}},
                    },
                },
            }},
        })
    }

    #[test]
    fn answers_lose_their_constraints_and_requests_keep_them() {
        let mut document = shared_spec();
        apply(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        // The answer's `thing`: plain values, scalar references inlined.
        assert_eq!(
            schemas["thing"],
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "string", "description": "Identifier."},
                    "name": {"type": "string"},
                    "pattern": {"type": "string"},
                    "created_on": {"type": "string", "format": "date-time"},
                    "kind": {"type": "string", "enum": ["thing"]},
                    "count": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            })
        );
        // The request's copy keeps everything, and the path parameter its
        // constrained `identifier`.
        let input = &schemas["thing-input"];
        assert_eq!(input["additionalProperties"], json!(false));
        assert_eq!(
            input["properties"]["id"],
            json!({"$ref": "#/components/schemas/identifier"})
        );
        assert_eq!(input["properties"]["tags"]["maxItems"], json!(3));
        let operation = &document["paths"]["/things/{id}"]["put"];
        assert_eq!(
            operation["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/thing-input"})
        );
        assert_eq!(schemas["identifier"]["maxLength"], json!(32));
        // Answer-only scalars are inlined where used, and gone as components.
        let answer = &operation["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(answer["properties"]["status"], json!({"type": "string"}));
        assert_eq!(
            answer["properties"]["result"],
            json!({"$ref": "#/components/schemas/thing"})
        );
        assert!(schemas.get("status").is_none());
        // `name` stays: the request's copy of `thing` refers to it.
        assert_eq!(
            input["properties"]["name"],
            json!({"$ref": "#/components/schemas/name"})
        );
        assert_eq!(schemas["name"]["pattern"], json!("^.+$"));
    }

    #[test]
    fn schemas_only_answers_use_are_loosened_in_place_without_copies() {
        let mut document = shared_spec();
        document["paths"]["/things/{id}"]["put"]
            .as_object_mut()
            .unwrap()
            .remove("requestBody");
        apply(&mut document).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        assert!(!schemas.contains_key("thing-input"));
        assert_eq!(
            schemas["thing"]["properties"]["id"],
            json!({"type": "string", "description": "Identifier."})
        );
    }
}
