//! The resource tree reaches every operation of the spec, and every
//! operation has a generated method (and a row in `OPERATIONS`).
//!
//! The tree is read as Rust, not as the generator meant it: starting at
//! `Client`, every public method's return type is followed to the next
//! group, and a builder's `send()` names the generated operation it calls.
//! An operation no chain of methods leads to fails the test. Doc comments
//! of the hand-written code that name an operation (``(`operation-id`)``,
//! CONTRIBUTING.md's convention) must name one in the spec.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cloudflare_api_tests::workspace::{workspace_root, workspace_spec};

/// The spec's operations: (operationId, HTTP method, path).
fn spec_operations() -> Vec<(String, String, String)> {
    workspace_spec()
        .operations
        .iter()
        .map(|op| (op.id.clone(), op.method.to_uppercase(), op.route.clone()))
        .collect()
}

/// The file `name` (`generated.rs`, `tree.rs`) of every product crate of
/// the workspace at `root`, one after the other.
fn product_files(root: &Path, name: &str) -> String {
    let mut files: Vec<_> = std::fs::read_dir(root.join(xtask::PRODUCTS_DIR))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("src").join(name))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

/// Every operation the tree reaches, with the chain of calls to it.
fn reached() -> &'static BTreeMap<String, String> {
    &cloudflare_api_tests::tree_walk::workspace_tree().0
}

#[test]
fn every_spec_operation_is_reachable_through_the_tree() {
    let reached = reached();
    let spec = spec_operations();
    assert!(!spec.is_empty());
    let missing: Vec<_> = spec
        .iter()
        .filter(|(id, ..)| !reached.contains_key(id))
        .collect();
    assert!(
        missing.is_empty(),
        "no chain of methods from `Client` leads to {missing:?}"
    );
    for (id, method, path) in &spec {
        println!("{method:6} {path}\n       {id}: {}.send()", reached[id]);
    }
}

/// Every operation of Workers for Platforms (the 26 under
/// `/accounts/{account_id}/workers/dispatch/namespaces` in Cloudflare's
/// schema of 2026-08-14), and the chain of calls that reaches each:
/// Cloudflare's SDK groups and method names.
const WORKERS_FOR_PLATFORMS: [(&str, &str); 26] = [
    (
        "namespace-worker-list",
        "workers_for_platforms().dispatch().namespaces().list()",
    ),
    (
        "namespace-worker-create",
        "workers_for_platforms().dispatch().namespaces().create()",
    ),
    (
        "namespace-worker-get-namespace",
        "workers_for_platforms().dispatch().namespaces().get(dispatch_namespace)",
    ),
    (
        "namespace-worker-patch-namespace",
        "workers_for_platforms().dispatch().namespaces().edit(dispatch_namespace)",
    ),
    (
        "namespace-worker-put-namespace",
        "workers_for_platforms().dispatch().namespaces().update(dispatch_namespace)",
    ),
    (
        "namespace-worker-delete-namespace",
        "workers_for_platforms().dispatch().namespaces().delete(dispatch_namespace)",
    ),
    (
        "namespace-worker-list-scripts",
        "workers_for_platforms().dispatch().namespaces().scripts().list(dispatch_namespace)",
    ),
    (
        "namespace-worker-delete-scripts",
        "workers_for_platforms().dispatch().namespaces().scripts().bulk_delete(dispatch_namespace)",
    ),
    (
        "namespace-worker-script-worker-details",
        "workers_for_platforms().dispatch().namespaces().scripts().get(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-script-delete-worker",
        "workers_for_platforms().dispatch().namespaces().scripts().delete(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-script-update-create-assets-upload-session",
        "workers_for_platforms().dispatch().namespaces().scripts().asset_upload().create(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-get-script-bindings",
        "workers_for_platforms().dispatch().namespaces().scripts().bindings().get(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-get-script-content",
        "workers_for_platforms().dispatch().namespaces().scripts().content().get(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-get-script-settings",
        "workers_for_platforms().dispatch().namespaces().scripts().settings().get(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-list-script-secrets",
        "workers_for_platforms().dispatch().namespaces().scripts().secrets().list(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-put-script-secrets",
        "workers_for_platforms().dispatch().namespaces().scripts().secrets().update(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-patch-script-secrets-bulk",
        "workers_for_platforms().dispatch().namespaces().scripts().secrets().bulk_update(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-get-script-secrets",
        "workers_for_platforms().dispatch().namespaces().scripts().secrets()\
         .get(dispatch_namespace, script_name, secret_name)",
    ),
    (
        "namespace-worker-delete-script-secret",
        "workers_for_platforms().dispatch().namespaces().scripts().secrets()\
         .delete(dispatch_namespace, script_name, secret_name)",
    ),
    (
        "namespace-worker-get-script-tags",
        "workers_for_platforms().dispatch().namespaces().scripts().tags().list(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-put-script-tags",
        "workers_for_platforms().dispatch().namespaces().scripts().tags().update(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-put-script-tag",
        "workers_for_platforms().dispatch().namespaces().scripts().tags().create(dispatch_namespace, script_name, tag)",
    ),
    (
        "namespace-worker-delete-script-tag",
        "workers_for_platforms().dispatch().namespaces().scripts().tags().delete(dispatch_namespace, script_name, tag)",
    ),
    (
        "namespace-worker-script-upload-worker-module",
        "workers_for_platforms().dispatch().namespaces().scripts().update(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-put-script-content",
        "workers_for_platforms().dispatch().namespaces().scripts().content().update(dispatch_namespace, script_name)",
    ),
    (
        "namespace-worker-patch-script-settings",
        "workers_for_platforms().dispatch().namespaces().scripts().settings().edit(dispatch_namespace, script_name)",
    ),
];

