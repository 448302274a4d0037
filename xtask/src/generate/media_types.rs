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

use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprMethodCall, Lit};

use crate::Error;
use crate::generate::sends::{picked, sends};
use crate::normalize::media_types::MEDIA_TYPE_EXTENSION;
use crate::spec::Spec;

/// See the module's docs.
///
/// # Errors
///
/// An operation whose `send()` sets no `Content-Type` and has no
/// `.json(&body)`, naming it: regen never sends a body as another media
/// type than the spec says.
pub(crate) fn route(spec: &Spec, file: &mut syn::File) -> Result<(), Error> {
    let mut wanted = picked(spec, |op| match op.extensions.get(MEDIA_TYPE_EXTENSION) {
        Some(Value::String(media_type)) => Some(media_type.clone()),
        _ => None,
    });
    if wanted.is_empty() {
        return Ok(());
    }
    for (_, (media_type, shown), send) in sends(file, &mut wanted) {
        let mut routed = Routed {
            media_type: &media_type,
            done: false,
        };
        if let Some(send) = send {
            routed.visit_impl_item_fn_mut(send);
        }
        if !routed.done {
            return Err(not_found(&shown, &media_type));
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
