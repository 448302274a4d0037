//! Maintainer tasks of the workspace, run as `cargo xtask <task>`.
//!
//! A folder per stage of the pipeline, in the order a spec goes through
//! them:
//!
//! 0. [`import`] (`cargo xtask import`): Cloudflare's operations, as
//!    published, into `openapi/imported/<product>.json`, with every
//!    component they reach; never edited by hand after;
//! 1. [`spec`]: read every `*.yaml`, `*.yml` and `*.json` file under
//!    `openapi/` but `fixes/` with `openapiv3`, check each (OpenAPI 3.0.x, an
//!    operationId on every operation, none used twice), [`merge`](spec::merge)
//!    them into one document (every operation needs a row in
//!    `openapi/products.tsv`: [`spec::product_table`]), apply the project's fixes to it (OpenAPI
//!    Overlay 1.0 documents in `openapi/fixes/`, `spec/overlay.rs`) and
//!    refuse what no rewrite can take (`spec/checks.rs`), naming file and
//!    line (`spec/location.rs`);
//! 2. [`normalize`]: the named rules for every operation: rewrite the few
//!    constructs progenitor cannot take as Cloudflare writes them, and
//!    record what the client leaves out of an operation (`omissions`:
//!    printed as warnings, an error with `--check` unless the spec
//!    acknowledges it);
//! 3. `generate`: split the spec by product (`openapi/products.tsv`; one
//!    product, `api`, without it), and for each run progenitor on its
//!    operations and the components they reach (when it fails, `culprit`
//!    finds the component schema or operation by bisection and names its
//!    file and line), then the passes over its output (`calls`,
//!    `envelope`, `limits`, `numbers`, ...); the products are made on as
//!    many threads as the machine has cores, a product on one thread from
//!    its spec to its files (syn's values cannot cross threads);
//! 4. [`tree`]: the ergonomic resource tree over every operation (names
//!    are given across products, the one step all threads wait for), split
//!    by product; `redact` spans
//!    stages: secrets marked in the spec, hidden in the generated `Debug`
//!    and in the tree's builders;
//! 5. `output`: format with prettyplease, put a "generated, do not edit"
//!    header on each file, and write each product's crate
//!    (`crates/products/<product>/`: `Cargo.toml`, `src/lib.rs`,
//!    `src/generated.rs`, `src/tree.rs`; `output/crates.rs`), the facade's
//!    `src/products.rs` and the product blocks of its `Cargo.toml`, or with
//!    `--check` compare them with the committed files.
//!
//! The same input always gives the same bytes, so `--check` can tell when a
//! spec change was not regenerated.
//!
//! `products` ([`import::products`]) writes `openapi/products.tsv`, the
//! product of every operation of Cloudflare's schema.

mod coverage;
mod error;
mod generate;
pub mod import;
pub mod normalize;
mod output;
mod paging;
mod redact;
pub mod spec;
pub mod timing;
pub mod tree;

use std::path::{Path, PathBuf};

pub use error::Error;
/// The document of some operations alone: a spec document (JSON) with only
/// their paths' methods and the components those reach, as each product's
/// client is generated from (the contract tests' mock servers serve such
/// parts too).
pub use generate::product_document;
pub use normalize::omissions::Warning;
pub use spec::location::Location;

/// Where the pipeline reads and writes, relative to a workspace root.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// The spec folder, relative to the workspace root.
pub const SPEC_DIR: &str = "openapi";
pub use output::crates::{FACADE_DIR, PRODUCTS_DIR};
pub use spec::DEFAULT_PRODUCT;

/// The generated client of the product [`DEFAULT_PRODUCT`], which holds
/// every operation of a spec without a product table (a test's scratch
/// workspace), relative to the workspace root.
pub const GENERATED_FILE: &str = "crates/products/api/src/generated.rs";
/// The resource tree of the product [`DEFAULT_PRODUCT`], relative to the
/// workspace root.
pub const TREE_FILE: &str = "crates/products/api/src/tree.rs";
/// The facade's generated way into each product, relative to the
/// workspace root.
pub const FACADE_FILE: &str = "crates/cloudflare-api/src/products.rs";

