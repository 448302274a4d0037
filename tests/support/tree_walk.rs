//! The generated resource tree read as Rust, not as the generator meant
//! it: starting at `Client`, every public method's return type is followed
//! to the next type, and a builder's `send()` names the generated operation
//! it calls (`generated.op()`, on its product's generated client). What no
//! chain of methods leads to is unreachable for users. The tree is the
//! facade's `src/products.rs` and every product crate's `src/tree.rs`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use syn::visit::Visit;

use crate::workspace::{load_spec, workspace_root, workspace_spec};

/// A public method: its name, arguments (without `self`) and the last
/// segment of its return type.
#[derive(Debug, Clone)]
struct Method {
    name: String,
    args: Vec<String>,
    returns: Option<String>,
    /// For `send`: the generated operation it calls (`generated.op()`).
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

/// The method called on `generated`, the product's generated client.
#[derive(Default)]
struct GeneratedCall(Option<String>);

impl<'ast> Visit<'ast> for GeneratedCall {
    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        if let syn::Expr::Path(receiver) = &*node.receiver
            && receiver.path.is_ident("generated")
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

/// Every operation of the spec of the workspace at `root` that its tree
/// reaches from `Client`: operationId → the chain of calls that leads to it
/// (`client.account(account_id).workers_for_platforms().dispatch().namespaces().create()`).
pub fn reached(root: &Path) -> BTreeMap<String, String> {
    walk(root, &load_spec(root)).0
}

/// Every chain of calls from `Client` that leads to each operation the
/// tree reaches: two for an operation served for an account and for a
/// zone (`client.account(account_id)...` and `client.zone(zone_id)...`,
/// one builder), one for the others.
pub fn reached_all(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    walk(root, &load_spec(root)).1
}

/// The workspace's tree, walked once for the tests of a process (reading
/// every product's tree as Rust takes seconds): [`reached`] and
/// [`reached_all`] of the workspace, in that order.
pub fn workspace_tree() -> &'static Walk {
    static WALK: std::sync::OnceLock<Walk> = std::sync::OnceLock::new();
    WALK.get_or_init(|| walk(&workspace_root(), workspace_spec()))
}

/// What a walk of the tree finds: the first chain to each operation, and
/// every chain.
pub type Walk = (BTreeMap<String, String>, BTreeMap<String, BTreeSet<String>>);

/// The first chain to each operation, and every chain, in the tree of the
/// workspace at `root`, whose spec is `spec`.
fn walk(root: &Path, spec: &xtask::spec::Spec) -> Walk {
    let by_method: BTreeMap<String, String> = spec
        .operations
        .iter()
        .map(|op| (op.method_name(), op.id.clone()))
        .collect();
    let mut impls = Impls::default();
    impls.visit_file(&parse(&root.join(xtask::FACADE_FILE)));
    let products = root.join(xtask::PRODUCTS_DIR);
    let mut trees: Vec<_> = std::fs::read_dir(&products)
        .unwrap_or_else(|e| panic!("{}: {e}", products.display()))
        .map(|entry| entry.unwrap().path().join("src/tree.rs"))
        .filter(|tree| tree.is_file())
        .collect();
    trees.sort();
    for tree in trees {
        impls.visit_file(&parse(&tree));
    }
    // The operation each builder's `send()` calls, by the builder's type.
    let sends: BTreeMap<&String, &String> = impls
        .methods
        .iter()
        .filter_map(|(ty, methods)| {
            let name = methods
                .iter()
                .find(|m| m.name == "send")
                .and_then(|m| m.calls.as_ref())?;
            Some((ty, by_method.get(name)?))
        })
        .collect();
    let mut all: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
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
                let id = by_method
                    .get(name)
                    .unwrap_or_else(|| panic!("{ty}::send calls `{name}`, not a spec operation"));
                reached.insert(id.clone(), chain.clone());
            }
            if let Some(next) = &method.returns {
                let call = format!("{chain}.{}({})", method.name, method.args.join(", "));
                if let Some(id) = sends.get(next) {
                    all.entry((*id).clone()).or_default().insert(call.clone());
                }
                queue.push_back((next.clone(), call));
            }
        }
    }
    (reached, all)
}
