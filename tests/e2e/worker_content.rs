//! A customer's Worker read back and uploaded again, as a platform copies
//! one to another namespace: "Get Script Content" gives its modules
//! (`workers::ScriptContent`), "Get Script Bindings" and "Get Script
//! Settings" its bindings (`workers::Binding::from`), and the upload
//! builders take both. Against the stateful fake of the API, which keeps
//! what was uploaded (read by a real multipart parser) and answers the
//! content as the API does: a modules Worker as `multipart/form-data` with
//! the main module in `cf-entrypoint`, a service-worker script as itself.

use std::sync::Arc;

use cloudflare_api::Account;
use cloudflare_api::workers::{Binding, Module, ScriptContent};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::{FakeNamespaces, Script, fake_api_with};
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
            .dispatch_namespaces()
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

#[tokio::test]
async fn a_modules_worker_read_back_and_uploaded_again_is_the_same_byte_for_byte() {
    let (fake, _server, account) = platform().await;
    let scripts = account.dispatch_namespaces().scripts();
    scripts
        .update("customers", "customer-123")
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
        .compatibility_flags(["nodejs_compat"])
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
        .tags(["customer-123"])
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
    // The API never answers a secret's value: it is given again.
    let bindings: Vec<Binding> = settings
        .bindings
        .into_iter()
        .map(Binding::from)
        .filter(|b| b.kind() != "secret_text")
        .collect();

    // And uploaded again, elsewhere.
    scripts
        .update("staging", "customer-123-copy")
        .content(worker)
        .compatibility_date(settings.compatibility_date.unwrap())
        .compatibility_flags(settings.compatibility_flags)
        .bindings(bindings)
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
    let (original, copy) = (original.metadata(), copy.metadata());
    assert_eq!(copy["main_module"], "index.js");
    for field in [
        "main_module",
        "compatibility_date",
        "compatibility_flags",
        "bindings",
    ] {
        assert_eq!(copy[field], original[field], "{field}");
    }
    assert_eq!(
        copy["bindings"][3],
        json!({
            "type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "customers",
            "outbound": {"worker": {"service": "outbound-worker"}, "params": [{"name": "customer"}]},
        })
    );
}

#[tokio::test]
async fn a_service_worker_read_back_and_uploaded_again_is_the_same() {
    let (fake, _server, account) = platform().await;
    let scripts = account.dispatch_namespaces().scripts();
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
    scripts
        .update("staging", "legacy")
        .content(worker)
        .send()
        .await
        .unwrap();

    let original = &fake.scripts_of("customers")["legacy"];
    let copy = &fake.scripts_of("staging")["legacy"];
    assert_eq!(modules(copy), modules(original));
    assert_eq!(copy.metadata()["body_part"], "worker.js");
    assert_eq!(copy.metadata().get("main_module"), None::<&Value>);
}

/// The bindings "Get Script Bindings" answers convert into what an upload
/// takes, every field of their kind kept.
#[tokio::test]
async fn answered_bindings_convert_into_upload_bindings() {
    let (_fake, _server, account) = platform().await;
    let scripts = account.dispatch_namespaces().scripts();
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
            .dispatch_namespaces()
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
