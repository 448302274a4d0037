//! `multipart/form-data` request bodies, which progenitor 0.15 refuses
//! ("unexpected content type").
//!
//! A normalization ([`bodies_as_bytes`], run first by `normalize::apply`)
//! hands progenitor each such body as what it can take, and writes down
//! the form's parts for the resource tree:
//!
//! - the body becomes `application/octet-stream` bytes (progenitor: a
//!   `body(reqwest::Body)` setter); a body's other media types were left
//!   out before, saying so (`normalize::one_request_media_type`);
//! - a required `Content-Type` header parameter is added (progenitor:
//!   `content_type(..)`), which carries the boundary; progenitor's headers
//!   are set after its own `Content-Type`, so this one is sent;
//! - each JSON part's schema becomes a component (`<operationId>-<part>`,
//!   unless it is a `$ref` already), so that typify generates its type;
//! - the parts (name, kind, type, whether required) go into the
//!   operation's [`PARTS_EXTENSION`], which `tree` reads to generate one
//!   setter per part; the generated crate's `multipart::Form` encodes
//!   them.
//!
//! A part's kind comes from its schema, as OpenAPI 3.0 says: a `string`
//! of `format: binary` is a file, and so is a union (`anyOf`, `oneOf`)
//! with such an alternative (Cloudflare's KV `value`: text or bytes, which
//! a file part carries both); an `array` of them is one part per file; an
//! object or array (or a part whose `encoding` says `application/json`)
//! is JSON; any other scalar, or a union of scalars, a text field (a
//! union of several scalar types takes text). A JSON part whose type
//! could never be written as one JSON value (an `anyOf` with an
//! alternative that is not an object: typify makes it a struct of
//! flattened alternatives, which serde cannot write for a string) takes
//! any JSON value instead, and regen says so (an omission, see
//! `crate::normalize::omissions`): no setter is generated that cannot succeed. One
//! extension of ours fixes what OpenAPI cannot say: `x-part-name:
//! file-name` on a file property sends each file as a part named by its
//! file name (what Cloudflare's Workers script uploads need: wrangler
//! names every module's part after the module), not by the property.
//!
//! A form whose schema names no part, only `additionalProperties` (any
//! part name: Workers' asset upload, one part per asset named by its
//! hash), is one part [`ANY_NAMED_PARTS`] of files, each sent as a part
//! named by its file name with its content type: the user names every
//! part.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::generate::limits::Limits;
use crate::normalize::Refusal;
use crate::normalize::omissions::Omission;
use crate::spec::location::Path;
use crate::spec::refs::resolve;

/// Where the normalization writes an operation's parts.
pub(crate) const PARTS_EXTENSION: &str = "x-rust-multipart";
/// Our extension on a file property: name each part by its file name.
pub(crate) const PART_NAME_EXTENSION: &str = "x-part-name";
/// The header parameter that carries the form's content type.
pub(crate) const CONTENT_TYPE_PARAMETER: &str = "Content-Type";

const MULTIPART: &str = "multipart/form-data";

/// One part of a form, as the tree generates its setter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FormPart {
    /// The property's name: the part's name, and the setter's.
    pub(crate) name: String,
    pub(crate) kind: PartKind,
    pub(crate) required: bool,
    pub(crate) description: Option<String>,
    /// The example the spec gives, if any.
    pub(crate) example: Option<Value>,
    /// Why a JSON part takes any JSON value rather than its schema's
    /// type, if it does (an omission regen reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fallback: Option<String>,
    /// A text field's limits of its number (`minimum`, ...), which the
    /// tree's setter checks (see `crate::generate::limits`).
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub(crate) limits: Limits,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub(crate) enum PartKind {
    /// JSON, of the type of the component `schema` refers to (a `$ref`,
    /// so that the other normalizations see the part's schema as a
    /// request's and rename it with the rest).
    Json { schema: SchemaRef },
    /// A text field: a scalar of this JSON type (`string`, `boolean`,
    /// `integer`, `number`).
    Text { scalar: String },
    /// One file.
    File,
    /// Any number of files, each a part named by the property or, with
    /// `by_file_name`, by its file name.
    Files { by_file_name: bool },
}

/// `{"$ref": "#/components/schemas/<name>"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SchemaRef {
    #[serde(rename = "$ref")]
    pub(crate) reference: String,
}

impl SchemaRef {
    fn to(component: &str) -> SchemaRef {
        SchemaRef {
            reference: format!("#/components/schemas/{component}"),
        }
    }

    /// The component's name.
    pub(crate) fn component(&self) -> &str {
        self.reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or(&self.reference)
    }
}

