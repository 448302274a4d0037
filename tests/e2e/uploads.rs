//! Script uploads, proven on the wire: a local server records each upload
//! and a real multipart parser (`multer`) reads it back, part by part:
//! names, file names, content types, bytes, and the metadata JSON field by
//! field.

use cloudflare_api::workers::{Binding, Module};
use cloudflare_api::{Client, Error};
use cloudflare_api_tests::client::{client_for, quick_retries};
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::multipart_form::{ParsedPart, parse, parts_of};
use cloudflare_api_tests::scripted::{Sequence, answering, failure_answer, requests};
use cloudflare_api_tests::{ACCOUNT_ID, TOKEN};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SCRIPT: &str = "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/customers/scripts/customer-123";

/// What the API answers an upload (Cloudflare's example, shortened).
fn uploaded() -> ResponseTemplate {
    success(json!({
        "id": "customer-123",
        "etag": "777f24a43bef5f69174aa69ceaf1dea67968d510a31d1vw3e49d34a0187c06d1",
        "handlers": ["fetch"],
        "created_on": "2022-05-05T05:15:11.602148Z",
        "modified_on": "2022-05-20T19:02:56.446492Z",
        "startup_time_ms": 10,
        "usage_model": "standard",
    }))
}

/// A server answering every `PUT` and `PATCH` with `answer`.
async fn upload_server(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    for verb in ["PUT", "PATCH"] {
        Mock::given(method(verb))
            .and(path_regex(".*"))
            .respond_with(answer.clone())
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer) -> Client {
    client_for(server).build().unwrap()
}

/// The one request `server` received, and its parts.
async fn only_upload(server: &MockServer) -> (wiremock::Request, Vec<ParsedPart>) {
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
async fn the_issues_upload_snippet_works_as_written() -> Result<(), Box<dyn std::error::Error>> {
    let server = upload_server(uploaded()).await;
    let client = client(&server);
    let account = client.account(ACCOUNT_ID);

    // The snippet of the issue "Workers for Platforms, complete", as written.
    use cloudflare_api::workers::{Binding, Module};

    let uploaded = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .main_module(Module::esm(
            "index.js",
            "export default { fetch() { return new Response('hi') } }",
        ))
        .module(Module::esm("util.js", "export const x = 1;"))
        .compatibility_date("2026-08-01")
        .binding(Binding::plain_text("GREETING", "hello"))
        .tags(["customer-123", "plan-free"])
        .send()
        .await?;
    // (end of the snippet)

    assert_eq!(uploaded.result.id.as_deref(), Some("customer-123"));
    assert_eq!(uploaded.result.handlers, ["fetch"]);

    let (request, parts) = only_upload(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), SCRIPT);
    let content_type = request.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert_eq!(
        request.headers["authorization"].to_str().unwrap(),
        format!("Bearer {TOKEN}")
    );

    // The metadata first, as one JSON part, then one part per module.
    let names: Vec<Option<&str>> = parts.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("metadata"), Some("index.js"), Some("util.js")]);

    let metadata = part(&parts, "metadata");
    assert_eq!(metadata.file_name, None);
    assert_eq!(metadata.content_type.as_deref(), Some("application/json"));
    let metadata = metadata.json();
    assert_eq!(metadata["main_module"], "index.js");
    assert_eq!(metadata["compatibility_date"], "2026-08-01");
    assert_eq!(
        metadata["bindings"],
        json!([{"type": "plain_text", "name": "GREETING", "text": "hello"}])
    );
    assert_eq!(metadata["tags"], json!(["customer-123", "plan-free"]));
    assert_eq!(
        metadata.as_object().unwrap().len(),
        4,
        "nothing else in the metadata: {metadata}"
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
    let util = part(&parts, "util.js");
    assert_eq!(util.file_name.as_deref(), Some("util.js"));
    assert_eq!(
        util.content_type.as_deref(),
        Some("application/javascript+module")
    );
    assert_eq!(util.bytes, b"export const x = 1;");
    Ok(())
}

