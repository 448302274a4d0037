//! `cargo xtask import`: Cloudflare's operations brought into `openapi/`
//! as Cloudflare publishes them, a file per product.
//!
//! The selection (a product, a tag, an `operationId`, a path prefix) picks
//! operations of a Cloudflare schema file; each goes to the file of its
//! product (`openapi/imported/<product>.json`, the product read from the
//! table `openapi/products.tsv`), which gets, besides what it already held,
//! the operation's path item keys and every component it refers to, found
//! by following `$ref`s to the end (`closure.rs`). What an imported file
//! holds already is imported again with it, from the same schema; without
//! a selection, every imported file is. So importing a newer schema
//! updates every imported operation and shows the difference as a diff of
//! these files. The text is Cloudflare's; the
//! project's changes to it are overlays in `openapi/fixes/` (see
//! `crate::spec::overlay`), never edits of the imported files.
//!
//! The output is deterministic: JSON with two-space indentation, keys
//! sorted (serde_json's map), a newline at the end.
//!
//! [`products`] (`cargo xtask products`) writes that table: the product of
//! every operation of Cloudflare's schema, placed by the TypeScript SDK
//! where it covers the operation and by `product_rules` elsewhere.

pub(crate) mod closure;
mod product_rules;
pub mod products;
pub(crate) mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::{Error, Workspace, output};

/// The imported files, inside the spec folder.
pub const IMPORTED_DIR: &str = "imported";
/// The product table, inside the spec folder.
pub const PRODUCTS_FILE: &str = "products.tsv";

/// The HTTP methods an OpenAPI path item can hold.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What to import, besides what the imported files already hold.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Products, as `openapi/products.tsv` names them (`kv`, `dns`).
    pub products: Vec<String>,
    /// Tags, as the schema writes them (`Workers KV Namespace`).
    pub tags: Vec<String>,
    /// `operationId`s.
    pub operations: Vec<String>,
    /// Path prefixes (`/accounts/{account_id}/storage/kv`).
    pub path_prefixes: Vec<String>,
}

impl Selection {
    fn is_empty(&self) -> bool {
        self.products.is_empty()
            && self.tags.is_empty()
            && self.operations.is_empty()
            && self.path_prefixes.is_empty()
    }
}

/// What an import did or, with `--check`, would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Per imported file (as shown): its operations and components, and
    /// whether it changed.
    pub files: Vec<(String, usize, usize, bool)>,
}

