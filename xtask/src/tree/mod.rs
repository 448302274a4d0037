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
//! - this file: the three steps (a product's operations placed, the names
//!   across products, a product's part and the facade's), and the tree of
//!   groups (`Names`, `Node`) they lay out as the files' items;
//! - `place.rs`: where an operation goes (its scope, group and method name);
//! - `read.rs`: what is read of each operation, from the spec and from
//!   progenitor's output (its builder's fields, body and answer type);
//! - `emit.rs`: the tokens of group methods, builders and example calls;
//! - `examples.rs`: the example values of the example calls.

mod emit;
mod examples;
mod paging;

pub(crate) use paging::Row as PagingRow;
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

// The tree is made in three steps, so that each product's part can be made
// on a thread of its own (`crate::generate`): syn's values cannot cross
// threads, and names are given across products.
//
// 1. [`place_product`], on the product's thread: each operation of the
//    product read from its progenitor output and placed ([`Placed`]), and
//    what naming needs of it ([`Named`]);
// 2. [`names`], once: the groups of every scope and the method names in
//    each, across products ([`Names`]);
// 3. [`ProductPlaced::tree`], on the product's thread: its crate's
//    `src/tree.rs`, and its methods right on a scope as text for the facade;
//    then [`facade`]: the facade's `src/products.rs`.

/// What naming needs of one operation: where [`place`] put it. Plain data,
/// so that it crosses threads.
#[derive(Debug)]
pub(crate) struct Named {
    /// Its index in the spec's operations.
    index: usize,
    product: String,
    scopes: Vec<Scope>,
    group: Vec<String>,
    name: String,
    firm: bool,
    id: String,
    /// How a `GET` is paged, for the report (`docs/pagination.md`).
    paging: Option<paging::Row>,
}

/// One product's operations, placed: what its part of the tree is made of.
pub(crate) struct ProductPlaced {
    product: String,
    /// By index in the spec's operations.
    placed: BTreeMap<usize, Placed>,
    /// The names of the items of its generated `types`.
    type_names: HashSet<String>,
}

/// Step 1: the operations of `product` (those `spec.product_of` gives it),
/// read from `file`, its generated client with regen's additions, and
/// placed.
pub(crate) fn place_product(
    spec: &Spec,
    product: &str,
    file: &syn::File,
) -> Result<(ProductPlaced, Vec<Named>), Error> {
    let progenitor = Progenitor::read(file);
    let mut placed = BTreeMap::new();
    let mut named = Vec::new();
    for (index, operation) in spec.operations.iter().enumerate() {
        if spec.product_of(operation) != product {
            continue;
        }
        let culprit = || format!("operation `{}` ({operation})", operation.id);
        let mut op = place(spec, operation, &progenitor).map_err(|message| Error::Generate {
            culprit: culprit(),
            message,
        })?;
        let (walk, row) =
            paging::infer(spec, &op, &progenitor).map_err(|message| Error::Generate {
                culprit: culprit(),
                message,
            })?;
        op.paging = walk;
        named.push(Named {
            index,
            product: op.product.clone(),
            scopes: op.scopes.clone(),
            group: op.group.clone(),
            name: op.name.clone(),
            firm: op.firm,
            id: op.spec.id.clone(),
            paging: row,
        });
        placed.insert(index, op);
    }
    let type_names = progenitor.type_names;
    Ok((
        ProductPlaced {
            product: product.to_owned(),
            placed,
            type_names,
        },
        named,
    ))
}

/// How each `GET` operation is paged, in the spec's order, for the report
/// (`crate::paging::report`).
pub(crate) fn paging_entries(names: &Names, spec: &Spec) -> Vec<crate::paging::report::Entry> {
    names
        .operations
        .iter()
        .filter_map(|named| {
            let operation = &spec.operations[named.index];
            Some(crate::paging::report::Entry {
                id: named.id.clone(),
                product: named.product.clone(),
                method: operation.method.to_uppercase(),
                route: operation.route.clone(),
                row: named.paging.clone()?,
            })
        })
        .collect()
}

/// A group of the tree: its subgroups and its operations.
#[derive(Debug, Default)]
struct Node {
    children: BTreeMap<String, Node>,
    /// Method name → operation index, after collisions are resolved.
    methods: BTreeMap<String, usize>,
}

/// The tree's groups and names, across products (step 2).
#[derive(Debug)]
pub(crate) struct Names {
    /// Every operation, by its index in the spec's operations.
    operations: Vec<Named>,
    roots: BTreeMap<Scope, Node>,
    /// The product of each group right under a scope: every operation
    /// under it is of that product, whose crate holds the group's type.
    products: BTreeMap<(Scope, String), String>,
}

