#!/usr/bin/env bash
# Reruns every measurement of docs/benchmarks.md and prints a summary of the figures.
#
#   bash benches/run.sh            # everything (about 15 minutes on 2 cores)
#   bash benches/run.sh quick      # whole-process timings and memory only
#
# The "before" of the build-cost comparisons is the commit $BENCH_BASE (default 23ba2e8, the
# last one before the build-cost work), checked out with `git archive` under target/.
#
# Needs hyperfine, GNU time and valgrind (`apt-get install -y hyperfine time valgrind`).
# Everything it builds or writes goes under target/ (or $CARGO_TARGET_DIR): the synthetic catalogs
# and their outputs in target/bench-data/, clean builds in target/bench-*/, raw results and the
# summary in target/bench-results/.
# No figure here is asserted: the targets are judged in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
data=$target/bench-data
results=$target/bench-results
mkdir -p "$data" "$results"
mode=${1:-all}
runs=${BENCH_RUNS:-10}
builds=${BENCH_BUILDS:-3}

for tool in hyperfine /usr/bin/time valgrind python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing" >&2; exit 1; }
done

step() { printf '\n==> %s\n' "$*" >&2; }
summary=$results/summary.md
: >"$summary"
say() { printf '%s\n' "$*" | tee -a "$summary"; }

# The median of hyperfine's runs, in milliseconds, from its JSON export.
median_ms() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"]*1000))' "$1"
}
# The median of a list of numbers.
median() { python3 -c 'import statistics,sys; print("%.2f" % statistics.median(map(float, sys.argv[1:])))' "$@"; }

say "# Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
say ""
say "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB memory"
say "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "- rustc: $(rustc --version)"
if git rev-parse --git-dir >/dev/null 2>&1; then
    say "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- codegen xtask || echo ' with uncommitted changes in codegen/ or xtask/')"
else
    say "- source: ${BENCH_SOURCE:-not a git checkout}"
fi

base=${BENCH_BASE:-23ba2e8}
# CPU time from GNU time's user and system seconds.
cpu_seconds() { python3 -c "print(round($1 + $2, 2))"; }
# A clean debug build of the generator, as a docs pipeline on a cold cache runs it: $1 names it,
# $2 is the source folder. Leaves "wall cpu" in $results/generator-$1 and cargo's timings report
# in $results/generator-$1.html.
generator_build() {
    local dir=$target/bench-generator-$1
    rm -rf "$dir"
    (cd "$2" && cargo fetch --quiet &&
        CARGO_TARGET_DIR=$dir /usr/bin/time -f '%e %U %S' -o "$results/build" \
            cargo build --quiet --offline -p xtask --timings)
    cp "$dir/cargo-timings/cargo-timing.html" "$results/generator-$1.html"
    local wall user sys
    read -r wall user sys <"$results/build"
    echo "$wall $(cpu_seconds "$user" "$sys")" >"$results/generator-$1"
}
# A clean debug build of a generated crate on its own ($1: its folder), into its own target
# folder: "wall cpu peak-MB" in $results/crate, the peak being rustc's resident memory.
crate_build() {
    local dir=$1 wall user sys peak
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    rm -rf "$dir/target"
    (cd "$dir" && CARGO_TARGET_DIR=$dir/target /usr/bin/time -f '%e %U %S %M' -o "$results/build" \
        cargo build --quiet --offline)
    read -r wall user sys peak <"$results/build"
    echo "$wall $(cpu_seconds "$user" "$sys") $((peak / 1024))" >"$results/crate"
}

