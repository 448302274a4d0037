//! `openapi/products.tsv`: the product each operation belongs to, one row
//! per operation of Cloudflare's schema, written by `cargo xtask products`
//! (`crate::import::products`) and read by regen, which refuses an
//! operation of the spec that has no row (`check`).
//!
//! Tab-separated, with a header line, sorted by path then method:
//! `method path operationId product chain name from` (see
//! CONTRIBUTING.md, "Which product an operation belongs to").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::Error;
use crate::spec::OperationRef;
use crate::spec::location::{Source, locate};

/// The table's file name, in the spec folder.
pub const FILE_NAME: &str = "products.tsv";

/// The table's columns, its first line.
pub const HEADER: [&str; 7] = [
    "method",
    "path",
    "operationId",
    "product",
    "chain",
    "name",
    "from",
];

/// One operation's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Upper-case (`GET`).
    pub method: String,
    pub path: String,
    /// Its `operationId` as Cloudflare publishes it; empty when it has none.
    pub operation_id: String,
    /// Kebab-case (`workers-for-platforms`).
    pub product: String,
    /// The TypeScript SDK's resource chain
    /// (`workersForPlatforms.dispatch.namespaces`); empty where the SDK does
    /// not cover the operation.
    pub chain: String,
    /// The TypeScript SDK's method name (`list`); empty likewise.
    pub name: String,
    /// What placed it: `typescript`, `exception` or a rule's name.
    pub from: String,
}

impl Row {
    fn fields(&self) -> [&str; 7] {
        [
            &self.method,
            &self.path,
            &self.operation_id,
            &self.product,
            &self.chain,
            &self.name,
            &self.from,
        ]
    }
}

/// The table's text: the header, then `rows` sorted by path then method.
/// A field holding a tab or a line break is refused (it would break the
/// table), naming the row.
pub fn render(rows: &[Row]) -> Result<String, String> {
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    let mut text = HEADER.join("\t");
    text.push('\n');
    for row in sorted {
        let fields = row.fields();
        if let Some(field) = fields
            .iter()
            .find(|field| field.contains(['\t', '\n', '\r']))
        {
            return Err(format!(
                "`{} {}`: {field:?} holds a tab or a line break",
                row.method, row.path
            ));
        }
        text.push_str(&fields.join("\t"));
        text.push('\n');
    }
    Ok(text)
}

/// The rows of a table's `text`; an error names the line.
pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.split('\t').eq(HEADER) => {}
        _ => {
            return Err(format!(
                "line 1: the header must be `{}`",
                HEADER.join("\\t")
            ));
        }
    }
    lines
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [method, path, operation_id, product, chain, name, from] = fields[..] else {
                return Err(format!(
                    "line {}: {} fields, expected {}",
                    index + 1,
                    fields.len(),
                    HEADER.len()
                ));
            };
            Ok(Row {
                method: method.into(),
                path: path.into(),
                operation_id: operation_id.into(),
                product: product.into(),
                chain: chain.into(),
                name: name.into(),
                from: from.into(),
            })
        })
        .collect()
}

/// The table as regen uses it: each operation's row, by method and path,
/// and the SDK's chains of each collection (a path without its last
/// `{parameter}`), to place an operation the SDK does not cover beside its
/// siblings (`crate::tree`).
#[derive(Debug, Default)]
pub struct Table {
    rows: HashMap<(String, String), Row>,
    /// Per collection path, the chains of its covered operations, with how
    /// many operations have each.
    collections: HashMap<String, BTreeMap<String, usize>>,
}

impl Table {
    /// The table of `rows`.
    pub(crate) fn new(rows: Vec<Row>) -> Self {
        let mut collections: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        for row in rows.iter().filter(|row| !row.chain.is_empty()) {
            *collections
                .entry(collection(&row.path).to_owned())
                .or_default()
                .entry(row.chain.clone())
                .or_default() += 1;
        }
        let rows = rows
            .into_iter()
            .map(|row| ((row.method.clone(), row.path.clone()), row))
            .collect();
        Self { rows, collections }
    }

