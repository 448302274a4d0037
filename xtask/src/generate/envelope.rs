//! `impl Envelope` for every generated response envelope.
//!
//! progenitor gives each operation its own response type; the ergonomic
//! crate wants to treat them all alike. Rather than match on type names
//! (progenitor's to choose), this looks at the shape of each generated
//! struct in `types`: one with Cloudflare's `success`, `errors`, `messages`
//! and `result` fields (and optionally `result_info`) is an envelope.
//!
//! Each impl says what the operation's result is (`Envelope::Result`, the
//! `T` of the ergonomic crate's `Response<T>`) and what a success without
//! one means (`Envelope::result_when_absent`), as the spec says:
//!
//! | `result` in the spec | typify's field | `Result` | absent |
//! |---|---|---|---|
//! | none, or anything (`Value`) | none, `Option<Value>` | `Option<Value>` | `None` |
//! | a list, nullable, required or neither | `Vec<T>`, `Option<Vec<T>>` | `Vec<T>` | an empty list |
//! | anything typify defaults (a map not required) | `#[serde(default)] T` | `T` | `T::default()`, as typify decodes it |
//! | `nullable: true` | `Option<T>` | `Option<T>` | `None` |
//! | any other, required or not | `T`, `Option<T>` | `T` | none: `Error::Decode` |
//!
//! Nullability is the spec's word (typify gives an optional and a nullable
//! `result` the same `Option<T>`): [`nullable_results`] reads it from the
//! success response of each operation whose answer the envelope is.
//! Cloudflare marks `result` required almost nowhere, including where it
//! always sends one (a create's namespace), and nullable where the API may
//! send none (`api-response-common-no-result`, a delete's `null`); its own
//! SDKs read it so too (`Namespace` for a create, `ValueUpdateResponse |
//! null` for a Workers KV write).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::{Fields, ImplItem, Item, ItemStruct, ReturnType, Type};

use crate::generate::syntax::{generic_of, last_ident, serde_default};
use crate::spec::OperationRef;
use crate::spec::refs::resolve;

/// The `impl crate::Envelope` items for the envelopes in `file`'s `types`,
/// those named in `nullable` with a `result` the spec makes nullable.
pub(crate) fn envelope_impls(file: &syn::File, nullable: &BTreeSet<String>) -> TokenStream {
    let Some(items) = module(file, "types") else {
        return TokenStream::new();
    };
    let impls: TokenStream = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(item) => envelope_impl(item, nullable.contains(&item.ident.to_string())),
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

/// The items of `file`'s top-level module `name`.
fn module<'a>(file: &'a syn::File, name: &str) -> Option<&'a [Item]> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == name => {
            module.content.as_ref().map(|(_, items)| items.as_slice())
        }
        _ => None,
    })
}

/// Each envelope of `file` by name, with its `Result` type as written
/// inside `types`: read from the impls [`envelope_impls`] wrote into it.
pub(crate) fn envelope_results(file: &syn::File) -> HashMap<String, Type> {
    let Some(items) = module(file, "envelopes") else {
        return HashMap::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let Item::Impl(imp) = item else {
                return None;
            };
            let is_envelope = imp
                .trait_
                .as_ref()
                .and_then(|(path, _)| path.segments.last())
                .is_some_and(|segment| segment.ident == "Envelope");
            if !is_envelope {
                return None;
            }
            let name = last_ident(&imp.self_ty)?.to_string();
            imp.items.iter().find_map(|item| match item {
                ImplItem::Type(ty) if ty.ident == "Result" => Some((name.clone(), ty.ty.clone())),
                _ => None,
            })
        })
        .collect()
}

/// The generated envelopes whose `result` the spec makes nullable
/// (`nullable: true` on the property or on what it refers to): the
/// success types (progenitor's `send()` answers, in `file`) of the
/// operations whose 2xx JSON answer says so, each of them.
pub(crate) fn nullable_results(
    document: &Value,
    operations: &[OperationRef],
    file: &syn::File,
) -> BTreeSet<String> {
    let answers = success_types(file);
    // Type name → whether every operation it answers makes `result` nullable.
    let mut verdicts: BTreeMap<String, bool> = BTreeMap::new();
    for operation in operations {
        let builder = operation.method_name().to_upper_camel_case();
        let Some(name) = answers.get(&builder) else {
            continue;
        };
        let Some(nullable) = result_nullable(document, operation) else {
            continue;
        };
        *verdicts.entry(name.clone()).or_insert(true) &= nullable;
    }
    verdicts
        .into_iter()
        .filter_map(|(name, nullable)| nullable.then_some(name))
        .collect()
}

