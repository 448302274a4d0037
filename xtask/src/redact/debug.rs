//! The code side of the rule: reads the roles typify carried onto the
//! generated items (see [`roles`](super::roles)), removes their tokens from
//! the docs, and gives each item that holds a secret a `Debug` (and a
//! secret newtype or enum a `Display`) that shows `"<redacted>"` for it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Expr, ExprLit, Fields, Item, Lit, LitStr, Meta};

use super::REDACTED;
use super::roles::{Role, take_roles};

/// What a field (or a newtype's value, or an enum's) must hide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Hide {
    /// All of it.
    Whole,
    /// Every value of its map.
    Values,
    /// The entries of these names of its map.
    Keys(Vec<String>),
}

/// A field of a generated struct.
struct Field {
    ident: syn::Ident,
    /// Its name in the API (serde's).
    api: String,
    hide: Option<Hide>,
    /// The generated types its type names (`Binding` in `Vec<Binding>`).
    refers_to: BTreeSet<String>,
}

/// A generated item of `types`, as far as secrets go.
enum Shape {
    Struct(Vec<Field>),
    /// A newtype or an enum: what of its value to hide, and the types it
    /// refers to.
    Value(Option<Hide>, BTreeSet<String>),
}

/// What the pass found.
#[derive(Debug, Default)]
pub(crate) struct Redactions {
    /// By generated type, the JSON names under which a value of it can
    /// hold a secret (`"*"`: any name of an open map).
    secret_names: BTreeMap<String, BTreeSet<String>>,
    /// By struct of `types`, what each field that holds a secret hides.
    pub(super) fields: BTreeMap<String, BTreeMap<String, Hide>>,
}

/// Gives the items of `types` (and `types::builder`) that hold a secret a
/// redacting `Debug`, and removes the role tokens from every doc of `file`.
pub(crate) fn redact(file: &mut syn::File) -> Redactions {
    let mut shapes = BTreeMap::new();
    if let Some(items) = module_items(&mut file.items, "types") {
        for item in items.iter_mut() {
            if let Some((name, shape)) = shape_of(item) {
                shapes.insert(name, shape);
            }
        }
        let mut impls = Vec::new();
        for item in items.iter_mut() {
            impls.extend(redacted_impls(item, &shapes));
        }
        replace_display(items, &shapes);
        items.extend(impls);
        if let Some(builders) = module_items(items, "builder") {
            let mut impls = Vec::new();
            for item in builders.iter_mut() {
                if let Item::Struct(builder) = item
                    && let Some(Shape::Struct(fields)) = shapes.get(&builder.ident.to_string())
                    && fields.iter().any(|f| f.hide.is_some())
                {
                    remove_derived_debug(&mut builder.attrs);
                    impls.push(struct_debug(&builder.ident, fields));
                }
            }
            builders.extend(impls);
        }
    }
    // A token elsewhere (in a doc progenitor copied): the doc only.
    StripTokens.visit_file_mut(file);
    let fields = shapes
        .iter()
        .filter_map(|(name, shape)| match shape {
            Shape::Struct(fields) => {
                let hidden: BTreeMap<String, Hide> = fields
                    .iter()
                    .filter_map(|f| Some((f.ident.to_string(), f.hide.clone()?)))
                    .collect();
                (!hidden.is_empty()).then(|| (name.clone(), hidden))
            }
            Shape::Value(..) => None,
        })
        .collect();
    Redactions {
        secret_names: secret_names(&shapes),
        fields,
    }
}

/// Adds `const SECRET_FIELDS` to each `impl Envelope` of `file` whose
/// type can hold a secret, naming where: the names its own type holds
/// one under, and those of `echoes` (by envelope type: see
/// [`echoed_secrets`]).
pub(crate) fn with_secret_fields(
    file: &mut syn::File,
    redactions: &Redactions,
    echoes: &BTreeMap<String, BTreeSet<String>>,
) {
    let mut names = redactions.secret_names.clone();
    for (envelope, echoed) in echoes {
        names
            .entry(envelope.clone())
            .or_default()
            .extend(echoed.iter().cloned());
    }
    AddConsts(&names).visit_file_mut(file);
}

