//! `cargo xtask`: the command line over the `xtask` library.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};

use clap::{Parser, Subcommand};
use xtask::{Mode, Workspace};

/// A regen allocates and frees millions of small values; mimalloc does it
/// faster than the system's allocator (see xtask/Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Maintainer tasks for the cloudflare-api workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the product crates (crates/products/) from the spec in openapi/.
    ///
    /// Reads every *.yaml, *.yml and *.json file under openapi/ but fixes/,
    /// merges them and applies the fixes, then per product (openapi/products.tsv)
    /// generates its client with progenitor and its part of the resource
    /// tree, and writes its crate, and the facade's way into each product
    /// (crates/cloudflare-api/src/products.rs, and its Cargo.toml's product
    /// features). The output is deterministic: the same spec always gives
    /// the same bytes.
    Regen {
        /// Write nothing; fail (exit 1, with a diff) if the committed
        /// generated code differs from what the spec generates.
        #[arg(long)]
        check: bool,

        /// The workspace root [default: the checkout this xtask is built from].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },

    /// Import operations from a Cloudflare schema file into openapi/imported/.
    ///
    /// Each selected operation goes, with every component it refers to, to
    /// the file of its product (openapi/imported/<product>.json; the
    /// product from openapi/products.tsv); every operation those files hold
    /// already is imported again from the same schema. Without a selection,
    /// that re-import is all it does. Cloudflare's text is kept as
    /// published: fixes go to openapi/fixes/ (CONTRIBUTING.md).
    Import {
        /// Cloudflare's schema, .json or .json.gz
        /// [default: ../shared/reference/cloudflare-2026-08-14-openapi.json.gz
        /// from the workspace root].
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,

        /// Every operation of a product (`kv`, `dns`), as openapi/products.tsv names it.
        #[arg(long, value_name = "PRODUCT")]
        product: Vec<String>,

        /// Every operation with this tag (`Workers KV Namespace`).
        #[arg(long, value_name = "TAG")]
        tag: Vec<String>,

        /// The operation with this operationId.
        #[arg(long, value_name = "ID")]
        operation: Vec<String>,

        /// Every operation whose path starts with this (`/accounts/{account_id}/storage/kv`).
        #[arg(long, value_name = "PREFIX")]
        path_prefix: Vec<String>,

        /// Write nothing; fail (with a diff) if an imported file would change.
        #[arg(long)]
        check: bool,

        /// The workspace root [default: the checkout this xtask is built from].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },

    /// Write openapi/products.tsv: the product of every operation of
    /// Cloudflare's schema.
    ///
    /// The TypeScript SDK's top-level resource where it covers the
    /// operation; elsewhere the rules of xtask/src/import/product_rules.rs,
    /// or the exception listed in openapi/products-exceptions.tsv. The
    /// output is deterministic.
    Products {
        /// Write nothing; fail (exit 1, with a diff) if the committed table
        /// differs from what the files give.
        #[arg(long)]
        check: bool,

        /// Cloudflare's schema, .json or .json.gz
        /// [default: ../shared/reference/cloudflare-2026-08-14-openapi.json.gz
        /// from the workspace root].
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,

        /// The TypeScript SDK's table (operationId, method, path,
        /// ts_resource, ts_method, ts_pagination)
        /// [default: cloudflare-typescript-resources-2026-08-18.tsv beside
        /// the schema].
        #[arg(long, value_name = "FILE")]
        typescript: Option<PathBuf>,

        /// The workspace root [default: the checkout this xtask is built from].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },

    /// Measure what regen costs as the spec grows: runs the benchmark in
    /// benches/regen-cost/ (`cargo run --release -p regen-cost -- ARGS`).
    ///
    /// `cargo xtask regen-cost --help` shows its options.
    #[command(disable_help_flag = true)]
    RegenCost {
        /// Passed on to regen-cost.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Products {
            check,
            schema,
            typescript,
            root,
        } => {
            let workspace = root.map_or_else(Workspace::this_checkout, Workspace::new);
            let schema =
                schema.unwrap_or_else(|| xtask::import::products::default_schema(&workspace));
            let typescript =
                typescript.unwrap_or_else(|| xtask::import::products::default_typescript(&schema));
            let mode = if check { Mode::Check } else { Mode::Write };
            let report = xtask::import::products::products(&workspace, &schema, &typescript, mode);
            match report {
                Ok(report) => {
                    let verdict = match (mode, report.written) {
                        (Mode::Check, _) => "is up to date",
                        (Mode::Write, true) => "written",
                        (Mode::Write, false) => "unchanged",
                    };
                    println!(
                        "{} {verdict} ({} operations, {} products)",
                        report.output,
                        report.rows,
                        report.products.len()
                    );
                    for (rule, count) in &report.by_rule {
                        println!("  {rule:<13} {count:>5}");
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            schema,
            product,
            tag,
            operation,
            path_prefix,
            check,
            root,
        } => {
            let workspace = root.map_or_else(Workspace::this_checkout, Workspace::new);
            let schema =
                schema.unwrap_or_else(|| xtask::import::products::default_schema(&workspace));
            let selection = xtask::import::Selection {
                products: product,
                tags: tag,
                operations: operation,
                path_prefixes: path_prefix,
            };
            match xtask::import::import(&workspace, &schema, &selection, check) {
                Ok(report) => {
                    for (file, operations, components, changed) in report.files {
                        let verdict = match (check, changed) {
                            (true, _) => "is up to date",
                            (false, true) => "written",
                            (false, false) => "unchanged",
                        };
                        println!(
                            "{file} {verdict} ({operations} operations, {components} components)"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::RegenCost { args } => regen_cost(&args),
        Command::Regen { check, root } => {
            let workspace = root.map_or_else(Workspace::this_checkout, Workspace::new);
            let mode = if check { Mode::Check } else { Mode::Write };
            match xtask::regen(&workspace, mode) {
                Ok(report) => {
                    for warning in &report.warnings {
                        eprintln!("warning: {warning}");
                    }
                    let verdict = match (mode, report.written) {
                        (Mode::Check, _) => "up to date",
                        (Mode::Write, true) => "written",
                        (Mode::Write, false) => "unchanged",
                    };
                    println!(
                        "{} product crates {verdict}, from {}:",
                        report.products.len(),
                        report.sources.join(", ")
                    );
                    for (dir, operations, client, tree) in &report.products {
                        println!("  {dir}: {operations} operations, {client} + {tree} lines");
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Runs the regen-cost benchmark, which lives outside the generator, with
/// `args`, in release mode (its numbers are meant to be compared).
fn regen_cost(args: &[OsString]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let status = Process::new(cargo)
        .args(["run", "--release", "--quiet", "--package", "regen-cost"])
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--")
        .args(args)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}
