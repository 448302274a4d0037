//! The ergonomic resource tree: `client.account(id).workers_for_platforms()
//! .dispatch().namespaces().create().name(..).send()`, one builder per spec
//! operation, written into the `cloudflare-api` crate
//! (`src/api/generated.rs`).
//!
//! Where an operation sits in the tree comes from the spec and the product
//! table, in this order (`place.rs`):
//!
//! 1. our own extension, `x-rust-tree: { group: a.b, method: name }` (either
//!    key may be left out), for an operation whose place the others get
//!    wrong;
//! 2. the official SDKs' resource chain and method name, from the product
//!    table (`openapi/products.tsv`: the TypeScript SDK's
//!    `workersForPlatforms.dispatch.namespaces`, `list` is
//!    `.workers_for_platforms().dispatch().namespaces().list()`), so that an
//!    example from Cloudflare's docs in any official SDK reads the same;
//! 3. for an operation the SDKs do not cover, inside its product: the
//!    chain of the covered operations of its collection (a `PATCH` of
//!    `/namespaces/{id}` goes beside their `get`), else Cloudflare's
//!    `x-fern-sdk-group-name` (`dispatch-namespaces.scripts`), else the
//!    path's literal segments; named by `x-fern-sdk-method-name`, else the
//!    HTTP method (a `GET` of a collection is `list`, of an item `get`;
//!    `POST` `create`; `PUT` `update`; `PATCH` `edit`; `DELETE` `delete`).
//!    So no operation is ever unreachable.
//!
//! The first path parameter of `/accounts/{..}/..` and `/zones/{..}/..` is
//! given once, to `client.account(id)` or `client.zone(id)`; anything else
//! hangs off `client`. A leading `accounts`/`zones` group under those is
//! dropped (`client.account(id).members()`, not `.accounts().members()`).
//! The remaining path parameters are the method's arguments, in path order;
//! query parameters and the top-level fields of a JSON object body are
//! setters (a list, or a newtype of one, takes any iterable of its items,
//! each named by its index when refused; a number, or a newtype of one,
//! any primitive number, and an integer any primitive integer:
//! `crate::api::Number`, `crate::api::Integer`), documented with the
//! spec's description of the parameter (else of its schema), limits and
//! default;
//! `send()` calls the generated operation and normalizes its answer into
//! `Response<T>` (`Response<Bytes>` for a body that is not JSON) or
//! `Error`.
//!
//! Names are snake case. Where two operations of one group would get the
//! same method name, or a method would have a subgroup's name, each of
//! them is named after its `operationId` instead, so that the result does
//! not depend on which one came first; but the SDKs' (and our) names are
//! kept against the others', so that an operation the SDKs do not cover
//! never takes the name they give another.
//!
//! Everything Rust is read from progenitor's output (the builder's fields
//! and their types, the body struct's fields, the answer type), so that the
//! tree calls exactly what was generated.
//!
//! The generator is a file per idea:
//!
//! - this file: the entry point (`tree`), and the tree of groups it builds
//!   (`Tree`, `Node`) and lays out as the file's items;
//! - `place.rs`: where an operation goes (its scope, group and method name);
//! - `read.rs`: what is read of each operation, from the spec and from
//!   progenitor's output (its builder's fields, body and answer type);
//! - `emit.rs`: the tokens of group methods, builders and example calls;
//! - `examples.rs`: the example values of the example calls.

mod emit;
mod examples;
mod place;
mod read;

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;
use syn::visit_mut::VisitMut;

use crate::Error;
use crate::spec::Spec;
use emit::{Qualify, example_tokens, group_type, method_tokens, request_tokens, scope_struct};
use place::{Scope, method_names};
use read::{Placed, Progenitor, place};

/// The extension through which the spec places an operation in the tree.
pub const TREE_EXTENSION: &str = "x-rust-tree";

