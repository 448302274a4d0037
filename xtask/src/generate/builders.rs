//! typify's struct builders, dropped: the tree's builders are what users
//! set fields with, and the generated client's operations take a body
//! struct (`.body(types::X { .. })`). progenitor's builder interface makes
//! typify write a builder per struct (`types::builder::X`: a `Result` per
//! field, a setter per field, conversions both ways), which was 37% of the
//! generated lines (262 lines per operation of Workers KV and Workers for
//! Platforms; BENCHMARKS.md). This pass removes them and what refers to
//! them:
//!
//! - `types::builder`, each `X::builder()`, and the conversions between a
//!   struct and its builder;
//! - in the operations' builders, a body held as `types::builder::X` is
//!   held as `types::X`, unset until `.body(..)` gives it (progenitor began
//!   with an empty builder), and the `body_map` setter, which edited the
//!   builder, goes.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Fields, ImplItem, Item, Type};

/// progenitor's output without typify's `types::builder` module, taken out
/// of the tokens before they are parsed: it is most of what typify writes
/// (a builder per struct), and parsing it only to drop it took a quarter
/// of the parse (BENCHMARKS.md, "regen of every product"). The rest goes
/// in [`drop_struct_builders`].
pub(crate) fn without_builder_module(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        if is_ident(&trees[index], "mod")
            && trees.get(index + 1).is_some_and(|t| is_ident(t, "types"))
            && let Some(TokenTree::Group(body)) = trees.get(index + 2)
            && body.delimiter() == Delimiter::Brace
        {
            let mut types = Group::new(Delimiter::Brace, without_module(body.stream(), "builder"));
            types.set_span(body.span());
            out.extend([trees[index].clone(), trees[index + 1].clone(), types.into()]);
            index += 3;
        } else {
            out.push(trees[index].clone());
            index += 1;
        }
    }
    out.into_iter().collect()
}

