//! Secrets never printed: a generated type with a field the spec marks as
//! secret gets a `Debug` that shows `"<redacted>"` for it instead of
//! typify's derived one, which prints everything (a Worker secret's
//! `text`, say, through every builder and error that holds one).
//!
//! A property is secret when the spec says `x-sensitive: true`
//! (Cloudflare's marker), `writeOnly: true` (a value sent but never read
//! back: passwords, keys, secret texts) or `format: password`. This covers
//! the component schemas and inline JSON request bodies (`<OperationId>Body`),
//! and typify's builders of both (`types::builder::X`).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use quote::quote;
use serde_json::Value;
use syn::{Fields, Item};

/// Type name → the API names of its secret fields.
pub(crate) type Sensitive = BTreeMap<String, BTreeSet<String>>;

/// The secret fields of `document`'s component schemas and inline request
/// bodies, by generated type name.
pub(crate) fn sensitive_fields(document: &Value) -> Sensitive {
    let mut found = Sensitive::new();
    if let Some(Value::Object(schemas)) = document.pointer("/components/schemas") {
        for (name, schema) in schemas {
            add(&mut found, &name.to_upper_camel_case(), schema);
        }
    }
    if let Some(Value::Object(paths)) = document.get("paths") {
        for item in paths.values().filter_map(Value::as_object) {
            for operation in item.values() {
                let (Some(id), Some(schema)) = (
                    operation.get("operationId").and_then(Value::as_str),
                    operation.pointer("/requestBody/content/application~1json/schema"),
                ) else {
                    continue;
                };
                add(
                    &mut found,
                    &format!("{}Body", id.to_upper_camel_case()),
                    schema,
                );
            }
        }
    }
    found
}

fn add(found: &mut Sensitive, type_name: &str, schema: &Value) {
    let mut names = BTreeSet::new();
    collect(schema, &mut names);
    if !names.is_empty() {
        found.entry(type_name.to_owned()).or_default().extend(names);
    }
}

/// The secret properties of `schema` and of the members of its `allOf`.
fn collect(schema: &Value, names: &mut BTreeSet<String>) {
    if let Some(Value::Object(properties)) = schema.get("properties") {
        for (name, property) in properties {
            if is_secret(property) {
                names.insert(name.clone());
            }
        }
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for member in members {
            collect(member, names);
        }
    }
}

fn is_secret(property: &Value) -> bool {
    property.get("x-sensitive") == Some(&Value::Bool(true))
        || property.get("writeOnly") == Some(&Value::Bool(true))
        || property.get("format").and_then(Value::as_str) == Some("password")
}

/// Gives the structs of `types` (and `types::builder`) named in
/// `sensitive` a `Debug` that redacts their secret fields.
pub(crate) fn redact_debug(file: &mut syn::File, sensitive: &Sensitive) {
    if sensitive.is_empty() {
        return;
    }
    for item in &mut file.items {
        if let Item::Mod(types) = item
            && types.ident == "types"
            && let Some((_, items)) = &mut types.content
        {
            redact_items(items, sensitive);
            for item in items.iter_mut() {
                if let Item::Mod(builder) = item
                    && builder.ident == "builder"
                    && let Some((_, items)) = &mut builder.content
                {
                    redact_items(items, sensitive);
                }
            }
        }
    }
}

fn redact_items(items: &mut Vec<Item>, sensitive: &Sensitive) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(item) = item else { continue };
        let name = item.ident.to_string();
        let Some(secret) = sensitive.get(&name) else {
            continue;
        };
        let Fields::Named(fields) = &item.fields else {
            continue;
        };
        let shown = fields.named.iter().filter_map(|field| {
            let ident = field.ident.as_ref()?;
            let api = crate::syntax::serde_rename(field).unwrap_or_else(|| {
                ident
                    .to_string()
                    .trim_start_matches("r#")
                    .trim_end_matches('_')
                    .to_owned()
            });
            let label = ident.to_string().trim_start_matches("r#").to_owned();
            Some(if secret.contains(&api) {
                quote!(.field(#label, &"<redacted>"))
            } else {
                quote!(.field(#label, &self.#ident))
            })
        });
        let ident = &item.ident;
        let label = ident.to_string();
        let doc = format!(
            " Shows `{}` as `<redacted>`: the spec marks it secret.",
            secret.iter().cloned().collect::<Vec<_>>().join("`, `")
        );
        impls.push(syn::parse_quote! {
            #[doc = #doc]
            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#shown)* .finish()
                }
            }
        });
        remove_derived_debug(&mut item.attrs);
    }
    items.extend(impls);
}

/// `#[derive(.., Debug, ..)]` without `Debug`.
fn remove_derived_debug(attrs: &mut [syn::Attribute]) {
    for attr in attrs.iter_mut() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != "Debug"))
            .collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_properties_are_found_in_components_and_bodies() {
        let document = json!({
            "components": {"schemas": {"secret-text": {"properties": {
                "name": {"type": "string"},
                "text": {"type": "string", "writeOnly": true},
            }}, "jwt-holder": {"allOf": [{"properties": {"jwt": {"x-sensitive": true}}}]}}},
            "paths": {"/a": {"post": {"operationId": "log-in", "requestBody": {"content": {
                "application/json": {"schema": {"properties": {"password": {"format": "password"}}}},
            }}}}},
        });
        let found = sensitive_fields(&document);
        let shown: Vec<(&str, Vec<&str>)> = found
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            shown,
            [
                ("JwtHolder", vec!["jwt"]),
                ("LogInBody", vec!["password"]),
                ("SecretText", vec!["text"]),
            ]
        );
    }

    #[test]
    fn debug_of_a_secret_field_is_redacted_and_not_derived() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(Clone, Debug, PartialEq)]
                pub struct SecretText { pub name: String, pub text: String, #[serde(rename = "type")] pub type_: Kind }
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct SecretText { name: Result<String, String>, text: Result<String, String> }
                }
            }
        };
        let sensitive = Sensitive::from([("SecretText".into(), BTreeSet::from(["text".into()]))]);
        redact_debug(&mut file, &sensitive);
        let out = quote!(#file).to_string();
        assert_eq!(
            out.matches("derive (Clone , PartialEq)").count(),
            1,
            "{out}"
        );
        assert_eq!(out.matches("derive (Clone)").count(), 1, "{out}");
        assert_eq!(
            out.matches(". field (\"text\" , & \"<redacted>\")").count(),
            2,
            "{out}"
        );
        assert!(
            out.contains(". field (\"type_\" , & self . type_)"),
            "{out}"
        );
    }
}
