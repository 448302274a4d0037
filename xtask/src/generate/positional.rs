//! progenitor's builders, made positional methods: the last pass over a
//! product's generated client, once the tree has read it.
//!
//! progenitor's builder interface gives each operation a builder
//! (`client.op().account_id(..).body(..).send()`): a struct with a
//! `Result` per argument, a constructor, a converting setter per argument,
//! and `send`. The tree's builders (`requests`) are what users set
//! arguments with, so progenitor's were a second builder per operation:
//! without it, an operation takes 438 lines instead of 517 (BENCHMARKS.md,
//! "Done: progenitor's builders made positional methods"). The passes of
//! `generate` still work on the
//! builders' `send` (where progenitor writes the request), and the tree
//! still reads the builders' fields; after both, each builder becomes one
//! method of the generated `Client`, named as progenitor names the
//! operation, taking its arguments by value in the builder's field order,
//! with `send`'s body:
//!
//! ```ignore
//! client.workers_kv_namespace_list_namespaces(account_id, direction, order, page, per_page).await
//! ```
//!
//! An optional argument is an `Option`. The method's checks are `send`'s:
//! the spec's limits, finite numbers, path segments, each refusing with
//! `Error::InvalidRequest` before anything is sent. progenitor's own
//! positional interface takes most arguments by reference, which the
//! passes over `send` (written for owned values) do not expect.

use std::collections::HashMap;

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, FnArg, Ident, ImplItem, Item, Pat, Stmt, Type};

use crate::generate::syntax::generic_of;

/// One builder: its arguments (field name, the type it holds) and `send`.
struct Builder {
    args: Vec<(Ident, Type)>,
    send: syn::ImplItemFn,
}

/// Turns each builder of `file` into a method of `Client` (see the module
/// docs) and removes the `builder` module; how many methods it made.
pub(crate) fn to_positional(file: &mut syn::File) -> Result<usize, String> {
    let Some(index) = file
        .items
        .iter()
        .position(|item| matches!(item, Item::Mod(m) if m.ident == "builder"))
    else {
        return Ok(0);
    };
    let Item::Mod(module) = file.items.remove(index) else {
        unreachable!("found as a module")
    };
    let builders = builders_of(module.content.map(|(_, items)| items).unwrap_or_default())?;
    let mut made = 0;
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || !is_client(&imp.self_ty) {
            continue;
        }
        for item in &mut imp.items {
            let ImplItem::Fn(method) = item else { continue };
            let Some(name) = builder_returned(&method.sig.output) else {
                continue;
            };
            let builder = builders
                .get(&name)
                .ok_or_else(|| format!("no builder `{name}` for `Client::{}`", method.sig.ident))?;
            *method = positional(method, builder);
            made += 1;
        }
    }
    if made != builders.len() {
        return Err(format!(
            "{made} of {} builders were reached from a `Client` method",
            builders.len()
        ));
    }
    Ok(made)
}

/// The builders of the `builder` module, by name.
fn builders_of(items: Vec<Item>) -> Result<HashMap<String, Builder>, String> {
    let mut fields: HashMap<String, Vec<(Ident, Type)>> = HashMap::new();
    let mut sends = HashMap::new();
    for item in items {
        match item {
            Item::Struct(builder) => {
                let mut args = Vec::new();
                for field in &builder.fields {
                    let Some(name) = field.ident.clone() else {
                        continue;
                    };
                    if name == "client" {
                        continue;
                    }
                    let held = generic_of(&field.ty, "Result").cloned().ok_or_else(|| {
                        format!(
                            "field `{name}` of builder `{}` is no `Result`",
                            builder.ident
                        )
                    })?;
                    args.push((name, held));
                }
                fields.insert(builder.ident.to_string(), args);
            }
            Item::Impl(imp) => {
                let Type::Path(path) = &*imp.self_ty else {
                    continue;
                };
                let Some(name) = path.path.segments.last().map(|s| s.ident.to_string()) else {
                    continue;
                };
                for item in imp.items {
                    if let ImplItem::Fn(f) = item
                        && f.sig.ident == "send"
                    {
                        sends.insert(name.clone(), f);
                    }
                }
            }
            _ => {}
        }
    }
    fields
        .into_iter()
        .map(|(name, args)| {
            let send = sends
                .remove(&name)
                .ok_or_else(|| format!("builder `{name}` has no `send`"))?;
            Ok((name, Builder { args, send }))
        })
        .collect()
}

fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.path.is_ident("Client"))
}

/// `X` of a method returning `builder::X<'_>`.
fn builder_returned(output: &syn::ReturnType) -> Option<String> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::Path(path) = &**ty else {
        return None;
    };
    let segments: Vec<_> = path.path.segments.iter().collect();
    match segments.as_slice() {
        [module, builder] if module.ident == "builder" => Some(builder.ident.to_string()),
        _ => None,
    }
}

/// The method of `builder`, with `method`'s docs (less progenitor's
/// example of the builder).
fn positional(method: &syn::ImplItemFn, builder: &Builder) -> syn::ImplItemFn {
    let name = &method.sig.ident;
    let mut attrs = docs_without_example(&method.attrs);
    // progenitor lists the arguments only when one has a description.
    if !builder.args.is_empty()
        && !attrs
            .iter()
            .filter_map(doc_text)
            .any(|text| text.contains("Arguments:"))
    {
        let list: Vec<String> = builder
            .args
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect();
        let text = format!("Arguments, in order: {}.", list.join(", "));
        attrs.push(syn::parse_quote!(#[doc = ""]));
        attrs.push(syn::parse_quote!(#[doc = #text]));
    }
    let output = &builder.send.sig.output;
    let mut block = builder.send.block.clone();
    let names: Vec<&Ident> = builder.args.iter().map(|(name, _)| name).collect();
    let unbuild = Unbuild { args: &names };
    let mut unwrapped = Vec::new();
    block.stmts.retain(|stmt| match unbuild.unwrapped(stmt) {
        Some(name) => {
            unwrapped.push(name);
            false
        }
        None => true,
    });
    // An argument `send` takes apart otherwise is its `Result` again.
    let rewrapped = builder
        .args
        .iter()
        .filter(|(name, _)| !unwrapped.contains(name))
        .map(|(name, ty)| -> Stmt {
            syn::parse_quote!(let #name: ::std::result::Result<#ty, String> = Ok(#name);)
        });
    block.stmts.splice(0..0, rewrapped);
    Unbuild { args: &names }.visit_block_mut(&mut block);
    let args = builder
        .args
        .iter()
        .map(|(name, ty)| -> FnArg { syn::parse_quote!(#name: #ty) });
    syn::parse_quote! {
        #(#attrs)*
        pub async fn #name(&self, #(#args),*) #output #block
    }
}

/// `attrs` less progenitor's example (from its `` ```ignore `` fence to
/// the end of the doc, in one attribute or in several), which calls the
/// builder.
fn docs_without_example(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    let mut in_example = false;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs {
        let Some(text) = doc_text(attr) else {
            kept.push(attr.clone());
            continue;
        };
        if in_example {
            continue;
        }
        match text.find("```ignore") {
            Some(at) => {
                in_example = true;
                let text = text[..at].trim_end();
                if !text.is_empty() {
                    kept.push(syn::parse_quote!(#[doc = #text]));
                }
            }
            None => kept.push(attr.clone()),
        }
    }
    kept
}

fn doc_text(attr: &syn::Attribute) -> Option<String> {
    let syn::Meta::NameValue(meta) = &attr.meta else {
        return None;
    };
    if !meta.path.is_ident("doc") {
        return None;
    }
    match &meta.value {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// `send`'s body as the method's: `self` is the client (`self.client` was),
/// `let Self { client, .. } = self;` becomes `let client = self;`, and each
/// `let x = x.map_err(Error::InvalidRequest)?;` goes (the argument is the
/// value). `super::Client` (from inside the `builder` module) is `Self`.
struct Unbuild<'a> {
    args: &'a [&'a Ident],
}

impl VisitMut for Unbuild<'_> {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        for stmt in &mut block.stmts {
            if let Stmt::Local(local) = stmt
                && matches!(&local.pat, Pat::Struct(pattern) if pattern.path.is_ident("Self"))
            {
                *stmt = syn::parse_quote!(let client = self;);
            }
        }
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Field(field) = expr
            && matches!(&*field.base, Expr::Path(path) if path.path.is_ident("self"))
            && matches!(&field.member, syn::Member::Named(name) if name == "client")
        {
            *expr = syn::parse_quote!(self);
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() >= 2 && segments[0] == "super" && segments[1] == "Client" {
            let rest: Vec<_> = path.segments.iter().skip(2).cloned().collect();
            *path = syn::parse_quote!(Self);
            path.segments.extend(rest);
        }
        visit_mut::visit_path_mut(self, path);
    }
}

impl Unbuild<'_> {
    /// `x` of `let x = x.map_err(Error::InvalidRequest)?;`, for an
    /// argument `x`.
    fn unwrapped(&self, stmt: &Stmt) -> Option<Ident> {
        let Stmt::Local(local) = stmt else {
            return None;
        };
        let Pat::Ident(name) = &local.pat else {
            return None;
        };
        let arg = self.args.iter().find(|arg| ***arg == name.ident)?;
        let Expr::Try(tried) = &*local.init.as_ref()?.expr else {
            return None;
        };
        let Expr::MethodCall(call) = &*tried.expr else {
            return None;
        };
        (call.method == "map_err"
            && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident(&name.ident))
            && call.args.len() == 1
            && matches!(&call.args[0], Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "InvalidRequest")))
        .then(|| (*arg).clone())
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::to_positional;

    fn squeezed(file: &syn::File) -> String {
        quote!(#file).to_string().split_whitespace().collect()
    }

    #[test]
    fn a_builder_becomes_a_method_taking_its_fields_in_order() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                #[doc = "Get a thing\n\n```ignore\nlet response = client.get_thing()\n    .send()\n    .await;\n```"]
                pub fn get_thing(&self) -> builder::GetThing<'_> {
                    builder::GetThing::new(self)
                }
            }
            pub mod builder {
                pub struct GetThing<'a> {
                    client: &'a super::Client,
                    id: Result<types::Id, String>,
                    page: Result<Option<f64>, String>,
                    body: Result<types::Body, String>,
                }
                impl<'a> GetThing<'a> {
                    pub fn id<V>(mut self, value: V) -> Self { self }
                    pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<()>> {
                        crate::hooks::start(self.client, "get-thing");
                        let Self { client, id, page, body } = self;
                        let id = id.map_err(Error::InvalidRequest)?;
                        let page = page.map_err(Error::InvalidRequest)?;
                        let body = body.and_then(check).map_err(Error::InvalidRequest)?;
                        let version = super::Client::api_version();
                        client.exec(id, page, body, version).await
                    }
                }
            }
        };
        assert_eq!(to_positional(&mut file), Ok(1));
        let code = squeezed(&file);
        assert!(!code.contains("modbuilder"), "{code}");
        assert!(
            code.contains(
                "pubasyncfnget_thing(&self,id:types::Id,page:Option<f64>,body:types::Body)\
                 ->Result<ResponseValue<types::Thing>,Error<()>>{"
            ),
            "{code}"
        );
        // The client is `self`; the arguments are the values; one taken
        // apart otherwise is its `Result` again.
        assert!(
            code.contains("crate::hooks::start(self,\"get-thing\")"),
            "{code}"
        );
        assert!(code.contains("letclient=self;"), "{code}");
        assert!(!code.contains("letid=id.map_err"), "{code}");
        assert!(
            code.contains("letbody:::std::result::Result<types::Body,String>=Ok(body);"),
            "{code}"
        );
        assert!(code.contains("letversion=Self::api_version();"), "{code}");
        // progenitor's example called the builder; the arguments are listed.
        assert!(!code.contains("ignore"), "{code}");
        assert!(
            code.contains("\"Arguments,inorder:`id`,`page`,`body`.\""),
            "{code}"
        );
    }

    #[test]
    fn a_builder_no_method_returns_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {}
            pub mod builder {
                pub struct Lost<'a> { client: &'a super::Client }
                impl<'a> Lost<'a> {
                    pub async fn send(self) -> Result<(), ()> { Ok(()) }
                }
            }
        };
        assert_eq!(
            to_positional(&mut file),
            Err("0 of 1 builders were reached from a `Client` method".to_owned())
        );
    }
}