/// Bytes that would break a careless encoder: every byte value, CR LF
/// pairs, and a line that looks like a boundary.
fn awkward_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend(0..=255u8);
    bytes.extend(b"\r\n--\r\n\r\n--boundary--\r\n");
    bytes.extend((0..=255u8).rev());
    bytes
}

#[tokio::test]
async fn every_module_kind_round_trips_byte_for_byte_with_its_content_type() {
    let server = upload_server(uploaded()).await;
    let wasm = awkward_bytes();
    let source = "export default { fetch() { return new Response('grüße, 世界 🌍') } }";
    let modules = [
        Module::esm("src/ü.mjs", source),
        Module::commonjs("legacy.js", "module.exports = 1;"),
        Module::wasm("add.wasm", wasm.clone()),
        Module::text("greeting.txt", "Grüß Gott\r\n"),
        Module::data("blob.bin", vec![0u8, 255, 13, 10]),
        Module::source_map("src/ü.mjs.map", "{\"version\":3}"),
        Module::python("main.py", "print('hi')"),
        Module::new("deps.txt", "text/x-python-requirement", "fastapi"),
    ];
    client(&server)
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "import './src/ü.mjs';"))
        .modules(modules.clone())
        .send()
        .await
        .unwrap();

    let (_, parts) = only_upload(&server).await;
    assert_eq!(parts.len(), 1 + 1 + modules.len());
    for module in &modules {
        let sent = part(&parts, module.name());
        assert_eq!(sent.file_name.as_deref(), Some(module.name()));
        assert_eq!(sent.content_type.as_deref(), Some(module.content_type()));
        assert_eq!(sent.bytes, module.content().as_ref(), "{}", module.name());
    }
    assert_eq!(part(&parts, "add.wasm").bytes, wasm);
    assert_eq!(part(&parts, "src/ü.mjs").bytes, source.as_bytes());
}

#[tokio::test]
async fn typed_bindings_reach_the_metadata_as_the_api_documents_them() {
    let server = upload_server(uploaded()).await;
    client(&server)
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "export default {}"))
        .bindings([
            Binding::plain_text("GREETING", "hello"),
            Binding::secret_text("API_KEY", "s3cr3t"),
            Binding::kv_namespace("CACHE", "0f2ac74b498b48028cb68387c421e279"),
            Binding::r2_bucket("FILES", "files").with("jurisdiction", "eu"),
            Binding::d1("DB", "xxxx-xxxx"),
            Binding::durable_object_namespace("COUNTER", "Counter"),
            Binding::service("AUTH", "auth-worker").with("environment", "production"),
            Binding::queue("JOBS", "jobs"),
            Binding::dispatch_namespace("CUSTOMERS", "customers")
                .outbound("outbound-worker", ["customer_id"]),
            Binding::inherit("OLD"),
            Binding::new("ai", "AI"),
        ])
        // A binding of a name already given replaces it.
        .binding(Binding::plain_text("GREETING", "hi"))
        .compatibility_flags(["nodejs_compat"])
        .keep_bindings(["secret_text"])
        .send()
        .await
        .unwrap();

    let (_, parts) = only_upload(&server).await;
    let metadata = part(&parts, "metadata").json();
    assert_eq!(
        metadata["bindings"],
        json!([
            {"type": "plain_text", "name": "GREETING", "text": "hi"},
            {"type": "secret_text", "name": "API_KEY", "text": "s3cr3t"},
            {"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
            {"type": "r2_bucket", "name": "FILES", "bucket_name": "files", "jurisdiction": "eu"},
            {"type": "d1", "name": "DB", "id": "xxxx-xxxx"},
            {"type": "durable_object_namespace", "name": "COUNTER", "class_name": "Counter"},
            {"type": "service", "name": "AUTH", "service": "auth-worker", "environment": "production"},
            {"type": "queue", "name": "JOBS", "queue_name": "jobs"},
            {"type": "dispatch_namespace", "name": "CUSTOMERS", "namespace": "customers",
             "outbound": {"worker": {"service": "outbound-worker"}, "params": [{"name": "customer_id"}]}},
            {"type": "inherit", "name": "OLD"},
            {"type": "ai", "name": "AI"},
        ])
    );
    assert_eq!(metadata["compatibility_flags"], json!(["nodejs_compat"]));
    assert_eq!(metadata["keep_bindings"], json!(["secret_text"]));
    assert_eq!(metadata["main_module"], "index.js");
}

