//! The `workers` product's script uploads, proven on the wire as Workers
//! for Platforms' are (`uploads.rs`): the same typed modules, bindings and
//! settings (`crates/products/workers/src/workers.rs`, the runtime's
//! macros), the same form; and the asset upload, whose parts are named by
//! the user. A local server records each request and a real multipart
//! parser (`multer`) reads it back.

use cloudflare_api::multipart::File;
use cloudflare_api::workers::{Binding, Module};
use cloudflare_api::{Client, Credentials};
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::multipart_form::{ParsedPart, parts_of};
use cloudflare_api_tests::scripted::requests;
use cloudflare_api_tests::{ACCOUNT_ID, TOKEN};
use serde_json::json;
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SCRIPT: &str =
    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/scripts/my-worker";

/// A server answering every request with `answer`.
async fn server(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    client_for(server).build().unwrap()
}

async fn only_request(server: &MockServer) -> (wiremock::Request, Vec<ParsedPart>) {
    let mut received = requests(server).await;
    assert_eq!(received.len(), 1, "one request");
    let request = received.remove(0);
    let parts = parts_of(&request).await;
    (request, parts)
}

fn part<'a>(parts: &'a [ParsedPart], name: &str) -> &'a ParsedPart {
    parts
        .iter()
        .find(|p| p.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no part {name:?} in {parts:?}"))
}

#[tokio::test]
async fn a_worker_upload_sends_typed_modules_and_bindings() {
    let server = server(success(
        json!({"id": "my-worker", "handlers": ["fetch"], "startup_time_ms": 10}),
    ))
    .await;
    let uploaded = client(&server)
        .account(ACCOUNT_ID)
        .workers()
        .scripts()
        .update("my-worker")
        .main_module(Module::esm(
            "index.js",
            "export default { fetch() { return new Response('hi') } }",
        ))
        .module(Module::esm("util.js", "export const x = 1;"))
        .compatibility_date("2026-08-01")
        .binding(Binding::plain_text("GREETING", "hello"))
        .binding(Binding::secret_text("API_KEY", "s3cr3t"))
        .keep_bindings(["kv_namespace"])
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.result.id.as_deref(), Some("my-worker"));

    let (request, parts) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), SCRIPT);
    assert_eq!(
        request.headers["authorization"].to_str().unwrap(),
        format!("Bearer {TOKEN}")
    );
    let names: Vec<Option<&str>> = parts.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("metadata"), Some("index.js"), Some("util.js")]);
    let metadata = part(&parts, "metadata");
    assert_eq!(metadata.content_type.as_deref(), Some("application/json"));
    let metadata = metadata.json();
    assert_eq!(metadata["main_module"], "index.js");
    assert_eq!(metadata["compatibility_date"], "2026-08-01");
    assert_eq!(metadata["keep_bindings"], json!(["kv_namespace"]));
    assert_eq!(
        metadata["bindings"],
        json!([
            {"type": "plain_text", "name": "GREETING", "text": "hello"},
            {"type": "secret_text", "name": "API_KEY", "text": "s3cr3t"},
        ])
    );
    let index = part(&parts, "index.js");
    assert_eq!(index.file_name.as_deref(), Some("index.js"));
    assert_eq!(
        index.content_type.as_deref(),
        Some("application/javascript+module")
    );
    assert_eq!(
        index.bytes,
        b"export default { fetch() { return new Response('hi') } }"
    );
}

#[tokio::test]
async fn debug_of_a_worker_upload_shows_no_secret_and_no_source() {
    let client = Client::builder()
        .credentials(Credentials::api_token(TOKEN))
        .build()
        .unwrap();
    let request = client
        .account(ACCOUNT_ID)
        .workers()
        .scripts()
        .update("my-worker")
        .main_module(Module::esm("index.js", "const PRIVATE_SOURCE = 1;"))
        .binding(Binding::secret_text("API_KEY", "s3cr3t"));
    let shown = format!("{request:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(!shown.contains("PRIVATE_SOURCE"), "{shown}");
    assert!(shown.contains("index.js"), "{shown}");
}

#[tokio::test]
async fn a_version_upload_and_a_content_put_take_the_same_modules() {
    // An answer both operations decode: a version's (`resources`) and a
    // script's (`startup_time_ms`) required fields.
    let server = server(success(json!({
        "id": "18f97339-c287-4872-9bdd-e2135c07ec12",
        "resources": {"script": {"etag": "13a3240e8fb414561b0366813b0b8f42b3e6cfa0d9e70e99835dae83d0d8a794"}},
        "startup_time_ms": 10,
    })))
    .await;
    let account = client(&server).account(ACCOUNT_ID);
    account
        .workers()
        .scripts()
        .versions()
        .create("my-worker")
        .main_module(Module::esm("worker.js", "export default {}"))
        .compatibility_date("2026-08-01")
        .binding(Binding::plain_text("STAGE", "canary"))
        .send()
        .await
        .unwrap();
    account
        .workers()
        .scripts()
        .content()
        .update("my-worker")
        .main_module(Module::esm("worker.js", "export default {}"))
        .send()
        .await
        .unwrap();
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].method.as_str(), "POST");
    assert_eq!(received[0].url.path(), format!("{SCRIPT}/versions"));
    assert_eq!(received[1].method.as_str(), "PUT");
    assert_eq!(received[1].url.path(), format!("{SCRIPT}/content"));
    for request in &received {
        let parts = parts_of(request).await;
        let names: Vec<Option<&str>> = parts.iter().map(|p| p.name.as_deref()).collect();
        assert_eq!(names, [Some("metadata"), Some("worker.js")]);
        assert_eq!(part(&parts, "metadata").json()["main_module"], "worker.js");
    }
    let version = parts_of(&received[0]).await;
    assert_eq!(
        part(&version, "metadata").json()["bindings"],
        json!([{"type": "plain_text", "name": "STAGE", "text": "canary"}])
    );
}

/// The asset upload's form names no part (`additionalProperties`): each
/// file is a part named by its file name, the asset's hash, as the docs'
/// direct upload sends it; the session's JWT is the bearer.
#[tokio::test]
async fn an_asset_upload_names_each_part_by_its_file_name() {
    let server = server(ResponseTemplate::new(201).set_body_json(json!({
        "success": true, "errors": [], "messages": [], "result": {"jwt": "completion-jwt"},
    })))
    .await;
    let client = client_for(&server)
        .credentials(Credentials::api_token("upload-session-jwt"))
        .build()
        .unwrap();
    let answer = client
        .account(ACCOUNT_ID)
        .workers()
        .assets()
        .upload()
        .create()
        .base64(true)
        .files([
            File::new("0a1b2c", "text/html", "PGgxPmhpPC9oMT4="),
            File::new("3d4e5f", "text/css", "Ym9keXt9"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.result.jwt.as_deref(), Some("completion-jwt"));
    let (request, parts) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.query(), Some("base64=true"));
    assert_eq!(
        request.headers["authorization"].to_str().unwrap(),
        "Bearer upload-session-jwt"
    );
    let named: Vec<(Option<&str>, Option<&str>, &[u8])> = parts
        .iter()
        .map(|p| {
            (
                p.name.as_deref(),
                p.content_type.as_deref(),
                p.bytes.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (
                Some("0a1b2c"),
                Some("text/html"),
                b"PGgxPmhpPC9oMT4=".as_slice()
            ),
            (Some("3d4e5f"), Some("text/css"), b"Ym9keXt9".as_slice()),
        ]
    );
}
