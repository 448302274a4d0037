//! Running progenitor on the merged spec and printing the generated file:
//! a header, progenitor's code printed readably by prettyplease (see
//! [`format`](mod@crate::output::format)), and what progenitor leaves out:
//! `Envelope` impls, the `OPERATIONS` table and the spec's server as
//! `DEFAULT_BASE_URL`.

pub(crate) mod builders;
pub(crate) mod calls;
pub(crate) mod client_new;
pub(crate) mod conversions;
pub(crate) mod copies;
pub(crate) mod culprit;
pub(crate) mod envelope;
pub(crate) mod limits;
pub(crate) mod media_types;
pub(crate) mod numbers;
pub(crate) mod operations;
pub(crate) mod patterns;
pub(crate) mod positional;
pub(crate) mod request_only;
pub(crate) mod sends;
pub(crate) mod syntax;
pub(crate) mod unexploded;
pub(crate) mod url_encoded;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::{Arc, Barrier, Mutex, MutexGuard, Once, OnceLock, PoisonError};

use heck::ToUpperCamelCase;
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

use crate::generate::client_new::route_client_builder;
use crate::generate::envelope::{envelope_impls, nullable_results, success_types};
use crate::generate::operations::{operation_table, route_path_encoding};
use crate::spec::{OperationRef, Spec};
use crate::{Error, normalize, output::format, redact, timing, tree};
use serde_json::{Map, Value};

/// What `regen` writes, byte for byte.
#[derive(Debug)]
pub(crate) struct Generated {
    /// Each product's crate, by product name.
    pub(crate) products: Vec<ProductFiles>,
    /// The facade's `src/products.rs`: the way into each product.
    pub(crate) facade: String,
    /// How each `GET` operation is paged (`docs/pagination.md`).
    pub(crate) paging: Vec<crate::paging::report::Entry>,
}

/// The generated files of one product's crate.
#[derive(Debug)]
pub(crate) struct ProductFiles {
    /// The product (`kv`): the crate is `cloudflare-api-kv`.
    pub(crate) name: String,
    /// Its `src/generated.rs`: progenitor's client with regen's additions.
    pub(crate) client: String,
    /// Its `src/tree.rs`: its part of the resource tree.
    pub(crate) tree: String,
    /// Its operations.
    pub(crate) operations: usize,
    /// The spec's files it is made from, as its files' headers name them
    /// (see [`product_sources`]).
    pub(crate) sources: Vec<String>,
}

/// The generated files for `spec`: a product at a time (progenitor on the
/// product's operations and the components they reach, with regen's
/// additions), then the tree (names are given across products) and each
/// product's files. `named_by_hand` gives the identifiers a product's
/// hand-written modules name (see [`request_only`]).
///
/// The products are made on as many threads as the machine has cores (see
/// [`Workers`]); the files are the same bytes on any number.
pub(crate) fn generate(
    spec: &Spec,
    named_by_hand: &(dyn Fn(&str) -> Result<HashSet<String>, Error> + Sync),
) -> Result<Generated, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    generate_on(spec, named_by_hand, threads)
}

/// [`generate`] on up to `threads` threads.
fn generate_on(
    spec: &Spec,
    named_by_hand: &(dyn Fn(&str) -> Result<HashSet<String>, Error> + Sync),
    threads: usize,
) -> Result<Generated, Error> {
    let split = timing::step("split", || Split::new(spec))?;
    let threads = threads.clamp(1, split.products.len().max(1));
    let workers = Workers::new(spec, &split, named_by_hand, threads);
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| workers.work());
        }
        workers.work();
    });
    workers.finish(spec)
}

