//! Contract tests: the clients against Prism, a mock server that nobody on
//! the team wrote, generated from the project's own spec. Prism answers
//! every request with an example of the spec's response and checks the
//! request against the spec, listing what is wrong with it in an
//! `sl-violations` header.
//!
//! Prism comes from `tests/prism/` (`npm ci` there, which `.ci/run` does).
//! Without Node or that install these tests say why and pass; under CI
//! (`CI=true`) they fail instead.

use cloudflare_api::tls::reqwest_client_builder;
use cloudflare_api::workers_for_platforms as generated;
use cloudflare_api::workers_for_platforms::types::{
    NamespaceWorkerCreateBody, WorkersDispatchNamespaceName,
};
use cloudflare_api::{Client, ClientBuilder, Error, StatusCode};
use cloudflare_api_tests::ACCOUNT_ID;
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::prism_server::{Prism, Prisms};
use cloudflare_api_tests::workspace::workspace_root;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

/// Every operation of the spec, called through the resource tree with the
/// spec's example arguments (generated with the tree, so an operation added
/// to the spec is here with no test code), each sent to the Prism that
/// serves it with a client `client_for` makes for that Prism: its
/// `operationId` and, once sent, the answer's headers, in the order of the
/// examples. A call succeeds only if the answer decoded into the
/// operation's result. The calls to one Prism are made one after the
/// other, and those to different Prisms at the same time.
async fn every_operation(
    prisms: &Prisms,
    client_for: impl Fn(&Prism) -> Client,
) -> Vec<(&'static str, Result<HeaderMap, Error>)> {
    let mut unserved: Vec<&'static str> = Vec::new();
    let mut sent = Vec::new();
    for (n, part) in prisms.parts().iter().enumerate() {
        let all = cloudflare_api::api::examples(&client_for(&part.prism));
        if n == 0 {
            unserved = all.iter().map(|example| example.operation_id).collect();
        }
        unserved.retain(|id| !part.serves(id));
        // With its place among all, to give the outcomes in that order.
        let examples: Vec<_> = all
            .into_iter()
            .enumerate()
            .filter(|(_, example)| part.serves(example.operation_id))
            .collect();
        sent.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for (place, example) in examples {
                let outcome = example.call.await.map(|answer| answer.headers().clone());
                outcomes.push((place, example.operation_id, outcome));
            }
            outcomes
        }));
    }
    assert!(unserved.is_empty(), "no Prism serves {unserved:?}");
    let mut outcomes = Vec::new();
    for part in sent {
        outcomes.extend(part.await.expect("the calls to one Prism"));
    }
    outcomes.sort_by_key(|(place, _, _)| *place);
    outcomes
        .into_iter()
        .map(|(_, id, outcome)| (id, outcome))
        .collect()
}

/// One operation's example call, by `operationId`, with `client`.
async fn call(client: &Client, operation_id: &str) -> Result<HeaderMap, Error> {
    let example = cloudflare_api::api::examples(client)
        .into_iter()
        .find(|example| example.operation_id == operation_id)
        .unwrap_or_else(|| panic!("no example call for {operation_id}"));
    example.call.await.map(|answer| answer.headers().clone())
}

/// The legacy key's headers, which every request to Prism carries beside
/// the client's API token: Cloudflare's schema lists only the legacy key
/// for some operations (Accounts' list and members, ...) and the token for
/// others, and the client sends whichever credentials it is given, so
/// each operation finds the credentials its `security` asks for.
const LEGACY_KEY: [(&str, &str); 2] = [
    ("x-auth-email", "user@example.com"),
    (
        "x-auth-key",
        "c2547eb745079dac9320b638f5e225cf483cc5cfdda41",
    ),
];

/// The test client for `prism`, following no redirects; with `dynamic`,
/// Prism makes its answers up from the schemas (the same ones every run)
/// instead of using the examples.
fn prism_client(prism: &Prism, dynamic: bool) -> ClientBuilder {
    with_legacy_key(prism, dynamic, true)
}

