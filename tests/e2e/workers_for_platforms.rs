//! What the Workers for Platforms script operations send and how their
//! answers read, where the spec departs from Cloudflare's published
//! schema (see the comments in `openapi/workers-for-platforms-*.yaml`):
//! the script content is raw bytes, bulk delete's answer is in the
//! envelope, bindings keep the fields of their kind, secrets are answered
//! without their value, and a bulk secret patch deletes with `null`.

use cloudflare_api::Error;
use cloudflare_api::workers::{Secret, SecretsPatch};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::RAY;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::client::scripts_of;
use cloudflare_api_tests::raw_server::{RawServer, close_mid_body};
use cloudflare_api_tests::scripted::{answering, requests};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const SCRIPT: &str = "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/ns/scripts/my-worker";

fn envelope(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
        .insert_header("cf-ray", RAY)
}

#[tokio::test]
async fn script_content_is_the_body_as_sent() {
    // A modules Worker's content: multipart, with bytes that are no UTF-8.
    let mut body = b"--x\r\nContent-Disposition: form-data; name=\"worker.js\"\r\n\r\n".to_vec();
    body.extend_from_slice(b"export default {};\xff\r\n--x--\r\n");
    let server = answering(
        Mock::given(method("GET")).and(path(format!("{SCRIPT}/content"))),
        ResponseTemplate::new(200)
            .set_body_raw(body.clone(), "multipart/form-data; boundary=x")
            .insert_header("cf-ray", RAY),
    )
    .await;
    let content = scripts_of(&server)
        .content()
        .get("ns", "my-worker")
        .send()
        .await
        .unwrap();
    assert_eq!(content.ray_id(), Some(RAY));
    assert_eq!(
        content.headers()["content-type"],
        "multipart/form-data; boundary=x"
    );
    // The whole body, as bytes: no stream to drive, no other crate.
    let bytes: &cloudflare_api::Bytes = &content.result;
    assert_eq!(bytes[..], body[..]);
}

/// A body that is not JSON is read within the attempt like any other: a
/// connection that fails half-way through it is the crate's
/// `Error::Transport`, retried, never a `reqwest::Error` met later while
/// reading.
#[tokio::test]
async fn script_content_cut_short_is_the_crates_transport_error() {
    let server = RawServer::failing_first(usize::MAX, close_mid_body).await;
    let client = client_for(&server).max_retries(1).build().unwrap();
    let error = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .content()
        .get("ns", "my-worker")
        .send()
        .await
        .unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts(), 2, "{error:?}");
    assert!(
        error.to_string().contains("while reading the answer"),
        "{error}"
    );
}

#[tokio::test]
async fn bulk_delete_reads_its_answer_from_the_envelope() {
    let server = answering(
        Mock::given(method("DELETE")).and(path(
            "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/dispatch/namespaces/ns/scripts",
        )),
        envelope(json!({
            "deleted": [{"id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"}],
            "deleted_count": 1,
            "has_more": true,
        })),
    )
    .await;
    let deleted = scripts_of(&server)
        .bulk_delete("ns")
        .tags("staging:yes")
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.result.deleted_count, Some(1));
    assert_eq!(deleted.result.has_more, Some(true));
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.query(), Some("limit=1&tags=staging%3Ayes"));
}

#[tokio::test]
async fn bindings_keep_the_fields_of_their_kind() {
    let server = answering(
        Mock::given(method("GET")).and(path(format!("{SCRIPT}/bindings"))),
        envelope(json!([
            {"name": "MY_ENV_VAR", "type": "plain_text", "text": "my_data"},
            {"name": "KV", "type": "kv_namespace", "namespace_id": "abc"},
            // A kind no schema knows yet decodes too.
            {"name": "NEW", "type": "some_future_kind", "anything": [1, 2]},
        ])),
    )
    .await;
    let bindings = scripts_of(&server)
        .bindings()
        .get("ns", "my-worker")
        .send()
        .await
        .unwrap()
        .result;
    let kinds: Vec<(&str, &str)> = bindings
        .iter()
        .map(|b| (b.name.as_str(), b.type_.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("MY_ENV_VAR", "plain_text"),
            ("KV", "kv_namespace"),
            ("NEW", "some_future_kind")
        ]
    );
    assert_eq!(bindings[0].extra["text"], "my_data");
    assert_eq!(bindings[1].extra["namespace_id"], "abc");
    assert_eq!(bindings[2].extra["anything"], json!([1, 2]));
}

/// A secret is one line (`workers::Secret::text`), sent with its value,
/// answered without it, and never shown by `Debug`, its own or the
/// builder's.
#[tokio::test]
async fn a_secret_is_sent_with_its_value_and_answered_without() {
    let server = answering(
        Mock::given(method("PUT")).and(path(format!("{SCRIPT}/secrets"))),
        envelope(json!({"name": "API_KEY", "type": "secret_text"})),
    )
    .await;
    let secret = Secret::text("API_KEY", "s3cr3t");
    assert!(!format!("{secret:?}").contains("s3cr3t"), "{secret:?}");
    let request = scripts_of(&server)
        .secrets()
        .update("ns", "my-worker")
        .body(secret);
    assert!(!format!("{request:?}").contains("s3cr3t"), "{request:?}");
    let added = request.send().await.unwrap();
    assert_eq!(
        (added.result.name.as_str(), added.result.type_.as_str()),
        ("API_KEY", "secret_text")
    );
    let sent: Value = serde_json::from_slice(&requests(&server).await[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"name": "API_KEY", "text": "s3cr3t", "type": "secret_text"})
    );
}