/// The tree for `spec`, as tokens of the `api/generated.rs` file of the
/// `cloudflare-api` crate; `file` is progenitor's output (with the
/// additions of `generate`).
pub(crate) fn tree(spec: &Spec, file: &syn::File) -> Result<TokenStream, Error> {
    let progenitor = Progenitor::read(file);
    let mut placed = Vec::with_capacity(spec.operations.len());
    for operation in &spec.operations {
        placed.push(
            place(spec, operation, &progenitor).map_err(|message| Error::Generate {
                culprit: format!("operation `{}` ({operation})", operation.id),
                message,
            })?,
        );
    }
    let tree = Tree::build(placed)?;
    let mut tokens = tree.tokens();
    let mut file: syn::File =
        syn::parse2(tokens.clone()).map_err(|e| Error::Unparsable(e.to_string()))?;
    Qualify {
        types: &progenitor.type_names,
    }
    .visit_file_mut(&mut file);
    tokens = quote!(#file);
    Ok(tokens)
}

/// A group of the tree: its subgroups and its operations.
#[derive(Default)]
struct Node {
    children: BTreeMap<String, Node>,
    /// Method name → operation index, after collisions are resolved.
    methods: BTreeMap<String, usize>,
}

struct Tree {
    operations: Vec<Placed>,
    roots: BTreeMap<Scope, Node>,
}

impl Tree {
    fn build(operations: Vec<Placed>) -> Result<Tree, Error> {
        // Group the operations by scope and group path.
        let mut by_group: BTreeMap<(Scope, Vec<String>), Vec<usize>> = BTreeMap::new();
        for (index, op) in operations.iter().enumerate() {
            by_group
                .entry((op.scope, op.group.clone()))
                .or_default()
                .push(index);
        }
        let mut roots: BTreeMap<Scope, Node> = BTreeMap::new();
        for scope in [Scope::Account, Scope::Zone, Scope::Client] {
            roots.insert(scope, Node::default());
        }
        for (scope, group) in by_group.keys() {
            let mut node = roots.get_mut(scope).expect("every scope has a root");
            for segment in group {
                node = node.children.entry(segment.clone()).or_default();
            }
        }
        for ((scope, group), indices) in &by_group {
            let mut node = roots.get_mut(scope).expect("every scope has a root");
            for segment in group {
                node = node.children.get_mut(segment).expect("inserted above");
            }
            let mut taken: HashSet<String> = node.children.keys().cloned().collect();
            if group.is_empty() {
                taken.extend(scope.reserved().iter().map(|s| s.to_string()));
            }
            let wanted: Vec<(&str, &str, bool)> = indices
                .iter()
                .map(|&i| {
                    let op = &operations[i];
                    (op.name.as_str(), op.spec.id.as_str(), op.firm)
                })
                .collect();
            for (name, &i) in method_names(&taken, &wanted).into_iter().zip(indices) {
                node.methods.insert(name, i);
            }
        }
        let tree = Tree { operations, roots };
        tree.check_type_names()?;
        Ok(tree)
    }

    /// Two groups whose names read the same in camel case
    /// (`a_b` and `a.b`) would be one type.
    fn check_type_names(&self) -> Result<(), Error> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut clash = None;
        for (scope, node) in &self.roots {
            node.walk(&mut Vec::new(), &mut |path, _| {
                let name = group_type(*scope, path).to_string();
                let shown = format!("{scope:?}:{}", path.join("."));
                if let Some(other) = seen.insert(name.clone(), shown.clone())
                    && other != shown
                {
                    clash.get_or_insert((name, other, shown));
                }
            });
        }
        match clash {
            Some((name, a, b)) => Err(Error::Generate {
                culprit: format!("the groups `{a}` and `{b}`"),
                message: format!(
                    "both would be the type `{name}`; rename one with `{TREE_EXTENSION}`"
                ),
            }),
            None => Ok(()),
        }
    }

    fn tokens(&self) -> TokenStream {
        let mut resources = TokenStream::new();
        let mut client_methods = TokenStream::new();
        for (scope, node) in &self.roots {
            let mut path = Vec::new();
            self.node_tokens(*scope, node, &mut path, &mut resources, &mut client_methods);
        }
        let requests: TokenStream = self.operations.iter().map(request_tokens).collect();
        let examples: Vec<TokenStream> = self.operations.iter().map(example_tokens).collect();
        let account = scope_struct(Scope::Account);
        let zone = scope_struct(Scope::Zone);
        quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #![allow(clippy::all, clippy::pedantic)]

            use crate::Client;

            impl Client {
                /// The operations under `/accounts/{account_id}` for the account
                /// `account_id` (32 hexadecimal characters, as the dashboard's
                /// URL shows it). Nothing is checked or sent until a call's
                /// `send()`.
                pub fn account(&self, account_id: impl AsRef<str>) -> resources::Account {
                    resources::Account { client: self.clone(), id: account_id.as_ref().into() }
                }

                /// The operations under `/zones/{zone_id}` for the zone
                /// `zone_id` (32 hexadecimal characters). Nothing is checked or
                /// sent until a call's `send()`.
                pub fn zone(&self, zone_id: impl AsRef<str>) -> resources::Zone {
                    resources::Zone { client: self.clone(), id: zone_id.as_ref().into() }
                }

                #client_methods
            }

            /// The groups of the resource tree: `client.account(id)` is an
            /// [`Account`](resources::Account), `client.zone(id)` a
            /// [`Zone`](resources::Zone); their methods lead to the groups
            /// (`AccountWorkersForPlatformsDispatchNamespaces`, say), and from there to the
            /// calls in [`requests`].
            pub mod resources {
                use crate::Client;
                use super::requests;

                #account
                #zone
                #resources
            }

            /// One builder per operation of the spec, named after its
            /// `operationId`: set what the operation takes, then `send()`.
            pub mod requests {
                use crate::api::args;
                use crate::{Client, Error, Response};

                #requests
            }

            /// Every operation of the spec, called through the tree with
            /// example arguments from the spec (for contract tests).
            #[cfg(feature = "test-util")]
            #[doc(hidden)]
            pub fn examples(client: &Client) -> ::std::vec::Vec<crate::api::Example> {
                use crate::api::args::example;
                ::std::vec::Vec::from([#(#examples),*])
            }
        }
    }

    fn node_tokens(
        &self,
        scope: Scope,
        node: &Node,
        path: &mut Vec<String>,
        out: &mut TokenStream,
        client_methods: &mut TokenStream,
    ) {
        let this = group_type(scope, path);
        let scoped = scope != Scope::Client;
        let mut methods = TokenStream::new();
        for (name, child) in &node.children {
            path.push(name.clone());
            let child_type = group_type(scope, path);
            let method = ident(name);
            let doc = format!(
                " The `{}` operations{}.",
                path.join("."),
                match scope {
                    Scope::Account => " of the account",
                    Scope::Zone => " of the zone",
                    Scope::Client => "",
                }
            );
            // At the top of `client`, `self` is the `Client` itself, outside
            // the `resources` module.
            let at_client = !scoped && path.len() == 1;
            let (init, child_path) = match (scoped, at_client) {
                (true, _) => (
                    quote!(#child_type { client: self.client.clone(), id: self.id.clone() }),
                    quote!(#child_type),
                ),
                (false, true) => (
                    quote!(resources::#child_type { client: self.clone() }),
                    quote!(resources::#child_type),
                ),
                (false, false) => (
                    quote!(#child_type { client: self.client.clone() }),
                    quote!(#child_type),
                ),
            };
            methods.extend(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #child_path {
                    #init
                }
            });
            self.node_tokens(scope, child, path, out, client_methods);
            path.pop();
        }
        for (name, &index) in &node.methods {
            methods.extend(method_tokens(&self.operations[index], name, scoped));
        }
        if path.is_empty() {
            // The scope itself: `Account`, `Zone` (written by
            // `scope_struct`), or methods on `Client`.
            match scope {
                Scope::Client => {
                    client_methods.extend(methods);
                    return;
                }
                Scope::Account | Scope::Zone if !methods.is_empty() => {
                    out.extend(quote! {
                        impl #this {
                            #methods
                        }
                    });
                    return;
                }
                Scope::Account | Scope::Zone => return,
            }
        }
        let doc = format!(
            " The `{}` group{}: its operations and subgroups.",
            path.join("."),
            match scope {
                Scope::Account => " of an account",
                Scope::Zone => " of a zone",
                Scope::Client => "",
            }
        );
        let fields = if scoped {
            quote!(pub(crate) client: Client, pub(crate) id: ::std::sync::Arc<str>,)
        } else {
            quote!(pub(crate) client: Client,)
        };
        out.extend(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #this {
                #fields
            }

            impl #this {
                #methods
            }
        });
    }
}

impl Node {
    fn walk(&self, path: &mut Vec<String>, f: &mut impl FnMut(&[String], &Node)) {
        if !path.is_empty() {
            f(path, self);
        }
        for (name, child) in &self.children {
            path.push(name.clone());
            child.walk(path, f);
            path.pop();
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
