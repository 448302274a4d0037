//! A stateful fake of the dispatch namespaces API on 127.0.0.1 (a wiremock
//! responder): it keeps the namespaces it was asked to create and answers
//! list, get, put, patch and delete from them, as the API does; and the
//! scripts uploaded into them (their multipart uploads read by `multer`),
//! which it lists and deletes by tag, and whose content, bindings and
//! settings it answers as the API does (a modules Worker's content as a
//! form with `cf-entrypoint`; the settings an upload or a settings PATCH
//! gave, those absent left out; bindings without a secret's value, and an
//! `inherit` binding or `keep_bindings` resolved against the script's
//! previous version).

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{Map, Value, json};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use futures_util::FutureExt;

use crate::multipart_form::{ParsedPart, parse};
use crate::scripted::{answering, failure_answer, requests};
use crate::{RAY, percent_decode};

/// Where the namespaces of [`ACCOUNT_ID`](crate::ACCOUNT_ID) live under the base URL.
pub const NAMESPACES: &str =
    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces";

/// The error code the fake sends for an unknown namespace.
pub const NOT_FOUND_CODE: i64 = 100_119;

/// A fake of the namespaces API: it keeps the namespaces it was asked to
/// create, by name, and answers list, get, put, patch and delete from them.
#[derive(Debug, Default)]
pub struct FakeNamespaces {
    namespaces: Mutex<BTreeMap<String, Value>>,
    /// (namespace, script name) → the script's tags and the parts of its
    /// last upload.
    scripts: Mutex<BTreeMap<(String, String), Script>>,
}

/// A script as the fake keeps it.
#[derive(Debug, Clone)]
pub struct Script {
    pub tags: Vec<String>,
    /// The parts of its last upload.
    pub parts: Vec<ParsedPart>,
    /// Its settings as the API keeps them: those of [`SETTINGS`] that its
    /// upload's metadata (or a settings PATCH since) gave, secrets' values
    /// included, `inherit` bindings resolved.
    pub settings: Map<String, Value>,
}

/// The fields of a script's settings the API keeps from an upload's
/// metadata and answers ("Get Script Settings"): Cloudflare's
/// `workers_namespace-script-and-version-settings-item` but its read-only
/// `exports_reconciliation` and write-only `exports` and `migrations`.
pub const SETTINGS: [&str; 11] = [
    "bindings",
    "cache_options",
    "compatibility_date",
    "compatibility_flags",
    "limits",
    "logpush",
    "observability",
    "placement",
    "tags",
    "tail_consumers",
    "usage_model",
];

impl Respond for FakeNamespaces {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Some(rest) = request.url.path().strip_prefix(NAMESPACES) else {
            return failure(404, 7003, "No route for the URI");
        };
        let mut namespaces = self.namespaces.lock().unwrap();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let method = request.method.as_str();
        let Some(segment) = rest.strip_prefix('/') else {
            return match method {
                "GET" => success(Value::Array(namespaces.values().cloned().collect())),
                "POST" => {
                    let name = body["name"].as_str().unwrap_or("generated-name").to_owned();
                    if namespaces.contains_key(&name) {
                        return failure(409, 100_118, "namespace already exists");
                    }
                    let namespace = json!({
                        "namespace_id": format!("f174e90a-fafe-4643-bbbc-{:012}", namespaces.len()),
                        "namespace_name": name,
                        "script_count": 0,
                        "trusted_workers": false,
                        "created_on": "2026-11-29T00:00:00Z",
                        "modified_on": "2026-11-29T00:00:00Z",
                    });
                    namespaces.insert(name, namespace.clone());
                    success(namespace)
                }
                _ => failure(405, 10_000, "method not allowed"),
            };
        };
        let (segment, scripts) = match segment.split_once('/') {
            Some((name, rest)) => (name, Some(rest)),
            None => (segment, None),
        };
        let name = percent_decode(segment);
        let Some(namespace) = namespaces.get_mut(&name) else {
            return failure(404, NOT_FOUND_CODE, "namespace not found");
        };
        if let Some(rest) = scripts {
            return self.scripts(&name, rest, request);
        }
        match method {
            "GET" => success(namespace.clone()),
            "PUT" | "PATCH" => {
                if let Some(trusted) = body.get("trusted_workers") {
                    namespace["trusted_workers"] = trusted.clone();
                }
                success(namespace.clone())
            }
            "DELETE" => {
                namespaces.remove(&name);
                self.scripts
                    .lock()
                    .unwrap()
                    .retain(|(ns, _), _| *ns != name);
                success(Value::Null)
            }
            _ => failure(405, 10_000, "method not allowed"),
        }
    }
}

