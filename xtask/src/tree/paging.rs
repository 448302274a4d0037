//! How a list operation's builder walks its pages: the [`Shape`] regen
//! infers from its query parameters and its answer, and the runtime's
//! `paging::Paged` for its builder ([`paged_tokens`]), which gives it
//! `.pages()` and `.items()`.
//!
//! The rules, in order (`docs/pagination.md` gives what they make of every
//! operation):
//! 1. only a `GET` whose answer is a Cloudflare envelope, whose `result`
//!    holds the items: a list (or typify's newtype of one), or an object
//!    with exactly one list field (`{"reports": [..]}`);
//! 2. a `page` parameter: [`Shape::Page`] (with `cursor` too, as the
//!    TypeScript SDK reads such lists);
//! 3. else a `cursor` parameter: [`Shape::CursorsAfter`] when the answer's
//!    `result_info` declares `cursors` and no `cursor`, else
//!    [`Shape::Cursor`];
//! 4. else an `offset` parameter: [`Shape::Offset`];
//! 5. else none.
//!
//! An exception in `openapi/pagination-exceptions.tsv` decides instead,
//! with its reason.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::{Fields, Ident, Type};

use super::read::{Answer, Placed, Progenitor, Setter, newtype_field, number_kind};
use crate::generate::envelope::property_schemas;
use crate::generate::syntax::{generic_of, last_ident};
use crate::normalize::properties_of;
use crate::paging::Shape;
use crate::spec::Spec;
use crate::spec::refs::resolve;

/// How a placed operation's builder walks its pages.
pub(super) struct Paging {
    pub(super) shape: Shape,
    /// The query parameter that moves the walk (`page`, `cursor`,
    /// `offset`), by its setter's API name.
    pub(super) parameter: String,
    /// Where the items are in `result`.
    pub(super) items: Items,
}

/// Where a page's items are in its `result`.
pub(super) enum Items {
    /// `result` is the list: `Vec<item>`.
    Result(Type),
    /// `result` is a newtype of the list (typify's `InfraTargetArray(Vec<InfraTarget>)`
    /// for an array schema of its own).
    Newtype(Type),
    /// A field of `result` (`reports`), `Option<Vec<item>>` when optional.
    Field {
        field: Ident,
        item: Type,
        optional: bool,
    },
}

/// What the report says of a `GET` operation's paging (plain data: it
/// crosses threads with [`super::Named`]).
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// What the rules infer.
    pub(crate) inferred: Shape,
    /// What the builder walks: an exception's, or the inferred.
    pub(crate) shape: Shape,
    /// Where the items are: `result`, `result.reports`; empty for none.
    pub(crate) items: String,
}

