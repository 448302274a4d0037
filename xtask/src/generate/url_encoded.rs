//! Path parameters that the API reads URL-encoded when a query flag says
//! so, as Cloudflare's secrets do (`.../secrets/{secret_name}?url_encoded=true`).
//!
//! A secret named `a/b` or `a@b` could be created (its name is in the
//! body) but not read or deleted: the API takes the name's path segment as
//! it is, unless the boolean query parameter `url_encoded` is `true`, when
//! it decodes it first. wrangler's fix (cloudflare/workers-sdk#10668) sends
//! `encodeURIComponent(name)` with `url_encoded=true`. Our extension on the
//! flag parameter says which path parameter it is about:
//!
//! ```yaml
//! - name: url_encoded
//!   in: query
//!   schema: {type: boolean}
//!   x-rust-url-encoded-flag: secret_name
//! ```
//!
//! and the client then does what wrangler does, for every operation with
//! such a flag, so that nobody has to know about it:
//!
//! - a normalization ([`flags_to_extensions`], run by `normalize::apply`)
//!   takes the flag out of the operation's parameters (so progenitor makes
//!   no setter for it, and the tree none either) and writes
//!   [`OPERATION_EXTENSION`] (`{parameter, flag}`) on the operation;
//! - after progenitor ([`route`]), the operation's URL encodes that path
//!   parameter as `encodeURIComponent` does (the generated crate's
//!   `path::AsSegment::uri_component`, everything but `A-Z a-z 0-9 - _ . !
//!   ~ * ' ( )`) instead of as any path segment, and ends in
//!   `?<flag>=true`.
//!
//! A flag that is not a boolean query parameter, or that names no path
//! parameter of its operation, stops regen with a message naming both.

use heck::ToSnakeCase;
use serde_json::{Value, json};
use syn::visit_mut::VisitMut;
use syn::{Expr, LitStr};

use crate::Error;
use crate::generate::sends::{picked, sends};
use crate::normalize::Refusal;
use crate::spec::Spec;
use crate::spec::location::Path;
use crate::spec::refs::resolve;

/// Our extension on a boolean query parameter: the path parameter whose
/// URL-encoding it flags.
pub(crate) const FLAG_EXTENSION: &str = "x-rust-url-encoded-flag";
/// Where the normalization writes, on the operation, what the flag said.
pub(crate) const OPERATION_EXTENSION: &str = "x-rust-url-encoded";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// See the module docs: every flag parameter, on an operation or on its
/// path, becomes the operation's [`OPERATION_EXTENSION`].
///
/// # Errors
///
/// A flag that is not a boolean query parameter, or whose value is not a
/// path parameter of the operation, naming both.
pub(crate) fn flags_to_extensions(document: &mut Value) -> Result<(), Refusal> {
    let snapshot = crate::spec::refs::targets(document);
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return Ok(());
    };
    for (route, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        // A flag among the path's own parameters applies to each operation.
        let shared =
            take_flags(&snapshot, item.get_mut("parameters")).map_err(|message| Refusal {
                at: vec!["paths".into(), route.clone(), "parameters".into()],
                message,
            })?;
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let at: Path = vec!["paths".into(), route.clone(), method.into()];
            let mut flags =
                take_flags(&snapshot, operation.get_mut("parameters")).map_err(|message| {
                    Refusal {
                        at: at.clone(),
                        message,
                    }
                })?;
            flags.extend(shared.iter().cloned());
            let path_parameters: Vec<&str> = route
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            let mut marks = Vec::with_capacity(flags.len());
            for (flag, parameter) in flags {
                if !path_parameters.contains(&parameter.as_str()) {
                    return Err(Refusal {
                        at,
                        message: format!(
                            "the query parameter `{flag}` has `{FLAG_EXTENSION}: \
                             {parameter}`, which is not a path parameter of the operation \
                             (it has {})",
                            names(&path_parameters)
                        ),
                    });
                }
                marks.push(json!({"parameter": parameter, "flag": flag}));
            }
            if !marks.is_empty() {
                operation.insert(OPERATION_EXTENSION.into(), Value::Array(marks));
            }
        }
    }
    Ok(())
}

