//! Per-call overhead of the clients against plain reqwest: latency of one
//! call at a time, throughput with 1, 16 and 64 calls in flight, and heap
//! allocations per call. `cargo bench -p cloudflare-api-benches --bench
//! per_call`; see BENCHMARKS.md.
//!
//! The clients run on one single-threaded tokio runtime on the benchmark's
//! thread, the server on another thread: on a two-core machine each gets a
//! core, and a client's extra work shows in full.
//!
//! Before criterion's groups it prints two tables: allocations per call,
//! and time per call with the clients measured in turns (see
//! `print_interleaved`), which is what to compare on a shared machine.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cloudflare_api_benches::{Baseline, CountingAllocator, Ergonomic, Generated, Server};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio::runtime::Runtime;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Calls per allocation count; the first calls (connecting) are not counted.
const COUNTED_CALLS: u64 = 1_000;

/// Rounds and calls per client per round of the interleaved comparison.
const ROUNDS: usize = 25;
const BATCH: u64 = 400;

/// One of the clients compared, with a name for the tables.
#[derive(Clone, Debug)]
enum Client {
    Baseline(Baseline),
    Generated(Generated),
    Ergonomic(Ergonomic),
}

impl Client {
    /// One call, its answer decoded and dropped.
    async fn call(&self) {
        match self {
            Self::Baseline(client) => drop(black_box(client.create().await)),
            Self::Generated(client) => drop(black_box(client.create().await)),
            Self::Ergonomic(client) => drop(black_box(client.create().await)),
        }
    }
}

/// The clients, baseline first: plain reqwest; plain reqwest with the
/// ergonomic client's default timeout (60 s per attempt), to show what the
/// timeout alone costs; the generated client; the ergonomic client.
fn clients(server: &Server) -> Vec<(&'static str, Client)> {
    let base_url = server.base_url();
    vec![
        ("baseline", Client::Baseline(Baseline::new(&base_url, None))),
        (
            "baseline+timeout",
            Client::Baseline(Baseline::new(&base_url, Some(Duration::from_secs(60)))),
        ),
        ("generated", Client::Generated(Generated::new(&base_url))),
        ("ergonomic", Client::Ergonomic(Ergonomic::new(&base_url))),
    ]
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// Runs `iters` calls with `client`, `concurrency` at a time, and returns
/// how long they took.
fn run_concurrently(runtime: &Runtime, client: &Client, concurrency: u64, iters: u64) -> Duration {
    runtime.block_on(async {
        let remaining = Arc::new(AtomicU64::new(iters));
        let started = Instant::now();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..concurrency.min(iters) {
            let client = client.clone();
            let remaining = remaining.clone();
            workers.spawn(async move {
                while remaining
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    client.call().await;
                }
            });
        }
        while let Some(joined) = workers.join_next().await {
            joined.expect("a worker panicked");
        }
        started.elapsed()
    })
}

/// Prints the heap allocations (and bytes) per call of each client on the
/// calling thread, which is where the client runtime runs.
fn print_allocations(clients: &[(&str, Client)]) {
    let runtime = runtime();
    println!("\nheap allocations per call (client thread, mean of {COUNTED_CALLS} calls)");
    println!(
        "{:<18} {:>12} {:>8} {:>12} {:>8}",
        "client", "allocations", "ratio", "bytes", "ratio"
    );
    let mut base = None;
    for (name, client) in clients {
        runtime.block_on(async {
            for _ in 0..10 {
                client.call().await;
            }
        });
        let ((), allocations, bytes) = cloudflare_api_benches::allocations(|| {
            runtime.block_on(async {
                for _ in 0..COUNTED_CALLS {
                    client.call().await;
                }
            })
        });
        let allocations = allocations as f64 / COUNTED_CALLS as f64;
        let bytes = bytes as f64 / COUNTED_CALLS as f64;
        let (base_allocations, base_bytes) = *base.get_or_insert((allocations, bytes));
        println!(
            "{name:<18} {allocations:>12.1} {:>8.2} {bytes:>12.0} {:>8.2}",
            allocations / base_allocations,
            bytes / base_bytes
        );
    }
    println!();
}

/// `PER_CALL_PROFILE=<client> [PER_CALL_CALLS=n] [PER_CALL_CONCURRENCY=c]`:
/// instead of benchmarking, makes `n` calls (default 2000), `c` at a time
/// (default 1), with one client and exits, for a profiler (`valgrind
/// --tool=callgrind` counts instructions repeatably).
fn profile(clients: &[(&str, Client)], name: &str) {
    let var = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(default)
    };
    let Some((_, client)) = clients.iter().find(|(n, _)| *n == name) else {
        panic!("PER_CALL_PROFILE: no client {name:?}");
    };
    let concurrency = var("PER_CALL_CONCURRENCY", 1);
    run_concurrently(
        &runtime(),
        client,
        concurrency,
        var("PER_CALL_CALLS", 2_000),
    );
}

/// Time per call of the clients measured in turns: each round runs a batch
/// of calls with each client, in an order that rotates, so that a change in
/// the machine's load (other work on a shared machine) hits all alike.
/// Prints the median over the rounds and its ratio to the baseline; these
/// are the ratios BENCHMARKS.md reports.
fn print_interleaved(clients: &[(&str, Client)]) {
    let runtime = runtime();
    println!("time per call, interleaved ({ROUNDS} rounds of {BATCH} calls per client; median)");
    println!(
        "{:<10} {:<18} {:>10} {:>12} {:>8}",
        "in flight", "client", "µs/call", "calls/s", "ratio"
    );
    for concurrency in [1, 16, 64] {
        for (_, client) in clients {
            run_concurrently(&runtime, client, concurrency, BATCH);
        }
        let mut samples = vec![Vec::new(); clients.len()];
        for round in 0..ROUNDS {
            for turn in 0..clients.len() {
                let i = (round + turn) % clients.len();
                let elapsed = run_concurrently(&runtime, &clients[i].1, concurrency, BATCH);
                samples[i].push(elapsed.as_secs_f64() * 1e6 / BATCH as f64);
            }
        }
        let medians: Vec<f64> = samples
            .into_iter()
            .map(|mut times| {
                times.sort_by(f64::total_cmp);
                times[times.len() / 2]
            })
            .collect();
        for ((name, _), median) in clients.iter().zip(&medians) {
            println!(
                "{concurrency:<10} {name:<18} {median:>10.1} {:>12.0} {:>8.3}",
                1e6 / median,
                median / medians[0]
            );
        }
    }
    println!();
}

fn benches(c: &mut Criterion) {
    let server = Server::start();
    let clients = clients(&server);
    if let Ok(name) = std::env::var("PER_CALL_PROFILE") {
        profile(&clients, &name);
        std::process::exit(0);
    }
    // Only when the benchmarks run, not under `cargo test --benches`.
    if std::env::args().any(|arg| arg == "--bench") {
        print_allocations(&clients);
        print_interleaved(&clients);
    }

    let runtime = runtime();
    let mut latency = c.benchmark_group("latency");
    for (name, client) in &clients {
        latency.bench_function(*name, |b| b.iter(|| runtime.block_on(client.call())));
    }
    latency.finish();

    for concurrency in [1, 16, 64] {
        let mut group = c.benchmark_group(format!("throughput/concurrency-{concurrency}"));
        group.throughput(Throughput::Elements(1));
        for (name, client) in &clients {
            group.bench_function(*name, |b| {
                b.iter_custom(|iters| run_concurrently(&runtime, client, concurrency, iters))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = per_call;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(per_call);
