#!/bin/sh
# End-to-end cases through the real binary.
#
# Each directory fixtures/<case>/ with a file `cmd` is a case: `cmd` holds
# the arguments of one assess run (shell words; $CASE is the case's
# directory, paths are relative to the project root).  The run's standard
# output, standard error and exit status must equal expected.out,
# expected.err and expected.status.  A case may feed standard input from
# a file `stdin`.
#
#   tests/run-fixtures.sh build/assess            run every case
#   tests/run-fixtures.sh build/assess --update   rewrite the expectations
set -u
assess=${1:?usage: run-fixtures.sh ASSESS [--update]}
update=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case $assess in /*) ;; *) assess=$root/$assess ;; esac

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

for cmdfile in fixtures/*/cmd; do
    CASE=$(dirname "$cmdfile")
    export CASE
    name=$(basename "$CASE")
    eval "set -- $(cat "$cmdfile")"
    if [ -f "$CASE/stdin" ]; then
        "$assess" "$@" <"$CASE/stdin" >"$tmp/out" 2>"$tmp/err"
    else
        "$assess" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    fi
    echo $? >"$tmp/status"
    if [ "$update" = "--update" ]; then
        cp "$tmp/out" "$CASE/expected.out"
        cp "$tmp/err" "$CASE/expected.err"
        cp "$tmp/status" "$CASE/expected.status"
        echo "updated $name"
        continue
    fi
    ok=1
    for f in out err status; do
        if ! cmp -s "$tmp/$f" "$CASE/expected.$f"; then
            [ $ok = 1 ] && echo "FAIL $name"
            ok=0
            diff -u "$CASE/expected.$f" "$tmp/$f" | sed 's/^/    /' | head -40
        fi
    done
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
done
[ "$update" = "--update" ] && exit 0
echo "fixtures: $pass passed, $fail failed"
[ $fail -eq 0 ]
