//! Numbers in parameters, written as the API reads them (see the generated
//! crate's `wire` module): two passes over progenitor's operations.
//!
//! - [`route_query_params`] turns `progenitor_client::QueryParam::new(..)`
//!   into `crate::wire::QueryParam::new(..)`, which writes a whole `f64`
//!   without a fraction (`page=1`, not serde's `page=1.0`), and reqwest's
//!   `.json(&body)` into a body written by `crate::wire::json_body`
//!   (`"ttl":3600`, not `3600.0`; NaN refused);
//! - [`check_finite_numbers`] has `send` check each parameter whose type
//!   holds a number (`f64`, `f32`, or a generated type that holds one,
//!   such as typify's newtype of a `number` component) with
//!   `crate::wire::finite`, so that NaN or an infinity is
//!   `Error::InvalidRequest` with nothing sent. Only those parameters: a
//!   string's check would cost every call for nothing.
//!
//! Path segments and headers are written with `Display`, which writes an
//! `f64` as `wire` does (`1`, `0.5`); the finite check covers them too.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, Pat, Stmt};

use crate::generate::syntax::type_mentions;

/// Routes query parameters through the generated crate's `wire::QueryParam`.
pub(crate) fn route_query_params(file: &mut syn::File) {
    QueryParams.visit_file_mut(file);
}

struct QueryParams;

impl VisitMut for QueryParams {
    /// `.json(&body)` becomes
    /// `.header(CONTENT_TYPE, "application/json").body(crate::wire::json_body("body", &body)...?)`.
    fn visit_expr_method_call_mut(&mut self, node: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, node);
        let is_body = |arg: &Expr| {
            matches!(arg, Expr::Reference(reference)
                if matches!(&*reference.expr, Expr::Path(path) if path.path.is_ident("body")))
        };
        if node.method == "json" && node.args.len() == 1 && is_body(&node.args[0]) {
            let receiver = &node.receiver;
            *node = syn::parse_quote! {
                #receiver
                    .header(
                        ::reqwest::header::CONTENT_TYPE,
                        ::reqwest::header::HeaderValue::from_static("application/json"),
                    )
                    .body(crate::wire::json_body("body", &body).map_err(Error::InvalidRequest)?)
            };
        }
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        let names: Vec<String> = node
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if names == ["progenitor_client", "QueryParam", "new"] {
            *node = syn::parse_quote!(crate::wire::QueryParam::new);
        }
        syn::visit_mut::visit_expr_path_mut(self, node);
    }
}

/// Adds `crate::wire::finite` checks to each `send` for the parameters
/// whose types hold numbers (see the module docs).
pub(crate) fn check_finite_numbers(file: &mut syn::File) {
    let numeric = numeric_types(file);
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "builder" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        // Each builder's fields that hold numbers, by builder name.
        let mut fields: std::collections::HashMap<String, HashSet<String>> = Default::default();
        for item in items.iter() {
            if let Item::Struct(builder) = item {
                let names = builder
                    .fields
                    .iter()
                    .filter_map(|field| {
                        let name = field.ident.as_ref()?.to_string();
                        (name != "body" && holds_number(&field.ty.to_token_stream(), &numeric))
                            .then_some(name)
                    })
                    .collect();
                fields.insert(builder.ident.to_string(), names);
            }
        }
        for item in items.iter_mut() {
            let Item::Impl(imp) = item else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            let Some(checked) = self_ty
                .path
                .segments
                .last()
                .and_then(|s| fields.get(&s.ident.to_string()))
            else {
                continue;
            };
            if checked.is_empty() {
                continue;
            }
            for item in &mut imp.items {
                if let ImplItem::Fn(f) = item
                    && f.sig.ident == "send"
                {
                    add_checks(&mut f.block.stmts, checked);
                }
            }
        }
    }
}

