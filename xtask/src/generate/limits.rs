//! The spec's limits of the numbers and lists a request sends
//! (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
//! `multipleOf`, `minItems`, `maxItems`), which typify drops: it makes a
//! `number` an `f64` whatever its range, an `integer` the smallest Rust
//! integer its range allows (`NonZeroU64` for `minimum: 1`), and a list a
//! `Vec` of any length. (String limits, `maxLength`, `pattern` and
//! `enum`, typify checks itself, in its newtypes.)
//!
//! [`check_limits`] has each operation's `send` check them with the
//! generated crate's `limits` module, before anything is sent, naming the
//! parameter: every query, path and header parameter, a JSON body that is
//! a list or a number (`tags`: `maxItems: 10`), and the top-level fields
//! of a JSON object body. The tree checks a form's text fields the same
//! way when they are set (`crate::normalize::multipart`'s parts carry their
//! [`Limits`]), and every setter's docs say them ([`Limits::describe`]).
//!
//! Answers are never held to them (`normalize::unconstrained_answers`
//! drops them from what answers hold).

use std::collections::HashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;
use serde::{Deserialize, Serialize};
use syn::{ImplItem, Item, Pat, Stmt};

use crate::spec::Spec;

/// A schema's limits of numbers (its own, or its items' for a list) and
/// of a list's length.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Limits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) exclusive_minimum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) exclusive_maximum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) multiple_of: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min_items: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_items: Option<usize>,
}

impl Limits {
    /// The limits of `schema` (through `$ref`s and an `allOf` of one), and
    /// for a list, its items' limits of numbers.
    pub(crate) fn of(document: &OpenAPI, schema: &ReferenceOr<Schema>) -> Limits {
        resolve(document, schema).map_or_else(Limits::default, |s| Limits::of_schema(document, s))
    }

    /// [`Limits::of`] a property's schema.
    fn of_boxed(document: &OpenAPI, schema: &ReferenceOr<Box<Schema>>) -> Limits {
        resolve_boxed(document, schema)
            .map_or_else(Limits::default, |s| Limits::of_schema(document, s))
    }

    /// [`Limits::of`] a schema that is no reference.
    pub(crate) fn of_schema(document: &OpenAPI, schema: &Schema) -> Limits {
        let mut limits = Limits::own(schema);
        if let Some(items) = items_of(schema) {
            let items = Limits::of_boxed(document, items);
            limits.minimum = items.minimum;
            limits.exclusive_minimum = items.exclusive_minimum;
            limits.maximum = items.maximum;
            limits.exclusive_maximum = items.exclusive_maximum;
            limits.multiple_of = items.multiple_of;
        }
        limits
    }

