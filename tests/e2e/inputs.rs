//! What users give, for every operation: a `&String` wherever a
//! constrained string goes, and refusals that say what would do.

use cloudflare_api::{Client, Error};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::success;
use cloudflare_api_tests::scripted::requests;
use serde_json::{Value, json};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer};

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

#[tokio::test]
async fn constrained_strings_take_a_borrowed_string() {
    let (server, client) = server().await;
    let scripts = client.account(ACCOUNT_ID).dispatch_namespaces().scripts();
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
