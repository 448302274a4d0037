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
//! 3. `generate`: run progenitor (when it fails, `culprit` finds the
//!    component schema or operation by bisection and names its file and
//!    line), then the passes over its output (`calls`, `envelope`,
//!    `limits`, `numbers`, ...);
//! 4. [`tree`]: the ergonomic crate's resource tree over the operations;
//!    `redact` spans stages: secrets marked in the spec, hidden in the
//!    generated `Debug` and in the tree's builders;
//! 5. `output`: format with prettyplease, put a "generated, do not edit"
//!    header on each file, and write them, or with `--check` compare them
//!    with the committed files.
//!
//! The same input always gives the same bytes, so `--check` can tell when a
//! spec change was not regenerated.
//!
//! `products` ([`import::products`]) writes `openapi/products.tsv`, the
//! product of every operation of Cloudflare's schema.

mod error;
mod generate;
pub mod import;
pub mod normalize;
mod output;
mod redact;
pub mod spec;
pub mod timing;
pub mod tree;

use std::path::{Path, PathBuf};

pub use error::Error;
pub use normalize::omissions::Warning;
pub use spec::location::Location;

/// Where the pipeline reads and writes, relative to a workspace root.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// The spec folder, relative to the workspace root.
pub const SPEC_DIR: &str = "openapi";
/// The generated file, relative to the workspace root.
pub const GENERATED_FILE: &str = "crates/cloudflare-api-generated/src/generated.rs";
/// The generated resource tree of the ergonomic crate, relative to the
/// workspace root.
pub const TREE_FILE: &str = "crates/cloudflare-api/src/api/generated.rs";

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

    pub fn generated_file(&self) -> PathBuf {
        self.root.join(GENERATED_FILE)
    }

    pub fn tree_file(&self) -> PathBuf {
        self.root.join(TREE_FILE)
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
    /// The generated file.
    pub output: String,
    /// Lines in the generated file.
    pub lines: usize,
    /// The generated resource tree of the ergonomic crate.
    pub tree: String,
    /// Lines in the resource tree.
    pub tree_lines: usize,
    /// Whether either file was (re)written; always false with
    /// [`Mode::Check`].
    pub written: bool,
    /// What regen left out of operations without the spec acknowledging
    /// it (see `x-rust-omits` in CONTRIBUTING.md): printed as warnings by
    /// `cargo xtask regen`; with [`Mode::Check`] they are an error instead.
    pub warnings: Vec<Warning>,
}

/// Generates the client from the workspace's spec, in memory: the
/// generated crate's file.
pub fn generate(workspace: &Workspace) -> Result<String, Error> {
    Ok(generate::generate(&workspace.load_spec()?)?.client)
}

/// `cargo xtask regen [--check]`.
pub fn regen(workspace: &Workspace, mode: Mode) -> Result<Report, Error> {
    let spec = workspace.load_spec()?;
    if mode == Mode::Check && !spec.warnings.is_empty() {
        return Err(Error::Unacknowledged {
            warnings: spec.warnings,
        });
    }
    let generated = generate::generate(&spec)?;
    let mut written = false;
    let mut shown_paths = Vec::new();
    for (path, text) in [
        (workspace.generated_file(), &generated.client),
        (workspace.tree_file(), &generated.tree),
    ] {
        let shown = workspace.shown(&path);
        match mode {
            Mode::Write => {
                written |= timing::step("write", || output::write(&path, &shown, text))?;
            }
            Mode::Check => output::check(&path, &shown, text)?,
        }
        shown_paths.push(shown);
    }
    let tree = shown_paths.pop().unwrap_or_default();
    let output = shown_paths.pop().unwrap_or_default();
    Ok(Report {
        sources: spec.sources,
        output,
        lines: generated.client.lines().count(),
        tree,
        tree_lines: generated.tree.lines().count(),
        written,
        warnings: spec.warnings,
    })
}
