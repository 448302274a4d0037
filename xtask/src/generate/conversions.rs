//! typify's conversions from text, made whole: what a user has converts,
//! and a refusal says what would do.
//!
//! typify gives every type made from a string schema (a constrained
//! string's newtype, a string enum, a number's newtype) `FromStr`,
//! `TryFrom<&str>` and `TryFrom<String>`. Here, for each of them:
//!
//! - `TryFrom<&String>` too, the same conversion, so that every argument,
//!   setter and list item that takes one takes a borrowed `String`
//!   (`.get(&namespace, &script)`, `.body(&tags)` over a `Vec<String>`),
//!   which `TryInto` bounds could not take before;
//! - an enum's refusal names the value and the values it accepts
//!   (`"sideways" is not one of `asc`, `desc``) instead of typify's
//!   "invalid value";
//! - a length limit of 1 reads as English: "must not be empty" for
//!   typify's "shorter than 1 characters", "longer than 1 character".

use std::collections::HashSet;

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Arm, Expr, ImplItem, Item, ItemImpl, Lit, LitStr, Pat, Type};

/// Completes the conversions of every type in `file`'s `types` module.
pub(crate) fn complete(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        add_borrowed_string_conversions(items);
        let enums: HashSet<String> = items
            .iter()
            .filter_map(|item| match item {
                Item::Enum(e) => Some(e.ident.to_string()),
                _ => None,
            })
            .collect();
        for item in items.iter_mut() {
            if let Item::Impl(imp) = item
                && trait_name(imp).as_deref() == Some("FromStr")
                && self_name(imp).is_some_and(|name| enums.contains(&name))
            {
                name_accepted_values(imp);
            }
        }
        Wording.visit_items_mut(items);
    }
}

/// The last segment of the implemented trait's path (`TryFrom`), if any.
pub(crate) fn trait_name(imp: &ItemImpl) -> Option<String> {
    let (path, _) = imp.trait_.as_ref()?;
    Some(path.segments.last()?.ident.to_string())
}

/// The implementing type's name, for a plain path (`X`, `types::X`).
pub(crate) fn self_name(imp: &ItemImpl) -> Option<String> {
    let Type::Path(path) = &*imp.self_ty else {
        return None;
    };
    Some(path.path.segments.last()?.ident.to_string())
}

/// The one type argument of the implemented trait (`&str` of
/// `TryFrom<&str>`), if any.
fn trait_argument(imp: &ItemImpl) -> Option<&Type> {
    let (path, _) = imp.trait_.as_ref()?;
    let syn::PathArguments::AngleBracketed(args) = &path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    }
}

/// Whether `ty` is `&str` (`TryFrom<&str>`), or with `string`, `&String`.
fn is_borrowed(ty: &Type, string: bool) -> bool {
    let Type::Reference(reference) = ty else {
        return false;
    };
    let Type::Path(path) = &*reference.elem else {
        return false;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if string {
        names.last().map(String::as_str) == Some("String")
    } else {
        names == ["str"]
    }
}

/// After each `impl TryFrom<&str> for X`, an `impl TryFrom<&String> for
/// X` that converts the same way, unless `X` has one.
fn add_borrowed_string_conversions(items: &mut Vec<Item>) {
    let conversion = |item: &Item, string: bool| match item {
        Item::Impl(imp)
            if trait_name(imp).as_deref() == Some("TryFrom")
                && trait_argument(imp).is_some_and(|ty| is_borrowed(ty, string)) =>
        {
            self_name(imp)
        }
        _ => None,
    };
    let done: HashSet<String> = items.iter().filter_map(|i| conversion(i, true)).collect();
    let mut index = 0;
    while index < items.len() {
        if let Some(name) = conversion(&items[index], false)
            && !done.contains(&name)
            && let Item::Impl(imp) = &items[index]
            && let Some(error) = imp.items.iter().find_map(|item| match item {
                ImplItem::Type(ty) if ty.ident == "Error" => Some(ty.ty.clone()),
                _ => None,
            })
        {
            let self_ty = &imp.self_ty;
            let generics = &imp.generics;
            let added: Item = syn::parse_quote! {
                impl #generics ::std::convert::TryFrom<&::std::string::String> for #self_ty {
                    type Error = #error;

                    // The error type written out: `Self::Error` is ambiguous
                    // in an enum with a variant `Error` (a status `error`).
                    fn try_from(value: &::std::string::String) -> ::std::result::Result<Self, #error> {
                        <Self as ::std::convert::TryFrom<&str>>::try_from(value.as_str())
                    }
                }
            };
            items.insert(index + 1, added);
            index += 1;
        }
        index += 1;
    }
}

/// In an enum's `from_str`, typify's catch-all arm
/// (`_ => Err("invalid value".into())`) becomes one that names the value
/// given and the values the other arms accept.
fn name_accepted_values(imp: &mut ItemImpl) {
    for item in &mut imp.items {
        let ImplItem::Fn(f) = item else { continue };
        let Some(syn::FnArg::Typed(argument)) = f.sig.inputs.first() else {
            continue;
        };
        let Pat::Ident(value) = &*argument.pat else {
            continue;
        };
        let value = value.ident.clone();
        let mut arms = Arms { value };
        arms.visit_block_mut(&mut f.block);
    }
}

