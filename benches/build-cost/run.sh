#!/usr/bin/env bash
# Cold builds, in one run, of a program making one create call:
#   ours              with cloudflare-api (ours/), default features: rustls on
#                     aws-lc-rs
#   ours-ring         the same with `rustls-ring` instead of `rustls`
#   ours-native-tls   the same with `native-tls` instead of `rustls`
#   ours-graviola     what rustls on graviola would compile (not a feature)
#   ours+reqwest, ours-ring+reqwest
#                     ours and ours-ring in a program that also uses
#                     reqwest with its default features
#   community         the same program with the community `cloudflare` crate
#                     0.14 (community/), resolved fresh from crates.io
#   ours-dns          one DNS call with `features = ["dns"]` (ours-dns/): one
#                     product of the crate-per-product design (issue 20)
#   before            the one-call program of the commit BEFORE (default
#                     593e9da, the last with the whole client in one crate),
#                     built from that commit's tree (git archive)
# Each build gets an empty target folder (deleted once measured); crates are
# fetched before the clock starts, so download time is not counted. The
# builds are interleaved: ROUNDS rounds, each building all of BUILDS, the
# order rotated by one every round, so that the machine's load falls on all
# alike. Prints a Markdown table: per build, wall and CPU seconds of each
# round, the mean ratio to the REFERENCE build (community unless told) of
# the same round, crates compiled, binary size (as built, and stripped) and
# its ratio.
#
#   benches/build-cost/run.sh [SCRATCH_DIR]            (see BENCHMARKS.md)
#   ROUNDS=2 PROFILE=release|dev BUILDS="ours community" benches/build-cost/run.sh [SCRATCH_DIR]
#   BUILDS="ours ours-ring" REFERENCE=ours-ring benches/build-cost/run.sh [SCRATCH_DIR]
#   BUILDS="before ours ours-dns" REFERENCE=before benches/build-cost/run.sh [SCRATCH_DIR]
#
# Needs GNU time (/usr/bin/time) and, for the stripped size, `strip`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="${1:-$(mktemp -d)}"
rounds="${ROUNDS:-2}"
profile="${PROFILE:-release}"
case $profile in
    release) profile_flag=(--release) out=release ;;
    dev) profile_flag=() out=debug ;;
    *) echo "PROFILE is release or dev" >&2; exit 2 ;;
esac
mkdir -p "$scratch"
echo "scratch folder: $scratch" >&2

# A copy of a program folder, its path dependencies pointed at this checkout;
# ours starts from the workspace's Cargo.lock, so it builds the same versions.
prepare() {
    local name=$1
    local from=$here/$name tree=$root
    rm -rf "${scratch:?}/$name"
    if [[ $name == before ]]; then
        # That commit's whole tree, and its own one-call program.
        tree="$scratch/before-tree"
        rm -rf "$tree"
        mkdir -p "$tree"
        git -C "$root" archive "${BEFORE:-593e9da}" | tar -x -C "$tree"
        from=$tree/benches/build-cost/ours
    fi
    cp -r "$from" "$scratch/$name"
    sed -i "s|@ROOT@|$tree|g" "$scratch/$name/Cargo.toml"
    if [[ $name != community ]]; then cp "$tree/Cargo.lock" "$scratch/$name/Cargo.lock"; fi
    (cd "$scratch/$name" && cargo fetch --quiet)
}

# BUILDS="ours community" measures only those; the ratios are to REFERENCE
# (default: community), which must be one of them.
read -r -a labels <<<"${BUILDS:-ours ours-ring ours-native-tls community}"
reference="${REFERENCE:-community}"
declare -A dir binary args
for l in ours ours-ring ours-native-tls ours-graviola ours+reqwest ours-ring+reqwest; do
    dir[$l]="$scratch/ours"
    binary[$l]=one-call-cloudflare-api
