//! `Deserialize` only where an answer needs it: the types that only
//! requests carry (bodies and parameters no answer holds) implement
//! `serde::Deserialize` with the product crate's feature
//! `deserialize-requests` (on with `examples`, whose example calls read
//! their arguments from JSON), and `Serialize` always.
//!
//! typify derives both for every type. serde's `Deserialize` is most of
//! what a product crate costs to compile (its visitors are about half of
//! the DNS crate's type checking and borrow checking, BENCHMARKS.md), and
//! nothing the client does reads a request's type from JSON: a program
//! that sends DNS records compiled their decoders for nothing. A program
//! that does read them (requests kept as JSON or YAML files) turns the
//! feature on.
//!
//! What answers hold: every type named in an answer's type
//! (`ResponseValue<T>` of a success, `Error<T>` of a failure) and every
//! type those hold, field by field and variant by variant. The types the
//! product's hand-written modules name, and what those hold, keep
//! `Deserialize` too: such a module may read one from JSON (`workers.rs`
//! checks a Worker's secret against the spec by decoding it into the
//! generated type).

use std::collections::{BTreeSet, HashSet};

use syn::visit::Visit;
use syn::{Attribute, Item};

use crate::generate::conversions::{self_name, trait_name};
use crate::generate::syntax::type_mentions;

/// The product crate's feature that gives request-only types `Deserialize`.
pub(crate) const FEATURE: &str = "deserialize-requests";

