//! The specs `regen-cost` measures: the project's own, the 18 "Workers for
//! Platforms" operations of Cloudflare's published schema
//! ([`WORKERS_FOR_PLATFORMS`], made by [`crate::extract`]) and
//! [`synthetic`] specs of any size.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use xtask::Workspace;

/// One spec to measure: a name and the spec files of its scratch workspace.
#[derive(Debug)]
pub struct Case {
    pub name: String,
    /// Path (relative to `openapi/`) and content.
    pub files: Vec<(String, String)>,
}

/// The default cases for `sizes`: the project's spec, the Workers for
/// Platforms extract, and a synthetic spec of each size.
pub fn cases(workspace: &Workspace, sizes: &[usize]) -> std::io::Result<Vec<Case>> {
    let dir = workspace.spec_dir();
    let mut project = Vec::new();
    for path in files_under(&dir)? {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let name = path.strip_prefix(&dir).unwrap_or(&path);
        project.push((name.to_string_lossy().into_owned(), text));
    }
    let mut cases = vec![
        Case {
            name: "project spec (openapi/)".into(),
            files: project,
        },
        Case {
            name: "Workers for Platforms (published schema)".into(),
            files: vec![(
                "workers-for-platforms.json".into(),
                WORKERS_FOR_PLATFORMS.into(),
            )],
        },
    ];
    for &size in sizes {
        cases.push(Case {
            name: format!("synthetic {size}"),
            files: vec![(
                "synthetic.json".into(),
                serde_json::to_string_pretty(&synthetic(size)).expect("JSON"),
            )],
        });
    }
    Ok(cases)
}

/// Every file in `dir` and its subfolders (regen reads subfolders too).
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(files)
}

/// The 18 "Workers for Platforms" operations of Cloudflare's published schema
/// (2024-08-06), cut out and adapted by [`crate::extract`]: `regen-cost
/// --extract <the schema, unzipped>` writes it again. `tests/regen.rs` reads
/// it too.
pub const WORKERS_FOR_PLATFORMS: &str = include_str!("../workers-for-platforms.json");

/// Where [`WORKERS_FOR_PLATFORMS`] is kept.
pub fn workers_for_platforms_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("workers-for-platforms.json")
}

/// Writes `case` into the scratch workspace `dir` (emptied first).
pub fn prepare(case: &Case, dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let spec_dir = dir.join(xtask::SPEC_DIR);
    std::fs::create_dir_all(dir.join(xtask::GENERATED_FILE).parent().expect("a parent"))?;
    for (name, text) in &case.files {
        let path = spec_dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// The five methods synthetic operations cycle through.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// A spec of `operations` distinct operations, shaped like Cloudflare's: each
/// on its own path with its own result schema (and request body schema for
/// the methods that take one), every answer in the usual envelope, failures
/// in the shared failure envelope. The schemas differ from one operation to
/// the next in their field names, count and types, so that nothing is
/// generated once and reused.
pub fn synthetic(operations: usize) -> Value {
    let mut paths = Map::new();
    let mut schemas = envelope_schemas();
    for i in 0..operations {
        let method = METHODS[i % METHODS.len()];
        let resource = format!("resource{i}");
        let mut operation = json!({
            "operationId": format!("synthetic-{method}-{resource}"),
            "summary": format!("{method} {resource}"),
            "tags": ["Synthetic"],
            "parameters": [
                { "$ref": "#/components/parameters/account_id" },
                {
                    "name": "item_id",
                    "in": "path",
                    "required": true,
                    "schema": { "type": "string", "maxLength": 36 }
                }
            ],
            "responses": {
                "200": {
                    "description": "Success.",
                    "content": { "application/json": { "schema": { "allOf": [
                        { "$ref": "#/components/schemas/api-response-common" },
                        { "type": "object", "properties": {
                            "result": { "$ref": format!("#/components/schemas/{resource}") }
                        } }
                    ] } } }
                },
                "4XX": { "$ref": "#/components/responses/failure" }
            }
        });
        if method == "get" {
            operation["parameters"]
                .as_array_mut()
                .expect("an array")
                .push(json!({
                    "name": "per_page",
                    "in": "query",
                    "schema": { "type": "integer", "minimum": 1, "maximum": 100 }
                }));
        }
        if matches!(method, "post" | "put" | "patch") {
            let input = format!("{resource}-input");
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": {
                    "$ref": format!("#/components/schemas/{input}")
                } } }
            });
            schemas.insert(input, object_schema(i, 2 + i % 4, "in"));
        }
        schemas.insert(resource.clone(), object_schema(i, 4 + i % 8, "out"));
        let route = format!("/accounts/{{account_id}}/synthetic/{resource}/items/{{item_id}}");
        paths.insert(route, json!({ method: operation }));
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic Cloudflare-shaped API", "version": "4.0.0" },
        "servers": [{ "url": "https://api.cloudflare.com/client/v4" }],
        "paths": paths,
        "components": {
            "parameters": { "account_id": {
                "name": "account_id",
                "in": "path",
                "required": true,
                "schema": { "type": "string", "maxLength": 32 }
            } },
            "responses": { "failure": {
                "description": "Failure.",
                "content": { "application/json": { "schema": {
                    "$ref": "#/components/schemas/api-response-common-failure"
                } } }
            } },
            "schemas": schemas,
        }
    })
}