#[test]
fn the_tree_reads_as_the_issue_promises() {
    let reached = reached();
    for (id, chain) in WORKERS_FOR_PLATFORMS {
        let chain = format!("client.account(account_id).{chain}");
        assert_eq!(reached.get(id), Some(&chain), "{id}");
    }
}

/// `name` in snake case as the official SDKs' Python and Go names read:
/// `dispatch` stays, `assetUpload` is `asset_upload`, `advancedTCPProtection`
/// `advanced_tcp_protection`.
fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let after_lower = chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit();
            let run_ends = chars[i - 1].is_ascii_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || run_ends {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every spec operation the official SDKs cover is reached by their chain
/// and method name (`openapi/products.tsv`, the TypeScript SDK's, checked
/// against its copy by `xtask/tests/products.rs`): the product first, the
/// rest of the chain, the method; under `client.account(id)` a leading
/// `accounts` is the scope itself, as under `client.zone(id)` `zones`. An
/// operation under `/{accounts_or_zones}/..` is reached under both, by the
/// same chain, unless the SDKs name its scope (`accounts.subscriptions`:
/// under `client.account(id)` alone), and no operation by more chains than
/// its scopes.
#[test]
fn every_operation_the_sdks_cover_has_their_chain_and_name() {
    let all = &cloudflare_api_tests::tree_walk::workspace_tree().1;
    let table = std::fs::read_to_string(workspace_root().join("openapi/products.tsv")).unwrap();
    let mut rows = std::collections::HashMap::new();
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        rows.insert(
            (f[0].to_owned(), f[1].to_owned()),
            (f[3].to_owned(), f[4].to_owned(), f[5].to_owned()),
        );
    }
    let mut checked = 0;
    for (id, method, path) in spec_operations() {
        let Some((product, chain, name)) = rows.get(&(method.clone(), path.clone())) else {
            panic!("{method} {path} has no row");
        };
        if chain.is_empty() {
            continue;
        }
        // Under `/{accounts_or_zones}/..`, both handles lead to it, unless
        // the SDKs name the scope (the product or the chain's first word is
        // `accounts` or `zones`).
        let named = |word: &str| product == word || chain.split('.').next() == Some(word);
        let scopes: &[(&str, Option<&str>)] =
            if path.starts_with("/{accounts_or_zones}/{") && named("accounts") {
                &[("client.account(account_id)", Some("accounts"))]
            } else if path.starts_with("/{accounts_or_zones}/{") && named("zones") {
                &[("client.zone(zone_id)", Some("zones"))]
            } else if path.starts_with("/{accounts_or_zones}/{") {
                &[
                    ("client.account(account_id)", Some("accounts")),
                    ("client.zone(zone_id)", Some("zones")),
                ]
            } else if path.starts_with("/accounts/{") {
                &[("client.account(account_id)", Some("accounts"))]
            } else if path.starts_with("/zones/{") {
                &[("client.zone(zone_id)", Some("zones"))]
            } else {
                &[("client", None)]
            };
        let either = scopes.len() == 2;
        let got = &all[&id];
        assert_eq!(got.len(), scopes.len(), "{id}: {got:?}");
        for (scope, plural) in scopes {
            let mut segments: Vec<String> = std::iter::once(product.replace('-', "_"))
                .chain(chain.split('.').skip(1).map(snake))
                .collect();
            if plural.is_some_and(|p| segments[0] == p)
                || (either && (segments[0] == "accounts" || segments[0] == "zones"))
            {
                segments.remove(0);
            }
            let mut expected = (*scope).to_owned();
            for segment in &segments {
                expected.push_str(&format!(".{segment}()"));
            }
            expected.push_str(&format!(".{}(", snake(name)));
            assert!(
                got.iter().any(|chain| chain.starts_with(&expected)),
                "{id}: {got:?}, expected {expected}..)"
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} operations checked");
}

#[test]
fn the_spec_has_all_26_operations_of_workers_for_platforms() {
    let prefix = "/accounts/{account_id}/workers/dispatch/namespaces";
    let mut in_spec: Vec<String> = spec_operations()
        .into_iter()
        .filter(|(_, _, path)| path.starts_with(prefix))
        .map(|(id, ..)| id)
        .collect();
    in_spec.sort_unstable();
    let mut expected: Vec<&str> = WORKERS_FOR_PLATFORMS.iter().map(|(id, _)| *id).collect();
    expected.sort_unstable();
    assert_eq!(in_spec, expected);
    assert_eq!(in_spec.len(), 26, "as in Cloudflare's schema of 2026-08-14");
}

#[test]
fn every_spec_operation_has_a_generated_method() {
    let generated = product_files(&workspace_root(), "generated.rs");
    let spec = spec_operations();
    assert!(!spec.is_empty());
    for (id, method, path) in &spec {
        let operation = cloudflare_api::operation(id)
            .unwrap_or_else(|| panic!("`{id}` is in the spec but not in OPERATIONS"));
        assert_eq!(
            (operation.http_method, operation.path),
            (method.as_str(), path.as_str())
        );
        let signature = format!("pub async fn {}(", operation.method_name);
        assert!(
            generated.contains(&signature),
            "`{id}` is in the spec but the generated client has no `{signature}`"
        );
    }
    assert_eq!(
        cloudflare_api::operations().len(),
        spec.len(),
        "the products' OPERATIONS have operations the spec has not"
    );
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

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_operation_the_docs_name_is_in_the_spec() {
    let spec: BTreeSet<String> = spec_operations().into_iter().map(|(id, ..)| id).collect();
    let mut files = Vec::new();
    rust_files(&workspace_root().join("crates"), &mut files);
    let mut documented = BTreeSet::new();
    for path in files {
        // Progenitor's output carries Cloudflare's descriptions, whose
        // backticked words in parentheses are the API's values (a Durable
        // Object export's state, `expecting-transfer`), not operations; the
        // tree (`tree.rs`) names each builder's operation, as regen writes.
        if path.file_name().is_some_and(|name| name == "generated.rs") {
            continue;
        }
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

/// What the tree gives and takes is what users have, for every operation:
/// no builder answers progenitor's `ByteStream` (an answer that is not
/// JSON is `Response<Bytes>`), no setter takes a typify newtype of a list
/// (`Tags(Vec<Tag>)`: it takes any iterable of the items), and no setter
/// offers a URL-encoding flag the client sets itself.
#[test]
fn the_tree_takes_and_gives_plain_values() {
    let root = workspace_root();
    let tree = product_files(&root, "tree.rs");
    let generated = product_files(&root, "generated.rs");
    assert!(
        !tree.contains("ByteStream"),
        "a builder answers a ByteStream"
    );
    assert!(tree.contains("Response<::cloudflare_api_runtime::Bytes>"));
    // typify's newtypes of lists (`pub struct WorkersKvBulkWrite(pub ::std::vec::Vec<..>);`)
    // and of numbers (`pub struct WorkersKvExpirationTtl(pub f64);`).
    let newtypes_of = |field_type: &[&str]| -> Vec<String> {
        generated
            .lines()
            .filter_map(|line| {
                let rest = line.trim().strip_prefix("pub struct ")?;
                let (name, field) = rest.split_once('(')?;
                let field = field.strip_prefix("pub ")?;
                field_type
                    .iter()
                    .any(|ty| field.starts_with(ty))
                    .then(|| name.to_owned())
            })
            .collect()
    };
    let lists = newtypes_of(&["::std::vec::Vec<"]);
    let numbers = newtypes_of(&["f64)", "f32)", "i64)", "i32)", "u64)", "u32)"]);
    assert!(lists.iter().any(|n| n == "WorkersKvBulkWrite"), "{lists:?}");
    assert!(
        numbers.iter().any(|n| n == "WorkersKvExpirationTtl"),
        "{numbers:?}"
    );
    let compact: String = tree.split_whitespace().collect();
    for name in lists.iter().chain(&numbers) {
        assert!(
            !compact.contains(&format!("TryInto<crate::generated::types::{name},")),
            "a setter takes `{name}` rather than the plain values it wraps"
        );
    }
    for flag in ["fn url_encoded(", "url_encoded:"] {
        assert!(!tree.contains(flag), "the tree offers `{flag}`");
    }
}

/// The docs of a setter of the tree: the `///` lines above `pub fn
/// {setter}(` in the builder `builder`, as one text.
fn setter_docs(tree: &str, builder: &str, setter: &str) -> String {
    let start = tree
        .find(&format!("impl {builder} {{"))
        .unwrap_or_else(|| panic!("no builder `{builder}`"));
    let rest = &tree[start..];
    let at = rest
        .find(&format!("pub fn {setter}("))
        .unwrap_or_else(|| panic!("no setter `{setter}` in `{builder}`"));
    let mut lines: Vec<&str> = rest[..at]
        .lines()
        .rev()
        .skip(1)
        .map(str::trim)
        .take_while(|line| line.starts_with("///"))
        .map(|line| line.trim_start_matches("///").trim())
        .collect();
    lines.reverse();
    lines.join("\n")
}

/// A setter's docs say what the spec says of its parameter: the
/// description (the parameter's, else its schema's, through a `$ref` too),
/// the limits that are checked before sending, and the API's default.
#[test]
fn setter_docs_say_what_the_spec_says_of_the_parameter() {
    let tree = product_files(&workspace_root(), "tree.rs");
    let list = "WorkersKvNamespaceListNamespaces";
    assert_eq!(
        setter_docs(&tree, list, "page"),
        "Page number of paginated results.\n\nAt least 1. The API's default: `1`."
    );
    assert_eq!(
        setter_docs(&tree, list, "per_page"),
        "Maximum number of results per page.\n\nAt least 1 and at most 1000. The API's default: `20`."
    );
    assert_eq!(
        setter_docs(&tree, list, "direction"),
        "Direction to order namespaces."
    );
    assert_eq!(
        setter_docs(
            &tree,
            "WorkersKvNamespaceWriteKeyValuePairWithMetadata",
            "expiration_ttl"
        ),
        "Expires the key after a number of seconds. Must be at least 60.\n\nAt least 60."
    );
}
