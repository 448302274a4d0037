//! Coverage: every operation in the spec has a generated method (and a row
//! in `OPERATIONS`), and every operation the ergonomic crate documents a
//! builder for is in the spec.
//!
//! The ergonomic crate names an operation in a doc comment as
//! ``(`operation-id`)`` (see CONTRIBUTING.md).

use std::collections::BTreeSet;

use cloudflare_api::generated::{OPERATIONS, Operation};
use cloudflare_api_tests::workspace_root;

/// The spec's operations: (operationId, HTTP method, path).
fn spec_operations() -> Vec<(String, String, String)> {
    let root = workspace_root();
    let spec = xtask::spec::load(&root.join(xtask::SPEC_DIR), |p| p.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    spec.operations
        .into_iter()
        .map(|op| (op.id, op.method.to_uppercase(), op.route))
        .collect()
}

/// The operationIds named ``(`like-this`)`` in doc comments of `source`.
fn documented_operations(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if !(line.starts_with("///") || line.starts_with("//!")) {
            continue;
        }
        for candidate in line.split("(`").skip(1) {
            let Some((name, _)) = candidate.split_once("`)") else {
                continue;
            };
            let is_operation_id = name.contains('-')
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if is_operation_id {
                found.push(name.to_owned());
            }
        }
    }
    found
}

#[test]
fn every_spec_operation_has_a_generated_method() {
    let generated = std::fs::read_to_string(workspace_root().join(xtask::GENERATED_FILE)).unwrap();
    let spec = spec_operations();
    assert!(!spec.is_empty());
    for (id, method, path) in &spec {
        let operation = Operation::by_operation_id(id)
            .unwrap_or_else(|| panic!("`{id}` is in the spec but not in OPERATIONS"));
        assert_eq!(
            (operation.http_method, operation.path),
            (method.as_str(), path.as_str())
        );
        let signature = format!("pub fn {}(", operation.method_name);
        assert!(
            generated.contains(&signature),
            "`{id}` is in the spec but the generated client has no `{signature}`"
        );
    }
    assert_eq!(
        OPERATIONS.len(),
        spec.len(),
        "OPERATIONS has operations the spec has not"
    );
}

#[test]
fn every_documented_builder_is_for_a_spec_operation() {
    let spec: BTreeSet<String> = spec_operations().into_iter().map(|(id, ..)| id).collect();
    let src = workspace_root().join("crates/cloudflare-api/src");
    let mut documented = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            for id in documented_operations(&source) {
                assert!(
                    spec.contains(&id),
                    "{}: documents `{id}`, which is not in the spec",
                    path.display()
                );
                documented.insert(id);
            }
        }
    }
    // Not a failure: operations are usable without a builder (`Normalize`).
    let without: Vec<_> = spec.difference(&documented).collect();
    println!("spec operations without a hand-written builder: {without:?}");
    assert!(
        documented.contains("namespace-worker-create"),
        "the scan found nothing"
    );
}

#[test]
fn the_doc_scan_reads_the_convention() {
    let source = "/// Get one (`namespace-worker-get-namespace`).\n\
                  // (`not-a-doc-comment`)\n\
                  /// Header (`x_not_an_id`) and (`Mixed-Case`).\n";
    assert_eq!(
        documented_operations(source),
        ["namespace-worker-get-namespace"]
    );
}