#[tokio::test]
async fn whole_metadata_set_after_the_typed_setters_keeps_what_they_set() {
    use cloudflare_api::workers_for_platforms::types::NamespaceWorkerScriptUploadWorkerModuleMetadata;

    let metadata = NamespaceWorkerScriptUploadWorkerModuleMetadata {
        compatibility_date: Some(
            "2026-08-01"
                .parse::<cloudflare_api::workers_for_platforms::types::WorkersCompatibilityDate>()
                .unwrap(),
        ),
        logpush: Some(true.into()),
        ..Default::default()
    };
    let server = upload_server(uploaded()).await;
    let scripts = client(&server)
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    scripts
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "export default {}"))
        .binding(Binding::plain_text("GREETING", "hello"))
        .metadata(metadata.clone())
        .send()
        .await
        .unwrap();
    let (_, parts) = only_upload(&server).await;
    assert_eq!(
        part(&parts, "metadata").json(),
        json!({
            "main_module": "index.js",
            "bindings": [{"type": "plain_text", "name": "GREETING", "text": "hello"}],
            "compatibility_date": "2026-08-01",
            "logpush": true,
        }),
        "the main module and binding given before the whole metadata are sent with it"
    );

    // What the whole metadata holds itself wins over what was set before,
    // and a second one replaces the first, as setting a part again does.
    let server = upload_server(uploaded()).await;
    let scripts = client(&server)
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    scripts
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "export default {}"))
        .metadata(NamespaceWorkerScriptUploadWorkerModuleMetadata {
            main_module: Some("worker.js".to_owned()),
            ..metadata.clone()
        })
        .metadata(NamespaceWorkerScriptUploadWorkerModuleMetadata::default())
        .send()
        .await
        .unwrap();
    let (_, parts) = only_upload(&server).await;
    assert_eq!(part(&parts, "metadata").json(), json!({}));
}

