//! `cargo xtask`: the command line over the `xtask` library.

use std::path::PathBuf;
use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regen { check, root } => {
            let workspace = root.map_or_else(Workspace::this_checkout, Workspace::new);
            let mode = if check { Mode::Check } else { Mode::Write };
            match xtask::regen(&workspace, mode) {
                Ok(report) => {
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