/// progenitor's builders (top-level `builder` module) by name, with the
/// name of the type their `send()` answers (`ResponseValue<types::X>`).
pub(crate) fn success_types(file: &syn::File) -> HashMap<String, String> {
    let mut answers = HashMap::new();
    for item in module(file, "builder").unwrap_or(&[]) {
        let Item::Impl(imp) = item else {
            continue;
        };
        let Some(builder) = last_ident(&imp.self_ty) else {
            continue;
        };
        for item in &imp.items {
            if let ImplItem::Fn(f) = item
                && f.sig.ident == "send"
                && let ReturnType::Type(_, ty) = &f.sig.output
                && let Some(answer) = generic_of(ty, "Result")
                    .and_then(|ok| generic_of(ok, "ResponseValue"))
                    .and_then(last_ident)
            {
                answers.insert(builder.to_string(), answer.to_string());
            }
        }
    }
    answers
}

/// Whether `operation`'s success answers (2xx, JSON) make `result`
/// nullable; `None` when none has a `result` property.
fn result_nullable(document: &Value, operation: &OperationRef) -> Option<bool> {
    let responses = document
        .get("paths")?
        .get(&operation.route)?
        .get(&operation.method)?
        .get("responses")?
        .as_object()?;
    let mut verdict = None;
    for (status, response) in responses {
        if !status.starts_with('2') {
            continue;
        }
        let content = resolve(document, response)
            .get("content")
            .and_then(Value::as_object);
        let schemas = content
            .into_iter()
            .flatten()
            .filter(|(media_type, _)| media_type.starts_with("application/json"))
            .filter_map(|(_, media)| media.get("schema"));
        for schema in schemas {
            let mut results = Vec::new();
            property_schemas(document, schema, "result", &mut results, 0);
            if results.is_empty() {
                continue;
            }
            // `allOf` parts that each say something of `result`: a value
            // must fit them all, so it may be `null` only if each says so.
            let nullable = results.iter().all(|result| is_nullable(document, result));
            *verdict.get_or_insert(true) &= nullable;
        }
    }
    verdict
}

/// The schemas of the property `name` (`result`) of `schema`, of its
/// `allOf` parts, and theirs.
pub(crate) fn property_schemas<'a>(
    document: &'a Value,
    schema: &'a Value,
    name: &str,
    found: &mut Vec<&'a Value>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let schema = resolve(document, schema);
    if let Some(property) = schema.get("properties").and_then(|p| p.get(name)) {
        found.push(property);
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        property_schemas(document, part, name, found, depth + 1);
    }
}

/// Whether `schema`, or what it refers to, says `nullable: true`.
fn is_nullable(document: &Value, schema: &Value) -> bool {
    let says = |schema: &Value| schema.get("nullable") == Some(&Value::Bool(true));
    says(schema) || says(resolve(document, schema))
}

