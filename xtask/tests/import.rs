//! `cargo xtask import` and the fixes kept apart from what it imports:
//! Cloudflare's text lands in `openapi/imported/<product>.json` as
//! published, with every component it needs, the same bytes every time;
//! a fix in `openapi/fixes/` changes what regen reads, and one that no
//! longer applies stops regen, naming its file and line.

use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::import::{Selection, import};
use xtask::{Mode, Workspace};

/// The cut of Cloudflare's 2026-08-14 schema the tests import from: the
/// three Worker Subdomain operations and their components.
fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/cloudflare-schema/worker-subdomain.json")
}

const PRODUCTS: &str = "method\tpath\toperationId\tproduct\tchain\tname\tfrom\n\
    DELETE\t/accounts/{account_id}/workers/subdomain\tworker-subdomain-delete-subdomain\tworkers\tworkers.subdomains\tdelete\ttypescript\n\
    GET\t/accounts/{account_id}/workers/subdomain\tworker-subdomain-get-subdomain\tworkers\tworkers.subdomains\tget\ttypescript\n\
    PUT\t/accounts/{account_id}/workers/subdomain\tworker-subdomain-create-subdomain\tworkers\tworkers.subdomains\tupdate\ttypescript\n";

/// The root document the imported operations are merged into: what
/// `openapi/cloudflare.yaml` is to the project.
const ROOT: &str = "openapi: 3.0.3\ninfo: {title: Test, version: 1.0.0}\npaths: {}\n";

fn workspace() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let spec = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::write(spec.join("products.tsv"), PRODUCTS).unwrap();
    std::fs::write(spec.join("root.yaml"), ROOT).unwrap();
    for file in [xtask::GENERATED_FILE, xtask::TREE_FILE] {
        std::fs::create_dir_all(root.path().join(file).parent().unwrap()).unwrap();
    }
    root
}

fn operations(selection: &[&str]) -> Selection {
    Selection {
        operations: selection.iter().map(|s| (*s).to_owned()).collect(),
        ..Selection::default()
    }
}

fn imported(root: &Path) -> Value {
    let text = std::fs::read_to_string(root.join("openapi/imported/workers.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn an_operation_is_imported_as_published_with_its_components() {
    let root = workspace();
    let workspace = Workspace::new(root.path());
    let report = import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-get-subdomain"]),
        false,
    )
    .unwrap();
    assert_eq!(
        report.files,
        [("openapi/imported/workers.json".to_owned(), 1, 4, true)]
    );

    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(schema()).unwrap()).unwrap();
    let route = "/accounts/{account_id}/workers/subdomain";
    let doc = imported(root.path());
    assert_eq!(doc["paths"][route]["get"], published["paths"][route]["get"]);
    assert_eq!(
        doc["paths"][route].as_object().unwrap().len(),
        1,
        "only the GET"
    );
    let names: Vec<&String> = doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        names,
        [
            "workers_api-response-common-failure",
            "workers_identifier",
            "workers_messages",
            "workers_subdomain-2"
        ]
    );
    for name in names {
        assert_eq!(
            doc["components"]["schemas"][name],
            published["components"]["schemas"][name]
        );
    }
    // And regen takes it as imported.
    xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn importing_again_gives_the_same_bytes_and_keeps_what_was_imported() {
    let root = workspace();
    let workspace = Workspace::new(root.path());
    import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-get-subdomain"]),
        false,
    )
    .unwrap();
    let first = std::fs::read(root.path().join("openapi/imported/workers.json")).unwrap();

    // A re-import of everything imported: unchanged, and --check agrees.
    let again = import(&workspace, &schema(), &Selection::default(), false).unwrap();
    assert!(!again.files[0].3, "rewritten: {again:?}");
    assert_eq!(
        first,
        std::fs::read(root.path().join("openapi/imported/workers.json")).unwrap()
    );
    import(&workspace, &schema(), &Selection::default(), true).unwrap();

    // Adding an operation keeps the one imported before.
    import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-delete-subdomain"]),
        false,
    )
    .unwrap();
    let doc = imported(root.path());
    let item = &doc["paths"]["/accounts/{account_id}/workers/subdomain"];
    assert!(
        item["get"].is_object() && item["delete"].is_object(),
        "{item}"
    );
}

