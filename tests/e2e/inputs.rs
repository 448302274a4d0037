//! What users give, for every operation: any primitive number to a number
//! setter, a `&String` wherever a constrained string goes, the spec's
//! numeric limits and list lengths checked before sending, and refusals
//! that say which value (a list's item by its index) and what would do.

use std::time::Duration;

use cloudflare_api::multipart::File;
use cloudflare_api::{Client, Error, Normalize};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::scripted::requests;
use serde_json::{Value, json};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer};

const NAMESPACE: &str = "0f2ac74b498b48028cb68387c421e279";

/// A server that answers every request with a success: an empty object for
/// a script's settings, a bulk delete and a KV write, an empty list for the
/// rest.
async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path_regex("(/settings|/scripts|/values/.*)$"))
        .respond_with(success(json!({})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(success(json!([])))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = client_for(&server).build().unwrap();
    (server, client)
}

/// Path and query (`/...?page=1`, under the account) and JSON body of each
/// request `server` received.
async fn sent(server: &MockServer) -> Vec<(String, Value)> {
    let prefix = format!("/client/v4/accounts/{ACCOUNT_ID}");
    requests(server)
        .await
        .iter()
        .map(|request| {
            let path = request.url.path().strip_prefix(&prefix).unwrap_or("?");
            let target = match request.url.query() {
                Some(query) => format!("{path}?{query}"),
                None => path.to_owned(),
            };
            let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
            (target, body)
        })
        .collect()
}

/// The message of an `Error::InvalidInput`, or a panic saying what came.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(error @ Error::InvalidInput(_)) => error.to_string(),
        other => panic!("expected an invalid input, got {other:?}"),
    }
}

fn text() -> File {
    File::new("value", "text/plain", "Some Value")
}

#[tokio::test]
async fn number_setters_take_any_primitive_number() {
    let (server, client) = server().await;
    let kv = client.account(ACCOUNT_ID).kv().namespaces();

    let page: usize = 2;
    let ttl = Duration::from_secs(300);
    kv.list().page(page).per_page(50u64).send().await.unwrap();
    kv.list().page(3i64).per_page(20u128).send().await.unwrap();
    kv.list().page(4u8).per_page(10i16).send().await.unwrap();
    kv.list()
        .page(5isize)
        .per_page(2.5f32)
        .send()
        .await
        .unwrap();
    // Above 2^53, a whole number a 64-bit float holds exactly is sent.
    kv.list().page(1u64 << 60).send().await.unwrap();
    kv.values()
        .update(NAMESPACE, "My-Key")
        .value(text())
        .expiration_ttl(ttl.as_secs())
        .expiration(1_578_435_000u32)
        .send()
        .await
        .unwrap();

    let targets: Vec<String> = sent(&server).await.into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        targets,
        [
            "/storage/kv/namespaces?page=2&per_page=50",
            "/storage/kv/namespaces?page=3&per_page=20",
            "/storage/kv/namespaces?page=4&per_page=10",
            "/storage/kv/namespaces?page=5&per_page=2.5",
            "/storage/kv/namespaces?page=1152921504606846976",
            &format!(
                "/storage/kv/namespaces/{NAMESPACE}/values/My-Key?expiration=1578435000&expiration_ttl=300"
            ),
        ]
    );
}

#[tokio::test]
async fn integer_setters_take_any_primitive_integer() {
    let (server, client) = server().await;
    let scripts = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();

    // `limit` is `type: integer`: an `i64` setter.
    let limit: usize = 5;
    scripts
        .bulk_delete("customers")
        .limit(limit)
        .send()
        .await
        .unwrap();
    scripts
        .bulk_delete("customers")
        .limit(7u64)
        .send()
        .await
        .unwrap();
    scripts
        .bulk_delete("customers")
        .limit(8i128)
        .send()
        .await
        .unwrap();
    let message = refused(
        scripts
            .bulk_delete("customers")
            .limit(u64::MAX)
            .send()
            .await,
    );
    assert_eq!(
        message,
        "namespace-worker-delete-scripts: invalid input, nothing was sent: invalid `limit`: \
         18446744073709551615 does not fit in the parameter's type, `i64` \
         (from -9223372036854775808 to 9223372036854775807)"
    );

    let targets: Vec<String> = sent(&server).await.into_iter().map(|(t, _)| t).collect();
    let base = "/workers/dispatch/namespaces/customers/scripts";
    assert_eq!(
        targets,
        [
            format!("{base}?limit=5"),
            format!("{base}?limit=7"),
            format!("{base}?limit=8"),
        ]
    );
}