/// The `impl Envelope` of `item`, when `item` is an envelope; `nullable`
/// when the spec makes its `result` nullable.
fn envelope_impl(item: &ItemStruct, nullable: bool) -> Option<TokenStream> {
    let Fields::Named(fields) = &item.fields else {
        return None;
    };
    let field = |name: &str| {
        fields
            .named
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
    };
    let field_type = |name: &str| field(name).map(|f| &f.ty);
    // `errors` and `messages` are optional lists since `normalize` made
    // them so; a plain list (a spec regen did not normalize) is taken too.
    let list_expr = |name: &str| -> Option<TokenStream> {
        let ty = field_type(name)?;
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
    // `success` as published (`bool`), or optional (Queues' envelopes do
    // not require it): a success answer without it is a success.
    let success_type = field_type("success")?;
    let (success, optional_success) = match generic_of(success_type, "Option") {
        Some(inner) => (inner, true),
        None => (success_type, false),
    };
    if last_ident(success).is_none_or(|i| i != "bool") {
        return None;
    }
    let result_info = match field_type("result_info") {
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
    let empty = quote!(Some(::std::default::Default::default()));
    // What the result is, and what a success without one means (the
    // table in the module docs).
    let (result_type, result_value, absent) = match field("result") {
        // An envelope without `result` (Cloudflare's bare
        // `api-response-common`, which the published schema also gives
        // as some operations' failure): always absent.
        None => (
            quote!(::std::option::Option<::serde_json::Value>),
            quote!(None),
            quote!(Some(None)),
        ),
        Some(result) => {
            let ty = &result.ty;
            match generic_of(ty, "Option") {
                Some(inner) if last_ident(inner).is_some_and(|i| i == "Value") => (
                    quote!(::std::option::Option<#inner>),
                    quote!(Some(self.result)),
                    quote!(Some(None)),
                ),
                Some(inner) if generic_of(inner, "Vec").is_some() => {
                    (quote!(#inner), quote!(self.result), empty)
                }
                Some(inner) if nullable => (
                    quote!(::std::option::Option<#inner>),
                    quote!(Some(self.result)),
                    quote!(Some(None)),
                ),
                Some(inner) => (quote!(#inner), quote!(self.result), quote!(None)),
                // A `Default` that typify gives the field already: what
                // decoding an answer without it gives.
                None if serde_default(result) || generic_of(ty, "Vec").is_some() => {
                    (quote!(#ty), quote!(Some(self.result)), empty)
                }
                None => (quote!(#ty), quote!(Some(self.result)), quote!(None)),
            }
        }
    };
    let into_parts = if optional_success {
        quote! {
            let mut parts = crate::EnvelopeParts::new(
                false,
                #errors,
                #messages,
                #result_value,
                #result_info,
            );
            parts.success = self.success;
            parts
        }
    } else {
        quote! {
            crate::EnvelopeParts::new(
                self.success,
                #errors,
                #messages,
                #result_value,
                #result_info,
            )
        }
    };
    Some(quote! {
        impl crate::Envelope for #name {
            type Result = #result_type;
            fn into_parts(self) -> crate::EnvelopeParts<Self::Result> {
                #into_parts
            }
            fn result_when_absent() -> ::std::option::Option<Self::Result> {
                #absent
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impls(types: TokenStream) -> String {
        let file: syn::File = syn::parse2(quote!(pub mod types { #types })).unwrap();
        envelope_impls(&file, &BTreeSet::new()).to_string()
    }

    fn impls_nullable(types: TokenStream, nullable: &[&str]) -> String {
        let file: syn::File = syn::parse2(quote!(pub mod types { #types })).unwrap();
        let nullable = nullable.iter().map(|s| s.to_string()).collect();
        envelope_impls(&file, &nullable).to_string()
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
    fn an_optional_success_is_passed_on_as_it_came() {
        let out = impls(quote! {
            pub struct GetResponse {
                pub errors: Option<Vec<ResponseInfo>>,
                pub messages: Option<Vec<ResponseInfo>>,
                pub result: Option<Queue>,
                pub success: Option<bool>,
            }
        });
        assert!(
            out.contains("impl crate :: Envelope for GetResponse"),
            "{out}"
        );
        assert!(out.contains("parts . success = self . success"), "{out}");
        let not = impls(quote! {
            pub struct Other {
                pub errors: Option<Vec<ResponseInfo>>,
                pub messages: Option<Vec<ResponseInfo>>,
                pub success: Option<String>,
            }
        });
        assert!(not.is_empty(), "{not}");
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

    #[test]
    fn a_nullable_result_is_an_option_that_is_none_when_absent() {
        let types = quote! {
            pub struct NoResult {
                pub errors: Option<Vec<ResponseInfo>>,
                pub messages: Option<Vec<ResponseInfo>>,
                pub result: Option<::serde_json::Map<String, ::serde_json::Value>>,
                pub success: bool,
            }
        };
        let out = impls_nullable(types.clone(), &["NoResult"]);
        assert!(
            out.contains("type Result = :: std :: option :: Option < :: serde_json :: Map < String , :: serde_json :: Value > >"),
            "{out}"
        );
        assert!(out.contains("Some (self . result)"), "{out}");
        assert!(out.contains("Some (None)"), "{out}");
        // Not nullable: the declared result, missing is an error.
        let out = impls(types);
        assert!(
            out.contains("type Result = :: serde_json :: Map < String , :: serde_json :: Value >"),
            "{out}"
        );
        assert!(out.contains("{ None }"), "{out}");
    }

    #[test]
    fn a_required_object_has_no_stand_in() {
        let out = impls(quote! {
            pub struct RenameResponse {
                pub errors: Vec<ResponseInfo>,
                pub messages: Vec<ResponseInfo>,
                pub result: WorkersKvNamespace,
                pub success: bool,
            }
        });
        assert!(out.contains("type Result = WorkersKvNamespace"), "{out}");
        assert!(out.contains("Some (self . result)"), "{out}");
        assert!(!out.contains("Default"), "{out}");
        assert!(out.contains("{ None }"), "{out}");
    }

    #[test]
    fn a_nullable_list_is_a_list() {
        let out = impls_nullable(
            quote! {
                pub struct ListResponse {
                    pub errors: Vec<ResponseInfo>,
                    pub messages: Vec<ResponseInfo>,
                    pub result: Option<Vec<Thing>>,
                    pub success: bool,
                }
            },
            &["ListResponse"],
        );
        assert!(out.contains("type Result = Vec < Thing >"), "{out}");
        assert!(
            out.contains("Some (:: std :: default :: Default :: default ())"),
            "{out}"
        );
    }

    #[test]
    fn the_results_are_read_back_from_the_impls() {
        let types = quote! {
            pub struct CreateResponse {
                pub errors: Vec<ResponseInfo>,
                pub messages: Vec<ResponseInfo>,
                pub result: Option<DispatchNamespace>,
                pub success: bool,
            }
            pub struct Other { pub a: u8 }
        };
        let file: syn::File = syn::parse2(quote!(pub mod types { #types })).unwrap();
        let impls = envelope_impls(&file, &BTreeSet::new());
        let file: syn::File = syn::parse2(quote!(pub mod types { #types } #impls)).unwrap();
        let results = envelope_results(&file);
        assert_eq!(results.len(), 1);
        let result = &results["CreateResponse"];
        assert_eq!(quote!(#result).to_string(), "DispatchNamespace");
    }
}
