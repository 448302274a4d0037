//! The ergonomic resource tree: `client.account(id).dispatch_namespaces()
//! .create().name(..).send()`, one builder per spec operation, written into
//! the `cloudflare-api` crate (`src/api/generated.rs`).
//!
//! Where an operation sits in the tree comes from the spec, in this order:
//!
//! 1. our own extension, `x-rust-tree: { group: a.b, method: name }` (either
//!    key may be left out), for an operation whose place the others get
//!    wrong;
//! 2. Cloudflare's `x-fern-sdk-group-name` (`dispatch-namespaces.scripts`)
//!    and `x-fern-sdk-method-name` (`list`, `get`, `create`, `update` for
//!    `PUT`, `edit` for `PATCH`, `delete`);
//! 3. the path: its literal segments are the group, and the method is
//!    named by the HTTP method (a `GET` of a collection is `list`, of an
//!    item `get`; `POST` `create`; `PUT` `update`; `PATCH` `edit`; `DELETE`
//!    `delete`). So no operation is ever unreachable.
//!
//! The first path parameter of `/accounts/{..}/..` and `/zones/{..}/..` is
//! given once, to `client.account(id)` or `client.zone(id)`; anything else
//! hangs off `client`. A leading `accounts`/`zones` group under those is
//! dropped (`client.account(id).members()`, not `.accounts().members()`).
//! The remaining path parameters are the method's arguments, in path order;
//! query parameters and the top-level fields of a JSON object body are
//! setters; `send()` calls the generated operation and normalizes its
//! answer into `Response<T>` or `Error`.
//!
//! Names are snake case. Where two operations of one group would get the
//! same method name, or a method would have a subgroup's name, each of
//! them is named after its `operationId` instead, so that the result does
//! not depend on which one came first.
//!
//! Everything Rust is read from progenitor's output (the builder's fields
//! and their types, the body struct's fields, the answer type), so that the
//! tree calls exactly what was generated.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{Operation, ReferenceOr};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Fields, GenericArgument, Ident, ImplItem, Item, PathArguments, ReturnType, Type};

use crate::Error;
use crate::envelope::envelope_results;
use crate::spec::{OperationRef, Spec};

/// The extension through which the spec places an operation in the tree.
pub const TREE_EXTENSION: &str = "x-rust-tree";

/// Where an operation's tree starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Scope {
    /// `client.account(id)`: paths under `/accounts/{account_id}`.
    Account,
    /// `client.zone(id)`: paths under `/zones/{zone_id}`.
    Zone,
    /// `client` itself.
    Client,
}

impl Scope {
    /// The scope of `route` (`/accounts/{account_id}/...`).
    fn of(route: &str) -> Scope {
        let segments: Vec<&str> = route.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["accounts", param, ..] if is_param(param) => Scope::Account,
            ["zones", param, ..] if is_param(param) => Scope::Zone,
            _ => Scope::Client,
        }
    }

    /// The type-name prefix of the scope's groups.
    fn prefix(self) -> &'static str {
        match self {
            Scope::Account => "Account",
            Scope::Zone => "Zone",
            Scope::Client => "",
        }
    }

    /// The group segment that only repeats the scope.
    fn plural(self) -> Option<&'static str> {
        match self {
            Scope::Account => Some("accounts"),
            Scope::Zone => Some("zones"),
            Scope::Client => None,
        }
    }

    /// Names that the hand-written or scope code already uses.
    fn reserved(self) -> &'static [&'static str] {
        match self {
            Scope::Account | Scope::Zone => &["id", "client", "clone"],
            Scope::Client => &[
                "account",
                "zone",
                "builder",
                "from_env",
                "generated",
                "clone",
            ],
        }
    }
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// One operation, placed in the tree, with what its builder needs.
struct Placed {
    spec: OperationRef,
    /// progenitor's method name (`namespace_worker_create`).
    method_name: String,
    scope: Scope,
    /// The group's segments, snake case (`["dispatch_namespaces"]`).
    group: Vec<String>,
    /// The method's name in its group, snake case, before collisions.
    name: String,
    summary: Option<String>,
    description: Option<String>,
    /// The scope's path parameter (`account_id`) and its type, given by
    /// the scope.
    scope_param: Option<(Ident, Type)>,
    /// The other path parameters, in path order: the method's arguments.
    positional: Vec<(Ident, Type)>,
    /// Query and header parameters: setters.
    params: Vec<Setter>,
    body: Body,
    answer: Answer,
    /// Example values (JSON) from the spec, by parameter or body field
    /// name, for the example call of every operation.
    examples: HashMap<String, serde_json::Value>,
}

