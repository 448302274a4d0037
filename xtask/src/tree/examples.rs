//! Example values from the spec, for the example call the resource tree
//! generates for every operation (which the contract tests send to Prism).
//!
//! A value is the spec's own `example` where it has one (on the parameter,
//! the schema, or a property's schema), else the simplest value of the
//! schema's type: the first `enum` value, a UUID for a UUID, `"example"`, `1`, `true`, a list
//! of one example item, an object of its required properties.

use std::collections::HashMap;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, Operation, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value, json};

/// The example of a UUID where the spec gives none.
const EXAMPLE_UUID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

/// How deep examples of nested schemas go (a recursive schema stops here).
const MAX_DEPTH: usize = 8;

/// Examples for `op`'s parameters (by snake-case name) and the top-level
/// properties of its JSON body (by name as sent).
pub(super) fn of_operation(document: &OpenAPI, op: &Operation) -> HashMap<String, Value> {
    let mut examples = HashMap::new();
    for parameter in &op.parameters {
        let Some(parameter) = crate::spec::refs::resolve_parameter(document, parameter) else {
            continue;
        };
        let data = parameter.parameter_data_ref();
        let value = match (&data.example, &data.format) {
            (Some(example), _) => example.clone(),
            (None, openapiv3::ParameterSchemaOrContent::Schema(schema)) => {
                of_schema(document, schema, 0)
            }
            (None, _) => json!("example"),
        };
        examples.insert(data.name.to_snake_case(), value);
    }
    if let Some(body) = op
        .request_body
        .as_ref()
        .and_then(|b| crate::spec::refs::resolve_body(document, b))
        && let Some(media) = body.content.get("application/json")
        && let Some(schema) = &media.schema
    {
        let whole = media
            .example
            .clone()
            .unwrap_or_else(|| of_schema(document, schema, 0));
        if let Some(schema) = resolve(document, schema)
            && let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind
        {
            for (name, property) in &object.properties {
                let value = whole
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| of_boxed(document, property, 1));
                examples.insert(name.clone(), value);
            }
        }
        // A body whose fields come from an `allOf` beside its own (Zero
        // Trust's `access_policy_req`): the whole example's fields.
        if let Value::Object(fields) = &whole {
            for (name, value) in fields {
                examples
                    .entry(name.clone())
                    .or_insert_with(|| value.clone());
            }
        }
        examples.insert("body".into(), whole);
    }
    examples
}

fn of_boxed(document: &OpenAPI, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> Value {
    match schema {
        ReferenceOr::Item(schema) => of_item(document, schema, depth),
        ReferenceOr::Reference { reference } => of_schema(
            document,
            &ReferenceOr::Reference {
                reference: reference.clone(),
            },
            depth,
        ),
    }
}

/// An example of `schema`.
fn of_schema(document: &OpenAPI, schema: &ReferenceOr<Schema>, depth: usize) -> Value {
    match resolve(document, schema) {
        Some(schema) => of_item(document, schema, depth),
        None => json!("example"),
    }
}

fn of_item(document: &OpenAPI, schema: &Schema, depth: usize) -> Value {
    if let Some(example) = &schema.schema_data.example {
        return example.clone();
    }
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match &schema.schema_kind {
        // A UUID (`format: uuid`, which regen makes a pattern) is one.
        SchemaKind::Type(Type::String(string))
            if string.pattern.as_deref() == Some(crate::normalize::UUID_PATTERN)
                || matches!(&string.format, openapiv3::VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid") =>
        {
            json!(EXAMPLE_UUID)
        }
        SchemaKind::Type(Type::String(string)) => {
            string.enumeration.iter().flatten().next().map_or_else(
                || match &string.format {
                    openapiv3::VariantOrUnknownOrEmpty::Unknown(format) => of_format(format),
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                        json!("2026-08-14")
                    }
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                        json!("2026-08-14T00:00:00Z")
                    }
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte) => {
                        json!("ZXhhbXBsZQ==")
                    }
                    _ => json!("example"),
                },
                |v| json!(v),
            )
        }
        SchemaKind::Type(Type::Integer(_)) | SchemaKind::Type(Type::Number(_)) => json!(1),
        SchemaKind::Type(Type::Boolean(_)) => json!(true),
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(items) => json!([of_boxed(document, items, depth + 1)]),
            None => json!([]),
        },
        SchemaKind::Type(Type::Object(object)) => {
            let mut map = Map::new();
            for name in &object.required {
                if let Some(property) = object.properties.get(name) {
                    map.insert(name.clone(), of_boxed(document, property, depth + 1));
                }
            }
            Value::Object(map)
        }
        SchemaKind::AllOf { all_of } => {
            let mut map = Map::new();
            for part in all_of {
                if let Value::Object(part) = of_schema(document, part, depth + 1) {
                    map.extend(part);
                }
            }
            Value::Object(map)
        }
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => list
            .first()
            .map_or(Value::Null, |first| of_schema(document, first, depth + 1)),
        // A union or an `allOf` written beside a `type` (`type: object,
        // anyOf: [..]`, as Queues writes a consumer), which openapiv3
        // reads as any schema: as the union or `allOf` says, with the
        // required properties written beside it (Zero Trust's DLP columns:
        // `header_name` beside an `anyOf` of `entry_id` or `entry_name`).
        SchemaKind::Any(any) if !any.any_of.is_empty() || !any.one_of.is_empty() => {
            let first = any
                .any_of
                .first()
                .or(any.one_of.first())
                .map_or(Value::Null, |first| of_schema(document, first, depth + 1));
            match first {
                Value::Object(mut map) => {
                    for name in &any.required {
                        if let Some(property) = any.properties.get(name) {
                            map.entry(name.clone())
                                .or_insert_with(|| of_boxed(document, property, depth + 1));
                        }
                    }
                    Value::Object(map)
                }
                other => other,
            }
        }
        // A list with keywords of other types beside (`maxLength` on an
        // array, Zero Trust's revoked devices), which openapiv3 reads as
        // any schema.
        SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => match &any.items {
            Some(items) => json!([of_boxed(document, items, depth + 1)]),
            None => json!([]),
        },
        SchemaKind::Any(any) if !any.all_of.is_empty() => {
            let mut map = Map::new();
            for part in &any.all_of {
                if let Value::Object(part) = of_schema(document, part, depth + 1) {
                    map.extend(part);
                }
            }
            // And the required properties written beside the `allOf`.
            for name in &any.required {
                if let Some(property) = any.properties.get(name) {
                    map.insert(name.clone(), of_boxed(document, property, depth + 1));
                }
            }
            Value::Object(map)
        }
        SchemaKind::Any(any) if any.typ.as_deref() == Some("object") => {
            let mut map = Map::new();
            for name in &any.required {
                if let Some(property) = any.properties.get(name) {
                    map.insert(name.clone(), of_boxed(document, property, depth + 1));
                }
            }
            Value::Object(map)
        }
        _ => json!("example"),
    }
}

/// An example of a string of `format` (one openapiv3 does not know).
fn of_format(format: &str) -> Value {
    match format {
        "uuid" => json!(EXAMPLE_UUID),
        "uri" | "url" => json!("https://example.com"),
        "email" => json!("user@example.com"),
        "hostname" => json!("example.com"),
        "ipv4" => json!("192.0.2.1"),
        "ipv6" => json!("2001:db8::1"),
        _ => json!("example"),
    }
}

fn resolve<'a>(document: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let next = document.components.as_ref()?.schemas.get(name)?;
            resolve(document, next)
        }
    }
}