impl FakeNamespaces {
    /// `rest`: `scripts` or `scripts/{name}` of the namespace `namespace`.
    fn scripts(&self, namespace: &str, rest: &str, request: &Request) -> ResponseTemplate {
        let mut scripts = self.scripts.lock().unwrap();
        let query = |key: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
        };
        let Some(script) = rest.strip_prefix("scripts") else {
            return failure(404, 7003, "No route for the URI");
        };
        if script.is_empty() {
            let filter = query("tags").unwrap_or_default();
            let matching: Vec<(String, String)> = scripts
                .iter()
                .filter(|((ns, _), script)| ns == namespace && matches_tags(&script.tags, &filter))
                .map(|(key, _)| key.clone())
                .collect();
            return match request.method.as_str() {
                "GET" => success(Value::Array(
                    matching
                        .iter()
                        .map(|(ns, id)| {
                            json!({"dispatch_namespace": ns, "script": {"id": id, "tags": scripts[&(ns.clone(), id.clone())].tags}})
                        })
                        .collect(),
                )),
                "DELETE" => {
                    for key in &matching {
                        scripts.remove(key);
                    }
                    let deleted: Vec<Value> = matching.iter().map(|(_, id)| json!({"id": id})).collect();
                    success(json!({"deleted": deleted, "deleted_count": matching.len(), "has_more": false}))
                }
                _ => failure(405, 10_000, "method not allowed"),
            };
        }
        let (id, part) = match script.trim_start_matches('/').split_once('/') {
            Some((id, part)) => (id, Some(part)),
            None => (script.trim_start_matches('/'), None),
        };
        let id = percent_decode(id);
        let key = (namespace.to_owned(), id.clone());
        if let Some(part) = part {
            return match (request.method.as_str(), scripts.get_mut(&key)) {
                ("GET", Some(script)) => script.answer(part),
                ("PATCH", Some(script)) if part == "settings" => script.patch_settings(request),
                (_, None) => failure(404, 10_007, "script not found"),
                _ => failure(405, 10_000, "method not allowed"),
            };
        }
        match request.method.as_str() {
            "PUT" => {
                let content_type = request
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                // In memory, so the parser is done at once.
                let parsed = parse(content_type, &request.body).now_or_never();
                let Some(Ok(parts)) = parsed else {
                    return failure(400, 10_021, "the upload is not a well-formed form");
                };
                let Some(metadata) = parts.iter().find(|p| p.name.as_deref() == Some("metadata"))
                else {
                    return failure(400, 10_021, "no metadata part");
                };
                let metadata = metadata.json();
                let main = metadata["main_module"]
                    .as_str()
                    .or(metadata["body_part"].as_str())
                    .unwrap_or("");
                if !parts.iter().any(|p| p.name.as_deref() == Some(main)) {
                    return failure(400, 10_021, "main_module or body_part names no part");
                }
                let previous = scripts.get(&key).map(|s| &s.settings);
                let settings = match settings_of(&metadata, previous, &query("bindings_inherit")) {
                    Ok(settings) => settings,
                    Err(message) => return failure(400, 10_021, &message),
                };
                let tags = tags_of(&settings);
                scripts.insert(
                    key,
                    Script {
                        tags: tags.clone(),
                        parts,
                        settings,
                    },
                );
                success(
                    json!({"id": id, "tags": tags, "handlers": ["fetch"], "startup_time_ms": 1}),
                )
            }
            "GET" => match scripts.get(&key) {
                Some(script) => success(
                    json!({"dispatch_namespace": namespace, "script": {"id": id, "tags": script.tags}}),
                ),
                None => failure(404, 10_007, "script not found"),
            },
            "DELETE" => match scripts.remove(&key) {
                Some(_) => success(Value::Null),
                None => failure(404, 10_007, "script not found"),
            },
            _ => failure(405, 10_000, "method not allowed"),
        }
    }

    /// The scripts of `namespace`, by name.
    pub fn scripts_of(&self, namespace: &str) -> BTreeMap<String, Script> {
        self.scripts
            .lock()
            .unwrap()
            .iter()
            .filter(|((ns, _), _)| ns == namespace)
            .map(|((_, id), script)| (id.clone(), script.clone()))
            .collect()
    }
}

