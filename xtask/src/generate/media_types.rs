//! Request bodies sent as the media type the spec gives, where progenitor
//! was handed another (`crate::normalize::media_types`: SCIM's
//! `application/scim+json` as JSON, Vectorize's `application/x-ndjson` as
//! bytes).
//!
//! After progenitor, [`route`] has the `send()` of each operation with
//! [`MEDIA_TYPE_EXTENSION`] set that media type as the request's
//! `Content-Type`: in place of the one set by
//! `.header(CONTENT_TYPE, HeaderValue::from_static(..))` (progenitor's
//! `application/octet-stream` before `.body(body)`, or the
//! `application/json` of `numbers::route_query_params`' JSON body), or
//! before `.json(&body)` (reqwest's `json` sets `application/json` only
//! where no `Content-Type` is set).

use std::collections::HashMap;

use heck::ToUpperCamelCase;
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprMethodCall, ImplItem, Item, Lit};

use crate::Error;
use crate::normalize::media_types::MEDIA_TYPE_EXTENSION;
use crate::spec::Spec;

/// Each operation's media type to send, by progenitor's builder name, with
/// how to name the operation in an error.
fn media_types(spec: &Spec) -> HashMap<String, (String, String)> {
    let mut found = HashMap::new();
    for operation in &spec.operations {
        let Some(openapiv3::ReferenceOr::Item(item)) =
            spec.document.paths.paths.get(&operation.route)
        else {
            continue;
        };
        let Some((_, op)) = item.iter().find(|(method, _)| *method == operation.method) else {
            continue;
        };
        let Some(Value::String(media_type)) = op.extensions.get(MEDIA_TYPE_EXTENSION) else {
            continue;
        };
        found.insert(
            operation.method_name().to_upper_camel_case(),
            (
                media_type.clone(),
                format!("operation `{}` ({operation})", operation.id),
            ),
        );
    }
    found
}

/// See the module's docs.
///
/// # Errors
///
/// An operation whose `send()` sets no `Content-Type` and has no
/// `.json(&body)`, naming it: regen never sends a body as another media
/// type than the spec says.
pub(crate) fn route(spec: &Spec, file: &mut syn::File) -> Result<(), Error> {
    let mut wanted = media_types(spec);
    if wanted.is_empty() {
        return Ok(());
    }
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "builder" {
            continue;
        }
        let Some((_, items)) = module.content.as_mut() else {
            continue;
        };
        for item in items {
            let Item::Impl(imp) = item else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
                continue;
            };
            let Some((media_type, shown)) = wanted.remove(&name) else {
                continue;
            };
            let mut routed = Routed {
                media_type: &media_type,
                done: false,
            };
            for item in &mut imp.items {
                if let ImplItem::Fn(f) = item
                    && f.sig.ident == "send"
                {
                    routed.visit_impl_item_fn_mut(f);
                }
            }
            if !routed.done {
                return Err(not_found(&shown, &media_type));
            }
        }
    }
    match wanted.into_values().next() {
        Some((media_type, shown)) => Err(not_found(&shown, &media_type)),
        None => Ok(()),
    }
}

fn not_found(shown: &str, media_type: &str) -> Error {
    Error::Generate {
        culprit: shown.to_owned(),
        message: format!(
            "its body is sent as `{media_type}`, but progenitor's `send()` sets no \
             `Content-Type` and has no `.json(&body)` to send it so \
             (xtask/src/generate/media_types.rs)"
        ),
    }
}

/// Sets `media_type` as the `Content-Type` of the `send()` it visits.
struct Routed<'m> {
    media_type: &'m str,
    done: bool,
}

impl VisitMut for Routed<'_> {
    fn visit_expr_method_call_mut(&mut self, call: &mut ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if self.done {
            return;
        }
        let media_type = self.media_type;
        if call.method == "json" {
            let receiver = &call.receiver;
            *call.receiver = syn::parse_quote! {
                #receiver.header(
                    ::reqwest::header::CONTENT_TYPE,
                    ::reqwest::header::HeaderValue::from_static(#media_type),
                )
            };
            self.done = true;
        } else if call.method == "header"
            && let [name, value] = &mut call.args.iter_mut().collect::<Vec<_>>()[..]
            && let Expr::Path(name) = &**name
            && name
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "CONTENT_TYPE")
            && let Expr::Call(value) = &mut **value
            && let [Expr::Lit(lit)] = &mut value.args.iter_mut().collect::<Vec<_>>()[..]
            && let Lit::Str(_) = &lit.lit
        {
            lit.lit = Lit::Str(syn::LitStr::new(media_type, proc_macro2::Span::call_site()));
            self.done = true;
        }
    }
}
