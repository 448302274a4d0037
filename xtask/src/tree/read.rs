//! What the tree reads of each operation: the spec's operation (docs,
//! examples) and, from progenitor's output ([`Progenitor`]), its builder's
//! fields, body and answer type, into a [`Placed`] operation with its
//! setters.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{Operation, ReferenceOr};
use quote::quote;
use syn::{Fields, Ident, ImplItem, Item, ReturnType, Type};

use super::ident;
use super::place::{Scope, is_param, placement};
use crate::generate::envelope::envelope_results;
use crate::generate::limits::{self, Limits};
use crate::generate::syntax::{generic_of, serde_rename};
use crate::normalize::multipart::{CONTENT_TYPE_PARAMETER, FormPart, PartKind, parts_of};
use crate::spec::{OperationRef, Spec};

/// One operation, placed in the tree, with what its builder needs.
pub(super) struct Placed {
    pub(super) spec: OperationRef,
    /// The product it belongs to (`kv`): the crate its builder is in.
    pub(super) product: String,
    /// progenitor's method name (`namespace_worker_create`).
    pub(super) method_name: String,
    /// The scopes it hangs off: one, or `Account` and `Zone` for a path
    /// under `/{accounts_or_zones}/..` (`Scope::all_of`).
    pub(super) scopes: Vec<Scope>,
    /// The group's segments, snake case (`["dispatch_namespaces"]`).
    pub(super) group: Vec<String>,
    /// The method's name in its group, snake case, before collisions.
    pub(super) name: String,
    /// Whether the name is the SDKs' (or ours), kept in a collision with
    /// one that is not (`place::method_names`).
    pub(super) firm: bool,
    pub(super) summary: Option<String>,
    pub(super) description: Option<String>,
    /// The scope's path parameter (`account_id`) and its type, given by
    /// the scope.
    pub(super) scope_param: Option<(Ident, Type)>,
    /// Under either scope: the `{accounts_or_zones}` parameter and its type,
    /// which the scope fills with `accounts` or `zones`.
    pub(super) either_param: Option<(Ident, Type)>,
    /// The other path parameters, in path order: the method's arguments.
    pub(super) positional: Vec<(Ident, Type)>,
    /// The path parameters that are numbers, or newtypes of one (Zero
    /// Trust's `AlexandriaApplicationId(i64)`): no text to check as a
    /// segment (`.`, `..`).
    pub(super) numeric_path: HashSet<String>,
    /// The path parameters that are newtypes of a number, with the number:
    /// their argument takes any primitive number, as such a setter does.
    pub(super) number_newtypes: HashMap<String, Type>,
    /// Query and header parameters: setters.
    pub(super) params: Vec<Setter>,
    pub(super) body: Body,
    pub(super) answer: Answer,
    /// Example values (JSON) from the spec, by parameter or body field
    /// name, for the example call of every operation.
    pub(super) examples: HashMap<String, serde_json::Value>,
    /// The path parameters sent URL-encoded, with their flag
    /// (`crate::generate::url_encoded`): `(parameter, flag)`.
    pub(super) url_encoded: Vec<(String, String)>,
    /// The generated method's arguments, in order: progenitor's builder's
    /// fields (`crate::generate::positional`).
    pub(super) arguments: Vec<Ident>,
    /// How its builder walks its pages, when it is a list of several
    /// (`super::paging`).
    pub(super) paging: Option<super::paging::Paging>,
}

