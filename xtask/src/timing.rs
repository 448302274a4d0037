//! How long each step of the pipeline takes, for the regen-cost benchmark
//! (`benches/regen-cost/`).
//!
//! The pipeline wraps its steps in `step`; the times are kept only inside
//! [`record`], so that a plain `regen` pays for nothing but a thread-local
//! look-up per step.

use std::cell::RefCell;
use std::time::{Duration, Instant};

thread_local! {
    static STEPS: RefCell<Option<Vec<(&'static str, Duration)>>> = const { RefCell::new(None) };
}

/// Runs `f` as the pipeline step `name`.
pub(crate) fn step<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let output = f();
    let elapsed = started.elapsed();
    STEPS.with_borrow_mut(|steps| {
        if let Some(steps) = steps {
            match steps.iter_mut().find(|(step, _)| *step == name) {
                Some((_, total)) => *total += elapsed,
                None => steps.push((name, elapsed)),
            }
        }
    });
    output
}

/// Runs `f` and returns the time of each step it ran, in the order they
/// first ran (a step run more than once is added up).
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<(&'static str, Duration)>) {
    STEPS.set(Some(Vec::new()));
    let output = f();
    (output, STEPS.take().unwrap_or_default())
}
