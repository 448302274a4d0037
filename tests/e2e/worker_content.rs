//! A customer's Worker read back and uploaded again, as a platform copies
//! one to another namespace: "Get Script Content" gives its modules
//! (`workers::ScriptContent`), "Get Script Settings" every setting with
//! its bindings (`.settings_from(..)`), "Get Script Bindings" its bindings
//! (`workers::Binding::from`), and the upload builders (and a settings
//! PATCH) take them. Against the stateful fake of the API, which keeps
//! what was uploaded (read by a real multipart parser) and answers the
//! content as the API does (a modules Worker as `multipart/form-data` with
//! the main module in `cf-entrypoint`, a service-worker script as itself),
//! and the settings, without a secret's value.

use std::sync::Arc;

use cloudflare_api::Account;
use cloudflare_api::workers::{Binding, Module, ScriptContent};
use cloudflare_api::workers_for_platforms::types::{
    NamespaceWorkerScriptUploadWorkerModuleMetadata, WorkersNamespaceScriptAndVersionSettingsItem,
};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::{FakeNamespaces, SETTINGS, Script, fake_api_with};
use cloudflare_api_tests::multipart_form::ParsedPart;
use cloudflare_api_tests::scripted::answering;
use serde_json::{Value, json};

/// Bytes that are no UTF-8 and look like a part of a form.
const TRICKY: &[u8] = b"\x00\xff\r\n--boundary\r\nContent-Type: text/plain\r\n\r\n--\xc3(";

async fn platform() -> (Arc<FakeNamespaces>, wiremock::MockServer, Account) {
    let fake = Arc::new(FakeNamespaces::default());
    let server = fake_api_with(fake.clone()).await;
    let account = client_for(&server).build().unwrap().account(ACCOUNT_ID);
    for namespace in ["customers", "staging"] {
        account
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .create()
            .name(namespace)
            .send()
            .await
            .unwrap();
    }
    (fake, server, account)
}

/// What the fake keeps of a script's modules: every part but the metadata,
/// with its name, file name, content type and bytes.
fn modules(script: &Script) -> Vec<ParsedPart> {
    script.modules().into_iter().cloned().collect()
}

/// Every setting a script's settings answer and an upload's metadata
/// takes, under the same name, as the first upload sends them (before the
/// setters add the modules, bindings, date and flags).
fn every_setting() -> Value {
    json!({
        "usage_model": "standard",
        "logpush": true,
        "observability": {
            "enabled": true,
            "head_sampling_rate": 0.25,
            "logs": {"enabled": true, "invocation_logs": false, "destinations": ["cloudflare"], "persist": true},
        },
        "placement": {"mode": "smart"},
        "limits": {"cpu_ms": 50, "subrequests": 1000},
        "tail_consumers": [{"service": "log-consumer", "environment": "production", "namespace": "customers"}],
        "cache_options": {"enabled": true, "cross_version_cache": false},
    })
}