/// Step 2: the groups and method names of `named`, every operation of the
/// spec (in any order).
pub(crate) fn names(mut named: Vec<Named>) -> Result<Names, Error> {
    named.sort_by_key(|op| op.index);
    // Group the operations by scope and group path.
    let mut by_group: BTreeMap<(Scope, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (index, op) in named.iter().enumerate() {
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
                let op = &named[i];
                (op.name.as_str(), op.id.as_str(), op.firm)
            })
            .collect();
        for (name, &i) in method_names(&taken, &wanted).into_iter().zip(indices) {
            node.methods.insert(name, i);
        }
    }
    let mut names = Names {
        operations: named,
        roots,
        products: BTreeMap::new(),
    };
    names.check_type_names()?;
    for (scope, root) in &names.roots {
        for (name, child) in &root.children {
            let product = names.product_of(child, *scope, std::slice::from_ref(name))?;
            names.products.insert((*scope, name.clone()), product);
        }
    }
    Ok(names)
}

impl Names {
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
                    .or_insert_with(|| op.id.clone());
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

    /// Every product, in name order.
    fn all_products(&self) -> BTreeSet<&str> {
        self.operations
            .iter()
            .map(|op| op.product.as_str())
            .collect()
    }
}

/// A product's methods right on a scope (`client.user()`'s siblings: an
/// operation whose group is empty), for the facade, by scope and name, as
/// text (so that they cross threads).
pub(crate) type ScopeMethods = BTreeMap<(Scope, String), String>;

impl ProductPlaced {
    /// Step 3: the product's `src/tree.rs` (its groups, its builders, its
    /// example calls), and its methods right on a scope (for [`facade`]).
    pub(crate) fn tree(&self, names: &Names) -> Result<(syn::File, ScopeMethods), Error> {
        let mut requests = TokenStream::new();
        let mut examples = Vec::new();
        for op in self.placed.values() {
            requests.extend(request_tokens(op).map_err(|message| Error::Generate {
                culprit: format!("operation `{}` ({})", op.spec.id, op.spec),
                message,
            })?);
            examples.push(example_tokens(op));
        }
        let placed = |index: usize| -> &Placed {
            self.placed
                .get(&index)
                .expect("a group holds the operations of its product alone")
        };
        let mut resources = TokenStream::new();
        let mut scope_methods = ScopeMethods::new();
        for (scope, root) in &names.roots {
            for (name, child) in &root.children {
                if names.products.get(&(*scope, name.clone())) != Some(&self.product) {
                    continue;
                }
                group_tokens(
                    *scope,
                    child,
                    &mut vec![name.clone()],
                    &placed,
                    &mut resources,
                );
            }
            for (name, &index) in &root.methods {
                if names.operations[index].product != self.product {
                    continue;
                }
                let op = placed(index);
                let krate = product_crate(&op.product);
                let feature = op.product.as_str();
                let tokens = method_tokens(op, name, *scope, &quote!(#krate::requests));
                let mut item: syn::ImplItemFn =
                    syn::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))?;
                // Its types are the product's.
                Qualify {
                    types: &self.type_names,
                    own: &imported_names(),
                    generated: krate.clone(),
                }
                .visit_impl_item_fn_mut(&mut item);
                let method = quote! {
                    #[cfg(feature = #feature)]
                    #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                    #item
                };
                scope_methods.insert((*scope, name.clone()), method.to_string());
            }
        }
        let tokens = quote! {
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
            #[cfg(feature = "examples")]
            #[doc(hidden)]
            pub fn examples(client: &::cloudflare_api_runtime::Client) -> ::std::vec::Vec<::cloudflare_api_runtime::api::Example> {
                use ::cloudflare_api_runtime::api::args::example;
                let calls: &[fn(&::cloudflare_api_runtime::Client) -> ::cloudflare_api_runtime::api::Example] = &[#(|client| #examples),*];
                calls.iter().map(|call| call(client)).collect()
            }
        };
        let mut file: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))?;
        let mut own = imported_names();
        own.extend(defined_names(&file));
        Qualify {
            types: &self.type_names,
            own: &own,
            generated: quote!(crate::generated),
        }
        .visit_file_mut(&mut file);
        Ok((file, scope_methods))
    }
}

