#!/usr/bin/env bash
# Cold release builds, in one run, of:
#   lib        `cargo build --release -p cloudflare-api` in this workspace
#   ours       a program making one create call with cloudflare-api (ours/)
#   ours-native-tls  the same with the `native-tls` feature instead of `rustls`
#   community  the same program with the community `cloudflare` crate 0.14
#              (community/), resolved fresh from crates.io
# Each gets an empty target folder; crates are fetched before the clock
# starts, so download time is not counted. Prints a Markdown table: wall and
# CPU seconds, crates compiled, binary size (as built, and stripped).
#
#   benches/build-cost/run.sh [SCRATCH_DIR]      (see BENCHMARKS.md)
#
# Needs GNU time (/usr/bin/time) and, for the stripped size, `strip`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="${1:-$(mktemp -d)}"
mkdir -p "$scratch"
echo "scratch folder: $scratch" >&2

# A copy of a program folder, its path dependencies pointed at this checkout;
# ours starts from the workspace's Cargo.lock, so it builds the same versions.
prepare() {
    local name=$1
    rm -rf "${scratch:?}/$name"
    cp -r "$here/$name" "$scratch/$name"
    sed -i "s|@ROOT@|$root|g" "$scratch/$name/Cargo.toml"
    if [[ $name == ours ]]; then cp "$root/Cargo.lock" "$scratch/$name/Cargo.lock"; fi
    (cd "$scratch/$name" && cargo fetch --quiet)
}

# measure LABEL DIR BINARY -- CARGO ARGS...: one cold build.
rows=()
measure() {
    local label=$1 dir=$2 binary=$3
    shift 4
    local target="$scratch/target-$label"
    rm -rf "$target"
    (cd "$dir" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$scratch/$label.time" \
        cargo build --release "$@" 2>"$scratch/$label.log")
    local wall user sys crates size stripped
    read -r wall user sys <"$scratch/$label.time"
    crates=$(grep -c '^ *Compiling ' "$scratch/$label.log" || true)
    size="-"
    stripped="-"
    if [[ -n $binary ]]; then
        size=$(stat -c %s "$target/release/$binary")
        if command -v strip >/dev/null; then
            strip -o "$scratch/$label.stripped" "$target/release/$binary"
            stripped=$(stat -c %s "$scratch/$label.stripped")
        fi
    fi
    rows+=("$(awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v c="$crates" \
        -v z="$size" -v t="$stripped" 'function mib(b) { return b == "-" ? "-" : sprintf("%.2f", b / 1048576) }
        BEGIN { printf "| %s | %.1f | %.1f | %d | %s | %s |", l, w, u + s, c, mib(z), mib(t) }')")
    echo "$label: ${wall}s wall, $crates crates" >&2
}

(cd "$root" && cargo fetch --locked --quiet)
prepare ours
prepare community

measure lib "$root" "" -- --locked -p cloudflare-api
measure ours "$scratch/ours" one-call-cloudflare-api --
measure ours-native-tls "$scratch/ours" one-call-cloudflare-api -- --no-default-features --features native-tls
measure community "$scratch/community" one-call-cloudflare-community --

echo
echo "| build | wall s | CPU s | crates compiled | binary MiB | stripped MiB |"
echo "|---|--:|--:|--:|--:|--:|"
printf '%s\n' "${rows[@]}"
