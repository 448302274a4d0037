//! Finding, parsing and checking the spec files under `openapi/`, then
//! merging and normalizing them into the one document progenitor reads.

pub(crate) mod checks;
pub(crate) mod derived_ids;
pub(crate) mod location;
pub mod merge;
pub(crate) mod overlay;
pub mod product_table;
pub(crate) mod refs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use openapiv3::{OpenAPI, ReferenceOr};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::normalize::omissions::{self, Warning};
use crate::spec::location::{Source, locate};
use crate::{Error, normalize, timing};

/// The whole spec: every file merged and normalized, ready for progenitor.
#[derive(Debug)]
pub struct Spec {
    /// The files it was read from, as shown to people, sorted: the spec
    /// files and the fixes applied to them.
    pub sources: Vec<String>,
    /// The merged, normalized document.
    pub document: OpenAPI,
    /// The same, as JSON: what products are cut from
    /// (`crate::generate`), without writing `document` out again. `None`
    /// for a product's part of the spec, which is cut from it.
    pub(crate) normalized: Option<Arc<Value>>,
    /// The merged document before normalization: the API as the spec's
    /// files describe it (what the contract tests' mock server serves).
    /// Shared, not copied, by the products' specs (`generate::split`).
    pub written: Arc<Value>,
    /// Every operation, to name the culprit when generation fails.
    pub operations: Vec<OperationRef>,
    /// What regen leaves out of operations that the spec does not
    /// acknowledge (see `crate::normalize::omissions`), sorted.
    pub warnings: Vec<Warning>,
    /// The project's fixes (`openapi/fixes/`, see `overlay.rs`) applied to
    /// the merged files, in order, with how many places each action changed.
    pub fixes: Vec<overlay::Applied>,
    /// `openapi/products.tsv`, when the spec folder has it: each
    /// operation's product and the official SDKs' name for it, which the
    /// tree follows.
    pub products: Option<product_table::Table>,
    /// `openapi/pagination-exceptions.tsv`: how an operation is paged
    /// where the project decided against regen's inference, with why
    /// (`crate::paging`), by `operationId`.
    pub(crate) paging_exceptions: std::collections::BTreeMap<String, crate::paging::Exception>,
    /// The files as read, to say where something is (file and line);
    /// shared like `written`.
    pub(crate) files: Arc<Vec<Source>>,
}

/// The product of a spec without a product table (a scratch workspace of a
/// test): every operation is in it.
pub const DEFAULT_PRODUCT: &str = "api";

impl Spec {
    /// The product `operation` belongs to: its row of the product table
    /// (`openapi/products.tsv`), or [`DEFAULT_PRODUCT`] without a table.
    pub fn product_of(&self, operation: &OperationRef) -> &str {
        self.products
            .as_ref()
            .and_then(|table| table.row(&operation.method, &operation.route))
            .map_or(DEFAULT_PRODUCT, |row| row.product.as_str())
    }
}

/// Where an operation is defined.
#[derive(Debug, Clone)]
pub struct OperationRef {
    pub id: String,
    /// Lower-case, as openapiv3 names it (`post`).
    pub method: String,
    pub route: String,
    pub file: String,
}

impl OperationRef {
    /// The generated client's method (and progenitor's builder) name for
    /// the operation: its `operationId` in snake case, as progenitor names
    /// it (`namespace_worker_list`).
    pub fn method_name(&self) -> String {
        heck::ToSnakeCase::to_snake_case(self.id.as_str())
    }
}

impl std::fmt::Display for OperationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let method = self.method.to_uppercase();
        write!(f, "`{method} {}` in {}", self.route, self.file)
    }
}

/// One spec file, parsed and checked on its own.
#[derive(Debug)]
pub(crate) struct SpecFile {
    /// The path as shown to people (relative to the workspace root).
    pub shown: String,
    /// The file's content, which merging works on.
    pub value: Value,
    pub operations: Vec<OperationRef>,
    /// The file's text, for the lines of what regen reports.
    pub text: String,
}

