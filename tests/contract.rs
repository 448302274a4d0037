//! Contract tests: the clients against Prism, a mock server that nobody on
//! the team wrote, generated from the project's own spec. Prism answers
//! every request with an example of the spec's response and checks the
//! request against the spec, listing what is wrong with it in an
//! `sl-violations` header.
//!
//! Prism comes from `tests/prism/` (`npm ci` there, which `.ci/run` does).
//! Without Node or that install these tests say why and pass; under CI
//! (`CI=true`) they fail instead.

use std::future::Future;
use std::pin::Pin;

use cloudflare_api::generated::types::{
    NamespaceWorkerCreateBody, NamespaceWorkerPutNamespaceBody,
};
use cloudflare_api::{Client, ClientBuilder, Credentials, Error, Normalize, StatusCode, generated};
use cloudflare_api_tests::prism_server::Prism;
use cloudflare_api_tests::{ACCOUNT_ID, TOKEN};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

/// What a call through the ergonomic client gives back, reduced to what the
/// contract checks look at.
type Outcome = Result<HeaderMap, Error>;
type Call = fn(Client) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// Every operation of the spec, called through the ergonomic client as an
/// application would, with arguments the spec accepts. One row per
/// operation: its `operationId` and the call. A row's call succeeds only if
/// the answer decoded into the operation's result.
const OPERATIONS: &[(&str, Call)] = &[
    ("namespace-worker-create", |client| {
        Box::pin(async move {
            let created = client
                .dispatch_namespaces()
                .create(ACCOUNT_ID)
                .name(NAME)
                .send()
                .await?;
            Ok(created.headers().clone())
        })
    }),
    ("namespace-worker-list", |client| {
        Box::pin(async move {
            let listed = client.dispatch_namespaces().list(ACCOUNT_ID).send().await?;
            Ok(listed.headers().clone())
        })
    }),
    ("namespace-worker-get-namespace", |client| {
        Box::pin(async move {
            let got = client
                .dispatch_namespaces()
                .get(ACCOUNT_ID, NAME)
                .send()
                .await?;
            Ok(got.headers().clone())
        })
    }),
    ("namespace-worker-patch-namespace", |client| {
        Box::pin(async move {
            let updated = client
                .dispatch_namespaces()
                .update(ACCOUNT_ID, NAME)
                .trusted_workers(true)
                .send()
                .await?;
            Ok(updated.headers().clone())
        })
    }),
    ("namespace-worker-delete-namespace", |client| {
        Box::pin(async move {
            let deleted = client
                .dispatch_namespaces()
                .delete(ACCOUNT_ID, NAME)
                .send()
                .await?;
            Ok(deleted.headers().clone())
        })
    }),
    // No builder: through the generic path.
    ("namespace-worker-put-namespace", |client| {
        Box::pin(async move {
            let body = NamespaceWorkerPutNamespaceBody {
                name: None,
                trusted_workers: Some(false),
            };
            let updated = client
                .generated()
                .namespace_worker_put_namespace()
                .account_id(ACCOUNT_ID)
                .dispatch_namespace(NAME)
                .body(body)
                .send()
                .normalize()
                .await?;
            Ok(updated.headers().clone())
        })
    }),
];

/// The namespace the calls are about.
const NAME: &str = "my-dispatch-namespace";

/// A client for `prism`; with `dynamic`, Prism makes its answers up from
/// the schemas (the same ones every run) instead of using the examples.
fn client(prism: &Prism, dynamic: bool) -> Client {
    builder(prism, dynamic).build().unwrap()
}

fn builder(prism: &Prism, dynamic: bool) -> ClientBuilder {
    let mut headers = HeaderMap::new();
    if dynamic {
        headers.insert("prefer", HeaderValue::from_static("dynamic=true"));
    }
    Client::builder()
        .credentials(Credentials::api_token(TOKEN))
        .base_url(prism.url())
        .max_retries(0)
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
        )
}

/// A client for `prism` that changes each request with `alter` just before
/// sending it, to send what the client itself never would.
fn altering_client(prism: &Prism, alter: fn(&mut reqwest::Request)) -> Client {
    builder(prism, false)
        .send_with(move |http, mut request, _| {
            alter(&mut request);
            async move { http.execute(request).await }
        })
        .build()
        .unwrap()
}

/// Prism's complaints about a request, if it had any.
fn violations(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("sl-violations")
        .map(|v| v.to_str().unwrap_or("(not text)"))
}