/// By success envelope type, the names under which the request bodies of
/// its operation's resource hold a secret: an answer that echoes what was
/// sent (a secret's `text`, which the API is never to answer) is then
/// scrubbed from an error that quotes it as well. A resource is the
/// operations of one path, and of that path with its last `{parameter}`
/// segment (`.../secrets` and `.../secrets/{secret_name}`), so that a
/// `GET` of one secret is scrubbed of what its `PUT` sends. `operations`
/// are (route, builder type name) pairs.
pub(crate) fn echoed_secrets(
    file: &syn::File,
    redactions: &Redactions,
    operations: &[(String, String)],
    success_types: &std::collections::HashMap<String, String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let bodies = body_types(file);
    let resource = |route: &str| -> String {
        match route.rsplit_once('/') {
            Some((parent, last)) if last.starts_with('{') && last.ends_with('}') => {
                parent.to_owned()
            }
            _ => route.to_owned(),
        }
    };
    let mut sent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (route, builder) in operations {
        if let Some(names) = bodies
            .get(builder)
            .and_then(|body| redactions.secret_names.get(body))
        {
            sent.entry(resource(route))
                .or_default()
                .extend(names.iter().cloned());
        }
    }
    let mut echoes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (route, builder) in operations {
        if let (Some(names), Some(envelope)) =
            (sent.get(&resource(route)), success_types.get(builder))
        {
            echoes
                .entry(envelope.clone())
                .or_default()
                .extend(names.iter().cloned());
        }
    }
    echoes
}

/// progenitor's builders (top-level `builder` module) by name, with the
/// type of their JSON `body` (`Result<types::builder::X, String>` or
/// `Result<types::X, String>`: `X`).
fn body_types(file: &syn::File) -> std::collections::HashMap<String, String> {
    let mut bodies = std::collections::HashMap::new();
    let builders = file.items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == "builder" => {
            module.content.as_ref().map(|(_, items)| items)
        }
        _ => None,
    });
    for item in builders.into_iter().flatten() {
        let Item::Struct(builder) = item else {
            continue;
        };
        for field in &builder.fields {
            if field.ident.as_ref().is_some_and(|name| name == "body")
                && let Some(body) = crate::generate::syntax::generic_of(&field.ty, "Result")
                    .and_then(crate::generate::syntax::last_ident)
            {
                bodies.insert(builder.ident.to_string(), body.to_string());
            }
        }
    }
    bodies
}

struct AddConsts<'a>(&'a BTreeMap<String, BTreeSet<String>>);

impl VisitMut for AddConsts<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let is_envelope = item
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .is_some_and(|segment| segment.ident == "Envelope");
        let name = crate::generate::syntax::last_ident(&item.self_ty).map(ToString::to_string);
        if let (true, Some(names)) = (is_envelope, name.and_then(|name| self.0.get(&name)))
            && !names.is_empty()
        {
            let names = names.iter();
            // After `type Result`, as the trait declares them.
            let at = item.items.len().min(1);
            item.items.insert(
                at,
                syn::parse_quote! {
                    const SECRET_FIELDS: &'static [&'static str] = &[#(#names),*];
                },
            );
        }
    }
}

/// The items of the module `name` among `items`.
fn module_items<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|item| match item {
        Item::Mod(module) if module.ident == name => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}

/// What `item` hides, from the roles in its docs (removed from them).
fn shape_of(item: &mut Item) -> Option<(String, Shape)> {
    match item {
        Item::Struct(item) => {
            let name = item.ident.to_string();
            let own = strongest(take_doc_roles(&mut item.attrs, Some(&name)));
            let shape = match &mut item.fields {
                Fields::Named(fields) => Shape::Struct(
                    fields
                        .named
                        .iter_mut()
                        .map(|field| field_of(field, own.as_ref()))
                        .collect(),
                ),
                Fields::Unnamed(fields) => {
                    let refers_to = fields
                        .unnamed
                        .iter()
                        .flat_map(|f| types_in(&f.ty))
                        .collect();
                    let hide = own.map(|role| match (role, fields.unnamed.first()) {
                        (Role::Values, Some(inner)) if is_map(&inner.ty) => Hide::Values,
                        (Role::Keys(names), Some(inner)) if is_map(&inner.ty) => Hide::Keys(names),
                        _ => Hide::Whole,
                    });
                    Shape::Value(hide, refers_to)
                }
                Fields::Unit => Shape::Value(None, BTreeSet::new()),
            };
            Some((name, shape))
        }
        Item::Enum(item) => {
            let name = item.ident.to_string();
            let mut found = !take_doc_roles(&mut item.attrs, Some(&name)).is_empty();
            let mut refers_to = BTreeSet::new();
            for variant in &mut item.variants {
                found |= !take_doc_roles(&mut variant.attrs, None).is_empty();
                for field in &mut variant.fields {
                    found |= !take_doc_roles(&mut field.attrs, None).is_empty();
                    refers_to.extend(types_in(&field.ty));
                }
            }
            Some((name, Shape::Value(found.then_some(Hide::Whole), refers_to)))
        }
        _ => None,
    }
}

