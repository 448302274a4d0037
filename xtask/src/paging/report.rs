//! `docs/pagination.md`: how each `GET` operation is paged, per product,
//! and where the official TypeScript SDK's page class disagrees, with the
//! project's decision (`openapi/pagination-exceptions.tsv`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

use super::{EXCEPTIONS_FILE, Exception, Shape};
use crate::Error;

/// The report, relative to the workspace root.
pub const FILE: &str = "docs/pagination.md";

/// The TypeScript SDK's table, in the spec folder (a copy of the
/// reference's, see `openapi/sdk/`).
const TYPESCRIPT_DIR: &str = "sdk";

/// One `GET` operation.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) product: String,
    /// Upper case.
    pub(crate) method: String,
    pub(crate) route: String,
    pub(crate) row: crate::tree::PagingRow,
}

/// The TypeScript SDK's page class (`ts_pagination`) by method and path,
/// from the first `typescript-resources-*.tsv` of `spec_dir/sdk/`; empty
/// without one.
pub(crate) fn typescript_classes(
    spec_dir: &Path,
) -> Result<HashMap<(String, String), String>, Error> {
    let dir = spec_dir.join(TYPESCRIPT_DIR);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with("typescript-resources-") && name.ends_with(".tsv")
                })
        })
        .collect();
    files.sort();
    let Some(path) = files.pop() else {
        return Ok(HashMap::new());
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| header.iter().position(|column| *column == name);
    let (Some(method), Some(route), Some(class)) =
        (column("method"), column("path"), column("ts_pagination"))
    else {
        return Err(Error::Invalid {
            path: path.display().to_string(),
            message: "needs the columns `method`, `path` and `ts_pagination`".into(),
        });
    };
    Ok(lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter_map(|columns| {
            Some((
                (
                    columns.get(method)?.to_string(),
                    columns.get(route)?.to_string(),
                ),
                columns.get(class).unwrap_or(&"").to_string(),
            ))
        })
        .collect())
}

/// The report on `entries`, or the first disagreement with the TypeScript
/// SDK (`classes`) that no exception decides, or an exception that decides
/// nothing.
pub(crate) fn render(
    entries: &[Entry],
    classes: &HashMap<(String, String), String>,
    exceptions: &BTreeMap<String, Exception>,
) -> Result<String, Error> {
    let mut undecided = Vec::new();
    let mut disagreements = Vec::new();
    let mut covered = 0;
    for entry in entries {
        let class = classes.get(&(entry.method.clone(), entry.route.clone()));
        let typescript = class.and_then(|class| Shape::of_typescript(class));
        covered += usize::from(typescript.is_some());
        let disagrees = typescript.is_some_and(|shape| shape != entry.row.inferred);
        let exception = exceptions.get(&entry.id);
        if disagrees {
            let Some(exception) = exception else {
                undecided.push(format!(
                    "`{}` ({} {}): regen infers `{}`, the TypeScript SDK walks it as `{}` ({}); \
                     decide which is right in a row of `{EXCEPTIONS_FILE}`, with why",
                    entry.id,
                    entry.method,
                    entry.route,
                    entry.row.inferred.name(),
                    typescript.map_or("", Shape::name),
                    match class.map_or("", String::as_str) {
                        "" => "no page class".to_owned(),
                        class => format!("`{class}`"),
                    },
                ));
                continue;
            };
            disagreements.push((entry, class.map_or("", String::as_str), exception));
        } else if let Some(exception) = exception
            && exception.shape == entry.row.inferred
        {
            undecided.push(format!(
                "`{}`: regen infers `{}` and nothing disagrees; remove its row",
                entry.id,
                exception.shape.name()
            ));
        }
    }
    for id in exceptions.keys() {
        if !entries.iter().any(|entry| &entry.id == id) {
            undecided.push(format!(
                "`{id}` is no `GET` operation of the spec's products; remove its row"
            ));
        }
    }
    if !undecided.is_empty() {
        return Err(Error::Fix {
            at: format!("openapi/{EXCEPTIONS_FILE}"),
            message: undecided.join("\n"),
        });
    }

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "<!-- Generated by `cargo xtask regen` from openapi/; do not edit. -->\n\n\
         # How each list is paged\n\n\
         `cargo xtask regen` infers how the list of each `GET` operation is paged, from \
         its query parameters and its answer (the rules: `xtask/src/tree/paging.rs`), and \
         gives the builder of every list walked `.pages()` and `.items()` (see the runtime's \
         `paging` module for when a walk ends). `openapi/{EXCEPTIONS_FILE}` holds where the \
         project decided otherwise, or decided against the official TypeScript SDK, with \
         why.\n\n\
         Shapes: `page` (`page` and `per_page`), `cursor` (`cursor`, the next one in \
         `result_info.cursor`), `cursors-after` (the next one in `result_info.cursors.after`), \
         `offset` (`offset` and `limit`), `none` (one page).\n"
    );

    let _ = writeln!(w, "## Per product\n");
    let _ = writeln!(
        w,
        "| product | `GET` | page | cursor | cursors-after | offset | none |"
    );
    let _ = writeln!(w, "|---|--:|--:|--:|--:|--:|--:|");
    let mut products: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for entry in entries {
        let index = Shape::ALL
            .iter()
            .position(|shape| *shape == entry.row.shape)
            .unwrap_or(4);
        products.entry(&entry.product).or_default()[index] += 1;
    }
    let mut all = [0; 5];
    for (product, counts) in &products {
        let _ = writeln!(
            w,
            "| {product} | {} | {} |",
            counts.iter().sum::<usize>(),
            cells(counts)
        );
        for (sum, count) in all.iter_mut().zip(counts) {
            *sum += count;
        }
    }
    let _ = writeln!(
        w,
        "| **all** | {} | {} |\n",
        all.iter().sum::<usize>(),
        cells(&all)
    );

    let _ = writeln!(
        w,
        "## Against the TypeScript SDK\n\n\
         The TypeScript SDK has {covered} of these operations; its page class \
         (`V4PagePagination`, `V4PagePaginationArray`: `page`; `CursorPagination`, \
         `CursorLimitPagination`: `cursor`; `CursorPaginationAfter`: `cursors-after`; \
         `SinglePage` or none: `none`) agrees with regen's inference for {}. \
         Where it does not, each is decided in `openapi/{EXCEPTIONS_FILE}`:\n",
        covered - disagreements.len()
    );
    let _ = writeln!(
        w,
        "| operation | regen infers | TypeScript SDK | walked as | why |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|");
    for (entry, class, exception) in &disagreements {
        let class = if class.is_empty() { "(none)" } else { class };
        let _ = writeln!(
            w,
            "| `{}` | {} | `{class}` | **{}** | {} |",
            entry.id,
            entry.row.inferred.name(),
            exception.shape.name(),
            exception.why.replace('|', "\\|")
        );
    }
    let _ = writeln!(w, "\n## Every list walked\n");
    let _ = writeln!(w, "| operation | product | paging | items |");
    let _ = writeln!(w, "|---|---|---|---|");
    for entry in entries
        .iter()
        .filter(|entry| entry.row.shape != Shape::None)
    {
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | `{}` |",
            entry.id,
            entry.product,
            entry.row.shape.name(),
            entry.row.items
        );
    }
    Ok(out)
}