/// The parts an operation's [`PARTS_EXTENSION`] lists, if it has one.
pub(crate) fn parts_of(operation: &openapiv3::Operation) -> Option<Vec<FormPart>> {
    let value = operation.extensions.get(PARTS_EXTENSION)?;
    serde_json::from_value(value.clone()).ok()
}

/// See the module's docs. Fails (leaving the rest as it is) only for a
/// form whose schema is not an object of properties.
pub(crate) fn bodies_as_bytes(
    document: &mut Value,
    omissions: &mut Vec<Omission>,
) -> Result<(), Refusal> {
    let snapshot = crate::spec::refs::targets(document);
    let mut new_components = Map::new();
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return Ok(());
    };
    for (route, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item.iter_mut() {
            let Value::Object(operation) = operation else {
                continue;
            };
            let Some(body) = operation.get("requestBody") else {
                continue;
            };
            let body = resolve(&snapshot, body).clone();
            let Some(media) = body.pointer(&format!("/content/{}", MULTIPART.replace('/', "~1")))
            else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(route)
                .to_string();
            let operation_path: Path = vec!["paths".into(), route.clone(), method.clone()];
            let parts =
                form_parts(&snapshot, &id, media, &mut new_components).map_err(|message| {
                    Refusal {
                        at: operation_path.clone(),
                        message,
                    }
                })?;
            for (part, detail) in parts.iter().filter_map(|p| Some((p, p.fallback.as_ref()?))) {
                omissions.push(Omission::new(
                    &operation_path,
                    operation_path.clone(),
                    format!("part {} type", part.name),
                    detail.clone(),
                ));
            }
            let mut replaced = Map::new();
            if let Some(description) = body.get("description") {
                replaced.insert("description".into(), description.clone());
            }
            replaced.insert("required".into(), json!(true));
            replaced.insert(
                "content".into(),
                json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
            );
            operation.insert("requestBody".into(), Value::Object(replaced));
            let parameters = operation
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parameters) = parameters {
                parameters.push(json!({
                    "name": CONTENT_TYPE_PARAMETER,
                    "in": "header",
                    "required": true,
                    "description": "`multipart/form-data; boundary=...`: the encoded form's content type.",
                    "schema": {"type": "string"},
                }));
            }
            operation.insert(
                PARTS_EXTENSION.into(),
                serde_json::to_value(parts).expect("parts serialize"),
            );
        }
    }
    if !new_components.is_empty() {
        let components = document
            .as_object_mut()
            .expect("a document is an object")
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let schemas = components
            .as_object_mut()
            .ok_or_else(|| Refusal {
                at: vec!["components".into()],
                message: "`components` is not an object".into(),
            })?
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(schemas) = schemas else {
            return Err(Refusal {
                at: vec!["components".into(), "schemas".into()],
                message: "`components.schemas` is not an object".into(),
            });
        };
        for (name, schema) in new_components {
            schemas.entry(name).or_insert(schema);
        }
    }
    Ok(())
}