/// The flag parameters of `parameters` (`(flag, path parameter)`), taken
/// out of it.
fn take_flags(
    document: &Value,
    parameters: Option<&mut Value>,
) -> Result<Vec<(String, String)>, String> {
    let Some(Value::Array(parameters)) = parameters else {
        return Ok(Vec::new());
    };
    let mut flags = Vec::new();
    let mut error = None;
    parameters.retain(|parameter| {
        let resolved = resolve(document, parameter);
        let Some(target) = resolved.get(FLAG_EXTENSION) else {
            return true;
        };
        let name = resolved.get("name").and_then(Value::as_str).unwrap_or("?");
        let boolean = resolved
            .get("schema")
            .map(|schema| resolve(document, schema))
            .and_then(|schema| schema.get("type"))
            .and_then(Value::as_str)
            == Some("boolean");
        match (target.as_str(), resolved.get("in").and_then(Value::as_str)) {
            (Some(target), Some("query")) if boolean => {
                flags.push((name.to_owned(), target.to_owned()));
            }
            (Some(_), _) => {
                error.get_or_insert(format!(
                    "`{name}` has `{FLAG_EXTENSION}`, which only a boolean query parameter \
                     can have"
                ));
            }
            (None, _) => {
                error.get_or_insert(format!(
                    "`{name}`: `{FLAG_EXTENSION}` must name a path parameter, got {target}"
                ));
            }
        }
        false
    });
    match error {
        Some(error) => Err(error),
        None => Ok(flags),
    }
}