/// [`prism_client`], with the [`LEGACY_KEY`] headers or without them
/// (reqwest adds its default headers after the client's hooks, which
/// cannot remove them then).
fn with_legacy_key(prism: &Prism, dynamic: bool, legacy_key: bool) -> ClientBuilder {
    let mut headers = HeaderMap::new();
    if legacy_key {
        for (name, value) in LEGACY_KEY {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if dynamic {
        headers.insert("prefer", HeaderValue::from_static("dynamic=true"));
    }
    client_for(prism).http_client(
        reqwest_client_builder()
            .unwrap()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
    )
}

/// A client for `prism` that changes each request with `alter` just before
/// sending it, to send what the client itself never would.
fn altering_client(prism: &Prism, alter: fn(&mut reqwest::Request)) -> Client {
    with_legacy_key(prism, false, false)
        .send_with(move |http, mut request, _| {
            alter(&mut request);
            async move { http.execute(request).await }
        })
        .build()
        .unwrap()
}

/// Prism's `sl-violations` header, as it sent it.
fn violations(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("sl-violations")
        .map(|v| v.to_str().unwrap_or("(not text)"))
}

/// Prism's complaints about a request (`location` starting at
/// `request`), leaving out those about its own answer: an answer Prism
/// makes up may break the schema it makes it from (`maxProperties` of
/// Load Balancing's origins, which User's preview results hold), and an
/// example Cloudflare gives may too; what the client makes of an answer is
/// checked by its outcome.
fn request_violations(headers: &HeaderMap) -> Option<String> {
    let all = violations(headers)?;
    // Past a limit Prism says so before the list, which the header then
    // cuts short, mid-entry (Workers Observability's recursive filters, in
    // an answer it made up): every entry whose location can be read is
    // checked, and one of the request's is reported.
    if let Some(listed) = all.strip_prefix("Too many violations! ") {
        // The first element of each entry's location, where it is whole.
        let firsts: Vec<&str> = listed
            .split(r#"{"location":[""#)
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(first, _)| first))
            .collect();
        let of_answer = firsts.iter().all(|first| *first == "response");
        return (firsts.is_empty() || !of_answer).then(|| all.to_owned());
    }
    let Ok(serde_json::Value::Array(list)) = serde_json::from_str::<serde_json::Value>(all) else {
        return Some(all.to_owned());
    };
    let of_request: Vec<&serde_json::Value> = list
        .iter()
        .filter(|violation| violation["location"][0] != "response")
        .collect();
    (!of_request.is_empty()).then(|| serde_json::to_string(&of_request).unwrap_or_default())
}

#[test]
fn every_operation_of_the_spec_has_an_example_call() {
    let root = workspace_root();
    let spec = xtask::spec::load(&root.join(xtask::SPEC_DIR), |p| p.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut in_spec: Vec<&str> = spec.operations.iter().map(|op| op.id.as_str()).collect();
    let client = client_for(generated::DEFAULT_BASE_URL).build().unwrap();
    let mut called: Vec<&str> = cloudflare_api::api::examples(&client)
        .iter()
        .map(|example| example.operation_id)
        .collect();
    in_spec.sort_unstable();
    called.sort_unstable();
    assert_eq!(called, in_spec);
}

/// Whether `e` is Prism's own failure (a `500` of its `UNKNOWN` problem
/// type), not an answer of the spec.
fn is_prism_crash(e: &cloudflare_api::ApiError) -> bool {
    e.status() == StatusCode::INTERNAL_SERVER_ERROR
        && e.to_string()
            .contains("https://stoplight.io/prism/errors#UNKNOWN")
}

/// Each Prism serves a part of the spec's paths: every path is in one
/// part, with all its operations, and a part keeps the components its
/// paths refer to (through other components too), every security scheme,
/// and nothing else.
#[test]
fn a_part_of_the_spec_keeps_what_its_paths_refer_to() {
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "security": [{"token": []}],
        "paths": {
            "/a": {"get": {"operationId": "get-a", "parameters": [
                {"$ref": "#/components/parameters/id"}
            ]}},
            "/b": {
                "get": {"operationId": "get-b", "responses": {"200": {"description": "b", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/B"}}
                }}}},
                "delete": {"operationId": "delete-b"}
            },
            "/c": {"get": {"operationId": "get-c"}}
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "parameters": {"id": {"name": "id", "in": "query", "schema": {"$ref": "#/components/schemas/A"}}},
            "schemas": {
                "A": {"type": "string"},
                "B": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/C"}}},
                "C": {"type": "integer"},
                "unused": {"type": "boolean"}
            }
        }
    });
    let operation = |id: &str, method: &str, route: &str| xtask::spec::OperationRef {
        id: id.into(),
        method: method.into(),
        route: route.into(),
        file: "openapi/imported/t.json".into(),
    };
    let operations = [
        operation("get-a", "get", "/a"),
        operation("get-b", "get", "/b"),
        operation("delete-b", "delete", "/b"),
        operation("get-c", "get", "/c"),
    ];
    let parts = cloudflare_api_tests::prism_server::cut(&document, &operations, 2);
    let paths: Vec<Vec<&str>> = parts
        .iter()
        .map(|(part, _)| {
            part["paths"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect()
        })
        .collect();
    assert_eq!(paths, [vec!["/a", "/b"], vec!["/c"]]);
    let ids: Vec<Vec<&str>> = parts
        .iter()
        .map(|(_, ids)| ids.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(ids, [vec!["delete-b", "get-a", "get-b"], vec!["get-c"]]);
    let first = &parts[0].0;
    assert_eq!(first["paths"]["/b"], document["paths"]["/b"]);
    assert_eq!(first["security"], document["security"]);
    assert_eq!(first["info"], document["info"]);
    let components = &document["components"];
    assert_eq!(
        first["components"],
        serde_json::json!({
            "securitySchemes": components["securitySchemes"],
            "parameters": components["parameters"],
            "schemas": {
                "A": components["schemas"]["A"],
                "B": components["schemas"]["B"],
                "C": components["schemas"]["C"],
            }
        })
    );
    assert_eq!(
        parts[1].0["components"],
        serde_json::json!({"securitySchemes": components["securitySchemes"]})
    );
}

#[tokio::test]
async fn every_operation_succeeds_and_prism_finds_nothing_wrong() {
    let Some(prisms) = Prisms::shared() else {
        return;
    };
    // Every failing operation is named, not only the first.
    let mut failures = Vec::new();
    for dynamic in [false, true] {
        let client_for = |prism: &Prism| prism_client(prism, dynamic).build().unwrap();
        for (id, outcome) in every_operation(prisms, client_for).await {
            let mode = if dynamic { "made-up" } else { "example" };
            match outcome {
                Ok(headers) => {
                    if let Some(found) = request_violations(&headers) {
                        failures.push(format!(
                            "{id} ({mode} answer): Prism found the request wrong: {found}"
                        ));
                    }
                }
                // Where Cloudflare's success answer says `success: boolean`
                // rather than `enum: [true]` (Zones, Cache's purge), Prism
                // may make up `success: false` with errors in a `200`: the
                // client reads that envelope, and it is the API's error.
                Err(Error::Api(e)) if dynamic && e.status().is_success() => {
                    if let Some(found) = request_violations(e.headers()) {
                        failures.push(format!(
                            "{id} ({mode} answer): Prism found the request wrong: {found}"
                        ));
                    }
                }
                // Prism's own crash making up an answer (`TypeError: Cannot
                // read properties of undefined`, on Zero Trust's Access
                // policies): no answer to check; the example answer is.
                Err(Error::Api(e)) if dynamic && is_prism_crash(&e) => {
                    eprintln!("{id} (made-up answer): Prism could not make one up: {e}");
                }
                Err(e) => failures.push(format!("{id} ({mode} answer): {e}\n{e:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}\n{}",
        failures.len(),
        failures.join("\n"),
        prisms.log()
    );
}

#[tokio::test]
async fn a_request_without_credentials_is_an_api_error_401() {
    let Some(prisms) = Prisms::shared() else {
        return;
    };
    let client_for = |prism: &Prism| {
        altering_client(prism, |request| {
            request.headers_mut().remove(AUTHORIZATION);
        })
    };
    for (id, outcome) in every_operation(prisms, client_for).await {
        let error = outcome.unwrap_err();
        assert_api_error(&error, StatusCode::UNAUTHORIZED, "security", id);
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_type_is_an_api_error_422() {
    let Some(prisms) = Prisms::shared() else {
        return;
    };
    let prism = prisms.serving("namespace-worker-create");
    let client = altering_client(prism, |request| {
        *request.body_mut() = Some(r#"{"name": 5}"#.into());
    });
    // Through the generated crate: the request is what it builds, until the
    // body is swapped for one whose `name` is a number.
    let error = cloudflare_api::workers_for_platforms::generated_client(&client)
        .namespace_worker_create(
            ACCOUNT_ID.try_into().unwrap(),
            NamespaceWorkerCreateBody {
                name: Some(WorkersDispatchNamespaceName::try_from("n").unwrap()),
            },
        )
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
    let error = call(&client, "namespace-worker-create").await.unwrap_err();
    assert_api_error(
        &error,
        StatusCode::UNPROCESSABLE_ENTITY,
        "name must be string",
        "namespace-worker-create",
    );
    // Prism answers with Cloudflare's failure envelope, whose `errors`
    // example it leaves empty here (Workers' `errors` give theirs beside a
    // `$ref`, which OpenAPI 3.0 ignores): what the client reads of errors is
    // `tests/e2e/answers.rs`'s to prove.
}

/// `error` is an [`Error::Api`] with `status` and a violation that
/// mentions `violation`, which no retry would help. Prism answers with the
/// operation's failure example and says what is wrong in `sl-violations`;
/// for an operation that declares no failure (Queues'
/// `subscriptions-create`), with a problem of its own
/// (`application/problem+json`), which the error keeps as its body, saying
/// what is wrong there. What the failure example holds is Cloudflare's
/// (some give no error, or `success: true`), so only the WfP operation's
/// errors are checked, by the 422 test.
fn assert_api_error(error: &Error, status: StatusCode, violation: &str, id: &str) {
    let Error::Api(e) = error else {
        panic!("{id}: expected Error::Api {status}, got {error:?}");
    };
    assert_eq!(e.status(), status, "{id}: {e}");
    assert!(!error.is_retryable(), "{id}: {e:?}");
    let problem = e
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/problem+json"));
    let found = match violations(e.headers()) {
        Some(found) => found,
        None if problem => e.body_snippet().unwrap_or_default(),
        None => "",
    };
    assert!(found.contains(violation), "{id}: {e:?}");
}

/// Whatever the client sends, the spec accepts: an argument is either
/// refused before sending, or Prism finds nothing wrong with the request.
#[tokio::test]
async fn arguments_the_client_sends_are_ones_the_spec_accepts() {
    let Some(prisms) = Prisms::shared() else {
        return;
    };
    // The client for the Prism that serves `operation_id` (the two
    // operations' paths may be in different parts of the spec).
    let client = |operation_id| {
        prism_client(prisms.serving(operation_id), false)
            .build()
            .unwrap()
    };
    let (creates, gets) = (
        client("namespace-worker-create"),
        client("namespace-worker-get-namespace"),
    );
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
        let namespaces = |client: &Client| {
            client
                .account(account_id)
                .workers_for_platforms()
                .dispatch()
                .namespaces()
        };
        let sent = [
            namespaces(&creates)
                .create()
                .name(name)
                .send()
                .await
                .map(|a| a.map(drop)),
            namespaces(&gets)
                .get(name)
                .send()
                .await
                .map(|a| a.map(drop)),
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

/// The README installs Prism with `.ci/run`'s own command, and names the
/// Node.js version Prism declares it needs (its `engines` in
/// `package-lock.json`), so that a contributor sets up what CI runs.
#[test]
fn the_readme_installs_prism_as_ci_does_and_names_its_node() {
    let root = workspace_root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let npm_ci = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| line.contains("npm ci") && line.trim_start().starts_with('('))
            .map(|line| line.split(" # ").next().unwrap().trim().to_owned())
            .collect()
    };
    let ci = npm_ci(&read(".ci/run"));
    assert_eq!(ci.len(), 1, "{ci:?}");
    assert_eq!(npm_ci(&read("README.md")), ci);

    let lock: serde_json::Value =
        serde_json::from_str(&read("tests/prism/package-lock.json")).unwrap();
    let node = lock["packages"]["node_modules/@stoplight/prism-cli"]["engines"]["node"]
        .as_str()
        .expect("Prism's engines name a Node.js version");
    let version = node.trim_start_matches(">=").trim();
    let (major_minor, patch) = version.rsplit_once('.').unwrap();
    let named = if patch == "0" { major_minor } else { version };
    assert!(
        read("README.md").contains(&format!("Node.js {named} or newer")),
        "the README should name Node.js {named} or newer (Prism's engines: {node})"
    );
}