/// The parts of the form `media` describes.
fn form_parts(
    document: &Value,
    id: &str,
    media: &Value,
    new_components: &mut Map<String, Value>,
) -> Result<Vec<FormPart>, String> {
    let schema = media
        .get("schema")
        .ok_or("the multipart body has no schema")?;
    let schema = resolve(document, schema);
    if let Some(part) = any_named_parts(document, schema) {
        return Ok(vec![part]);
    }
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return Err("a multipart body's schema must be an object with `properties`".into());
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut parts = Vec::with_capacity(properties.len());
    for (name, property) in properties {
        let resolved = resolve(document, property);
        let encoding = media
            .pointer(&format!(
                "/encoding/{}/contentType",
                crate::spec::refs::pointer_token(name)
            ))
            .and_then(Value::as_str)
            .unwrap_or("");
        let by_file_name = property.get(PART_NAME_EXTENSION).and_then(Value::as_str)
            == Some("file-name")
            || resolved.get(PART_NAME_EXTENSION).and_then(Value::as_str) == Some("file-name");
        let ty = resolved.get("type").and_then(Value::as_str);
        let mut fallback = None;
        let kind = if is_file(document, resolved) {
            PartKind::File
        } else if ty == Some("array") && resolved.get("items").is_some_and(|i| is_file(document, i))
        {
            PartKind::Files { by_file_name }
        } else if let Some(scalar) = text_scalar(document, resolved)
            && !encoding.contains("json")
        {
            PartKind::Text { scalar }
        } else {
            let component = if let Some(why) = never_one_json_value(document, resolved) {
                // Any JSON value, with the part's description.
                let component = format!("{id}-{name}");
                let mut any = Map::new();
                if let Some(description) = resolved.get("description") {
                    any.insert("description".into(), description.clone());
                }
                new_components.insert(component.clone(), Value::Object(any));
                fallback = Some(format!(
                    "the part `{name}` takes any JSON value, not its schema's type: {why}"
                ));
                component
            } else {
                match property.get("$ref").and_then(Value::as_str) {
                    Some(reference) => reference
                        .strip_prefix("#/components/schemas/")
                        .ok_or_else(|| format!("part `{name}`: `{reference}` is not a schema"))?
                        .to_string(),
                    None => {
                        let component = format!("{id}-{name}");
                        new_components.insert(component.clone(), property.clone());
                        component
                    }
                }
            };
            PartKind::Json {
                schema: SchemaRef::to(&component),
            }
        };
        if by_file_name && !matches!(kind, PartKind::Files { .. }) {
            return Err(format!(
                "part `{name}`: `{PART_NAME_EXTENSION}: file-name` is for an array of binary strings"
            ));
        }
        // A text field's own limits; typify never sees its schema.
        let limits = match kind {
            PartKind::Text { .. } => serde_json::from_value::<openapiv3::Schema>(resolved.clone())
                .map(|schema| Limits::own(&schema))
                .unwrap_or_default(),
            _ => Limits::default(),
        };
        parts.push(FormPart {
            name: name.clone(),
            limits,
            kind,
            required: required.contains(&name.as_str()),
            description: property
                .get("description")
                .or_else(|| resolved.get("description"))
                .and_then(Value::as_str)
                .map(String::from),
            example: property
                .get("example")
                .or_else(|| resolved.get("example"))
                .cloned(),
            fallback,
        });
    }
    Ok(parts)
}

/// The setter's name of a form whose parts have any names
/// ([`any_named_parts`]).
pub(crate) const ANY_NAMED_PARTS: &str = "files";

/// A form whose schema names no part, only `additionalProperties` (any
/// part name, each of that schema: Workers' asset upload, a part per
/// asset named by its hash): one setter, [`ANY_NAMED_PARTS`], of files,
/// each sent as a part named by its file name with its content type, so
/// the user names every part. A file part carries a text or JSON value
/// too (its bytes, with the content type the user gives).
fn any_named_parts(document: &Value, schema: &Value) -> Option<FormPart> {
    let has_properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty());
    let additional = schema.get("additionalProperties")?;
    if has_properties || *additional == Value::Bool(false) {
        return None;
    }
    let each = resolve(document, additional)
        .get("description")
        .and_then(Value::as_str)
        .map(|description| format!("\n\nEach part: {description}"))
        .unwrap_or_default();
    Some(FormPart {
        name: ANY_NAMED_PARTS.into(),
        kind: PartKind::Files { by_file_name: true },
        required: false,
        description: Some(format!(
            "The form's parts: the schema names none, any name is taken. Each file is \
             one part, named by the file's name, sent with its content type.{each}"
        )),
        example: None,
        fallback: None,
        limits: Limits::default(),
    })
}

/// The alternatives of a union (`anyOf`, `oneOf`), resolved; none for
/// any other schema.
fn alternatives<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .map(|alternative| resolve(document, alternative))
        .collect()
}

/// A `string` of `format: binary`, or a union with one among its
/// alternatives: bytes, which a file part carries.
fn is_file(document: &Value, schema: &Value) -> bool {
    let schema = resolve(document, schema);
    let binary = |s: &Value| {
        s.get("type").and_then(Value::as_str) == Some("string")
            && s.get("format").and_then(Value::as_str) == Some("binary")
    };
    binary(schema) || alternatives(document, schema).into_iter().any(binary)
}

/// The JSON type of a text field's value: a scalar's own type, or for a
/// union of scalars their one type (`string` when they differ: the field
/// is text). `None` for anything that is not scalar.
fn text_scalar(document: &Value, schema: &Value) -> Option<String> {
    const SCALARS: [&str; 4] = ["string", "boolean", "integer", "number"];
    let scalar = |s: &Value| {
        let ty = s.get("type").and_then(Value::as_str)?;
        let structured = ["properties", "items", "anyOf", "oneOf", "allOf"]
            .iter()
            .any(|key| s.get(*key).is_some());
        (SCALARS.contains(&ty) && !structured).then(|| ty.to_owned())
    };
    if let Some(ty) = scalar(schema) {
        return Some(ty);
    }
    let types: Vec<Option<String>> = alternatives(document, schema)
        .into_iter()
        .map(scalar)
        .collect();
    if types.is_empty() || types.iter().any(Option::is_none) {
        return None;
    }
    let first = types[0].clone();
    Some(if types.iter().all(|ty| *ty == first) {
        first.unwrap_or_else(|| "string".into())
    } else {
        "string".into()
    })
}

