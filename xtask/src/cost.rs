//! `cargo xtask regen-cost`: what the regen pipeline costs as the spec grows.
//!
//! Each case is a spec written to its own scratch workspace and regenerated
//! in a child process (so that peak memory is the case's own), with the time
//! of each step recorded by [`timing`]. The cases are the
//! project's spec, the 18 "Workers for Platforms" operations of Cloudflare's
//! published schema (`xtask/regen-cost/workers-for-platforms.json`, made by
//! [`extract_tag`]) and [`synthetic`] specs of any size.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::{Error, Mode, Workspace, timing};

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
/// writes them (with the `enum: [null]` that [`crate::normalize`] rewrites).
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

/// The operations of `full` (a whole OpenAPI document) tagged `tag`, as a
/// standalone document with every component they reach through `$ref`.
pub fn extract_tag(full: &Value, tag: &str) -> Value {
    let mut paths = Map::new();
    for (route, item) in full["paths"].as_object().into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        let tagged: Map<String, Value> = item
            .iter()
            .filter(|(_, operation)| {
                operation["tags"]
                    .as_array()
                    .is_some_and(|tags| tags.iter().any(|t| t == tag))
            })
            .map(|(method, operation)| (method.clone(), operation.clone()))
            .collect();
        if !tagged.is_empty() {
            let mut kept = tagged;
            // Path-level parameters apply to every operation under the path.
            if let Some(parameters) = item.get("parameters") {
                kept.insert("parameters".into(), parameters.clone());
            }
            paths.insert(route.clone(), Value::Object(kept));
        }
    }
    let paths = Value::Object(paths);

    // Follow `$ref`s from the paths until no new component turns up.
    let mut wanted = BTreeSet::new();
    let mut pending = Vec::new();
    refs(&paths, &mut pending);
    while let Some(reference) = pending.pop() {
        if wanted.insert(reference.clone()) {
            refs(&lookup(full, &reference), &mut pending);
        }
    }
    let mut components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for reference in &wanted {
        let mut parts = reference.trim_start_matches("#/components/").splitn(2, '/');
        if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
            components
                .entry(kind.to_owned())
                .or_default()
                .insert(name.to_owned(), lookup(full, reference));
        }
    }
    let mut document = Map::new();
    for key in ["openapi", "info", "servers"] {
        if let Some(value) = full.get(key) {
            document.insert(key.into(), value.clone());
        }
    }
    document.insert("paths".into(), paths);
    document.insert("components".into(), json!(components));
    Value::Object(document)
}

/// Rewrites what progenitor cannot generate in `document` (an extract of
/// the published schema), and says what it changed: a request body with
/// several media types keeps only `application/json` when it has one, and
/// otherwise (`multipart/form-data`, which progenitor rejects, and raw
/// script content) becomes `application/octet-stream` bytes, the body a
/// caller would have to build anyway; a media type without a schema gets
/// the schema that allows any value. The notes go into `info.x-adapted`.
pub fn adapt_for_progenitor(document: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(bodies) = document
        .pointer_mut("/components/requestBodies")
        .and_then(Value::as_object_mut)
    {
        for (name, body) in bodies {
            let place = format!("#/components/requestBodies/{name}");
            notes.extend(one_media_type(&place, body));
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (route, item) in paths {
            for (method, operation) in item.as_object_mut().into_iter().flatten() {
                let place = format!("{} {route}", method.to_uppercase());
                if let Some(body) = operation.get_mut("requestBody") {
                    notes.extend(one_media_type(&place, body));
                }
            }
        }
    }
    // progenitor rejects a media type without a schema; give it the schema
    // that allows any value.
    let mut schemaless = 0;
    add_missing_schemas(document, &mut schemaless);
    if schemaless > 0 {
        notes.push(format!(
            "{schemaless} media types without a schema: schema {{}} (any value)"
        ));
    }
    if !notes.is_empty() {
        document["info"]["x-adapted"] = json!(notes);
    }
    notes
}

/// One media type for a request body that has several, or one progenitor
/// rejects; the note says what changed.
fn one_media_type(place: &str, body: &mut Value) -> Option<String> {
    let content = body.get_mut("content")?.as_object_mut()?;
    let types: Vec<String> = content.keys().cloned().collect();
    if types.len() > 1 && content.contains_key("application/json") {
        content.retain(|media_type, _| media_type == "application/json");
    } else if types.len() > 1 || content.contains_key("multipart/form-data") {
        content.clear();
        content.insert(
            "application/octet-stream".into(),
            json!({ "schema": { "type": "string", "format": "binary" } }),
        );
    } else {
        return None;
    }
    let kept = content.keys().next().cloned().unwrap_or_default();
    Some(format!(
        "{place}: request body {} -> {kept}",
        types.join(", ")
    ))
}

/// Gives every media type object under a `content` in `value` that has no
/// `schema` the empty one, counting them.
fn add_missing_schemas(value: &mut Value, count: &mut usize) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "content"
                    && let Some(media_types) = value.as_object_mut()
                {
                    for media_type in media_types.values_mut() {
                        if let Some(media_type) = media_type.as_object_mut()
                            && !media_type.contains_key("schema")
                        {
                            media_type.insert("schema".into(), json!({}));
                            *count += 1;
                        }
                    }
                }
                add_missing_schemas(value, count);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| add_missing_schemas(item, count)),
        _ => {}
    }
}

