//! Everything `cargo xtask regen` can fail with, each naming the file and the
//! problem so that a contributor can fix the spec without reading this crate.

/// A failure of the regen pipeline, ready to print to a person.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: cannot read it: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },

    /// The spec folder holds no spec file.
    #[error("{dir}: no spec files found (expected *.yaml, *.yml or *.json)")]
    NoSpecs { dir: String },

    /// A spec file is not valid YAML (or JSON).
    #[error("{path}: not valid {format}: {message}")]
    Syntax {
        path: String,
        format: &'static str,
        message: String,
    },

    /// A spec file is well-formed but not an OpenAPI 3.0.x document.
    #[error("{path}: not an OpenAPI 3.0.x document: {reason}")]
    NotOpenApi30 { path: String, reason: String },

    /// A spec file does not have the shape of an OpenAPI document.
    #[error("{path}: not a valid OpenAPI document: {message}")]
    Invalid { path: String, message: String },

    /// An operation has no `operationId`, which names its generated method
    /// (a defence: `crate::spec::derived_ids` gives every operation
    /// without one an id before this is checked).
    #[error(
        "{path}: `{method} {route}` has no operationId; every operation needs one \
         (it names the generated method): give it one in a fix (openapi/fixes/)"
    )]
    MissingOperationId {
        path: String,
        method: String,
        route: String,
    },

    /// Two operations share an `operationId`.
    #[error("operationId `{id}` is used twice: by {first} and by {second}")]
    DuplicateOperationId {
        id: String,
        first: String,
        second: String,
    },

    /// Two spec files define the same thing differently.
    #[error("{second}: `{key}` is also defined in {first}, differently; define it once")]
    Conflict {
        key: String,
        first: String,
        second: String,
    },

    /// A fix of `openapi/fixes/` is not one regen can apply (no reason, not
    /// a JSONPath, a target that selects nothing), at its file and line.
    #[error("{at}: {message}")]
    Fix { at: String, message: String },

    /// `cargo xtask import` cannot do what it was asked.
    #[error("import: {message}")]
    Import { message: String },

    /// progenitor returned an error or panicked.
    #[error("progenitor cannot generate {culprit}: {message}")]
    Generate { culprit: String, message: String },

    /// A construct of the spec that regen cannot take (no normalization
    /// makes it something progenitor takes), where it is.
    #[error("{location}: {message}")]
    Construct {
        location: crate::Location,
        message: String,
    },

    /// `--check` found parts of operations that regen leaves out and the
    /// spec does not acknowledge.
    #[error(
        "regen leaves out {} part(s) of operations that the spec does not acknowledge:\n{}",
        warnings.len(),
        warnings.iter().map(|w| format!("  {w}")).collect::<Vec<_>>().join("\n")
    )]
    Unacknowledged { warnings: Vec<crate::Warning> },

    /// progenitor's output is not Rust that `syn` can parse.
    #[error("the generated code does not parse as Rust: {0}")]
    Unparsable(String),

    /// The generated file could not be written.
    #[error("{path}: cannot write it: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },

    /// `--check` found that the committed output differs from a fresh one.
    #[error(
        "{path} is stale: it differs from what the spec generates.\n{diff}\n\
         Run `cargo xtask regen` and commit the result."
    )]
    Stale { path: String, diff: String },

    /// The product table, its exceptions or one of the files it is written
    /// from (`cargo xtask products`) is wrong, or leaves an operation
    /// without a product.
    #[error("{path}: {message}")]
    Products { path: String, message: String },
}
