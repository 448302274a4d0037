//! The `send()` of progenitor's builder of an operation, for the passes
//! that change how some operations send (`unexploded`, `url_encoded`,
//! `media_types`): each finds the operations it concerns in the spec, and
//! their builders by name in progenitor's `builder` module.

use std::collections::HashMap;

use heck::ToUpperCamelCase;
use syn::{ImplItem, ImplItemFn, Item};

use crate::spec::Spec;

/// What `pick` gives for each operation of `spec` that it gives something
/// for, by the name of progenitor's builder of it (`PutThing`), with how
/// to name the operation in an error.
pub(crate) fn picked<T>(
    spec: &Spec,
    mut pick: impl FnMut(&openapiv3::Operation) -> Option<T>,
) -> HashMap<String, (T, String)> {
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
        if let Some(value) = pick(op) {
            found.insert(
                operation.method_name().to_upper_camel_case(),
                (value, format!("operation `{}` ({operation})", operation.id)),
            );
        }
    }
    found
}

/// Each builder of progenitor's `builder` module that `wanted` names, in
/// the file's order: its name, its entry (taken out of `wanted`, so that
/// what is left names builders not found) and its `send()`.
pub(crate) fn sends<'f, T>(
    file: &'f mut syn::File,
    wanted: &mut HashMap<String, T>,
) -> Vec<(String, T, Option<&'f mut ImplItemFn>)> {
    let mut found = Vec::new();
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
            let Some(entry) = wanted.remove(&name) else {
                continue;
            };
            let send = imp.items.iter_mut().find_map(|item| match item {
                ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
                _ => None,
            });
            found.push((name, entry, send));
        }
    }
    found
}