/// Rewrites the catch-all arm of the `match` on `value`.
struct Arms {
    value: syn::Ident,
}

impl VisitMut for Arms {
    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        let on_value = matches!(&*node.expr, Expr::Path(p) if p.path.is_ident(&self.value));
        let accepted: Vec<String> = node
            .arms
            .iter()
            .filter_map(|arm| match &arm.pat {
                Pat::Lit(syn::PatLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(format!("`{}`", text.value())),
                _ => None,
            })
            .collect();
        if on_value && !accepted.is_empty() {
            let list = accepted.join(", ");
            let value = &self.value;
            for arm in &mut node.arms {
                if is_invalid_value_arm(arm) {
                    *arm.body = syn::parse_quote! {
                        Err(::std::format!("{:?} is not one of {}", #value, #list).into())
                    };
                }
            }
        }
        syn::visit_mut::visit_expr_match_mut(self, node);
    }
}

/// `_ => Err("invalid value".into())`
fn is_invalid_value_arm(arm: &Arm) -> bool {
    matches!(arm.pat, Pat::Wild(_))
        && arm
            .body
            .to_token_stream()
            .to_string()
            .contains("\"invalid value\"")
}

/// typify's messages of a length limit of 1, in English.
struct Wording;

impl VisitMut for Wording {
    fn visit_lit_str_mut(&mut self, node: &mut LitStr) {
        let better = match node.value().as_str() {
            "shorter than 1 characters" => Some("must not be empty"),
            "longer than 1 characters" => Some("longer than 1 character"),
            _ => None,
        };
        if let Some(better) = better {
            *node = LitStr::new(better, node.span());
        }
    }
}

trait VisitItems {
    fn visit_items_mut(&mut self, items: &mut [Item]);
}

impl<V: VisitMut> VisitItems for V {
    fn visit_items_mut(&mut self, items: &mut [Item]) {
        for item in items {
            self.visit_item_mut(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn completed(file: syn::File) -> String {
        let mut file = file;
        complete(&mut file);
        quote!(#file).to_string().split_whitespace().collect()
    }

    #[test]
    fn every_type_converted_from_a_str_is_converted_from_a_borrowed_string_too() {
        let out = completed(syn::parse_quote! {
            pub mod types {
                pub struct Name(String);
                impl ::std::convert::TryFrom<&str> for Name {
                    type Error = self::error::ConversionError;
                    fn try_from(value: &str) -> Result<Self, Self::Error> { value.parse() }
                }
                pub struct Ttl(pub f64);
                impl ::std::convert::TryFrom<&str> for Ttl {
                    type Error = <f64 as ::std::str::FromStr>::Err;
                    fn try_from(value: &str) -> Result<Self, Self::Error> { value.parse() }
                }
                pub struct Done(String);
                impl ::std::convert::TryFrom<&str> for Done {
                    type Error = E;
                    fn try_from(value: &str) -> Result<Self, Self::Error> { value.parse() }
                }
                impl ::std::convert::TryFrom<&::std::string::String> for Done {
                    type Error = E;
                    fn try_from(value: &String) -> Result<Self, Self::Error> { value.parse() }
                }
            }
        });
        for (name, error) in [
            ("Name", "self::error::ConversionError"),
            ("Ttl", "<f64as::std::str::FromStr>::Err"),
        ] {
            let added = format!(
                "impl::std::convert::TryFrom<&::std::string::String>for{name}{{typeError={error};\
                 fntry_from(value:&::std::string::String)->::std::result::Result<Self,{error}>\
                 {{<Selfas::std::convert::TryFrom<&str>>::try_from(value.as_str())}}}}"
            );
            assert!(out.contains(&added), "{out}");
        }
        assert_eq!(
            out.matches("TryFrom<&::std::string::String>forDone")
                .count(),
            1,
            "{out}"
        );
    }

    #[test]
    fn an_enum_s_refusal_names_the_value_and_the_accepted_ones() {
        let out = completed(syn::parse_quote! {
            pub mod types {
                pub enum Direction { Asc, Desc }
                impl ::std::str::FromStr for Direction {
                    type Err = self::error::ConversionError;
                    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
                        match value {
                            "asc" => Ok(Self::Asc),
                            "desc" => Ok(Self::Desc),
                            _ => Err("invalid value".into()),
                        }
                    }
                }
            }
        });
        assert!(
            out.contains(
                "_=>Err(::std::format!(\"{:?}isnotoneof{}\",value,\"`asc`,`desc`\").into())"
            ),
            "{out}"
        );
        assert!(!out.contains("invalidvalue"), "{out}");
    }

    #[test]
    fn a_length_limit_of_one_reads_as_english() {
        let out = completed(syn::parse_quote! {
            pub mod types {
                fn check(value: &str) -> Result<(), &'static str> {
                    if value.chars().count() < 1usize { return Err("shorter than 1 characters"); }
                    if value.chars().count() > 1usize { return Err("longer than 1 characters"); }
                    if value.chars().count() > 2usize { return Err("longer than 2 characters"); }
                    Ok(())
                }
            }
        });
        assert!(out.contains("\"mustnotbeempty\""), "{out}");
        assert!(out.contains("\"longerthan1character\""), "{out}");
        assert!(out.contains("\"longerthan2characters\""), "{out}");
    }
}
