//! Workers KV, as imported from Cloudflare's published schema
//! (`openapi/imported/kv.json`, fixes in `openapi/fixes/kv.yaml`), proven
//! on the wire: numbers in the query as
//! the API reads them (`page=1`, never `page=1.0`), a number that is not
//! finite refused with nothing sent, a key written as a form whose parts
//! a real multipart parser (`multer`) reads back, and many keys read at
//! once, every value arriving.

use cloudflare_api::multipart::File;
use cloudflare_api::{Client, Error};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::multipart_form::{ParsedPart, parts_of};
use cloudflare_api_tests::scripted::{answering, requests};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const NAMESPACE: &str = "0f2ac74b498b48028cb68387c421e279";

/// A server answering every request with an envelope of `result`.
async fn kv_server(result: serde_json::Value) -> (MockServer, Client) {
    let server = answering(Mock::given(method("GET")), success(result.clone())).await;
    Mock::given(method("PUT"))
        .respond_with(success(result))
        .mount(&server)
        .await;
    let client = client_for(&server).build().unwrap();
    (server, client)
}

/// The query strings of the requests `server` received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|request| request.url.query().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn whole_numbers_in_the_query_are_sent_without_a_fraction() {
    let (server, client) = kv_server(json!([{"id": NAMESPACE, "title": "My Own Namespace"}])).await;
    let kv = client.account(ACCOUNT_ID).kv();

    // The spec types `page` and `per_page` as `number`: `f64` setters.
    let listed = kv
        .namespaces()
        .list()
        .page(1)
        .per_page(50)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.result[0].title, "My Own Namespace");
    kv.namespaces()
        .list()
        .page(2.0)
        .per_page(1000.0)
        .send()
        .await
        .unwrap();
    // A fraction stays a fraction (the API refuses it, as it should).
    kv.namespaces().list().page(1.5).send().await.unwrap();

    assert_eq!(
        queries(&server).await,
        ["page=1&per_page=50", "page=2&per_page=1000", "page=1.5"]
    );
}

#[tokio::test]
async fn numbers_that_are_not_finite_are_refused_with_nothing_sent() {
    let (server, client) = kv_server(json!([])).await;
    let kv = client.account(ACCOUNT_ID).kv();

    for page in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let error = kv.namespaces().list().page(page).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("`page` is"), "{message}");
        assert!(message.contains("finite"), "{message}");
    }
    let error = kv
        .namespaces()
        .values()
        .update(NAMESPACE, "My-Key")
        .value(File::new("value", "text/plain", "Some Value"))
        .expiration_ttl(f64::INFINITY)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    assert!(
        error.to_string().contains("`expiration_ttl` is inf"),
        "{error}"
    );

    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

/// The one request `server` received, and its parts.
async fn only_write(server: &MockServer) -> (wiremock::Request, Vec<ParsedPart>) {
    let mut received = requests(server).await;
    assert_eq!(received.len(), 1, "one request");
    let request = received.remove(0);
    let parts = parts_of(&request).await;
    (request, parts)
}

#[tokio::test]
async fn a_key_is_written_as_a_form_with_its_value_and_metadata() {
    let (server, client) = kv_server(json!({})).await;
    let values = client.account(ACCOUNT_ID).kv().namespaces().values();

    values
        .update(NAMESPACE, "My-Key")
        .value(File::new("value", "text/plain", "Some Value"))
        .metadata(json!({"someMetadataKey": "someMetadataValue", "n": 1}))
        // A plain integer, though the schema's number is typify's
        // `WorkersKvExpirationTtl(f64)`.
        .expiration_ttl(300)
        .send()
        .await
        .unwrap();

    let (request, parts) = only_write(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        request.url.path(),
        format!("/client/v4/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NAMESPACE}/values/My-Key")
    );
    assert_eq!(request.url.query(), Some("expiration_ttl=300"));
    let names: Vec<_> = parts.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("metadata"), Some("value")]);
    assert_eq!(
        parts[0].json(),
        json!({"someMetadataKey": "someMetadataValue", "n": 1})
    );
    assert_eq!(parts[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(parts[1].bytes, b"Some Value");
    assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
}

#[tokio::test]
async fn a_key_is_written_from_a_file_byte_for_byte() {
    let (server, client) = kv_server(json!({})).await;
    let bytes: Vec<u8> = (0..=255).collect();

    client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .values()
        .update(NAMESPACE, "picture")
        .value(File::new(
            "picture.bin",
            "application/octet-stream",
            bytes.clone(),
        ))
        .send()
        .await
        .unwrap();

    let (request, parts) = only_write(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].name.as_deref(), Some("value"));
    assert_eq!(parts[0].file_name.as_deref(), Some("picture.bin"));
    assert_eq!(parts[0].bytes, bytes);
}

