//! `regen-cost`: what `cargo xtask regen` costs (time per step, peak
//! memory) as the spec grows. A benchmark of the generator, kept out of it:
//! it drives the `xtask` library as any caller would. See BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release -p regen-cost -- [--sizes 1,18,100,1000] [--runs 3]
//! cargo xtask regen-cost [...]   # the same, forwarded
//! ```

mod cases;
mod extract;
mod measure;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Parser;
use xtask::Workspace;

/// Measure what `cargo xtask regen` costs (time per step, peak memory) as the
/// spec grows.
///
/// Regenerates, each in a child process and a scratch workspace under
/// target/regen-cost/: the project's spec, the 18 Workers for Platforms
/// operations of Cloudflare's published schema, and synthetic specs of each
/// size. Prints a Markdown table. Build with --release for numbers worth
/// comparing: `cargo run --release -p regen-cost`.
#[derive(Debug, Parser)]
#[command(name = "regen-cost", version)]
struct Cli {
    /// Sizes of the synthetic specs, in operations.
    #[arg(long, value_delimiter = ',', default_value = "1,18,100,1000")]
    sizes: Vec<usize>,

    /// Runs of each case; the table shows the run with the median time.
    #[arg(long, default_value_t = 3)]
    runs: usize,

    /// Write benches/regen-cost/workers-for-platforms.json from Cloudflare's
    /// whole published schema (unzipped) instead of measuring.
    #[arg(long, value_name = "OPENAPI_JSON")]
    extract: Option<PathBuf>,

    /// Measure the scratch workspace DIR once and print the raw numbers
    /// (what the parent runs in each child).
    #[arg(long, value_name = "DIR", hide = true)]
    child: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = cli.child {
        print!("{}", measure::measure(&dir)?);
        return Ok(());
    }
    if let Some(full) = cli.extract {
        let full: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(full)?)?;
        let mut extracted = extract::extract_tag(&full, "Workers for Platforms");
        for note in extract::adapt_for_progenitor(&mut extracted) {
            println!("adapted {note}");
        }
        let out = cases::workers_for_platforms_file();
        std::fs::write(&out, serde_json::to_string_pretty(&extracted)? + "\n")?;
        println!("wrote {}", out.display());
        return Ok(());
    }
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; `cargo run --release -p regen-cost` for real numbers");
    }
    let scratch = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("regen-cost");
    let mut costs = Vec::new();
    let cases = cases::cases(&Workspace::this_checkout(), &cli.sizes)?;
    for (i, case) in cases.into_iter().enumerate() {
        let dir = scratch.join(i.to_string());
        cases::prepare(&case, &dir)?;
        let mut measured = Vec::new();
        for _ in 0..cli.runs.max(1) {
            let output = Command::new(std::env::current_exe()?)
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
            measured.push(measure::parse_cost(&String::from_utf8_lossy(
                &output.stdout,
            )));
        }
        measured.sort_by_key(|cost| cost.total);
        let median = measured.swap_remove(measured.len() / 2);
        eprintln!("{}: {:.2} s", case.name, median.total.as_secs_f64());
        costs.push((case.name, median));
    }
    print!("{}", measure::table(&costs));
    Ok(())
}
