//! A stateful fake of the dispatch namespaces API on 127.0.0.1 (a wiremock
//! responder): it keeps the namespaces it was asked to create and answers
//! list, get, put, patch and delete from them, as the API does.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{Value, json};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

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
}

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
        let name = percent_decode(segment);
        let Some(namespace) = namespaces.get_mut(&name) else {
            return failure(404, NOT_FOUND_CODE, "namespace not found");
        };
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
                success(Value::Null)
            }
            _ => failure(405, 10_000, "method not allowed"),
        }
    }
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
