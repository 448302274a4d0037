//! `cargo xtask`: the command line over the `xtask` library.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};

use clap::{Parser, Subcommand};
use xtask::{Mode, Workspace};

/// Maintainer tasks for the cloudflare-api workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate crates/cloudflare-api-generated from the spec in openapi/.
    ///
    /// Reads every *.yaml, *.yml and *.json file under openapi/, merges them,
    /// generates the client with progenitor and writes it to
    /// crates/cloudflare-api-generated/src/generated.rs. The output is
    /// deterministic: the same spec always gives the same bytes.
    Regen {
        /// Write nothing; fail (exit 1, with a diff) if the committed
        /// generated code differs from what the spec generates.
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
        Command::RegenCost { args } => regen_cost(&args),
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
        Command::Regen { check, root } => {
            let workspace = root.map_or_else(Workspace::this_checkout, Workspace::new);
            let mode = if check { Mode::Check } else { Mode::Write };
            match xtask::regen(&workspace, mode) {
                Ok(report) => {
                    for warning in &report.warnings {
                        eprintln!("warning: {warning}");
                    }
                    let verdict = match (mode, report.written) {
                        (Mode::Check, _) => "is up to date",
                        (Mode::Write, true) => "written",
                        (Mode::Write, false) => "unchanged",
                    };
                    println!(
                        "{} {verdict} ({} lines, from {})",
                        report.output,
                        report.lines,
                        report.sources.join(", ")
                    );
                    println!("{} {verdict} ({} lines)", report.tree, report.tree_lines);
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