#[tokio::test]
async fn a_modules_worker_read_back_and_uploaded_again_is_the_same_byte_for_byte() {
    let (fake, _server, account) = platform().await;
    let scripts = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    scripts
        .update("customers", "customer-123")
        .metadata(
            serde_json::from_value::<NamespaceWorkerScriptUploadWorkerModuleMetadata>(
                every_setting(),
            )
            .unwrap(),
        )
        .main_module(Module::esm(
            "index.js",
            "import add from './add.wasm'; export default { fetch() {} }",
        ))
        .module(Module::esm("lib/util.js", "export const x = 1;"))
        .module(Module::wasm("add.wasm", TRICKY))
        .module(Module::text("greeting.txt", "héllo\r\n"))
        .module(Module::data("blob.bin", TRICKY))
        .module(Module::source_map("index.js.map", "{\"version\":3}"))
        .compatibility_date("2026-08-01")
        .compatibility_flags(["nodejs_compat", "no_global_navigator"])
        .binding(Binding::plain_text("CUSTOMER", "customer-123"))
        .binding(Binding::kv_namespace(
            "CACHE",
            "0f2ac74b498b48028cb68387c421e279",
        ))
        .binding(Binding::r2_bucket("FILES", "files").with("jurisdiction", "eu"))
        .binding(
            Binding::dispatch_namespace("DISPATCHER", "customers")
                .outbound("outbound-worker", ["customer"]),
        )
        .binding(Binding::secret_text("API_KEY", "s3cr3t"))
        .tags(["customer-123", "plan-free"])
        .send()
        .await
        .unwrap();

    // Read back: the code, and the settings with the bindings.
    let content = scripts
        .content()
        .get("customers", "customer-123")
        .send()
        .await
        .unwrap();
    let worker = ScriptContent::from_response(&content).unwrap();
    assert!(!worker.is_service_worker());
    assert_eq!(worker.main_module().name(), "index.js");
    let settings = scripts
        .settings()
        .get("customers", "customer-123")
        .send()
        .await
        .unwrap()
        .result;

    // And uploaded again, elsewhere, as the README says.
    scripts
        .update("staging", "customer-123-copy")
        .content(worker)
        .settings_from(&settings)
        // The API never answers a secret's value: it is given again.
        .binding(Binding::secret_text("API_KEY", "s3cr3t"))
        .send()
        .await
        .unwrap();

    let original = &fake.scripts_of("customers")["customer-123"];
    let copy = &fake.scripts_of("staging")["customer-123-copy"];
    // Every module: name, file name, content type and bytes, in order.
    assert_eq!(modules(copy), modules(original));
    assert_eq!(modules(original).len(), 6);
    assert_eq!(modules(original)[2].bytes, TRICKY);
    assert_eq!(copy.metadata()["main_module"], "index.js");
    // Every setting, as the API keeps it (the secret's value included).
    assert_eq!(
        original.settings.len(),
        SETTINGS.len(),
        "{:?}",
        original.settings
    );
    let lost: Vec<(&str, Option<&Value>, Option<&Value>)> = SETTINGS
        .into_iter()
        .map(|field| {
            (
                field,
                original.settings.get(field),
                copy.settings.get(field),
            )
        })
        .filter(|(_, original, copy)| original != copy)
        .collect();
    assert_eq!(lost, [], "(setting, original, copy)");
    assert_eq!(
        copy.settings["bindings"][3],
        json!({
            "type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "customers",
            "outbound": {"worker": {"service": "outbound-worker"}, "params": [{"name": "customer"}]},
        })
    );
}

#[tokio::test]
async fn a_service_worker_read_back_and_uploaded_again_is_the_same() {
    let (fake, _server, account) = platform().await;
    let scripts = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    let source = "addEventListener('fetch', e => e.respondWith(new Response('hi')))";
    scripts
        .update("customers", "legacy")
        .body_part(Module::commonjs("worker.js", source))
        .send()
        .await
        .unwrap();

    let content = scripts
        .content()
        .get("customers", "legacy")
        .send()
        .await
        .unwrap();
    assert_eq!(&content.result[..], source.as_bytes());
    let worker = ScriptContent::from_response(&content).unwrap();
    assert!(worker.is_service_worker());
    assert_eq!(worker.modules().len(), 1);
    // Settings it never had: none sent.
    let settings = scripts
        .settings()
        .get("customers", "legacy")
        .send()
        .await
        .unwrap()
        .result;
    assert_eq!(settings.compatibility_date, None);
    scripts
        .update("staging", "legacy")
        .content(worker)
        .settings_from(&settings)
        .send()
        .await
        .unwrap();

    let original = &fake.scripts_of("customers")["legacy"];
    let copy = &fake.scripts_of("staging")["legacy"];
    assert_eq!(modules(copy), modules(original));
    assert_eq!(copy.metadata()["body_part"], "worker.js");
    assert_eq!(copy.metadata().get("main_module"), None::<&Value>);
    assert_eq!(
        copy.metadata()
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["body_part"]
    );
}

