//! The resource tree reaches every operation of the spec, and every
//! operation has a generated method (and a row in `OPERATIONS`).
//!
//! The tree is read as Rust, not as the generator meant it: starting at
//! `Client`, every public method's return type is followed to the next
//! group, and a builder's `send()` names the generated operation it calls.
//! An operation no chain of methods leads to fails the test. Doc comments
//! of the hand-written code that name an operation (``(`operation-id`)``,
//! CONTRIBUTING.md's convention) must name one in the spec.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use cloudflare_api::generated::{OPERATIONS, Operation};
use cloudflare_api_tests::workspace_root;
use syn::visit::Visit;

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

/// A public method: its name, arguments (without `self`) and the last
/// segment of its return type.
#[derive(Debug, Clone)]
struct Method {
    name: String,
    args: Vec<String>,
    returns: Option<String>,
    /// For `send`: the generated operation it calls (`.generated().op()`).
    calls: Option<String>,
}

/// Every `impl Type { pub fn .. }` of `file`, by the type's last segment.
#[derive(Default)]
struct Impls {
    methods: BTreeMap<String, Vec<Method>>,
}

impl<'ast> Visit<'ast> for Impls {
    fn visit_item_impl(&mut self, node: &'ast syn::ItemImpl) {
        let syn::Type::Path(self_ty) = &*node.self_ty else {
            return;
        };
        let owner = self_ty.path.segments.last().unwrap().ident.to_string();
        for item in &node.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let returns = match &f.sig.output {
                syn::ReturnType::Type(_, ty) => match &**ty {
                    syn::Type::Path(path) => {
                        Some(path.path.segments.last().unwrap().ident.to_string())
                    }
                    _ => None,
                },
                syn::ReturnType::Default => None,
            };
            let args = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(typed) => match &*typed.pat {
                        syn::Pat::Ident(name) => Some(name.ident.to_string()),
                        _ => None,
                    },
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            let mut calls = GeneratedCall::default();
            calls.visit_block(&f.block);
            self.methods.entry(owner.clone()).or_default().push(Method {
                name: f.sig.ident.to_string(),
                args,
                returns,
                calls: calls.0,
            });
        }
    }
}

/// The method called on `.generated()`.
#[derive(Default)]
struct GeneratedCall(Option<String>);

impl<'ast> Visit<'ast> for GeneratedCall {
    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        if let syn::Expr::MethodCall(receiver) = &*node.receiver
            && receiver.method == "generated"
        {
            self.0 = Some(node.method.to_string());
        }
        syn::visit::visit_expr_method_call(self, node);
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every operation the tree reaches from `Client`: operationId → the chain
/// of calls that leads to it (`account(account_id).dispatch_namespaces().create()`).
fn reached() -> BTreeMap<String, String> {
    let mut impls = Impls::default();
    let src = workspace_root().join("crates/cloudflare-api/src");
    impls.visit_file(&parse(&src.join("api/generated.rs")));
    impls.visit_file(&parse(&src.join("client.rs")));
    let mut reached = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([("Client".to_owned(), "client".to_owned())]);
    while let Some((ty, chain)) = queue.pop_front() {
        if !seen.insert(ty.clone()) {
            continue;
        }
        for method in impls.methods.get(&ty).into_iter().flatten() {
            if method.name == "send"
                && let Some(name) = &method.calls
            {
                let operation = Operation::by_method_name(name)
                    .unwrap_or_else(|| panic!("{ty}::send calls `{name}`, not an operation"));
                reached.insert(operation.operation_id.to_owned(), chain.clone());
            }
            if let Some(next) = &method.returns {
                let call = format!("{chain}.{}({})", method.name, method.args.join(", "));
                queue.push_back((next.clone(), call));
            }
        }
    }
    reached
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

#[test]
fn the_tree_reads_as_the_issue_promises() {
    let reached = reached();
    for (id, chain) in [
        (
            "namespace-worker-create",
            "client.account(account_id).dispatch_namespaces().create()",
        ),
        (
            "namespace-worker-list",
            "client.account(account_id).dispatch_namespaces().list()",
        ),
        (
            "namespace-worker-get-namespace",
            "client.account(account_id).dispatch_namespaces().get(dispatch_namespace)",
        ),
        (
            "namespace-worker-patch-namespace",
            "client.account(account_id).dispatch_namespaces().edit(dispatch_namespace)",
        ),
        (
            "namespace-worker-put-namespace",
            "client.account(account_id).dispatch_namespaces().update(dispatch_namespace)",
        ),
        (
            "namespace-worker-delete-namespace",
            "client.account(account_id).dispatch_namespaces().delete(dispatch_namespace)",
        ),
    ] {
        assert_eq!(reached.get(id).map(String::as_str), Some(chain), "{id}");
    }
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