/// The products' work, shared by the threads that do it. syn's values
/// cannot cross threads, so a product stays on the thread that took it:
///
/// 1. each thread takes the largest product left, makes its spec
///    ([`Split::part`]) and its client ([`product_client`]), and places its
///    operations in the tree ([`tree::place_product`]), until none is left;
/// 2. all threads wait for each other; the first one then names the tree's
///    groups and methods across products ([`tree::names`]);
/// 3. each thread makes its products' files from the names.
///
/// Then [`Workers::finish`] puts them together, with the facade, in the
/// order of the products' names, and reports the first failure in that
/// order (a product's client before any operation's place), so that the
/// result does not depend on which thread was faster.
struct Workers<'s> {
    spec: &'s Spec,
    split: &'s Split,
    named_by_hand: &'s (dyn Fn(&str) -> Result<HashSet<String>, Error> + Sync),
    /// Indices into `split.products` not taken yet, smallest first (taken
    /// from the end): the largest product starts first, so that the
    /// threads end at about the same time.
    left: Mutex<Vec<usize>>,
    /// What naming needs of every operation placed so far.
    named: Mutex<Vec<tree::Named>>,
    /// Failures of step 1: (step, index into `split.products`, error).
    failed: Mutex<Vec<(u8, usize, Error)>>,
    placed_all: Barrier,
    /// The names, made once all products are placed; `None` when one failed.
    names: OnceLock<Option<Result<tree::Names, Error>>>,
    /// Each product's files, by index into `split.products`.
    done: Mutex<Vec<(usize, Result<Done, Error>)>>,
    /// A line on standard error per product made, once the run is long.
    progress: Progress,
}

/// A line on standard error for each product whose client is made, once
/// regen has run for [`Progress::QUIET`]: a long run (the whole API takes
/// about 25 s on two cores) says where it is; a short one says nothing.
/// The lines of the products made before then come at once, then one as
/// each is made. Threads end products in no set order, so the lines may
/// come in any; the files regen writes do not depend on it.
struct Progress {
    started: std::time::Instant,
    total: usize,
    /// The lines not shown yet, how many products are made, and whether
    /// the lines are shown as they come (the run has been long).
    state: Mutex<(Vec<String>, usize, bool)>,
}

impl Progress {
    /// How long a run goes without a word.
    const QUIET: std::time::Duration = std::time::Duration::from_secs(2);

    fn new(total: usize) -> Self {
        Progress {
            started: std::time::Instant::now(),
            total,
            state: Mutex::new((Vec::new(), 0, false)),
        }
    }

    /// `product`, of `operations` operations, is made (or failed).
    fn made(&self, product: &str, operations: usize) {
        let mut state = lock(&self.state);
        let (pending, made, shown) = &mut *state;
        *made += 1;
        let elapsed = self.started.elapsed();
        pending.push(format!(
            "regen: [{made:>width$}/{}] {product} ({operations} operations), {:.1} s",
            self.total,
            elapsed.as_secs_f64(),
            width = self.total.to_string().len(),
        ));
        if *shown || elapsed >= Self::QUIET {
            *shown = true;
            for line in pending.drain(..) {
                eprintln!("{line}");
            }
        }
    }
}

/// A product's files, and its methods right on a scope (for the facade).
type Done = (ProductFiles, tree::ScopeMethods);

/// One product of a thread, between steps 1 and 3: its client already
/// written out, so that what every product holds while the others are
/// made is text, not syn's tree (the whole API's clients, 1.3 million
/// lines, held as syn trees at once were most of regen's peak memory).
struct Made {
    index: usize,
    /// The files the product's spec was read from, for the files' header.
    sources: Vec<String>,
    operations: usize,
    /// `src/generated.rs`, finished.
    client: String,
    redactions: redact::Redactions,
    placed: tree::ProductPlaced,
}

impl<'s> Workers<'s> {
    fn new(
        spec: &'s Spec,
        split: &'s Split,
        named_by_hand: &'s (dyn Fn(&str) -> Result<HashSet<String>, Error> + Sync),
        threads: usize,
    ) -> Self {
        let mut left: Vec<usize> = (0..split.products.len()).collect();
        left.sort_by_key(|&index| (split.products[index].1.len(), std::cmp::Reverse(index)));
        Workers {
            spec,
            split,
            named_by_hand,
            left: Mutex::new(left),
            named: Mutex::new(Vec::new()),
            failed: Mutex::new(Vec::new()),
            placed_all: Barrier::new(threads),
            names: OnceLock::new(),
            done: Mutex::new(Vec::new()),
            progress: Progress::new(split.products.len()),
        }
    }