/// The `$ref` targets inside `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => refs(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

/// The value a local `$ref` (`#/a/b`) points to, or null.
fn lookup(document: &Value, reference: &str) -> Value {
    let pointer = reference.trim_start_matches('#');
    document.pointer(pointer).cloned().unwrap_or(Value::Null)
}

/// One spec to measure: a name and the spec files of its scratch workspace.
#[derive(Debug)]
pub struct Case {
    pub name: String,
    /// File name (under `openapi/`) and content.
    pub files: Vec<(String, String)>,
}

/// What one case cost, as measured by [`measure`] in a child process.
#[derive(Debug, Default)]
pub struct Cost {
    pub operations: usize,
    pub lines: usize,
    pub total: Duration,
    pub steps: Vec<(String, Duration)>,
    /// Peak resident memory of the process, where the platform tells it.
    pub peak_kib: Option<u64>,
}

/// The default cases for `sizes`: the project's spec, the Workers for
/// Platforms extract, and a synthetic spec of each size.
pub fn cases(workspace: &Workspace, sizes: &[usize]) -> Result<Vec<Case>, Error> {
    let mut project = Vec::new();
    let dir = workspace.spec_dir();
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
        path: workspace.shown(&dir),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                path: workspace.shown(&path),
                source,
            })?;
            project.push((entry.file_name().to_string_lossy().into_owned(), text));
        }
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

/// The 18 "Workers for Platforms" operations of Cloudflare's published schema
/// (2024-08-06), cut out with [`extract_tag`]: `cargo xtask regen-cost
/// --extract <the schema, unzipped>` writes it again.
pub const WORKERS_FOR_PLATFORMS: &str = include_str!("../regen-cost/workers-for-platforms.json");

/// Writes `case` into the scratch workspace `dir` (emptied first).
pub fn prepare(case: &Case, dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let spec_dir = dir.join(crate::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir)?;
    std::fs::create_dir_all(dir.join(crate::GENERATED_FILE).parent().expect("a parent"))?;
    for (name, text) in &case.files {
        std::fs::write(spec_dir.join(name), text)?;
    }
    Ok(())
}