/// `op`'s paging (`None` for a `GET` that is not walked), and its row of
/// the report (`None` for any other method).
pub(super) fn infer(
    spec: &Spec,
    op: &Placed,
    progenitor: &Progenitor,
) -> Result<(Option<Paging>, Option<Row>), String> {
    if op.spec.method != "get" {
        return Ok((None, None));
    }
    let items = items_of(&op.answer, progenitor);
    let has = |name: &str| setter(op, name).is_some();
    let inferred = match &items {
        None => Shape::None,
        Some(_) if has("page") => Shape::Page,
        Some(_) if has("cursor") => match cursors_after(spec, op) {
            true => Shape::CursorsAfter,
            false => Shape::Cursor,
        },
        Some(_) if has("offset") => Shape::Offset,
        Some(_) => Shape::None,
    };
    let exception = spec.paging_exceptions.get(&op.spec.id);
    let shape = exception.map_or(inferred, |exception| exception.shape);
    let parameter = match shape {
        Shape::Page => "page",
        Shape::Cursor | Shape::CursorsAfter => "cursor",
        Shape::Offset => "offset",
        Shape::None => "",
    };
    let paging = match (shape, items) {
        (Shape::None, _) => None,
        (_, None) => {
            return Err(format!(
                "`{}` says `{}`, but its answer's `result` holds no list",
                crate::paging::EXCEPTIONS_FILE,
                shape.name()
            ));
        }
        (_, Some(items)) => {
            let setter = setter(op, parameter).ok_or_else(|| {
                format!(
                    "it is walked by `{}`, but has no `{parameter}` parameter",
                    shape.name()
                )
            })?;
            // A number for `page` and `offset`; text for `cursor`: a
            // `String`, or typify's newtype of one (a constrained string),
            // which the setter takes a `String` into.
            let numeric = setter.number.is_some() || number_kind(&setter.value).is_some();
            let text = |ty: &Type| last_ident(ty).is_some_and(|name| name == "String");
            let textual =
                text(&setter.value) || newtype_field(&setter.value, progenitor).is_some_and(text);
            let fits = if parameter == "cursor" {
                textual
            } else {
                numeric
            };
            if !fits || setter.list.is_some() || setter.bytes {
                return Err(format!(
                    "its `{parameter}` parameter is not a {} (walked by `{}`)",
                    if parameter == "cursor" {
                        "text"
                    } else {
                        "number"
                    },
                    shape.name()
                ));
            }
            Some(Paging {
                shape,
                parameter: parameter.to_owned(),
                items,
            })
        }
    };
    let items = match &paging {
        Some(Paging {
            items: Items::Field { field, .. },
            ..
        }) => format!("result.{field}"),
        Some(Paging {
            items: Items::Newtype(_),
            ..
        }) => "result.0".to_owned(),
        Some(_) => "result".to_owned(),
        None => String::new(),
    };
    Ok((
        paging,
        Some(Row {
            inferred,
            shape,
            items,
        }),
    ))
}

/// The setter of `op`'s query parameter `name`.
fn setter<'a>(op: &'a Placed, name: &str) -> Option<&'a Setter> {
    op.params.iter().find(|setter| setter.api_name == name)
}

/// Where the items of an answer are: its `result` when it is a list, or
/// the one list field of its `result` object.
fn items_of(answer: &Answer, progenitor: &Progenitor) -> Option<Items> {
    let Answer::Envelope(result) = answer else {
        return None;
    };
    if let Some(item) = generic_of(result, "Vec") {
        return Some(Items::Result(item.clone()));
    }
    let name = last_ident(result)?.to_string();
    let fields = match &progenitor.struct_named(&name)?.fields {
        Fields::Named(fields) => fields,
        Fields::Unnamed(fields) => {
            let [field] = &fields.unnamed.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let public = matches!(field.vis, syn::Visibility::Public(_));
            let item = generic_of(&field.ty, "Vec").filter(|_| public)?;
            return Some(Items::Newtype(item.clone()));
        }
        Fields::Unit => return None,
    };
    let mut lists = fields.named.iter().filter_map(|field| {
        let (ty, optional) = match generic_of(&field.ty, "Option") {
            Some(inner) => (inner, true),
            None => (&field.ty, false),
        };
        let item = generic_of(ty, "Vec")?;
        Some(Items::Field {
            field: field.ident.clone()?,
            item: item.clone(),
            optional,
        })
    });
    let list = lists.next()?;
    lists.next().is_none().then_some(list)
}

/// Whether the answer's `result_info` declares `cursors` and no `cursor`
/// (the spec as written: `spec.written`).
fn cursors_after(spec: &Spec, op: &Placed) -> bool {
    let document = &*spec.written;
    let Some(responses) = document
        .get("paths")
        .and_then(|paths| paths.get(&op.spec.route))
        .and_then(|item| item.get("get"))
        .and_then(|get| get.get("responses"))
        .and_then(Value::as_object)
    else {
        return false;
    };
    let Some(schema) = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .find_map(|(_, response)| {
            resolve(document, response)
                .get("content")?
                .get("application/json")?
                .get("schema")
        })
    else {
        return false;
    };
    let mut infos = Vec::new();
    property_schemas(document, schema, "result_info", &mut infos, 0);
    let names: BTreeSet<String> = infos
        .into_iter()
        .flat_map(|info| properties_of(document, info, 0))
        .collect();
    names.contains("cursors") && !names.contains("cursor")
}