    /// One thread's share of the work.
    fn work(&self) {
        // Every thread must reach the barrier, even one that panicked, or
        // the others would wait for it forever: the panic goes on after.
        let made = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut made = Vec::new();
            loop {
                // Its own statement: a `while let`'s guard would be held
                // through the product's work, and the threads take turns.
                let next = lock(&self.left).pop();
                let Some(index) = next else { break };
                let (product, operations) = &self.split.products[index];
                let result = self.client_and_place(index);
                self.progress.made(product, operations.len());
                match result {
                    Ok((product, named)) => {
                        lock(&self.named).extend(named);
                        made.push(product);
                    }
                    Err((step, error)) => lock(&self.failed).push((step, index, error)),
                }
            }
            made
        }));
        self.placed_all.wait();
        let made = made.unwrap_or_else(|panic| panic::resume_unwind(panic));
        let names = self.names.get_or_init(|| {
            let named = std::mem::take(&mut *lock(&self.named));
            let complete =
                lock(&self.failed).is_empty() && named.len() == self.spec.operations.len();
            complete.then(|| timing::step("tree", || tree::names(named)))
        });
        let Some(Ok(names)) = names else {
            return;
        };
        for product in made {
            let index = product.index;
            let files = self.files(product, names);
            lock(&self.done).push((index, files));
        }
    }

    /// Step 1 for `split.products[index]`: its spec and client, and its
    /// operations placed; a failure with its step (0: the client, 1: the
    /// tree).
    fn client_and_place(&self, index: usize) -> Result<(Made, Vec<tree::Named>), (u8, Error)> {
        let product = &self.split.products[index].0;
        let part = timing::step("split", || self.split.part(self.spec, index))
            .map_err(|error| (0, error))?;
        let named_by_hand = (self.named_by_hand)(product).map_err(|error| (0, error))?;
        let (file, redactions) =
            product_client(&part, &named_by_hand).map_err(|error| (0, error))?;
        let (placed, named) =
            timing::step("tree", || tree::place_product(self.spec, product, &file))
                .map_err(|error| (1, error))?;
        // The tree has read progenitor's builders: each becomes a method.
        let mut file = file;
        positional::to_positional(&mut file).map_err(|message| {
            (
                1,
                Error::Generate {
                    culprit: format!("the generated client of `{product}`"),
                    message,
                },
            )
        })?;
        let header = crate::output::crates::header(&part.sources);
        let client = timing::step("prettyplease", || format::unparse(file));
        Ok((
            Made {
                index,
                operations: part.operations.len(),
                sources: part.sources,
                client: format!("{header}{client}"),
                redactions,
                placed,
            },
            named,
        ))
    }

    /// Step 3 for one product: its files, and its methods right on a scope.
    fn files(&self, made: Made, names: &tree::Names) -> Result<Done, Error> {
        let product = &self.split.products[made.index].0;
        let (mut tree, scope_methods) = timing::step("tree", || made.placed.tree(names))?;
        redact::redact_tree(&mut tree, &made.redactions);
        let header = crate::output::crates::header(&made.sources);
        let tree = timing::step("prettyplease", || format::unparse(tree));
        Ok((
            ProductFiles {
                name: product.clone(),
                client: made.client,
                tree: format!("{header}{tree}"),
                operations: made.operations,
                sources: made.sources,
            },
            scope_methods,
        ))
    }

    /// The products' files and the facade's, or the first failure.
    fn finish(self, spec: &Spec) -> Result<Generated, Error> {
        let failed = self
            .failed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((_, _, error)) = failed
            .into_iter()
            .min_by_key(|(step, index, _)| (*step, *index))
        {
            return Err(error);
        }
        let names = match self.names.into_inner() {
            Some(Some(names)) => names?,
            _ => {
                return Err(Error::Generate {
                    culprit: "the spec's operations".to_owned(),
                    message: "not every operation was placed in the tree".to_owned(),
                });
            }
        };
        let mut done = self
            .done
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        done.sort_by_key(|(index, _)| *index);
        let mut products = Vec::with_capacity(done.len());
        let mut scope_methods = tree::ScopeMethods::new();
        for (_, files) in done {
            let (files, methods) = files?;
            products.push(files);
            scope_methods.extend(methods);
        }
        let facade = format::unparse(parse(tree::facade(&names, &scope_methods)?)?);
        Ok(Generated {
            products,
            facade: format!("{}{facade}", crate::output::crates::header(&spec.sources)),
            paging: tree::paging_entries(&names, spec),
        })
    }
}

/// `mutex`'s value, also after a thread panicked holding it (the panic
/// is reported anyway, when the threads are joined).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `spec` split by product (see [`Split::part`]).
struct Split {
    /// The whole document, as JSON.
    document: Arc<Value>,
    /// Each product and its operations, in the order of their names.
    products: Vec<(String, Vec<OperationRef>)>,
}

