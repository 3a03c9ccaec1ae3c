#!/bin/sh
# The option tables (tools/cli_options.c) through the real binary, a case
# per kind of option:
#  - a number outside its range, or not a number, is refused with the
#    option, the text and the range named, exit 2, nothing on standard
#    output; the ends of a range are accepted (--threads 1 and 16);
#  - a choice not among its choices is refused, naming them all;
#  - --wave applies to the files after it, wherever the other options
#    come among the operands;
#  - --map given twice adds to the first: two halves of a map read a
#    Qualtrics export as the whole map does;
#  - the man page (assess --man) renders without a warning and holds every
#    option of every command's help;
#  - every command's --help is what its table says, on standard output,
#    exit 0.
#
#   tests/run-options.sh build/assess
set -u
assess=${1:?usage: run-options.sh ASSESS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case $assess in /*) ;; *) assess=$root/$assess ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
inst=instruments/leadership-360.xml
resp=fixtures/demo/responses.csv
pass=0 fail=0

check() { # NAME STATUS: STATUS must be 0
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi
}

refused() { # MESSAGE ARGS...: exits 2 saying MESSAGE, nothing on stdout
    want=$1
    shift
    "$assess" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ $got = 2 ]; check "$*: exits 2 (got $got)" $?
    grep -q -F -- "$want" "$tmp/err"; check "$*: says '$want' (said: $(head -c 200 "$tmp/err"))" $?
    [ ! -s "$tmp/out" ]; check "$*: nothing on standard output" $?
}

# ---- Ranges -----------------------------------------------------------------
refused "assess score: --threads: '0' is not a whole number from 1 to 16" \
    score -i $inst --threads 0 $resp
refused "assess agree: --threads: '17' is not a whole number from 1 to 16" \
    agree -i $inst --threads 17 $resp
refused "assess score: --threads: '2x' is not a whole number from 1 to 16" \
    score -i $inst --threads 2x $resp
refused "assess validate: --skip-rows: '-1' is not a whole number from 0 to 1e+06" \
    validate -i $inst --skip-rows -1 $resp
refused "assess score: --gap-threshold: '-0.5' is not a number from 0 to 1e+06" \
    score -i $inst --gap-threshold -0.5 $resp
refused "assess score: --gap-threshold: 'nan' is not a number from 0 to 1e+06" \
    score -i $inst --gap-threshold nan $resp
refused "assess change: --rci-z: '0' is not a number above 0 to 1e+06" \
    change -i $inst --rci-z 0 $resp
refused "assess change: --gas-rho: '1' is not a number from 0 to below 1" \
    change -i $inst --gas-rho 1 $resp
refused "assess report: --agree-cutoff: '1.5' is not a number from 0 to 1" \
    report -i $inst -o "$tmp/r" --agree-cutoff 1.5 $resp
for n in 1 16; do
    "$assess" validate -i $inst --threads $n $resp >/dev/null 2>&1
    check "--threads $n is in range" $?
done

# ---- Choices ----------------------------------------------------------------
refused "assess agree: --format: 'xml' is not csv, json or sqlite" \
    agree -i $inst --format xml $resp
refused "assess score: --format: 'xml' is not csv, json, text or sqlite" \
    score -i $inst --format xml $resp
refused "assess score: --layout: 'tall' is not long, wide or auto" \
    score -i $inst --layout tall $resp
refused "assess agree: --null: 'flat' is not uniform, slight_skew, moderate_skew, heavy_skew, triangular or normal" \
    agree -i $inst --null flat $resp
refused "assess agree: --sims: '0' is not a whole number from 1 to 1e+07" \
    agree -i $inst --sims 0 $resp
refused "assess reliability: --target-items: '0' is not a whole number from 1 to 1e+06" \
    reliability -i $inst --target-items 0 $resp

# ---- Research only ------------------------------------------------------------
refused "assess screen: the table names raters and holds each one's indices: it is for" \
    screen -i $inst $resp
refused "cannot open the raters to leave out" \
    score -i $inst --exclude-flagged $tmp/none.csv $resp

refused "assess score: --from: 'typeform' is not qualtrics, surveymonkey, limesurvey, google-forms, csv or auto" \
    score -i $inst --from typeform $resp
refused "assess validate: --delimiter: ':' is not ',', ';', tab, '|' or auto" \
    validate -i $inst --delimiter : $resp
refused "assess score: encoding 'klingon-8' is not one iconv knows" \
    score -i $inst --encoding klingon-8 $resp
refused "assess source: give one export" \
    source -i $inst $resp $resp

# ---- Options among the operands -----------------------------------------------
# --wave applies to the files after it; other options may come anywhere.
"$assess" validate -i $inst --wave pre fixtures/export-waves/pre.csv --quiet \
    --wave post fixtures/export-waves/post.csv >"$tmp/out" 2>"$tmp/err"
check "--wave before each file: exits 0 ($(head -c 200 "$tmp/err"))" $?
grep -q "2 waves (pre, post)" "$tmp/out"; check "--wave before each file: two waves" $?
"$assess" validate fixtures/export-waves/pre.csv -i $inst --wave post \
    fixtures/export-waves/post.csv --quiet >"$tmp/out" 2>&1
grep -q "2 waves (1, post)" "$tmp/out"; check "--wave after the first file: its wave stays 1" $?
"$assess" validate -i $inst --quiet -- fixtures/export-waves/pre.csv >"$tmp/out" 2>&1
check "-- before the operands" $?

# ---- A repeated list --------------------------------------------------------
map1=subject_id=Q_Subject,rater_id=ResponseId,rater_group=Q_Group
map2=COM1=Q1_1,COM2=Q1_2,COM3=Q1_3,COM4=Q1_4,COM5=Q1_5,COM6=Q1_6
wide=fixtures/qualtrics-wide/responses.csv
"$assess" score -i $inst --skip-rows 2 --map "$map1,$map2" $wide >"$tmp/one" 2>&1
check "one --map reads the export" $?
"$assess" score -i $inst --skip-rows 2 --map "$map1" --map "$map2" $wide >"$tmp/two" 2>&1
check "two --map read the export" $?
cmp -s "$tmp/one" "$tmp/two"; check "--map twice adds to the first" $?
[ "$(wc -l <"$tmp/two")" -gt 1 ]; check "--map twice: scores written" $?

# ---- Help and man page ------------------------------------------------------
"$assess" --man >"$tmp/assess.1" 2>"$tmp/err"
check "assess --man exits 0" $?
[ ! -s "$tmp/err" ]; check "assess --man: nothing on standard error" $?
if command -v groff >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$tmp/assess.1" 2>"$tmp/groff"
    [ ! -s "$tmp/groff" ]; check "the man page renders without a warning: $(head -c 300 "$tmp/groff")" $?
fi
refused "assess change: --waves: 'three' is not two or all" \
    change -i $inst --waves three $resp
refused "assess change: --rci-sd: 'pooled' is not norm or cohort" \
    change -i $inst --rci-sd pooled $resp
refused "assess roi: --costs FILE is required (see 'assess roi --help')" \
    roi --benefits fixtures/demo/roi-benefits.csv
for c in validate score agree reliability change run report screen roi source; do
    "$assess" $c --help >"$tmp/help" 2>"$tmp/err"
    check "$c --help exits 0" $?
    [ -s "$tmp/help" ] && [ ! -s "$tmp/err" ]; check "$c --help on standard output" $?
    grep -q "^\.SH \"ASSESS $c\"" "$tmp/assess.1"; check "the man page has $c" $?
    for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
        grep -q -F -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" "$tmp/assess.1"
        check "the man page names $c's $opt" $?
    done
done

echo "options: $pass passed, $fail failed"
[ $fail = 0 ]
