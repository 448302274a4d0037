//! The ergonomic resource tree: `client.account(id).workers_for_platforms()
//! .dispatch().namespaces().create().name(..).send()`, one builder per spec
//! operation, written into the `cloudflare-api` crate
//! (each product crate's `src/tree.rs`, and the facade's `src/products.rs`).
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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Products whose module in the facade is the facade's own (see
/// `crates/cloudflare-api/src/lib.rs`), not a re-export of the crate.
const FACADE_OWN_MODULES: [&str; 1] = ["workers"];

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

/// The tree for `spec`, in parts: each product's (its crate's
/// `src/tree.rs`: its groups, its builders, its example calls) and the
/// facade's (`cloudflare-api`'s `src/products.rs`: `Client::account`,
/// `Client::zone`, the `Account` and `Zone` handles, and at each scope the
/// way into each product, behind its cargo feature).
#[derive(Debug)]
pub(crate) struct Trees {
    /// Per product, the tokens of its `src/tree.rs`.
    pub(crate) products: BTreeMap<String, TokenStream>,
    /// The tokens of the facade's `src/products.rs`.
    pub(crate) facade: TokenStream,
}

/// The tree for `spec`; `outputs` is progenitor's output (with the
/// additions of `generate`) of each product, by product.
pub(crate) fn trees(spec: &Spec, outputs: &BTreeMap<String, syn::File>) -> Result<Trees, Error> {
    let progenitors: BTreeMap<&str, Progenitor> = outputs
        .iter()
        .map(|(product, file)| (product.as_str(), Progenitor::read(file)))
        .collect();
    let mut placed = Vec::with_capacity(spec.operations.len());
    for operation in &spec.operations {
        let culprit = || format!("operation `{}` ({operation})", operation.id);
        let progenitor =
            progenitors
                .get(spec.product_of(operation))
                .ok_or_else(|| Error::Generate {
                    culprit: culprit(),
                    message: format!(
                        "no generated code of its product `{}`",
                        spec.product_of(operation)
                    ),
                })?;
        placed.push(
            place(spec, operation, progenitor).map_err(|message| Error::Generate {
                culprit: culprit(),
                message,
            })?,
        );
    }
    let tree = Tree::build(placed)?;
    let type_names = progenitors
        .iter()
        .map(|(product, progenitor)| (*product, &progenitor.type_names))
        .collect();
    let (products, facade) = tree.tokens(&type_names)?;
    let mut qualified = BTreeMap::new();
    for (product, tokens) in products {
        let mut file: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))?;
        Qualify {
            types: &progenitors[product.as_str()].type_names,
            generated: quote!(crate::generated),
        }
        .visit_file_mut(&mut file);
        qualified.insert(product, quote!(#file));
    }
    Ok(Trees {
        products: qualified,
        facade,
    })
}

