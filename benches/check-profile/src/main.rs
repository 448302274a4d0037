//! Sums a rustc self-profile (`.mm_profdata`) of one product crate two
//! ways: by query (rustc's own parts: type checking, borrow checking,
//! codegen...), and by the crate's item each query ran for, so that the
//! generated code's costly kinds show: serde's impls of the types, the
//! tree's `send()`, the client's methods. See run.sh.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

use analyzeme::ProfilingData;

/// One interval of the profile: its thread, start, end, query and the
/// query's first argument (an item's path, for most queries).
struct Interval {
    thread: u32,
    start: SystemTime,
    end: SystemTime,
    label: String,
    arg: Option<String>,
}

impl Interval {
    fn nanos(&self) -> u128 {
        self.end
            .duration_since(self.start)
            .map_or(0, |d| d.as_nanos())
    }
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: check-profile FILE.mm_profdata");
    let data = ProfilingData::new(Path::new(&path)).expect("a self-profile of rustc");
    let mut intervals: Vec<Interval> = data
        .iter_full()
        // Not the profiler's own work (writing its strings at the end).
        .filter(|event| !event.label.starts_with("self_profile"))
        .filter_map(|event| {
            let time = event.payload.timestamp()?;
            event.payload.is_interval().then(|| Interval {
                thread: event.thread_id,
                start: time.start(),
                end: time.end(),
                label: event.label.to_string(),
                arg: event.additional_data.first().map(|a| a.to_string()),
            })
        })
        .collect();
    // Outer intervals before the ones they hold.
    intervals.sort_by(|a, b| {
        (a.thread, a.start, std::cmp::Reverse(a.end)).cmp(&(
            b.thread,
            b.start,
            std::cmp::Reverse(b.end),
        ))
    });
    let parents = parents(&intervals);
    let mut own: Vec<u128> = intervals.iter().map(Interval::nanos).collect();
    for (i, parent) in parents.iter().enumerate() {
        if let Some(p) = *parent {
            own[p] = own[p].saturating_sub(intervals[i].nanos());
        }
    }
    let total: u128 = own.iter().sum();

    let mut by_query: HashMap<&str, (u128, usize)> = HashMap::new();
    for (interval, time) in intervals.iter().zip(&own) {
        let entry = by_query.entry(&interval.label).or_default();
        entry.0 += time;
        entry.1 += 1;
    }
    print_table("query", &by_query, total, 15);

    // Each interval's own time goes to the outermost item of this crate
    // it ran for (a query inside the type check of a `serialize` is that
    // `serialize`'s); an interval under no item is the crate's, by query.
    let mut by_item: HashMap<String, (u128, usize)> = HashMap::new();
    let mut items: HashMap<String, HashSet<&str>> = HashMap::new();
    for (i, time) in own.iter().enumerate() {
        let mut at = Some(i);
        let mut item = None;
        while let Some(j) = at {
            if let Some(found) = intervals[j].arg.as_deref().and_then(item_kind) {
                item = Some(found);
            }
            at = parents[j];
        }
        let key = match item {
            Some((kind, path)) => {
                items.entry(kind.clone()).or_default().insert(path);
                kind
            }
            None => format!("(crate-wide) {}", intervals[i].label),
        };
        by_item.entry(key).or_default().0 += time;
    }
    for (key, named) in items {
        if let Some(entry) = by_item.get_mut(&key) {
            entry.1 = named.len();
        }
    }
    println!();
    print_table("item (its queries' time; how many)", &by_item, total, 25);
}

/// The index of each interval's innermost enclosing interval on its
/// thread (the list sorted by thread, then start, longest first).
fn parents(intervals: &[Interval]) -> Vec<Option<usize>> {
    let mut parents = vec![None; intervals.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, interval) in intervals.iter().enumerate() {
        while let Some(&top) = open.last() {
            let outer = &intervals[top];
            if outer.thread == interval.thread && interval.start < outer.end {
                break;
            }
            open.pop();
        }
        parents[i] = open.last().copied();
        open.push(i);
    }
    parents
}

/// The kind of a product crate's item named by a query's argument: its
/// path with the numbers and type names that tell items of one kind apart
/// taken out (`generated::types::_::{{impl}}::serialize` for every type's
/// `Serialize`), and closures and `async` bodies as their function.
/// `None` for what is not a path in a product crate; else the kind and the
/// item's own path (a closure's function).
fn item_kind(arg: &str) -> Option<(String, &str)> {
    let path = arg.strip_prefix("cloudflare_api_")?;
    let path = &path[path.find("::")? + 2..];
    let path = path
        .split("::{{closure}}")
        .next()
        .and_then(|p| p.split("::{{opaque}}").next())
        .unwrap_or(path);
    let mut kind = String::new();
    for segment in path.split("::") {
        let segment = segment.split('[').next().unwrap_or(segment);
        let segment = if segment.starts_with(|c: char| c.is_ascii_uppercase()) {
            "T"
        } else {
            segment
        };
        if !kind.is_empty() {
            kind.push_str("::");
        }
        kind.push_str(segment);
    }
    Some((kind, path))
}

fn print_table<K: AsRef<str>>(
    what: &str,
    rows: &HashMap<K, (u128, usize)>,
    total: u128,
    top: usize,
) {
    let mut rows: Vec<_> = rows.iter().collect();
    rows.sort_by_key(|(_, (time, _))| std::cmp::Reverse(*time));
    println!("| {what} | s | share | n |");
    println!("|---|--:|--:|--:|");
    for (key, (time, n)) in rows.into_iter().take(top) {
        let n = if *n == 0 {
            String::new()
        } else {
            n.to_string()
        };
        println!(
            "| `{}` | {:.2} | {:.1}% | {n} |",
            key.as_ref(),
            *time as f64 / 1e9,
            100.0 * *time as f64 / total as f64
        );
    }
    println!("| all | {:.2} | | |", total as f64 / 1e9);
}
