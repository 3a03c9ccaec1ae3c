#!/bin/sh
# The benchmark behind `make bench`: generates the 1,000- and 10,000-subject
# exports of fixtures/bench/bench-360.xml (long, and the 10,000 also wide),
# then times on each a bare libcsv parse (the floor), every command and
# `assess run`, single-threaded and on every core.  Prints the median of
# RUNS runs, MB/s, peak memory and each time as a ratio to the bare parse,
# and writes the same table to RESULTS.  Then it draws the PDF reports of
# the 1,000 executives (BENCH_PDF_SUBJECTS), with the pages per second.
#
#   tools/bench.sh BUILD_DIR [SUBJECTS...]
#
# Environment: RUNS (default 3), BENCH_DIR (the exports and outputs,
# default BUILD_DIR/bench), BENCH_PDF_SUBJECTS (default 1000).
set -eu
build=${1:?usage: bench.sh BUILD_DIR [SUBJECTS...]}
shift
[ $# -gt 0 ] || set -- 1000 10000
runs=${RUNS:-3}
dir=${BENCH_DIR:-$build/bench}
inst=fixtures/bench/bench-360.xml
assess=$build/assess
results=$dir/results.txt
mkdir -p "$dir"

cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
{
    echo "# assess benchmark: $(uname -srm), $cores cores, $runs runs each (median)"
    echo "# $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
    printf '%-10s %-6s %-28s %8s %8s %9s %10s %7s\n' export MB command seconds MB/s peak_MB B/answer x_parse
} | tee "$results"

# bench EXPORT COMMAND...: one row of the table.
bench() {
    file=$1 label=$2
    shift 2
    set -- $("$build/bench-run" "$runs" "$@")
    secs=$1 kb=$2
    last=$secs
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
    awk -v f="$(basename "$file" .csv)" -v mb="$mb" -v l="$label" -v s="$secs" \
        -v kb="$kb" -v a="$answers" -v floor="${floor:-$secs}" -v b="$bytes" 'BEGIN {
        printf "%-10s %-6s %-28s %8.2f %8.0f %9.0f %10.1f %7.2f\n",
               f, mb, l, s, b / 1e6 / s, kb / 1024, kb * 1024 / a, s / floor
    }' | tee -a "$results"
}

for n in "$@"; do
    for layout in long wide; do
        # The wide export only at the largest size: per value it must match long.
        [ "$layout" = wide ] && [ "$n" != "$(echo "$@" | tr ' ' '\n' | sort -n | tail -1)" ] && continue
        file=$dir/$layout$n.csv
        if [ ! -s "$file" ]; then
            echo "generating $file" >&2
            "$build/gen-responses" -i "$inst" -n "$n" -w 2 --seed 1 \
                --missing-code 0 --layout "$layout" >"$file.tmp"
            mv "$file.tmp" "$file"
        fi
        bytes=$(wc -c <"$file")
        answers=$("$assess" validate --quiet -i "$inst" "$file" |
                  sed -n 's/.* \([0-9]*\) answers.*/\1/p')
        floor=
        bench "$file" "bare libcsv parse" "$build/bench-csvcount" "$file"
        floor=$last
        for t in 1 "$cores"; do
            for cmd in validate score agree reliability change; do
                [ "$layout" = wide ] && [ "$cmd" != validate ] && [ "$cmd" != score ] && continue
                bench "$file" "$cmd --threads $t" "$assess" "$cmd" --quiet \
                    --threads "$t" -i "$inst" "$file"
            done
            [ "$layout" = wide ] && continue
            bench "$file" "run (all four) --threads $t" "$assess" run --quiet \
                --threads "$t" -i "$inst" -o "$dir/run$n" "$file"
        done
    done
done
# PDF reports: `assess report --format pdf` on the 1,000-subject export
# (BENCH_PDF_SUBJECTS), one thread and every core: the whole run (reading,
# scoring, agreement, change, then every PDF drawn and put in place), with
# the pages drawn per second.
pdf_n=${BENCH_PDF_SUBJECTS:-1000}
file=$dir/long$pdf_n.csv
if [ ! -s "$file" ]; then
    echo "generating $file" >&2
    "$build/gen-responses" -i "$inst" -n "$pdf_n" -w 2 --seed 1 \
        --missing-code 0 --layout long >"$file.tmp"
    mv "$file.tmp" "$file"
fi
out=$dir/reports$pdf_n
{
    echo
    printf '%-10s %-28s %9s %7s %8s %8s %8s %10s %8s\n' export command \
        reports PDFs pages seconds pages/s reports/s peak_MB
} | tee -a "$results"
for t in 1 "$cores"; do
    rm -rf "$out"
    set -- $("$build/bench-run" "$runs" "$assess" report --quiet --format pdf \
        --threads "$t" -i "$inst" -o "$out" "$file")
    secs=$1 kb=$2
    pdfs=$(ls "$out" | grep -c '\.pdf$')
    if command -v pdfinfo >/dev/null 2>&1; then
        pages=$(for f in "$out"/*.pdf; do pdfinfo "$f" 2>/dev/null; done |
                awk '/^Pages:/ { n += $2 } END { print n + 0 }')
    else
        pages=$(cat "$out"/*.pdf | grep -a -c '/Type /Page[^s]')
    fi
    awk -v f="long$pdf_n" -v l="report --format pdf --threads $t" -v r="$pdf_n" \
        -v d="$pdfs" -v p="$pages" -v s="$secs" -v kb="$kb" 'BEGIN {
        printf "%-10s %-28s %9d %7d %8d %8.2f %8.0f %10.1f %8.0f\n",
               f, l, r, d, p, s, p / s, r / s, kb / 1024
    }' | tee -a "$results"
done
echo "results in $results" >&2