/// The runtime's names that the tree's modules import (`use
/// ::cloudflare_api_runtime::{Client, Error, Response}`).
fn imported_names() -> HashSet<String> {
    ["Client", "Error", "Response"]
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The types the tree's file defines, in its modules.
fn defined_names(file: &syn::File) -> HashSet<String> {
    let mut names = HashSet::new();
    for item in &file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        for item in module.content.iter().flat_map(|(_, items)| items) {
            match item {
                syn::Item::Struct(item) => names.insert(item.ident.to_string()),
                syn::Item::Enum(item) => names.insert(item.ident.to_string()),
                syn::Item::Type(item) => names.insert(item.ident.to_string()),
                _ => false,
            };
        }
    }
    names
}

/// The facade's `src/products.rs`: `Client::account`, `Client::zone`, the
/// `Account` and `Zone` handles, and at each scope the way into each
/// product, behind its cargo feature; `methods` are every product's
/// [`ScopeMethods`].
pub(crate) fn facade(names: &Names, methods: &ScopeMethods) -> Result<TokenStream, Error> {
    // At each scope: the way into each product's groups, and the
    // operations right on the scope, each behind its product's feature.
    let mut scope_methods: BTreeMap<Scope, TokenStream> = BTreeMap::new();
    for (scope, root) in &names.roots {
        let mut tokens = TokenStream::new();
        for name in root.children.keys() {
            let path = vec![name.clone()];
            let product = &names.products[&(*scope, name.clone())];
            let krate = product_crate(product);
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
            tokens.extend(quote! {
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                #[doc = #doc]
                pub fn #method(&self) -> #krate::resources::#child_type {
                    #init
                }
            });
        }
        for name in root.methods.keys() {
            let method = methods
                .get(&(*scope, name.clone()))
                .ok_or_else(|| Error::Generate {
                    culprit: format!("the method `{name}` of `{scope:?}`"),
                    message: "its product made no tokens for it".to_owned(),
                })?;
            let method: TokenStream = method
                .parse()
                .map_err(|e: proc_macro2::LexError| Error::Unparsable(e.to_string()))?;
            tokens.extend(method);
        }
        scope_methods.insert(*scope, tokens);
    }

    let products = names.all_products();
    let client_methods = scope_methods.remove(&Scope::Client).unwrap_or_default();
    let account_methods = scope_methods.remove(&Scope::Account).unwrap_or_default();
    let zone_methods = scope_methods.remove(&Scope::Zone).unwrap_or_default();
    let account = scope_struct(Scope::Account);
    let zone = scope_struct(Scope::Zone);
    // A product whose module the facade writes itself (`workers`: the
    // runtime's Worker script types, and the product's items with its
    // feature; crates/cloudflare-api/src/lib.rs) is not re-exported
    // here: the facade's own module would shadow it, unused.
    let reexports = products.iter().filter(|product| !FACADE_OWN_MODULES.contains(product)).map(|product| {
        let krate = product_crate(product);
        let feature = *product;
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
        let feature = *product;
        quote! {
            #[cfg(feature = #feature)]
            if let Some(found) = #krate::operation(operation_id) {
                return Some(found);
            }
        }
    });
    let tables = products.iter().map(|product| {
        let krate = product_crate(product);
        let feature = *product;
        quote! {
            #[cfg(feature = #feature)]
            all.extend(#krate::OPERATIONS);
        }
    });
    let product_examples = products.iter().map(|product| {
        let krate = product_crate(product);
        let feature = *product;
        quote! {
            #[cfg(feature = #feature)]
            examples.extend(#krate::examples(client.runtime()));
        }
    });
    Ok(quote! {
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
        #[cfg(feature = "examples")]
        #[doc(hidden)]
        pub fn examples(client: &Client) -> ::std::vec::Vec<::cloudflare_api_runtime::api::Example> {
            #[allow(unused_mut)]
            let mut examples = ::std::vec::Vec::new();
            #(#product_examples)*
            examples
        }
    })
}

/// A product's crate, as the facade names it: `::cloudflare_api_kv`.
fn product_crate(product: &str) -> TokenStream {
    let name = ident(&format!("cloudflare_api_{}", product.replace('-', "_")));
    quote!(::#name)
}

/// The group `node` (at `path` under `scope`) and its subgroups, into
/// its product's `resources`; `placed` gives an operation by index.
fn group_tokens<'p>(
    scope: Scope,
    node: &Node,
    path: &mut Vec<String>,
    placed: &impl Fn(usize) -> &'p Placed,
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
        group_tokens(scope, child, path, placed, out);
        path.pop();
    }
    for (name, &index) in &node.methods {
        methods.extend(method_tokens(placed(index), name, scope, &quote!(requests)));
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