/// A setter of a builder.
pub(super) struct Setter {
    /// The setter's (and the builder field's) name.
    pub(super) name: Ident,
    /// The name in messages (the API's).
    pub(super) api_name: String,
    /// The type the builder stores (`Option<T>` for an optional one).
    pub(super) stored: Type,
    /// The type a setter converts into, `T`.
    pub(super) value: Type,
    pub(super) kind: SetterKind,
    pub(super) docs: Vec<syn::Attribute>,
    /// A body of bytes (progenitor's `reqwest::Body`, for a non-JSON
    /// content type): stored as `Vec<u8>` so that the builder stays `Clone`
    /// and the request can be sent again.
    pub(super) bytes: bool,
    /// When the value is a list: what its setter takes any iterable of.
    pub(super) list: Option<ListOf>,
    /// When the value is a newtype of a number (typify's
    /// `WorkersKvExpirationTtl(f64)` for a number schema of its own): the
    /// number, whose setter takes any primitive number (`300`, not only
    /// `300.0`), as a setter of the number itself does.
    pub(super) number: Option<Type>,
    /// For a [`SetterKind::Defaulted`] body field with the spec's
    /// `default`: typify's function giving it (`#[serde(default =
    /// "defaults::..")]`, in `types`), which the builder starts from; the
    /// type's own `Default` (`0` for a number) could break the spec's
    /// limits (DNS's `ns_set`: `default: 1, minimum: 1`).
    pub(super) default: Option<syn::ExprPath>,
}

/// A value that is a list: `Vec<item>`, or a newtype of one (typify's
/// `Tags(Vec<Tag>)` for an array schema of its own). Its setter takes any
/// iterable of values that convert into `item` (plain strings for a list
/// of constrained strings), each checked when given, reported by `send()`.
pub(super) struct ListOf {
    pub(super) item: Type,
    /// The newtype that wraps the `Vec<item>` (built with its `From`).
    pub(super) newtype: Option<Type>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SetterKind {
    /// `Option<T>`: unset is `None`.
    Optional,
    /// Any other type with a default (`#[serde(default)]`).
    Defaulted,
    /// Must be set before sending.
    Required,
}

pub(super) enum Body {
    None,
    /// A JSON object body: a setter per field; the body is built in `send`.
    Fields {
        ty: Box<Type>,
        /// The body type's field names (in order), and their setters.
        fields: Vec<(Ident, Setter)>,
    },
    /// Any other body: one `body` setter.
    Whole(Box<Setter>),
    /// A `multipart/form-data` body (see `crate::normalize::multipart`): a setter
    /// per part; the form is encoded in `send`.
    Form(Vec<FormSetter>),
}

/// A part of a form, as its builder sets it.
pub(super) struct FormSetter {
    pub(super) part: FormPart,
    /// The setter's name.
    pub(super) name: Ident,
    /// The value's type, for a JSON or text part.
    pub(super) value: Option<Type>,
    pub(super) docs: Vec<syn::Attribute>,
}

pub(super) enum Answer {
    /// A Cloudflare envelope: `Response<result>`.
    Envelope(Type),
    /// A body that is not JSON (progenitor's `ByteStream`): `Response<Bytes>`
    /// of the whole body, which the transport read within the attempt.
    Bytes,
    /// Anything else (`()`): `Response<T>` of it as it is.
    Raw(Type),
}

/// What the tree reads from progenitor's output.
pub(super) struct Progenitor<'a> {
    /// Items of `types`, by name.
    types: HashMap<String, &'a syn::ItemStruct>,
    pub(super) type_names: HashSet<String>,
    /// progenitor's operation builders (top-level `builder` module): fields
    /// and the `send` answer type.
    builders: HashMap<String, (&'a syn::ItemStruct, Option<Type>)>,
    /// Envelope type name → its `Result`.
    envelopes: HashMap<String, Type>,
}

impl<'a> Progenitor<'a> {
    /// The struct `types::{name}`.
    pub(super) fn struct_named(&self, name: &str) -> Option<&'a syn::ItemStruct> {
        self.types.get(name).copied()
    }