impl Script {
    /// The metadata part of the script's last upload.
    pub fn metadata(&self) -> Value {
        self.parts
            .iter()
            .find(|p| p.name.as_deref() == Some("metadata"))
            .map_or(Value::Null, ParsedPart::json)
    }

    /// The parts of the script's last upload but the metadata: its modules.
    pub fn modules(&self) -> Vec<&ParsedPart> {
        self.parts
            .iter()
            .filter(|p| p.name.as_deref() != Some("metadata"))
            .collect()
    }

    /// The script's bindings as the API answers them: a secret's value is
    /// never sent back.
    fn bindings(&self) -> Value {
        let mut bindings = self.settings.get("bindings").cloned().unwrap_or(json!([]));
        for binding in bindings.as_array_mut().into_iter().flatten() {
            let secrets: &[&str] = match binding["type"].as_str() {
                Some("secret_text") => &["text"],
                Some("secret_key") => &["key_base64", "key_jwk"],
                _ => &[],
            };
            if let Some(binding) = binding.as_object_mut() {
                for secret in secrets {
                    binding.remove(*secret);
                }
            }
        }
        bindings
    }

    /// The script's settings as the API answers them: those it has, the
    /// bindings without their secrets' values.
    fn settings_answer(&self) -> Value {
        let mut settings = self.settings.clone();
        if settings.contains_key("bindings") {
            settings.insert("bindings".into(), self.bindings());
        }
        Value::Object(settings)
    }

    /// `PATCH .../settings`: the settings given in the form's `settings`
    /// part replace the script's, the others stay (a binding `inherit`s
    /// from the settings before).
    fn patch_settings(&mut self, request: &Request) -> ResponseTemplate {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(Ok(parts)) = parse(content_type, &request.body).now_or_never() else {
            return failure(400, 10_021, "the settings are not a well-formed form");
        };
        let given = parts
            .iter()
            .find(|p| p.name.as_deref() == Some("settings"))
            .map_or(json!({}), ParsedPart::json);
        let patch = match settings_of(&given, Some(&self.settings), &None) {
            Ok(patch) => patch,
            Err(message) => return failure(400, 10_021, &message),
        };
        self.settings.extend(patch);
        self.tags = tags_of(&self.settings);
        success(self.settings_answer())
    }

    /// `GET .../scripts/{name}/{part}`: `content`, `bindings` or
    /// `settings`, as the API answers them.
    fn answer(&self, part: &str) -> ResponseTemplate {
        let metadata = self.metadata();
        match part {
            "bindings" => success(self.bindings()),
            "settings" => success(self.settings_answer()),
            // A service-worker script as itself; a modules Worker as a form
            // of its modules, the main one named by `cf-entrypoint` (as
            // wrangler reads it).
            "content" => match metadata["body_part"].as_str() {
                Some(body_part) => {
                    let script = self
                        .parts
                        .iter()
                        .find(|p| p.name.as_deref() == Some(body_part))
                        .expect("checked at upload");
                    ResponseTemplate::new(200)
                        .set_body_raw(
                            script.bytes.clone(),
                            script
                                .content_type
                                .as_deref()
                                .unwrap_or("application/javascript"),
                        )
                        .insert_header("cf-entrypoint", body_part)
                        .insert_header("cf-ray", RAY)
                }
                None => {
                    let boundary = "fake-content-7a1c9e03b5d24f68";
                    let mut body = Vec::new();
                    for module in self.modules() {
                        let name = module.name.as_deref().unwrap_or("");
                        let file_name = module.file_name.as_deref().unwrap_or(name);
                        body.extend_from_slice(
                            format!(
                                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                                 filename=\"{file_name}\"\r\n"
                            )
                            .as_bytes(),
                        );
                        if let Some(content_type) = &module.content_type {
                            body.extend_from_slice(
                                format!("Content-Type: {content_type}\r\n").as_bytes(),
                            );
                        }
                        body.extend_from_slice(b"\r\n");
                        body.extend_from_slice(&module.bytes);
                        body.extend_from_slice(b"\r\n");
                    }
                    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
                    ResponseTemplate::new(200)
                        .set_body_raw(body, &format!("multipart/form-data; boundary={boundary}"))
                        .insert_header(
                            "cf-entrypoint",
                            metadata["main_module"].as_str().unwrap_or(""),
                        )
                        .insert_header("cf-ray", RAY)
                }
            },
            _ => failure(404, 7003, "No route for the URI"),
        }
    }
}

