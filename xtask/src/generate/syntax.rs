//! Reading types in progenitor's output, shared by the generator's passes.

use std::collections::{BTreeMap, HashSet};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{GenericArgument, Item, PathArguments, Type};

/// `T` when `ty` is `wrapper<T, ..>` (by the last path segment): the first
/// type argument, as in `Option<T>`, `Vec<T>` or `Result<T, String>`.
pub(crate) fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The last segment's name of a path type (`DispatchNamespace` of
/// `types::DispatchNamespace`).
pub(crate) fn last_ident(ty: &Type) -> Option<&syn::Ident> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// Whether `field` says `#[serde(default)]` (or `default = ".."`): serde
/// gives it its default when the JSON has none.
pub(crate) fn serde_default(field: &syn::Field) -> bool {
    let mut default = false;
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                default = true;
            }
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    default
}

/// The `#[serde(rename = "..")]` of `field`: its name in the API.
pub(crate) fn serde_rename(field: &syn::Field) -> Option<String> {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut rename = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if rename.is_some() {
            return rename;
        }
    }
    None
}

/// Each type of `file`'s `types` module (a struct, an enum, an alias) by
/// name, with the identifiers its definition mentions (its fields' and
/// variants' types, among others), read once for passes that follow what
/// holds what.
pub(crate) fn type_mentions(file: &syn::File) -> BTreeMap<String, HashSet<String>> {
    let mut items = BTreeMap::new();
    for item in types_items(file) {
        let (name, tokens) = match item {
            Item::Struct(s) => (&s.ident, s.fields.to_token_stream()),
            Item::Enum(e) => (
                &e.ident,
                e.variants.iter().map(ToTokens::to_token_stream).collect(),
            ),
            Item::Type(t) => (&t.ident, t.ty.to_token_stream()),
            _ => continue,
        };
        let mut mentioned = HashSet::new();
        idents_of(tokens, &mut mentioned);
        items.insert(name.to_string(), mentioned);
    }
    items
}

/// The items of `file`'s `types` module (none when it has none).
pub(crate) fn types_items(file: &syn::File) -> &[Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "types" => {
                module.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The identifiers of `tokens`, into `into`.
pub(crate) fn idents_of(tokens: TokenStream, into: &mut HashSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                into.insert(ident.to_string());
            }
            TokenTree::Group(group) => idents_of(group.stream(), into),
            _ => {}
        }
    }
}