/// After `let x = x.map_err(Error::InvalidRequest)?;` for each `x` of
/// `checked`: `crate::wire::finite("x", &x).map_err(Error::InvalidRequest)?;`.
fn add_checks(stmts: &mut Vec<Stmt>, checked: &HashSet<String>) {
    let mut index = 0;
    while index < stmts.len() {
        if let Stmt::Local(local) = &stmts[index]
            && let Pat::Ident(name) = &local.pat
            && checked.contains(&name.ident.to_string())
            && local
                .init
                .as_ref()
                .is_some_and(|init| is_invalid_request_map(&init.expr))
        {
            let ident = name.ident.clone();
            let api = ident.to_string();
            let check: Stmt = syn::parse_quote! {
                crate::wire::finite(#api, &#ident).map_err(Error::InvalidRequest)?;
            };
            stmts.insert(index + 1, check);
            index += 1;
        }
        index += 1;
    }
}

/// `x.map_err(Error::InvalidRequest)?`
pub(crate) fn is_invalid_request_map(expr: &Expr) -> bool {
    let Expr::Try(tried) = expr else { return false };
    let Expr::MethodCall(call) = &*tried.expr else {
        return false;
    };
    call.method == "map_err"
        && call.args.len() == 1
        && call.args.to_token_stream().to_string().replace(' ', "") == "Error::InvalidRequest"
}

/// The generated types (in `types`) that hold a number: a field, variant
/// or newtype of `f64`, `f32` or another such type.
fn numeric_types(file: &syn::File) -> HashSet<String> {
    let items = type_mentions(file);
    let mut numeric = HashSet::new();
    loop {
        let before = numeric.len();
        for (name, mentioned) in &items {
            if !numeric.contains(name)
                && mentioned
                    .iter()
                    .any(|m| m == "f64" || m == "f32" || numeric.contains(m))
            {
                numeric.insert(name.clone());
            }
        }
        if numeric.len() == before {
            return numeric;
        }
    }
}

/// Whether `tokens` (a type, or a type's fields) mention `f64`, `f32` or
/// one of `numeric`.
fn holds_number(tokens: &TokenStream, numeric: &HashSet<String>) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => {
            ident == "f64" || ident == "f32" || numeric.contains(&ident.to_string())
        }
        TokenTree::Group(group) => holds_number(&group.stream(), numeric),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn query_params_go_through_the_wire_module() {
        let mut file: syn::File = syn::parse_quote! {
            fn f() { client.get(url).query(&progenitor_client::QueryParam::new("page", &page)); }
        };
        route_query_params(&mut file);
        let out = quote!(#file).to_string();
        assert!(
            out.contains("crate :: wire :: QueryParam :: new (\"page\" , & page)"),
            "{out}"
        );
    }

    #[test]
    fn parameters_that_hold_numbers_are_checked_finite() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Ttl(pub f64);
                pub struct Name(String);
            }
            pub mod builder {
                pub struct List<'a> {
                    client: &'a Client,
                    name: Result<types::Name, String>,
                    page: Result<Option<f64>, String>,
                    ttl: Result<Option<types::Ttl>, String>,
                    body: Result<types::Body, String>,
                }
                impl<'a> List<'a> {
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let Self { client, name, page, ttl, body } = self;
                        let name = name.map_err(Error::InvalidRequest)?;
                        let page = page.map_err(Error::InvalidRequest)?;
                        let ttl = ttl.map_err(Error::InvalidRequest)?;
                        let body = body.map_err(Error::InvalidRequest)?;
                        Ok(())
                    }
                }
            }
        };
        check_finite_numbers(&mut file);
        let out: String = quote!(#file).to_string().split_whitespace().collect();
        let page = out.find("letpage=").unwrap();
        let check = out
            .find("crate::wire::finite(\"page\",&page).map_err(Error::InvalidRequest)?;")
            .unwrap();
        let ttl = out.find("letttl=").unwrap();
        assert!(page < check && check < ttl, "{out}");
        assert!(out.contains("crate::wire::finite(\"ttl\",&ttl)"), "{out}");
        assert!(!out.contains("finite(\"name\""), "{out}");
        assert!(!out.contains("finite(\"body\""), "{out}");
    }
}