# The "before" side needs the base commit: in a checkout without it (a shallow clone, an
# archive), the comparisons show the working tree alone.
has_base=false
git rev-parse --verify --quiet "$base^{commit}" >/dev/null 2>&1 && has_base=true
if [ "$mode" != quick ]; then
    step "the generator's fresh debug build: $base against this tree (cargo build --timings)"
    say ""
    say "## The generator's fresh debug build (\`cargo build -p xtask\`, empty target folder, registry cached)"
    say ""
    say "| build | wall | CPU (user+sys) |"
    say "| --- | ---: | ---: |"
    if [ "$has_base" = true ]; then
        rm -rf "$target/bench-src-before"
        mkdir -p "$target/bench-src-before"
        git archive "$base" | tar -x -C "$target/bench-src-before"
        generator_build before "$target/bench-src-before"
        read -r wall cpu_s <"$results/generator-before"
        say "| before ($base) | $wall s | $cpu_s s |"
    else
        say "| before | no commit $base here | |"
    fi
    generator_build after "$root"
    read -r wall cpu_s <"$results/generator-after"
    say "| after (this tree) | $wall s | $cpu_s s |"
    if [ "$has_base" = true ]; then
        say ""
        say "Per crate (cargo's unit durations, summed per crate and version):"
        say ""
        python3 benches/build_units.py "$results/generator-before.html" "$results/generator-after.html" 20 |
            tee -a "$summary"
    fi
fi

step "build the xtask binary, release and debug"
cargo build --quiet --release -p xtask
cargo build --quiet -p xtask
release=$target/release/xtask
debug=$target/debug/xtask

step "synthetic catalogs"
for n in 10 1000 10000; do
    "$release" synth-catalog --codes "$n" --out "$data/catalog-$n.yaml"
    rm -rf "$data/out-$n"
    "$release" codegen --catalog "$data/catalog-$n.yaml" --out "$data/out-$n" 2>/dev/null
done

step "whole-process timings (hyperfine, $runs runs each, medians)"
say ""
say "## Whole process (release binary; codegen writes every output into an emptied folder)"
say ""
say "| codes | codegen median | --check median | codegen max RSS | --check max RSS |"
say "| ---: | ---: | ---: | ---: | ---: |"
for n in 10 1000 10000; do
    catalog=$data/catalog-$n.yaml
    fresh=$data/fresh-$n
    hyperfine --style none -N --warmup 2 --runs "$runs" \
        --prepare "rm -rf $fresh" \
        --export-json "$results/codegen-$n.json" \
        "$release codegen --catalog $catalog --out $fresh" >/dev/null
    hyperfine --style none -N --warmup 2 --runs "$runs" \
        --export-json "$results/check-$n.json" \
        "$release codegen --check --catalog $catalog --out $data/out-$n" >/dev/null
    rm -rf "$fresh"
    /usr/bin/time -f '%M' -o "$results/rss" "$release" codegen --catalog "$catalog" --out "$fresh" 2>/dev/null
    rss_codegen=$(tail -1 "$results/rss")
    /usr/bin/time -f '%M' -o "$results/rss" "$release" codegen --check --catalog "$catalog" --out "$data/out-$n" 2>/dev/null
    rss_check=$(tail -1 "$results/rss")
    rm -rf "$fresh"
    say "| $n | $(median_ms "$results/codegen-$n.json") ms | $(median_ms "$results/check-$n.json") ms | $((rss_codegen / 1024)) MB | $((rss_check / 1024)) MB |"
done
hyperfine --style none -N --warmup 1 --runs 3 \
    --export-json "$results/debug-check-10000.json" \
    "$debug codegen --check --catalog $data/catalog-10000.yaml --out $data/out-10000" >/dev/null
say ""
say "- debug binary, --check at 10000 codes: $(median_ms "$results/debug-check-10000.json") ms (median of 3)"

step "instruction counts (callgrind)"
say ""
for n in 1000 10000; do
    valgrind --tool=callgrind --callgrind-out-file="$results/callgrind-$n.out" \
        "$release" codegen --check --catalog "$data/catalog-$n.yaml" --out "$data/out-$n" \
        >/dev/null 2>"$results/callgrind-$n.log" || true
    callgrind_annotate --inclusive=yes "$results/callgrind-$n.out" >"$results/callgrind-$n.txt" 2>/dev/null
    say "- --check at $n codes: $(sed -n 's/.*Collected : //p' "$results/callgrind-$n.log") instructions"
