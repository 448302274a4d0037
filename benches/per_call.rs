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

use std::future::Future;
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

/// The clients, each as a function from a shared client to one call.
struct Clients {
    baseline: Baseline,
    generated: Generated,
    ergonomic: Ergonomic,
}

impl Clients {
    fn new(server: &Server) -> Self {
        let base_url = server.base_url();
        Self {
            baseline: Baseline::new(&base_url),
            generated: Generated::new(&base_url),
            ergonomic: Ergonomic::new(&base_url),
        }
    }
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// Runs `iters` calls made by `call`, `concurrency` at a time, and returns
/// how long they took.
fn run_concurrently<C, F>(
    runtime: &Runtime,
    client: &C,
    concurrency: u64,
    iters: u64,
    call: fn(Arc<C>) -> F,
) -> Duration
where
    C: Clone + Send + Sync + 'static,
    F: Future + Send + 'static,
{
    runtime.block_on(async {
        let remaining = Arc::new(AtomicU64::new(iters));
        let started = Instant::now();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..concurrency.min(iters) {
            let client = Arc::new(client.clone());
            let remaining = remaining.clone();
            workers.spawn(async move {
                while remaining
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    black_box(call(client.clone()).await);
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
fn print_allocations(clients: &Clients) {
    let runtime = runtime();
    let mut rows = Vec::new();
    macro_rules! count {
        ($name:literal, $client:expr) => {{
            let client = &$client;
            runtime.block_on(async {
                for _ in 0..10 {
                    black_box(client.create().await);
                }
            });
            let ((), allocations, bytes) = cloudflare_api_benches::allocations(|| {
                runtime.block_on(async {
                    for _ in 0..COUNTED_CALLS {
                        black_box(client.create().await);
                    }
                })
            });
            rows.push((
                $name,
                allocations as f64 / COUNTED_CALLS as f64,
                bytes as f64 / COUNTED_CALLS as f64,
            ));
        }};
    }
    count!("baseline", clients.baseline);
    count!("generated", clients.generated);
    count!("ergonomic", clients.ergonomic);
    let (_, base_allocations, base_bytes) = rows[0];
    println!("\nheap allocations per call (client thread, mean of {COUNTED_CALLS} calls)");
    println!(
        "{:<10} {:>12} {:>8} {:>12} {:>8}",
        "client", "allocations", "ratio", "bytes", "ratio"
    );
    for (name, allocations, bytes) in rows {
        println!(
            "{name:<10} {allocations:>12.1} {:>8.2} {bytes:>12.0} {:>8.2}",
            allocations / base_allocations,
            bytes / base_bytes
        );
    }
    println!();
}

/// `PER_CALL_PROFILE=<client> [PER_CALL_CALLS=n]`: instead of benchmarking,
/// makes `n` sequential calls with one client and exits, for a profiler
/// (`valgrind --tool=callgrind` counts instructions repeatably).
fn profile(clients: &Clients, client: &str) {
    let calls: u64 = std::env::var("PER_CALL_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let runtime = runtime();
    runtime.block_on(async {
        for _ in 0..calls {
            match client {
                "baseline" => drop(black_box(clients.baseline.create().await)),
                "generated" => drop(black_box(clients.generated.create().await)),
                "ergonomic" => drop(black_box(clients.ergonomic.create().await)),
                other => panic!("PER_CALL_PROFILE: no client {other:?}"),
            }
        }
    });
}

/// Time per call of the three clients measured in turns: each round runs a
/// batch of calls with each client, in an order that rotates, so that a
/// change in the machine's load (other work on a shared machine) hits all
/// three alike. Prints the median over the rounds and its ratio to the
/// baseline; these are the ratios BENCHMARKS.md reports.
fn print_interleaved(clients: &Clients) {
    let runtime = runtime();
    println!("time per call, interleaved ({ROUNDS} rounds of {BATCH} calls per client; median)");
    println!(
        "{:<12} {:<10} {:>10} {:>12} {:>8}",
        "in flight", "client", "µs/call", "calls/s", "ratio"
    );
    for concurrency in [1, 16, 64] {
        let batch = |client: usize| match client {
            0 => run_concurrently(
                &runtime,
                &clients.baseline,
                concurrency,
                BATCH,
                |c| async move { c.create().await },
            ),
            1 => run_concurrently(
                &runtime,
                &clients.generated,
                concurrency,
                BATCH,
                |c| async move { c.create().await },
            ),
            _ => run_concurrently(
                &runtime,
                &clients.ergonomic,
                concurrency,
                BATCH,
                |c| async move { c.create().await },
            ),
        };
        (0..3).for_each(|client| drop(batch(client)));
        let mut samples = [Vec::new(), Vec::new(), Vec::new()];
        for round in 0..ROUNDS {
            for turn in 0..3 {
                let client = (round + turn) % 3;
                let elapsed = batch(client);
                samples[client].push(elapsed.as_secs_f64() * 1e6 / BATCH as f64);
            }
        }
        let medians = samples.map(|mut times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        });
        for (client, name) in ["baseline", "generated", "ergonomic"].iter().enumerate() {
            println!(
                "{concurrency:<12} {name:<10} {:>10.1} {:>12.0} {:>8.3}",
                medians[client],
                1e6 / medians[client],
                medians[client] / medians[0]
            );
        }
    }
    println!();
}

fn benches(c: &mut Criterion) {
    let server = Server::start();
    let clients = Clients::new(&server);
    if let Ok(client) = std::env::var("PER_CALL_PROFILE") {
        profile(&clients, &client);
        std::process::exit(0);
    }
    // Only when the benchmarks run, not under `cargo test --benches`.
    if std::env::args().any(|arg| arg == "--bench") {
        print_allocations(&clients);
        print_interleaved(&clients);
    }

    let runtime = runtime();
    let mut latency = c.benchmark_group("latency");
    latency.bench_function("baseline", |b| {
        b.iter(|| runtime.block_on(clients.baseline.create()))
    });
    latency.bench_function("generated", |b| {
        b.iter(|| runtime.block_on(clients.generated.create()))
    });
    latency.bench_function("ergonomic", |b| {
        b.iter(|| runtime.block_on(clients.ergonomic.create()))
    });
    latency.finish();

    for concurrency in [1, 16, 64] {
        let mut group = c.benchmark_group(format!("throughput/concurrency-{concurrency}"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("baseline", |b| {
            b.iter_custom(|iters| {
                run_concurrently(
                    &runtime,
                    &clients.baseline,
                    concurrency,
                    iters,
                    |c| async move { c.create().await },
                )
            })
        });
        group.bench_function("generated", |b| {
            b.iter_custom(|iters| {
                run_concurrently(
                    &runtime,
                    &clients.generated,
                    concurrency,
                    iters,
                    |c| async move { c.create().await },
                )
            })
        });
        group.bench_function("ergonomic", |b| {
            b.iter_custom(|iters| {
                run_concurrently(
                    &runtime,
                    &clients.ergonomic,
                    concurrency,
                    iters,
                    |c| async move { c.create().await },
                )
            })
        });
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
