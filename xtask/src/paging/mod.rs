//! How each list operation is paged: the shapes regen infers
//! (`crate::tree::paging` infers them from each operation's parameters
//! and answer), the project's documented exceptions
//! (`openapi/pagination-exceptions.tsv`), and the report regen writes,
//! `docs/pagination.md`, which checks the inference against the official
//! TypeScript SDK's page class for each operation.

pub(crate) mod report;

use std::collections::BTreeMap;
use std::path::Path;

use crate::Error;

/// The exceptions' file, in the spec folder.
pub const EXCEPTIONS_FILE: &str = "pagination-exceptions.tsv";

/// How a list is paged: the runtime's `paging::Paging`, or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Shape {
    /// `page` and `per_page`.
    Page,
    /// `cursor`, the next in `result_info.cursor`.
    Cursor,
    /// `cursor`, the next in `result_info.cursors.after`.
    CursorsAfter,
    /// `offset` and `limit`.
    Offset,
    /// One page: no walk.
    None,
}

impl Shape {
    pub(crate) const ALL: [Shape; 5] = [
        Shape::Page,
        Shape::Cursor,
        Shape::CursorsAfter,
        Shape::Offset,
        Shape::None,
    ];

    /// Its name in the exceptions' table and the report.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Page => "page",
            Shape::Cursor => "cursor",
            Shape::CursorsAfter => "cursors-after",
            Shape::Offset => "offset",
            Shape::None => "none",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|shape| shape.name() == name)
    }

    /// The shape of the TypeScript SDK's page class (`ts_pagination` of
    /// `openapi/sdk/`'s table); an empty class is a method that returns its
    /// answer as it is.
    pub(crate) fn of_typescript(class: &str) -> Option<Shape> {
        Some(match class {
            "V4PagePagination" | "V4PagePaginationArray" => Shape::Page,
            "CursorPagination" | "CursorLimitPagination" => Shape::Cursor,
            "CursorPaginationAfter" => Shape::CursorsAfter,
            "SinglePage" | "" => Shape::None,
            _ => return None,
        })
    }
}

/// A documented exception: the shape an operation is walked with, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Exception {
    pub(crate) shape: Shape,
    pub(crate) why: String,
}

/// The exceptions of the spec folder `dir`, by `operationId`: none without
/// the file. Columns `operationId`, `paging` (a [`Shape`]'s name), `why`.
pub(crate) fn exceptions(
    dir: &Path,
    shown: &impl Fn(&Path) -> String,
) -> Result<BTreeMap<String, Exception>, Error> {
    let path = dir.join(EXCEPTIONS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(BTreeMap::new());
    };
    let invalid = |line: usize, message: String| Error::Invalid {
        path: format!("{}:{line}", shown(&path)),
        message,
    };
    let mut table = BTreeMap::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        let number = number + 1;
        let columns: Vec<&str> = line.split('\t').collect();
        let [id, paging, why] = columns[..] else {
            return Err(invalid(
                number,
                "needs 3 columns: operationId, paging, why".into(),
            ));
        };
        let shape = Shape::parse(paging).ok_or_else(|| {
            let names: Vec<_> = Shape::ALL.iter().map(|shape| shape.name()).collect();
            invalid(
                number,
                format!("`{paging}` is none of {}", names.join(", ")),
            )
        })?;
        if why.trim().is_empty() {
            return Err(invalid(number, format!("`{id}`: say why")));
        }
        let exception = Exception {
            shape,
            why: why.to_owned(),
        };
        if table.insert(id.to_owned(), exception).is_some() {
            return Err(invalid(number, format!("`{id}` is listed twice")));
        }
    }
    Ok(table)
}