/// Reads every spec file in `dir` (sorted by name, so the result does not
/// depend on the file system's order) and merges them into one [`Spec`].
/// `shown` turns a path into the form used in messages.
pub fn load(dir: &Path, shown: impl Fn(&Path) -> String + Sync) -> Result<Spec, Error> {
    let paths = spec_files(dir, &shown)?;
    let fixes = overlay::read_dir(&dir.join(overlay::FIXES_DIR), &shown)?;
    let files = timing::step("read + parse", || parse_files(&paths, &shown))?;
    let operations: Vec<OperationRef> = files
        .iter()
        .flat_map(|file| file.operations.clone())
        .collect();

    let sources: Vec<Source> = files
        .into_iter()
        .map(|file| Source {
            shown: file.shown,
            text: file.text,
            value: file.value,
        })
        .collect();
    let products = timing::step("products", || {
        product_table::check(dir, &operations, &sources, &shown)
    })?;
    let paging_exceptions = crate::paging::exceptions(dir, &shown)?;
    let (written, (document, normalized), warnings, applied, operations) = timing::step(
        "merge + normalize",
        || {
            let mut merged = merge::merge(&sources)?;
            let applied = fixes
                .iter()
                .map(|fixes| overlay::apply(fixes, &mut merged))
                .collect::<Result<Vec<_>, _>>()?;
            derived_ids::apply(&mut merged, products.as_ref());
            let written = merged.clone();
            let operations = named_by_fixes(operations, &written)?;
            unique_operations(&operations)?;
            let omissions = normalize::apply(&mut merged).map_err(|refusal| Error::Construct {
                location: locate(&sources, &written, &refusal.at),
                message: refusal.message,
            })?;
            let settled = omissions::settle(omissions, &mut merged, &written, &sources);
            if let Some((location, key)) = settled.unexplained.into_iter().next() {
                return Err(Error::Construct {
                    location,
                    message: format!(
                        "`{}` acknowledges `{key}` without a reason; say why leaving it out is fine",
                        omissions::ACKNOWLEDGE_EXTENSION
                    ),
                });
            }
            if let Some((location, key)) = settled.stale.into_iter().next() {
                return Err(Error::Construct {
                    location,
                    message: format!(
                        "`{}` acknowledges `{key}`, which regen does not leave out; remove it",
                        omissions::ACKNOWLEDGE_EXTENSION
                    ),
                });
            }
            // The files were valid on their own; only a bad merge or rewrite fails here.
            let document = OpenAPI::deserialize(&merged).map_err(|e| Error::Invalid {
                path: "the merged spec".into(),
                message: e.to_string(),
            })?;
            Ok::<_, Error>((
                written,
                (document, merged),
                settled.warnings,
                applied,
                operations,
            ))
        },
    )?;

    // The fixes are sources too: the generated files name them.
    let mut shown: Vec<String> = sources.iter().map(|file| file.shown.clone()).collect();
    shown.extend(fixes.iter().map(|fixes| fixes.shown.clone()));
    shown.sort();
    Ok(Spec {
        sources: shown,
        document,
        normalized: Some(Arc::new(normalized)),
        written: Arc::new(written),
        operations,
        warnings,
        fixes: applied,
        products,
        paging_exceptions,
        files: Arc::new(sources),
    })
}

/// Reads and parses `paths` on up to one thread per core (the whole API is
/// 133 files, 24 MB of JSON), in their order; the first failure in that
/// order, if any.
fn parse_files(
    paths: &[PathBuf],
    shown: &(impl Fn(&Path) -> String + Sync),
) -> Result<Vec<SpecFile>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut parsed: Vec<(usize, Result<SpecFile, Error>)> = std::thread::scope(|scope| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(index) else {
                    return mine;
                };
                mine.push((index, parse_file(path, shown(path))));
            }
        };
        let helpers: Vec<_> = (1..threads.min(paths.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mut all = work();
        for helper in helpers {
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    parsed.sort_by_key(|(index, _)| *index);
    parsed.into_iter().map(|(_, file)| file).collect()
}

/// The spec files in `dir` and its subfolders: `*.yaml`, `*.yml`, `*.json`,
/// except the project's fixes (`fixes/`), which are overlays applied to
/// them.
fn spec_files(dir: &Path, shown: &impl Fn(&Path) -> String) -> Result<Vec<PathBuf>, Error> {
    let mut paths = Vec::new();
    collect_spec_files(dir, shown, &mut paths)?;
    if paths.is_empty() {
        return Err(Error::NoSpecs { dir: shown(dir) });
    }
    paths.sort();
    Ok(paths)
}

fn collect_spec_files(
    dir: &Path,
    shown: &impl Fn(&Path) -> String,
    paths: &mut Vec<PathBuf>,
) -> Result<(), Error> {
    let read_error = |source| Error::Read {
        path: shown(dir),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|name| name == overlay::FIXES_DIR)
        {
            continue;
        }
        if path.is_dir() {
            collect_spec_files(&path, shown, paths)?;
        } else if path.is_file()
            && matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "yml" | "json")
            )
        {
            paths.push(path);
        }
    }
    Ok(())
}