#[test]
fn check_fails_when_the_schema_changed() {
    let root = workspace();
    let workspace = Workspace::new(root.path());
    import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-get-subdomain"]),
        false,
    )
    .unwrap();
    // A newer schema: the same operation, its summary changed.
    let mut newer: Value =
        serde_json::from_str(&std::fs::read_to_string(schema()).unwrap()).unwrap();
    newer["paths"]["/accounts/{account_id}/workers/subdomain"]["get"]["summary"] =
        "Get the subdomain".into();
    let newer_path = root.path().join("newer.json");
    std::fs::write(&newer_path, newer.to_string()).unwrap();
    let error = import(&workspace, &newer_path, &Selection::default(), true)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("openapi/imported/workers.json is stale"),
        "{error}"
    );
    assert!(error.contains("Get the subdomain"), "{error}");
}

#[test]
fn an_operation_without_a_product_or_a_selection_of_nothing_is_refused() {
    let root = workspace();
    std::fs::write(
        root.path().join("openapi/products.tsv"),
        "method\tpath\toperationId\tproduct\tchain\tname\tfrom\n",
    )
    .unwrap();
    let workspace = Workspace::new(root.path());
    let error = import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-get-subdomain"]),
        false,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        error,
        "import: `GET /accounts/{account_id}/workers/subdomain` has no product in \
         openapi/products.tsv; add its row first"
    );
    let error = import(
        &workspace,
        &schema(),
        &operations(&["no-such-operation"]),
        false,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("matches no operation"), "{error}");
}

#[test]
fn a_fix_changes_what_regen_reads_and_one_that_selects_nothing_stops_it() {
    let root = workspace();
    let workspace = Workspace::new(root.path());
    import(
        &workspace,
        &schema(),
        &operations(&["worker-subdomain-get-subdomain"]),
        false,
    )
    .unwrap();
    let fixes = root.path().join("openapi/fixes");
    std::fs::create_dir_all(&fixes).unwrap();
    let fix = |target: &str| {
        format!(
            "overlay: 1.0.0\ninfo: {{title: Workers fixes, version: '1'}}\nactions:\n\
             \x20 - target: {target}\n    description: The tree reads better here.\n\
             \x20   update:\n      x-rust-tree: {{group: workers.subdomain, method: read}}\n"
        )
    };
    std::fs::write(
        fixes.join("workers.yaml"),
        fix("$.paths['/accounts/{account_id}/workers/subdomain'].get"),
    )
    .unwrap();
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report
            .sources
            .contains(&"openapi/fixes/workers.yaml".to_owned()),
        "{:?}",
        report.sources
    );
    let tree =
        std::fs::read_to_string(workspace.product_dir("workers").join("src/tree.rs")).unwrap();
    assert!(
        tree.contains("pub fn subdomain(&self)"),
        "the fix's group is not in the tree"
    );
    assert!(
        tree.contains("pub fn read(&self)"),
        "the fix's method is not in the tree"
    );
    // The imported text is untouched.
    assert!(
        !std::fs::read_to_string(root.path().join("openapi/imported/workers.json"))
            .unwrap()
            .contains("x-rust-tree")
    );

    std::fs::write(
        fixes.join("workers.yaml"),
        fix("$.paths['/accounts/{account_id}/workers/gone'].get"),
    )
    .unwrap();
    let error = xtask::regen(&workspace, Mode::Write)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("openapi/fixes/workers.yaml:4: "),
        "{error}"
    );
    assert!(error.contains("selects nothing"), "{error}");
}