impl Split {
    fn new(spec: &Spec) -> Result<Split, Error> {
        let mut by_product: BTreeMap<String, Vec<OperationRef>> = BTreeMap::new();
        for operation in &spec.operations {
            by_product
                .entry(spec.product_of(operation).to_owned())
                .or_default()
                .push(operation.clone());
        }
        let document = match &spec.normalized {
            Some(document) => document.clone(),
            None => Arc::new(
                serde_json::to_value(&spec.document)
                    .map_err(|e| Error::Unparsable(e.to_string()))?,
            ),
        };
        Ok(Split {
            document,
            products: by_product.into_iter().collect(),
        })
    }

    /// The spec of `products[index]`'s operations alone, with the
    /// components they reach (so that its crate has its types only).
    fn part(&self, spec: &Spec, index: usize) -> Result<Spec, Error> {
        let (product, operations) = &self.products[index];
        // One product is the whole spec: every component is its.
        let mut part = if self.products.len() == 1 {
            (*self.document).clone()
        } else {
            product_document(&self.document, operations)?
        };
        crate::normalize::input_names::input_copies_named_as_written(&mut part);
        let document: OpenAPI = serde_json::from_value(part).map_err(|e| Error::Invalid {
            path: format!("the spec of the product `{product}`"),
            message: e.to_string(),
        })?;
        Ok(Spec {
            sources: product_sources(spec, operations),
            document,
            normalized: None,
            written: spec.written.clone(),
            operations: operations.clone(),
            warnings: Vec::new(),
            fixes: Vec::new(),
            products: None,
            paging_exceptions: Default::default(),
            files: spec.files.clone(),
        })
    }
}

/// The files a product's generated files name as their sources: the
/// files its `operations` are in, the fixes of the same name
/// (`fixes/kv.yaml` beside `imported/kv.json`), and the files that hold no
/// operation (the root document, `cloudflare.yaml`). Not every file of the
/// spec: adding a product then changes no other product's files. (A fix
/// written in another product's file for a component this one shares
/// changes this one too, unnamed.)
fn product_sources(spec: &Spec, operations: &[OperationRef]) -> Vec<String> {
    let stem = |file: &str| {
        std::path::Path::new(file)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
    };
    let holding: BTreeSet<&str> = spec.operations.iter().map(|op| op.file.as_str()).collect();
    let own: BTreeSet<&str> = operations.iter().map(|op| op.file.as_str()).collect();
    let own_stems: BTreeSet<String> = own.iter().filter_map(|file| stem(file)).collect();
    let fix_files: BTreeSet<&str> = spec.fixes.iter().map(|fix| fix.file.as_str()).collect();
    spec.sources
        .iter()
        .filter(|source| {
            if fix_files.contains(source.as_str()) {
                stem(source).is_some_and(|stem| own_stems.contains(&stem))
            } else {
                own.contains(source.as_str()) || !holding.contains(source.as_str())
            }
        })
        .cloned()
        .collect()
}

/// The document of `operations` alone: `document` with only their path
/// items' methods, and only the components they reach.
pub fn product_document(document: &Value, operations: &[OperationRef]) -> Result<Value, Error> {
    let mut paths = Map::new();
    for operation in operations {
        let Some(item) = document
            .get("paths")
            .and_then(|paths| paths.get(&operation.route))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let entry = paths.entry(operation.route.clone()).or_insert_with(|| {
            Value::Object(
                item.iter()
                    .filter(|(key, _)| !crate::import::METHODS.contains(&key.as_str()))
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect(),
            )
        });
        if let (Value::Object(entry), Some(op)) = (entry, item.get(&operation.method)) {
            entry.insert(operation.method.clone(), op.clone());
        }
    }
    let paths = Value::Object(paths);
    let reached = crate::import::closure::components(document, &paths)
        .map_err(|e| Error::Unparsable(format!("the components of a product: {e}")))?;
    // The document's other members as they are (info, servers, security);
    // neither its paths nor its components are copied whole, once per
    // product.
    let mut part: Map<String, Value> = document
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| !matches!(key.as_str(), "paths" | "components"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    part.insert("paths".into(), paths);
    let mut components: Map<String, Value> = document
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(kind, _)| !KINDS_REFERRED_TO.contains(&kind.as_str()))
        .map(|(kind, value)| (kind.clone(), value.clone()))
        .collect();
    // The reached ones of each kind that `$ref`s point at; the others
    // (security schemes) as they are.
    for kind in KINDS_REFERRED_TO {
        if let Some(found) = reached.get(kind) {
            components.insert(kind.into(), found.clone());
        }
    }
    part.insert("components".into(), Value::Object(components));
    Ok(Value::Object(part))
}