/// A key secret is one line too; its `format` and `usages` are checked
/// against the spec at `send()`, and a refused one names the field, never
/// the key, with nothing sent.
#[tokio::test]
async fn a_key_secret_is_one_line_and_checked_before_sending() {
    let server = answering(
        Mock::given(method("PUT")).and(path(format!("{SCRIPT}/secrets"))),
        envelope(json!({"name": "SIGNING_KEY", "type": "secret_key", "format": "raw"})),
    )
    .await;
    let secrets = scripts_of(&server).secrets();
    let hmac = json!({"name": "HMAC", "hash": "SHA-256"});
    let key = Secret::key(
        "SIGNING_KEY",
        "raw",
        "a2V5LWJ5dGVz",
        hmac.clone(),
        ["sign", "verify"],
    );
    assert!(!format!("{key:?}").contains("a2V5"), "{key:?}");
    secrets
        .update("ns", "my-worker")
        .body(key)
        .send()
        .await
        .unwrap();
    let jwk = json!({"kty": "oct", "k": "a2V5LWJ5dGVz"});
    let from_jwk = Secret::jwk("SIGNING_KEY", jwk.clone(), hmac.clone(), ["sign"]);
    secrets
        .update("ns", "my-worker")
        .body(from_jwk)
        .send()
        .await
        .unwrap();
    let sent: Vec<Value> = requests(&server)
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            json!({"name": "SIGNING_KEY", "type": "secret_key", "format": "raw",
                   "key_base64": "a2V5LWJ5dGVz", "algorithm": hmac, "usages": ["sign", "verify"]}),
            json!({"name": "SIGNING_KEY", "type": "secret_key", "format": "jwk",
                   "key_jwk": jwk, "algorithm": hmac, "usages": ["sign"]}),
        ]
    );

    for (secret, says) in [
        (
            Secret::key("K", "rsa", "a2V5LWJ5dGVz", hmac.clone(), ["sign"]),
            "at `format`",
        ),
        (
            Secret::key("K", "raw", "a2V5LWJ5dGVz", hmac.clone(), ["stamp"]),
            "at `usages[0]`",
        ),
        (
            Secret::jwk("K", "a2V5LWJ5dGVz", hmac.clone(), ["sign"]),
            "`key_jwk` must be a JSON object",
        ),
    ] {
        let error = secrets
            .update("ns", "my-worker")
            .body(secret)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidInput(_) = &error else {
            panic!("{error:?}")
        };
        let shown = error.to_string();
        assert!(
            shown.contains("invalid `body`") && shown.contains(says),
            "{shown}"
        );
        assert!(!shown.contains("a2V5"), "{shown}");
    }
    assert_eq!(requests(&server).await.len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn a_bulk_secret_patch_deletes_with_null() {
    let server = answering(
        Mock::given(method("PATCH")).and(path(format!("{SCRIPT}/secrets-bulk"))),
        envelope(json!({"NEW": {"name": "NEW", "type": "secret_text"}})),
    )
    .await;
    let patch = SecretsPatch::new()
        .set(Secret::text("NEW", "value"))
        .delete("OLD");
    let request = scripts_of(&server)
        .secrets()
        .bulk_update("ns", "my-worker")
        .secrets(patch);
    assert!(!format!("{request:?}").contains("value"), "{request:?}");
    let patched = request.send().await.unwrap();
    assert_eq!(patched.result["NEW"].type_, "secret_text");
    let request = &requests(&server).await[0];
    assert_eq!(request.headers["content-type"], "application/json");
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({"secrets": {
            "NEW": {"name": "NEW", "text": "value", "type": "secret_text"},
            "OLD": null,
        }})
    );
}

/// A body that is a list of constrained strings (`tags`, typify's
/// `Tags(Vec<Tag>)`) takes plain strings, as the upload's `.tags(..)` does,
/// and checks each at `send()`: a refused one is `Error::InvalidInput`
/// naming the parameter, with nothing sent.
#[tokio::test]
async fn replacing_tags_takes_plain_strings_and_checks_them() {
    let server = answering(
        Mock::given(method("PUT")).and(path(format!("{SCRIPT}/tags"))),
        envelope(json!(["free", "customer-123"])),
    )
    .await;
    let tags = scripts_of(&server).tags();
    let replaced = tags
        .update("ns", "my-worker")
        .body(["free", "customer-123"])
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.result, ["free", "customer-123"]);
    let owned: Vec<String> = vec!["free".into()];
    tags.update("ns", "my-worker")
        .body(owned)
        .send()
        .await
        .unwrap();
    let sent: Vec<Value> = requests(&server)
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(sent, [json!(["free", "customer-123"]), json!(["free"])]);

    // A refused tag is named by its index.
    for (bad, named) in [
        (vec![String::new()], "invalid `body[0]`"),
        (vec!["ok".into(), "x".repeat(1025)], "invalid `body[1]`"),
    ] {
        let error = tags
            .update("ns", "my-worker")
            .body(bad)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidInput(_) = &error else {
            panic!("{error:?}")
        };
        assert!(error.to_string().contains(named), "{error}");
    }
    assert_eq!(requests(&server).await.len(), 2, "nothing more was sent");
}
