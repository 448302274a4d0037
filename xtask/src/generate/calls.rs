//! What every generated operation does on each call, made cheaper than
//! progenitor writes it, without changing what a call sends or returns.
//! Three passes over the `send` methods:
//!
//! - [`headers_in_place`]: progenitor collects the `api-version` header
//!   (and any header parameters) in a `HeaderMap` of their own, then has
//!   reqwest merge it into the request's (`.headers(header_map)`): two
//!   allocations and a copy per call. They are appended to the built
//!   request's headers instead.
//! - [`route_answers`]: progenitor's `ResponseValue::from_response` (and
//!   `empty`, `stream`) copies the answer's headers and collects the body
//!   into a list of chunks. The generated crate's `answer` module moves
//!   the headers, reads the body chunk by chunk, and takes a body that
//!   the client's `Hooks` function already read (see `Hooks::attach_body`)
//!   instead of reading it again; an answer handed back undecoded
//!   (`Error::UnexpectedResponse`) gets that body back first
//!   (`answer::unread`).
//! - [`announce_starts`]: each `send` first tells the client's `Hooks`
//!   which operation starts (`Hooks::on_start`), so that every outcome of
//!   the call, a refusal before sending included, can be put down to it;
//!   and the operation is named by the spec's `operationId` there and in
//!   the `OperationInfo` progenitor gives its hooks (progenitor writes its
//!   method name, `namespace_worker_create`), so that hooks, tracing,
//!   the call's record and its errors all say `namespace-worker-create`.

use std::collections::HashMap;

use syn::visit_mut::VisitMut;
use syn::{Block, Expr, ExprCall, ExprLit, ImplItemFn, Lit, Member, Pat, Stmt};

/// Appends each operation's headers to its request instead of merging a
/// map of their own into it (see the module docs).
///
/// Only where that changes nothing: the header statements progenitor
/// writes right before the request, and header names that the request
/// builder does not set itself (`accept`, `content-type`, and the
/// websocket ones), so that appending is what merging did. An error
/// converting a header parameter is now found after the request is built;
/// both are errors before anything is sent.
pub(crate) fn headers_in_place(file: &mut syn::File) {
    HeadersInPlace.visit_file_mut(file);
}

struct HeadersInPlace;

/// Headers that progenitor's request builder sets: a parameter of the
/// same name would replace them when merged, and be added when appended.
const SET_BY_THE_BUILDER: &[&str] = &[
    "accept",
    "content-type",
    "connection",
    "upgrade",
    "sec-websocket-version",
    "sec-websocket-key",
];

impl VisitMut for HeadersInPlace {
    fn visit_block_mut(&mut self, block: &mut Block) {
        move_headers(&mut block.stmts);
        syn::visit_mut::visit_block_mut(self, block);
    }
}

fn move_headers(stmts: &mut Vec<Stmt>) {
    let Some(start) = stmts.iter().position(is_header_map_local) else {
        return;
    };
    let end = start
        + 1
        + stmts[start + 1..]
            .iter()
            .take_while(|stmt| !matches!(stmt, Stmt::Local(_)) && mentions_header_map(stmt))
            .count();
    let appends = &stmts[start + 1..end];
    if !appends.iter().all(appends_only_fresh_names) {
        return;
    }
    let Some(Stmt::Local(request)) = stmts.get_mut(end) else {
        return;
    };
    let Pat::Ident(request_ident) = &request.pat else {
        return;
    };
    let request_ident = request_ident.ident.clone();
    let Some(init) = request.init.as_mut() else {
        return;
    };
    if !remove_headers_call(&mut init.expr) {
        return;
    }
    let appends: Vec<Stmt> = stmts.drain(start + 1..end).collect();
    stmts.remove(start);
    let block: Stmt = syn::parse_quote! {
        {
            let header_map = #request_ident.headers_mut();
            #(#appends)*
        }
    };
    // The request statement is now at `start`.
    stmts.insert(start + 1, block);
}

/// `let mut header_map = ::reqwest::header::HeaderMap::with_capacity(..);`
fn is_header_map_local(stmt: &Stmt) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    let Pat::Ident(ident) = &local.pat else {
        return false;
    };
    ident.ident == "header_map"
        && local.init.as_ref().is_some_and(|init| {
            matches!(&*init.expr, Expr::Call(ExprCall { func, .. })
                if matches!(&**func, Expr::Path(path)
                    if path.path.segments.last().is_some_and(|s| s.ident == "with_capacity")))
        })
}