/// The kinds of components a `$ref` points at, which a product's document
/// holds only the reached ones of.
const KINDS_REFERRED_TO: [&str; 8] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

/// progenitor's client for one product's `spec`, with regen's additions,
/// and what its types keep secret. `named_by_hand`: the identifiers the
/// product's hand-written modules name.
fn product_client(
    spec: &Spec,
    named_by_hand: &HashSet<String>,
) -> Result<(syn::File, redact::Redactions), Error> {
    // progenitor reads a copy whose descriptions say what each generated
    // item must keep secret (`redact`); the tree reads the spec as it is.
    // The culprit search runs parts of the marked copy: what failed.
    let marked = redact::marked(&spec.document)?;
    let client = timing::step("progenitor", || progenitor_tokens(&marked)).map_err(|message| {
        culprit::find(spec, &marked, message, |part| {
            progenitor_tokens(part).map(drop)
        })
    })?;
    // prettyplease's layout is not rustfmt's, and progenitor's code is not
    // clippy-clean: neither tool has anything to say about generated code.
    let client = builders::without_builder_module(client);
    let mut file = timing::step("syn parse", || {
        parse(quote! {
            #![cfg_attr(rustfmt, rustfmt::skip)]
            #![allow(clippy::all, clippy::pedantic)]
            #client
        })
    })?;
    let redactions = timing::step("additions", || -> Result<_, Error> {
        builders::drop_struct_builders(&mut file);
        // What the spec says of each operation's answer (a nullable
        // `result`, the secrets its resource was sent) is written onto the
        // type it decodes into: those stay as they are.
        let answers = request_only::answer_roots(&file);
        copies::fold_copies(&mut file, &answers);
        request_only::gate_deserialize(&mut file, named_by_hand);
        route_path_encoding(&mut file);
        url_encoded::route(spec, &mut file)?;
        numbers::route_query_params(&mut file);
        unexploded::route(spec, &mut file)?;
        media_types::route(spec, &mut file)?;
        // Limits first: the finite check, inserted after, comes before it.
        limits::check_limits(spec, &mut file);
        numbers::check_finite_numbers(&mut file);
        calls::headers_in_place(&mut file);
        calls::route_answers(&mut file);
        let operation_ids = spec
            .operations
            .iter()
            .map(|operation| (operation.method_name(), operation.id.clone()))
            .collect();
        let started = calls::announce_starts(&mut file, &operation_ids);
        route_client_builder(&mut file);
        patterns::route_patterns(&mut file);
        conversions::complete(&mut file);
        defaults_may_go_unused(&mut file);
        let redactions = redact::redact(&mut file);
        let document =
            serde_json::to_value(&spec.document).map_err(|e| Error::Unparsable(e.to_string()))?;
        let nullable = nullable_results(&document, &spec.operations, &file);
        let envelopes = envelope_impls(&file, &nullable);
        let operations = operation_table(spec, &file)?;
        if started != spec.operations.len() {
            return Err(Error::Generate {
                culprit: "the spec's operations".to_owned(),
                message: format!(
                    "only {started} of {} `send` methods in progenitor's output have an \
                     `OperationInfo` to name their operation by (xtask/src/generate/calls.rs)",
                    spec.operations.len()
                ),
            });
        }
        let base_url = default_base_url(&spec.document);
        file.items
            .extend(parse(quote!(#envelopes #operations #base_url))?.items);
        let routes: Vec<(String, String)> = spec
            .operations
            .iter()
            .map(|op| (op.route.clone(), op.method_name().to_upper_camel_case()))
            .collect();
        let echoes = redact::echoed_secrets(&file, &redactions, &routes, &success_types(&file));
        redact::with_secret_fields(&mut file, &redactions, &echoes);
        Ok(redactions)
    })?;
    Ok((file, redactions))
}

/// typify's `types::defaults` (the functions serde calls for a field's
/// default) may hold one that no type calls once the passes here have
/// rewritten the fields that did (an integer query default of User's audit
/// logs left `default_i64` unused): a warning in generated code, which CI
/// refuses, so the module allows it. Its functions are `pub(crate)`: the
/// tree's builder starts a body field with a default from the function
/// (`crate::tree::read`'s `Setter::default`).
fn defaults_may_go_unused(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Mod(types) = item else {
            continue;
        };
        if types.ident != "types" {
            continue;
        }
        for item in types.content.iter_mut().flat_map(|(_, items)| items) {
            if let syn::Item::Mod(defaults) = item
                && defaults.ident == "defaults"
            {
                defaults.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
                for item in defaults.content.iter_mut().flat_map(|(_, items)| items) {
                    if let syn::Item::Fn(function) = item {
                        function.vis = syn::parse_quote!(pub(crate));
                    }
                }
            }
        }
    }
}

fn parse(tokens: TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))
}