fn names(parameters: &[&str]) -> String {
    if parameters.is_empty() {
        return "none".into();
    }
    parameters
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The flags the normalization wrote on `operation`: `(path parameter,
/// flag)`.
pub(crate) fn flags_of(operation: &openapiv3::Operation) -> Vec<(String, String)> {
    let Some(Value::Array(marks)) = operation.extensions.get(OPERATION_EXTENSION) else {
        return Vec::new();
    };
    marks
        .iter()
        .filter_map(|mark| {
            Some((
                mark.get("parameter")?.as_str()?.to_owned(),
                mark.get("flag")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// In the `send()` of every flagged operation's builder (progenitor's
/// `builder` module, after `operations::route_path_encoding`): the flagged
/// path parameter written by `uri_component()`, and the URL ending in
/// `?<flag>=true`.
///
/// # Errors
///
/// An operation whose builder or URL is not what progenitor writes, naming
/// it: regen never leaves a flag unsent.
pub(crate) fn route(spec: &Spec, file: &mut syn::File) -> Result<(), Error> {
    let mut flagged = picked(spec, |op| {
        Some(flags_of(op)).filter(|marks| !marks.is_empty())
    });
    if flagged.is_empty() {
        return Ok(());
    }
    for (name, (marks, shown), send) in sends(file, &mut flagged) {
        let mut url = FlaggedUrl {
            marks: marks
                .iter()
                .map(|(parameter, flag)| (parameter.to_snake_case(), flag.clone(), false))
                .collect(),
            urls: 0,
        };
        if let Some(send) = send {
            url.visit_block_mut(&mut send.block);
        }
        if url.urls != 1 || url.marks.iter().any(|(_, _, done)| !done) {
            return Err(Error::Generate {
                culprit: shown,
                message: format!(
                    "`{OPERATION_EXTENSION}`: the URL of progenitor's `{name}::send` is not \
                     one `format!` with the flagged path parameters"
                ),
            });
        }
    }
    match flagged.into_values().next() {
        Some((_, shown)) => Err(Error::Generate {
            culprit: shown,
            message: format!("`{OPERATION_EXTENSION}`: no builder in progenitor's output"),
        }),
        None => Ok(()),
    }
}

/// Rewrites the `format!` that builds an operation's URL.
struct FlaggedUrl {
    /// (path parameter as progenitor names its variable, flag, rewritten).
    marks: Vec<(String, String, bool)>,
    /// How many URL `format!`s were found.
    urls: usize,
}

impl VisitMut for FlaggedUrl {
    fn visit_macro_mut(&mut self, node: &mut syn::Macro) {
        if !node.path.is_ident("format") {
            return;
        }
        let Ok(mut args) = node
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        else {
            return;
        };
        let Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })) = args.first()
        else {
            return;
        };
        let template = template.clone();
        let mut query = String::new();
        for arg in args.iter_mut().skip(1) {
            let Expr::Block(block) = arg else { continue };
            let Some(syn::Stmt::Expr(Expr::MethodCall(call), None)) = block.block.stmts.last_mut()
            else {
                continue;
            };
            if call.method != "path_segment" {
                continue;
            }
            let Expr::Path(receiver) = &*call.receiver else {
                continue;
            };
            for (parameter, flag, done) in &mut self.marks {
                if receiver.path.is_ident(parameter.as_str()) {
                    call.method = syn::Ident::new("uri_component", call.method.span());
                    query.push(if query.is_empty() { '?' } else { '&' });
                    query.push_str(&format!("{flag}=true"));
                    *done = true;
                }
            }
        }
        if query.is_empty() {
            return;
        }
        self.urls += 1;
        let template = LitStr::new(&format!("{}{query}", template.value()), template.span());
        if let Some(first) = args.first_mut() {
            *first = syn::parse_quote!(#template);
        }
        node.tokens = quote::quote!(#args);
    }
}

/// The flags of `document`, as the normalization leaves them, by
/// operationId (for tests).
#[cfg(test)]
fn marks(document: &Value) -> serde_json::Map<String, Value> {
    let mut found = serde_json::Map::new();
    for item in document["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.1.get(method)
                && let Some(marks) = op.get(OPERATION_EXTENSION)
            {
                found.insert(op["operationId"].as_str().unwrap().into(), marks.clone());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(flag: Value) -> Value {
        json!({
            "paths": {
                "/s/{script_name}/secrets/{secret_name}": {
                    "get": {
                        "operationId": "get-secret",
                        "parameters": [
                            {"$ref": "#/components/parameters/secret_name"},
                            {"$ref": "#/components/parameters/url_encoded"},
                            {"name": "other", "in": "query", "schema": {"type": "string"}},
                        ],
                    },
                    "put": {"operationId": "put-secret", "parameters": []},
                },
            },
            "components": {
                "parameters": {
                    "secret_name": {"name": "secret_name", "in": "path", "required": true, "schema": {"type": "string"}},
                    "url_encoded": flag,
                },
                "schemas": {"flag": {"type": "boolean"}},
            },
        })
    }

    #[test]
    fn a_flag_leaves_the_parameters_for_the_operations_extension() {
        let mut doc = document(json!({
            "name": "url_encoded", "in": "query",
            "schema": {"$ref": "#/components/schemas/flag"},
            FLAG_EXTENSION: "secret_name",
        }));
        flags_to_extensions(&mut doc).unwrap();
        let op = &doc["paths"]["/s/{script_name}/secrets/{secret_name}"]["get"];
        let names: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.get("name")
                    .or(p.get("$ref"))
                    .and_then(Value::as_str)
                    .unwrap()
            })
            .collect();
        assert_eq!(names, ["#/components/parameters/secret_name", "other"]);
        assert_eq!(
            marks(&doc),
            serde_json::Map::from_iter([(
                "get-secret".to_owned(),
                json!([{"parameter": "secret_name", "flag": "url_encoded"}])
            )])
        );
    }

    #[test]
    fn a_flag_that_cannot_be_one_is_an_error_naming_the_operation() {
        for (flag, says) in [
            (
                json!({"name": "url_encoded", "in": "query", "schema": {"type": "boolean"}, FLAG_EXTENSION: "script"}),
                "flag: script`, which is not a path parameter of the operation (it has `script_name`, `secret_name`)",
            ),
            (
                json!({"name": "url_encoded", "in": "header", "schema": {"type": "boolean"}, FLAG_EXTENSION: "secret_name"}),
                "only a boolean query parameter",
            ),
            (
                json!({"name": "url_encoded", "in": "query", "schema": {"type": "string"}, FLAG_EXTENSION: "secret_name"}),
                "only a boolean query parameter",
            ),
        ] {
            let error = flags_to_extensions(&mut document(flag)).unwrap_err();
            assert_eq!(
                error.at,
                ["paths", "/s/{script_name}/secrets/{secret_name}", "get"],
                "{error:?}"
            );
            assert!(error.message.contains(says), "{error:?}");
        }
    }

    #[test]
    fn the_flagged_parameter_is_written_as_a_uri_component_and_the_flag_sent() {
        let mut url = FlaggedUrl {
            marks: vec![("secret_name".into(), "url_encoded".into(), false)],
            urls: 0,
        };
        let mut block: syn::Block = syn::parse_quote!({
            let url = format!(
                "{}/s/{}/secrets/{}",
                client.baseurl,
                {
                    use crate::path::AsSegment as _;
                    script_name.path_segment()
                },
                {
                    use crate::path::AsSegment as _;
                    secret_name.path_segment()
                },
            );
        });
        url.visit_block_mut(&mut block);
        let out = quote::quote!(#block).to_string();
        assert!(
            out.contains(r#""{}/s/{}/secrets/{}?url_encoded=true""#),
            "{out}"
        );
        assert!(out.contains("script_name . path_segment ()"), "{out}");
        assert!(out.contains("secret_name . uri_component ()"), "{out}");
        assert_eq!((url.urls, url.marks[0].2), (1, true));
    }
}
