//! Secrets never printed, wherever they sit: the values Cloudflare's
//! schema marks secret (`x-sensitive`, `writeOnly`, `format: password`),
//! here a `secret_text` binding's `text` and a `secret_key` binding's key
//! material, in every type a user builds, sends, gets back or logs: the
//! generated `types::WorkersBindingItem` (the lenient binding that regen folds the 36
//! published kinds into), the metadata and settings that hold bindings,
//! typify's builders of them, a `Response`, the upload builders and their
//! typed `workers::Binding`, and errors about answers that hold secrets.
//! `{:?}`, `{:#?}` and, where a type has one, `Display` show the other
//! fields and never the secret.

use cloudflare_api::workers::{self, Module};
use cloudflare_api::workers_for_platforms::types::{
    NamespaceWorkerScriptUploadWorkerModuleMetadata, WorkersBindingItem,
    WorkersNamespaceScriptAndVersionSettingsItem,
    WorkersNamespaceScriptAndVersionSettingsItemInput,
};
use cloudflare_api::{Error, Response};
use cloudflare_api_tests::client::scripts_of;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::scripted::answering;
use serde_json::json;
use wiremock::matchers::method;

const TEXT: &str = "s3cr3t-text-never-shown";
const KEY: &str = "a2V5LW1hdGVyaWFsLW5ldmVyLXNob3du";
const JWK: &str = "jwk-d-parameter-never-shown";

/// Every way `value` prints: `{:?}` and `{:#?}`.
fn debug_of(value: &impl std::fmt::Debug) -> [String; 2] {
    [format!("{value:?}"), format!("{value:#?}")]
}

/// Asserts that no text of `shown` holds a secret, and that each holds
/// every one of `visible` (the fields that are not secret).
fn assert_hidden(what: &str, shown: &[String], visible: &[&str]) {
    for text in shown {
        for secret in [TEXT, KEY, JWK] {
            assert!(!text.contains(secret), "{what} shows a secret: {text}");
        }
        assert!(text.contains("<redacted>"), "{what}: {text}");
        for field in visible {
            assert!(text.contains(field), "{what} hides `{field}`: {text}");
        }
    }
}