/// A setter of a builder.
struct Setter {
    /// The setter's (and the builder field's) name.
    name: Ident,
    /// The name in messages (the API's).
    api_name: String,
    /// The type the builder stores (`Option<T>` for an optional one).
    stored: Type,
    /// The type a setter converts into, `T`.
    value: Type,
    kind: SetterKind,
    docs: Vec<syn::Attribute>,
    /// A body of bytes (progenitor's `reqwest::Body`, for a non-JSON
    /// content type): stored as `Vec<u8>` so that the builder stays `Clone`
    /// and the request can be sent again.
    bytes: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SetterKind {
    /// `Option<T>`: unset is `None`.
    Optional,
    /// Any other type with a default (`#[serde(default)]`).
    Defaulted,
    /// Must be set before sending.
    Required,
}

enum Body {
    None,
    /// A JSON object body: a setter per field; the body is built in `send`.
    Fields {
        ty: Box<Type>,
        /// The body type's field names (in order), and their setters.
        fields: Vec<(Ident, Setter)>,
    },
    /// Any other body: one `body` setter.
    Whole(Box<Setter>),
}

enum Answer {
    /// A Cloudflare envelope: `Response<result>`.
    Envelope(Type),
    /// Anything else (`()`, a byte stream): `Response<T>` of it as it is.
    Raw(Type),
}

/// The tree for `spec`, as tokens of the `api/generated.rs` file of the
/// `cloudflare-api` crate; `file` is progenitor's output (with the
/// additions of `generate`).
pub(crate) fn tree(spec: &Spec, file: &syn::File) -> Result<TokenStream, Error> {
    let progenitor = Progenitor::read(file);
    let mut placed = Vec::with_capacity(spec.operations.len());
    for operation in &spec.operations {
        placed.push(
            place(spec, operation, &progenitor).map_err(|message| Error::Generate {
                culprit: format!("operation `{}` ({operation})", operation.id),
                message,
            })?,
        );
    }
    let tree = Tree::build(placed)?;
    let mut tokens = tree.tokens();
    let mut file: syn::File =
        syn::parse2(tokens.clone()).map_err(|e| Error::Unparsable(e.to_string()))?;
    Qualify {
        types: &progenitor.type_names,
    }
    .visit_file_mut(&mut file);
    tokens = quote!(#file);
    Ok(tokens)
}

/// What the tree reads from progenitor's output.
struct Progenitor<'a> {
    /// Items of `types`, by name.
    types: HashMap<String, &'a syn::ItemStruct>,
    type_names: HashSet<String>,
    /// progenitor's operation builders (top-level `builder` module): fields
    /// and the `send` answer type.
    builders: HashMap<String, (&'a syn::ItemStruct, Option<Type>)>,
    /// Envelope type name → its `Result`.
    envelopes: HashMap<String, Type>,
}

impl<'a> Progenitor<'a> {
    fn read(file: &'a syn::File) -> Self {
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
fn place(spec: &Spec, operation: &OperationRef, progenitor: &Progenitor) -> Result<Placed, String> {
    let op = find_operation(spec, operation)
        .ok_or_else(|| "not found in the merged document".to_string())?;
    let scope = Scope::of(&operation.route);
    let (group, name) = placement(op, operation, scope)?;

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
            match last.and_then(|name| progenitor.envelopes.get(&name)) {
                Some(result) => Answer::Envelope(result.clone()),
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
    let examples = crate::examples::of_operation(&spec.document, op);
    for field in fields.named.iter() {
        let ident = field.ident.clone().ok_or("an unnamed field")?;
        if ident == "client" {
            continue;
        }
        let stored = generic_of(&field.ty, "Result")
            .cloned()
            .ok_or_else(|| format!("field `{ident}` of `{builder_name}` is not a `Result`"))?;
        if ident == "body" {
            body = body_of(&stored, progenitor)?;
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
            params.push(setter(ident, api_name, stored, SetterKind::Optional, docs));
        }
    }
    if positional.len() != path_params.len() {
        return Err("progenitor's builder lacks path parameters".into());
    }
    let scope_param = match scope {
        Scope::Client => None,
        Scope::Account | Scope::Zone => Some(positional.remove(0)),
    };
    Ok(Placed {
        spec: operation.clone(),
        method_name,
        scope,
        group,
        name,
        summary: op.summary.clone(),
        description: op.description.clone(),
        scope_param,
        positional,
        params,
        body,
        answer,
        examples,
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

/// The descriptions of `op`'s inline parameters, by snake-case name.
fn parameter_docs<'a>(spec: &'a Spec, op: &'a Operation) -> HashMap<String, String> {
    let mut docs = HashMap::new();
    for parameter in &op.parameters {
        let data = match parameter {
            ReferenceOr::Item(p) => Some(p.parameter_data_ref()),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| spec.document.components.as_ref()?.parameters.get(name))
                .and_then(|p| p.as_item())
                .map(|p| p.parameter_data_ref()),
        };
        if let Some(data) = data
            && let Some(text) = &data.description
        {
            docs.insert(data.name.to_snake_case(), text.clone());
        }
    }
    docs
}

/// The group and method name of `op`, from the spec (see the module docs).
fn placement(
    op: &Operation,
    operation: &OperationRef,
    scope: Scope,
) -> Result<(Vec<String>, String), String> {
    let extension = |key: &str| op.extensions.get(key).and_then(|v| v.as_str());
    let ours = op.extensions.get(TREE_EXTENSION);
    if let Some(value) = ours
        && !value.is_object()
    {
        return Err(format!(
            "`{TREE_EXTENSION}` must be an object with `group` and/or `method`"
        ));
    }
    let ours_key = |key: &str| ours.and_then(|v| v.get(key)).and_then(|v| v.as_str());
    let (fallback_group, fallback_method) = from_path(operation, scope);
    let group = match ours_key("group").or_else(|| extension("x-fern-sdk-group-name")) {
        Some(group) => group
            .split('.')
            .filter(|s| !s.is_empty())
            .map(identifier)
            .collect(),
        None => fallback_group,
    };
    let mut group: Vec<String> = group;
    if let Some(plural) = scope.plural()
        && group.first().is_some_and(|g| g == plural)
    {
        group.remove(0);
    }
    let method = match ours_key("method").or_else(|| extension("x-fern-sdk-method-name")) {
        Some(method) => identifier(method),
        None => fallback_method,
    };
    Ok((group, method))
}

/// The group and method a path gives: the literal segments after the
/// scope, and a name from the HTTP method.
fn from_path(operation: &OperationRef, scope: Scope) -> (Vec<String>, String) {
    let segments: Vec<&str> = operation
        .route
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let rest = match scope {
        Scope::Client => &segments[..],
        Scope::Account | Scope::Zone => &segments[2..],
    };
    let group = rest
        .iter()
        .filter(|s| !is_param(s))
        .map(|s| identifier(s))
        .collect();
    let item = rest.last().is_some_and(|s| is_param(s));
    let method = match operation.method.as_str() {
        "get" if item => "get",
        "get" => "list",
        "post" => "create",
        "put" => "update",
        "patch" => "edit",
        "delete" => "delete",
        other => other,
    };
    (group, method.to_string())
}

/// `name` as a snake-case Rust identifier (a keyword gets a trailing `_`,
/// a leading digit a leading `_`).
fn identifier(name: &str) -> String {
    let mut snake = name.replace(['.', '/'], "_").to_snake_case();
    if snake.is_empty() {
        snake.push('_');
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&snake).is_err() {
        snake.push('_');
    }
    snake
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The body a builder's `body` field holds (`stored`).
fn body_of(stored: &Type, progenitor: &Progenitor) -> Result<Body, String> {
    // `types::builder::X`: a struct body with typify's builder.
    if let Type::Path(path) = stored {
        let names: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if let [t, b, name] = names.as_slice()
            && t == "types"
            && b == "builder"
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
                setters.push((
                    field_ident.clone(),
                    setter(field_ident, api_name, field.ty.clone(), kind, docs),
                ));
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
        );
        bytes.bytes = true;
        return Ok(Body::Whole(Box::new(bytes)));
    }
    Ok(Body::Whole(Box::new(setter(
        ident("body"),
        "body".into(),
        stored.clone(),
        SetterKind::Required,
        doc_attrs("The request body."),
    ))))
}

/// A setter for a value stored as `stored`: `Option<T>` is optional
/// whatever `kind` says.
fn setter(
    name: Ident,
    api_name: String,
    stored: Type,
    kind: SetterKind,
    docs: Vec<syn::Attribute>,
) -> Setter {
    let (value, kind) = match generic_of(&stored, "Option") {
        Some(inner) => (inner.clone(), SetterKind::Optional),
        None if kind == SetterKind::Optional => (stored.clone(), SetterKind::Required),
        None => (stored.clone(), kind),
    };
    Setter {
        name,
        api_name,
        stored,
        value,
        kind,
        docs,
        bytes: false,
    }
}

fn serde_rename(field: &syn::Field) -> Option<String> {
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

fn doc_attrs(text: &str) -> Vec<syn::Attribute> {
    text.trim()
        .lines()
        .map(|line| {
            let line = format!(" {}", line.trim_end());
            syn::parse_quote!(#[doc = #line])
        })
        .collect()
}

/// `T` when `ty` is `wrapper<T, ..>` (by the last path segment).
fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
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

/// A group of the tree: its subgroups and its operations.
#[derive(Default)]
struct Node {
    children: BTreeMap<String, Node>,
    /// Method name → operation index, after collisions are resolved.
    methods: BTreeMap<String, usize>,
}

struct Tree {
    operations: Vec<Placed>,
    roots: BTreeMap<Scope, Node>,
}

impl Tree {
    fn build(operations: Vec<Placed>) -> Result<Tree, Error> {
        // Group the operations by scope and group path.
        let mut by_group: BTreeMap<(Scope, Vec<String>), Vec<usize>> = BTreeMap::new();
        for (index, op) in operations.iter().enumerate() {
            by_group
                .entry((op.scope, op.group.clone()))
                .or_default()
                .push(index);
        }
        let mut roots: BTreeMap<Scope, Node> = BTreeMap::new();
        for scope in [Scope::Account, Scope::Zone, Scope::Client] {
            roots.insert(scope, Node::default());
        }
        for (scope, group) in by_group.keys() {
            let mut node = roots.get_mut(scope).expect("every scope has a root");
            for segment in group {
                node = node.children.entry(segment.clone()).or_default();
            }
        }
        for ((scope, group), indices) in &by_group {
            let mut node = roots.get_mut(scope).expect("every scope has a root");
            for segment in group {
                node = node.children.get_mut(segment).expect("inserted above");
            }
            let mut taken: HashSet<String> = node.children.keys().cloned().collect();
            if group.is_empty() {
                taken.extend(scope.reserved().iter().map(|s| s.to_string()));
            }
            let wanted: Vec<(&str, &str)> = indices
                .iter()
                .map(|&i| (operations[i].name.as_str(), operations[i].spec.id.as_str()))
                .collect();
            for (name, &i) in method_names(&taken, &wanted).into_iter().zip(indices) {
                node.methods.insert(name, i);
            }
        }
        let tree = Tree { operations, roots };
        tree.check_type_names()?;
        Ok(tree)
    }

    /// Two groups whose names read the same in camel case
    /// (`a_b` and `a.b`) would be one type.
    fn check_type_names(&self) -> Result<(), Error> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut clash = None;
        for (scope, node) in &self.roots {
            node.walk(&mut Vec::new(), &mut |path, _| {
                let name = group_type(*scope, path).to_string();
                let shown = format!("{scope:?}:{}", path.join("."));
                if let Some(other) = seen.insert(name.clone(), shown.clone())
                    && other != shown
                {
                    clash.get_or_insert((name, other, shown));
                }
            });
        }
        match clash {
            Some((name, a, b)) => Err(Error::Generate {
                culprit: format!("the groups `{a}` and `{b}`"),
                message: format!(
                    "both would be the type `{name}`; rename one with `{TREE_EXTENSION}`"
                ),
            }),
            None => Ok(()),
        }
    }

    fn tokens(&self) -> TokenStream {
        let mut resources = TokenStream::new();
        let mut client_methods = TokenStream::new();
        for (scope, node) in &self.roots {
            let mut path = Vec::new();
            self.node_tokens(*scope, node, &mut path, &mut resources, &mut client_methods);
        }
        let requests: TokenStream = self.operations.iter().map(request_tokens).collect();
        let examples: Vec<TokenStream> = self.operations.iter().map(example_tokens).collect();
        let account = scope_struct(Scope::Account);
        let zone = scope_struct(Scope::Zone);
        quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #![allow(clippy::all, clippy::pedantic)]

            use crate::Client;

            impl Client {
                /// The operations under `/accounts/{account_id}` for the account
                /// `account_id` (32 hexadecimal characters, as the dashboard's
                /// URL shows it). Nothing is checked or sent until a call's
                /// `send()`.
                pub fn account(&self, account_id: impl Into<String>) -> resources::Account {
                    resources::Account { client: self.clone(), id: account_id.into() }
                }

                /// The operations under `/zones/{zone_id}` for the zone
                /// `zone_id` (32 hexadecimal characters). Nothing is checked or
                /// sent until a call's `send()`.
                pub fn zone(&self, zone_id: impl Into<String>) -> resources::Zone {
                    resources::Zone { client: self.clone(), id: zone_id.into() }
                }

                #client_methods
            }

            /// The groups of the resource tree: `client.account(id)` is an
            /// [`Account`](resources::Account), `client.zone(id)` a
            /// [`Zone`](resources::Zone); their methods lead to the groups
            /// (`AccountDispatchNamespaces`, say), and from there to the
            /// calls in [`requests`].
            pub mod resources {
                use crate::Client;
                use super::requests;

                #account
                #zone
                #resources
            }

            /// One builder per operation of the spec, named after its
            /// `operationId`: set what the operation takes, then `send()`.
            pub mod requests {
                use crate::api::args;
                use crate::{Client, Error, Response};

                #requests
            }

            /// Every operation of the spec, called through the tree with
            /// example arguments from the spec (for contract tests).
            #[cfg(feature = "test-util")]
            #[doc(hidden)]
            pub fn examples(client: &Client) -> ::std::vec::Vec<crate::api::Example> {
                use crate::api::args::example;
                ::std::vec::Vec::from([#(#examples),*])
            }
        }
    }

    fn node_tokens(
        &self,
        scope: Scope,
        node: &Node,
        path: &mut Vec<String>,
        out: &mut TokenStream,
        client_methods: &mut TokenStream,
    ) {
        let this = group_type(scope, path);
        let scoped = scope != Scope::Client;
        let mut methods = TokenStream::new();
        for (name, child) in &node.children {
            path.push(name.clone());
            let child_type = group_type(scope, path);
            let method = ident(name);
            let doc = format!(
                " The `{}` operations{}.",
                path.join("."),
                match scope {
                    Scope::Account => " of the account",
                    Scope::Zone => " of the zone",
                    Scope::Client => "",
                }
            );
            // At the top of `client`, `self` is the `Client` itself, outside
            // the `resources` module.
            let at_client = !scoped && path.len() == 1;
            let (init, child_path) = match (scoped, at_client) {
                (true, _) => (
                    quote!(#child_type { client: self.client.clone(), id: self.id.clone() }),
                    quote!(#child_type),
                ),
                (false, true) => (
                    quote!(resources::#child_type { client: self.clone() }),
                    quote!(resources::#child_type),
                ),
                (false, false) => (
                    quote!(#child_type { client: self.client.clone() }),
                    quote!(#child_type),
                ),
            };
            methods.extend(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #child_path {
                    #init
                }
            });
            self.node_tokens(scope, child, path, out, client_methods);
            path.pop();
        }
        for (name, &index) in &node.methods {
            methods.extend(method_tokens(&self.operations[index], name, scoped));
        }
        if path.is_empty() {
            // The scope itself: `Account`, `Zone` (written by
            // `scope_struct`), or methods on `Client`.
            match scope {
                Scope::Client => {
                    client_methods.extend(methods);
                    return;
                }
                Scope::Account | Scope::Zone if !methods.is_empty() => {
                    out.extend(quote! {
                        impl #this {
                            #methods
                        }
                    });
                    return;
                }
                Scope::Account | Scope::Zone => return,
            }
        }
        let doc = format!(
            " The `{}` group{}: its operations and subgroups.",
            path.join("."),
            match scope {
                Scope::Account => " of an account",
                Scope::Zone => " of a zone",
                Scope::Client => "",
            }
        );
        let fields = if scoped {
            quote!(pub(crate) client: Client, pub(crate) id: String,)
        } else {
            quote!(pub(crate) client: Client,)
        };
        out.extend(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #this {
                #fields
            }

            impl #this {
                #methods
            }
        });
    }
}

/// The method names of one group's operations, given as (wanted name,
/// `operationId`), where `taken` are the names of its subgroups and of
/// methods written by hand: a name two operations want, or one that is
/// taken, is given up by each of them for its `operationId`, so that the
/// names do not depend on the order of the spec.
fn method_names(taken: &HashSet<String>, wanted: &[(&str, &str)]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (name, _) in wanted {
        *counts.entry(name).or_default() += 1;
    }
    let mut given: HashSet<String> = HashSet::new();
    wanted
        .iter()
        .map(|&(name, id)| {
            let mut name = if counts[name] > 1 || taken.contains(name) {
                identifier(id)
            } else {
                name.to_owned()
            };
            while taken.contains(&name) || given.contains(&name) {
                name.push_str("_operation");
            }
            given.insert(name.clone());
            name
        })
        .collect()
}

impl Node {
    fn walk(&self, path: &mut Vec<String>, f: &mut impl FnMut(&[String], &Node)) {
        if !path.is_empty() {
            f(path, self);
        }
        for (name, child) in &self.children {
            path.push(name.clone());
            child.walk(path, f);
            path.pop();
        }
    }
}

fn group_type(scope: Scope, path: &[String]) -> Ident {
    let name: String = path.iter().map(|s| s.to_upper_camel_case()).collect();
    match (scope, name.is_empty()) {
        (Scope::Account, true) => ident("Account"),
        (Scope::Zone, true) => ident("Zone"),
        (Scope::Client, true) => ident("Client"),
        _ => format_ident!("{}{}", scope.prefix(), name),
    }
}

/// `Account` or `Zone`.
fn scope_struct(scope: Scope) -> TokenStream {
    let name = group_type(scope, &[]);
    let (doc, id_doc) = match scope {
        Scope::Account => (
            " An account's operations: `client.account(account_id)`. Cheap to clone.",
            " The account id, as given.",
        ),
        _ => (
            " A zone's operations: `client.zone(zone_id)`. Cheap to clone.",
            " The zone id, as given.",
        ),
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name {
            pub(crate) client: Client,
            pub(crate) id: String,
        }

        impl #name {
            #[doc = #id_doc]
            pub fn id(&self) -> &str {
                &self.id
            }

            /// The client the calls go through.
            pub fn client(&self) -> &Client {
                &self.client
            }
        }
    }
}

fn request_type(op: &Placed) -> Ident {
    ident(&op.method_name.to_upper_camel_case())
}

/// The group method that starts `op`'s builder.
fn method_tokens(op: &Placed, name: &str, scoped: bool) -> TokenStream {
    let method = ident(name);
    let request = request_type(op);
    let doc = format!(
        " {} (`{}`): `{} {}`.",
        op.summary.as_deref().unwrap_or("").trim_end_matches('.'),
        op.spec.id,
        op.spec.method.to_uppercase(),
        op.spec.route
    );
    let see = format!(" See [`{request}`](requests::{request}).");
    let args = op.positional.iter().map(
        |(name, ty)| quote!(#name: impl ::std::convert::TryInto<#ty, Error: ::std::fmt::Display>),
    );
    let names = op.positional.iter().map(|(name, _)| name);
    let scope_arg = scoped.then(|| quote!(self.id.clone(),));
    let client = if scoped || !op.group.is_empty() {
        quote!(self.client.clone())
    } else {
        quote!(self.clone())
    };
    let requests = if !scoped && op.group.is_empty() {
        quote!(crate::api::generated::requests)
    } else {
        quote!(requests)
    };
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #see]
        pub fn #method(&self, #(#args),*) -> #requests::#request {
            #requests::#request::new(#client, #scope_arg #(#names),*)
        }
    }
}

/// `op`'s builder.
fn request_tokens(op: &Placed) -> TokenStream {
    let request = request_type(op);
    let method_name = ident(&op.method_name);
    let mut doc = vec![format!(
        " {} (`{}`): `{} {}`.",
        op.summary.as_deref().unwrap_or("").trim_end_matches('.'),
        op.spec.id,
        op.spec.method.to_uppercase(),
        op.spec.route
    )];
    if let Some(description) = &op.description {
        doc.push(String::new());
        doc.extend(
            description
                .trim()
                .lines()
                .map(|l| format!(" {}", l.trim_end())),
        );
    }
    let mut fields = TokenStream::new();
    let mut init = TokenStream::new();
    let mut new_args = TokenStream::new();
    let mut calls = TokenStream::new();
    let mut setters = TokenStream::new();
    let mut unpack = TokenStream::new();

    // Path parameters: the scope's, then the positional ones.
    let mut path_params: Vec<(&Ident, &Type, bool)> = Vec::new();
    if let Some((scope, ty)) = &op.scope_param {
        path_params.push((scope, ty, true));
    }
    for (name, ty) in &op.positional {
        path_params.push((name, ty, false));
    }
    for &(name, ty, is_scope) in &path_params {
        let api = name.to_string();
        if is_scope {
            // The scope's id, a `String` in the group, converted when sent.
            fields.extend(quote!(#name: String,));
            new_args.extend(quote!(#name: String,));
            init.extend(quote!(#name,));
            unpack.extend(quote! {
                let #name: ::std::result::Result<#ty, String> = args::convert(#api, self.#name);
            });
        } else {
            fields.extend(quote!(#name: ::std::result::Result<#ty, String>,));
            new_args.extend(
                quote!(#name: impl ::std::convert::TryInto<#ty, Error: ::std::fmt::Display>,),
            );
            init.extend(quote!(#name: args::convert(#api, #name),));
            unpack.extend(quote!(let #name = self.#name;));
        }
        calls.extend(quote!(.#name(args::checked(#name)?)));
    }
    let mut taken: BTreeSet<String> = ["send", "new"].into_iter().map(String::from).collect();
    let mut body_literal = None;
    let mut all_setters: Vec<&Setter> = op.params.iter().collect();
    match &op.body {
        Body::None => {}
        Body::Whole(setter) => all_setters.push(&**setter),
        Body::Fields {
            fields: body_fields,
            ..
        } => {
            all_setters.extend(body_fields.iter().map(|(_, s)| s));
        }
    }
    let mut setter_names: HashMap<*const Setter, Ident> = HashMap::new();
    for setter in &all_setters {
        let mut name = setter.name.to_string();
        let is_body = !op.params.iter().any(|p| std::ptr::eq(p, *setter));
        if taken.contains(&name) && is_body {
            name = format!("body_{name}");
        }
        while taken.contains(&name) {
            name.push_str("_param");
        }
        taken.insert(name.clone());
        setter_names.insert(
            *setter as *const Setter,
            ident(name.trim_start_matches("r#")),
        );
    }
    for setter in &all_setters {
        let name = &setter_names[&(*setter as *const Setter)];
        let api = &setter.api_name;
        let stored = &setter.stored;
        let value = &setter.value;
        let docs = &setter.docs;
        fields.extend(quote!(#name: ::std::result::Result<#stored, String>,));
        let initial = match setter.kind {
            SetterKind::Optional => quote!(Ok(None)),
            SetterKind::Defaulted => quote!(Ok(::std::default::Default::default())),
            SetterKind::Required => {
                let message = format!("`{api}` is required: set it with `.{name}(..)`");
                quote!(Err(#message.to_string()))
            }
        };
        init.extend(quote!(#name: #initial,));
        let wrap = if setter.kind == SetterKind::Optional {
            quote!(.map(Some))
        } else {
            quote!()
        };
        // A list takes any iterable of items that convert.
        let setter_fn = match generic_of(value, "Vec") {
            _ if setter.bytes => quote! {
                #(#docs)*
                pub fn #name(mut self, value: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    self.#name = Ok(value.into());
                    self
                }
            },
            Some(item) => quote! {
                #(#docs)*
                pub fn #name<V>(mut self, values: impl ::std::iter::IntoIterator<Item = V>) -> Self
                where
                    V: ::std::convert::TryInto<#item, Error: ::std::fmt::Display>,
                {
                    self.#name = values
                        .into_iter()
                        .map(|value| args::convert(#api, value))
                        .collect::<::std::result::Result<#value, String>>()
                        #wrap;
                    self
                }
            },
            None => quote! {
                #(#docs)*
                pub fn #name(mut self, value: impl ::std::convert::TryInto<#value, Error: ::std::fmt::Display>) -> Self {
                    self.#name = args::convert(#api, value)#wrap;
                    self
                }
            },
        };
        setters.extend(setter_fn);
    }
    // progenitor's setter of an optional parameter takes the value itself.
    let mut optional_sets = TokenStream::new();
    for setter in &op.params {
        let name = &setter_names[&(setter as *const Setter)];
        let original = &setter.name;
        if setter.kind == SetterKind::Optional {
            optional_sets.extend(quote! {
                let mut request = request;
                if let Some(value) = args::checked(self.#name)? {
                    request = request.#original(value);
                }
            });
        } else {
            calls.extend(quote!(.#original(args::checked(self.#name)?)));
        }
    }
    match &op.body {
        Body::None => {}
        Body::Whole(setter) => {
            let name = &setter_names[&(&**setter as *const Setter)];
            if setter.bytes {
                calls.extend(quote!(.body(::reqwest::Body::from(args::checked(self.#name)?))));
            } else {
                calls.extend(quote!(.body(args::checked(self.#name)?)));
            }
        }
        Body::Fields {
            ty,
            fields: body_fields,
        } => {
            let values = body_fields.iter().map(|(field, setter)| {
                let name = &setter_names[&(setter as *const Setter)];
                quote!(#field: args::checked(self.#name)?)
            });
            body_literal = Some(quote!(let body = #ty { #(#values),* };));
            calls.extend(quote!(.body(body)));
        }
    }
    let (response, finish) = match &op.answer {
        Answer::Envelope(result) => (
            quote!(#result),
            quote!(crate::Normalize::normalize(call).await),
        ),
        Answer::Raw(ty) => (quote!(#ty), quote!(crate::normalize::send_raw(call).await)),
    };
    let errors = " [`Error::InvalidInput`] when an argument is one the spec refuses \
         (too long, a wrong pattern, a required one unset), naming it; \
         nothing is sent. Otherwise as every call: see [`Error`].";
    quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until `.send().await`"]
        pub struct #request {
            client: Client,
            #fields
        }

        impl #request {
            pub(crate) fn new(client: Client, #new_args) -> Self {
                Self { client, #init }
            }

            #setters

            /// Sends the request and waits for the answer.
            ///
            /// # Errors
            ///
            #[doc = #errors]
            pub async fn send(self) -> ::std::result::Result<Response<#response>, Error> {
                #unpack
                #body_literal
                let request = self
                    .client
                    .generated()
                    .#method_name()
                    #calls;
                #optional_sets
                let call = request.send();
                #finish
            }
        }
    }
}

/// The example call of `op`: every path parameter, required parameter and
/// required body field set from the spec's examples.
fn example_tokens(op: &Placed) -> TokenStream {
    let id = &op.spec.id;
    let request = request_type(op);
    let json = |name: &Ident| -> String {
        let key = name.to_string();
        let key = key.trim_end_matches('_');
        op.examples
            .get(key)
            .cloned()
            .unwrap_or(serde_json::Value::String("example".into()))
            .to_string()
    };
    let scope = op.scope_param.as_ref().map(|(name, _)| {
        let value = json(name);
        quote!(example::<String>(#value)?,)
    });
    let positional = op.positional.iter().map(|(name, ty)| {
        let value = json(name);
        quote!(example::<#ty>(#value)?)
    });
    let mut setters = TokenStream::new();
    let required = op.params.iter().chain(match &op.body {
        Body::Fields { fields, .. } => fields.iter().map(|(_, s)| s).collect::<Vec<_>>(),
        Body::Whole(setter) => vec![&**setter],
        Body::None => Vec::new(),
    });
    for setter in required.filter(|s| s.kind == SetterKind::Required) {
        let name = &setter.name;
        let ty = &setter.value;
        let value = op
            .examples
            .get(&setter.api_name)
            .cloned()
            .unwrap_or(serde_json::Value::String("example".into()))
            .to_string();
        if setter.bytes {
            setters.extend(quote!(let request = request.#name(#value);));
        } else {
            setters.extend(quote!(let request = request.#name(example::<#ty>(#value)?);));
        }
    }
    quote! {
        crate::api::Example::new(#id, {
            let client = client.clone();
            async move {
                let request = requests::#request::new(client, #scope #(#positional),*);
                #setters
                request.send().await.map(|answer| answer.map(drop))
            }
        })
    }
}

/// Qualifies the type paths copied from progenitor's output for the tree's
/// file: `types::X` and `X` (an item of `types`) become
/// `crate::generated::types::X`; `ByteStream` the generated crate's.
struct Qualify<'a> {
    types: &'a HashSet<String>,
}

impl VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        if node.qself.is_none() && node.path.leading_colon.is_none() {
            let first = node.path.segments.first().map(|s| s.ident.to_string());
            match first.as_deref() {
                Some("types") if node.path.segments.len() > 1 => {
                    node.path = prefixed(quote!(crate::generated), &node.path);
                }
                Some("ByteStream") => {
                    node.path = prefixed(quote!(crate::generated), &node.path);
                }
                Some(name) if node.path.segments.len() == 1 && self.types.contains(name) => {
                    node.path = prefixed(quote!(crate::generated::types), &node.path);
                }
                _ => {}
            }
        }
        syn::visit_mut::visit_type_path_mut(self, node);
    }

    /// Struct-literal paths (`types::Body { .. }`) are qualified too.
    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        if node
            .path
            .segments
            .first()
            .is_some_and(|s| s.ident == "types")
        {
            node.path = prefixed(quote!(crate::generated), &node.path);
        }
        syn::visit_mut::visit_expr_struct_mut(self, node);
    }
}

fn prefixed(prefix: TokenStream, path: &syn::Path) -> syn::Path {
    syn::parse_quote!(#prefix::#path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(extensions: serde_json::Value) -> Operation {
        serde_json::from_value(serde_json::json!({
            "responses": {},
            "x-placeholder": null,
        }))
        .map(|mut op: Operation| {
            if let serde_json::Value::Object(map) = extensions {
                op.extensions.extend(map);
            }
            op
        })
        .unwrap()
    }

    fn at(method: &str, route: &str) -> OperationRef {
        OperationRef {
            id: "some-operation".into(),
            method: method.into(),
            route: route.into(),
            file: "openapi/test.yaml".into(),
        }
    }

    fn placed(extensions: serde_json::Value, method: &str, route: &str) -> (Vec<String>, String) {
        let route_ref = at(method, route);
        placement(&operation(extensions), &route_ref, Scope::of(route)).unwrap()
    }

    #[test]
    fn cloudflare_s_names_place_an_operation() {
        let (group, name) = placed(
            serde_json::json!({
                "x-fern-sdk-group-name": "dispatch-namespaces.scripts.tags",
                "x-fern-sdk-method-name": "bulk-delete",
            }),
            "delete",
            "/accounts/{account_id}/workers/dispatch/namespaces/{ns}/scripts/{s}/tags",
        );
        assert_eq!(group, ["dispatch_namespaces", "scripts", "tags"]);
        assert_eq!(name, "bulk_delete");
    }

    #[test]
    fn our_extension_overrides_cloudflare_s_names_one_key_at_a_time() {
        let (group, name) = placed(
            serde_json::json!({
                "x-fern-sdk-group-name": "workers.scripts",
                "x-fern-sdk-method-name": "get",
                "x-rust-tree": { "method": "details" },
            }),
            "get",
            "/accounts/{account_id}/workers/scripts/{s}",
        );
        assert_eq!(
            (group, name.as_str()),
            (vec!["workers".into(), "scripts".into()], "details")
        );
    }

    #[test]
    fn without_names_the_path_places_an_operation() {
        let cases = [
            ("get", "/accounts/{a}/workers/dispatch/namespaces", "list"),
            (
                "get",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "get",
            ),
            (
                "post",
                "/accounts/{a}/workers/dispatch/namespaces",
                "create",
            ),
            (
                "put",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "update",
            ),
            (
                "patch",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "edit",
            ),
            (
                "delete",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "delete",
            ),
        ];
        for (method, route, expected) in cases {
            let (group, name) = placed(serde_json::json!({}), method, route);
            assert_eq!(group, ["workers", "dispatch", "namespaces"], "{route}");
            assert_eq!(name, expected, "{method} {route}");
        }
        let (group, name) = placed(serde_json::json!({}), "get", "/user/tokens/{id}");
        assert_eq!(
            (group, name.as_str()),
            (vec!["user".into(), "tokens".into()], "get")
        );
        let (group, _) = placed(serde_json::json!({}), "get", "/zones/{zone_id}/dns_records");
        assert_eq!(group, ["dns_records"]);
    }

    #[test]
    fn a_group_that_repeats_the_scope_is_dropped() {
        let (group, _) = placed(
            serde_json::json!({ "x-fern-sdk-group-name": "accounts.members" }),
            "get",
            "/accounts/{account_id}/members",
        );
        assert_eq!(group, ["members"]);
    }

    #[test]
    fn scopes_come_from_the_path() {
        assert_eq!(Scope::of("/accounts/{account_id}/x"), Scope::Account);
        assert_eq!(Scope::of("/accounts/{account_identifier}"), Scope::Account);
        assert_eq!(Scope::of("/zones/{zone_id}/dns_records"), Scope::Zone);
        assert_eq!(Scope::of("/accounts"), Scope::Client);
        assert_eq!(Scope::of("/user/tokens"), Scope::Client);
    }

    #[test]
    fn names_are_rust_identifiers() {
        assert_eq!(identifier("dispatch-namespaces"), "dispatch_namespaces");
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("self"), "self_");
        assert_eq!(identifier("0rtt"), "_0rtt");
        assert_eq!(identifier("bulk-delete"), "bulk_delete");
    }

    #[test]
    fn clashing_names_fall_back_to_the_operation_id_whatever_the_order() {
        let taken: HashSet<String> = ["scripts".to_owned()].into();
        let wanted = [
            ("update", "namespace-worker-put-script-tags"),
            ("list", "namespace-worker-get-script-tags"),
            ("update", "namespace-worker-put-script-tag"),
            ("scripts", "namespace-worker-list-scripts"),
        ];
        assert_eq!(
            method_names(&taken, &wanted),
            [
                "namespace_worker_put_script_tags",
                "list",
                "namespace_worker_put_script_tag",
                "namespace_worker_list_scripts",
            ]
        );
        let mut reversed = wanted;
        reversed.reverse();
        let mut names = method_names(&taken, &reversed);
        names.reverse();
        assert_eq!(names, method_names(&taken, &wanted));
    }

    #[test]
    fn a_malformed_extension_is_an_error() {
        let route = at("get", "/accounts/{a}/x");
        let op = operation(serde_json::json!({ "x-rust-tree": "x.y" }));
        assert!(placement(&op, &route, Scope::Account).is_err());
    }
}