fn field_of(field: &mut syn::Field, own: Option<&Role>) -> Field {
    let ident = field.ident.clone().expect("a named field");
    let role = strongest(take_doc_roles(&mut field.attrs, None));
    let map = is_map(&field.ty);
    let hide = match (own, role) {
        // A secret object: all of it.
        (Some(Role::Value), _) | (_, Some(Role::Value)) => Some(Hide::Whole),
        (_, Some(Role::Values)) if map => Some(Hide::Values),
        (_, Some(Role::Keys(names))) if map => Some(Hide::Keys(names)),
        // The struct's open map, typify's `#[serde(flatten)] extra`.
        (Some(Role::Values), _) if map && is_flattened(field) => Some(Hide::Values),
        (Some(Role::Keys(names)), _) if map && is_flattened(field) => {
            Some(Hide::Keys(names.clone()))
        }
        _ => None,
    };
    let api = crate::generate::syntax::serde_rename(field).unwrap_or_else(|| {
        if is_flattened(field) {
            return "*".to_owned();
        }
        ident
            .to_string()
            .trim_start_matches("r#")
            .trim_end_matches('_')
            .to_owned()
    });
    Field {
        ident,
        api,
        hide,
        refers_to: types_in(&field.ty),
    }
}

/// The `Debug` impl of a struct with secret fields, and a secret newtype's
/// or enum's.
fn redacted_impls(item: &mut Item, shapes: &BTreeMap<String, Shape>) -> Option<Item> {
    match item {
        Item::Struct(item) => match shapes.get(&item.ident.to_string())? {
            Shape::Struct(fields) if fields.iter().any(|f| f.hide.is_some()) => {
                remove_derived_debug(&mut item.attrs);
                Some(struct_debug(&item.ident, fields))
            }
            Shape::Value(Some(hide), _) => {
                remove_derived_debug(&mut item.attrs);
                let ident = &item.ident;
                let label = ident.to_string();
                let value = hidden(hide, &quote!(self.0), &quote!(crate::redact));
                let doc = format!(" Shows {} as `{REDACTED}`: the spec marks it secret.", {
                    match hide {
                        Hide::Whole => "the value".to_owned(),
                        other => described(other, "the map"),
                    }
                });
                Some(syn::parse_quote! {
                    #[doc = #doc]
                    impl ::std::fmt::Debug for #ident {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.debug_tuple(#label).field(#value).finish()
                        }
                    }
                })
            }
            _ => None,
        },
        Item::Enum(item) => match shapes.get(&item.ident.to_string())? {
            Shape::Value(Some(_), _) => {
                remove_derived_debug(&mut item.attrs);
                let ident = &item.ident;
                let arms = item.variants.iter().map(|variant| {
                    let name = &variant.ident;
                    let label = name.to_string();
                    match variant.fields {
                        Fields::Unit => quote!(Self::#name => f.write_str(#label),),
                        _ => quote! {
                            Self::#name { .. } => f.debug_tuple(#label).field(&#REDACTED).finish(),
                        },
                    }
                });
                let doc = format!(" Shows the value as `{REDACTED}`: the spec marks it secret.");
                Some(syn::parse_quote! {
                    #[doc = #doc]
                    impl ::std::fmt::Debug for #ident {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            match self { #(#arms)* }
                        }
                    }
                })
            }
            _ => None,
        },
        _ => None,
    }
}