done
if [ "$mode" != quick ] && [ "$has_base" = true ]; then
    # The same count for the base commit's release binary, on its own outputs of the same catalog.
    (cd "$target/bench-src-before" &&
        CARGO_TARGET_DIR=$target/bench-generator-before cargo build --quiet --offline --release -p xtask)
    before_release=$target/bench-generator-before/release/xtask
    rm -rf "$data/out-before-10000"
    "$before_release" codegen --catalog "$data/catalog-10000.yaml" --out "$data/out-before-10000" 2>/dev/null
    valgrind --tool=callgrind --callgrind-out-file="$results/callgrind-before-10000.out" \
        "$before_release" codegen --check --catalog "$data/catalog-10000.yaml" --out "$data/out-before-10000" \
        >/dev/null 2>"$results/callgrind-before-10000.log" || true
    say "- --check at 10000 codes, $base: $(sed -n 's/.*Collected : //p' "$results/callgrind-before-10000.log") instructions"
fi
say ""
say "## Where the instructions go at 10000 codes (callgrind, --check, inclusive)"
say ""
say "| stage | instructions | share |"
say "| --- | ---: | ---: |"
for symbol in 'xtask::main' 'error_catalog::load' 'error_catalog::read::read' 'error_catalog::read::yaml::parse' \
    'error_catalog::check::check' 'error_catalog::model::Catalog::build' \
    'error_catalog::emit::outputs' 'error_catalog::emit::rust::lib_rs' \
    '<F as syn::parse::Parser>::parse2' 'syn::file::parsing::<impl syn::parse::Parse for syn::file::File>::parse' \
    'syn::lit::LitStr::new' 'prettyplease::unparse' 'core::ptr::drop_in_place<syn::file::File>' \
    'error_catalog::emit::openapi::yaml' 'error_catalog::emit::openapi::json' 'error_catalog::emit::markdown::page' \
    'error_catalog::emit::html::fragment' 'error_catalog::write::check_all'; do
    line=$(grep -F " ???:$symbol [" "$results/callgrind-10000.txt" | head -1 || true)
    [ -n "$line" ] || continue
    count=$(awk '{print $1}' <<<"$line")
    share=$(grep -o '([ 0-9.]*%)' <<<"$line" | tr -d '() ')
    say "| \`$symbol\` | $count | $share |"
done

