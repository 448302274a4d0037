//! `cargo xtask products [--check]`: writes `openapi/products.tsv`, the
//! product of every operation of Cloudflare's schema
//! (`crate::spec::product_table` has its format).
//!
//! It reads three files:
//!
//! - Cloudflare's schema (`.json` or `.json.gz`), for its operations: method,
//!   path, `operationId`, tags and `x-fern-sdk-group-name`;
//! - the TypeScript SDK's table (`operationId method path ts_resource
//!   ts_method ts_pagination`, one row per operation the SDK covers, matched
//!   to the schema by method and path): a covered operation's product is
//!   the chain's first resource in kebab-case, its `chain` and `name` the
//!   SDK's;
//! - `openapi/products-exceptions.tsv` (`method path product reason`): the
//!   operations the rules of `super::product_rules` would misplace, each
//!   with its product and why.
//!
//! Every other operation is placed by those rules. It fails, writing
//! nothing, when an operation gets no product, when an exception names an
//! operation the schema does not have, one the SDK covers, or one the rules
//! already place there, and when the SDK's table names an operation the
//! schema does not have. The same files always give the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::product_rules::{self, Operation, Rule, Rules};
use crate::spec::product_table::{self, Row};
use crate::{Error, Mode, Workspace, output};

/// The exceptions file's name, in the spec folder.
pub const EXCEPTIONS_FILE_NAME: &str = "products-exceptions.tsv";

/// The exceptions file's columns, its first line.
const EXCEPTIONS_HEADER: [&str; 4] = ["method", "path", "product", "reason"];

/// The schema read by default, relative to the workspace root.
pub const DEFAULT_SCHEMA: &str = "../shared/reference/cloudflare-2026-08-14-openapi.json.gz";

/// The TypeScript SDK's table read by default, beside the schema.
pub const DEFAULT_TYPESCRIPT: &str = "cloudflare-typescript-resources-2026-08-18.tsv";

/// The TypeScript SDK table's columns, its first line.
const TYPESCRIPT_HEADER: [&str; 6] = [
    "operationId",
    "method",
    "path",
    "ts_resource",
    "ts_method",
    "ts_pagination",
];

/// The HTTP methods an OpenAPI path item holds operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What a successful `cargo xtask products` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The table, as shown to people.
    pub output: String,
    /// Its rows: the schema's operations.
    pub rows: usize,
    /// How many operations each way of placing one placed, by its name in
    /// the `from` column: `typescript`, `exception`, then the rules in the
    /// order they are tried.
    pub by_rule: Vec<(&'static str, usize)>,
    /// How many operations each product has, the largest first (by name
    /// when as many).
    pub products: Vec<(String, usize)>,
    /// Whether the table was (re)written; always false with [`Mode::Check`].
    pub written: bool,
}

/// Writes (or with [`Mode::Check`], compares) the workspace's product table
/// from the schema at `schema` and the TypeScript SDK's table at
/// `typescript`.
pub fn products(
    workspace: &Workspace,
    schema: &Path,
    typescript: &Path,
    mode: Mode,
) -> Result<Report, Error> {
    let shown = |path: &Path| workspace.shown(path);
    let operations = read_schema(schema, &shown)?;
    let sdk = read_typescript(typescript, &operations, &shown)?;
    let exceptions_path = workspace.spec_dir().join(EXCEPTIONS_FILE_NAME);
    let exceptions = read_exceptions(&exceptions_path, &shown)?;
    let rows = place(&operations, &sdk, &exceptions).map_err(|message| Error::Products {
        path: shown(&exceptions_path),
        message,
    })?;
    let table_path = workspace.spec_dir().join(product_table::FILE_NAME);
    let table_shown = shown(&table_path);
    let text = product_table::render(&rows).map_err(|message| Error::Products {
        path: table_shown.clone(),
        message,
    })?;
    let written = match mode {
        Mode::Write => output::write(&table_path, &table_shown, &text)?,
        Mode::Check => {
            output::check(&table_path, &table_shown, &text).map_err(|error| match error {
                Error::Stale { path, diff } => Error::Products {
                    path,
                    message: format!(
                        "stale: it differs from what the schema gives.\n{diff}\n\
                         Run `cargo xtask products` and commit the result."
                    ),
                },
                other => other,
            })?;
            false
        }
    };
    Ok(Report {
        output: table_shown,
        rows: rows.len(),
        by_rule: Rule::ALL
            .iter()
            .map(|rule| {
                let count = rows.iter().filter(|row| row.from == rule.name()).count();
                (rule.name(), count)
            })
            .collect(),
        products: sizes(&rows),
        written,
    })
}