/// `impl Debug` for a struct (or its typify builder, whose fields have
/// the same names) that shows the secret parts of `fields` as
/// `"<redacted>"`.
fn struct_debug(ident: &syn::Ident, fields: &[Field]) -> Item {
    let fields: Vec<(syn::Ident, Option<Hide>)> = fields
        .iter()
        .map(|field| (field.ident.clone(), field.hide.clone()))
        .collect();
    debug_impl(ident, &fields, &quote!(crate::redact))
}

/// `impl Debug` for the struct `ident` with `fields`, showing what each
/// hides as `"<redacted>"`; `redact` is the path of the generated crate's
/// `redact` module where the impl is.
pub(super) fn debug_impl(
    ident: &syn::Ident,
    fields: &[(syn::Ident, Option<Hide>)],
    redact: &TokenStream,
) -> Item {
    let label = ident.to_string();
    let shown = fields.iter().map(|(field, hide)| {
        let label = field.to_string().trim_start_matches("r#").to_owned();
        let value = match hide {
            Some(hide) => hidden(hide, &quote!(self.#field), redact),
            None => quote!(&self.#field),
        };
        quote!(.field(#label, #value))
    });
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(field, hide)| {
            let name = field.to_string().trim_start_matches("r#").to_owned();
            hide.as_ref().map(|hide| match hide {
                Hide::Whole => format!("`{name}`"),
                other => described(other, &format!("`{name}`")),
            })
        })
        .collect();
    let one = matches!(
        fields
            .iter()
            .filter_map(|(_, hide)| hide.as_ref())
            .collect::<Vec<_>>()[..],
        [Hide::Whole]
    );
    let doc = format!(
        " Shows {} as `{REDACTED}`: the spec marks {} secret.",
        parts.join(", "),
        if one { "it" } else { "them" }
    );
    syn::parse_quote! {
        #[doc = #doc]
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#shown)* .finish()
            }
        }
    }
}

/// How the `Debug` impl shows `value` (an expression of a field).
fn hidden(hide: &Hide, value: &TokenStream, redact: &TokenStream) -> TokenStream {
    match hide {
        Hide::Whole => quote!(&#REDACTED),
        Hide::Values => quote!(&#redact::values(&#value)),
        Hide::Keys(names) => quote!(&#redact::keys(&#value, &[#(#names),*])),
    }
}

/// "every value of `m`", "`m`'s `a` and `b`".
fn described(hide: &Hide, map: &str) -> String {
    match hide {
        Hide::Whole => map.to_owned(),
        Hide::Values => format!("every value of {map}"),
        Hide::Keys(names) => {
            let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            format!("the values of {map}'s {} entries", names.join(", "))
        }
    }
}

/// typify's `Display` of a secret newtype or enum (its value, as it is)
/// becomes `"<redacted>"`. No parameter has a secret type (see
/// `roles::check_parameters`), so no `Display` here is how a value is sent.
fn replace_display(items: &mut [Item], shapes: &BTreeMap<String, Shape>) {
    for item in items {
        let Item::Impl(display) = item else { continue };
        let is_display = display
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .is_some_and(|segment| segment.ident == "Display");
        let Some(name) =
            crate::generate::syntax::last_ident(&display.self_ty).map(ToString::to_string)
        else {
            continue;
        };
        if is_display && matches!(shapes.get(&name), Some(Shape::Value(Some(_), _))) {
            let ident = format_ident!("{name}");
            let doc = format!(" Shows `{REDACTED}`: the spec marks the value secret.");
            *item = syn::parse_quote! {
                #[doc = #doc]
                impl ::std::fmt::Display for #ident {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#REDACTED)
                    }
                }
            };
        }
    }
}

/// By type, the JSON names under which its values can hold a secret: its
/// own secret fields, and those of the types it holds.
fn secret_names(shapes: &BTreeMap<String, Shape>) -> BTreeMap<String, BTreeSet<String>> {
    fn of(
        name: &str,
        shapes: &BTreeMap<String, Shape>,
        seen: &mut BTreeSet<String>,
        found: &mut BTreeSet<String>,
    ) {
        if !seen.insert(name.to_owned()) {
            return;
        }
        let referred = |field_refers: &BTreeSet<String>| {
            field_refers
                .iter()
                .any(|t| matches!(shapes.get(t), Some(Shape::Value(Some(_), _))))
        };
        match shapes.get(name) {
            Some(Shape::Struct(fields)) => {
                for field in fields {
                    match &field.hide {
                        Some(Hide::Keys(names)) => found.extend(names.iter().cloned()),
                        Some(_) => {
                            found.insert(field.api.clone());
                        }
                        None if referred(&field.refers_to) => {
                            found.insert(field.api.clone());
                        }
                        None => {
                            for inner in &field.refers_to {
                                of(inner, shapes, seen, found);
                            }
                        }
                    }
                }
            }
            Some(Shape::Value(None, refers_to)) => {
                for inner in refers_to {
                    of(inner, shapes, seen, found);
                }
            }
            Some(Shape::Value(Some(_), _)) | None => {}
        }
    }
    shapes
        .keys()
        .map(|name| {
            let mut found = BTreeSet::new();
            of(name, shapes, &mut BTreeSet::new(), &mut found);
            (name.clone(), found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect()
}

/// The strongest of `roles`: all of a value, every value of a map, some
/// entries.
fn strongest(roles: Vec<Role>) -> Option<Role> {
    let rank = |role: &Role| match role {
        Role::Value => 0,
        Role::Values => 1,
        Role::Keys(_) => 2,
    };
    roles.into_iter().min_by_key(rank)
}

/// The roles in the doc attributes of an item, removed from them. A doc
/// left empty goes, or becomes typify's stand-in for a missing description
/// (`` `Name` ``) when `item` names the item.
fn take_doc_roles(attrs: &mut Vec<Attribute>, item: Option<&str>) -> Vec<Role> {
    let mut found = Vec::new();
    attrs.retain_mut(|attr| {
        let Some(text) = doc_text(attr) else {
            return true;
        };
        let (rest, roles) = take_roles(&text);
        if roles.is_empty() {
            return true;
        }
        found.extend(roles);
        let rest = match (rest.is_empty(), item) {
            (false, _) => rest,
            (true, Some(name)) => format!("`{name}`"),
            (true, None) => return false,
        };
        *attr = syn::parse_quote!(#[doc = #rest]);
        true
    });
    found
}

fn doc_text(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        Meta::NameValue(meta) if meta.path.is_ident("doc") => match &meta.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        },
        _ => None,
    }
}

/// Removes role tokens from any doc of the file.
struct StripTokens;

impl VisitMut for StripTokens {
    fn visit_attribute_mut(&mut self, attr: &mut Attribute) {
        if let Some(text) = doc_text(attr) {
            let (rest, roles) = take_roles(&text);
            if !roles.is_empty() {
                let rest = LitStr::new(&rest, proc_macro2::Span::call_site());
                *attr = syn::parse_quote!(#[doc = #rest]);
            }
        }
    }
}

/// Whether `ty` is a map (in an `Option` or `Box`).
fn is_map(ty: &syn::Type) -> bool {
    let ty = crate::generate::syntax::generic_of(ty, "Option").unwrap_or(ty);
    let ty = crate::generate::syntax::generic_of(ty, "Box").unwrap_or(ty);
    crate::generate::syntax::last_ident(ty)
        .is_some_and(|ident| matches!(ident.to_string().as_str(), "HashMap" | "BTreeMap" | "Map"))
}

fn is_flattened(field: &syn::Field) -> bool {
    field.attrs.iter().any(|attr| {
        attr.path().is_ident("serde") && {
            let mut flatten = false;
            let _ = attr.parse_nested_meta(|meta| {
                flatten |= meta.path.is_ident("flatten");
                if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            flatten
        }
    })
}

/// The names of the path segments in `ty` (candidates for generated
/// types: `Vec<Binding>` gives `Vec` and `Binding`).
fn types_in(ty: &syn::Type) -> BTreeSet<String> {
    struct Names(BTreeSet<String>);
    impl Visit<'_> for Names {
        fn visit_path_segment(&mut self, segment: &syn::PathSegment) {
            self.0.insert(segment.ident.to_string());
            syn::visit::visit_path_segment(self, segment);
        }
    }
    let mut names = Names(BTreeSet::new());
    names.visit_type(ty);
    names.0
}

/// `#[derive(.., Debug, ..)]` without `Debug`.
pub(super) fn remove_derived_debug(attrs: &mut [Attribute]) {
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
