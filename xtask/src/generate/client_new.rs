//! progenitor's `Client::new` builds its `reqwest::Client` from
//! `reqwest::ClientBuilder::new()`, which gets reqwest's own TLS setup; the
//! generated crate chooses its TLS backend itself (its `tls` module: with
//! `rustls-ring`, rustls on *ring*, which reqwest cannot set up on its
//! own), so `Client::new` starts from `crate::tls::client_builder()`
//! instead.

use syn::visit_mut::VisitMut;
use syn::{Expr, ExprCall};

pub(crate) fn route_client_builder(file: &mut syn::File) {
    ClientBuilder.visit_file_mut(file);
}

struct ClientBuilder;

impl VisitMut for ClientBuilder {
    fn visit_expr_call_mut(&mut self, node: &mut ExprCall) {
        if let Expr::Path(func) = &*node.func
            && node.args.is_empty()
            && func.path.segments.len() == 3
            && ["reqwest", "ClientBuilder", "new"]
                .iter()
                .zip(&func.path.segments)
                .all(|(name, segment)| segment.ident == name)
        {
            *node.func = syn::parse_quote!(crate::tls::client_builder);
        }
        syn::visit_mut::visit_expr_call_mut(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn the_client_builder_comes_from_the_tls_module() {
        let mut file: syn::File = syn::parse2(quote! {
            fn new() { let client = reqwest::ClientBuilder::new().timeout(dur); }
        })
        .unwrap();
        route_client_builder(&mut file);
        let code = quote!(#file).to_string();
        assert!(code.contains("crate :: tls :: client_builder ()"), "{code}");
        assert!(!code.contains("reqwest :: ClientBuilder"), "{code}");
    }
}
