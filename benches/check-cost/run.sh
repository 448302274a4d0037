#!/usr/bin/env bash
# `cargo check` of each product crate, one at a time, after its
# dependencies are checked (so each line is that crate alone): wall and CPU
# seconds, peak memory (the largest process, which is rustc on that crate),
# and the crate's generated lines. Prints a Markdown table, largest first.
# The issue-20 budget: the largest under 4 GB.
#
#   benches/check-cost/run.sh [PRODUCT...]          (see BENCHMARKS.md)
#   PROFILE=release benches/check-cost/run.sh      (`cargo build --release`)
#
# Uses the workspace's target folder (CARGO_TARGET_DIR if set). Needs GNU
# time (/usr/bin/time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
case "${PROFILE:-check}" in
    check) command=(cargo check --locked) clean=() ;;
    release) command=(cargo build --release --locked) clean=(--release) ;;
    *) echo "PROFILE is check or release" >&2; exit 2 ;;
esac
if (($# > 0)); then
    products=("$@")
else
    mapfile -t products < <(ls crates/products)
fi
# The dependencies of every product crate, once, outside the clock.
"${command[@]}" -p cloudflare-api-runtime --quiet
results=$(mktemp)
for product in "${products[@]}"; do
    crate="cloudflare-api-$product"
    cargo clean --quiet -p "$crate" "${clean[@]}"
    /usr/bin/time -f '%e %U %S %M' -o "$results.time" "${command[@]}" -p "$crate" --quiet
    read -r wall user sys kib <"$results.time"
    lines=$(cat "crates/products/$product/src/"{generated,tree}.rs | wc -l)
    operations=$(grep -c '^ *pub async fn send' "crates/products/$product/src/tree.rs" || true)
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "$product $operations $lines $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $kib $load" >>"$results"
    echo "$product: ${wall}s, $((kib / 1024)) MiB, load $load" >&2
done
echo
echo "| product crate | operations | lines (generated + tree) | wall s | CPU s | peak MiB | load |"
echo "|---|--:|--:|--:|--:|--:|--:|"
sort -k3 -n -r "$results" | awk '{ printf "| %s | %d | %d | %.1f | %.1f | %d | %s |\n", $1, $2, $3, $4, $5, $6 / 1024, $7 }'
rm -f "$results" "$results.time"
