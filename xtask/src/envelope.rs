//! `impl Envelope` for every generated response envelope.
//!
//! progenitor gives each operation its own response type; the ergonomic
//! crate wants to treat them all alike. Rather than match on type names
//! (progenitor's to choose), this looks at the shape of each generated
//! struct in `types`: one with Cloudflare's `success`, `errors`, `messages`
//! and `result` fields (and optionally `result_info`) is an envelope.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, Item, ItemStruct, Type};

use crate::syntax::{generic_of, last_ident};

/// The `impl crate::Envelope` items for the envelopes in `file`'s `types`.
pub(crate) fn envelope_impls(file: &syn::File) -> TokenStream {
    let types = file.items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == "types" => module.content.as_ref(),
        _ => None,
    });
    let Some((_, items)) = types else {
        return TokenStream::new();
    };
    let impls: TokenStream = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(item) => envelope_impl(item).map(|(tokens, _)| tokens),
            _ => None,
        })
        .collect();
    if impls.is_empty() {
        return impls;
    }
    // Inside `types`' namespace, so that the result types read as there.
    quote! {
        /// `Envelope` for each response envelope in `types`.
        mod envelopes {
            #[allow(unused_imports)]
            use super::types::*;
            #impls
        }
    }
}

/// Each envelope of `file`'s `types` by name, with its `Result` type as
/// written inside `types`.
pub(crate) fn envelope_results(file: &syn::File) -> HashMap<String, Type> {
    let types = file.items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == "types" => module.content.as_ref(),
        _ => None,
    });
    let Some((_, items)) = types else {
        return HashMap::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(item) => {
                let (_, result) = envelope_impl(item)?;
                Some((item.ident.to_string(), syn::parse2(result).ok()?))
            }
            _ => None,
        })
        .collect()
}

