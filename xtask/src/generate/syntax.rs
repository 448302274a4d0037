//! Reading types in progenitor's output, shared by the generator's passes.

use syn::{GenericArgument, PathArguments, Type};

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