/// Regenerates the scratch workspace at `dir` once and prints what it cost,
/// one `key<TAB>value` per line, for [`parse_cost`] in the parent.
pub fn measure(dir: &Path) -> Result<String, Error> {
    let workspace = Workspace::new(dir);
    let started = Instant::now();
    let (report, steps) = timing::record(|| crate::regen(&workspace, Mode::Write));
    let total = started.elapsed();
    let report = report?;
    let operations = workspace.load_spec()?.operations.len();
    let mut out = format!(
        "operations\t{operations}\nlines\t{}\ntotal_us\t{}\n",
        report.lines,
        total.as_micros()
    );
    for (step, time) in steps {
        out.push_str(&format!("step:{step}\t{}\n", time.as_micros()));
    }
    if let Some(peak) = peak_kib() {
        out.push_str(&format!("peak_kib\t{peak}\n"));
    }
    Ok(out)
}

/// Reads what [`measure`] printed.
pub fn parse_cost(text: &str) -> Cost {
    let mut cost = Cost::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('\t') else {
            continue;
        };
        let number: u64 = value.trim().parse().unwrap_or(0);
        match key {
            "operations" => cost.operations = number as usize,
            "lines" => cost.lines = number as usize,
            "total_us" => cost.total = Duration::from_micros(number),
            "peak_kib" => cost.peak_kib = Some(number),
            _ => {
                if let Some(step) = key.strip_prefix("step:") {
                    cost.steps
                        .push((step.to_owned(), Duration::from_micros(number)));
                }
            }
        }
    }
    cost
}

/// The process's peak resident set size (`VmHWM`), on Linux.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A Markdown table of `costs`, one row per case, with each step's share.
pub fn table(costs: &[(String, Cost)]) -> String {
    let steps: Vec<String> = costs
        .first()
        .map(|(_, cost)| cost.steps.iter().map(|(step, _)| step.clone()).collect())
        .unwrap_or_default();
    let mut out =
        String::from("| spec | operations | lines out | total ms | ms / operation | peak MiB |");
    for step in &steps {
        out.push_str(&format!(" {step} ms |"));
    }
    out.push_str(" other ms |\n|---|--:|--:|--:|--:|--:|");
    out.push_str(&"--:|".repeat(steps.len() + 1));
    out.push('\n');
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (name, cost) in costs {
        let peak = cost.peak_kib.map_or_else(
            || "n/a".to_owned(),
            |kib| format!("{:.0}", kib as f64 / 1024.0),
        );
        out.push_str(&format!(
            "| {name} | {} | {} | {:.0} | {:.2} | {peak} |",
            cost.operations,
            cost.lines,
            ms(cost.total),
            ms(cost.total) / cost.operations.max(1) as f64,
        ));
        let share = |time: Duration| {
            100.0 * time.as_secs_f64() / cost.total.as_secs_f64().max(f64::EPSILON)
        };
        let mut accounted = Duration::ZERO;
        for step in &steps {
            let time = cost
                .steps
                .iter()
                .find(|(s, _)| s == step)
                .map_or(Duration::ZERO, |(_, t)| *t);
            accounted += time;
            out.push_str(&format!(" {:.0} ({:.0}%) |", ms(time), share(time)));
        }
        // Mostly freeing the token stream and syntax tree.
        let other = cost.total.saturating_sub(accounted);
        out.push_str(&format!(" {:.0} ({:.0}%) |", ms(other), share(other)));
        out.push('\n');
    }
    out
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
                crate::generate(&workspace).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert!(generated.contains("impl Client"), "{}", case.name);
        }
    }

    #[test]
    fn extraction_keeps_tagged_operations_and_what_they_reference() {
        let full = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": { "get": { "tags": ["T"], "responses": { "200": { "$ref": "#/components/responses/r" } } } },
                "/b": { "get": { "tags": ["U"], "responses": {} } }
            },
            "components": {
                "responses": { "r": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/s" } } } } },
                "schemas": { "s": { "type": "object" }, "unused": { "type": "string" } }
            }
        });
        let extracted = extract_tag(&full, "T");
        assert_eq!(extracted["paths"].as_object().unwrap().len(), 1);
        assert_eq!(
            extracted["components"]["schemas"],
            json!({ "s": { "type": "object" } })
        );
        assert!(extracted["components"]["responses"]["r"].is_object());
    }
}