    /// `schema`'s own limits (not its items'; not through a reference).
    pub(crate) fn own(schema: &Schema) -> Limits {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Number(n)) => Limits {
                minimum: n.minimum,
                exclusive_minimum: n.exclusive_minimum && n.minimum.is_some(),
                maximum: n.maximum,
                exclusive_maximum: n.exclusive_maximum && n.maximum.is_some(),
                multiple_of: n.multiple_of,
                ..Limits::default()
            },
            #[allow(clippy::cast_precision_loss, reason = "limits in a spec are small")]
            SchemaKind::Type(Type::Integer(n)) => Limits {
                minimum: n.minimum.map(|n| n as f64),
                exclusive_minimum: n.exclusive_minimum && n.minimum.is_some(),
                maximum: n.maximum.map(|n| n as f64),
                exclusive_maximum: n.exclusive_maximum && n.maximum.is_some(),
                multiple_of: n.multiple_of.map(|n| n as f64),
                ..Limits::default()
            },
            SchemaKind::Type(Type::Array(a)) => Limits {
                min_items: a.min_items,
                max_items: a.max_items,
                ..Limits::default()
            },
            SchemaKind::Any(any) => Limits {
                minimum: any.minimum,
                exclusive_minimum: any.exclusive_minimum == Some(true) && any.minimum.is_some(),
                maximum: any.maximum,
                exclusive_maximum: any.exclusive_maximum == Some(true) && any.maximum.is_some(),
                multiple_of: any.multiple_of,
                min_items: any.min_items,
                max_items: any.max_items,
            },
            _ => Limits::default(),
        }
    }

    /// Whether there is nothing to check.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// The limits in a sentence or two for docs (`At least 1 and at most
    /// 1000.`), if there are any.
    pub(crate) fn describe(&self) -> Option<String> {
        let mut sentences = Vec::new();
        let mut range = Vec::new();
        if let Some(minimum) = self.minimum {
            let how = if self.exclusive_minimum {
                "more than"
            } else {
                "at least"
            };
            range.push(format!("{how} {}", number(minimum)));
        }
        if let Some(maximum) = self.maximum {
            let how = if self.exclusive_maximum {
                "less than"
            } else {
                "at most"
            };
            range.push(format!("{how} {}", number(maximum)));
        }
        if let Some(multiple) = self.multiple_of {
            range.push(format!("a multiple of {}", number(multiple)));
        }
        let list = self.min_items.is_some() || self.max_items.is_some();
        if !range.is_empty() {
            let each = if list { "each item is " } else { "" };
            sentences.push(capitalized(&format!("{each}{}.", and(&range))));
        }
        let mut items = Vec::new();
        if let Some(min) = self.min_items {
            items.push(format!("at least {min}"));
        }
        if let Some(max) = self.max_items {
            items.push(format!("at most {max}"));
        }
        if !items.is_empty() {
            let last = self.max_items.or(self.min_items).unwrap_or(0);
            let noun = if last == 1 { "item" } else { "items" };
            sentences.push(capitalized(&format!("{} {noun}.", and(&items))));
        }
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }

    /// The generated crate's `limits::Limits` of these, as an expression;
    /// `krate` is the path of the generated crate (`crate`, or
    /// `crate::generated` from the `cloudflare-api` crate).
    pub(crate) fn tokens(&self, krate: &TokenStream) -> TokenStream {
        let mut fields = TokenStream::new();
        let some = |n: TokenStream| quote!(::std::option::Option::Some(#n));
        for (name, value) in [
            ("minimum", self.minimum.map(|n| some(quote!(#n)))),
            (
                "exclusive_minimum",
                self.exclusive_minimum.then(|| quote!(true)),
            ),
            ("maximum", self.maximum.map(|n| some(quote!(#n)))),
            (
                "exclusive_maximum",
                self.exclusive_maximum.then(|| quote!(true)),
            ),
            ("multiple_of", self.multiple_of.map(|n| some(quote!(#n)))),
            ("min_items", self.min_items.map(|n| some(quote!(#n)))),
            ("max_items", self.max_items.map(|n| some(quote!(#n)))),
        ] {
            if let Some(value) = value {
                let name = syn::Ident::new(name, proc_macro2::Span::call_site());
                fields.extend(quote!(#name: #value,));
            }
        }
        quote!(#krate::limits::Limits { #fields ..#krate::limits::Limits::NONE })
    }
}

/// A limit as the docs write it: `60`, `0.5`.
fn number(n: f64) -> String {
    n.to_string()
}

/// `a`, `a and b`, `a, b and c`.
fn and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The items of a list schema, if it is one.
fn items_of(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
        SchemaKind::Any(any) => any.items.as_ref(),
        _ => None,
    }
}

/// `schema`, or what its `$ref` names, followed through references to
/// references (at most 8, so that a cycle ends) and an `allOf` of one.
pub(crate) fn resolve<'a>(
    document: &'a OpenAPI,
    schema: &'a ReferenceOr<Schema>,
) -> Option<&'a Schema> {
    let mut schema = schema;
    for _ in 0..8 {
        match schema {
            ReferenceOr::Item(item) => match &item.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => schema = &all_of[0],
                _ => return Some(item),
            },
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                schema = document.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

fn resolve_boxed<'a>(
    document: &'a OpenAPI,
    schema: &'a ReferenceOr<Box<Schema>>,
) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(item) => match &item.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => resolve(document, &all_of[0]),
            _ => Some(item),
        },
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            resolve(document, document.components.as_ref()?.schemas.get(name)?)
        }
    }
}

/// The schema of `parameter`, if it has one (not `content`).
pub(crate) fn parameter_schema(parameter: &Parameter) -> Option<&ReferenceOr<Schema>> {
    match &parameter.parameter_data_ref().format {
        openapiv3::ParameterSchemaOrContent::Schema(schema) => Some(schema),
        openapiv3::ParameterSchemaOrContent::Content(_) => None,
    }
}

/// What `send` checks of a value.
enum Check {
    /// The value (a parameter, or a body that is a list or a number),
    /// named `api` in messages.
    Value { api: String, limits: Limits },
    /// Fields of a JSON object body: (name, limits).
    Fields(Vec<(String, Limits)>),
}

impl Check {
    /// The statement that checks `variable`.
    fn statement(&self, variable: &syn::Ident) -> Stmt {
        match self {
            Check::Value { api, limits } => {
                let limits = limits.tokens(&quote!(crate));
                syn::parse_quote! {
                    crate::limits::within(#api, &#variable, &#limits).map_err(Error::InvalidRequest)?;
                }
            }
            Check::Fields(fields) => {
                let fields = fields.iter().map(|(name, limits)| {
                    let limits = limits.tokens(&quote!(crate));
                    quote!((#name, #limits))
                });
                syn::parse_quote! {
                    crate::limits::fields_within(&#variable, &[#(#fields),*]).map_err(Error::InvalidRequest)?;
                }
            }
        }
    }
}

/// What `op`'s `send` checks, by progenitor's name of the value: a
/// parameter's snake-case name, or `body`.
fn checks_of(document: &OpenAPI, op: &Operation) -> HashMap<String, Check> {
    let mut checks = HashMap::new();
    for parameter in &op.parameters {
        let Some(parameter) = crate::spec::refs::resolve_parameter(document, parameter) else {
            continue;
        };
        let Some(schema) = parameter_schema(parameter) else {
            continue;
        };
        let limits = Limits::of(document, schema);
        if !limits.is_empty() {
            let api = parameter.parameter_data_ref().name.clone();
            checks.insert(api.to_snake_case(), Check::Value { api, limits });
        }
    }
    let json_body = op
        .request_body
        .as_ref()
        .and_then(|body| crate::spec::refs::resolve_body(document, body))
        .and_then(|body| body.content.get("application/json"))
        .and_then(|media| media.schema.as_ref())
        .and_then(|schema| resolve(document, schema));
    if let Some(body) = json_body {
        let limits = Limits::of_schema(document, body);
        if !limits.is_empty() {
            let api = "body".to_owned();
            checks.insert(api.clone(), Check::Value { api, limits });
        } else if let SchemaKind::Type(Type::Object(object)) = &body.schema_kind {
            let fields: Vec<(String, Limits)> = object
                .properties
                .iter()
                .map(|(name, property)| (name.clone(), Limits::of_boxed(document, property)))
                .filter(|(_, limits)| !limits.is_empty())
                .collect();
            if !fields.is_empty() {
                checks.insert("body".to_owned(), Check::Fields(fields));
            }
        }
    }
    checks
}

/// Adds the limits checks to each operation's `send` in progenitor's
/// output (see the module's docs), after the value is unpacked and before
/// the request is built.
pub(crate) fn check_limits(spec: &Spec, file: &mut syn::File) {
    let mut by_builder: HashMap<String, HashMap<String, Check>> = HashMap::new();
    for operation in &spec.operations {
        let Some(op) = find_operation(&spec.document, operation) else {
            continue;
        };
        let checks = checks_of(&spec.document, op);
        if !checks.is_empty() {
            by_builder.insert(operation.method_name().to_upper_camel_case(), checks);
        }
    }
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "builder" {
            continue;
        }
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        for item in items.iter_mut() {
            let Item::Impl(imp) = item else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            let Some(checks) = self_ty
                .path
                .segments
                .last()
                .and_then(|s| by_builder.get(&s.ident.to_string()))
            else {
                continue;
            };
            for item in &mut imp.items {
                if let ImplItem::Fn(f) = item
                    && f.sig.ident == "send"
                {
                    add_checks(&mut f.block.stmts, checks);
                }
            }
        }
    }
}

/// After `let x = x.map_err(Error::InvalidRequest)?;` (`x_` for a
/// parameter whose name is a Rust keyword, as progenitor names it), the
/// check of `x`.
fn add_checks(stmts: &mut Vec<Stmt>, checks: &HashMap<String, Check>) {
    let mut index = 0;
    while index < stmts.len() {
        if let Stmt::Local(local) = &stmts[index]
            && let Pat::Ident(name) = &local.pat
            && local
                .init
                .as_ref()
                .is_some_and(|init| crate::generate::numbers::is_invalid_request_map(&init.expr))
        {
            let variable = name.ident.clone();
            let name = variable.to_string();
            let check = checks
                .get(&name)
                .or_else(|| checks.get(name.trim_end_matches('_')));
            if let Some(check) = check {
                stmts.insert(index + 1, check.statement(&variable));
                index += 1;
            }
        }
        index += 1;
    }
}

fn find_operation<'a>(
    document: &'a OpenAPI,
    operation: &crate::spec::OperationRef,
) -> Option<&'a Operation> {
    let ReferenceOr::Item(item) = document.paths.paths.get(&operation.route)? else {
        return None;
    };
    item.iter()
        .find(|(method, _)| *method == operation.method)
        .map(|(_, op)| op)
}