/// The bindings "Get Script Bindings" answers convert into what an upload
/// takes, every field of their kind kept.
#[tokio::test]
async fn answered_bindings_convert_into_upload_bindings() {
    let (_fake, _server, account) = platform().await;
    let scripts = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    let sent = [
        Binding::kv_namespace("CACHE", "0f2ac74b498b48028cb68387c421e279"),
        Binding::service("AUTH", "auth-worker").with("entrypoint", "Verifier"),
        Binding::new("some_future_kind", "NEW").with("anything", json!([1, {"a": null}])),
    ];
    scripts
        .update("customers", "bound")
        .main_module(Module::esm("index.js", "export default {}"))
        .bindings(sent.clone())
        .send()
        .await
        .unwrap();
    let answered = scripts
        .bindings()
        .get("customers", "bound")
        .send()
        .await
        .unwrap()
        .result;
    let bindings: Vec<Binding> = answered.iter().map(Binding::from).collect();
    assert_eq!(bindings, sent);
}

/// What `settings_from` puts into an upload is what the spec says both
/// take: every property of a script's settings
/// (`workers_namespace-script-and-version-settings-item`) that the upload's
/// metadata (the `metadata` part of `workers_multipart-script`) has too, but a
/// read-only one, and within each the fields the upload does not mark
/// read-only; each
/// as it came. So a setting added to the spec fails here until it is
/// carried (or said to be left out).
#[tokio::test]
async fn settings_carry_every_field_the_spec_says_an_upload_takes() {
    let spec = cloudflare_api_tests::workspace::workspace_spec();
    let schemas = &spec.written["components"]["schemas"];
    let resolve = |schema: &Value| -> Value {
        let mut schema = schema.clone();
        while let Some(name) = schema["$ref"].as_str() {
            schema = schemas[name.trim_start_matches("#/components/schemas/")].clone();
        }
        schema
    };
    let properties = |schema: &Value| -> serde_json::Map<String, Value> {
        resolve(schema)["properties"].as_object().unwrap().clone()
    };
    let (settings, metadata) = (
        properties(&schemas["workers_namespace-script-and-version-settings-item"]),
        properties(&properties(&schemas["workers_multipart-script"])["metadata"]),
    );
    let read_only = |schema: &Value| resolve(schema)["readOnly"] == true;
    // What an answer never holds (`exports`, `migrations`): not a setting
    // read back.
    let mut settings = settings;
    settings
        .retain(|_, schema| schema["writeOnly"] != true && resolve(schema)["writeOnly"] != true);
    let carried: Vec<&String> = settings
        .iter()
        .filter(|(name, schema)| metadata.contains_key(*name) && !read_only(schema))
        .map(|(name, _)| name)
        .collect();
    let read_only_fields: Vec<(&String, String)> = carried
        .iter()
        .flat_map(|name| {
            // Read-only where the upload takes it (a settings answer's
            // placement, as published, has no `status` at all).
            let fields = resolve(&metadata[name.as_str()])["properties"].clone();
            fields
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, schema)| read_only(schema))
                .map(|(field, _)| (*name, field.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !read_only_fields.is_empty(),
        "placement's status is read-only"
    );

    // An answer holding every setting, read-only fields too.
    let mut answer = every_setting();
    let answer = answer.as_object_mut().unwrap();
    answer.extend([
        (
            "bindings".into(),
            json!([{"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2a"}]),
        ),
        ("compatibility_date".into(), json!("2026-08-01")),
        ("compatibility_flags".into(), json!(["nodejs_compat"])),
        ("tags".into(), json!(["a", "b"])),
        (
            "exports_reconciliation".into(),
            json!({
                "created": ["Counter"], "updated": [], "deleted": [], "renamed": [],
                "transferred": [], "transfer_pending": [], "warnings": [], "info": [],
                "removable_entries": [],
            }),
        ),
    ]);
    answer["placement"] = json!({
        "mode": "smart", "status": "SUCCESS", "last_analyzed_at": "2026-01-01T00:00:00Z",
    });
    let mut keys: Vec<&String> = answer.keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        settings.keys().collect::<Vec<_>>(),
        "the answer holds every setting"
    );
    for (name, field) in &read_only_fields {
        assert!(answer[name.as_str()].get(field).is_some(), "{name}.{field}");
    }
    let answered: WorkersNamespaceScriptAndVersionSettingsItem =
        serde_json::from_value(Value::Object(answer.clone())).unwrap();

    let (fake, _server, account) = platform().await;
    account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("staging", "copy")
        .main_module(Module::esm("index.js", "export default {}"))
        .settings_from(&answered)
        .send()
        .await
        .unwrap();
    let mut sent = fake.scripts_of("staging")["copy"].metadata();
    let sent = sent.as_object_mut().unwrap();
    sent.remove("main_module");
    let mut sent_keys: Vec<&String> = sent.keys().collect();
    sent_keys.sort();
    assert_eq!(sent_keys, carried);
    for (name, field) in &read_only_fields {
        answer[name.as_str()].as_object_mut().unwrap().remove(field);
    }
    for name in carried {
        assert_eq!(sent[name.as_str()], answer[name.as_str()], "{name}");
    }
}