/// The SDK's names for one operation it covers.
#[derive(Debug, Clone)]
struct SdkNames {
    /// `workersForPlatforms.dispatch.namespaces.scripts`.
    chain: String,
    /// `update`.
    name: String,
}

/// One operation listed by hand.
#[derive(Debug, Clone)]
struct Exception {
    method: String,
    path: String,
    product: String,
    /// Its line in the exceptions file, for messages.
    line: usize,
}

/// Every operation's row: see the module docs.
fn place(
    operations: &[Operation],
    sdk: &HashMap<(String, String), SdkNames>,
    exceptions: &[Exception],
) -> Result<Vec<Row>, String> {
    let names =
        |operation: &Operation| sdk.get(&(operation.method.clone(), operation.path.clone()));
    let covered: Vec<(&Operation, String)> = operations
        .iter()
        .filter_map(|operation| {
            let names = names(operation)?;
            let top = names.chain.split('.').next().unwrap_or_default();
            Some((operation, product_rules::kebab(top)))
        })
        .collect();
    let rules = Rules::new(
        covered
            .iter()
            .map(|(operation, product)| (*operation, product.as_str())),
    );
    let mut by_key: HashMap<(&str, &str), &Exception> = HashMap::new();
    for exception in exceptions {
        let key = (exception.method.as_str(), exception.path.as_str());
        if let Some(first) = by_key.insert(key, exception) {
            return Err(format!(
                "line {}: `{} {}` is listed twice (first at line {})",
                exception.line, exception.method, exception.path, first.line
            ));
        }
        let Some(operation) = operations.iter().find(|operation| {
            operation.method == exception.method && operation.path == exception.path
        }) else {
            return Err(format!(
                "line {}: the schema has no operation `{} {}`; remove the exception",
                exception.line, exception.method, exception.path
            ));
        };
        if let Some(names) = names(operation) {
            return Err(format!(
                "line {}: the TypeScript SDK covers `{} {}` (`{}.{}`), which decides its \
                 product; remove the exception",
                exception.line, exception.method, exception.path, names.chain, names.name
            ));
        }
        if let Some((rule, product)) = rules.place(operation)
            && product == exception.product
        {
            return Err(format!(
                "line {}: the rule `{}` already places `{} {}` in `{product}`; remove the \
                 exception",
                exception.line,
                rule.name(),
                exception.method,
                exception.path
            ));
        }
    }
    operations
        .iter()
        .map(|operation| {
            let (product, chain, name, rule) = if let Some(names) = names(operation) {
                let top = names.chain.split('.').next().unwrap_or_default();
                (
                    product_rules::kebab(top),
                    names.chain.clone(),
                    names.name.clone(),
                    Rule::TypeScript,
                )
            } else if let Some(exception) =
                by_key.get(&(operation.method.as_str(), operation.path.as_str()))
            {
                (
                    exception.product.clone(),
                    String::new(),
                    String::new(),
                    Rule::Exception,
                )
            } else {
                let (rule, product) = rules.place(operation).ok_or_else(|| {
                    format!(
                        "no rule places {} in a product; list it here with its product and why",
                        described(operation)
                    )
                })?;
                (product, String::new(), String::new(), rule)
            };
            Ok(Row {
                method: operation.method.clone(),
                path: operation.path.clone(),
                operation_id: operation.id.clone().unwrap_or_default(),
                product,
                chain,
                name,
                from: rule.name().to_owned(),
            })
        })
        .collect()
}

/// `operation `id` (`GET /path`)`, or `` `GET /path` `` without an id.
fn described(operation: &Operation) -> String {
    match &operation.id {
        Some(id) => format!(
            "operation `{id}` (`{} {}`)",
            operation.method, operation.path
        ),
        None => format!("`{} {}`", operation.method, operation.path),
    }
}

/// How many operations each product has, the largest first.
fn sizes(rows: &[Row]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *counts.entry(&row.product).or_default() += 1;
    }
    let mut sizes: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(product, count)| (product.to_owned(), count))
        .collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sizes
}

