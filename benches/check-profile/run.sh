#!/usr/bin/env bash
# Where a product crate's `cargo check` spends its time: rustc's
# self-profile of that crate alone, summed by query and by the generated
# item each query works for (serde's impls of the types, the tree's
# `send()`, the client's methods...). See BENCHMARKS.md, "Issue 21: what a
# product crate's check spends".
#
#   benches/check-profile/run.sh PRODUCT [build]
#
# `build` profiles a `cargo build` of the crate (codegen included) rather
# than a check. The self-profile is a nightly flag (`-Z self-profile`):
# RUSTC_BOOTSTRAP lets the stable compiler take it, in a target folder of
# its own (target/check-profile), since cargo builds every dependency
# again when RUSTC_BOOTSTRAP changes. Profiling slows rustc down: compare
# the parts of one profile, not its total with a plain build's time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
product=${1:?usage: run.sh PRODUCT [build]}
profile=check
[[ "${2:-}" == build ]] && profile=dev
crate="cloudflare-api-$product"
target="${CARGO_TARGET_DIR:-$root/target}/check-profile"
out="$target/profiles/$product-$profile"
export RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target"
# The dependencies first, unprofiled; then the crate alone.
cargo rustc --locked --quiet -p "$crate" --lib --profile "$profile"
rm -rf "$out" && mkdir -p "$out"
touch "crates/products/$product/src/lib.rs"
cargo rustc --locked --quiet -p "$crate" --lib --profile "$profile" -- \
    -Zself-profile="$out" -Zself-profile-events=default,args
cargo run --quiet --release --locked \
    --manifest-path benches/check-profile/Cargo.toml -- "$out"/*.mm_profdata
