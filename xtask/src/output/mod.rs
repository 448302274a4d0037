//! Writing the generated file, or checking that the committed one is current.

pub mod crates;
pub(crate) mod format;

use std::path::Path;

use similar::TextDiff;

use crate::Error;

/// How many lines of diff a stale check shows; enough to see what changed,
/// short enough to read in a CI log.
const DIFF_LINES: usize = 40;

/// Writes `generated` to `path` unless it is already there (so an unchanged
/// file keeps its timestamp and cargo rebuilds nothing). Returns whether it
/// wrote.
pub(crate) fn write(path: &Path, shown: &str, generated: &str) -> Result<bool, Error> {
    if read(path, shown)?.as_deref() == Some(generated) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: shown.to_string(),
            source,
        })?;
    }
    std::fs::write(path, generated).map_err(|source| Error::Write {
        path: shown.to_string(),
        source,
    })?;
    Ok(true)
}

/// Fails with a short diff when the file at `path` is not `generated`.
pub(crate) fn check(path: &Path, shown: &str, generated: &str) -> Result<(), Error> {
    let committed = read(path, shown)?;
    match committed.as_deref() {
        Some(committed) if committed == generated => Ok(()),
        Some(committed) => Err(Error::Stale {
            path: shown.to_string(),
            diff: short_diff(committed, generated),
        }),
        None => Err(Error::Stale {
            path: shown.to_string(),
            diff: "(the file does not exist)".into(),
        }),
    }
}

/// The file's content, or `None` when there is no file.
fn read(path: &Path, shown: &str) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: shown.to_string(),
            source,
        }),
    }
}

fn short_diff(committed: &str, generated: &str) -> String {
    let diff = TextDiff::from_lines(committed, generated)
        .unified_diff()
        .context_radius(2)
        .header("committed", "regenerated")
        .to_string();
    let total = diff.lines().count();
    let mut shown: String = diff
        .lines()
        .take(DIFF_LINES)
        .flat_map(|line| [line, "\n"])
        .collect();
    if total > DIFF_LINES {
        shown.push_str(&format!(
            "... ({} more lines of diff)\n",
            total - DIFF_LINES
        ));
    }
    shown
}