/// The operations of the schema at `path` (`.json`, or `.json.gz`).
fn read_schema(path: &Path, shown: &impl Fn(&Path) -> String) -> Result<Vec<Operation>, Error> {
    let read_error = |source| Error::Read {
        path: shown(path),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut text = String::new();
    if path.extension().is_some_and(|ext| ext == "gz") {
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut text)
            .map_err(read_error)?;
    } else {
        std::io::BufReader::new(file)
            .read_to_string(&mut text)
            .map_err(read_error)?;
    }
    let invalid = |message: String| Error::Products {
        path: shown(path),
        message,
    };
    /// What is read of the schema: its paths (the rest is skipped).
    #[derive(serde::Deserialize)]
    struct Schema {
        paths: BTreeMap<String, BTreeMap<String, Value>>,
    }
    let schema: Schema = serde_json::from_str(&text)
        .map_err(|e| invalid(format!("not a JSON OpenAPI document with `paths`: {e}")))?;
    let mut operations = Vec::new();
    for (route, item) in &schema.paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let text = |key: &str| {
                operation
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            operations.push(Operation {
                method: method.to_uppercase(),
                path: route.clone(),
                id: text("operationId"),
                tags: operation
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                fern_group: text("x-fern-sdk-group-name"),
            });
        }
    }
    if operations.is_empty() {
        return Err(invalid("it has no operations".into()));
    }
    Ok(operations)
}

/// The SDK's names of each operation it covers, by method and path, from
/// the table at `path`; each must be an operation of the schema.
fn read_typescript(
    path: &Path,
    operations: &[Operation],
    shown: &impl Fn(&Path) -> String,
) -> Result<HashMap<(String, String), SdkNames>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: shown(path),
        source,
    })?;
    let invalid = |message: String| Error::Products {
        path: shown(path),
        message,
    };
    let schema: std::collections::HashSet<(&str, &str)> = operations
        .iter()
        .map(|operation| (operation.method.as_str(), operation.path.as_str()))
        .collect();
    let mut lines = text.lines().enumerate();
    if !lines
        .next()
        .is_some_and(|(_, header)| header.split('\t').eq(TYPESCRIPT_HEADER))
    {
        return Err(invalid(format!(
            "line 1: the header must be `{}`",
            TYPESCRIPT_HEADER.join("\\t")
        )));
    }
    let mut names = HashMap::new();
    for (index, line) in lines {
        let line_number = index + 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let [_, method, route, chain, name, _] = fields[..] else {
            return Err(invalid(format!(
                "line {line_number}: {} fields, expected {}",
                fields.len(),
                TYPESCRIPT_HEADER.len()
            )));
        };
        if !schema.contains(&(method, route)) {
            return Err(invalid(format!(
                "line {line_number}: the schema has no operation `{method} {route}`; \
                 are the two files of the same time?"
            )));
        }
        let top = chain.split('.').next().unwrap_or_default();
        if !product_rules::is_product_name(&product_rules::kebab(top)) || name.is_empty() {
            return Err(invalid(format!(
                "line {line_number}: `{chain}` `{name}` is not a resource chain and a method"
            )));
        }
        let names_of = SdkNames {
            chain: chain.to_owned(),
            name: name.to_owned(),
        };
        if names
            .insert((method.to_owned(), route.to_owned()), names_of)
            .is_some()
        {
            return Err(invalid(format!(
                "line {line_number}: `{method} {route}` is listed twice"
            )));
        }
    }
    Ok(names)
}

/// The exceptions listed in the file at `path`; a line starting with `#`
/// is a comment, an empty line nothing.
fn read_exceptions(path: &Path, shown: &impl Fn(&Path) -> String) -> Result<Vec<Exception>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: shown(path),
        source,
    })?;
    let invalid = |message: String| Error::Products {
        path: shown(path),
        message,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    if !lines
        .next()
        .is_some_and(|(_, header)| header.split('\t').eq(EXCEPTIONS_HEADER))
    {
        return Err(invalid(format!(
            "the first line that is not a comment must be the header `{}`",
            EXCEPTIONS_HEADER.join("\\t")
        )));
    }
    lines
        .map(|(index, line)| {
            let line_number = index + 1;
            let fields: Vec<&str> = line.split('\t').collect();
            let [method, route, product, reason] = fields[..] else {
                return Err(invalid(format!(
                    "line {line_number}: {} fields, expected {} (tab-separated)",
                    fields.len(),
                    EXCEPTIONS_HEADER.len()
                )));
            };
            if !METHODS.contains(&method.to_lowercase().as_str()) || method != method.to_uppercase()
            {
                return Err(invalid(format!(
                    "line {line_number}: `{method}` is not an HTTP method in capitals"
                )));
            }
            if !product_rules::is_product_name(product) {
                return Err(invalid(format!(
                    "line {line_number}: `{product}` is not a product name (kebab-case)"
                )));
            }
            if reason.trim().is_empty() {
                return Err(invalid(format!(
                    "line {line_number}: say why `{method} {route}` belongs to `{product}`"
                )));
            }
            Ok(Exception {
                method: method.to_owned(),
                path: route.to_owned(),
                product: product.to_owned(),
                line: line_number,
            })
        })
        .collect()
}