[ "$mode" = quick ] && { say ""; say "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }

step "generated crates at 1000 and 10000 codes: rustc's peak memory, before and after"
say ""
say "## Generated crate, clean debug build on its own: before ($base) and after"
say ""
say "| codes | before: wall / CPU / rustc peak | after: wall / CPU / rustc peak |"
say "| ---: | ---: | ---: |"
for n in 1000 10000; do
    row="| $n |"
    for side in before after; do
        if [ "$side" = before ] && [ "$has_base" = false ]; then
            row+=" (no base) |"
            continue
        fi
        generator=$release
        [ "$side" = before ] && generator=$target/bench-generator-before/debug/xtask
        out=$data/crate-$side-$n
        rm -rf "$out"
        "$generator" codegen --catalog "$data/catalog-$n.yaml" --out "$out" 2>/dev/null
        crate_build "$(echo "$out"/generated/api-errors-*)"
        read -r wall cpu_s peak <"$results/crate"
        row+=" $wall s / $cpu_s s / $peak MB |"
    done
    say "$row"
done

step "generated crate at 10000 codes: clean debug build ($builds builds)"
# benches/fromstr depends on the crate generated from the 10000-code catalog, at this path
# whatever $CARGO_TARGET_DIR is.
rm -rf "$root/target/bench-data/synth-10000"
"$release" codegen --catalog "$data/catalog-10000.yaml" --out "$root/target/bench-data/synth-10000" 2>/dev/null
walls=() cpus=()
for _ in $(seq "$builds"); do
    rm -rf "$target/bench-build10k"
    CARGO_TARGET_DIR=$target/bench-build10k /usr/bin/time -f '%e %U %S' -o "$results/build" \
        cargo build --quiet --manifest-path benches/fromstr/Cargo.toml -p api-errors-synth
    read -r wall user sys <"$results/build"
    walls+=("$wall") cpus+=("$(cpu_seconds "$user" "$sys")")
done
say ""
say "## Generated crate at 10000 codes, clean debug build (\`cargo build -p api-errors-synth\`)"
say ""
say "- wall: $(median "${walls[@]}") s median (runs: ${walls[*]}); CPU (user+sys): $(median "${cpus[@]}") s"

step "build cost: generated crate with serde against strum + serde derive + thiserror"
cargo fetch --quiet --manifest-path benches/generated-consumer/Cargo.toml
cargo fetch --quiet --manifest-path benches/handwritten-peer/Cargo.toml
declare -A wall cpu
for _ in $(seq "$builds"); do
    for crate in generated-consumer handwritten-peer; do
        dir=$target/bench-$crate
        rm -rf "$dir"
        CARGO_TARGET_DIR=$dir /usr/bin/time -f '%e %U %S' -o "$results/build" \
            cargo build --quiet --offline --manifest-path "benches/$crate/Cargo.toml"
        read -r w user sys <"$results/build"
        wall[$crate]+="$w " cpu[$crate]+="$(cpu_seconds "$user" "$sys") "
    done
done
say ""
say "## Clean debug build, side by side ($builds alternating builds each, medians)"
say ""
say "| crate | CPU (user+sys) | wall | all CPU runs |"
say "| --- | ---: | ---: | --- |"
for crate in generated-consumer handwritten-peer; do
    # shellcheck disable=SC2086
    say "| $crate | $(median ${cpu[$crate]}) s | $(median ${wall[$crate]}) s | ${cpu[$crate]}|"
done
# shellcheck disable=SC2086
say "- ratio (peer / generated, CPU): $(python3 -c "print('%.1f' % ($(median ${cpu[handwritten-peer]}) / $(median ${cpu[generated-consumer]})))")"

step "FromStr (divan)"
CARGO_TARGET_DIR=$target/bench-fromstr cargo bench --quiet \
    --manifest-path benches/fromstr/Cargo.toml --bench fromstr | tee "$results/fromstr.txt"
say ""
say "## FromStr, per parse (divan medians; raw output in target/bench-results/fromstr.txt)"
say ""
python3 - "$results/fromstr.txt" <<'PY' | tee -a "$summary"
import re, sys
units = {"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
per_iteration = {"ten_codes": 10, "ten_thousand_codes": 10_000}
section = None
print("| set | parser | median per parse |")
print("| --- | --- | ---: |")
for line in open(sys.argv[1], encoding="utf-8"):
    name = re.search(r"[├╰]─ (\w+)", line)
    if not name:
        continue
    if name.group(1) in per_iteration:
        section = name.group(1)
        continue
    cells = [cell.strip() for cell in line.split("│")]
    times = [cell for cell in cells if re.fullmatch(r"[\d.]+ (ns|µs|us|ms|s)", cell)]
    if section and len(times) >= 3:
        value, unit = times[2].split()
        print(f"| {section} | {name.group(1)} | {float(value) * units[unit] / per_iteration[section]:.1f} ns |")
PY

step "FromStr at 10 codes: instructions per parse (callgrind)"
CARGO_TARGET_DIR=$target/bench-fromstr cargo build --quiet --release \
    --manifest-path benches/fromstr/Cargo.toml --example instructions
rounds=100000
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$target/bench-fromstr/release/examples/instructions" "$1" "$rounds" 2>&1 |
        sed -n 's/.*Collected : //p'
}
loop_only=$(instructions none)
say ""
say "## FromStr at 10 codes, instructions per parse (callgrind, loop overhead subtracted)"
say ""
for parser in generated generated-from-code strum generated-unknown generated-from-code-unknown strum-unknown; do
    say "- $parser: $(python3 -c "print('%.1f' % (($(instructions "$parser") - $loop_only) / ($rounds * 10)))")"
done

step "in-process stages (divan)"
cargo bench --quiet -p error-catalog --bench pipeline | tee "$results/pipeline.txt"
say ""
say "## Stages in process: see target/bench-results/pipeline.txt"
say ""
say "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
step "summary in $summary"
cat "$summary" >&2