fn mentions_header_map(stmt: &Stmt) -> bool {
    contains_ident(quote::quote!(#stmt), "header_map")
}

fn contains_ident(tokens: proc_macro2::TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => contains_ident(group.stream(), name),
        _ => false,
    })
}

/// Whether every `header_map.append(name, ..)` in `stmt` names a header
/// the request builder does not set (see [`SET_BY_THE_BUILDER`]).
fn appends_only_fresh_names(stmt: &Stmt) -> bool {
    struct Names {
        fresh: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            if call.method == "append" {
                self.fresh &= call.args.first().is_some_and(is_fresh_name);
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut names = Names { fresh: true };
    syn::visit::Visit::visit_stmt(&mut names, stmt);
    names.fresh
}

/// A header name that is a literal (`"if-match"`, or
/// `HeaderName::from_static("api-version")`) not in [`SET_BY_THE_BUILDER`].
fn is_fresh_name(name: &Expr) -> bool {
    let literal = match name {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => s.value(),
        Expr::Call(ExprCall { func, args, .. })
            if matches!(&**func, Expr::Path(path)
                if path.path.segments.last().is_some_and(|s| s.ident == "from_static")) =>
        {
            match args.first() {
                Some(Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                })) => s.value(),
                _ => return false,
            }
        }
        _ => return false,
    };
    !SET_BY_THE_BUILDER
        .iter()
        .any(|set| set.eq_ignore_ascii_case(&literal))
}

/// Takes `.headers(header_map)` out of the request builder's chain
/// (`client.client.post(url)...headers(header_map)...build()?`).
fn remove_headers_call(expr: &mut Expr) -> bool {
    match expr {
        Expr::Try(inner) => remove_headers_call(&mut inner.expr),
        Expr::MethodCall(call) => {
            let is_it = call.method == "headers"
                && call.args.len() == 1
                && matches!(&call.args[0], Expr::Path(p) if p.path.is_ident("header_map"));
            if is_it {
                *expr = (*call.receiver).clone();
                true
            } else {
                remove_headers_call(&mut call.receiver)
            }
        }
        _ => false,
    }
}

/// Routes the decoding of answers through the generated crate's `answer`
/// module (see the module docs).
pub(crate) fn route_answers(file: &mut syn::File) {
    Answers.visit_file_mut(file);
}

struct Answers;

