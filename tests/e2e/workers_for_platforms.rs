//! What the Workers for Platforms script operations send and how their
//! answers read, where the spec departs from Cloudflare's published
//! schema (see the comments in `openapi/workers-for-platforms-*.yaml`):
//! the script content is raw bytes, bulk delete's answer is in the
//! envelope, bindings keep the fields of their kind, secrets are answered
//! without their value, and a bulk secret patch deletes with `null`.

use std::collections::HashMap;

use cloudflare_api::generated::types::{Secret, SecretText, SecretTextType};
use cloudflare_api_tests::RAY;
use cloudflare_api_tests::client::scripts_of;
use cloudflare_api_tests::scripted::{answering, requests};
use futures_util::TryStreamExt;
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
    let bytes = content
        .result
        .into_inner()
        .try_fold(Vec::new(), |mut all, chunk| async move {
            all.extend_from_slice(&chunk);
            Ok(all)
        })
        .await
        .unwrap();
    assert_eq!(bytes, body);
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

#[tokio::test]
async fn a_secret_is_sent_with_its_value_and_answered_without() {
    let server = answering(
        Mock::given(method("PUT")).and(path(format!("{SCRIPT}/secrets"))),
        envelope(json!({"name": "API_KEY", "type": "secret_text"})),
    )
    .await;
    let secret = SecretText {
        name: "API_KEY".into(),
        text: "s3cr3t".into(),
        type_: SecretTextType::SecretText,
    };
    let added = scripts_of(&server)
        .secrets()
        .update("ns", "my-worker")
        .body(Secret::Text(secret))
        .send()
        .await
        .unwrap();
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

#[tokio::test]
async fn a_bulk_secret_patch_deletes_with_null() {
    let server = answering(
        Mock::given(method("PATCH")).and(path(format!("{SCRIPT}/secrets-bulk"))),
        envelope(json!({"NEW": {"name": "NEW", "type": "secret_text"}})),
    )
    .await;
    let new = Secret::Text(SecretText {
        name: "NEW".into(),
        text: "value".into(),
        type_: SecretTextType::SecretText,
    });
    let secrets = HashMap::from([("NEW".to_owned(), Some(new)), ("OLD".to_owned(), None)]);
    let patched = scripts_of(&server)
        .secrets()
        .bulk_edit("ns", "my-worker")
        .secrets(secrets)
        .send()
        .await
        .unwrap();
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