    /// Every row, in no set order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.values()
    }

    /// Whether some operation of the table has the `operationId` `id`, as
    /// published or, for one published without, as regen derives it.
    pub(crate) fn has_operation(&self, id: &str) -> bool {
        self.rows.values().any(|row| {
            row.operation_id == id
                || (row.operation_id.is_empty()
                    && super::derived_ids::derived(&row.method, &row.path, Some(self)) == id)
        })
    }

    /// The row of the operation `method` (any case) `path`.
    pub fn row(&self, method: &str, path: &str) -> Option<&Row> {
        self.rows.get(&(method.to_uppercase(), path.to_owned()))
    }

    /// The SDK's chain of the operations of `path`'s collection (the one
    /// most of them have; of several as many, the first by name): where an
    /// operation the SDK does not cover goes, beside its siblings.
    pub fn collection_chain(&self, path: &str) -> Option<&str> {
        let chains = self.collections.get(collection(path))?;
        let most = chains.values().copied().max()?;
        chains
            .iter()
            .find(|(_, count)| **count == most)
            .map(|(chain, _)| chain.as_str())
    }
}

/// `path` without its last segment when that is a `{parameter}`: the
/// collection an item belongs to (`/namespaces/{id}` → `/namespaces`).
fn collection(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some((parent, last)) if last.starts_with('{') && last.ends_with('}') => parent,
        _ => path,
    }
}

/// Reads the table of `dir` (the spec folder) and refuses an operation of
/// the spec that maps to no product: one whose method and path have no row,
/// naming its file, line and operationId.
///
/// A spec folder without a table (a scratch workspace of a test, or of the
/// regen-cost benchmark) is not checked, and its operations are placed by
/// Cloudflare's group names and their paths alone; the checkout's table is
/// there, and its own test (`xtask/tests/products.rs`) fails without it.
pub(crate) fn check(
    dir: &Path,
    operations: &[OperationRef],
    sources: &[Source],
    shown: impl Fn(&Path) -> String,
) -> Result<Option<Table>, Error> {
    let path = dir.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Read {
                path: shown(&path),
                source,
            });
        }
    };
    let rows = parse(&text).map_err(|message| Error::Products {
        path: shown(&path),
        message,
    })?;
    let table = Table::new(rows);
    for operation in operations {
        let method = operation.method.to_uppercase();
        if table.row(&method, &operation.route).is_some() {
            continue;
        }
        let at = [
            "paths".to_owned(),
            operation.route.clone(),
            operation.method.clone(),
        ];
        let location = match sources.iter().find(|source| source.shown == operation.file) {
            Some(source) => locate(std::slice::from_ref(source), &source.value, &at),
            None => locate(sources, &serde_json::Value::Null, &at),
        };
        return Err(Error::Construct {
            location,
            message: format!(
                "it maps to no product: {} has no row for `{method} {}`; \
                 regenerate it with `cargo xtask products` (see CONTRIBUTING.md, \
                 \"Which product an operation belongs to\")",
                shown(&path),
                operation.route
            ),
        });
    }
    Ok(Some(table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(method: &str, path: &str, product: &str) -> Row {
        Row {
            method: method.into(),
            path: path.into(),
            operation_id: String::new(),
            product: product.into(),
            chain: String::new(),
            name: String::new(),
            from: "path-prefix".into(),
        }
    }

    #[test]
    fn rows_are_sorted_by_path_then_method_and_read_back() {
        let rows = [
            row("POST", "/b", "x"),
            row("GET", "/b", "x"),
            row("PUT", "/a", "y"),
        ];
        let text = render(&rows).unwrap();
        assert_eq!(
            text,
            "method\tpath\toperationId\tproduct\tchain\tname\tfrom\n\
             PUT\t/a\t\ty\t\t\tpath-prefix\n\
             GET\t/b\t\tx\t\t\tpath-prefix\n\
             POST\t/b\t\tx\t\t\tpath-prefix\n"
        );
        let read = parse(&text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[0], rows[2]);
    }

    #[test]
    fn a_tab_in_a_field_and_a_short_line_are_refused() {
        let mut bad = row("GET", "/a", "x");
        bad.operation_id = "a\tb".into();
        assert!(render(&[bad]).unwrap_err().contains("`GET /a`"));
        let text = format!("{}\nGET\t/a\n", HEADER.join("\t"));
        assert_eq!(parse(&text).unwrap_err(), "line 2: 2 fields, expected 7");
    }
}
