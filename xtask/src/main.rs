//! `cargo xtask`: the command line over the `xtask` library.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};

use clap::{Parser, Subcommand};
use xtask::{Mode, Workspace, cost};

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

    /// Measure what regen costs (time per step, peak memory) as the spec grows.
    ///
    /// Regenerates, each in a child process and a scratch workspace under
    /// target/regen-cost/: the project's spec, the 18 Workers for Platforms
    /// operations of Cloudflare's published schema, and synthetic specs of
    /// each size. Prints a Markdown table. Build with --release for numbers
    /// worth comparing: `cargo run --release -p xtask -- regen-cost`.
    RegenCost {
        /// Sizes of the synthetic specs, in operations.
        #[arg(long, value_delimiter = ',', default_value = "1,18,100,1000")]
        sizes: Vec<usize>,

        /// Runs of each case; the table shows the run with the median time.
        #[arg(long, default_value_t = 3)]
        runs: usize,

        /// Write xtask/regen-cost/workers-for-platforms.json from Cloudflare's
        /// whole published schema (unzipped) instead of measuring.
        #[arg(long, value_name = "OPENAPI_JSON")]
        extract: Option<PathBuf>,

        /// Measure the scratch workspace DIR once and print the raw numbers
        /// (what the parent runs in each child).
        #[arg(long, value_name = "DIR", hide = true)]
        child: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::RegenCost {
            sizes,
            runs,
            extract,
            child,
        } => match regen_cost(&sizes, runs, extract, child) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
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

fn regen_cost(
    sizes: &[usize],
    runs: usize,
    extract: Option<PathBuf>,
    child: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let workspace = Workspace::this_checkout();
    if let Some(dir) = child {
        print!("{}", cost::measure(&dir)?);
        return Ok(());
    }
    if let Some(full) = extract {
        let full: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(full)?)?;
        let mut extracted = cost::extract_tag(&full, "Workers for Platforms");
        for note in cost::adapt_for_progenitor(&mut extracted) {
            println!("adapted {note}");
        }
        let out =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("regen-cost/workers-for-platforms.json");
        std::fs::write(&out, serde_json::to_string_pretty(&extracted)? + "\n")?;
        println!("wrote {}", out.display());
        return Ok(());
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "note: a debug build; `cargo run --release -p xtask -- regen-cost` for real numbers"
        );
    }
    let scratch = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("regen-cost");
    let mut costs = Vec::new();
    for (i, case) in cost::cases(&workspace, sizes)?.into_iter().enumerate() {
        let dir = scratch.join(i.to_string());
        cost::prepare(&case, &dir)?;
        let mut measured = Vec::new();
        for _ in 0..runs.max(1) {
            let output = Process::new(std::env::current_exe()?)
                .arg("regen-cost")
                .arg("--child")
                .arg(&dir)
                .output()?;
            if !output.status.success() {
                return Err(format!(
                    "{}: {}",
                    case.name,
                    String::from_utf8_lossy(&output.stderr).trim()
                )
                .into());
            }
            measured.push(cost::parse_cost(&String::from_utf8_lossy(&output.stdout)));
        }
        measured.sort_by_key(|cost| cost.total);
        let median = measured.swap_remove(measured.len() / 2);
        eprintln!("{}: {:.2} s", case.name, median.total.as_secs_f64());
        costs.push((case.name, median));
    }
    print!("{}", cost::table(&costs));
    Ok(())
}
