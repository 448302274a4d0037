//! The end-to-end tests, as one test binary: one link for all of them
//! instead of one per file. Each module is what was a test file of its
//! own, and its tests are named after it (`faults::a_call_dropped_...`).
//!
//! Tests that need a process of their own stay in it: `from_env` and
//! `proxy` run one of their ignored tests again in a child process of this
//! binary (see `cloudflare_api_tests::child`). One test binary remains
//! apart, `tests/tracing.rs`: `tracing` caches per call site whether anyone
//! listens, which tests on other threads of a shared binary can decide.

mod answers;
mod client;
mod contract;
mod extension;
mod faults;
mod from_env;
mod generated_client;
mod inputs;
mod lifecycle;
mod paging;
mod platform_example;
mod properties;
mod proxy;
mod regen;
mod script_names;
mod secrets;
mod snippet;
mod tree;
mod uploads;
mod worker_content;
mod workers_for_platforms;
mod workers_kv;
mod workers_uploads;
mod zero_trust;