#[tokio::test]
async fn numbers_in_a_json_part_are_sent_as_the_api_reads_them() {
    use cloudflare_api::workers_for_platforms::types::{
        NamespaceWorkerScriptUploadWorkerModuleMetadata, WorkersBindingItem,
    };

    // A JSON binding's value, which the spec leaves any JSON.
    let binding: WorkersBindingItem = serde_json::from_value(json!({
        "name": "LIMITS", "type": "json", "json": {"cpu_ms": 50.0, "ratio": 0.5},
    }))
    .unwrap();
    let metadata = NamespaceWorkerScriptUploadWorkerModuleMetadata {
        bindings: Some(vec![binding].into()),
        ..Default::default()
    };
    let server = upload_server(uploaded()).await;
    client(&server)
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .metadata(metadata)
        .main_module(Module::esm("index.js", "export default {}"))
        .send()
        .await
        .unwrap();
    let (_, parts) = only_upload(&server).await;
    let text = String::from_utf8(part(&parts, "metadata").bytes.clone()).unwrap();
    assert!(
        text.contains(r#""json":{"cpu_ms":50,"ratio":0.5}"#),
        "a whole number without a fraction: {text}"
    );
}

#[tokio::test]
async fn a_retried_upload_sends_the_same_form_again() {
    let server = answering(
        Mock::given(method("PUT")),
        Sequence::of([failure_answer(503, 10_013, "try again"), uploaded()]),
    )
    .await;
    let client = client_for(&server)
        .retry_policy(quick_retries(1))
        .build()
        .unwrap();
    let answer = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .main_module(Module::wasm("index.wasm", awkward_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.result.id.as_deref(), Some("customer-123"));

    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "the upload was retried once");
    assert_eq!(received[0].body, received[1].body, "the same bytes again");
    assert_eq!(
        received[0].headers["content-type"],
        received[1].headers["content-type"]
    );
    let parts = parts_of(&received[1]).await;
    assert_eq!(part(&parts, "index.wasm").bytes, awkward_bytes());
}

#[tokio::test]
async fn content_and_settings_use_the_same_machinery() {
    let server = upload_server(uploaded()).await;
    let client = client(&server);
    let scripts = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    scripts
        .content()
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "export default {}"))
        .module(Module::text("data.txt", "ü"))
        .send()
        .await
        .unwrap();
    let server_settings = upload_server(success(json!({"compatibility_date": "2026-08-01"}))).await;
    let client_settings = self::client(&server_settings);
    let settings = client_settings
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .settings()
        .edit("customers", "customer-123")
        .compatibility_date("2026-08-01")
        .binding(Binding::secret_text("API_KEY", "s3cr3t"))
        .tags(["plan-pro"])
        .send()
        .await
        .unwrap();
    assert_eq!(
        settings.result.compatibility_date.as_deref(),
        Some("2026-08-01")
    );

    let (request, parts) = only_upload(&server).await;
    assert_eq!(request.url.path(), format!("{SCRIPT}/content"));
    let names: Vec<Option<&str>> = parts.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(
        names,
        [Some("metadata"), Some("index.js"), Some("data.txt")]
    );
    assert_eq!(
        part(&parts, "metadata").json(),
        json!({"main_module": "index.js"})
    );
    assert_eq!(part(&parts, "data.txt").bytes, "ü".as_bytes());

    let (request, parts) = only_upload(&server_settings).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), format!("{SCRIPT}/settings"));
    assert_eq!(parts.len(), 1);
    let settings = part(&parts, "settings");
    assert_eq!(settings.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        settings.json(),
        json!({
            "compatibility_date": "2026-08-01",
            "bindings": [{"type": "secret_text", "name": "API_KEY", "text": "s3cr3t"}],
            "tags": ["plan-pro"],
        })
    );
}

