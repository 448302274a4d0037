//! CONTRIBUTING.md's "adding an endpoint", walked for real: on a temporary
//! copy of the workspace, add the spec file the guide shows, run regen, and
//! check that the new operation has a method and that the guide's call
//! (through `Normalize`, with no hand-written Rust) compiles.

use std::path::Path;
use std::process::Command;

use cloudflare_api_tests::workspace_root;
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

#[test]
fn an_endpoint_added_as_contributing_md_says_is_generated_and_callable() {
    let root = workspace_root();
    let guide = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_sources(&root, copy.path());

    // 1. The spec file from the guide.
    let spec_file = copy.path().join("openapi/namespace-scripts.yaml");
    std::fs::write(&spec_file, guide_block(&guide, "spec")).unwrap();

    // 2. cargo xtask regen.
    let workspace = Workspace::new(copy.path());
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.written);
    assert_eq!(
        report.sources,
        ["openapi/cloudflare.yaml", "openapi/namespace-scripts.yaml"]
    );
    let generated = std::fs::read_to_string(workspace.generated_file()).unwrap();
    for expected in [
        "pub fn namespace_worker_script_worker_details(",
        "impl crate::Envelope for NamespaceWorkerScriptWorkerDetailsResponse",
        "type Result = NamespaceScript;",
        "\"/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}\"",
    ] {
        assert!(generated.contains(expected), "missing {expected:?}");
    }
    xtask::regen(&workspace, Mode::Check).unwrap();

    // 3. The guide's call, as an example of the ergonomic crate, compiles.
    let example = copy
        .path()
        .join("crates/cloudflare-api/examples/extension.rs");
    std::fs::create_dir_all(example.parent().unwrap()).unwrap();
    let call = guide_block(&guide, "call");
    std::fs::write(
        &example,
        format!("{call}\nfn main() {{\n    let _ = script_details;\n}}\n"),
    )
    .unwrap();

    // Its own target folder: the outer `cargo test` holds the lock on the
    // workspace's. Kept between runs, so only the first run is slow.
    let target = root.join("target/extension-test");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--locked",
            "--quiet",
            "-p",
            "cloudflare-api",
            "--example",
            "extension",
        ])
        .current_dir(copy.path())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo check failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
