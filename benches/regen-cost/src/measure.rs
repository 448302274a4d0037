//! Measuring one case: [`measure`] regenerates a scratch workspace in a
//! child process (so that peak memory is the case's own) with the time of
//! each step recorded by [`xtask::timing`], and prints the numbers for
//! [`parse_cost`] in the parent; [`table`] shows them all.

use std::path::Path;
use std::time::{Duration, Instant};

use xtask::{Error, Mode, Workspace, timing};

/// What one case cost, as measured by [`measure`] in a child process.
#[derive(Debug, Default)]
pub struct Cost {
    pub operations: usize,
    pub lines: usize,
    pub total: Duration,
    pub steps: Vec<(String, Duration)>,
    /// Peak resident memory of the process, where the platform tells it.
    pub peak_kib: Option<u64>,
}

/// Regenerates the scratch workspace at `dir` once and prints what it cost,
/// one `key<TAB>value` per line, for [`parse_cost`] in the parent.
pub fn measure(dir: &Path) -> Result<String, Error> {
    let workspace = Workspace::new(dir);
    let started = Instant::now();
    let (report, steps) = timing::record(|| xtask::regen(&workspace, Mode::Write));
    let total = started.elapsed();
    let report = report?;
    // Read again, untimed: the report does not count operations.
    let spec = xtask::spec::load(&workspace.spec_dir(), |path| path.display().to_string())?;
    let operations = spec.operations.len();
    let mut out = format!(
        "operations\t{operations}\nlines\t{}\ntotal_us\t{}\n",
        report
            .products
            .iter()
            .map(|(_, _, client, _)| client)
            .sum::<usize>(),
        total.as_micros()
    );
    for (step, time) in steps {
        out.push_str(&format!("step:{step}\t{}\n", time.as_micros()));
    }
    if let Some(peak) = peak_kib() {
        out.push_str(&format!("peak_kib\t{peak}\n"));
    }
    Ok(out)
}

/// Reads what [`measure`] printed.
pub fn parse_cost(text: &str) -> Cost {
    let mut cost = Cost::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('\t') else {
            continue;
        };
        let number: u64 = value.trim().parse().unwrap_or(0);
        match key {
            "operations" => cost.operations = number as usize,
            "lines" => cost.lines = number as usize,
            "total_us" => cost.total = Duration::from_micros(number),
            "peak_kib" => cost.peak_kib = Some(number),
            _ => {
                if let Some(step) = key.strip_prefix("step:") {
                    cost.steps
                        .push((step.to_owned(), Duration::from_micros(number)));
                }
            }
        }
    }
    cost
}

/// The process's peak resident set size (`VmHWM`), on Linux.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A Markdown table of `costs`, one row per case, with each step's share.
pub fn table(costs: &[(String, Cost)]) -> String {
    let steps: Vec<String> = costs
        .first()
        .map(|(_, cost)| cost.steps.iter().map(|(step, _)| step.clone()).collect())
        .unwrap_or_default();
    let mut out =
        String::from("| spec | operations | lines out | total ms | ms / operation | peak MiB |");
    for step in &steps {
        out.push_str(&format!(" {step} ms |"));
    }
    out.push_str(" other ms |\n|---|--:|--:|--:|--:|--:|");
    out.push_str(&"--:|".repeat(steps.len() + 1));
    out.push('\n');
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (name, cost) in costs {
        let peak = cost.peak_kib.map_or_else(
            || "n/a".to_owned(),
            |kib| format!("{:.0}", kib as f64 / 1024.0),
        );
        out.push_str(&format!(
            "| {name} | {} | {} | {:.0} | {:.2} | {peak} |",
            cost.operations,
            cost.lines,
            ms(cost.total),
            ms(cost.total) / cost.operations.max(1) as f64,
        ));
        let share = |time: Duration| {
            100.0 * time.as_secs_f64() / cost.total.as_secs_f64().max(f64::EPSILON)
        };
        let mut accounted = Duration::ZERO;
        for step in &steps {
            let time = cost
                .steps
                .iter()
                .find(|(s, _)| s == step)
                .map_or(Duration::ZERO, |(_, t)| *t);
            accounted += time;
            out.push_str(&format!(" {:.0} ({:.0}%) |", ms(time), share(time)));
        }
        // Mostly freeing the token stream and syntax tree. Zero for a spec
        // of several products: they are made on threads, and a step's time
        // is added up over them (`xtask::timing`), so the steps can add up
        // to more than the wall time.
        let other = cost.total.saturating_sub(accounted);
        out.push_str(&format!(" {:.0} ({:.0}%) |", ms(other), share(other)));
        out.push('\n');
    }
    out
}