/// A product's crate, as the facade names it: `::cloudflare_api_kv`.
fn product_crate(product: &str) -> TokenStream {
    let name = ident(&format!("cloudflare_api_{}", product.replace('-', "_")));
    quote!(::#name)
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
            for &scope in &op.scopes {
                by_group
                    .entry((scope, op.group.clone()))
                    .or_default()
                    .push(index);
            }
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

    /// Every product's tokens, and the facade's.
    #[allow(clippy::type_complexity)]
    fn tokens(
        &self,
        type_names: &BTreeMap<&str, &HashSet<String>>,
    ) -> Result<(BTreeMap<String, TokenStream>, TokenStream), Error> {
        let mut resources: BTreeMap<String, TokenStream> = BTreeMap::new();
        let mut requests: BTreeMap<String, TokenStream> = BTreeMap::new();
        let mut examples: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
        for op in &self.operations {
            let tokens = request_tokens(op).map_err(|message| Error::Generate {
                culprit: format!("operation `{}` ({})", op.spec.id, op.spec),
                message,
            })?;
            requests
                .entry(op.product.clone())
                .or_default()
                .extend(tokens);
            examples
                .entry(op.product.clone())
                .or_default()
                .push(example_tokens(op));
        }
        // At each scope: the way into each product's groups, and the
        // operations right on the scope, each behind its product's feature.
        let mut scope_methods: BTreeMap<Scope, TokenStream> = BTreeMap::new();
        for (scope, root) in &self.roots {
            let mut methods = TokenStream::new();
            for (name, child) in &root.children {
                let mut path = vec![name.clone()];
                let product = self.product_of(child, *scope, &path)?;
                let krate = product_crate(&product);
                let child_type = group_type(*scope, &path);
                let feature = product.as_str();
                let doc = format!(
                    " The `{name}` operations{} (feature `{feature}`: the `cloudflare-api-{feature}` crate).",
                    match scope {
                        Scope::Account => " of the account",
                        Scope::Zone => " of the zone",
                        Scope::Client => "",
                    }
                );
                let method = ident(name);
                let init = match scope {
                    Scope::Client => {
                        quote!(#krate::resources::#child_type::new(self.runtime().clone()))
                    }
                    _ => {
                        quote!(#krate::resources::#child_type::new(self.client.clone(), self.id.clone()))
                    }
                };
                methods.extend(quote! {
                    #[cfg(feature = #feature)]
                    #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                    #[doc = #doc]
                    pub fn #method(&self) -> #krate::resources::#child_type {
                        #init
                    }
                });
                self.group_tokens(
                    *scope,
                    child,
                    &mut path,
                    resources.entry(product).or_default(),
                );
            }
            for (name, &index) in &root.methods {
                let op = &self.operations[index];
                let krate = product_crate(&op.product);
                let feature = op.product.as_str();
                let tokens = method_tokens(op, name, *scope, &quote!(#krate::requests));
                let mut item: syn::ImplItemFn =
                    syn::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))?;
                // Its types are the product's.
                let empty = HashSet::new();
                Qualify {
                    types: type_names
                        .get(op.product.as_str())
                        .copied()
                        .unwrap_or(&empty),
                    generated: krate.clone(),
                }
                .visit_impl_item_fn_mut(&mut item);
                methods.extend(quote! {
                    #[cfg(feature = #feature)]
                    #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                    #item
                });
            }
            scope_methods.insert(*scope, methods);
        }

        let products: BTreeSet<String> = self
            .operations
            .iter()
            .map(|op| op.product.clone())
            .collect();
        let mut out = BTreeMap::new();
        for product in &products {
            let resources = resources.remove(product).unwrap_or_default();
            let requests = requests.remove(product).unwrap_or_default();
            let examples = examples.remove(product).unwrap_or_default();
            out.insert(
                product.clone(),
                quote! {
                    #![cfg_attr(rustfmt, rustfmt::skip)]
                    #![allow(clippy::all, clippy::pedantic)]

                    /// The groups of this product's part of the resource tree
                    /// (`client.account(id).kv()` is an `AccountKv`, say), which
                    /// lead to the calls in [`requests`].
                    pub mod resources {
                        use ::cloudflare_api_runtime::Client;
                        use super::requests;

                        #resources
                    }

                    /// One builder per operation of this product, named after its
                    /// `operationId`: set what the operation takes, then `send()`.
                    pub mod requests {
                        use ::cloudflare_api_runtime::api::args;
                        use ::cloudflare_api_runtime::{Client, Error, Response};

                        #requests
                    }

                    /// Every operation of this product, called through the tree with
                    /// example arguments from the spec (for contract tests). Each
                    /// call is made in a function of its own, so that the futures
                    /// (held on the stack until boxed, one slot each in a debug
                    /// build) never share a frame: 489 of them overflowed a test
                    /// thread's 2 MiB.
                    #[cfg(feature = "test-util")]
                    #[doc(hidden)]
                    pub fn examples(client: &::cloudflare_api_runtime::Client) -> ::std::vec::Vec<::cloudflare_api_runtime::api::Example> {
                        use ::cloudflare_api_runtime::api::args::example;
                        let calls: &[fn(&::cloudflare_api_runtime::Client) -> ::cloudflare_api_runtime::api::Example] = &[#(|client| #examples),*];
                        calls.iter().map(|call| call(client)).collect()
                    }
                },
            );
        }

        let client_methods = scope_methods.remove(&Scope::Client).unwrap_or_default();
        let account_methods = scope_methods.remove(&Scope::Account).unwrap_or_default();
        let zone_methods = scope_methods.remove(&Scope::Zone).unwrap_or_default();
        let account = scope_struct(Scope::Account);
        let zone = scope_struct(Scope::Zone);
        // A product whose module the facade writes itself (`workers`: the
        // runtime's Worker script types, and the product's items with its
        // feature; crates/cloudflare-api/src/lib.rs) is not re-exported
        // here: the facade's own module would shadow it, unused.
        let reexports = products.iter().filter(|product| !FACADE_OWN_MODULES.contains(&product.as_str())).map(|product| {
            let krate = product_crate(product);
            let feature = product.as_str();
            let name = ident(&product.replace('-', "_"));
            let doc = format!(" The `{feature}` product's crate, `cloudflare-api-{feature}`: its types, its generated client and its part of the tree.");
            quote! {
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                #[doc = #doc]
                pub use #krate as #name;
            }
        });
        let lookups = products.iter().map(|product| {
            let krate = product_crate(product);
            let feature = product.as_str();
            quote! {
                #[cfg(feature = #feature)]
                if let Some(found) = #krate::operation(operation_id) {
                    return Some(found);
                }
            }
        });
        let tables = products.iter().map(|product| {
            let krate = product_crate(product);
            let feature = product.as_str();
            quote! {
                #[cfg(feature = #feature)]
                all.extend(#krate::OPERATIONS);
            }
        });
        let product_examples = products.iter().map(|product| {
            let krate = product_crate(product);
            let feature = product.as_str();
            quote! {
                #[cfg(feature = #feature)]
                examples.extend(#krate::examples(client.runtime()));
            }
        });
        let facade = quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #![allow(clippy::all, clippy::pedantic)]

            use crate::Client;

            #(#reexports)*

            impl Client {
                /// The operations under `/accounts/{account_id}` for the account
                /// `account_id` (32 hexadecimal characters, as the dashboard's
                /// URL shows it). Nothing is checked or sent until a call's
                /// `send()`.
                pub fn account(&self, account_id: impl AsRef<str>) -> Account {
                    Account { client: self.runtime().clone(), id: account_id.as_ref().into() }
                }

                /// The operations under `/zones/{zone_id}` for the zone
                /// `zone_id` (32 hexadecimal characters). Nothing is checked or
                /// sent until a call's `send()`.
                pub fn zone(&self, zone_id: impl AsRef<str>) -> Zone {
                    Zone { client: self.runtime().clone(), id: zone_id.as_ref().into() }
                }

                #client_methods
            }

            #account

            impl Account {
                #account_methods
            }

            #zone

            impl Zone {
                #zone_methods
            }

            /// The operation whose `operationId` is `operation_id`, among
            /// those of the products compiled in (each product crate's
            /// `operation` looks in its own table).
            pub fn operation(operation_id: &str) -> ::std::option::Option<&'static ::cloudflare_api_runtime::Operation> {
                #(#lookups)*
                let _ = operation_id;
                None
            }

            /// Every operation of the products compiled in (each product
            /// crate's `OPERATIONS`, one after the other).
            pub fn operations() -> ::std::vec::Vec<&'static ::cloudflare_api_runtime::Operation> {
                #[allow(unused_mut)]
                let mut all = ::std::vec::Vec::new();
                #(#tables)*
                all
            }

            /// Every operation of the products compiled in, called through
            /// the tree with example arguments from the spec (for contract
            /// tests).
            #[cfg(feature = "test-util")]
            #[doc(hidden)]
            pub fn examples(client: &Client) -> ::std::vec::Vec<::cloudflare_api_runtime::api::Example> {
                #[allow(unused_mut)]
                let mut examples = ::std::vec::Vec::new();
                #(#product_examples)*
                examples
            }
        };
        Ok((out, facade))
    }

    /// The one product of the group `node` (at `path` under `scope`): every
    /// operation under it must be of one product, whose crate holds the
    /// group's type.
    fn product_of(&self, node: &Node, scope: Scope, path: &[String]) -> Result<String, Error> {
        let mut products = BTreeSet::new();
        let mut first_ops = BTreeMap::new();
        node.walk_all(&mut |n| {
            for &index in n.methods.values() {
                let op = &self.operations[index];
                products.insert(op.product.clone());
                first_ops
                    .entry(op.product.clone())
                    .or_insert_with(|| op.spec.id.clone());
            }
        });
        match products.len() {
            1 => Ok(products.into_iter().next().unwrap_or_default()),
            _ => Err(Error::Generate {
                culprit: format!("the group `{scope:?}:{}`", path.join(".")),
                message: format!(
                    "it holds operations of several products ({}): a group's type is in one \
                     product's crate; place one elsewhere with `{TREE_EXTENSION}`",
                    first_ops
                        .iter()
                        .map(|(product, op)| format!("`{op}` of `{product}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }

    /// The group `node` (at `path` under `scope`) and its subgroups, into
    /// its product's `resources`.
    fn group_tokens(
        &self,
        scope: Scope,
        node: &Node,
        path: &mut Vec<String>,
        out: &mut TokenStream,
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
            let init = if scoped {
                quote!(#child_type::new(self.client.clone(), self.id.clone()))
            } else {
                quote!(#child_type::new(self.client.clone()))
            };
            methods.extend(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #child_type {
                    #init
                }
            });
            self.group_tokens(scope, child, path, out);
            path.pop();
        }
        for (name, &index) in &node.methods {
            methods.extend(method_tokens(
                &self.operations[index],
                name,
                scope,
                &quote!(requests),
            ));
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
        let (fields, new) = if scoped {
            (
                quote!(client: Client, id: ::std::sync::Arc<str>,),
                quote! {
                    #[doc(hidden)]
                    pub fn new(client: Client, id: ::std::sync::Arc<str>) -> Self {
                        Self { client, id }
                    }
                },
            )
        } else {
            (
                quote!(client: Client,),
                quote! {
                    #[doc(hidden)]
                    pub fn new(client: Client) -> Self {
                        Self { client }
                    }
                },
            )
        };
        out.extend(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #this {
                #fields
            }

            impl #this {
                #new
                #methods
            }
        });
    }
}

impl Node {
    /// `f` on this node and every node under it.
    fn walk_all(&self, f: &mut impl FnMut(&Node)) {
        f(self);
        for child in self.children.values() {
            child.walk_all(f);
        }
    }

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