fn cells(counts: &[usize; 5]) -> String {
    counts
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::PagingRow;

    fn entry(id: &str, inferred: Shape, shape: Shape) -> Entry {
        Entry {
            id: id.to_owned(),
            product: "kv".to_owned(),
            method: "GET".to_owned(),
            route: format!("/{id}"),
            row: PagingRow {
                inferred,
                shape,
                items: "result".to_owned(),
            },
        }
    }

    fn classes(rows: &[(&str, &str)]) -> HashMap<(String, String), String> {
        rows.iter()
            .map(|(id, class)| (("GET".to_owned(), format!("/{id}")), class.to_string()))
            .collect()
    }

    fn exception(shape: Shape) -> Exception {
        Exception {
            shape,
            why: "the schema | says so".to_owned(),
        }
    }

    #[test]
    fn a_disagreement_with_the_typescript_sdk_must_be_decided() {
        let entries = [
            entry("a", Shape::Page, Shape::Page),
            entry("b", Shape::Cursor, Shape::Cursor),
            entry("c", Shape::None, Shape::None),
        ];
        let classes = classes(&[
            ("a", "V4PagePaginationArray"),
            ("b", "SinglePage"),
            ("c", ""),
        ]);
        let error = render(&entries, &classes, &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`b`") && error.contains("`SinglePage`"),
            "{error}"
        );
        assert!(!error.contains("`a`") && !error.contains("`c`"), "{error}");

        let decided = BTreeMap::from([("b".to_owned(), exception(Shape::Cursor))]);
        let report = render(&entries, &classes, &decided).unwrap();
        assert!(
            report.contains("| kv | 3 | 1 | 1 | 0 | 0 | 1 |"),
            "{report}"
        );
        assert!(
            report.contains("agrees with regen's inference for 2"),
            "{report}"
        );
        assert!(
            report
                .contains("| `b` | cursor | `SinglePage` | **cursor** | the schema \\| says so |"),
            "{report}"
        );
    }

    #[test]
    fn an_exception_that_decides_nothing_is_an_error() {
        let entries = [entry("a", Shape::Page, Shape::Page)];
        let classes = classes(&[("a", "V4PagePagination")]);
        for (id, shape, says) in [
            ("a", Shape::Page, "nothing disagrees"),
            ("gone", Shape::Page, "no `GET` operation"),
        ] {
            let exceptions = BTreeMap::from([(id.to_owned(), exception(shape))]);
            let error = render(&entries, &classes, &exceptions)
                .unwrap_err()
                .to_string();
            assert!(error.contains(says), "{error}");
        }
    }
}