#[tokio::test]
async fn a_keys_metadata_is_any_json_value() {
    for metadata in [json!({"a": [1, 2.5]}), json!("text"), json!(7), json!(null)] {
        let (_server, client) = kv_server(metadata.clone()).await;
        let read = client
            .account(ACCOUNT_ID)
            .kv()
            .namespaces()
            .metadata()
            .get(NAMESPACE, "My-Key")
            .send()
            .await;
        // Any JSON value; `null` (or none) is `None`.
        let expected = (!metadata.is_null()).then(|| metadata.clone());
        assert_eq!(read.unwrap().result, expected, "{metadata}");
    }
}

/// "Get multiple key-value pairs" answers `result` as published: an
/// `anyOf` of two objects that both hold `values` (the values alone, or
/// with metadata). Whatever the answer holds arrives: every key, with its
/// value, `null` for a key that is missing, and its metadata. typify's
/// type for such a union gave `values` to its first alternative, and
/// when that failed on one value, to none: `"value1"` was silently lost.
#[tokio::test]
async fn every_value_of_a_bulk_get_arrives_whatever_its_alternative() {
    for result in [
        json!({"values": {"key1": "value1", "missing": null}}),
        json!({"values": {"text": "v", "number": 2.5, "flag": true, "json": {"a": [1, null]}}}),
        json!({"values": {
            "key1": {"value": "v", "metadata": {"someMetadataKey": "x"}, "expiration": 1578435000},
            "key2": {"value": {"a": 1}, "metadata": null},
            "missing": null,
        }}),
    ] {
        let server = answering(Mock::given(method("POST")), success(result.clone())).await;
        let client = client_for(&server).build().unwrap();
        let answer = client
            .account(ACCOUNT_ID)
            .kv()
            .namespaces()
            .bulk_get(NAMESPACE)
            .keys(["key1", "missing"])
            .with_metadata(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{result}: {e}"));
        assert_eq!(serde_json::to_value(&answer.result).unwrap(), result);
        // As a program reads it (`result` is nullable and optional).
        let values = answer.result.as_ref().unwrap().values.as_ref().unwrap();
        assert_eq!(values, &result["values"]);
        assert!(values["key1"].is_string() || values["key1"].is_object() || values["text"] == "v");
    }
}

/// Workers KV's write answers `result: null`, no `result`, or nothing at
/// all, as the schema allows: its `workers-kv_api-response-common-no-result`
/// makes `result` nullable and does not require it. So the write's result
/// is an `Option`, and each of those is a success with `None`.
#[tokio::test]
async fn a_write_answered_without_a_result_succeeds_with_none() {
    for (label, answer) in [
        (
            "result null",
            ResponseTemplate::new(200).set_body_json(
                json!({"success": true, "errors": [], "messages": [], "result": null}),
            ),
        ),
        (
            "no result",
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "errors": [], "messages": []})),
        ),
        ("204 No Content", ResponseTemplate::new(204)),
    ] {
        let server = answering(Mock::given(method("PUT")), answer).await;
        let client = client_for(&server).build().unwrap();
        let written = client
            .account(ACCOUNT_ID)
            .kv()
            .namespaces()
            .values()
            .update(NAMESPACE, "My-Key")
            .value(File::new("value", "text/plain", "Some Value"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let result: Option<serde_json::Map<String, serde_json::Value>> = written.result;
        assert_eq!(result, None, "{label}");
    }

    // What the fakes answer, `result: {}`, is that object.
    let (_server, client) = kv_server(json!({})).await;
    let written = client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .values()
        .update(NAMESPACE, "My-Key")
        .value(File::new("value", "text/plain", "Some Value"))
        .send()
        .await
        .unwrap();
    assert_eq!(written.result, Some(serde_json::Map::new()));
}