impl Workspace {
    /// The workspace at `root` (a checkout, or a copy of its `openapi/` and
    /// generated crate).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The checkout this xtask was built from, wherever cargo runs it.
    pub fn this_checkout() -> Self {
        let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        Self::new(xtask_dir.parent().unwrap_or(xtask_dir))
    }

    /// The workspace's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn spec_dir(&self) -> PathBuf {
        self.root.join(SPEC_DIR)
    }

    /// The generated client of [`DEFAULT_PRODUCT`] (see [`GENERATED_FILE`]).
    pub fn generated_file(&self) -> PathBuf {
        self.root.join(GENERATED_FILE)
    }

    /// The resource tree of [`DEFAULT_PRODUCT`] (see [`TREE_FILE`]).
    pub fn tree_file(&self) -> PathBuf {
        self.root.join(TREE_FILE)
    }

    /// The crate of `product`: `crates/products/<product>`.
    pub fn product_dir(&self, product: &str) -> PathBuf {
        self.root.join(PRODUCTS_DIR).join(product)
    }

    /// Reads, checks, merges and normalizes the spec.
    pub(crate) fn load_spec(&self) -> Result<spec::Spec, Error> {
        spec::load(&self.spec_dir(), |path| self.shown(path))
    }

    /// `path` as shown in messages: relative to the root, with `/`.
    pub(crate) fn shown(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
        parts.join("/")
    }
}

/// Whether `regen` writes the generated file or only checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a successful `regen` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The spec files read.
    pub sources: Vec<String>,
    /// Each product's crate (its folder, as shown), with its operations
    /// and the lines of its generated client and of its tree.
    pub products: Vec<(String, usize, usize, usize)>,
    /// Whether any file was (re)written; always false with
    /// [`Mode::Check`].
    pub written: bool,
    /// What regen left out of operations without the spec acknowledging
    /// it (see `x-rust-omits` in CONTRIBUTING.md): printed as warnings by
    /// `cargo xtask regen`; with [`Mode::Check`] they are an error instead.
    pub warnings: Vec<Warning>,
}

/// Generates the client from the workspace's spec, in memory: the
/// generated client of each product (its `src/generated.rs`), one after
/// the other in the order of their names (a spec without a product table
/// has one, [`DEFAULT_PRODUCT`]).
pub fn generate(workspace: &Workspace) -> Result<String, Error> {
    Ok(generate::generate(&workspace.load_spec()?, &|product| {
        output::crates::named_by_hand(&workspace.product_dir(product))
    })?
    .products
    .into_iter()
    .map(|product| product.client)
    .collect())
}