done
args[ours]=""
args[ours-ring]="--no-default-features --features rustls-ring"
args[ours-native-tls]="--no-default-features --features native-tls"
# Not features of the crate: what rustls on graviola would compile, and an
# application that also uses reqwest with its defaults (see ours/Cargo.toml).
args[ours-graviola]="--no-default-features --features graviola"
args[ours+reqwest]="--features app-reqwest"
args[ours-ring+reqwest]="--no-default-features --features rustls-ring,app-reqwest"
dir[ours-dns]="$scratch/ours-dns"
binary[ours-dns]=one-call-cloudflare-api-dns
args[ours-dns]=""
dir[before]="$scratch/before"
binary[before]=one-call-cloudflare-api
args[before]=""
dir[community]="$scratch/community"
binary[community]=one-call-cloudflare-community
args[community]=""

# measure LABEL ROUND: one cold build; appends "label round wall cpu crates
# size stripped load-before load-after" to $scratch/results.
measure() {
    local label=$1 round=$2
    local target="$scratch/target-$label"
    rm -rf "$target"
    local load_before load_after
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086
    (cd "${dir[$label]}" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$scratch/$label.time" \
        cargo build "${profile_flag[@]}" ${args[$label]} 2>"$scratch/$label.$round.log")
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    local wall user sys crates size stripped=0
    read -r wall user sys <"$scratch/$label.time"
    crates=$(grep -c '^ *Compiling ' "$scratch/$label.$round.log" || true)
    size=$(stat -c %s "$target/$out/${binary[$label]}")
    if command -v strip >/dev/null; then
        strip -o "$scratch/$label.stripped" "$target/$out/${binary[$label]}"
        stripped=$(stat -c %s "$scratch/$label.stripped")
    fi
    rm -rf "$target"
    echo "$label $round $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $crates $size $stripped $load_before $load_after" >>"$scratch/results"
    echo "round $round, $label: ${wall}s wall, $crates crates, load $load_before -> $load_after" >&2
}

for program in ours ours-dns before community; do
    if [[ $program == ours || " ${labels[*]} " == *" $program "* ]]; then prepare "$program"; fi
done
: >"$scratch/results"
for ((r = 0; r < rounds; r++)); do
    for ((i = 0; i < ${#labels[@]}; i++)); do
        measure "${labels[$(((i + r) % ${#labels[@]}))]}" "$((r + 1))"
    done
done

echo
echo "$profile profile, $rounds rounds; load average $(awk '{ print $8 }' "$scratch/results" | sort -n | head -1) to $(awk '{ print $8; print $9 }' "$scratch/results" | sort -n | tail -1)"
echo
echo "ratios to $reference, round by round"
echo
echo "| build | wall s | CPU s | wall ratio | CPU ratio | crates compiled | binary MiB | stripped MiB | stripped ratio |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
awk -v labels="${labels[*]}" -v ref="$reference" '
    { wall[$1, $2] = $3; cpu[$1, $2] = $4; crates[$1] = $5; size[$1] = $6; stripped[$1] = $7
      if ($2 > rounds) rounds = $2 }
    END {
        n = split(labels, l, " ")
        for (i = 1; i <= n; i++) {
            w = ""; c = ""; wr = 0; cr = 0
            for (r = 1; r <= rounds; r++) {
                w = w (r > 1 ? ", " : "") sprintf("%.1f", wall[l[i], r])
                c = c (r > 1 ? ", " : "") sprintf("%.1f", cpu[l[i], r])
                wr += wall[l[i], r] / wall[ref, r]
                cr += cpu[l[i], r] / cpu[ref, r]
            }
            printf "| %s | %s | %s | %.2f | %.2f | %d | %.2f | %.2f | %.2f |\n", l[i], w, c, wr / rounds, cr / rounds,
                crates[l[i]], size[l[i]] / 1048576, stripped[l[i]] / 1048576, stripped[l[i]] / stripped[ref]
        }
    }' "$scratch/results"