/// An object schema with `fields` fields named after `i`, of types that
/// rotate through what Cloudflare's schemas use.
fn object_schema(i: usize, fields: usize, prefix: &str) -> Value {
    let mut properties = Map::new();
    for f in 0..fields {
        let schema = match (i + f) % 8 {
            0 => json!({ "type": "string", "maxLength": 32 }),
            1 => json!({ "type": "integer" }),
            2 => json!({ "type": "boolean" }),
            3 => json!({ "type": "string", "format": "date-time", "readOnly": true }),
            4 => json!({ "type": "string", "enum": [format!("a{i}"), format!("b{i}"), "c"] }),
            5 => json!({ "type": "array", "items": { "type": "string" } }),
            6 => json!({ "type": "number" }),
            _ => json!({
                "type": "object",
                "properties": {
                    format!("nested_{i}_{f}"): { "type": "string" },
                    "enabled": { "type": "boolean" }
                }
            }),
        };
        properties.insert(format!("{prefix}_{i}_field_{f}"), schema);
    }
    let first = properties.keys().next().cloned();
    json!({
        "type": "object",
        "description": format!("Synthetic schema {i} ({prefix})."),
        "required": first.into_iter().collect::<Vec<_>>(),
        "properties": properties,
    })
}

/// The envelope schemas every synthetic operation shares, as Cloudflare
/// writes them (with the `enum: [null]` that [`xtask::normalize`] rewrites).
fn envelope_schemas() -> Map<String, Value> {
    let info = json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": { "type": "integer", "minimum": 1000 },
            "message": { "type": "string" }
        }
    });
    let list =
        json!({ "type": "array", "items": { "$ref": "#/components/schemas/response-info" } });
    let mut schemas = Map::new();
    schemas.insert("response-info".into(), info);
    schemas.insert(
        "api-response-common".into(),
        json!({
            "type": "object",
            "required": ["errors", "messages", "success"],
            "properties": {
                "errors": list, "messages": list,
                "success": { "type": "boolean", "enum": [true] }
            }
        }),
    );
    schemas.insert(
        "api-response-common-failure".into(),
        json!({
            "type": "object",
            "required": ["errors", "messages", "success"],
            "properties": {
                "errors": list, "messages": list,
                "result": { "type": "object", "nullable": true, "enum": [null] },
                "success": { "type": "boolean", "enum": [false] }
            }
        }),
    );
    schemas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_operations_are_distinct() {
        let spec = synthetic(12);
        let paths = spec["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 12);
        let schemas = spec["components"]["schemas"].as_object().unwrap();
        // 12 results, 7 request bodies (post, put, patch of 12), 3 envelopes.
        assert_eq!(schemas.len(), 12 + 7 + 3);
    }

    /// Every case `regen-cost` measures goes through the whole pipeline.
    #[test]
    fn the_measured_specs_generate() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::new(dir.path());
        for case in cases(&Workspace::this_checkout(), &[20]).unwrap() {
            prepare(&case, dir.path()).unwrap();
            let generated =
                xtask::generate(&workspace).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert!(generated.contains("impl Client"), "{}", case.name);
        }
    }
}