/// One operation of the schema, by where it is served.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    pub(crate) path: String,
    /// Lower case, as OpenAPI writes it.
    pub(crate) method: String,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{} {}`", self.method.to_uppercase(), self.path)
    }
}

/// Imports `selection` (plus everything already imported) from the schema
/// file `schema` into the workspace's `openapi/imported/`. With `check`,
/// writes nothing and fails when a file would change.
pub fn import(
    workspace: &Workspace,
    schema: &Path,
    selection: &Selection,
    check: bool,
) -> Result<Report, Error> {
    let spec_dir = workspace.spec_dir();
    let source = schema::read(schema, &workspace.shown(schema))?;
    let products = read_products(
        &spec_dir.join(PRODUCTS_FILE),
        &workspace.shown(&spec_dir.join(PRODUCTS_FILE)),
    )?;
    let imported_dir = spec_dir.join(IMPORTED_DIR);

    // What the imported files hold now, per product file.
    let mut wanted: BTreeMap<String, BTreeSet<Key>> = BTreeMap::new();
    for (product, keys) in already_imported(&imported_dir, workspace)? {
        wanted.entry(product).or_default().extend(keys);
    }
    let mut selected = select(&source, selection)?;
    selected.extend(
        products
            .iter()
            .filter(|(_, product)| selection.products.contains(product))
            .map(|(key, _)| key.clone()),
    );
    if selected.is_empty() && !selection.is_empty() {
        return Err(Error::Import {
            message: "the selection matches no operation of the schema".into(),
        });
    }
    // With a selection, only the files it adds to are imported again.
    let mut touched = BTreeSet::new();
    for key in selected {
        let Some(product) = products.get(&key) else {
            return Err(Error::Import {
                message: format!(
                    "{key} has no product in {}/{PRODUCTS_FILE}; add its row first",
                    crate::SPEC_DIR
                ),
            });
        };
        touched.insert(product.clone());
        wanted.entry(product.clone()).or_default().insert(key);
    }
    if !selection.is_empty() {
        wanted.retain(|product, _| touched.contains(product));
    }

    let mut report = Report { files: Vec::new() };
    for (product, keys) in &wanted {
        let document = cut(&source, keys)?;
        let operations = keys.len();
        let components = document
            .get("components")
            .and_then(Value::as_object)
            .map_or(0, |kinds| {
                kinds
                    .values()
                    .filter_map(Value::as_object)
                    .map(Map::len)
                    .sum()
            });
        let mut text = serde_json::to_string_pretty(&document).map_err(|e| Error::Import {
            message: e.to_string(),
        })?;
        text.push('\n');
        let path: PathBuf = imported_dir.join(format!("{product}.json"));
        let shown = workspace.shown(&path);
        let changed = if check {
            output::check(&path, &shown, &text).map(|()| false)?
        } else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                    path: shown.clone(),
                    source,
                })?;
            }
            output::write(&path, &shown, &text)?
        };
        report.files.push((shown, operations, components, changed));
    }
    Ok(report)
}

/// The operations of `source` that `selection` picks.
fn select(source: &Value, selection: &Selection) -> Result<Vec<Key>, Error> {
    let mut keys = Vec::new();
    let paths = source.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation.get("operationId").and_then(Value::as_str);
            let tags: Vec<&str> = operation
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let picked = id.is_some_and(|id| selection.operations.iter().any(|o| o == id))
                || tags.iter().any(|t| selection.tags.iter().any(|s| s == t))
                || selection
                    .path_prefixes
                    .iter()
                    .any(|p| path.starts_with(p.as_str()));
            if picked {
                keys.push(Key {
                    path: path.clone(),
                    method: method.to_owned(),
                });
            }
        }
    }
    Ok(keys)
}

/// The document of `keys`: their path items (the chosen methods and the
/// path-level keys) and every component they reach.
fn cut(source: &Value, keys: &BTreeSet<Key>) -> Result<Value, Error> {
    let mut paths = Map::new();
    for key in keys {
        let Some(item) = source.pointer(&format!("/paths/{}", pointer_token(&key.path))) else {
            return Err(Error::Import {
                message: format!("{key} is imported but the schema no longer has it"),
            });
        };
        let Some(operation) = item.get(&key.method) else {
            return Err(Error::Import {
                message: format!("{key} is imported but the schema no longer has it"),
            });
        };
        let entry = paths
            .entry(key.path.clone())
            .or_insert_with(|| path_level_keys(item));
        if let Value::Object(entry) = entry {
            entry.insert(key.method.clone(), operation.clone());
        }
    }
    let paths = Value::Object(paths);
    let components = closure::components(source, &paths)?;
    let mut document = Map::new();
    if let Some(version) = source.get("openapi") {
        document.insert("openapi".into(), version.clone());
    }
    document.insert("paths".into(), paths);
    if !components.is_empty() {
        document.insert("components".into(), Value::Object(components));
    }
    Ok(Value::Object(document))
}

/// A path item's keys that are not operations (`parameters`, `summary`,
/// ...): they apply to every operation of the path.
fn path_level_keys(item: &Value) -> Value {
    let kept = item
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| !METHODS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    Value::Object(kept)
}

/// The operations each product's imported file holds now.
fn already_imported(dir: &Path, workspace: &Workspace) -> Result<Vec<(String, Vec<Key>)>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let read_error = |path: &Path, source| Error::Read {
        path: workspace.shown(path),
        source,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        let path = entry.map_err(|e| read_error(dir, e))?.path();
        let (Some(product), Some("json")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| Error::Syntax {
            path: workspace.shown(&path),
            format: "JSON",
            message: e.to_string(),
        })?;
        let mut keys = Vec::new();
        for (route, item) in value
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for method in METHODS {
                if item.get(method).is_some() {
                    keys.push(Key {
                        path: route.clone(),
                        method: method.to_owned(),
                    });
                }
            }
        }
        found.push((product.to_owned(), keys));
    }
    found.sort();
    Ok(found)
}

/// The product of each operation, from the table (`spec::product_table`).
pub(crate) fn read_products(path: &Path, shown: &str) -> Result<BTreeMap<Key, String>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: shown.to_owned(),
        source,
    })?;
    let rows = crate::spec::product_table::parse(&text).map_err(|message| Error::Products {
        path: shown.to_owned(),
        message,
    })?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let key = Key {
                path: row.path,
                method: row.method.to_lowercase(),
            };
            (key, row.product)
        })
        .collect())
}

/// `text` as one token of a JSON pointer (RFC 6901).
pub(crate) fn pointer_token(text: &str) -> String {
    text.replace('~', "~0").replace('/', "~1")
}
