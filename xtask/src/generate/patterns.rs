//! The spec's `pattern` checks go through the generated crate's own
//! `pattern::Pattern` instead of `regress::Regex`: the same answers, with a
//! fast path for the common "one character class over the whole value"
//! patterns (see that module).
//!
//! typify writes each check as a `static PATTERN: LazyLock<::regress::Regex>`
//! built by `::regress::Regex::new("..").unwrap()` and asked `.find(value)`;
//! `Pattern` has the same `find`, so only the type and the constructor
//! change.

use syn::visit_mut::VisitMut;
use syn::{Expr, ExprMethodCall, TypePath};

/// Rewrites every `regress::Regex` of `file` to `crate::pattern::Pattern`.
pub(crate) fn route_patterns(file: &mut syn::File) {
    Patterns.visit_file_mut(file);
}

struct Patterns;

fn is_regress_regex(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    names.len() >= 2 && names[names.len() - 2] == "regress" && names[names.len() - 1] == "Regex"
}

impl VisitMut for Patterns {
    fn visit_type_path_mut(&mut self, node: &mut TypePath) {
        if node.qself.is_none() && is_regress_regex(&node.path) {
            node.path = syn::parse_quote!(crate::pattern::Pattern);
        }
        syn::visit_mut::visit_type_path_mut(self, node);
    }

    fn visit_expr_mut(&mut self, node: &mut Expr) {
        // `::regress::Regex::new(lit).unwrap()` → `crate::pattern::Pattern::new(lit)`
        if let Expr::MethodCall(ExprMethodCall {
            method, receiver, ..
        }) = node
            && method == "unwrap"
            && let Expr::Call(call) = &**receiver
            && let Expr::Path(func) = &*call.func
            && func.path.segments.last().is_some_and(|s| s.ident == "new")
            && {
                let mut owner = func.path.clone();
                owner.segments.pop();
                owner.segments.pop_punct();
                is_regress_regex(&owner)
            }
        {
            let args = &call.args;
            *node = syn::parse_quote!(crate::pattern::Pattern::new(#args));
        }
        syn::visit_mut::visit_expr_mut(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn typify_s_pattern_checks_use_the_crate_s_pattern() {
        let mut file: syn::File = syn::parse_quote! {
            fn from_str(value: &str) -> Result<(), &'static str> {
                static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                    ::std::sync::LazyLock::new(|| { ::regress::Regex::new("^[a-z]+$").unwrap() });
                if PATTERN.find(value).is_none() {
                    return Err("doesn't match");
                }
                Ok(())
            }
        };
        route_patterns(&mut file);
        let out = quote!(#file).to_string();
        assert!(
            out.contains(":: std :: sync :: LazyLock < crate :: pattern :: Pattern >"),
            "{out}"
        );
        assert!(
            out.contains("crate :: pattern :: Pattern :: new (\"^[a-z]+$\")"),
            "{out}"
        );
        assert!(!out.contains("regress"), "{out}");
    }
}
