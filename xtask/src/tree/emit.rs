//! The tokens of each operation: the group method that starts its builder,
//! the builder (in `requests`) and its example call; also the group type
//! names, the `Account` and `Zone` structs, and the qualifying of the type
//! paths copied from progenitor's output ([`Qualify`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Ident, Type};

use super::ident;
use super::place::Scope;
use super::read::{
    Answer, Body, FormSetter, ListOf, NumberKind, Placed, Setter, SetterKind, number_kind,
};
use crate::normalize::multipart::PartKind;

pub(super) fn group_type(scope: Scope, path: &[String]) -> Ident {
    let name: String = path.iter().map(|s| s.to_upper_camel_case()).collect();
    match (scope, name.is_empty()) {
        (Scope::Account, true) => ident("Account"),
        (Scope::Zone, true) => ident("Zone"),
        (Scope::Client, true) => ident("Client"),
        _ => format_ident!("{}{}", scope.prefix(), name),
    }
}

/// `Account` or `Zone`.
pub(super) fn scope_struct(scope: Scope) -> TokenStream {
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
            pub(crate) client: ::cloudflare_api_runtime::Client,
            pub(crate) id: ::std::sync::Arc<str>,
        }

        impl #name {
            #[doc = #id_doc]
            pub fn id(&self) -> &str {
                &self.id
            }

            /// The client the calls go through.
            pub fn client(&self) -> &::cloudflare_api_runtime::Client {
                &self.client
            }
        }
    }
}

fn request_type(op: &Placed) -> Ident {
    ident(&op.method_name.to_upper_camel_case())
}