/// `items` without the module `name` (`pub mod name { .. }` with its
/// attributes).
fn without_module(items: TokenStream, name: &str) -> TokenStream {
    let mut trees: Vec<TokenTree> = items.into_iter().collect();
    let found = (0..trees.len()).find(|&at| {
        is_ident(&trees[at], "mod")
            && trees.get(at + 1).is_some_and(|t| is_ident(t, name))
            && matches!(trees.get(at + 2), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
    });
    let Some(at) = found else {
        return trees.into_iter().collect();
    };
    // Back over its visibility (`pub`, `pub(crate)`) and attributes.
    let mut start = at;
    if start >= 2
        && matches!(&trees[start - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis)
        && is_ident(&trees[start - 2], "pub")
    {
        start -= 2;
    } else if start >= 1 && is_ident(&trees[start - 1], "pub") {
        start -= 1;
    }
    while start >= 2
        && matches!(&trees[start - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket)
        && matches!(&trees[start - 2], TokenTree::Punct(p) if p.as_char() == '#')
    {
        start -= 2;
    }
    trees.drain(start..at + 3);
    trees.into_iter().collect()
}

fn is_ident(tree: &TokenTree, name: &str) -> bool {
    matches!(tree, TokenTree::Ident(ident) if ident == name)
}

/// Drops typify's struct builders from progenitor's output; how many
/// struct builders there were.
pub(crate) fn drop_struct_builders(file: &mut syn::File) -> usize {
    let mut dropped = 0;
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        if module.ident == "types" {
            items.retain(|item| match item {
                Item::Mod(m) if m.ident == "builder" => {
                    if let Some((_, builders)) = &m.content {
                        dropped = builders
                            .iter()
                            .filter(|i| matches!(i, Item::Struct(_)))
                            .count();
                    }
                    false
                }
                Item::Impl(imp) => !mentions_builder(imp),
                _ => true,
            });
            for item in items.iter_mut() {
                if let Item::Impl(imp) = item
                    && imp.trait_.is_none()
                {
                    imp.items
                        .retain(|i| !matches!(i, ImplItem::Fn(f) if f.sig.ident == "builder"));
                }
            }
            items.retain(|item| !matches!(item, Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty()));
        } else if module.ident == "builder" {
            for item in items.iter_mut() {
                match item {
                    Item::Struct(s) => {
                        if let Fields::Named(fields) = &mut s.fields {
                            for field in &mut fields.named {
                                Unbuild.visit_type_mut(&mut field.ty);
                            }
                        }
                    }
                    Item::Impl(imp) => {
                        imp.items
                            .retain(|i| !matches!(i, ImplItem::Fn(f) if f.sig.ident == "body_map"));
                        Unbuild.visit_item_impl_mut(imp);
                    }
                    _ => {}
                }
            }
        }
    }
    dropped
}

/// Whether a `types` impl is about a builder (`TryFrom<builder::X> for X`,
/// `From<X> for builder::X`).
fn mentions_builder(imp: &syn::ItemImpl) -> bool {
    /// Whether a path goes through a `builder` module (`builder::X`).
    struct Mentions(bool);
    impl<'ast> Visit<'ast> for Mentions {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let through = path.segments.len().saturating_sub(1);
            self.0 |= path
                .segments
                .iter()
                .take(through)
                .any(|s| s.ident == "builder");
            visit::visit_path(self, path);
        }
    }
    if imp.trait_.is_none() {
        return false;
    }
    let mut mentions = Mentions(false);
    mentions.visit_item_impl(imp);
    mentions.0
}

/// `types::builder::X` as `types::X`, and the empty builder a body began
/// as (`Ok(Default::default())` for a field of such a type) as unset.
struct Unbuild;

impl VisitMut for Unbuild {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(path) = ty {
            let segments = &mut path.path.segments;
            let names: Vec<String> = segments.iter().map(|s| s.ident.to_string()).collect();
            if names.len() == 3 && names[0] == "types" && names[1] == "builder" {
                let last = segments[2].clone();
                let first = segments[0].clone();
                segments.clear();
                segments.push(first);
                segments.push(last);
            }
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        // `Self { client, body: Ok(::std::default::Default::default()), .. }`
        // in `new`: a struct body is now unset until given.
        for field in &mut node.fields {
            let syn::Member::Named(name) = &field.member else {
                continue;
            };
            if name == "body" && is_ok_default(&field.expr) {
                field.expr = syn::parse_quote!(Err("body was not initialized".to_string()));
            }
        }
        visit_mut::visit_expr_struct_mut(self, node);
    }
}

/// `Ok(::std::default::Default::default())`.
fn is_ok_default(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let is_ok = matches!(&*call.func, Expr::Path(p) if p.path.is_ident("Ok"));
    is_ok
        && call.args.len() == 1
        && quote::quote!(#call)
            .to_string()
            .contains("Default :: default ()")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_builders_and_what_uses_them_go() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Body { pub name: String }
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                impl ::std::convert::From<&Body> for Body { fn from(value: &Body) -> Self { value.clone() } }
                impl ::std::convert::TryFrom<builder::Body> for Body { type Error = String; fn try_from(value: builder::Body) -> Result<Self, String> { todo!() } }
                impl ::std::convert::From<Body> for builder::Body { fn from(value: Body) -> Self { todo!() } }
                pub mod builder { pub struct Body { name: Result<String, String> } }
            }
            pub mod builder {
                pub struct Create<'a> { client: &'a super::Client, body: Result<types::builder::Body, String>, list: Result<types::Ids, String> }
                impl<'a> Create<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client, body: Ok(::std::default::Default::default()), list: Err("list was not initialized".to_string()) }
                    }
                    pub fn body_map<F>(mut self, f: F) -> Self where F: FnOnce(types::builder::Body) -> types::builder::Body { self }
                    pub fn body<V>(mut self, value: V) -> Self { self }
                }
            }
        };
        assert_eq!(drop_struct_builders(&mut file), 1);
        let text = quote::quote!(#file).to_string();
        assert!(!text.contains("builder :: Body"), "{text}");
        assert!(!text.contains("fn builder"), "{text}");
        assert!(!text.contains("body_map"), "{text}");
        assert!(
            text.contains("body : Result < types :: Body , String >"),
            "{text}"
        );
        assert!(
            text.contains("body : Err (\"body was not initialized\" . to_string ())"),
            "{text}"
        );
        // What is not about builders stays.
        assert!(text.contains("From < & Body > for Body"), "{text}");
        assert!(text.contains("pub fn body < V >"), "{text}");
    }

    #[test]
    fn the_builder_module_of_types_goes_before_parsing() {
        let tokens = quote::quote! {
            pub mod types {
                pub struct Body { pub name: String }
                #[doc = "Types for composing complex structures."]
                pub mod builder { pub struct Body { name: Result<String, String> } }
                pub(crate) mod defaults { pub fn one() -> i64 { 1 } }
            }
            pub mod builder { pub struct Create; }
        };
        let file: syn::File = syn::parse2(without_builder_module(tokens)).unwrap();
        let text = quote::quote!(#file).to_string();
        assert_eq!(
            text,
            quote::quote! {
                pub mod types {
                    pub struct Body { pub name: String }
                    pub(crate) mod defaults { pub fn one() -> i64 { 1 } }
                }
                pub mod builder { pub struct Create; }
            }
            .to_string()
        );
    }
}