/// The settings an upload's `metadata` (or a PATCH's `settings`) gives:
/// those of [`SETTINGS`] it holds, with each `inherit` binding replaced by
/// the binding of its `old_name` (else its name) in `previous`, and the
/// bindings of the kinds `keep_bindings` names kept from `previous`, as
/// the API resolves them. `Err` with the API's kind of message when a
/// secret binding has no value, or an `inherit` one cannot be resolved
/// with `bindings_inherit=strict`.
fn settings_of(
    metadata: &Value,
    previous: Option<&Map<String, Value>>,
    bindings_inherit: &Option<String>,
) -> Result<Map<String, Value>, String> {
    let mut settings: Map<String, Value> = SETTINGS
        .iter()
        .filter_map(|&key| {
            Some((
                key.to_owned(),
                metadata.get(key).filter(|v| !v.is_null())?.clone(),
            ))
        })
        .collect();
    let before: Vec<Value> = previous
        .and_then(|p| p.get("bindings")?.as_array().cloned())
        .unwrap_or_default();
    let mut bindings = Vec::new();
    for binding in metadata["bindings"].as_array().into_iter().flatten() {
        let name = binding["name"].as_str().unwrap_or("");
        match binding["type"].as_str().unwrap_or("") {
            "inherit" => {
                let old_name = binding["old_name"].as_str().unwrap_or(name);
                match before.iter().find(|b| b["name"] == old_name) {
                    Some(old) => {
                        let mut kept = old.clone();
                        kept["name"] = name.into();
                        bindings.push(kept);
                    }
                    None if bindings_inherit.as_deref() == Some("strict") => {
                        return Err(format!(
                            "binding `{name}`: no binding `{old_name}` to inherit"
                        ));
                    }
                    None => {}
                }
            }
            "secret_text" if !binding["text"].is_string() => {
                return Err(format!("binding `{name}`: `text` is required"));
            }
            "secret_key"
                if binding.get("key_base64").is_none() && binding.get("key_jwk").is_none() =>
            {
                return Err(format!(
                    "binding `{name}`: `key_base64` or `key_jwk` is required"
                ));
            }
            _ => bindings.push(binding.clone()),
        }
    }
    for kind in metadata["keep_bindings"].as_array().into_iter().flatten() {
        for old in before.iter().filter(|b| b["type"] == *kind) {
            if !bindings.iter().any(|b| b["name"] == old["name"]) {
                bindings.push(old.clone());
            }
        }
    }
    if metadata.get("bindings").is_some() || metadata.get("keep_bindings").is_some() {
        settings.insert("bindings".into(), Value::Array(bindings));
    }
    Ok(settings)
}

/// The tags in `settings`.
fn tags_of(settings: &Map<String, Value>) -> Vec<String> {
    settings
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `tags` pass `filter` (`a:yes,b:no`: has `a`, has not `b`).
fn matches_tags(tags: &[String], filter: &str) -> bool {
    filter
        .split(',')
        .filter(|f| !f.is_empty())
        .all(|condition| {
            let (tag, allowed) = condition.rsplit_once(':').unwrap_or((condition, "yes"));
            tags.iter().any(|t| t == tag) == (allowed == "yes")
        })
}

pub fn success(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({ "errors": [], "messages": [], "success": true, "result": result }))
        .insert_header("cf-ray", RAY)
}

pub fn failure(status: u16, code: i64, message: &str) -> ResponseTemplate {
    failure_answer(status, code, message)
}

/// A server on 127.0.0.1 whose every request a [`FakeNamespaces`] of its
/// own answers.
pub async fn fake_api() -> MockServer {
    answering(Mock::given(path_regex(".*")), FakeNamespaces::default()).await
}

/// A server on 127.0.0.1 answered by `fake`, which the test keeps to look
/// at what it holds.
pub async fn fake_api_with(fake: std::sync::Arc<FakeNamespaces>) -> MockServer {
    answering(Mock::given(path_regex(".*")), Shared(fake)).await
}

/// A shared [`FakeNamespaces`], as a responder.
struct Shared(std::sync::Arc<FakeNamespaces>);

impl Respond for Shared {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

/// Method, path (as sent, still encoded) and JSON body of each request.
pub async fn sent(server: &MockServer) -> Vec<(String, String, Value)> {
    requests(server)
        .await
        .iter()
        .map(|r| {
            let body = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            (r.method.to_string(), r.url.path().to_owned(), body)
        })
        .collect()
}