/// The `impl Envelope` of `item`, and its `Result` type, when `item` is an
/// envelope.
fn envelope_impl(item: &ItemStruct) -> Option<(TokenStream, TokenStream)> {
    let Fields::Named(fields) = &item.fields else {
        return None;
    };
    let field = |name: &str| {
        fields
            .named
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
            .map(|f| &f.ty)
    };
    // `errors` and `messages` are optional lists since `normalize` made
    // them so; a plain list (a spec regen did not normalize) is taken too.
    let list_expr = |name: &str| -> Option<TokenStream> {
        let ty = field(name)?;
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        let (list, value) = match generic_of(ty, "Option") {
            Some(inner) => (inner, quote!(self.#ident)),
            None => (ty, quote!(Some(self.#ident))),
        };
        let item = generic_of(list, "Vec")?;
        last_ident(item)
            .is_some_and(|i| i == "ResponseInfo")
            .then_some(value)
    };
    let errors = list_expr("errors")?;
    let messages = list_expr("messages")?;
    if field("success")
        .and_then(last_ident)
        .is_none_or(|i| i != "bool")
    {
        return None;
    }
    let result_field = field("result");
    let result_info = match field("result_info") {
        None => quote!(None),
        Some(ty) => {
            let info = generic_of(ty, "Option").and_then(last_ident);
            if info.is_none_or(|i| i != "ResultInfo") {
                return None;
            }
            quote!(self.result_info)
        }
    };
    let name = &item.ident;
    // What the result is, and what a success without one means: a result
    // the spec leaves open (null, or anything) is a JSON value, `None` when
    // absent; a list (typify gives it `#[serde(default)]`, no `Option`) is
    // empty; a declared result has no stand-in.
    // An envelope without `result` (Cloudflare's bare `api-response-common`,
    // which the published schema also gives as some operations' failure)
    // has the open result: always absent.
    let Some(result_field) = result_field else {
        let tokens = quote! {
            impl crate::Envelope for #name {
                type Result = ::std::option::Option<::serde_json::Value>;
                fn into_parts(self) -> crate::EnvelopeParts<Self::Result> {
                    crate::EnvelopeParts::new(
                        self.success,
                        #errors,
                        #messages,
                        None,
                        #result_info,
                    )
                }
                fn result_when_absent() -> ::std::option::Option<Self::Result> {
                    Some(None)
                }
            }
        };
        return Some((tokens, quote!(::std::option::Option<::serde_json::Value>)));
    };
    let (result_type, result_value, absent) = match generic_of(result_field, "Option") {
        Some(result) if last_ident(result).is_some_and(|i| i == "Value") => (
            quote!(::std::option::Option<#result>),
            quote!(Some(self.result)),
            quote!(Some(None)),
        ),
        Some(result) => (quote!(#result), quote!(self.result), quote!(None)),
        None => (
            quote!(#result_field),
            quote!(Some(self.result)),
            quote!(Some(::std::default::Default::default())),
        ),
    };
    let tokens = quote! {
        impl crate::Envelope for #name {
            type Result = #result_type;
            fn into_parts(self) -> crate::EnvelopeParts<Self::Result> {
                crate::EnvelopeParts::new(
                    self.success,
                    #errors,
                    #messages,
                    #result_value,
                    #result_info,
                )
            }
            fn result_when_absent() -> ::std::option::Option<Self::Result> {
                #absent
            }
        }
    };
    Some((tokens, result_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impls(types: TokenStream) -> String {
        let file: syn::File = syn::parse2(quote!(pub mod types { #types })).unwrap();
        envelope_impls(&file).to_string()
    }

    #[test]
    fn an_envelope_gets_its_result_type() {
        let out = impls(quote! {
            pub struct CreateResponse {
                pub errors: ::std::vec::Vec<ResponseInfo>,
                pub messages: ::std::vec::Vec<ResponseInfo>,
                pub result: ::std::option::Option<DispatchNamespace>,
                pub success: bool,
            }
        });
        assert!(
            out.contains("impl crate :: Envelope for CreateResponse"),
            "{out}"
        );
        assert!(out.contains("type Result = DispatchNamespace"), "{out}");
        assert!(out.contains("self . result ,"), "{out}");
        assert!(out.contains("None ,"), "{out}");
    }

    #[test]
    fn result_info_is_passed_on() {
        let out = impls(quote! {
            pub struct ListResponse {
                pub errors: Vec<ResponseInfo>,
                pub messages: Vec<ResponseInfo>,
                pub result: Option<Vec<DispatchNamespace>>,
                pub result_info: Option<ResultInfo>,
                pub success: bool,
            }
        });
        assert!(
            out.contains("type Result = Vec < DispatchNamespace >"),
            "{out}"
        );
        assert!(out.contains("self . result_info"), "{out}");
    }

    #[test]
    fn an_open_result_is_always_present() {
        let out = impls(quote! {
            pub struct DeleteResponse {
                pub errors: Vec<ResponseInfo>,
                pub messages: Vec<ResponseInfo>,
                pub result: Option<::serde_json::Value>,
                pub success: bool,
            }
        });
        assert!(
            out.contains("type Result = :: std :: option :: Option < :: serde_json :: Value >"),
            "{out}"
        );
        assert!(out.contains("Some (self . result)"), "{out}");
    }

    #[test]
    fn a_list_without_option_is_always_present() {
        let out = impls(quote! {
            pub struct ListResponse {
                pub errors: Vec<ResponseInfo>,
                pub messages: Vec<ResponseInfo>,
                #[serde(default)]
                pub result: ::std::vec::Vec<DispatchNamespace>,
                pub success: bool,
            }
        });
        assert!(
            out.contains("type Result = :: std :: vec :: Vec < DispatchNamespace >"),
            "{out}"
        );
        assert!(out.contains("Some (self . result)"), "{out}");
    }

    #[test]
    fn an_envelope_without_a_result_has_the_open_result() {
        let out = impls(quote! {
            pub struct ApiResponseCommon {
                pub errors: Option<Vec<ResponseInfo>>,
                pub messages: Option<Vec<ResponseInfo>>,
                pub success: bool,
            }
        });
        assert!(
            out.contains("type Result = :: std :: option :: Option < :: serde_json :: Value >"),
            "{out}"
        );
        assert!(out.contains("Some (None)"), "{out}");
    }

    #[test]
    fn other_shapes_are_left_alone() {
        let out = impls(quote! {
            pub struct StringErrors { pub errors: Vec<String>, pub messages: Vec<ResponseInfo>, pub result: Option<u8>, pub success: bool }
            pub struct OddInfo { pub errors: Vec<ResponseInfo>, pub messages: Vec<ResponseInfo>, pub result: Option<u8>, pub result_info: Option<u8>, pub success: bool }
            pub struct Tuple(u8);
        });
        assert_eq!(out, "");
    }
}