/// `cargo xtask regen [--check]`.
pub fn regen(workspace: &Workspace, mode: Mode) -> Result<Report, Error> {
    let spec = workspace.load_spec()?;
    if mode == Mode::Check && !spec.warnings.is_empty() {
        return Err(Error::Unacknowledged {
            warnings: spec.warnings,
        });
    }
    let generated = generate::generate(&spec, &|product| {
        output::crates::named_by_hand(&workspace.product_dir(product))
    })?;
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut products = Vec::new();
    for product in &generated.products {
        let dir = workspace.product_dir(&product.name);
        let hand = output::crates::hand_written(&dir)?;
        let lib =
            output::crates::product_lib(&product.sources, &product.name, product.operations, &hand);
        let tests = output::crates::tests_in(&dir, &hand, &[&lib, &product.client, &product.tree])?;
        files.push((
            dir.join("Cargo.toml"),
            output::crates::product_manifest(&product.name, product.operations, tests),
        ));
        files.push((dir.join("src/lib.rs"), lib));
        files.push((dir.join("src/generated.rs"), product.client.clone()));
        files.push((dir.join("src/tree.rs"), product.tree.clone()));
        products.push((
            workspace.shown(&dir),
            product.operations,
            product.client.lines().count(),
            product.tree.lines().count(),
        ));
    }
    let facade_dir = workspace.root.join(FACADE_DIR);
    if facade_dir.join("Cargo.toml").is_file() {
        let manifest = facade_dir.join("Cargo.toml");
        let current = std::fs::read_to_string(&manifest).map_err(|source| Error::Read {
            path: workspace.shown(&manifest),
            source,
        })?;
        let names: Vec<&str> = generated.products.iter().map(|p| p.name.as_str()).collect();
        files.push((manifest, output::crates::facade_manifest(&current, &names)?));
    }
    files.push((workspace.root.join(FACADE_FILE), generated.facade.clone()));
    if let Some(table) = &spec.products {
        let classes = paging::report::typescript_classes(&workspace.spec_dir())?;
        // The exceptions of products this spec does not import (a copy of
        // the workspace with some products only) wait for them.
        let exceptions = spec
            .paging_exceptions
            .iter()
            .filter(|(id, _)| {
                generated.paging.iter().any(|entry| &entry.id == *id) || !table.has_operation(id)
            })
            .map(|(id, exception)| (id.clone(), exception.clone()))
            .collect();
        let report = paging::report::render(&generated.paging, &classes, &exceptions)?;
        files.push((workspace.root.join(paging::report::FILE), report));
        let client: Vec<(String, usize)> = generated
            .products
            .iter()
            .map(|product| (product.name.clone(), product.operations))
            .collect();
        let fixes: Vec<(String, usize)> = spec
            .fixes
            .iter()
            .map(|applied| (applied.file.clone(), applied.actions.len()))
            .collect();
        files.push((
            workspace.root.join(coverage::FILE),
            coverage::render(table.rows(), &client, &classes, &fixes),
        ));
    }

    let mut written = false;
    for (path, text) in &files {
        let shown = workspace.shown(path);
        match mode {
            Mode::Write => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                        path: shown.clone(),
                        source,
                    })?;
                }
                written |= timing::step("write", || output::write(path, &shown, text))?;
            }
            Mode::Check => output::check(path, &shown, text)?,
        }
    }
    written |= stale_products(workspace, &generated, mode)?;
    Ok(Report {
        sources: spec.sources,
        products,
        written,
        warnings: spec.warnings,
    })
}

/// The product crates no product of the spec has any more: their generated
/// files removed (an error with [`Mode::Check`]); a crate with hand-written
/// files left is an error naming them.
fn stale_products(
    workspace: &Workspace,
    generated: &generate::Generated,
    mode: Mode,
) -> Result<bool, Error> {
    let dir = workspace.root.join(PRODUCTS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(false);
    };
    let mut removed = false;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !path.is_dir() || generated.products.iter().any(|p| p.name == name) {
            continue;
        }
        let shown = workspace.shown(&path);
        let stale = || Error::Stale {
            path: shown.clone(),
            diff: format!("no operation of the spec is in the product `{name}` any more"),
        };
        if mode == Mode::Check {
            return Err(stale());
        }
        for file in output::crates::GENERATED_FILES {
            let file = path.join(file);
            if file.is_file() {
                std::fs::remove_file(&file).map_err(|source| Error::Write {
                    path: workspace.shown(&file),
                    source,
                })?;
                removed = true;
            }
        }
        let hand = output::crates::hand_written(&path)?;
        if !hand.is_empty() {
            return Err(Error::Invalid {
                path: shown,
                message: format!(
                    "no operation of the spec is in the product `{name}` any more, but its \
                     crate has hand-written files ({}): move or remove them",
                    hand.join(", ")
                ),
            });
        }
        let _ = std::fs::remove_dir(path.join("src"));
        let _ = std::fs::remove_dir(&path);
    }
    Ok(removed)
}