/// A secret comes back without its value: `send()` refuses the upload with
/// nothing sent until it is given again (before or after `settings_from`)
/// or inherited; a script uploaded again to its own name keeps its secret
/// through `inherit`.
#[tokio::test]
async fn secrets_read_back_without_their_values_are_given_again_or_inherited() {
    let (fake, server, account) = platform().await;
    let scripts = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    let index = || Module::esm("index.js", "export default {}");
    scripts
        .update("customers", "w")
        .main_module(index())
        .compatibility_flags(["nodejs_compat"])
        .binding(Binding::plain_text("PLAIN", "p"))
        .binding(Binding::secret_text("API_KEY", "s3cr3t"))
        .binding(
            Binding::new("secret_key", "SIGNING")
                .with("format", "raw")
                .with("algorithm", json!({"name": "HMAC", "hash": "SHA-256"}))
                .with("usages", json!(["sign"]))
                .with("key_base64", "a2V5"),
        )
        .send()
        .await
        .unwrap();
    let settings = scripts
        .settings()
        .get("customers", "w")
        .send()
        .await
        .unwrap()
        .result;
    let answered: Vec<&str> = settings.bindings.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(answered, ["PLAIN", "API_KEY", "SIGNING"]);
    let requests = server.received_requests().await.unwrap().len();

    let error = scripts
        .update("staging", "w")
        .main_module(index())
        .settings_from(&settings)
        .send()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, cloudflare_api::Error::InvalidInput(_)),
        "{error:?}"
    );
    assert!(
        message.contains(
            "secret bindings without their values: `API_KEY` (secret_text), `SIGNING` (secret_key)"
        ),
        "{message}"
    );
    assert!(message.contains("Binding::inherit(name)"), "{message}");
    assert!(!message.contains("s3cr3t"), "{message}");
    // The same through a settings PATCH.
    let error = scripts
        .settings()
        .edit("customers", "w")
        .settings_from(&settings)
        .binding(Binding::secret_text("API_KEY", "new"))
        .send()
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("`SIGNING` (secret_key)"),
        "{error}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        requests,
        "nothing sent"
    );

    // Given again, before or after; the others as they came.
    let signing = Binding::new("secret_key", "SIGNING")
        .with("format", "raw")
        .with("algorithm", json!({"name": "HMAC", "hash": "SHA-256"}))
        .with("usages", json!(["sign"]))
        .with("key_base64", "b3RoZXI=");
    scripts
        .update("staging", "w")
        .main_module(index())
        .binding(Binding::secret_text("API_KEY", "other"))
        .settings_from(&settings)
        .binding(signing.clone())
        .send()
        .await
        .unwrap();
    let copy = &fake.scripts_of("staging")["w"];
    assert_eq!(
        copy.settings["bindings"],
        json!([
            {"type": "secret_text", "name": "API_KEY", "text": "other"},
            {"type": "plain_text", "name": "PLAIN", "text": "p"},
            signing.to_json(),
        ])
    );
    assert_eq!(
        copy.settings["compatibility_flags"],
        json!(["nodejs_compat"])
    );

    // Uploaded again to its own name, a setting changed: its secrets kept.
    scripts
        .update("customers", "w")
        .main_module(index())
        .settings_from(&settings)
        .binding(Binding::inherit("API_KEY"))
        .binding(Binding::inherit("SIGNING"))
        .compatibility_flags(["nodejs_compat", "no_global_navigator"])
        .send()
        .await
        .unwrap();
    let again = &fake.scripts_of("customers")["w"];
    assert_eq!(
        again.settings["bindings"][1],
        json!({"type": "secret_text", "name": "API_KEY", "text": "s3cr3t"})
    );
    assert_eq!(again.settings["bindings"][2]["key_base64"], "a2V5");
    assert_eq!(
        again.settings["compatibility_flags"],
        json!(["nodejs_compat", "no_global_navigator"])
    );
}