/// progenitor's builder interface: `client.operation().param(..).send()`,
/// which regen's passes rewrite and the tree reads (each builder's fields
/// are its operation's arguments, typed); then each builder becomes one
/// method of the client (`positional`), since the tree's builders are
/// what users set arguments with. The client
/// carries the generated crate's hand-written `Hooks`, through which every
/// request is sent: its `hooks` module implements progenitor's
/// `ClientHooks` for the client, and progenitor emits no default
/// (`HooksMode::Expected`), so that a missing implementation fails to
/// compile instead of quietly sending requests without the hooks.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::Hooks))
        .with_hooks(HooksMode::Expected)
        // Answers compare with `==` (in users' tests, say).
        .with_derive("PartialEq");
    // The envelope's items, written by hand to decode whatever the API
    // sends (see the generated crate's `info` module and `normalize`).
    for (schema, rust) in [
        (normalize::RESPONSE_INFO, "crate::ResponseInfo"),
        (normalize::RESULT_INFO, "crate::ResultInfo"),
    ] {
        settings.with_replacement(
            schema.to_upper_camel_case(),
            rust,
            [TypeImpl::Default].into_iter(),
        );
    }
    settings
}

/// progenitor's output, or its error or panic message.
fn progenitor_tokens(document: &OpenAPI) -> Result<TokenStream, String> {
    match catch_panic(|| Generator::new(&settings()).generate_tokens(document)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(panic) => Err(panic),
    }
}

/// progenitor does not read `servers`; the first one becomes a constant so
/// that users need not copy the URL (without a trailing `/`, since progenitor
/// joins the base URL and the path with `format!`).
fn default_base_url(document: &OpenAPI) -> TokenStream {
    let Some(server) = document.servers.first() else {
        return TokenStream::new();
    };
    let url = server.url.trim_end_matches('/');
    quote! {
        /// The API's base URL, from the spec's `servers`.
        pub const DEFAULT_BASE_URL: &str = #url;
    }
}

thread_local! {
    /// Whether this thread is inside [`catch_panic`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message of the panic [`catch_panic`] caught.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into its message instead of a printed panic and
/// backtrace. progenitor has `assert!`/`todo!` paths for specs it cannot
/// handle; they are a spec problem to report, not a crash.
fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                CAUGHT.set(Some(describe(info)));
            } else {
                default_hook(info);
            }
        }));
    });

    CATCHING.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(false);
    result.map_err(|_| {
        CAUGHT
            .take()
            .unwrap_or_else(|| "progenitor panicked".into())
    })
}

fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    match info.location() {
        Some(location) => {
            // `.../progenitor-impl-0.15.1/src/method.rs` is enough to find it.
            let parts: Vec<&str> = location.file().rsplit(['/', '\\']).take(3).collect();
            let file = parts.into_iter().rev().collect::<Vec<_>>().join("/");
            format!("panicked at {file}:{}: {message}", location.line())
        }
        None => format!("panicked: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch workspace with three of the checkout's products (its own
    /// spec files, product table and fixes).
    fn three_products() -> tempfile::TempDir {
        let checkout = crate::Workspace::this_checkout().spec_dir();
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join(crate::SPEC_DIR);
        for folder in ["imported", "fixes"] {
            std::fs::create_dir_all(spec.join(folder)).unwrap();
        }
        let files = [
            "cloudflare.yaml",
            "products.tsv",
            "imported/kv.json",
            "imported/d1.json",
            "imported/queues.json",
            "fixes/kv.yaml",
            "fixes/queues.yaml",
        ];
        for file in files {
            std::fs::copy(checkout.join(file), spec.join(file)).unwrap();
        }
        dir
    }

    /// The threads a product is made on change no byte of what regen
    /// writes, nor the order of the products.
    #[test]
    fn the_same_files_on_one_thread_as_on_several() {
        let dir = three_products();
        let spec = crate::Workspace::new(dir.path()).load_spec().unwrap();
        let named_by_hand = |_: &str| Ok(HashSet::new());
        let one = generate_on(&spec, &named_by_hand, 1).unwrap();
        let several = generate_on(&spec, &named_by_hand, 3).unwrap();
        let files = |generated: &Generated| {
            generated
                .products
                .iter()
                .map(|product| {
                    (
                        product.name.clone(),
                        product.client.clone(),
                        product.tree.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let names: Vec<String> = files(&one).into_iter().map(|(name, ..)| name).collect();
        assert_eq!(names, ["d1", "kv", "queues"]);
        assert!(files(&one) == files(&several), "a product's files differ");
        assert_eq!(one.facade, several.facade);
    }

    /// Each list is walked as its parameters and answer say, unless
    /// `pagination-exceptions.tsv` decides otherwise; an exception that
    /// cannot hold is an error naming the operation.
    #[test]
    fn lists_are_walked_as_their_parameters_and_answers_say() {
        use crate::paging::Shape;
        let dir = three_products();
        let named_by_hand = |_: &str| Ok(HashSet::new());
        let generate = || {
            let spec = crate::Workspace::new(dir.path()).load_spec()?;
            generate_on(&spec, &named_by_hand, 1)
        };
        let shapes = |generated: &Generated| {
            generated
                .paging
                .iter()
                .map(|entry| {
                    let row = &entry.row;
                    (
                        entry.id.clone(),
                        (row.inferred, row.shape, row.items.clone()),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        };
        // Without whitespace: prettyplease breaks long lines.
        let kv_tree = |generated: &Generated| {
            let kv = generated.products.iter().find(|p| p.name == "kv");
            kv.unwrap().tree.split_whitespace().collect::<String>()
        };
        let paged = |name: &str| format!("impl::cloudflare_api_runtime::paging::Pagedfor{name}");

        let generated = generate().unwrap();
        let shapes_of = shapes(&generated);
        let of = |id: &str| shapes_of[id].clone();
        let walked = |shape: Shape| (shape, shape, "result".to_owned());
        assert_eq!(
            of("workers-kv-namespace-list-namespaces"),
            walked(Shape::Page)
        );
        assert_eq!(
            of("workers-kv-namespace-list-a-namespace'-s-keys"),
            walked(Shape::Cursor)
        );
        assert_eq!(of("d1-list-databases"), walked(Shape::Page));
        let single = (Shape::None, Shape::None, String::new());
        assert_eq!(of("workers-kv-namespace-get-a-namespace"), single);
        assert!(!shapes_of.contains_key("workers-kv-namespace-write-key-value-pair-with-metadata"));
        let tree = kv_tree(&generated);
        assert!(tree.contains(&paged("WorkersKvNamespaceListNamespaces")));
        assert!(tree.contains(&paged("WorkersKvNamespaceListANamespaceSKeys")));
        assert!(!tree.contains(&paged("WorkersKvNamespaceGetANamespace")));

        let exceptions = dir
            .path()
            .join("openapi")
            .join(crate::paging::EXCEPTIONS_FILE);
        std::fs::write(
            &exceptions,
            "operationId\tpaging\twhy\nworkers-kv-namespace-list-namespaces\tnone\tone page\n",
        )
        .unwrap();
        let generated = generate().unwrap();
        assert_eq!(
            shapes(&generated)["workers-kv-namespace-list-namespaces"],
            (Shape::Page, Shape::None, String::new())
        );
        assert!(!kv_tree(&generated).contains(&paged("WorkersKvNamespaceListNamespaces")));

        std::fs::write(
            &exceptions,
            "operationId\tpaging\twhy\nworkers-kv-namespace-list-namespaces\toffset\tno\n",
        )
        .unwrap();
        let error = generate().unwrap_err().to_string();
        assert!(
            error.contains("workers-kv-namespace-list-namespaces")
                && error.contains("has no `offset` parameter"),
            "{error}"
        );
        std::fs::write(&exceptions, "operationId\tpaging\twhy\nx\tsideways\tno\n").unwrap();
        let error = generate().unwrap_err().to_string();
        assert!(
            error.contains("pagination-exceptions.tsv:2") && error.contains("`sideways`"),
            "{error}"
        );
    }
}