/// The schema `cargo xtask products` reads by default: the one in
/// `../shared/reference/` beside the checkout.
pub fn default_schema(workspace: &Workspace) -> PathBuf {
    workspace.root().join(DEFAULT_SCHEMA)
}

/// The TypeScript SDK's table `cargo xtask products` reads by default: the
/// one beside `schema`.
pub fn default_typescript(schema: &Path) -> PathBuf {
    schema.with_file_name(DEFAULT_TYPESCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(method: &str, path: &str, id: Option<&str>) -> Operation {
        Operation {
            method: method.into(),
            path: path.into(),
            id: id.map(str::to_owned),
            ..Operation::default()
        }
    }

    fn sdk(rows: &[(&str, &str, &str, &str)]) -> HashMap<(String, String), SdkNames> {
        rows.iter()
            .map(|(method, path, chain, name)| {
                (
                    ((*method).to_owned(), (*path).to_owned()),
                    SdkNames {
                        chain: (*chain).to_owned(),
                        name: (*name).to_owned(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_covered_operation_keeps_the_sdks_product_and_chain() {
        let operations = [
            operation(
                "GET",
                "/accounts/{account_id}/workers/dispatch/namespaces",
                Some("namespace-worker-list"),
            ),
            operation(
                "DELETE",
                "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts",
                Some("namespace-worker-script-delete-by-tags"),
            ),
            operation(
                "GET",
                "/{accounts_or_zones}/{account_or_zone_id}/workers/dispatch/x",
                None,
            ),
        ];
        let sdk = sdk(&[(
            "GET",
            "/accounts/{account_id}/workers/dispatch/namespaces",
            "workersForPlatforms.dispatch.namespaces",
            "list",
        )]);
        let rows = place(&operations, &sdk, &[]).unwrap();
        assert_eq!(rows[0].product, "workers-for-platforms");
        assert_eq!(rows[0].chain, "workersForPlatforms.dispatch.namespaces");
        assert_eq!(rows[0].name, "list");
        assert_eq!(rows[0].from, "typescript");
        assert_eq!(rows[0].operation_id, "namespace-worker-list");
        assert_eq!(
            (
                rows[1].product.as_str(),
                rows[1].chain.as_str(),
                rows[1].from.as_str()
            ),
            ("workers-for-platforms", "", "path-prefix")
        );
        assert_eq!(
            (rows[2].product.as_str(), rows[2].operation_id.as_str()),
            ("workers-for-platforms", "")
        );
    }

    #[test]
    fn exceptions_win_and_must_be_needed() {
        let operations = [
            operation("GET", "/accounts/{account_id}/workers/scripts", Some("a")),
            operation("GET", "/accounts/{account_id}/workers/builds", Some("b")),
        ];
        let sdk = sdk(&[(
            "GET",
            "/accounts/{account_id}/workers/scripts",
            "workers.scripts",
            "list",
        )]);
        let exception = |path: &str, product: &str| Exception {
            method: "GET".into(),
            path: path.into(),
            product: product.into(),
            line: 3,
        };
        let rows = place(
            &operations,
            &sdk,
            &[exception("/accounts/{account_id}/workers/builds", "builds")],
        )
        .unwrap();
        assert_eq!(
            (rows[1].product.as_str(), rows[1].from.as_str()),
            ("builds", "exception")
        );
        let refused = |exception| place(&operations, &sdk, &[exception]).unwrap_err();
        assert!(
            refused(exception(
                "/accounts/{account_id}/workers/builds",
                "workers"
            ))
            .contains("the rule `path-prefix` already places"),
        );
        assert!(
            refused(exception("/accounts/{account_id}/workers/scripts", "other"))
                .contains("the TypeScript SDK covers"),
        );
        assert!(refused(exception("/nothing", "other")).contains("the schema has no operation"));
    }

    #[test]
    fn an_operation_no_rule_places_is_named() {
        let operations = [
            operation("GET", "/accounts/{account_id}/workers/scripts", Some("a")),
            operation("GET", "/accounts/{account_id}/d1/database", Some("b")),
            operation("GET", "/accounts/{account_id}", Some("account-get")),
        ];
        // Nothing past the scope, which holds two products; no group, no tag.
        let sdk = sdk(&[
            (
                "GET",
                "/accounts/{account_id}/workers/scripts",
                "workers.scripts",
                "list",
            ),
            (
                "GET",
                "/accounts/{account_id}/d1/database",
                "d1.database",
                "list",
            ),
        ]);
        let message = place(&operations, &sdk, &[]).unwrap_err();
        assert!(
            message.starts_with(
                "no rule places operation `account-get` (`GET /accounts/{account_id}`) in a product"
            ),
            "{message}"
        );
    }
}
