//! The platform example (`crates/cloudflare-api/examples/platform.rs`)
//! runs against a local stateful fake of the API: it creates the namespace
//! when missing, uploads a customer's Worker with a secret and tags (read
//! back by a real multipart parser), lists the namespace's scripts by tag
//! and deletes them by tag, leaving other customers' Workers alone.

use std::sync::Arc;

use cloudflare_api::workers::Module;
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::{FakeNamespaces, fake_api_with};
use serde_json::json;

#[allow(dead_code, reason = "its `main` is for `cargo run --example`")]
#[path = "../../crates/cloudflare-api/examples/platform.rs"]
mod platform;

#[tokio::test]
async fn the_platform_example_runs_its_day_against_the_fake() {
    let fake = Arc::new(FakeNamespaces::default());
    let server = fake_api_with(fake.clone()).await;
    let client = client_for(&server).build().unwrap();
    let account = client.account(ACCOUNT_ID);

    let day = platform::run(&account, "customers", "customer-123", "k3y")
        .await
        .unwrap();
    assert!(day.created_namespace, "the namespace was missing");
    assert_eq!(day.listed, ["customer-123"]);
    assert_eq!(day.deleted, 1);
    assert!(fake.scripts_of("customers").is_empty());

    // What the upload sent, part by part.
    let server_requests = server.received_requests().await.unwrap();
    let upload = server_requests
        .iter()
        .find(|r| r.method.as_str() == "PUT" && r.url.path().ends_with("/scripts/customer-123"))
        .expect("the upload");
    let parts = cloudflare_api_tests::multipart_form::parts_of(upload).await;
    let names: Vec<Option<&str>> = parts.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("metadata"), Some("index.js")]);
    assert_eq!(
        parts[0].json(),
        json!({
            "main_module": "index.js",
            "compatibility_date": "2026-08-01",
            "bindings": [
                {"type": "plain_text", "name": "CUSTOMER", "text": "customer-123"},
                {"type": "secret_text", "name": "API_KEY", "text": "k3y"},
            ],
            "tags": ["customer-123", "plan-free"],
        })
    );
    assert_eq!(
        parts[1].content_type.as_deref(),
        Some("application/javascript+module")
    );
    assert!(String::from_utf8_lossy(&parts[1].bytes).contains("env.API_KEY"));

    // The next day the namespace is there, with another customer's
    // Worker, which deleting by the tag leaves alone.
    account
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .update("customers", "customer-7")
        .main_module(Module::esm("index.js", "export default {}"))
        .tags(["customer-7"])
        .send()
        .await
        .unwrap();
    let day = platform::run(&account, "customers", "customer-123", "k3y")
        .await
        .unwrap();
    assert!(!day.created_namespace);
    assert_eq!(day.listed, ["customer-123"]);
    assert_eq!(day.deleted, 1);
    let left: Vec<String> = fake.scripts_of("customers").into_keys().collect();
    assert_eq!(left, ["customer-7"]);
}