#[tokio::test]
async fn an_upload_the_form_cannot_carry_is_refused_before_sending() {
    let server = upload_server(uploaded()).await;
    let client = client(&server);
    let scripts = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    let cases = [
        (
            scripts
                .update("customers", "customer-123")
                .main_module(Module::esm("in\"dex.js", "export default {}")),
            "part name",
        ),
        (
            scripts
                .update("customers", "customer-123")
                .main_module(Module::new("index.js", "not a type", "x")),
            "not a MIME type",
        ),
        // The metadata is required (the spec says so).
        (
            scripts
                .update("customers", "customer-123")
                .files([Module::esm("index.js", "x")]),
            "`metadata` is required",
        ),
        (
            scripts
                .update("customers", ".")
                .main_module(Module::esm("index.js", "x")),
            "script_name",
        ),
    ];
    for (request, expected) in cases {
        match request.send().await {
            Err(Error::InvalidInput(e)) => assert!(e.to_string().contains(expected), "{e}"),
            other => panic!("expected InvalidInput with {expected:?}, got {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn debug_of_an_upload_shows_no_secret_and_no_source() {
    let client = Client::builder()
        .credentials(cloudflare_api::Credentials::api_token(TOKEN))
        .build()
        .unwrap();
    let request = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "const PRIVATE_SOURCE = 1;"))
        .binding(Binding::secret_text("API_KEY", "s3cr3t"));
    let shown = format!("{request:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(!shown.contains("PRIVATE_SOURCE"), "{shown}");
    assert!(shown.contains("index.js"), "{shown}");
    assert!(!format!("{:?}", Binding::secret_text("K", "s3cr3t")).contains("s3cr3t"));
}

/// What the spec marks secret (`writeOnly`, `x-sensitive`) is never shown by
/// `Debug`, whatever holds it: a secret put's builder, its body, an answer.
#[test]
fn debug_never_shows_what_the_spec_marks_secret() {
    use cloudflare_api::workers_for_platforms::types::{
        WorkersBindingKindSecretText as SecretText,
        WorkersBindingKindSecretTextType as SecretTextType,
        WorkersCreateAssetsUploadSessionResponseResult as AssetsUploadSession,
        WorkersSecret as Secret,
    };

    let client = Client::builder()
        .credentials(cloudflare_api::Credentials::api_token(TOKEN))
        .build()
        .unwrap();
    let secret = SecretText {
        name: "API_KEY".to_owned().into(),
        text: "s3cr3t".into(),
        type_: SecretTextType::SecretText,
    };
    let request = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .secrets()
        .update("customers", "customer-123")
        .body(Secret::Text(secret.clone()));
    for shown in [format!("{request:?}"), format!("{secret:?}")] {
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(
            shown.contains("API_KEY") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
    let session: AssetsUploadSession =
        serde_json::from_value(json!({"jwt": "eyJ.s3cr3t.jwt", "buckets": []})).unwrap();
    let shown = format!("{session:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

/// The generated crate alone: its `multipart::Form` makes the body and the
/// `Content-Type` that the generated operation takes.
#[tokio::test]
async fn the_generated_client_uploads_with_its_form() {
    use cloudflare_api::workers_for_platforms::{Client as Generated, Hooks};
    use cloudflare_api_runtime::multipart::{Form, Part};

    let server = upload_server(uploaded()).await;
    let generated = Generated::new_with_client(
        &format!("{}/client/v4", server.uri()),
        cloudflare_api_runtime::tls::reqwest_client_builder()
            .unwrap()
            .build()
            .unwrap(),
        Hooks::default(),
    );
    let encoded = Form::new()
        .part(Part::json("metadata", &json!({"main_module": "index.js"})).unwrap())
        .part(Part::file(
            "index.js",
            "index.js",
            "application/javascript+module",
            "export default {}",
        ))
        .encode()
        .unwrap();
    generated
        .namespace_worker_script_upload_worker_module(
            ACCOUNT_ID.try_into().unwrap(),
            "customers".try_into().unwrap(),
            "customer-123".try_into().unwrap(),
            None,
            encoded.content_type().to_owned(),
            encoded.body().into(),
        )
        .await
        .unwrap();
    let (request, parts) = only_upload(&server).await;
    assert_eq!(
        request.headers["content-type"].to_str().unwrap(),
        encoded.content_type()
    );
    assert_eq!(part(&parts, "index.js").bytes, b"export default {}");

    // And a body our parser refuses is not a form: the parser is real.
    assert!(
        parse("multipart/form-data; boundary=x", b"garbage")
            .await
            .is_err()
    );
}

/// An upload the API refuses is an `Error::Api` whose own
/// `is_retryable()` says what `Error::is_retryable()` says.
#[tokio::test]
async fn a_refused_upload_says_whether_it_is_worth_retrying() {
    for (status, retryable) in [(404, false), (503, true)] {
        let server = upload_server(failure_answer(status, 10_007, "refused")).await;
        let error = client(&server)
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .scripts()
            .update("customers", "customer-123")
            .main_module(Module::esm("index.js", "export default {}"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.is_retryable(), retryable, "{status}");
        let Error::Api(api) = error else {
            panic!("an API error")
        };
        assert_eq!(api.is_retryable(), retryable, "{status}");
        assert_eq!(api.errors()[0].code, 10_007);
    }
}