/// A settings PATCH takes another script's settings in one call: those it
/// holds replace the script's, the others stay.
#[tokio::test]
async fn a_settings_patch_takes_another_scripts_settings() {
    let (fake, _server, account) = platform().await;
    let scripts = account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    scripts
        .update("customers", "template")
        .metadata(
            serde_json::from_value::<NamespaceWorkerScriptUploadWorkerModuleMetadata>(
                every_setting(),
            )
            .unwrap(),
        )
        .main_module(Module::esm("index.js", "export default {}"))
        .compatibility_date("2026-08-01")
        .binding(Binding::kv_namespace("CACHE", "0f2a"))
        .send()
        .await
        .unwrap();
    scripts
        .update("customers", "target")
        .main_module(Module::esm("index.js", "export default {}"))
        .compatibility_date("2025-01-01")
        .tags(["mine"])
        .send()
        .await
        .unwrap();
    let template = scripts
        .settings()
        .get("customers", "template")
        .send()
        .await
        .unwrap()
        .result;
    let patched = scripts
        .settings()
        .edit("customers", "target")
        .settings_from(&template)
        .send()
        .await
        .unwrap()
        .result;
    assert_eq!(patched.compatibility_date.as_deref(), Some("2026-08-01"));
    assert_eq!(patched.logpush, Some(true));
    let target = &fake.scripts_of("customers")["target"];
    let template = &fake.scripts_of("customers")["template"];
    for field in SETTINGS.into_iter().filter(|f| *f != "tags") {
        assert_eq!(
            target.settings.get(field),
            template.settings.get(field),
            "{field}"
        );
    }
    assert_eq!(
        target.settings["tags"],
        json!(["mine"]),
        "not in the template: kept"
    );
}

/// An error made from an answer after the call (a Worker's content that
/// `ScriptContent` cannot read) names the operation that answered it, as
/// every error of the call itself does.
#[tokio::test]
async fn content_that_cannot_be_read_is_an_error_of_its_operation() {
    let form = "--b\r\nContent-Disposition: form-data; name=\"index.js\"\r\n\r\nexport default {}\r\n--b--\r\n";
    for entrypoint in ["missing.js", "\u{fc}.js"] {
        let answer = wiremock::ResponseTemplate::new(200)
            .set_body_raw(form, "multipart/form-data; boundary=b")
            .append_header(
                "cf-entrypoint",
                wiremock::http::HeaderValue::from_bytes(entrypoint.as_bytes()).unwrap(),
            );
        let server = answering(wiremock::Mock::given(wiremock::matchers::any()), answer).await;
        let content = client_for(&server)
            .build()
            .unwrap()
            .account(ACCOUNT_ID)
            .workers_for_platforms()
            .dispatch()
            .namespaces()
            .scripts()
            .content()
            .get("customers", "w")
            .send()
            .await
            .unwrap();
        let error = ScriptContent::from_response(&content).unwrap_err();
        assert_eq!(
            error.operation().map(|op| op.operation_id),
            Some("namespace-worker-get-script-content"),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("namespace-worker-get-script-content: could not decode"),
            "{error}"
        );
    }
}