#[test]
fn the_table_has_every_operation_of_the_spec() {
    let root = cloudflare_api_tests::workspace_root();
    let spec = xtask::spec::load(&root.join(xtask::SPEC_DIR), |p| p.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut in_spec: Vec<&str> = spec.operations.iter().map(|op| op.id.as_str()).collect();
    let mut in_table: Vec<&str> = OPERATIONS.iter().map(|(id, _)| *id).collect();
    in_spec.sort_unstable();
    in_table.sort_unstable();
    assert_eq!(
        in_table, in_spec,
        "OPERATIONS in tests/contract.rs must have one row per operation of the spec"
    );
}

#[tokio::test]
async fn every_operation_succeeds_and_prism_finds_nothing_wrong() {
    let Some(prism) = Prism::start() else { return };
    for dynamic in [false, true] {
        let client = client(&prism, dynamic);
        for (id, call) in OPERATIONS {
            let mode = if dynamic { "made-up" } else { "example" };
            match call(client.clone()).await {
                Ok(headers) => assert_eq!(
                    violations(&headers),
                    None,
                    "{id} ({mode} answer): Prism found the request wrong"
                ),
                Err(e) => panic!("{id} ({mode} answer): {e}\n{e:?}\n{}", prism.log()),
            }
        }
    }
}

#[tokio::test]
async fn a_request_without_credentials_is_an_api_error_401() {
    let Some(prism) = Prism::start() else { return };
    let client = altering_client(&prism, |request| {
        request.headers_mut().remove(AUTHORIZATION);
    });
    for (id, call) in OPERATIONS {
        let error = call(client.clone()).await.unwrap_err();
        assert_api_error(&error, StatusCode::UNAUTHORIZED, "security", id);
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_type_is_an_api_error_422() {
    let Some(prism) = Prism::start() else { return };
    let client = altering_client(&prism, |request| {
        *request.body_mut() = Some(r#"{"name": 5}"#.into());
    });
    // Through the generated crate: the request is what it builds, until the
    // body is swapped for one whose `name` is a number.
    let error = client
        .generated()
        .namespace_worker_create()
        .account_id(ACCOUNT_ID)
        .body(NamespaceWorkerCreateBody::builder().name("n".to_owned()))
        .send()
        .await
        .unwrap_err();
    match error {
        generated::Error::ErrorResponse(answer) => {
            assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let found = violations(answer.headers()).unwrap_or_default();
            assert!(found.contains("name must be string"), "{found}");
        }
        other => panic!(
            "expected a 422 ErrorResponse, got {other:?}\n{}",
            prism.log()
        ),
    }
    // The same request through the ergonomic client.
    let error = OPERATIONS[0].1(client).await.unwrap_err();
    assert_api_error(
        &error,
        StatusCode::UNPROCESSABLE_ENTITY,
        "name must be string",
        "namespace-worker-create",
    );
}

/// `error` is an [`Error::Api`] with `status`, Cloudflare's failure envelope
/// (which Prism answers with), and a violation that mentions `violation`.
fn assert_api_error(error: &Error, status: StatusCode, violation: &str, id: &str) {
    let Error::Api(e) = error else {
        panic!("{id}: expected Error::Api {status}, got {error:?}");
    };
    assert_eq!(e.status(), status, "{id}: {e}");
    assert!(!e.errors().is_empty(), "{id}: {e:?}");
    assert!(!error.is_retryable(), "{id}: {e:?}");
    let found = violations(e.headers()).unwrap_or_default();
    assert!(found.contains(violation), "{id}: {found}");
}

/// Whatever the client sends, the spec accepts: an argument is either
/// refused before sending, or Prism finds nothing wrong with the request.
#[tokio::test]
async fn arguments_the_client_sends_are_ones_the_spec_accepts() {
    let Some(prism) = Prism::start() else { return };
    let client = client(&prism, false);
    let long = "n".repeat(1000);
    let names = [
        "my-dispatch-namespace",
        "a b",
        "a/b",
        "a?b",
        "a#b",
        "a%2Fb",
        ".",
        "..",
        "../..",
        "café",
        "名前",
        "🚀",
        "\u{a0}",
        "a\tb",
        "a\nb",
        "a\r\nb",
        "a\u{85}b",
        "a\u{2028}b",
        "a\u{2029}b",
        "",
        &long,
    ];
    let account_ids = [
        ACCOUNT_ID,
        "0",
        "ABCDEF",
        "",
        "..",
        "a/b",
        "a b",
        "café",
        "a-b",
        "023e105f4ecef8ad9ca31a8372d0c3531",
    ];
    let cases = names
        .iter()
        .map(|name| (ACCOUNT_ID, *name))
        .chain(account_ids.iter().map(|id| (*id, "n")));
    for (account_id, name) in cases {
        // The name in a body, then in the path.
        let namespaces = client.dispatch_namespaces();
        let sent = [
            namespaces.create(account_id).name(name).send().await,
            namespaces.get(account_id, name).send().await,
        ];
        for (sent, how) in sent.into_iter().zip(["create", "get"]) {
            match sent {
                Ok(answer) => assert_eq!(
                    violations(answer.headers()),
                    None,
                    "{how} {account_id:?} {name:?} was sent, but the spec refuses it"
                ),
                Err(Error::InvalidInput(_)) => {}
                Err(e) => panic!("{how} {account_id:?} {name:?}: {e}"),
            }
        }
    }
}
