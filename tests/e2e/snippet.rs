//! The snippet that opens the README and the crate docs runs as written:
//! `bin/snippet.rs` holds it, this test runs that program against a local
//! stateful fake of the API (`Client::from_env()` reads the test's
//! `CLOUDFLARE_*` variables), and checks that both docs show exactly it.

use std::process::Command;

use cloudflare_api::{Error, StatusCode};
use cloudflare_api_tests::client::client_for;
use cloudflare_api_tests::fake_namespaces::{NAMESPACES, fake_api, sent};
use cloudflare_api_tests::workspace::workspace_root;
use cloudflare_api_tests::{ACCOUNT_ID, RAY, TOKEN};
use serde_json::{Value, json};

/// The parts of `bin/snippet.rs` between `// snippet:start` and
/// `// snippet:end` markers, without their indentation: the `use` line and
/// the body (between them the docs have hidden lines that open a function).
fn snippet() -> Vec<String> {
    let source = std::fs::read_to_string(workspace_root().join("tests/bin/snippet.rs")).unwrap();
    let mut parts = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in source.lines() {
        match line.trim() {
            "// snippet:start" => current = Some(Vec::new()),
            "// snippet:end" => {
                let lines = current.take().expect("a start marker");
                parts.push(lines.join("\n") + "\n");
            }
            _ => {
                if let Some(lines) = &mut current {
                    lines.push(line.strip_prefix("    ").unwrap_or(line));
                }
            }
        }
    }
    assert_eq!(
        parts.len(),
        2,
        "two marked parts: the `use` line and the body"
    );
    parts
}

/// `text` contains `parts` in order, and no code block starts before the
/// first one's own.
fn opens_with(text: &str, parts: &[String], fence: &str) -> bool {
    let Some(start) = text.find(&parts[0]) else {
        return false;
    };
    text[start..].contains(&parts[1]) && text[..start].matches(fence).count() == 1
}

#[test]
fn the_readme_and_the_crate_docs_open_with_the_snippet() {
    let parts = snippet();
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    assert!(
        opens_with(&readme, &parts, "```"),
        "README.md must open with tests/bin/snippet.rs as written:\n{}{}",
        parts[0],
        parts[1]
    );
    let lib =
        std::fs::read_to_string(workspace_root().join("crates/cloudflare-api/src/lib.rs")).unwrap();
    let as_docs: Vec<String> = parts
        .iter()
        .map(|part| {
            part.lines()
                .map(|line| match line {
                    "" => "//!\n".to_owned(),
                    line => format!("//! {line}\n"),
                })
                .collect()
        })
        .collect();
    assert!(
        opens_with(&lib, &as_docs, "//! ```"),
        "the crate docs must open with tests/bin/snippet.rs as written:\n{}{}",
        as_docs[0],
        as_docs[1]
    );
}

#[tokio::test]
async fn the_snippet_runs_as_written() {
    let server = fake_api().await;
    let output = Command::new(env!("CARGO_BIN_EXE_snippet"))
        .env_clear()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", server.uri()))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        stdout,
        format!("f174e90a-fafe-4643-bbbc-000000000000 (cf-ray {RAY})\ncustomers\n")
    );
    // The last create finds the name free again (it was deleted): `Ok(_)`.
    assert_eq!(stderr, "");

    let item = format!("{NAMESPACES}/customers");
    let request =
        |method: &str, path: &str, body: Value| (method.to_owned(), path.to_owned(), body);
    assert_eq!(
        sent(&server).await,
        [
            request("POST", NAMESPACES, json!({ "name": "customers" })),
            request("GET", NAMESPACES, Value::Null),
            request("GET", &item, Value::Null),
            request("PATCH", &item, json!({ "trusted_workers": true })),
            request("PUT", &item, json!({ "trusted_workers": true })),
            request("DELETE", &item, Value::Null),
            request("POST", NAMESPACES, json!({ "name": "customers" })),
        ]
    );
}

/// The snippet's error branch (which its own run does not reach, as the
/// name is free again by then): a create that conflicts is an `Error::Api`
/// with status 409 and Cloudflare's code and message.
#[tokio::test]
async fn a_conflicting_create_is_the_snippet_s_error_branch() {
    let server = fake_api().await;
    let account = client_for(&server).build().unwrap().account(ACCOUNT_ID);
    let namespaces = account.workers_for_platforms().dispatch().namespaces();
    namespaces.create().name("customers").send().await.unwrap();
    match namespaces.create().name("customers").send().await {
        Err(Error::Api(e)) if e.status() == StatusCode::CONFLICT => {
            let errors: Vec<_> = e
                .errors()
                .iter()
                .map(|err| (err.code, err.message.as_str()))
                .collect();
            assert_eq!(errors, [(100_118, "namespace already exists")]);
        }
        other => panic!("expected a 409 Error::Api, got {other:?}"),
    }
}
