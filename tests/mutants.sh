#!/usr/bin/env bash
# Mutation testing of the rules, the emitters, `diff` and the writer with cargo-mutants, and a
# summary of the outcomes. docs/testing.md records the figures and judges the missed mutants.
#
#   bash tests/mutants.sh                  # a tenth of the mutants, every tenth one (about 10 minutes on 2 cores)
#   bash tests/mutants.sh 3/10             # another tenth (shards 0/10 to 9/10 together are all of them)
#   bash tests/mutants.sh all              # all 632 mutants (about 100 minutes on 2 cores)
#   bash tests/mutants.sh 0/10 --iterate   # again, skipping the mutants caught by the last run of that shard
#
# Arguments after the first go to `cargo mutants` as they are (`--file codegen/src/write.rs`,
# `--re 'in check_codes'`, `--list`).
# The files, the tests each mutant runs and the timeouts are in .cargo/mutants.toml.
# Installs cargo-mutants 27.1.0 into target/tools/cargo-mutants when it is missing. Everything
# it builds or writes goes under target/ (or $CARGO_TARGET_DIR): the mutated copies of the tree
# are built in target/mutants-build (the dependencies are built there once, on the first run),
# and the results go to
# target/mutants/<shard>/mutants.out (outcomes.json, caught.txt, missed.txt, unviable.txt,
# timeout.txt, and a log per mutant). The exit status is cargo-mutants' own: 0 when every
# mutant was caught or unviable, 2 when some were missed, 3 when some timed out.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
version=27.1.0
tools=$target/tools/cargo-mutants
shard=${1:-0/10}
shift || true
# One job: the mutated copies share one build folder, and cargo names a workspace crate's
# artifacts without its path, so two copies built side by side overwrite each other's (and a
# build folder shared with the checkout would mix the checkout's builds into the run's).
jobs=${MUTANTS_JOBS:-1}

if [ "$("$tools/bin/cargo-mutants" mutants --version 2>/dev/null)" != "cargo-mutants $version" ]; then
    printf '==> installing cargo-mutants %s into %s\n' "$version" "$tools" >&2
    cargo install --locked --root "$tools" "cargo-mutants@$version"
fi
export PATH=$tools/bin:$PATH

shard_args=()
name=all
if [ "$shard" != all ]; then
    shard_args=(--shard "$shard" --sharding round-robin)
    name=shard-${shard/\//-of-}
fi
out=$target/mutants/$name
mkdir -p "$out"

printf '==> cargo mutants %s, %s jobs, results in %s/mutants.out\n' "$shard" "$jobs" "$out" >&2
start=$(date +%s)
# The tree as it was copied, at the start of the run.
commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- codegen 2>/dev/null || echo ' with uncommitted changes in codegen/')"
export CARGO_TARGET_DIR=$target/mutants-build
status=0
cargo mutants --no-shuffle --jobs "$jobs" --output "$out" "${shard_args[@]}" "$@" || status=$?
[ -f "$out/mutants.out/outcomes.json" ] || exit "$status"

count() { [ -f "$out/mutants.out/$1.txt" ] && wc -l <"$out/mutants.out/$1.txt" || echo 0; }
summary=$out/summary.md
{
    echo "# cargo-mutants $version, shard $shard, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) CPUs, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- commit: $commit"
    echo "- arguments: ${shard_args[*]} $*"
    echo "- wall time: $(( ($(date +%s) - start) / 60 )) min"
    echo
    echo "| caught | missed | unviable | timeouts |"
    echo "| ---: | ---: | ---: | ---: |"
    echo "| $(count caught) | $(count missed) | $(count unviable) | $(count timeout) |"
    if [ "$(count missed)" != 0 ]; then
        echo
        echo "Missed:"
        echo
        sed 's/^/- /' "$out/mutants.out/missed.txt"
    fi
} >"$summary"
cat "$summary"
exit "$status"
