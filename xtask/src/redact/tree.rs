//! The resource tree's builders (`crates/cloudflare-api/src/api/
//! generated.rs`) keep each field of a JSON body as a field of their own
//! until `send()`, which builds the body (`let body = types::X { text:
//! args::checked(self.text)?, .. }`). A builder whose body type hides a
//! field gets a `Debug` that hides the builder's field it is built from.
//! Read from the tree's code, so the tree generator needs to know nothing
//! of secrets.

use std::collections::BTreeMap;

use quote::quote;
use syn::visit::Visit;
use syn::{Expr, Fields, Item, Member};

use super::debug::{Hide, Redactions, debug_impl, remove_derived_debug};

/// Gives each builder of `tree` that keeps a secret body field a `Debug`
/// that shows `"<redacted>"` for it.
pub(crate) fn redact_tree(tree: &mut syn::File, redactions: &Redactions) {
    let mut finder = Finder {
        redactions,
        builder: None,
        found: BTreeMap::new(),
    };
    finder.visit_file(tree);
    if !finder.found.is_empty() {
        add_impls(&mut tree.items, &finder.found);
    }
}

/// By builder struct, its fields that a secret body field is built from.
type Found = BTreeMap<String, BTreeMap<String, Hide>>;

struct Finder<'a> {
    redactions: &'a Redactions,
    /// The type whose `impl` is being read.
    builder: Option<String>,
    found: Found,
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let outer = self.builder.take();
        self.builder = crate::generate::syntax::last_ident(&item.self_ty).map(ToString::to_string);
        syn::visit::visit_item_impl(self, item);
        self.builder = outer;
    }

    fn visit_expr_struct(&mut self, literal: &'ast syn::ExprStruct) {
        let body = literal.path.segments.last().map(|s| s.ident.to_string());
        if let (Some(builder), Some(hidden)) = (
            &self.builder,
            body.and_then(|body| self.redactions.fields.get(&body)),
        ) {
            for field in &literal.fields {
                let Member::Named(name) = &field.member else {
                    continue;
                };
                if let Some(hide) = hidden.get(&name.to_string()) {
                    for source in fields_of_self(&field.expr) {
                        self.found
                            .entry(builder.clone())
                            .or_default()
                            .insert(source, hide.clone());
                    }
                }
            }
        }
        syn::visit::visit_expr_struct(self, literal);
    }
}

/// The fields `self.x` that `expr` reads.
fn fields_of_self(expr: &Expr) -> Vec<String> {
    struct Reads(Vec<String>);
    impl<'ast> Visit<'ast> for Reads {
        fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
            if let (Expr::Path(base), Member::Named(name)) = (&*field.base, &field.member)
                && base.path.is_ident("self")
            {
                self.0.push(name.to_string());
            }
            syn::visit::visit_expr_field(self, field);
        }
    }
    let mut reads = Reads(Vec::new());
    reads.visit_expr(expr);
    reads.0
}

/// Replaces the derived `Debug` of each struct of `found`, in `items` and
/// the modules among them.
fn add_impls(items: &mut Vec<Item>, found: &Found) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(builder) => {
                let Some(hidden) = found.get(&builder.ident.to_string()) else {
                    continue;
                };
                let Fields::Named(fields) = &builder.fields else {
                    continue;
                };
                let fields: Vec<_> = fields
                    .named
                    .iter()
                    .filter_map(|field| {
                        let ident = field.ident.clone()?;
                        let hide = hidden.get(&ident.to_string()).cloned();
                        Some((ident, hide))
                    })
                    .collect();
                remove_derived_debug(&mut builder.attrs);
                impls.push(debug_impl(
                    &builder.ident,
                    &fields,
                    &quote!(::cloudflare_api_runtime::redact),
                ));
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    add_impls(items, found);
                }
            }
            _ => {}
        }
    }
    items.extend(impls);
}
