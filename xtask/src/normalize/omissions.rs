//! What regen leaves out of an operation, said out loud.
//!
//! Some constructs of the spec have no place in the generated client: a
//! request body's second media type (progenitor takes one), a response's
//! media types beside JSON (progenitor decodes JSON only), a cookie
//! parameter (progenitor has none), a form part whose type could never be
//! sent as JSON. The normalizations that leave such a part out, and the
//! checks of what progenitor ignores, record it as an [`Omission`] instead
//! of dropping it silently:
//!
//! - `cargo xtask regen` prints each one as a `warning:` naming the file,
//!   the line, the operation and what was left out;
//! - `cargo xtask regen --check` (CI) fails on any of them that the spec
//!   does not acknowledge;
//! - the spec acknowledges one with our extension on the operation,
//!   [`ACKNOWLEDGE_EXTENSION`], a map from what is left out (the key the
//!   warning gives) to why that is fine:
//!
//!   ```yaml
//!   x-rust-omits:
//!     request body application/octet-stream: >-
//!       The form sends the same value in its `value` part.
//!   ```
//!
//!   An acknowledged omission is not printed; its reason is added to the
//!   operation's description, so that the generated method's and builder's
//!   docs say what they leave out. An acknowledgement of something regen
//!   does not leave out is an error (the spec changed; the note is stale).
//!
//! Omissions are sorted (file, line, operation, key), so the same spec
//! always gives the same warnings in the same order.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::location::{Location, Path, Source, locate, locate_all};

/// Our extension on an operation: `{<omission key>: <reason>}`.
pub(crate) const ACKNOWLEDGE_EXTENSION: &str = "x-rust-omits";

/// Something of an operation that the generated client leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Omission {
    /// The operation: `["paths", route, method]`.
    pub(crate) operation: Path,
    /// Where in the merged document the left-out construct is (the
    /// operation's own path, or deeper), for the line.
    pub(crate) at: Path,
    /// What the spec's acknowledgement names: `request body
    /// application/octet-stream`.
    pub(crate) key: String,
    /// What is left out and what the client does instead, in words.
    pub(crate) detail: String,
}

impl Omission {
    pub(crate) fn new(operation: &[String], at: Path, key: String, detail: String) -> Self {
        Omission {
            operation: operation.to_vec(),
            at,
            key,
            detail,
        }
    }
}

/// An omission the spec does not acknowledge, located: what regen prints
/// as a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    /// The acknowledgement key.
    pub key: String,
    pub detail: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}; if that is fine, say why in the operation's `{ACKNOWLEDGE_EXTENSION}` \
             under `{}`",
            self.location, self.detail, self.key
        )
    }
}

/// What the spec says about the omissions: the warnings left, and the
/// acknowledgements that acknowledge nothing.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    pub(crate) warnings: Vec<Warning>,
    /// `(location, key)` of each acknowledgement regen has no omission for.
    pub(crate) stale: Vec<(Location, String)>,
    /// Acknowledgements without a reason.
    pub(crate) unexplained: Vec<(Location, String)>,
}

/// Matches `omissions` with the acknowledgements in `document` (the merged
/// spec), adds each acknowledged one's reason to its operation's
/// description, and locates the rest.
pub(crate) fn settle(
    omissions: Vec<Omission>,
    document: &mut Value,
    merged: &Value,
    sources: &[Source],
) -> Settled {
    let mut settled = Settled::default();
    let mut used: BTreeSet<(Path, String)> = BTreeSet::new();
    let mut unacknowledged: Vec<Omission> = Vec::new();
    for omission in omissions {
        let operation = pointer_mut(document, &omission.operation);
        let reason = operation
            .as_deref()
            .and_then(|op| op.get(ACKNOWLEDGE_EXTENSION))
            .and_then(|acks| acks.get(&omission.key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|reason| !reason.is_empty())
            .map(String::from);
        match (reason, operation) {
            (Some(reason), Some(Value::Object(operation))) => {
                used.insert((omission.operation.clone(), omission.key.clone()));
                let note = format!("In this client, {}. {}", omission.detail, reason.trim_end());
                let description = match operation.get("description").and_then(Value::as_str) {
                    Some(text) => format!("{}\n\n{note}", text.trim_end()),
                    None => note,
                };
                operation.insert("description".into(), Value::String(description));
            }
            _ => unacknowledged.push(omission),
        }
    }
    // Located together: each file is read once.
    let places: Vec<Path> = unacknowledged.iter().map(|o| o.at.clone()).collect();
    let mut sorted: Vec<(Location, Omission)> = locate_all(sources, merged, &places)
        .into_iter()
        .zip(unacknowledged)
        .collect();
    sorted.sort_by(|(a, x), (b, y)| {
        (&a.file, a.line, &x.operation, &x.key).cmp(&(&b.file, b.line, &y.operation, &y.key))
    });
    settled.warnings = sorted
        .into_iter()
        .map(|(location, omission)| Warning {
            location,
            key: omission.key,
            detail: omission.detail,
        })
        .collect();
    // Acknowledgements of nothing, and without a reason.
    for (operation, acks) in acknowledgements(merged) {
        let Value::Object(acks) = acks else {
            let at = [operation.clone(), vec![ACKNOWLEDGE_EXTENSION.to_owned()]].concat();
            settled.unexplained.push((
                locate(sources, merged, &at),
                "(not a map from what is left out to why)".into(),
            ));
            continue;
        };
        for (key, reason) in acks {
            let at = [
                operation.clone(),
                vec![ACKNOWLEDGE_EXTENSION.to_owned(), key.clone()],
            ]
            .concat();
            if reason.as_str().is_none_or(|r| r.trim().is_empty()) {
                settled
                    .unexplained
                    .push((locate(sources, merged, &at), key.clone()));
            } else if !used.contains(&(operation.clone(), key.clone())) {
                settled
                    .stale
                    .push((locate(sources, merged, &at), key.clone()));
            }
        }
    }
    settled
}

/// Every operation's acknowledgements: `(["paths", route, method], map)`.
fn acknowledgements(document: &Value) -> Vec<(Path, &Value)> {
    let mut found = Vec::new();
    let Some(Value::Object(paths)) = document.get("paths") else {
        return found;
    };
    for (route, item) in paths {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item {
            if let Some(acks) = operation.get(ACKNOWLEDGE_EXTENSION) {
                found.push((
                    vec!["paths".to_owned(), route.clone(), method.clone()],
                    acks,
                ));
            }
        }
    }
    found
}

fn pointer_mut<'a>(document: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut value = document;
    for key in path {
        value = value.get_mut(key.as_str())?;
    }
    Some(value)
}
