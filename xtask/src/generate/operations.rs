//! What the generated crate knows about its operations beyond progenitor's
//! methods: a table of every operation (`OPERATIONS`: name, method, path
//! template) and the encoding of path parameters.
//!
//! The table lets the generated client check, before sending, that a
//! request's path is the operation's template with each parameter in one
//! segment. URL parsing resolves `.` and `..` segments, which no encoding
//! prevents, so that check is what keeps a parameter from reaching another
//! path. It also proves at regen time that every spec operation has a
//! generated method.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprCall, ExprStruct, Lit, Member, UseTree};

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

use crate::Error;
use crate::spec::{OperationRef, Spec};

/// `pub const OPERATIONS`, sorted by `operationId` (the name the hooks
/// get, and look an operation up by), for the spec's operations, each
/// checked against the methods progenitor generated in `file` (whose
/// `OperationInfo` names them by `operationId`, see
/// `crate::generate::calls::announce_starts`).
pub(crate) fn operation_table(spec: &Spec, file: &syn::File) -> Result<TokenStream, Error> {
    let mut generated = GeneratedOperations::default();
    generated.visit_file(file);
    let mut rows = Vec::with_capacity(spec.operations.len());
    for operation in &spec.operations {
        let method_name = operation.method_name();
        if !generated.names.contains(&operation.id) {
            return Err(Error::Generate {
                culprit: format!("operation `{}` ({operation})", operation.id),
                message: format!("no method `{method_name}` in progenitor's output"),
            });
        }
        rows.push((method_name, operation));
    }
    rows.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let rows = rows.iter().map(|(method_name, operation)| {
        let id = &operation.id;
        let method = operation.method.to_uppercase();
        let path = &operation.route;
        let media_types = success_media_types(&spec.document, operation);
        quote! {
            crate::Operation::new(#method_name, #id, #method, #path, &[#(#media_types),*])
        }
    });
    Ok(quote! {
        /// Every operation in the spec, sorted by `operationId`.
        pub const OPERATIONS: &[crate::Operation] = &[#(#rows),*];
    })
}

/// The media types `operation`'s successful answers declare: those of its
/// `2xx` responses (progenitor's successes), else of its `default` one
/// (which progenitor then takes for the success), lower case, each once,
/// in the spec's order.
fn success_media_types(document: &OpenAPI, operation: &OperationRef) -> Vec<String> {
    let Some(ReferenceOr::Item(item)) = document.paths.paths.get(&operation.route) else {
        return Vec::new();
    };
    let Some((_, op)) = item.iter().find(|(method, _)| *method == operation.method) else {
        return Vec::new();
    };
    let response = |response: &ReferenceOr<Response>| -> Option<Vec<String>> {
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                match document.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(response) => response,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        Some(
            response
                .content
                .keys()
                .map(|t| t.to_ascii_lowercase())
                .collect(),
        )
    };
    let successes: Vec<&ReferenceOr<Response>> = op
        .responses
        .responses
        .iter()
        .filter(|(status, _)| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        })
        .map(|(_, response)| response)
        .collect();
    let declared = if successes.is_empty() {
        op.responses.default.iter().collect()
    } else {
        successes
    };
    let mut media_types: Vec<String> = Vec::new();
    for media_type in declared.into_iter().filter_map(response).flatten() {
        if !media_types.contains(&media_type) {
            media_types.push(media_type);
        }
    }
    media_types
}

/// The `operation_id`s of `OperationInfo` literals (the spec's
/// `operationId`s, once `crate::generate::calls::announce_starts` named them so):
/// one per generated operation.
#[derive(Default)]
struct GeneratedOperations {
    names: Vec<String>,
}

impl<'ast> Visit<'ast> for GeneratedOperations {
    fn visit_expr_struct(&mut self, node: &'ast ExprStruct) {
        let is_info = node
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "OperationInfo");
        if is_info {
            for field in &node.fields {
                if let (Member::Named(name), Expr::Lit(lit)) = (&field.member, &field.expr)
                    && name == "operation_id"
                    && let Lit::Str(value) = &lit.lit
                {
                    self.names.push(value.value());
                }
            }
        }
        syn::visit::visit_expr_struct(self, node);
    }
}

