//! The whole dispatch-namespace lifecycle against a local server that keeps
//! state like the API does: create → list → get → update → delete → get,
//! through the ergonomic builders and through the generic path
//! ([`Normalize`]) that every generated operation has.

use cloudflare_api::workers_for_platforms::resources::AccountWorkersForPlatformsDispatchNamespaces;
use cloudflare_api::workers_for_platforms::types::NamespaceWorkerPutNamespaceBody;
use cloudflare_api::{Error, Normalize, StatusCode};
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::{NAMESPACES, NOT_FOUND_CODE, fake_api, sent};
use cloudflare_api_tests::scripted::requests;
use cloudflare_api_tests::{ACCOUNT_ID, RAY, TOKEN};
use serde_json::{Value, json};
use wiremock::MockServer;

/// The dispatch namespaces of `account_id`, through a client of `server`.
fn namespaces_of(
    server: &MockServer,
    account_id: &str,
) -> AccountWorkersForPlatformsDispatchNamespaces {
    client_for(server)
        .build()
        .unwrap()
        .account(account_id)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
}

fn request(method: &str, path: &str, body: Value) -> (String, String, Value) {
    (method.to_owned(), path.to_owned(), body)
}

#[tokio::test]
async fn create_list_get_update_delete_then_get_is_a_404() {
    let server = fake_api().await;
    let namespaces = namespaces_of(&server, ACCOUNT_ID);
    let name = "my-dispatch-namespace";

    let created = namespaces.create().name(name).send().await.unwrap();
    assert_eq!(created.result.namespace_name.as_deref(), Some(name));
    assert_eq!(created.result.trusted_workers, Some(false));

    let listed = namespaces.list().send().await.unwrap();
    let names: Vec<_> = listed
        .result
        .iter()
        .map(|ns| ns.namespace_name.as_deref())
        .collect();
    assert_eq!(names, [Some(name)]);
    assert_eq!(listed.ray_id(), Some(RAY));

    let got = namespaces.get(name).send().await.unwrap();
    assert_eq!(got.result.namespace_id, created.result.namespace_id);

    let updated = namespaces
        .edit(name)
        .trusted_workers(true)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.result.trusted_workers, Some(true));

    let deleted = namespaces.delete(name).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::OK);
    assert_eq!(deleted.result, None);

    let gone = namespaces.get(name).send().await.unwrap_err();
    let Error::Api(api) = &gone else {
        panic!("expected Error::Api, got {gone:?}");
    };
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.errors()[0].code, NOT_FOUND_CODE);
    assert_eq!(api.ray_id(), Some(RAY));
    assert!(gone.to_string().contains("namespace not found"), "{gone}");

    let item = format!("{NAMESPACES}/{name}");
    assert_eq!(
        sent(&server).await,
        [
            request("POST", NAMESPACES, json!({ "name": name })),
            request("GET", NAMESPACES, Value::Null),
            request("GET", &item, Value::Null),
            request("PATCH", &item, json!({ "trusted_workers": true })),
            request("DELETE", &item, Value::Null),
            request("GET", &item, Value::Null),
        ]
    );
}

#[tokio::test]
async fn an_update_with_nothing_set_sends_an_empty_body() {
    let server = fake_api().await;
    let namespaces = namespaces_of(&server, ACCOUNT_ID);
    namespaces.create().name("ns").send().await.unwrap();
    let unchanged = namespaces.edit("ns").send().await.unwrap();
    assert_eq!(unchanged.result.trusted_workers, Some(false));
    let last = sent(&server).await.pop().unwrap();
    assert_eq!(
        last,
        request("PATCH", &format!("{NAMESPACES}/ns"), json!({}))
    );
}

