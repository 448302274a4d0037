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

use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Expr, Lit};

use crate::Error;
use crate::generate::sends::{picked, sends};
use crate::spec::Spec;

/// Where the normalization writes, on an operation, the names of its
/// unexploded list query parameters.
pub(crate) const UNEXPLODED: &str = "x-rust-unexploded";

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
    let mut wanted = picked(spec, |op| match op.extensions.get(UNEXPLODED) {
        Some(Value::Array(names)) => Some(
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        ),
        _ => None,
    });
    if wanted.is_empty() {
        return Ok(());
    }
    for (_, (names, shown), send) in sends(file, &mut wanted) {
        let mut routed = Routed {
            names: names.iter().map(|name| (name.clone(), false)).collect(),
        };
        if let Some(send) = send {
            routed.visit_impl_item_fn_mut(send);
        }
        if let Some((missing, _)) = routed.names.iter().find(|(_, done)| !done) {
            return Err(not_found(&shown, missing));
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