#[tokio::test]
async fn a_whole_number_a_float_cannot_hold_exactly_is_refused_not_rounded() {
    let (server, client) = server().await;
    let kv = client.account(ACCOUNT_ID).kv().namespaces();

    let message = refused(kv.list().page((1u64 << 53) + 1).send().await);
    assert_eq!(
        message,
        "workers-kv-namespace-list-namespaces: invalid input, nothing was sent: invalid `page`: \
         9007199254740993 cannot be sent exactly: the spec's `number` is a 64-bit float, which \
         holds every whole number up to 2^53 (9007199254740992) but not this one"
    );
    for message in [
        refused(kv.list().page(i64::MAX).send().await),
        refused(kv.list().per_page(u128::MAX).send().await),
        refused(
            kv.values()
                .update(NAMESPACE, "k")
                .value(text())
                .expiration(u64::MAX)
                .send()
                .await,
        ),
    ] {
        assert!(message.contains("cannot be sent exactly"), "{message}");
    }
    assert!(
        refused(kv.list().per_page(u128::MAX).send().await)
            .contains(&format!("invalid `per_page`: {}", u128::MAX))
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn constrained_strings_take_a_borrowed_string() {
    let (server, client) = server().await;
    let scripts = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();
    let namespace: String = "customers".to_owned();
    let script: String = "my-worker".to_owned();
    let tags: Vec<String> = vec!["production".to_owned(), "plan-free".to_owned()];

    scripts
        .settings()
        .get(&namespace, &script)
        .send()
        .await
        .unwrap();
    scripts
        .tags()
        .update(&namespace, &script)
        .body(&tags)
        .send()
        .await
        .unwrap();
    scripts
        .tags()
        .create(&namespace, &script, &tags[0])
        .send()
        .await
        .unwrap();
    let direction: String = "asc".to_owned();
    client
        .account(ACCOUNT_ID)
        .kv()
        .namespaces()
        .list()
        .direction(&direction)
        .send()
        .await
        .unwrap();

    let base = "/workers/dispatch/namespaces/customers/scripts/my-worker";
    assert_eq!(
        sent(&server).await,
        [
            (format!("{base}/settings"), Value::Null),
            (format!("{base}/tags"), json!(["production", "plan-free"])),
            (format!("{base}/tags/production"), Value::Null),
            (
                "/storage/kv/namespaces?direction=asc".to_owned(),
                Value::Null
            ),
        ]
    );
}

#[tokio::test]
async fn a_number_that_is_not_finite_says_once_that_nothing_was_sent() {
    let (server, client) = server().await;
    let message = refused(
        client
            .account(ACCOUNT_ID)
            .kv()
            .namespaces()
            .list()
            .page(f64::NAN)
            .send()
            .await,
    );
    assert_eq!(
        message,
        "workers-kv-namespace-list-namespaces: invalid input, nothing was sent: \
         `page` is NaN: the API reads finite numbers only"
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_refused_list_item_is_named_by_its_index() {
    let (server, client) = server().await;
    let scripts = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts();

    let message = refused(
        scripts
            .tags()
            .update("customers", "my-worker")
            .body(["production", "", "plan-free"])
            .send()
            .await,
    );
    assert_eq!(
        message,
        "namespace-worker-put-script-tags: invalid input, nothing was sent: \
         invalid `body[1]`: must not be empty"
    );
    let long = "x".repeat(1025);
    let message = refused(
        scripts
            .tags()
            .update("customers", "my-worker")
            .body(["a", "b", long.as_str()])
            .send()
            .await,
    );
    assert!(
        message.ends_with("invalid `body[2]`: longer than 1024 characters"),
        "{message}"
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_refused_enum_value_says_which_values_are_accepted() {
    let (server, client) = server().await;
    let kv = client.account(ACCOUNT_ID).kv().namespaces();

    let message = refused(kv.list().direction("sideways").send().await);
    assert_eq!(
        message,
        "workers-kv-namespace-list-namespaces: invalid input, nothing was sent: \
         invalid `direction`: \"sideways\" is not one of `asc`, `desc`"
    );
    let message = refused(kv.list().order("name").send().await);
    assert!(
        message.ends_with("invalid `order`: \"name\" is not one of `id`, `title`"),
        "{message}"
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn numbers_outside_the_specs_limits_are_refused_naming_the_parameter() {
    let (server, client) = server().await;
    let kv = client.account(ACCOUNT_ID).kv().namespaces();

    // `expiration_ttl`: `minimum: 60`, through a `$ref`.
    let message = refused(
        kv.values()
            .update(NAMESPACE, "k")
            .value(text())
            .expiration_ttl(30)
            .send()
            .await,
    );
    assert_eq!(
        message,
        "workers-kv-namespace-write-key-value-pair-with-metadata: invalid input, nothing was \
         sent: `expiration_ttl` is 30, less than the spec's minimum of 60"
    );
    // `page`: `minimum: 1`; `per_page`: `minimum: 1`, `maximum: 1000`.
    let message = refused(kv.list().page(0).send().await);
    assert!(
        message.ends_with("`page` is 0, less than the spec's minimum of 1"),
        "{message}"
    );
    let message = refused(kv.list().per_page(1000.5).send().await);
    assert!(
        message.ends_with("`per_page` is 1000.5, more than the spec's maximum of 1000"),
        "{message}"
    );
    // The generated client checks them too.
    let message = refused(
        cloudflare_api::kv::generated_client(&client)
            .workers_kv_namespace_list_namespaces(
                ACCOUNT_ID.try_into().unwrap(),
                None,
                None,
                None,
                Some(5000.0),
            )
            .normalize()
            .await,
    );
    assert!(
        message.ends_with("`per_page` is 5000, more than the spec's maximum of 1000"),
        "{message}"
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");

    // The limits themselves are allowed.
    kv.list().page(1).per_page(1000).send().await.unwrap();
    kv.values()
        .update(NAMESPACE, "k")
        .value(text())
        .expiration_ttl(60)
        .send()
        .await
        .unwrap();
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn a_list_longer_than_the_spec_allows_is_refused() {
    let (server, client) = server().await;
    let tags = client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .scripts()
        .tags();

    // `tags`: `maxItems: 10`.
    let eleven: Vec<String> = (0..11).map(|n| format!("tag-{n}")).collect();
    let message = refused(
        tags.update("customers", "my-worker")
            .body(&eleven)
            .send()
            .await,
    );
    assert_eq!(
        message,
        "namespace-worker-put-script-tags: invalid input, nothing was sent: \
         `body` has 11 items, more than the spec's maximum of 10"
    );
    assert!(sent(&server).await.is_empty(), "nothing was sent");
    tags.update("customers", "my-worker")
        .body(&eleven[..10])
        .send()
        .await
        .unwrap();
    assert_eq!(sent(&server).await.len(), 1);
}