fn parse_file(path: &Path, shown: String) -> Result<SpecFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: shown.clone(),
        source,
    })?;
    let format = Format::of(path);
    let value: Value = format.parse(&text).map_err(|message| Error::Syntax {
        path: shown.clone(),
        format: format.name(),
        message,
    })?;
    check_version(&value).map_err(|reason| Error::NotOpenApi30 {
        path: shown.clone(),
        reason,
    })?;
    let invalid = |message| Error::Invalid {
        path: shown.clone(),
        message,
    };
    // Read from the text, not from `value`, so that errors carry a line. A
    // file that adds paths to another need not repeat `info`, which the
    // merge takes from the file that has it.
    let document: OpenAPI = if value.get("info").is_some() {
        format.parse(&text).map_err(invalid)?
    } else {
        let mut with_info = value.clone();
        with_info["info"] = serde_json::json!({ "title": "", "version": "" });
        serde_json::from_value(with_info).map_err(|e| invalid(e.to_string()))?
    };
    let operations = operations(&document, &shown)?;
    Ok(SpecFile {
        shown,
        value,
        operations,
        text,
    })
}

/// The two syntaxes a spec file can be written in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Yaml,
    Json,
}

impl Format {
    fn of(path: &Path) -> Self {
        match path.extension() {
            Some(ext) if ext == "json" => Self::Json,
            _ => Self::Yaml,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Yaml => "YAML",
            Self::Json => "JSON",
        }
    }

    /// Parses `text`; the error names the line and column.
    fn parse<T: DeserializeOwned>(self, text: &str) -> Result<T, String> {
        match self {
            Self::Yaml => serde_yaml_ng::from_str(text).map_err(|e| e.to_string()),
            Self::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        }
    }
}

/// progenitor reads OpenAPI 3.0.x only; say so before anything else fails.
fn check_version(value: &Value) -> Result<(), String> {
    let Some(top) = value.as_object() else {
        return Err("its top level is not a mapping".into());
    };
    match top.get("openapi") {
        Some(Value::String(version)) if version.trim().starts_with("3.0.") => Ok(()),
        Some(Value::String(version)) => Err(format!(
            "it declares `openapi: {version}`, and only 3.0.x is supported"
        )),
        Some(other) => Err(format!(
            "`openapi` must be a string such as \"3.0.3\" (quote it in YAML), not {other}"
        )),
        None if top.contains_key("swagger") => {
            Err("it is a Swagger 2.0 document; convert it to OpenAPI 3.0.x".into())
        }
        None => Err("it has no `openapi` field".into()),
    }
}

/// Every operation of one file; each must have an operationId.
fn operations(document: &OpenAPI, shown: &str) -> Result<Vec<OperationRef>, Error> {
    let mut found = Vec::new();
    for (route, item) in &document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(Error::Invalid {
                path: shown.to_string(),
                message: format!(
                    "paths: `{route}` is a `$ref`, which is not supported; write it out"
                ),
            });
        };
        for (method, operation) in item.iter() {
            // One without an id may get one from a fix (`named_by_fixes`).
            let id = operation.operation_id.clone().unwrap_or_default();
            found.push(OperationRef {
                id,
                method: method.to_string(),
                route: route.clone(),
                file: shown.to_string(),
            });
        }
    }
    Ok(found)
}

/// `operations` with the operationId each has in `written` (the merged
/// spec with the fixes applied): Cloudflare publishes some operations
/// without one (all 130 under `/{accounts_or_zones}/...`); a fix gives it,
/// else `derived_ids` derives it. One that has none still is refused,
/// naming it.
fn named_by_fixes(
    mut operations: Vec<OperationRef>,
    written: &Value,
) -> Result<Vec<OperationRef>, Error> {
    for operation in operations.iter_mut().filter(|op| op.id.is_empty()) {
        let id = written
            .get("paths")
            .and_then(|paths| paths.get(&operation.route))
            .and_then(|item| item.get(&operation.method))
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str);
        match id {
            Some(id) if !id.is_empty() => operation.id = id.to_owned(),
            _ => {
                return Err(Error::MissingOperationId {
                    path: operation.file.clone(),
                    method: operation.method.to_uppercase(),
                    route: operation.route.clone(),
                });
            }
        }
    }
    Ok(operations)
}

/// Checks that no operationId is used twice.
fn unique_operations(operations: &[OperationRef]) -> Result<(), Error> {
    let mut seen: HashMap<&str, &OperationRef> = HashMap::new();
    for operation in operations {
        if let Some(first) = seen.insert(&operation.id, operation) {
            return Err(Error::DuplicateOperationId {
                id: operation.id.clone(),
                first: first.to_string(),
                second: operation.to_string(),
            });
        }
    }
    Ok(())
}
