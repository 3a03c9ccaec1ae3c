#!/bin/sh
# The engine's layers, one way: a file includes headers of its own layer
# or of layers below it, never above.  The prefix of a file names its
# layer (README, "Source layout"), lowest first:
#   base_      arenas, interned strings, numbers, UTF-8, errors, parts
#   input_     instruments, the CSV stream, the response table and readers
#   stats_     statistics on plain arrays
#   score      scoring and the disclosure-control layer (score_*)
#   analysis_  agreement, reliability, change, their tidy table
#   output_    writers: formats, score and table writers, reports
# A file named outside these fails the check too.
#
#   tests/check-layers.sh
set -u
cd "$(dirname "$0")/../engine" || exit 2
rank() {
    case $1 in
    base_*) echo 0 ;;
    input_*) echo 1 ;;
    stats*) echo 2 ;;
    score*) echo 3 ;;
    analysis_*) echo 4 ;;
    output_*) echo 5 ;;
    *) echo none ;;
    esac
}
fail=0 n=0
for f in *.c *.h; do
    r=$(rank "$f")
    if [ "$r" = none ]; then
        echo "FAIL engine/$f: its name names no layer"
        fail=$((fail + 1))
        continue
    fi
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        [ -f "$h" ] || continue # include/assess.h and generated files
        n=$((n + 1))
        hr=$(rank "$h")
        if [ "$hr" = none ] || [ "$hr" -gt "$r" ]; then
            echo "FAIL engine/$f includes $h, a layer above it"
            fail=$((fail + 1))
        fi
    done
done
echo "layers: $n includes checked, $fail wrong"
[ $fail = 0 ]
