//! CONTRIBUTING.md's "adding an endpoint", walked for real: on a temporary
//! copy of the workspace, add the spec file the guide shows, run regen, and
//! run the parts of the suite that depend on the spec there: regen's
//! check, the tree's reach (`tree_walk`, as `tests/e2e/tree.rs`), and the
//! contract (every operation, the new one too, sent with the spec's
//! examples to Prism serving the copy's spec, as `tests/e2e/contract.rs`), plus
//! the guide's own call, with no hand-written Rust.

use std::path::Path;
use std::process::Command;

use cloudflare_api_tests::prism_server::Prism;
use cloudflare_api_tests::workspace::workspace_root;
use xtask::{Mode, Workspace};

/// The fenced block that follows `<!-- extension-test: {name} -->`.
fn guide_block(guide: &str, name: &str) -> String {
    let marker = format!("<!-- extension-test: {name} -->");
    let after = guide
        .split_once(&marker)
        .unwrap_or_else(|| panic!("CONTRIBUTING.md has no {marker}"))
        .1;
    let body = after
        .split_once("```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(_, rest)| rest)
        .expect("a fenced block follows the marker");
    let (block, _) = body.split_once("\n```").expect("the block is closed");
    format!("{block}\n")
}

/// Copies the workspace's sources (not build output, VCS data or
/// installed packages) to `to`.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&path, &to.join(&*name));
        } else {
            std::fs::copy(&path, to.join(&*name)).unwrap();
        }
    }
}

/// The example program the test runs in the copy: the guide's call, then
/// every operation's example call (as `tests/e2e/contract.rs` sends them), all
/// against the Prism at `$PRISM_URL`, which serves the copy's spec. It
/// prints one line per operation and fails on anything Prism or the client
/// found wrong.
const PROGRAM: &str = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .credentials(cloudflare_api::Credentials::api_token("test-token"))
        .base_url(std::env::var("PRISM_URL")?)
        .max_retries(0)
        .build()?;
    workers_subdomain(&client).await?;
    let mut failed = 0;
    for example in cloudflare_api::api::examples(&client) {
        match example.call.await {
            Ok(answer) if answer.headers().get("sl-violations").is_none() => {
                println!("ok {}", example.operation_id);
            }
            Ok(answer) => {
                failed += 1;
                println!("refused {} {:?}", example.operation_id, answer.headers().get("sl-violations"));
            }
            Err(e) => {
                failed += 1;
                println!("failed {} {e}", example.operation_id);
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} operations failed").into());
    }
    Ok(())
}
"#;

#[test]
fn an_endpoint_added_as_contributing_md_says_is_generated_and_callable() {
    let root = workspace_root();
    let guide = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_sources(&root, copy.path());

    // 1. The spec file from the guide.
    let spec_file = copy.path().join("openapi/workers-subdomain.yaml");
    std::fs::write(&spec_file, guide_block(&guide, "spec")).unwrap();

    // 2. cargo xtask regen: both generated files change, and --check agrees.
    let workspace = Workspace::new(copy.path());
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.written);
    assert!(
        report
            .sources
            .contains(&"openapi/workers-subdomain.yaml".to_owned()),
        "{:?}",
        report.sources
    );
    let generated = std::fs::read_to_string(workspace.generated_file()).unwrap();
    for expected in [
        "pub fn worker_subdomain_get_subdomain(",
        "impl crate::Envelope for WorkerSubdomainGetSubdomainResponse",
        "type Result = WorkersSubdomain;",
        "\"/accounts/{account_id}/workers/subdomain\"",
    ] {
        assert!(generated.contains(expected), "missing {expected:?}");
    }
    xtask::regen(&workspace, Mode::Check).unwrap();

    // 3. The tree reaches it, as the guide says, and every other operation.
    let reached = cloudflare_api_tests::tree_walk::reached(copy.path());
    assert_eq!(
        reached
            .get("worker-subdomain-get-subdomain")
            .map(String::as_str),
        Some("client.account(account_id).workers().subdomains().get()")
    );
    let spec = xtask::spec::load(&workspace.spec_dir(), |p| p.display().to_string()).unwrap();
    for operation in &spec.operations {
        assert!(
            reached.contains_key(&operation.id),
            "{} is unreachable",
            operation.id
        );
    }

    // 4. The guide's call, and every operation's example call, built and
    //    run in the copy against Prism serving the copy's spec: what
    //    tests/e2e/contract.rs checks, for the spec with the new operation.
    let example = copy
        .path()
        .join("crates/cloudflare-api/examples/extension.rs");
    std::fs::create_dir_all(example.parent().unwrap()).unwrap();
    let call = guide_block(&guide, "call");
    std::fs::write(&example, format!("{call}{PROGRAM}")).unwrap();
    let Some(prism) = Prism::start_for(copy.path()) else {
        // Prism::start_for said why; under CI it fails instead.
        return;
    };

    // Its own target folder: the outer `cargo test` holds the lock on the
    // workspace's. Kept between runs, so only the first run is slow.
    let target = root.join("target/extension-test");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "run",
            "--offline",
            "--locked",
            "--quiet",
            "-p",
            "cloudflare-api",
            "--features",
            "test-util",
            "--example",
            "extension",
        ])
        .current_dir(copy.path())
        .env("CARGO_TARGET_DIR", &target)
        // No debug info: a faster build and link of a program run once.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("PRISM_URL", prism.url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the example failed:\n{stdout}\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        prism.log()
    );
    let mut called: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ok "))
        .collect();
    called.sort_unstable();
    let mut in_spec: Vec<&str> = spec.operations.iter().map(|op| op.id.as_str()).collect();
    in_spec.sort_unstable();
    assert_eq!(called, in_spec);
}
