#!/bin/sh
# Runs the libFuzzer harnesses (`make fuzz`).
#
#   tests/fuzz/run.sh BUILD SECONDS NAME...
#
# BUILD/fuzz_NAME runs for SECONDS on its corpus BUILD/corpus/NAME (kept
# from run to run), seeded from the fixtures (instrument XML or response
# CSV, cut to MAX_LEN bytes) and tests/fuzz/regressions/NAME/, with the
# dictionary tests/fuzz/NAME.dict.  Its output is in BUILD/NAME.log.
# A crash, a sanitizer report, a leak, a timeout (TIMEOUT seconds on one
# input) or an out-of-memory (RSS_MB) fails the run; the input is then in
# BUILD/artifacts/NAME/, to be minimised and kept in
# tests/fuzz/regressions/NAME/ once fixed.
set -u
build=${1:?usage: run.sh BUILD SECONDS NAME...}
seconds=${2:?usage: run.sh BUILD SECONDS NAME...}
shift 2
: "${MAX_LEN:=16384}" "${TIMEOUT:=10}" "${RSS_MB:=2048}"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

# The seeds of a harness: every fixture it can read.
seeds() {
    case $1 in
    instrument) find fixtures instruments -type f -name '*.xml' ;;
    responses) find fixtures -type f \( -name '*.csv' -o -name '*.txt' -o -name stdin \) ;;
    source) find fixtures -type f \( -name 'source.xml' -o -name 'columns.xml' \) ;;
    *) echo "run.sh: no seeds for '$1'" >&2; return 1 ;;
    esac
}

failed=""
for name; do
    seed=$build/seed/$name
    corpus=$build/corpus/$name
    artifacts=$build/artifacts/$name
    log=$build/$name.log
    rm -rf "$seed"
    mkdir -p "$seed" "$corpus" "$artifacts" || exit 2
    seeds "$name" | sort >"$build/seed/$name.list" || exit 2
    while read -r f; do
        head -c "$MAX_LEN" "$f" >"$seed/$(echo "$f" | tr / _)"
    done <"$build/seed/$name.list"
    for f in tests/fuzz/regressions/"$name"/*; do
        [ -f "$f" ] && cp "$f" "$seed/regression_$(basename "$f")"
    done

    echo "== fuzz_$name: ${seconds}s, corpus $corpus, log $log"
    "$build/fuzz_$name" -max_total_time="$seconds" -timeout="$TIMEOUT" \
        -rss_limit_mb="$RSS_MB" -max_len="$MAX_LEN" -print_final_stats=1 \
        -dict="tests/fuzz/$name.dict" -artifact_prefix="$artifacts/" \
        "$corpus" "$seed" >"$log" 2>&1
    status=$?
    # libFuzzer's last progress line and its final statistics.
    grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1
    grep -E '^stat::' "$log"
    if [ $status -ne 0 ]; then
        echo "FAIL fuzz_$name (status $status): see $log"
        tail -n 40 "$log" | sed 's/^/    /'
        ls "$artifacts" | sed "s|^|    input: $artifacts/|"
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzzing found problems in:$failed"
    exit 1
fi