    pub(super) fn read(file: &'a syn::File) -> Self {
        let module = |name: &str| -> &'a [Item] {
            file.items
                .iter()
                .find_map(|item| match item {
                    Item::Mod(m) if m.ident == name => m.content.as_ref().map(|c| c.1.as_slice()),
                    _ => None,
                })
                .unwrap_or(&[])
        };
        let mut types = HashMap::new();
        let mut type_names = HashSet::new();
        for item in module("types") {
            let name = match item {
                Item::Struct(s) => {
                    types.insert(s.ident.to_string(), s);
                    &s.ident
                }
                Item::Enum(e) => &e.ident,
                Item::Type(t) => &t.ident,
                _ => continue,
            };
            type_names.insert(name.to_string());
        }
        let mut structs = HashMap::new();
        let mut answers = HashMap::new();
        for item in module("builder") {
            match item {
                Item::Struct(s) => {
                    structs.insert(s.ident.to_string(), s);
                }
                Item::Impl(imp) => {
                    let Type::Path(self_ty) = &*imp.self_ty else {
                        continue;
                    };
                    let Some(name) = self_ty.path.segments.last() else {
                        continue;
                    };
                    for item in &imp.items {
                        if let ImplItem::Fn(f) = item
                            && f.sig.ident == "send"
                            && let ReturnType::Type(_, ty) = &f.sig.output
                        {
                            // `Result<ResponseValue<T>, Error<F>>`
                            let answer = generic_of(ty, "Result")
                                .and_then(|ok| generic_of(ok, "ResponseValue"))
                                .cloned();
                            answers.insert(name.ident.to_string(), answer);
                        }
                    }
                }
                _ => {}
            }
        }
        let builders = structs
            .into_iter()
            .map(|(name, s)| {
                let answer = answers.get(&name).cloned().flatten();
                (name, (s, answer))
            })
            .collect();
        Progenitor {
            types,
            type_names,
            builders,
            envelopes: envelope_results(file),
        }
    }
}

/// `spec`'s `operation`, placed in the tree.
pub(super) fn place(
    spec: &Spec,
    operation: &OperationRef,
    progenitor: &Progenitor,
) -> Result<Placed, String> {
    let op = find_operation(spec, operation)
        .ok_or_else(|| "not found in the merged document".to_string())?;
    let row = spec
        .products
        .as_ref()
        .and_then(|table| table.row(&operation.method, &operation.route));
    let scopes = Scope::all_of(&operation.route, row);
    let scope = scopes[0];
    let placement = placement(op, operation, scope, spec.products.as_ref())?;
    let (group, name, firm) = (placement.group, placement.name, placement.firm);

    let method_name = operation.method_name();
    let builder_name = method_name.to_upper_camel_case();
    let (builder, answer) = progenitor
        .builders
        .get(&builder_name)
        .ok_or_else(|| format!("no builder `{builder_name}` in progenitor's output"))?;
    let answer = answer
        .clone()
        .ok_or_else(|| format!("no `send` answer type in `{builder_name}`"))?;
    let answer = match &answer {
        Type::Path(path) => {
            let last = path.path.segments.last().map(|s| s.ident.to_string());
            match last.as_deref() {
                Some("ByteStream") => Answer::Bytes,
                Some(name) => match progenitor.envelopes.get(name) {
                    Some(result) => Answer::Envelope(result.clone()),
                    None => Answer::Raw(answer),
                },
                None => Answer::Raw(answer),
            }
        }
        _ => Answer::Raw(answer),
    };

    let Fields::Named(fields) = &builder.fields else {
        return Err(format!("`{builder_name}` has no named fields"));
    };
    let path_params: Vec<&str> = operation
        .route
        .split('/')
        .filter(|s| is_param(s))
        .map(|s| &s[1..s.len() - 1])
        .collect();
    let mut positional = Vec::new();
    let mut params = Vec::new();
    let mut body = Body::None;
    let parameters = parameter_docs(spec, op);
    let examples = super::examples::of_operation(&spec.document, op);
    let form = parts_of(op);
    let content_type = CONTENT_TYPE_PARAMETER.to_snake_case();
    let mut arguments = Vec::new();
    for field in fields.named.iter() {
        let ident = field.ident.clone().ok_or("an unnamed field")?;
        if ident == "client" {
            continue;
        }
        arguments.push(ident.clone());
        if form.is_some() && ident == content_type.as_str() {
            continue;
        }
        let stored = generic_of(&field.ty, "Result")
            .cloned()
            .ok_or_else(|| format!("field `{ident}` of `{builder_name}` is not a `Result`"))?;
        if ident == "body" {
            body = match &form {
                Some(parts) => form_of(parts, progenitor)?,
                None => body_of(&stored, progenitor)?,
            };
        } else if positional.len() < path_params.len() {
            let expected = path_params[positional.len()].to_snake_case();
            if ident != expected.as_str() && ident != format!("{expected}_").as_str() {
                return Err(format!(
                    "progenitor's field `{ident}` is not the path parameter `{expected}`"
                ));
            }
            positional.push((ident, stored));
        } else {
            let api_name = ident.to_string();
            let docs = doc_attrs(
                parameters
                    .get(api_name.as_str())
                    .map_or(&format!("The `{api_name}` parameter."), |text| text),
            );
            params.push(setter(
                ident,
                api_name,
                stored,
                SetterKind::Optional,
                docs,
                progenitor,
            ));
        }
    }
    if positional.len() != path_params.len() {
        return Err("progenitor's builder lacks path parameters".into());
    }
    let number_newtypes: HashMap<String, Type> = positional
        .iter()
        .filter_map(|(name, ty)| {
            let inner =
                newtype_field(ty, progenitor).filter(|inner| number_kind(inner).is_some())?;
            Some((name.to_string(), inner.clone()))
        })
        .collect();
    let numeric_path = positional
        .iter()
        .filter(|(_, ty)| {
            number_kind(ty).is_some()
                || newtype_field(ty, progenitor).is_some_and(|inner| number_kind(inner).is_some())
        })
        .map(|(name, _)| name.to_string())
        .collect();
    let either_param = Scope::is_either(&operation.route).then(|| positional.remove(0));
    let scope_param = match scope {
        Scope::Client => None,
        Scope::Account | Scope::Zone => Some(positional.remove(0)),
    };
    Ok(Placed {
        spec: operation.clone(),
        product: spec.product_of(operation).to_owned(),
        method_name,
        scopes,
        group,
        name,
        firm,
        summary: op.summary.clone(),
        description: op.description.clone(),
        scope_param,
        either_param,
        positional,
        numeric_path,
        number_newtypes,
        params,
        body,
        answer,
        examples,
        url_encoded: crate::generate::url_encoded::flags_of(op),
        arguments,
        paging: None,
    })
}