/// Sends every path parameter through the generated crate's own
/// `path::Segment` rather than progenitor's `encode_path`, which
/// leaves `\` alone (URL parsing reads it as `/`), and takes `encode_path`
/// out of the `use`s that import it, since nothing calls it any more.
pub(crate) fn route_path_encoding(file: &mut syn::File) {
    EncodePath.visit_file_mut(file);
}

struct EncodePath;

fn is_encode_path(call: &ExprCall) -> bool {
    matches!(&*call.func, Expr::Path(func) if func.path.is_ident("encode_path"))
}

impl VisitMut for EncodePath {
    /// `use progenitor_client::{encode_path, ..}` without `encode_path`.
    fn visit_use_group_mut(&mut self, node: &mut syn::UseGroup) {
        node.items = std::mem::take(&mut node.items)
            .into_pairs()
            .filter(
                |pair| !matches!(pair.value(), UseTree::Name(name) if name.ident == "encode_path"),
            )
            .collect();
        syn::visit_mut::visit_use_group_mut(self, node);
    }

    /// `encode_path(&value.to_string())`, progenitor's only form, becomes
    /// `value.path_segment()`, a `crate::path::Segment` that `format!`
    /// writes encoded without building either string (two allocations per
    /// parameter and call). A method call, in a block that brings its trait
    /// into scope, so that it reaches `Display` through `Deref` as
    /// `to_string` did (typify's newtypes of `String`).
    fn visit_expr_mut(&mut self, node: &mut Expr) {
        if let Expr::Call(call) = node
            && is_encode_path(call)
            && call.args.len() == 1
            && let Some(Expr::Reference(reference)) = call.args.first()
            && let Expr::MethodCall(to_string) = &*reference.expr
            && to_string.method == "to_string"
            && to_string.args.is_empty()
        {
            let value = &to_string.receiver;
            *node = syn::parse_quote!({
                use crate::path::AsSegment as _;
                #value.path_segment()
            });
        }
        syn::visit_mut::visit_expr_mut(self, node);
    }

    /// Any other form: `crate::path::encode_segment(..)`.
    fn visit_expr_call_mut(&mut self, node: &mut ExprCall) {
        if is_encode_path(node) {
            *node.func = syn::parse_quote!(crate::path::encode_segment);
        }
        syn::visit_mut::visit_expr_call_mut(self, node);
    }

    /// progenitor calls `encode_path` inside `format!`, whose arguments syn
    /// keeps as tokens: parse them as expressions to reach the calls.
    fn visit_macro_mut(&mut self, node: &mut syn::Macro) {
        if node.path.is_ident("format")
            && let Ok(mut args) = node.parse_body_with(
                syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
            )
        {
            for arg in &mut args {
                self.visit_expr_mut(arg);
            }
            node.tokens = quote!(#args);
        }
        syn::visit_mut::visit_macro_mut(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_path_calls_are_rerouted() {
        let mut file: syn::File = syn::parse_quote! {
            fn f() { let url = format!("{}/a/{}", base, encode_path(&id.to_string())); }
        };
        route_path_encoding(&mut file);
        let out = quote!(#file).to_string();
        assert!(
            out.contains("{ use crate :: path :: AsSegment as _ ; id . path_segment () }"),
            "{out}"
        );
        assert!(!out.contains(" encode_path ("), "{out}");
    }

    #[test]
    fn encode_path_is_no_longer_imported() {
        let mut file: syn::File = syn::parse_quote! {
            use progenitor_client::{encode_path, ClientHooks, OperationInfo};
            mod builder { use super::{encode_path, ByteStream}; }
        };
        route_path_encoding(&mut file);
        let out = quote!(#file).to_string();
        assert!(!out.contains("encode_path"), "{out}");
        assert!(out.contains("{ ClientHooks , OperationInfo }"), "{out}");
        assert!(out.contains("{ ByteStream }"), "{out}");
    }

    #[test]
    fn operation_info_names_are_found() {
        let file: syn::File = syn::parse_quote! {
            fn f() { let info = OperationInfo { operation_id: "namespace_worker_list" }; }
        };
        let mut generated = GeneratedOperations::default();
        generated.visit_file(&file);
        assert_eq!(generated.names, ["namespace_worker_list"]);
    }
}
