//! How long each step of the pipeline takes, for the regen-cost benchmark
//! (`benches/regen-cost/`).
//!
//! The pipeline wraps its steps in `step`; the times are kept only inside
//! [`record`], so that a plain `regen` pays for nothing but a look-up per
//! step. A step run on several threads at once (a product's, see
//! `crate::generate`) is added up over them: its time is the CPU time
//! spent in it, and the steps can add up to more than the wall time.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The steps' times while [`record`] runs.
static STEPS: Mutex<Option<Vec<(&'static str, Duration)>>> = Mutex::new(None);

/// Runs `f` as the pipeline step `name`.
pub(crate) fn step<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let output = f();
    let elapsed = started.elapsed();
    if let Some(steps) = STEPS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_mut()
    {
        match steps.iter_mut().find(|(step, _)| *step == name) {
            Some((_, total)) => *total += elapsed,
            None => steps.push((name, elapsed)),
        }
    }
    output
}

/// Runs `f` and returns the time of each step it ran, in the order they
/// first ran (a step run more than once is added up). Not for two calls at
/// once: each would see the other's steps.
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<(&'static str, Duration)>) {
    *STEPS.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
    let output = f();
    let steps = STEPS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_default();
    (output, steps)
}