/// The builder's `.pages()` and `.items()`, and its `Paged`: `request` is
/// the builder, `response` its `result`, `setters` its setters' names by
/// API name.
pub(super) fn paged_tokens(
    paging: &Paging,
    request: &Ident,
    response: &TokenStream,
    setters: &HashMap<String, Ident>,
) -> Result<TokenStream, String> {
    let setter = setters
        .get(&paging.parameter)
        .ok_or_else(|| format!("no setter for `{}`", paging.parameter))?;
    let runtime = quote!(::cloudflare_api_runtime::paging);
    let (variant, start, at) = match paging.shape {
        Shape::Page => (
            quote!(Page),
            quote!(args::set_number(&self.#setter).map(#runtime::At::Page)),
            quote!(#runtime::At::Page(page) => self.#setter(page)),
        ),
        Shape::Cursor | Shape::CursorsAfter => (
            if paging.shape == Shape::Cursor {
                quote!(Cursor)
            } else {
                quote!(CursorsAfter)
            },
            quote!(args::set_text(&self.#setter).map(#runtime::At::Cursor)),
            quote!(#runtime::At::Cursor(cursor) => self.#setter(cursor)),
        ),
        Shape::Offset => (
            quote!(Offset),
            quote!(args::set_number(&self.#setter).map(#runtime::At::Offset)),
            quote!(#runtime::At::Offset(offset) => self.#setter(offset)),
        ),
        Shape::None => return Err("a list of one page has no walk".into()),
    };
    let (item, count, into_items) = match &paging.items {
        Items::Result(item) => (item, quote!(result.len()), quote!(result)),
        Items::Newtype(item) => (item, quote!(result.0.len()), quote!(result.0)),
        Items::Field {
            field,
            item,
            optional: false,
        } => (item, quote!(result.#field.len()), quote!(result.#field)),
        Items::Field {
            field,
            item,
            optional: true,
        } => (
            item,
            quote!(result.#field.as_ref().map_or(0, ::std::vec::Vec::len)),
            quote!(result.#field.unwrap_or_default()),
        ),
    };
    let how = format!(
        " Walked by its `{}` parameter: see [`Pages`](::cloudflare_api_runtime::paging::Pages) \
         for when the walk ends.",
        paging.parameter,
    );
    Ok(quote! {
        impl #request {
            /// Every page of the list, from the one this request asks for:
            /// a stream of each page's [`Response`], one request at a time.
            /// A page that fails ends it with its [`Error`].
            ///
            #[doc = #how]
            pub fn pages(self) -> #runtime::Pages<Self> {
                #runtime::Pages::new(self)
            }

            /// Every item of every page of the list, from the page this
            /// request asks for: a stream, which [`pages`](Self::pages)
            /// reads one page at a time. A page that fails ends it with its
            /// [`Error`], after the items of the pages before.
            pub fn items(self) -> #runtime::Items<Self> {
                #runtime::Items::new(self)
            }
        }

        impl #runtime::Paged for #request {
            type Result = #response;
            type Item = #item;
            const PAGING: #runtime::Paging = #runtime::Paging::#variant;

            fn start(&self) -> ::std::option::Option<#runtime::At> {
                #start
            }

            fn at(self, at: #runtime::At) -> Self {
                match at {
                    #at,
                    _ => self,
                }
            }

            fn send_page(self) -> #runtime::PageFuture<Self::Result> {
                ::std::boxed::Box::pin(self.send())
            }

            fn count(result: &Self::Result) -> usize {
                #count
            }

            fn into_items(result: Self::Result) -> ::std::vec::Vec<Self::Item> {
                #into_items
            }
        }
    })
}