impl VisitMut for Answers {
    fn visit_expr_call_mut(&mut self, call: &mut ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let Expr::Path(func) = &*call.func else {
            return;
        };
        let names: Vec<String> = func
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        match names[..] {
            ["ResponseValue", "from_response"] => {
                *call.func = syn::parse_quote!(crate::answer::json);
            }
            ["ResponseValue", "empty"] => *call.func = syn::parse_quote!(crate::answer::empty),
            ["ResponseValue", "stream"] => *call.func = syn::parse_quote!(crate::answer::stream),
            ["Error", "UnexpectedResponse"] if call.args.len() == 1 => {
                let response = &call.args[0];
                call.args[0] = syn::parse_quote!(crate::answer::unread(#response));
            }
            _ => {}
        }
    }
}

/// Makes every operation's `send` start with
/// `crate::hooks::start(self.client, "<operationId>")`, and names the
/// operation by its `operationId` in the `OperationInfo` that progenitor
/// gives its hooks further down, where progenitor writes its method name
/// (`operation_ids`: method name → `operationId`); returns how many it
/// changed. The call comes before anything that can fail (an argument
/// progenitor's builder refuses), which is why it is not left to the
/// hooks progenitor calls.
pub(crate) fn announce_starts(
    file: &mut syn::File,
    operation_ids: &HashMap<String, String>,
) -> usize {
    let mut starts = Starts {
        operation_ids,
        changed: 0,
    };
    starts.visit_file_mut(file);
    starts.changed
}

struct Starts<'a> {
    operation_ids: &'a HashMap<String, String>,
    changed: usize,
}

impl VisitMut for Starts<'_> {
    fn visit_impl_item_fn_mut(&mut self, function: &mut ImplItemFn) {
        if function.sig.ident == "send"
            && let Some(name) = function.block.stmts.iter_mut().find_map(operation_info)
            && let Some(id) = self.operation_ids.get(&name.value())
        {
            let id = syn::LitStr::new(id, name.span());
            *name = id.clone();
            let start: Stmt = syn::parse_quote!(crate::hooks::start(self.client, #id););
            function.block.stmts.insert(0, start);
            self.changed += 1;
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, function);
    }
}

/// The name in `let info = OperationInfo { operation_id: "<name>" };`.
fn operation_info(stmt: &mut Stmt) -> Option<&mut syn::LitStr> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let Expr::Struct(info) = &mut *local.init.as_mut()?.expr else {
        return None;
    };
    if !info.path.is_ident("OperationInfo") {
        return None;
    }
    info.fields
        .iter_mut()
        .find_map(|field| match (&field.member, &mut field.expr) {
            (
                Member::Named(member),
                Expr::Lit(ExprLit {
                    lit: Lit::Str(name),
                    ..
                }),
            ) if member == "operation_id" => Some(name),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn send(headers: proc_macro2::TokenStream) -> syn::File {
        syn::parse_quote! {
            async fn send() {
                let url = format!("{}/x", client.baseurl);
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                #headers
                #[allow(unused_mut)]
                let mut request = client
                    .client
                    .post(url)
                    .header(::reqwest::header::ACCEPT, ::reqwest::header::HeaderValue::from_static("application/json"))
                    .json(&body)
                    .headers(header_map)
                    .build()?;
                let info = OperationInfo { operation_id: "x" };
            }
        }
    }

    fn squeeze(file: &syn::File) -> String {
        quote!(#file).to_string().split_whitespace().collect()
    }

    #[test]
    fn headers_are_appended_to_the_built_request() {
        let mut file = send(quote! {
            if let Some(value) = if_match {
                header_map.append("if-match", value.to_string().try_into()?);
            }
        });
        headers_in_place(&mut file);
        let out = squeeze(&file);
        assert!(!out.contains("with_capacity"), "{out}");
        assert!(!out.contains(".headers(header_map)"), "{out}");
        let built = out.find(".build()?;").unwrap();
        let moved = out
            .find("{letheader_map=request.headers_mut();header_map.append(")
            .unwrap();
        let if_match = out.find("\"if-match\"").unwrap();
        let info = out.find("letinfo").unwrap();
        assert!(
            built < moved && moved < if_match && if_match < info,
            "{out}"
        );
    }

    #[test]
    fn a_header_parameter_the_builder_sets_keeps_the_merge() {
        let mut file = send(quote! {
            header_map.append("Content-Type", content_type.to_string().try_into()?);
        });
        let before = squeeze(&file);
        headers_in_place(&mut file);
        assert_eq!(squeeze(&file), before);
    }

    #[test]
    fn every_send_starts_by_naming_its_operation_by_its_operation_id() {
        let mut file: syn::File = syn::parse_quote! {
            impl<'a> NamespaceWorkerList<'a> {
                pub fn account_id(self) -> Self { self }
                pub async fn send(self) -> Result<(), Error<()>> {
                    let Self { client, account_id } = self;
                    let account_id = account_id.map_err(Error::InvalidRequest)?;
                    let info = OperationInfo { operation_id: "namespace_worker_list" };
                    client.pre(&mut request, &info).await?;
                }
            }
        };
        let ids = HashMap::from([(
            "namespace_worker_list".to_owned(),
            "namespace-worker-list".to_owned(),
        )]);
        assert_eq!(announce_starts(&mut file, &ids), 1);
        let out = squeeze(&file);
        assert!(
            out.contains(
                "asyncfnsend(self)->Result<(),Error<()>>{crate::hooks::start(self.client,\"namespace-worker-list\");letSelf{"
            ),
            "{out}"
        );
        assert_eq!(out.matches("crate::hooks::start").count(), 1, "{out}");
        // The hooks progenitor calls get the same name.
        assert!(
            out.contains("letinfo=OperationInfo{operation_id:\"namespace-worker-list\"};"),
            "{out}"
        );
        assert!(!out.contains("\"namespace_worker_list\""), "{out}");
    }

    #[test]
    fn answers_are_decoded_by_the_answer_module() {
        let mut file: syn::File = syn::parse_quote! {
            async fn send() {
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    204u16 => Ok(ResponseValue::empty(response)),
                    206u16 => Ok(ResponseValue::stream(response)),
                    400u16..=499u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        };
        route_answers(&mut file);
        let out = squeeze(&file);
        assert!(!out.contains("ResponseValue::"), "{out}");
        for call in [
            "200u16=>crate::answer::json(response).await",
            "Ok(crate::answer::empty(response))",
            "Ok(crate::answer::stream(response))",
            "Error::ErrorResponse(crate::answer::json(response).await?)",
            "Error::UnexpectedResponse(crate::answer::unread(response))",
        ] {
            assert!(out.contains(call), "{call} missing from {out}");
        }
    }
}