/// Puts `Deserialize` behind [`FEATURE`] for every type of `file`'s
/// `types` module that neither an answer nor a type `named_by_hand` holds,
/// and that derives `Serialize` too (whose `#[serde(..)]` attributes then
/// stay declared). Returns how many.
pub(crate) fn gate_deserialize(file: &mut syn::File, named_by_hand: &HashSet<String>) -> usize {
    let answered = answer_types(file, named_by_hand);
    let feature = FEATURE;
    let mut gated = 0;
    for item in file.items.iter_mut() {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        for item in items.iter_mut() {
            match item {
                Item::Struct(s) if !answered.contains(&s.ident.to_string()) => {
                    gated += usize::from(gate_derive(&mut s.attrs, feature));
                }
                Item::Enum(e) if !answered.contains(&e.ident.to_string()) => {
                    gated += usize::from(gate_derive(&mut e.attrs, feature));
                }
                // typify's own decoders (a constrained string's newtype).
                Item::Impl(imp)
                    if is_deserialize_impl(imp)
                        && self_name(imp).is_some_and(|name| !answered.contains(&name)) =>
                {
                    imp.attrs
                        .push(syn::parse_quote!(#[cfg(feature = #feature)]));
                }
                _ => {}
            }
        }
    }
    gated
}

/// The types an answer holds: those named in `ResponseValue<..>` and
/// `Error<..>` outside `types`, and those `named_by_hand`, with what they
/// hold, transitively.
fn answer_types(file: &syn::File, named_by_hand: &HashSet<String>) -> HashSet<String> {
    let mentions = type_mentions(file);
    let mut answered = HashSet::new();
    let mut pending: Vec<String> = answer_roots(file).into_iter().collect();
    pending.extend(named_by_hand.iter().cloned());
    while let Some(name) = pending.pop() {
        let Some(mentioned) = mentions.get(&name) else {
            continue;
        };
        if answered.insert(name) {
            pending.extend(
                mentioned
                    .iter()
                    .filter(|m| mentions.contains_key(*m) && !answered.contains(*m))
                    .cloned(),
            );
        }
    }
    answered
}

/// The identifiers in the type arguments of every `ResponseValue<..>` and
/// `Error<..>` outside `file`'s `types` module: the types operations'
/// answers decode into (their envelopes), with whatever else those
/// arguments name.
pub(crate) fn answer_roots(file: &syn::File) -> BTreeSet<String> {
    let mut roots = Roots {
        names: BTreeSet::new(),
    };
    for item in &file.items {
        match item {
            Item::Mod(module) if module.ident == "types" => {}
            item => roots.visit_item(item),
        }
    }
    roots.names
}

/// The identifiers inside the type arguments of every `ResponseValue` and
/// `Error` path a visited item names.
struct Roots {
    names: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Roots {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        if (segment.ident == "ResponseValue" || segment.ident == "Error")
            && let syn::PathArguments::AngleBracketed(args) = &segment.arguments
        {
            let mut idents = HashSet::new();
            crate::generate::syntax::idents_of(quote::ToTokens::to_token_stream(args), &mut idents);
            self.names.extend(idents);
        }
        syn::visit::visit_path_segment(self, segment);
    }

    // Answers are named in signatures (`send`'s return type): the bodies,
    // most of the file, are not read.
    fn visit_block(&mut self, _: &'ast syn::Block) {}
}

/// Moves `::serde::Deserialize` out of `attrs`' derive into
/// `#[cfg_attr(feature = "..", derive(::serde::Deserialize))]`, when the
/// derive has `Serialize` too. Whether it did.
fn gate_derive(attrs: &mut Vec<Attribute>, feature: &str) -> bool {
    for index in 0..attrs.len() {
        if !attrs[index].path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attrs[index].parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let is =
            |path: &syn::Path, name: &str| path.segments.last().is_some_and(|s| s.ident == name);
        if !paths.iter().any(|p| is(p, "Deserialize")) || !paths.iter().any(|p| is(p, "Serialize"))
        {
            continue;
        }
        let kept = paths.iter().filter(|p| !is(p, "Deserialize"));
        attrs[index] = syn::parse_quote!(#[derive(#(#kept),*)]);
        attrs.insert(
            index + 1,
            syn::parse_quote!(#[cfg_attr(feature = #feature, derive(::serde::Deserialize))]),
        );
        return true;
    }
    false
}

/// Whether `imp` implements serde's `Deserialize`.
fn is_deserialize_impl(imp: &syn::ItemImpl) -> bool {
    trait_name(imp).as_deref() == Some("Deserialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gated(file: syn::File) -> (usize, String) {
        let mut file = file;
        let count = gate_deserialize(&mut file, &HashSet::from(["Secret".to_owned()]));
        (count, prettyplease::unparse(&file))
    }

    #[test]
    fn types_only_requests_carry_deserialize_with_the_feature() {
        let (count, text) = gated(syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Record { pub meta: Meta, pub kind: Kind }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Meta { pub glue: bool }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub enum Kind { A, Aaaa }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Failure { pub errors: Vec<String> }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct RecordPost { pub kind: Kind, pub name: Name }
                #[derive(::serde::Serialize, Clone, Debug)]
                pub struct Name(String);
                impl<'de> ::serde::Deserialize<'de> for Name {
                    fn deserialize<D>(d: D) -> Result<Self, D::Error> where D: ::serde::Deserializer<'de> { todo!() }
                }
                #[derive(::serde::Deserialize, Clone, Debug)]
                pub struct OnlyDecoded { pub x: u8 }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub enum Secret { Text(SecretText) }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct SecretText { pub text: String }
            }
            impl Client {
                pub async fn send(self, body: types::RecordPost)
                    -> Result<ResponseValue<types::Record>, Error<types::Failure>> { todo!() }
            }
        });
        // The answer's types, the enum both sides hold, and what a
        // hand-written module names, keep theirs.
        for answered in ["Record", "Meta", "Kind", "Failure", "Secret", "SecretText"] {
            let at = text
                .find(&format!("pub struct {answered} "))
                .or_else(|| text.find(&format!("pub enum {answered} ")))
                .unwrap();
            let derive = text[..at].rfind("#[derive(").unwrap();
            assert!(
                text[derive..at].contains("::serde::Deserialize, ::serde::Serialize"),
                "{answered}: {text}"
            );
        }
        // The request's body, with the feature.
        assert!(
            text.contains(
                "#[derive(::serde::Serialize, Clone, Debug)]\n    \
                 #[cfg_attr(feature = \"deserialize-requests\", derive(::serde::Deserialize))]\n    \
                 pub struct RecordPost"
            ),
            "{text}"
        );
        // typify's own decoder of a request-only newtype, too.
        assert!(
            text.contains(
                "#[cfg(feature = \"deserialize-requests\")]\n    \
                 impl<'de> ::serde::Deserialize<'de> for Name"
            ),
            "{text}"
        );
        // Without `Serialize`, its `#[serde]` attributes need the derive.
        assert!(
            text.contains(
                "#[derive(::serde::Deserialize, Clone, Debug)]\n    pub struct OnlyDecoded"
            ),
            "{text}"
        );
        assert_eq!(count, 1);
    }
}