/// The bindings an answer holds, as the API sends them: a secret text
/// (whose `text` the real API leaves out, and a server or a test may not),
/// a secret key, and a KV namespace with nothing secret.
fn answered_bindings() -> serde_json::Value {
    json!([
        {"type": "secret_text", "name": "API_KEY", "text": TEXT},
        {"type": "secret_key", "name": "SIGNING_KEY", "format": "jwk",
         "algorithm": {"name": "HMAC", "hash": "SHA-256"}, "usages": ["sign"],
         "key_base64": KEY, "key_jwk": {"kty": "oct", "k": JWK}},
        {"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
    ])
}

const VISIBLE: &[&str] = &[
    "API_KEY",
    "secret_text",
    "SIGNING_KEY",
    "secret_key",
    "HMAC",
    "sign",
    "CACHE",
    "0f2ac74b498b48028cb68387c421e279",
];

#[test]
fn bindings_decoded_from_an_answer_show_no_secret() {
    let bindings: Vec<WorkersBindingItem> = serde_json::from_value(answered_bindings()).unwrap();
    assert_eq!(bindings[0].extra["text"], TEXT, "the value is kept");
    assert_hidden(
        "Vec<types::WorkersBindingItem>",
        &debug_of(&bindings),
        VISIBLE,
    );
    assert_hidden(
        "types::WorkersBindingItem",
        &debug_of(&bindings[0]),
        &["API_KEY", "secret_text"],
    );
}

#[test]
fn metadata_and_settings_holding_bindings_show_no_secret() {
    let bindings: Vec<WorkersBindingItem> = serde_json::from_value(answered_bindings()).unwrap();
    let metadata = NamespaceWorkerScriptUploadWorkerModuleMetadata {
        main_module: Some("index.js".into()),
        bindings: Some(bindings.clone().into()),
        ..Default::default()
    };
    let settings = WorkersNamespaceScriptAndVersionSettingsItemInput {
        bindings: bindings.clone(),
        ..Default::default()
    };
    let answered = WorkersNamespaceScriptAndVersionSettingsItem {
        bindings: bindings.clone(),
        ..Default::default()
    };
    let response = Response::fake(answered.clone());

    assert_hidden(
        "NamespaceWorkerScriptUploadWorkerModuleMetadata",
        &debug_of(&metadata),
        VISIBLE,
    );
    assert_hidden(
        "WorkersNamespaceScriptAndVersionSettingsItemInput",
        &debug_of(&settings),
        VISIBLE,
    );
    assert_hidden(
        "WorkersNamespaceScriptAndVersionSettingsItem",
        &debug_of(&answered),
        VISIBLE,
    );
    assert_hidden(
        "Response<WorkersNamespaceScriptAndVersionSettingsItem>",
        &debug_of(&response),
        VISIBLE,
    );
    // typify's builders (`types::builder::*`), which could hold secrets
    // too, are not generated (regen drops them: the tree's builders are
    // the setters), so none can show one.
}

#[tokio::test]
async fn upload_and_settings_builders_with_secret_bindings_show_no_secret() {
    let server = answering(
        wiremock::Mock::given(method("PUT")),
        success(json!({"startup_time_ms": 1})),
    )
    .await;
    let scripts = scripts_of(&server);
    let secret_key = workers::Binding::new("secret_key", "SIGNING_KEY")
        .with("format", "raw")
        .with("algorithm", json!({"name": "HMAC", "hash": "SHA-256"}))
        .with("usages", json!(["sign"]))
        .with("key_base64", KEY);
    let bindings = [workers::Binding::secret_text("API_KEY", TEXT), secret_key];
    let upload = scripts
        .update("customers", "customer-123")
        .main_module(Module::esm("index.js", "export default {}"))
        .bindings(bindings.clone());
    let settings = scripts
        .settings()
        .edit("customers", "customer-123")
        .bindings(bindings.clone());

    let mut shown = Vec::new();
    for binding in &bindings {
        shown.extend(debug_of(binding));
    }
    for text in &shown {
        assert!(!text.contains(TEXT) && !text.contains(KEY), "{text}");
    }
    shown.extend(debug_of(&upload));
    shown.extend(debug_of(&settings));
    for text in &shown {
        assert!(!text.contains(TEXT) && !text.contains(KEY), "{text}");
    }
    // What is sent is the secret itself.
    upload.send().await.unwrap();
    let sent = &cloudflare_api_tests::scripted::requests(&server).await[0];
    assert!(String::from_utf8_lossy(&sent.body).contains(TEXT));
}

/// Every text an error shows: `Display`, `{:?}`, `{:#?}`, and those of
/// its sources.
fn shown_by(error: &Error) -> Vec<String> {
    let mut shown = vec![
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        shown.extend([format!("{cause}"), format!("{cause:?}")]);
        source = cause.source();
    }
    shown
}

/// Answers that hold a secret (an assets upload session's `jwt`) and that
/// the client cannot take: one that does not decode (`buckets` is not a
/// list), one whose `jwt` is not a string, and a `400` whose envelope has
/// no errors (and a `messages` the failure type does not take). Each error keeps the start of the body, with the secret's
/// place but not the secret.
#[tokio::test]
async fn errors_about_answers_holding_secrets_show_no_secret() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.never-shown.signature";
    let answers = [
        success(json!({"jwt": jwt, "buckets": "not a list"})),
        success(json!({"jwt": {"token": jwt}, "buckets": []})),
        wiremock::ResponseTemplate::new(400).set_body_json(json!({
            "success": false, "errors": [], "messages": "busy", "result": {"jwt": jwt},
        })),
    ];
    for answer in answers {
        let server = answering(wiremock::Mock::given(method("POST")), answer).await;
        let error = scripts_of(&server)
            .asset_upload()
            .create("customers", "customer-123")
            .manifest(std::collections::HashMap::new())
            .send()
            .await
            .unwrap_err();
        let snippet = match &error {
            Error::Decode(e) => e.body_snippet().to_owned(),
            Error::Api(e) => e.body_snippet().unwrap_or_default().to_owned(),
            other => panic!("{other:?}"),
        };
        let mut shown = shown_by(&error);
        shown.push(snippet.clone());
        for text in &shown {
            assert!(!text.contains("never-shown"), "{text}");
        }
        assert!(snippet.contains(r#""jwt":"<redacted>""#), "{error:?}");
    }
}

#[tokio::test]
async fn errors_about_answers_that_echo_a_sent_secret_show_no_secret() {
    // A secret's `text` is sent, never to be answered; an answer that
    // holds it anyway (and does not decode) is quoted without it, for the
    // operations of that resource: the secret's get, list and update.
    let echoed = json!({"name": 17, "type": "secret_text", "text": "never-shown-hunter2"});
    for verb in ["GET", "PUT"] {
        let server = answering(wiremock::Mock::given(method(verb)), success(echoed.clone())).await;
        let secrets = scripts_of(&server).secrets();
        let error = if verb == "GET" {
            secrets
                .get("customers", "customer-123", "API_KEY")
                .send()
                .await
                .unwrap_err()
        } else {
            secrets
                .update("customers", "customer-123")
                .body(cloudflare_api::workers::Secret::text(
                    "API_KEY",
                    "never-shown-hunter2",
                ))
                .send()
                .await
                .unwrap_err()
        };
        let Error::Decode(decode) = &error else {
            panic!("{verb}: {error:?}")
        };
        for text in shown_by(&error) {
            assert!(!text.contains("never-shown"), "{verb}: {text}");
        }
        assert!(
            decode.body_snippet().contains(r#""text":"<redacted>""#),
            "{verb}: {error:?}"
        );
    }
}