#[tokio::test]
async fn odd_names_are_percent_encoded_and_stay_in_their_segment() {
    let server = fake_api().await;
    let namespaces = namespaces_of(&server, ACCOUNT_ID);
    let odd = [
        ("a/b", "a%2Fb"),
        ("q?x=1", "q%3Fx=1"),
        ("frag#ment", "frag%23ment"),
        ("100%", "100%25"),
        ("with space", "with%20space"),
        ("../up", "..%2Fup"),
        (r"..\..\up", "..%5C..%5Cup"),
        // A resolved `.` and a `\` read as `/` would cancel out in a
        // segment count: only encoding the `\` keeps this one right.
        (r".\%2F", ".%5C%252F"),
        ("...", "..."),
        ("%2e%2e", "%252e%252e"),
        // Not allowed in a path by RFC 3986, though URL parsers let them by.
        ("a|b", "a%7Cb"),
        ("^[x]", "%5E%5Bx%5D"),
        // Allowed (sub-delims, `:` and `@`): sent as they are.
        ("a:b@c!$&'()*+,;=", "a:b@c!$&'()*+,;="),
    ];
    for (name, _) in odd {
        namespaces.create().name(name).send().await.unwrap();
        let got = namespaces.get(name).send().await.unwrap();
        assert_eq!(got.result.namespace_name.as_deref(), Some(name));
    }
    let paths: Vec<String> = sent(&server)
        .await
        .into_iter()
        .filter(|(method, ..)| method == "GET")
        .map(|(_, path, _)| path)
        .collect();
    let expected: Vec<String> = odd
        .iter()
        .map(|(_, encoded)| format!("{NAMESPACES}/{encoded}"))
        .collect();
    assert_eq!(paths, expected);
}

#[tokio::test]
async fn dot_names_and_bad_ids_are_refused_before_sending() {
    let server = fake_api().await;
    let namespaces = namespaces_of(&server, ACCOUNT_ID);
    for name in [".", "..", "", "line\nbreak"] {
        for error in [
            namespaces.get(name).send().await.unwrap_err(),
            namespaces.edit(name).send().await.unwrap_err(),
            namespaces.delete(name).send().await.map(drop).unwrap_err(),
        ] {
            assert!(
                matches!(error, Error::InvalidInput(_)),
                "{name:?}: {error:?}"
            );
            // The message names the argument that is wrong.
            assert!(
                error.to_string().contains("`dispatch_namespace`"),
                "{name:?}: {error}"
            );
        }
    }
    for id in ["..", "a/b", ""] {
        let other = namespaces_of(&server, id);
        let error = other.list().send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{id:?}: {error:?}");
        assert!(
            error.to_string().contains("`account_id`"),
            "{id:?}: {error}"
        );
        let error = other.get("ns").send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{id:?}: {error:?}");
    }
    assert_eq!(sent(&server).await, []);
}

/// `namespace-worker-put-namespace` has no hand-written builder: the
/// generic path gives it the same answer and error types anyway.
#[tokio::test]
async fn an_operation_without_a_builder_is_normalized_too() {
    let server = fake_api().await;
    let client = client_for(&server).build().unwrap();
    client
        .account(ACCOUNT_ID)
        .workers_for_platforms()
        .dispatch()
        .namespaces()
        .create()
        .name("ns")
        .send()
        .await
        .unwrap();

    let put = |name: &'static str| {
        let client = client.clone();
        async move {
            cloudflare_api::workers_for_platforms::generated_client(&client)
                .namespace_worker_put_namespace(
                    ACCOUNT_ID.try_into().unwrap(),
                    name.try_into().unwrap(),
                    NamespaceWorkerPutNamespaceBody {
                        name: None,
                        trusted_workers: Some(true.into()),
                    },
                )
                .normalize()
                .await
        }
    };
    let updated = put("ns").await.unwrap();
    assert_eq!(updated.result.namespace_name.as_deref(), Some("ns"));
    assert_eq!(updated.result.trusted_workers, Some(true));
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(updated.ray_id(), Some(RAY));

    let missing = put("missing").await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(missing.errors()[0].code, NOT_FOUND_CODE);

    // What the generated types refuse is `InvalidInput`, and a parameter
    // that would leave its path segment is refused before sending.
    let dots = put("..").await.unwrap_err();
    assert!(matches!(dots, Error::InvalidInput(_)), "{dots:?}");
    assert!(
        dots.to_string().contains("namespace-worker-put-namespace"),
        "{dots}"
    );

    let sent = sent(&server).await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert_eq!(
        sent[1],
        request(
            "PUT",
            &format!("{NAMESPACES}/ns"),
            json!({ "trusted_workers": true })
        )
    );
}

#[tokio::test]
async fn the_generic_path_has_the_clients_credentials_and_list_results() {
    let server = fake_api().await;
    let client = client_for(&server).build().unwrap();
    let listed = cloudflare_api::workers_for_platforms::generated_client(&client)
        .namespace_worker_list(ACCOUNT_ID.try_into().unwrap())
        .normalize()
        .await
        .unwrap();
    assert!(listed.result.is_empty());
    let requests = requests(&server).await;
    let auth = requests[0].headers.get("authorization").unwrap();
    assert_eq!(auth.to_str().unwrap(), format!("Bearer {TOKEN}"));
}