/// Why typify's type for `schema` could never be written as one JSON value,
/// if it could not: an `anyOf` becomes a struct of its alternatives, each
/// `#[serde(flatten)]`, and serde flattens only structs and maps ("can only
/// flatten structs and maps (got a string)").
fn never_one_json_value(document: &Value, schema: &Value) -> Option<String> {
    let any_of = schema.get("anyOf").and_then(Value::as_array)?;
    let not_object = any_of.iter().map(|a| resolve(document, a)).find(|a| {
        a.get("type").and_then(Value::as_str) != Some("object") && a.get("properties").is_none()
    })?;
    Some(format!(
        "it is an `anyOf` with an alternative that is not an object ({not_object}), which \
         typify's struct of flattened alternatives cannot write"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload() -> Value {
        json!({
            "paths": {"/scripts/{name}": {"put": {
                "operationId": "script-upload",
                "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"$ref": "#/components/requestBodies/upload"},
            }}},
            "components": {
                "requestBodies": {"upload": {"required": true, "content": {
                    "application/javascript": {"schema": {"type": "string"}},
                    "multipart/form-data": {
                        "encoding": {"metadata": {"contentType": "application/json"}},
                        "schema": {"type": "object", "required": ["metadata"], "properties": {
                            "metadata": {"type": "object", "properties": {"main_module": {"type": "string"}}},
                            "settings": {"$ref": "#/components/schemas/settings"},
                            "files": {"type": "array", "x-part-name": "file-name",
                                      "items": {"type": "string", "format": "binary"}},
                            "wasm": {"type": "string", "format": "binary"},
                            "flag": {"type": "boolean"},
                        }},
                    },
                }}},
                "schemas": {"settings": {"type": "object"}},
            },
        })
    }

    #[test]
    fn a_form_becomes_bytes_with_a_content_type_parameter_and_its_parts() {
        let mut document = upload();
        bodies_as_bytes(&mut document, &mut Vec::new()).unwrap();
        let operation = &document["paths"]["/scripts/{name}"]["put"];
        assert_eq!(
            operation["requestBody"]["content"],
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert_eq!(operation["parameters"][1]["name"], "Content-Type");
        assert_eq!(operation["parameters"][1]["in"], "header");
        let parts: Vec<FormPart> =
            serde_json::from_value(operation[PARTS_EXTENSION].clone()).unwrap();
        let kinds: Vec<(&str, &PartKind, bool)> = parts
            .iter()
            .map(|p| (p.name.as_str(), &p.kind, p.required))
            .collect();
        assert_eq!(
            kinds,
            // By name: the merged document's maps are sorted.
            [
                ("files", &PartKind::Files { by_file_name: true }, false),
                (
                    "flag",
                    &PartKind::Text {
                        scalar: "boolean".into()
                    },
                    false
                ),
                (
                    "metadata",
                    &PartKind::Json {
                        schema: SchemaRef::to("script-upload-metadata")
                    },
                    true
                ),
                (
                    "settings",
                    &PartKind::Json {
                        schema: SchemaRef::to("settings")
                    },
                    false
                ),
                ("wasm", &PartKind::File, false),
            ]
        );
        assert_eq!(
            document["components"]["schemas"]["script-upload-metadata"]["properties"]["main_module"],
            json!({"type": "string"})
        );
    }

    /// A form of `properties` (with JSON `encoding` for `json_parts`), and
    /// Cloudflare's KV `value` as a component.
    fn form(properties: Value, json_parts: &[&str]) -> Value {
        let encoding: Map<String, Value> = json_parts
            .iter()
            .map(|name| {
                (
                    (*name).to_owned(),
                    json!({"contentType": "application/json"}),
                )
            })
            .collect();
        json!({
            "paths": {"/values/{key}": {"put": {
                "operationId": "write",
                "requestBody": {"content": {"multipart/form-data": {
                    "encoding": encoding,
                    "schema": {"type": "object", "properties": properties},
                }}},
            }}},
            "components": {"schemas": {"workers-kv_value": {
                "description": "A byte sequence to be stored, up to 25 MiB in length.",
                "anyOf": [{"type": "string"}, {"type": "string", "format": "binary"}],
            }}},
        })
    }

    fn kinds(document: &mut Value, omissions: &mut Vec<Omission>) -> Vec<(String, PartKind)> {
        bodies_as_bytes(document, omissions).unwrap();
        let parts: Vec<FormPart> = serde_json::from_value(
            document["paths"]["/values/{key}"]["put"][PARTS_EXTENSION].clone(),
        )
        .unwrap();
        parts.into_iter().map(|p| (p.name, p.kind)).collect()
    }

    #[test]
    fn a_union_with_a_binary_alternative_is_a_file_and_a_union_of_scalars_text() {
        let mut document = form(
            json!({
                "value": {"$ref": "#/components/schemas/workers-kv_value"},
                "values": {"type": "array", "items": {"oneOf": [{"type": "string", "format": "binary"}, {"type": "string"}]}},
                "ttl": {"anyOf": [{"type": "integer"}, {"type": "integer", "minimum": 60}]},
                "either": {"oneOf": [{"type": "string"}, {"type": "number"}]},
            }),
            &[],
        );
        let mut omissions = Vec::new();
        assert_eq!(
            kinds(&mut document, &mut omissions),
            [
                (
                    "either".to_owned(),
                    PartKind::Text {
                        scalar: "string".into()
                    }
                ),
                (
                    "ttl".to_owned(),
                    PartKind::Text {
                        scalar: "integer".into()
                    }
                ),
                ("value".to_owned(), PartKind::File),
                (
                    "values".to_owned(),
                    PartKind::Files {
                        by_file_name: false
                    }
                ),
            ]
        );
        assert!(omissions.is_empty(), "{omissions:?}");
    }

    #[test]
    fn a_json_part_typify_could_not_write_takes_any_json_value_and_says_so() {
        let mut document = form(
            json!({
                "filter": {"description": "A name or a rule.", "anyOf": [{"type": "string"}, {"type": "object", "properties": {"rule": {"type": "string"}}}]},
                "settings": {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
            }),
            &["filter", "settings"],
        );
        let mut omissions = Vec::new();
        assert_eq!(
            kinds(&mut document, &mut omissions),
            [
                (
                    "filter".to_owned(),
                    PartKind::Json {
                        schema: SchemaRef::to("write-filter")
                    }
                ),
                (
                    "settings".to_owned(),
                    PartKind::Json {
                        schema: SchemaRef::to("write-settings")
                    }
                ),
            ]
        );
        // Any JSON value, with the part's description; an object union
        // keeps its type.
        assert_eq!(
            document["components"]["schemas"]["write-filter"],
            json!({"description": "A name or a rule."})
        );
        assert!(document["components"]["schemas"]["write-settings"]["anyOf"].is_array());
        assert_eq!(omissions.len(), 1, "{omissions:?}");
        assert_eq!(omissions[0].key, "part filter type");
        assert!(
            omissions[0]
                .detail
                .starts_with("the part `filter` takes any JSON value"),
            "{:?}",
            omissions[0]
        );
    }

    #[test]
    fn other_bodies_are_left_alone() {
        let mut document = json!({"paths": {"/a": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        }}}});
        let before = document.clone();
        bodies_as_bytes(&mut document, &mut Vec::new()).unwrap();
        assert_eq!(document, before);
    }

    #[test]
    fn a_form_of_any_part_names_is_files_named_by_their_file_names() {
        let mut document = json!({"paths": {"/assets": {"post": {
            "operationId": "assets",
            "requestBody": {"content": {"multipart/form-data": {
                "encoding": {"*": {"contentType": "*/*"}},
                "schema": {"type": "object", "additionalProperties": {
                    "type": "string", "description": "A file's contents."}},
            }}},
        }}}});
        bodies_as_bytes(&mut document, &mut Vec::new()).unwrap();
        let parts: Vec<FormPart> =
            serde_json::from_value(document["paths"]["/assets"]["post"][PARTS_EXTENSION].clone())
                .unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].name, ANY_NAMED_PARTS);
        assert_eq!(parts[0].kind, PartKind::Files { by_file_name: true });
        assert!(!parts[0].required);
        assert!(
            parts[0]
                .description
                .as_deref()
                .unwrap()
                .ends_with("Each part: A file's contents."),
            "{parts:?}"
        );
    }

    #[test]
    fn a_form_without_properties_is_refused_naming_the_operation() {
        let mut document = json!({"paths": {"/a": {"post": {
            "operationId": "odd",
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "string"}}}},
        }}}});
        let error = bodies_as_bytes(&mut document, &mut Vec::new()).unwrap_err();
        assert_eq!(error.at, ["paths", "/a", "post"]);
        assert!(error.message.contains("must be an object"), "{error:?}");
    }
}