/// The group method that starts `op`'s builder.
pub(super) fn method_tokens(
    op: &Placed,
    name: &str,
    scope: Scope,
    requests: &TokenStream,
) -> TokenStream {
    let scoped = scope != Scope::Client;
    let method = ident(name);
    let request = request_type(op);
    let doc = format!(
        " {} (`{}`): `{} {}`.",
        op.summary.as_deref().unwrap_or("").trim_end_matches('.'),
        op.spec.id,
        op.spec.method.to_uppercase(),
        op.spec.route
    );
    let see = format!(
        " See [`{request}`]({}::{request}).",
        requests.to_string().replace(' ', "")
    );
    let args = op.positional.iter().map(|(name, ty)| {
        let bound = bound(op.number_newtypes.get(&name.to_string()).unwrap_or(ty));
        quote!(#name: impl #bound)
    });
    let names = op.positional.iter().map(|(name, _)| name);
    // Under either scope, `{accounts_or_zones}` is this scope's.
    let either = op
        .either_param
        .as_ref()
        .and_then(|_| scope.either_value())
        .map(|value| quote!(#value,));
    let scope_arg = scoped.then(|| quote!(#either self.id.clone(),));
    let client = if scoped || !op.group.is_empty() {
        quote!(self.client.clone())
    } else {
        quote!(self.runtime().clone())
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

/// `op`'s builder; an error when `op` has an argument of the generated
/// method that the builder gives no value.
pub(super) fn request_tokens(op: &Placed) -> Result<TokenStream, String> {
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
    for (parameter, flag) in &op.url_encoded {
        doc.push(String::new());
        doc.push(format!(
            " `{parameter}` is sent as JavaScript's `encodeURIComponent` writes it, \
             with `{flag}=true`, as wrangler sends it: the API then decodes it, so \
             any name works, `/` and `@` included."
        ));
    }
    let mut fields = TokenStream::new();
    let mut init = TokenStream::new();
    let mut new_args = TokenStream::new();
    // The value of each argument of the generated method, by name.
    let mut values: HashMap<String, TokenStream> = HashMap::new();
    let mut setters = TokenStream::new();
    let mut unpack = TokenStream::new();

    // Path parameters: the scope's, then the positional ones.
    let mut path_params: Vec<(&Ident, &Type, bool)> = Vec::new();
    if let Some((name, ty)) = &op.either_param {
        // `accounts` or `zones`, which the scope gives.
        let api = name.to_string();
        fields.extend(quote!(#name: &'static str,));
        new_args.extend(quote!(#name: &'static str,));
        init.extend(quote!(#name,));
        unpack.extend(quote! {
            let #name: ::std::result::Result<#ty, String> = args::convert(#api, self.#name);
        });
        values.insert(api, quote!(args::checked(#name)?));
    }
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
            fields.extend(quote!(#name: ::std::sync::Arc<str>,));
            new_args.extend(quote!(#name: ::std::sync::Arc<str>,));
            init.extend(quote!(#name,));
            unpack.extend(quote! {
                let #name: ::std::result::Result<#ty, String> = args::convert(#api, &*self.#name);
            });
        } else {
            fields.extend(quote!(#name: ::std::result::Result<#ty, String>,));
            // A newtype of a number takes any primitive number, then
            // becomes the newtype (as a setter of one does).
            let converted = match op.number_newtypes.get(&api) {
                Some(number) => {
                    let bound = bound(number);
                    new_args.extend(quote!(#name: impl #bound,));
                    let converted = converted(number, quote!(#api), quote!(#name));
                    quote!(#converted.and_then(|number| args::convert(#api, number)))
                }
                None => {
                    let bound = bound(ty);
                    new_args.extend(quote!(#name: impl #bound,));
                    converted(ty, quote!(#api), quote!(#name))
                }
            };
            init.extend(quote!(#name: #converted,));
            unpack.extend(quote!(let #name = self.#name;));
        }
        // A text value that no URL can carry as a segment (`.`, `..`) is
        // refused here, naming the parameter; the generated crate's path
        // check stays as the net under every request.
        if !is_primitive(ty) && !op.numeric_path.contains(&api) {
            unpack.extend(quote! {
                let #name = #name.and_then(|value| args::segment(#api, &value).map(|()| value));
            });
        }
        values.insert(api, quote!(args::checked(#name)?));
    }
    let mut body_literal = None;
    let mut all_setters: Vec<&Setter> = op.params.iter().collect();
    match &op.body {
        Body::None | Body::Form(_) => {}
        Body::Whole(setter) => all_setters.push(&**setter),
        Body::Fields {
            fields: body_fields,
            ..
        } => {
            all_setters.extend(body_fields.iter().map(|(_, s)| s));
        }
    }
    let (setter_names, part_names) = setter_idents(op);
    for setter in &all_setters {
        let name = &setter_names[&(*setter as *const Setter)];
        let api = &setter.api_name;
        let stored = &setter.stored;
        let value = &setter.value;
        let docs = &setter.docs;
        fields.extend(quote!(#name: ::std::result::Result<#stored, String>,));
        let initial = match setter.kind {
            SetterKind::Optional => quote!(Ok(None)),
            SetterKind::Defaulted => match &setter.default {
                Some(function) => quote!(Ok(#function())),
                None => quote!(Ok(::std::default::Default::default())),
            },
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
        // A list (or a newtype of one) takes any iterable of items that
        // convert: plain strings for constrained ones, each checked here and
        // reported by `send()`, named by its index.
        let setter_fn = match &setter.list {
            _ if setter.bytes => quote! {
                #(#docs)*
                pub fn #name(mut self, value: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    self.#name = Ok(value.into());
                    self
                }
            },
            Some(ListOf { item, newtype }) => {
                let wrap_newtype = newtype
                    .as_ref()
                    .map(|newtype| quote!(.map(<#newtype as ::std::convert::From<::std::vec::Vec<#item>>>::from)));
                let how = format!(
                    " A list: any iterable of values that convert into its items \
                     (plain strings for a list of strings), each checked against the \
                     spec's limits; a refused one is reported by `send()`, naming it \
                     by its index (`{api}[1]`)."
                );
                let bound = bound(item);
                let converted = converted(item, quote!(args::Item(#api, index)), quote!(value));
                quote! {
                    #(#docs)*
                    #[doc = ""]
                    #[doc = #how]
                    pub fn #name<V>(mut self, values: impl ::std::iter::IntoIterator<Item = V>) -> Self
                    where
                        V: #bound,
                    {
                        self.#name = values
                            .into_iter()
                            .enumerate()
                            .map(|(index, value)| #converted)
                            .collect::<::std::result::Result<::std::vec::Vec<#item>, String>>()
                            #wrap_newtype
                            #wrap;
                        self
                    }
                }
            }
            None => match &setter.number {
                // A newtype of a number takes any primitive number (`300`
                // for an `f64`), then becomes the newtype.
                Some(number) => {
                    let bound = bound(number);
                    let converted = converted(number, quote!(#api), quote!(value));
                    quote! {
                        #(#docs)*
                        pub fn #name(mut self, value: impl #bound) -> Self {
                            self.#name = #converted
                                .and_then(|number| args::convert(#api, number))
                                #wrap;
                            self
                        }
                    }
                }
                None => {
                    let bound = bound(value);
                    let converted = converted(value, quote!(#api), quote!(value));
                    quote! {
                        #(#docs)*
                        pub fn #name(mut self, value: impl #bound) -> Self {
                            self.#name = #converted #wrap;
                            self
                        }
                    }
                }
            },
        };
        setters.extend(setter_fn);
    }
    for setter in &op.params {
        let name = &setter_names[&(setter as *const Setter)];
        values.insert(setter.name.to_string(), quote!(args::checked(self.#name)?));
    }
    if let Body::Form(parts) = &op.body {
        let (form_setters, encode) = form_tokens(parts, &part_names);
        fields
            .extend(quote!(pub(crate) form_parts: ::cloudflare_api_runtime::multipart::FormParts,));
        init.extend(quote!(form_parts: ::std::default::Default::default(),));
        setters.extend(form_setters);
        body_literal = Some(encode);
        values.insert(
            crate::normalize::multipart::CONTENT_TYPE_PARAMETER.to_snake_case(),
            quote!(content_type),
        );
        values.insert("body".into(), quote!(::reqwest::Body::from(body)));
    }
    match &op.body {
        Body::None | Body::Form(_) => {}
        Body::Whole(setter) => {
            let name = &setter_names[&(&**setter as *const Setter)];
            let value = if setter.bytes {
                quote!(::reqwest::Body::from(args::checked(self.#name)?))
            } else {
                quote!(args::checked(self.#name)?)
            };
            values.insert("body".into(), value);
        }
        Body::Fields {
            ty,
            fields: body_fields,
        } => {
            let fields = body_fields.iter().map(|(field, setter)| {
                let name = &setter_names[&(setter as *const Setter)];
                quote!(#field: args::checked(self.#name)?)
            });
            body_literal = Some(quote!(let body = #ty { #(#fields),* };));
            values.insert("body".into(), quote!(body));
        }
    }
    let (response, finish) = match &op.answer {
        // `normalize::send`, not the `Normalize` trait that users call on
        // generated operations: the trait's impl asks the operation's
        // future to be `Send`, and proving that (through progenitor's
        // `async fn`, reqwest's futures and the hooks) in every `send()`
        // was a seventh of DNS's `cargo check` and a quarter of Zero
        // Trust's (BENCHMARKS.md, "Issue 21: what a product crate's check
        // spends"). The future `send()` returns is `Send` all the same,
        // which a caller that needs it (`tokio::spawn`) proves for the
        // operations it spawns (tests/e2e/client.rs proves it for each
        // kind of answer).
        Answer::Envelope(result) => (
            quote!(#result),
            quote!(::cloudflare_api_runtime::normalize::send(call).await),
        ),
        Answer::Bytes => (
            quote!(::cloudflare_api_runtime::Bytes),
            quote!(::cloudflare_api_runtime::normalize::send_bytes(call).await),
        ),
        Answer::Raw(ty) => (
            quote!(#ty),
            quote!(::cloudflare_api_runtime::normalize::send_raw(call).await),
        ),
    };
    // The spec's `operationId`, which errors name and `OPERATIONS` is
    // sorted by.
    let operation = op.spec.id.as_str();
    let errors = " [`Error::InvalidInput`] when an argument is one the spec refuses \
         (too long, a wrong pattern, a required one unset), naming it; \
         nothing is sent. Otherwise as every call: see [`Error`].";
    // In the generated method's order (`crate::generate::positional`).
    let arguments = op
        .arguments
        .iter()
        .map(|argument| {
            values.remove(&argument.to_string()).ok_or_else(|| {
                format!("the tree gives no value for `{argument}` of `Client::{method_name}`")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(unused) = values.keys().next() {
        return Err(format!(
            "`{unused}` is no argument of the generated `Client::{method_name}`"
        ));
    }
    let paged = match &op.paging {
        Some(paging) => {
            let by_api_name: HashMap<String, Ident> = op
                .params
                .iter()
                .map(|setter| {
                    let name = setter_names[&(setter as *const Setter)].clone();
                    (setter.api_name.clone(), name)
                })
                .collect();
            super::paging::paged_tokens(paging, &request, &response, &by_api_name)?
        }
        None => TokenStream::new(),
    };
    Ok(quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until `.send().await`"]
        pub struct #request {
            client: Client,
            #fields
        }

        impl #request {
            #[doc(hidden)]
            pub fn new(client: Client, #new_args) -> Self {
                Self { client, #init }
            }

            #setters

            /// Sends the request and waits for the answer.
            ///
            /// # Errors
            ///
            #[doc = #errors]
            pub async fn send(self) -> ::std::result::Result<Response<#response>, Error> {
                let generated = crate::shared_client(&self.client);
                let call = args::prepare(#operation, crate::operation, || {
                    #unpack
                    #body_literal
                    Ok(generated.#method_name(#(#arguments),*))
                })?;
                #finish
            }
        }

        #paged
    })
}

/// The names of `op`'s builder's setters, each unique within the builder
/// ([`unique_name`]): of its parameters and body (by setter), and of its
/// form's parts (in order). A body field named as a path parameter or a
/// field of the builder (`origin_ip` in the path and in the body) is
/// `body_origin_ip`. The builder and its example call both take them here.
fn setter_idents(op: &Placed) -> (HashMap<*const Setter, Ident>, Vec<Ident>) {
    let mut taken: BTreeSet<String> = ["send", "new", "client", "form_parts"]
        .into_iter()
        .map(String::from)
        .chain(op.scope_param.iter().map(|(name, _)| name.to_string()))
        .chain(op.either_param.iter().map(|(name, _)| name.to_string()))
        .chain(op.positional.iter().map(|(name, _)| name.to_string()))
        .chain(
            op.paging
                .iter()
                .flat_map(|_| ["pages", "items"].map(String::from)),
        )
        .collect();
    let mut names = HashMap::new();
    for setter in &op.params {
        names.insert(
            setter as *const Setter,
            unique_name(&setter.name, false, &mut taken),
        );
    }
    match &op.body {
        Body::None | Body::Form(_) => {}
        Body::Whole(setter) => {
            names.insert(
                &**setter as *const Setter,
                unique_name(&setter.name, true, &mut taken),
            );
        }
        Body::Fields { fields, .. } => {
            for (_, setter) in fields {
                names.insert(
                    setter as *const Setter,
                    unique_name(&setter.name, true, &mut taken),
                );
            }
        }
    }
    let parts = match &op.body {
        Body::Form(parts) => parts
            .iter()
            .map(|part| unique_name(&part.name, true, &mut taken))
            .collect(),
        _ => Vec::new(),
    };
    (names, parts)
}

/// A setter's name that no other setter of its builder has taken: a body
/// field's (or a form part's) named like a parameter gets `body_` before
/// it, and any name still taken `_param` after it.
fn unique_name(name: &Ident, is_body: bool, taken: &mut BTreeSet<String>) -> Ident {
    let mut name = name.to_string();
    if taken.contains(&name) && is_body {
        name = format!("body_{name}");
    }
    while taken.contains(&name) {
        name.push_str("_param");
    }
    taken.insert(name.clone());
    ident(name.trim_start_matches("r#"))
}

/// A form's setters, one per part, and the statement of `send` that
/// encodes it into `content_type` and `body`.
fn form_tokens(parts: &[FormSetter], names: &[Ident]) -> (TokenStream, TokenStream) {
    let mut setters = TokenStream::new();
    let mut required = Vec::new();
    for (setter, name) in parts.iter().zip(names) {
        let api = &setter.part.name;
        let docs = &setter.docs;
        if setter.part.required {
            required.push(api);
        }
        setters.extend(match (&setter.part.kind, &setter.value) {
            (PartKind::Json { .. }, Some(value)) => quote! {
                #(#docs)*
                pub fn #name(mut self, value: impl ::std::convert::TryInto<#value, Error: ::std::fmt::Display>) -> Self {
                    self.form_parts.set_json(#api, args::convert(#api, value));
                    self
                }
            },
            (PartKind::Text { .. }, Some(value)) => {
                let bound = bound(value);
                let mut converted = converted(value, quote!(#api), quote!(value));
                // The spec's limits of its number, which typify never saw.
                if !setter.part.limits.is_empty() {
                    let limits = setter.part.limits.tokens(&quote!(::cloudflare_api_runtime));
                    converted = quote!(#converted.and_then(|value| args::within(#api, value, &#limits)));
                }
                quote! {
                    #(#docs)*
                    pub fn #name(mut self, value: impl #bound) -> Self {
                        self.form_parts.set_text(#api, #converted);
                        self
                    }
                }
            }
            (PartKind::File, _) => quote! {
                #(#docs)*
                pub fn #name(mut self, file: impl ::std::convert::Into<::cloudflare_api_runtime::multipart::File>) -> Self {
                    self.form_parts.set_file(#api, file.into());
                    self
                }
            },
            (PartKind::Files { by_file_name }, _) => {
                let how = if *by_file_name {
                    " Each file is a part named by its file name; setting the files again replaces them."
                } else {
                    " Setting the files again replaces them."
                };
                quote! {
                    #(#docs)*
                    #[doc = ""]
                    #[doc = #how]
                    pub fn #name<F: ::std::convert::Into<::cloudflare_api_runtime::multipart::File>>(mut self, files: impl ::std::iter::IntoIterator<Item = F>) -> Self {
                        self.form_parts.set_files(#api, #by_file_name, files.into_iter().map(::std::convert::Into::into));
                        self
                    }
                }
            }
            (PartKind::Json { .. } | PartKind::Text { .. }, None) => {
                unreachable!("read gives JSON and text parts a type")
            }
        });
    }
    let encode = quote! {
        let (content_type, body) = self.form_parts.encode(&[#(#required),*])?;
    };
    (setters, encode)
}

/// The example call of `op`: every path parameter, required parameter and
/// required body field set from the spec's examples.
pub(super) fn example_tokens(op: &Placed) -> TokenStream {
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
    // Under either scope, the example is the account's.
    let either = op.either_param.as_ref().map(|_| quote!("accounts",));
    let scope = op.scope_param.as_ref().map(|(name, _)| {
        let value = json(name);
        quote!(#either example::<String>(#value)?.into(),)
    });
    let positional = op.positional.iter().map(|(name, ty)| {
        let value = json(name);
        let ty = example_type(op.number_newtypes.get(&name.to_string()).unwrap_or(ty));
        quote!(example::<#ty>(#value)?)
    });
    let mut setters = TokenStream::new();
    let required = op.params.iter().chain(match &op.body {
        Body::Fields { fields, .. } => fields.iter().map(|(_, s)| s).collect::<Vec<_>>(),
        Body::Whole(setter) => vec![&**setter],
        Body::None | Body::Form(_) => Vec::new(),
    });
    let (setter_names, part_names) = setter_idents(op);
    for setter in required.filter(|s| s.kind == SetterKind::Required) {
        let name = &setter_names[&(setter as *const Setter)];
        let ty = &setter.value;
        let value = op
            .examples
            .get(&setter.api_name)
            .cloned()
            .unwrap_or(serde_json::Value::String("example".into()))
            .to_string();
        if setter.bytes {
            setters.extend(quote!(let request = request.#name(#value);));
        } else if let Some(ListOf { item, .. }) = &setter.list {
            let item = example_type(item);
            setters.extend(
                quote!(let request = request.#name(example::<::std::vec::Vec<#item>>(#value)?);),
            );
        } else {
            let ty = example_type(setter.number.as_ref().unwrap_or(ty));
            setters.extend(quote!(let request = request.#name(example::<#ty>(#value)?);));
        }
    }
    // A body that is a union typify writes as a struct of its
    // alternatives, each flattened and optional (`subtype_0`, ...; R2's
    // migration source, an S3, GCS or R2 one): the first alternative is
    // set to the body's example, which is the first alternative's.
    if let Body::Fields { fields, .. } = &op.body
        && !fields.iter().any(|(_, s)| s.kind == SetterKind::Required)
        && let Some((_, first)) = fields.iter().find(|(_, s)| s.api_name == "subtype_0")
        && let Some(body) = op.examples.get("body")
    {
        let name = &setter_names[&(first as *const Setter)];
        let ty = &first.value;
        let value = body.to_string();
        setters.extend(quote!(let request = request.#name(example::<#ty>(#value)?);));
    }
    if let Body::Form(parts) = &op.body {
        for (part, name) in parts
            .iter()
            .zip(&part_names)
            .filter(|(p, _)| p.part.required)
        {
            match (&part.part.kind, &part.value) {
                (PartKind::Json { .. } | PartKind::Text { .. }, Some(ty)) => {
                    let value = part
                        .part
                        .example
                        .clone()
                        .unwrap_or_else(|| serde_json::json!({}))
                        .to_string();
                    let ty = example_type(ty);
                    setters.extend(quote!(let request = request.#name(example::<#ty>(#value)?);));
                }
                _ => {
                    let file = quote!(::cloudflare_api_runtime::multipart::File::new(
                        "example.txt",
                        "text/plain",
                        "example"
                    ));
                    let value = match part.part.kind {
                        PartKind::Files { .. } => quote!([#file]),
                        _ => file,
                    };
                    setters.extend(quote!(let request = request.#name(#value);));
                }
            }
        }
    }
    quote! {
        ::cloudflare_api_runtime::api::Example::new(#id, {
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
/// `crate::generated::types::X`, unless `X` is one of the tree's own
/// names (`own`).
pub(super) struct Qualify<'a> {
    pub(super) types: &'a HashSet<String>,
    /// The names the tree's file defines or imports itself (a request
    /// builder, a group, the runtime's `Response`): a generated type of the
    /// same name (Email Security's `EmailSecurityCreateAllowPolicy`, a body
    /// component named as its operation) is written `types::X` where the
    /// tree means it, so a bare `X` is the tree's.
    pub(super) own: &'a HashSet<String>,
    /// Where the generated module is: `crate::generated` in a product
    /// crate, `::cloudflare_api_dns` from the facade.
    pub(super) generated: TokenStream,
}

impl VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        if node.qself.is_none() && node.path.leading_colon.is_none() {
            let first = node.path.segments.first().map(|s| s.ident.to_string());
            match first.as_deref() {
                Some("types") if node.path.segments.len() > 1 => {
                    node.path = prefixed(self.generated.clone(), &node.path);
                }
                Some(name)
                    if node.path.segments.len() == 1
                        && self.types.contains(name)
                        && !self.own.contains(name) =>
                {
                    let generated = &self.generated;
                    node.path = prefixed(quote!(#generated::types), &node.path);
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
            node.path = prefixed(self.generated.clone(), &node.path);
        }
        syn::visit_mut::visit_expr_struct_mut(self, node);
    }
}

fn prefixed(prefix: TokenStream, path: &syn::Path) -> syn::Path {
    syn::parse_quote!(#prefix::#path)
}

/// The bound of what a setter or argument for a value of type `ty`
/// takes: any primitive number for a float, any primitive integer for an
/// integer (`crate::api::Number`, `crate::api::Integer`: `.page(2)`,
/// `.page(page_usize)`), else anything that converts into `ty` (for a
/// constrained string, a `&str`, `String` or `&String`).
fn bound(ty: &Type) -> TokenStream {
    match number_kind(ty) {
        Some(NumberKind::Float) => quote!(::cloudflare_api_runtime::api::Number),
        Some(NumberKind::Integer) => quote!(::cloudflare_api_runtime::api::Integer),
        None => quote!(::std::convert::TryInto<#ty, Error: ::std::fmt::Display>),
    }
}

/// The expression that converts `value` (taken as [`bound`] says) into a
/// `Result<ty, String>`, the error naming `name` (a `&str` or an
/// `args::Item`).
fn converted(ty: &Type, name: TokenStream, value: TokenStream) -> TokenStream {
    match number_kind(ty) {
        Some(_) => quote!(args::number::<#ty>(#name, #value)),
        None => quote!(args::convert(#name, #value)),
    }
}

/// The type an example value is read as, for a setter or argument of type
/// `ty`: a primitive number's setter takes `f64` or `i64`, not (say) a
/// `NonZeroU64`.
fn example_type(ty: &Type) -> Type {
    match number_kind(ty) {
        Some(NumberKind::Float) => syn::parse_quote!(f64),
        Some(NumberKind::Integer) => syn::parse_quote!(i64),
        None => ty.clone(),
    }
}

/// Whether `ty` is a number or `bool`, which no path segment check needs.
fn is_primitive(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    path.path.get_ident().is_some_and(|name| {
        matches!(
            name.to_string().as_str(),
            "bool"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "i128"
                | "isize"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "u128"
                | "usize"
                | "f32"
                | "f64"
        )
    })
}
