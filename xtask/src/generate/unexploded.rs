//! List query parameters that the spec says `explode: false` of
//! (`fields=uuid,name`, as D1's database get and the zone list take them).
//!
//! progenitor ignores `explode` and sends one pair per item
//! (`fields=uuid&fields=name`). The normalization `unexploded_query_lists`
//! writes the names of such parameters on their operation, in
//! [`UNEXPLODED`]; after progenitor, [`route`] has that operation's
//! `send()` write each of them with the generated crate's
//! `wire::QueryParam::unexploded`, which sends one pair, the items joined
//! with `,`.

use std::collections::HashMap;

use heck::ToUpperCamelCase;
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, Lit};

use crate::Error;
use crate::spec::Spec;

/// Where the normalization writes, on an operation, the names of its
/// unexploded list query parameters.
pub(crate) const UNEXPLODED: &str = "x-rust-unexploded";

/// Each operation's unexploded parameters by progenitor's builder name,
/// with how to name the operation in an error.
fn unexploded(spec: &Spec) -> HashMap<String, (Vec<String>, String)> {
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
        let Some(Value::Array(names)) = op.extensions.get(UNEXPLODED) else {
            continue;
        };
        let names = names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        found.insert(
            operation.method_name().to_upper_camel_case(),
            (names, format!("operation `{}` ({operation})", operation.id)),
        );
    }
    found
}

/// In the `send()` of each operation with unexploded parameters,
/// `crate::wire::QueryParam::new("name", ..)` of each becomes
/// `crate::wire::QueryParam::unexploded("name", ..)` (after
/// `numbers::route_query_params`).
///
/// # Errors
///
/// An operation where a parameter's `QueryParam` is not found, naming
/// both: regen never sends a list another way than the spec says.
pub(crate) fn route(spec: &Spec, file: &mut syn::File) -> Result<(), Error> {
    let mut wanted = unexploded(spec);
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
            let Some((names, shown)) = wanted.remove(&name) else {
                continue;
            };
            let mut routed = Routed {
                names: names.iter().map(|name| (name.clone(), false)).collect(),
            };
            for item in &mut imp.items {
                if let ImplItem::Fn(f) = item
                    && f.sig.ident == "send"
                {
                    routed.visit_impl_item_fn_mut(f);
                }
            }
            if let Some((missing, _)) = routed.names.iter().find(|(_, done)| !done) {
                return Err(not_found(&shown, missing));
            }
        }
    }
    match wanted.into_values().next() {
        Some((names, shown)) => Err(not_found(&shown, &names[0])),
        None => Ok(()),
    }
}

fn not_found(shown: &str, name: &str) -> Error {
    Error::Generate {
        culprit: shown.to_owned(),
        message: format!(
            "the query parameter `{name}` is `explode: false`, but progenitor's `send()` \
             writes no `QueryParam` of it to send it so (xtask/src/generate/unexploded.rs)"
        ),
    }
}

/// Rewrites the `QueryParam::new` calls of `names`, marking each done.
struct Routed {
    names: Vec<(String, bool)>,
}

impl VisitMut for Routed {
    fn visit_expr_call_mut(&mut self, node: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, node);
        let Expr::Path(function) = &*node.func else {
            return;
        };
        let path: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if path != ["crate", "wire", "QueryParam", "new"] {
            return;
        }
        let Some(Expr::Lit(literal)) = node.args.first() else {
            return;
        };
        let Lit::Str(name) = &literal.lit else { return };
        if let Some((_, done)) = self
            .names
            .iter_mut()
            .find(|(wanted, _)| *wanted == name.value())
        {
            *done = true;
            *node.func = syn::parse_quote!(crate::wire::QueryParam::unexploded);
        }
    }
}