fn find_operation<'a>(spec: &'a Spec, operation: &OperationRef) -> Option<&'a Operation> {
    let ReferenceOr::Item(item) = spec.document.paths.paths.get(&operation.route)? else {
        return None;
    };
    match operation.method.as_str() {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// The docs of `op`'s parameters, by snake-case name: the parameter's
/// description, else its schema's (through `$ref`s); then the limits
/// `send()` checks and the API's default, where the spec gives them.
fn parameter_docs(spec: &Spec, op: &Operation) -> HashMap<String, String> {
    let document = &spec.document;
    let mut docs = HashMap::new();
    for parameter in &op.parameters {
        let Some(parameter) = crate::spec::refs::resolve_parameter(document, parameter) else {
            continue;
        };
        let data = parameter.parameter_data_ref();
        let schema = limits::parameter_schema(parameter);
        let resolved = schema.and_then(|schema| limits::resolve(document, schema));
        let description = data
            .description
            .clone()
            .or_else(|| resolved.and_then(|s| s.schema_data.description.clone()));
        let mut facts = Vec::new();
        if let Some(range) = schema.and_then(|schema| Limits::of(document, schema).describe()) {
            facts.push(range);
        }
        if let Some(default) = resolved.and_then(|s| s.schema_data.default.as_ref()) {
            facts.push(format!("The API's default: `{default}`."));
        }
        let mut text = description
            .map(|text| text.trim().to_owned())
            .unwrap_or_else(|| format!("The `{}` parameter.", data.name));
        if !facts.is_empty() {
            text.push_str("\n\n");
            text.push_str(&facts.join(" "));
        }
        docs.insert(data.name.to_snake_case(), text);
    }
    docs
}

/// The body a builder's `body` field holds (`stored`).
fn body_of(stored: &Type, progenitor: &Progenitor) -> Result<Body, String> {
    // `types::X` of a struct with named fields (progenitor held it as
    // typify's builder, `types::builder::X`, which regen drops): a setter
    // per field.
    if let Type::Path(path) = stored {
        let names: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let named_struct = |name: &String| {
            progenitor
                .types
                .get(name)
                .is_some_and(|item| matches!(item.fields, Fields::Named(_)))
        };
        if let [t, name] = names.as_slice()
            && t == "types"
            && named_struct(name)
        {
            let item = progenitor
                .types
                .get(name)
                .ok_or_else(|| format!("no struct `types::{name}`"))?;
            let Fields::Named(fields) = &item.fields else {
                return Err(format!("`types::{name}` has no named fields"));
            };
            let mut setters = Vec::new();
            for field in &fields.named {
                let field_ident = field.ident.clone().ok_or("an unnamed field")?;
                let mut docs: Vec<_> = field
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc"))
                    .cloned()
                    .collect();
                if docs.is_empty() {
                    let api_name = serde_rename(field).unwrap_or_else(|| field_ident.to_string());
                    docs = doc_attrs(&format!("The body's `{api_name}` field."));
                }
                let defaulted = field.attrs.iter().any(|a| {
                    a.path().is_ident("serde") && quote!(#a).to_string().contains("default")
                });
                let kind = if defaulted {
                    SetterKind::Defaulted
                } else {
                    SetterKind::Required
                };
                let api_name = serde_rename(field).unwrap_or_else(|| field_ident.to_string());
                let mut setter = setter(
                    field_ident.clone(),
                    api_name,
                    field.ty.clone(),
                    kind,
                    docs,
                    progenitor,
                );
                if setter.kind == SetterKind::Defaulted {
                    setter.default = serde_default_function(field)?;
                }
                setters.push((field_ident, setter));
            }
            let ty: Type = syn::parse_str(&format!("types::{name}")).map_err(|e| e.to_string())?;
            return Ok(Body::Fields {
                ty: Box::new(ty),
                fields: setters,
            });
        }
    }
    let is_reqwest_body = match stored {
        Type::Path(path) => {
            let names: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            names == ["reqwest", "Body"]
        }
        _ => false,
    };
    if is_reqwest_body {
        let mut bytes = setter(
            ident("body"),
            "body".into(),
            syn::parse_quote!(::std::vec::Vec<u8>),
            SetterKind::Required,
            doc_attrs("The request body, as bytes."),
            progenitor,
        );
        bytes.bytes = true;
        bytes.list = None;
        bytes.number = None;
        return Ok(Body::Whole(Box::new(bytes)));
    }
    Ok(Body::Whole(Box::new(setter(
        ident("body"),
        "body".into(),
        stored.clone(),
        SetterKind::Required,
        doc_attrs("The request body."),
        progenitor,
    ))))
}

/// The setters of a form's parts.
fn form_of(parts: &[FormPart], progenitor: &Progenitor) -> Result<Body, String> {
    let mut setters = Vec::with_capacity(parts.len());
    for part in parts {
        let value: Option<Type> = match &part.kind {
            PartKind::Json { schema } => {
                let name = schema.component().to_upper_camel_case();
                if !progenitor.type_names.contains(&name) {
                    return Err(format!(
                        "no type `{name}` in progenitor's output for the part `{}`",
                        part.name
                    ));
                }
                Some(syn::parse_str(&format!("types::{name}")).map_err(|e| e.to_string())?)
            }
            PartKind::Text { scalar } => Some(match scalar.as_str() {
                "boolean" => syn::parse_quote!(bool),
                "integer" => syn::parse_quote!(i64),
                "number" => syn::parse_quote!(f64),
                _ => syn::parse_quote!(::std::string::String),
            }),
            PartKind::File | PartKind::Files { .. } => None,
        };
        let mut text = part
            .description
            .clone()
            .unwrap_or_else(|| match &part.kind {
                PartKind::Json { .. } => format!("The `{}` part, as JSON.", part.name),
                PartKind::Text { .. } => format!("The `{}` form field.", part.name),
                PartKind::File => format!("The `{}` file.", part.name),
                PartKind::Files { .. } => format!("The `{}` files.", part.name),
            });
        if let Some(range) = part.limits.describe() {
            text = format!("{}\n\n{range}", text.trim());
        }
        setters.push(FormSetter {
            part: part.clone(),
            name: ident(&part.name.to_snake_case()),
            value,
            docs: doc_attrs(&text),
        });
    }
    Ok(Body::Form(setters))
}

/// A setter for a value stored as `stored`: `Option<T>` is optional
/// whatever `kind` says.
/// The function `field`'s `#[serde(default = "..")]` names (a path in
/// progenitor's `types`), as a path from the crate's root.
fn serde_default_function(field: &syn::Field) -> Result<Option<syn::ExprPath>, String> {
    let mut function = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") && meta.input.peek(syn::Token![=]) {
                let path: syn::LitStr = meta.value()?.parse()?;
                function = Some(path.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    function
        .map(|path| {
            syn::parse_str(&format!("crate::generated::types::{path}"))
                .map_err(|e| format!("serde default `{path}`: {e}"))
        })
        .transpose()
}

fn setter(
    name: Ident,
    api_name: String,
    stored: Type,
    kind: SetterKind,
    docs: Vec<syn::Attribute>,
    progenitor: &Progenitor,
) -> Setter {
    let (value, kind) = match generic_of(&stored, "Option") {
        Some(inner) => (inner.clone(), SetterKind::Optional),
        None if kind == SetterKind::Optional => (stored.clone(), SetterKind::Required),
        None => (stored.clone(), kind),
    };
    let list = list_of(&value, progenitor);
    let number = number_of(&value, progenitor);
    Setter {
        name,
        api_name,
        stored,
        value,
        kind,
        docs,
        bytes: false,
        list,
        number,
        default: None,
    }
}

/// `value` as a list, when it is one: `Vec<T>`, or a struct of
/// progenitor's `types` that wraps one (`Tags(pub Vec<Tag>)`).
fn list_of(value: &Type, progenitor: &Progenitor) -> Option<ListOf> {
    if let Some(item) = generic_of(value, "Vec") {
        return Some(ListOf {
            item: item.clone(),
            newtype: None,
        });
    }
    Some(ListOf {
        item: generic_of(newtype_field(value, progenitor)?, "Vec")?.clone(),
        newtype: Some(value.clone()),
    })
}

/// The number that `value` wraps, when it is a struct of progenitor's
/// `types` that wraps one (`WorkersKvExpirationTtl(pub f64)`).
fn number_of(value: &Type, progenitor: &Progenitor) -> Option<Type> {
    let inner = newtype_field(value, progenitor)?;
    number_kind(inner).map(|_| inner.clone())
}

/// What kind of primitive number a type is, if it is one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum NumberKind {
    /// `f64`, `f32`: a setter takes any primitive number.
    Float,
    /// A primitive integer, or typify's `::std::num::NonZeroU64` (and the
    /// like, for `minimum: 1`): a setter takes any primitive integer.
    Integer,
}

/// `ty`'s kind of number, when it is one of the primitive numbers (or
/// `NonZero` integers) typify gives the spec's numbers and integers.
pub(super) fn number_kind(ty: &Type) -> Option<NumberKind> {
    let Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let name = match names.as_slice() {
        [name] => name.as_str(),
        [std, num, name] if std == "std" && num == "num" && name.starts_with("NonZeroU") => {
            name.as_str()
        }
        _ => return None,
    };
    match name {
        "f64" | "f32" => Some(NumberKind::Float),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" | "NonZeroU8" | "NonZeroU16" | "NonZeroU32" | "NonZeroU64" => {
            Some(NumberKind::Integer)
        }
        _ => None,
    }
}

/// The one field's type of `value`, when it is a tuple struct of one field
/// in progenitor's `types` (typify's newtypes).
pub(super) fn newtype_field<'a>(value: &Type, progenitor: &Progenitor<'a>) -> Option<&'a Type> {
    let Type::Path(path) = value else {
        return None;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let name = match names.as_slice() {
        [name] => name,
        [types, name] if types == "types" => name,
        _ => return None,
    };
    let Fields::Unnamed(fields) = &progenitor.types.get(name)?.fields else {
        return None;
    };
    let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    Some(&field.ty)
}

fn doc_attrs(text: &str) -> Vec<syn::Attribute> {
    text.trim()
        .lines()
        .map(|line| {
            let line = format!(" {}", line.trim_end());
            syn::parse_quote!(#[doc = #line])
        })
        .collect()
}
