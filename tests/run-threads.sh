#!/bin/sh
# `assess run` and --threads through the real binary:
#  - run writes what score, agree, reliability and change write alone
#    (CSV and JSON, goals included);
#  - every command's output, its standard error and its exit status are
#    the same with one thread and with four, on good and on broken input
#    (the broken cases of fixtures/bad-responses included), and on survey
#    tools' exports (fixtures/export-*, and a Qualtrics export read in
#    parts);
#  - a run that fails leaves an existing output directory as it was.
#
#   tests/run-threads.sh build/assess
set -u
assess=${1:?usage: run-threads.sh ASSESS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case $assess in /*) ;; *) assess=$root/$assess ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
inst=instruments/leadership-360.xml
resp=fixtures/demo/responses.csv
goals=fixtures/demo/goals.csv
pass=0 fail=0

check() { # NAME: the last command's result must be true
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi
}

# run against the commands one by one.
"$assess" run -i $inst -o "$tmp/csv" --goals $goals $resp 2>"$tmp/err"
check "run exits 0" $?
"$assess" score -i $inst $resp | cmp -s - "$tmp/csv/scores.csv"; check "run scores.csv = score" $?
"$assess" agree -i $inst $resp | cmp -s - "$tmp/csv/agree.csv"; check "run agree.csv = agree" $?
"$assess" reliability -i $inst $resp | cmp -s - "$tmp/csv/reliability.csv"; check "run reliability.csv = reliability" $?
"$assess" change -i $inst --goals $goals $resp | cmp -s - "$tmp/csv/change.csv"; check "run change.csv = change --goals" $?
"$assess" run -i $inst -o "$tmp/json" --format json $resp 2>/dev/null
"$assess" score -i $inst --format json $resp | cmp -s - "$tmp/json/scores.json"; check "run scores.json = score --format json" $?
"$assess" agree -i $inst --format json $resp | cmp -s - "$tmp/json/agree.json"; check "run agree.json = agree --format json" $?

# Broken files whose errors come from the CSV parser, on the parsing
# thread when there are two: the same message and line either way.
h=subject_id,rater_id,rater_group,wave,item_id,value
printf '%s\nE1,R1,self,1,COM1,4\nE1,R1,self,1,"COM2\n' "$h" >"$tmp/open-quote.csv"
printf '%s\r\nE1,R1,self,1,COM1,4\r\nE1,"R\r\n2",self,1,COM1,9\r\nE1,R1\r\n' "$h" >"$tmp/crlf.csv"
: >"$tmp/empty.csv"
printf '%s\n' "$h" >"$tmp/header-only.csv"
{ printf '%s\nE1,R1,self,1,COM1,"' "$h"; head -c 1100000 /dev/zero | tr '\0' x; printf '"\n'; } >"$tmp/long-field.csv"
awk -v h="$h" 'BEGIN { print h; for (i = 0; i < 300000; i++) printf "E%d,R%d,peer,1,COM1,%d\n", i % 500, i, i % 7 }' >"$tmp/many.csv"
# Over 8 MiB, read in parts, with a duration column and raters screened
# out (assess screen's list, a rater every 97).
awk -v h="$h" 'BEGIN { print h ",duration"; for (i = 0; i < 400000; i++) printf "E%d,R%d,peer,1,COM1,%d,%d\n", i % 500, i, 1 + i % 5, 30 + i % 90 }' >"$tmp/big.csv"
awk 'BEGIN { print "subject_id,rater_id,wave,note"; for (i = 0; i < 400000; i += 97) printf "E%d,R%d,1,flagged\n", i % 500, i }' >"$tmp/flagged.csv"
# A Qualtrics export large enough to be read in parts (8 MiB and more):
# its header rows, items found by their wording, previews and unfinished
# responses throughout, a second self rating.
awk 'BEGIN {
    print "StartDate,Status,Finished,ResponseId,Q1_1,Q1_2,Q1_3,Q1_4,Q1_5,Q1_6,Subject,Relationship"
    printf "Start Date,Response Type,Finished,Response ID"
    split("This person explains decisions in terms the team can act on.|This person checks that the main point of a message has been understood before moving on.|This person leaves others guessing about priorities.|This person shares relevant updates with the people affected without being asked.|This person listens to the end of what others say before responding.|This person sends messages that are long on detail but unclear about what is needed.", t, "|")
    for (k = 1; k <= 6; k++) printf ",\"Rate them - %s\"", t[k]
    print ",Subject,Relationship"
    print "{\"ImportId\":\"startDate\"},x,x,x,x,x,x,x,x,x,x,x"
    for (i = 0; i < 240000; i++) {
        role = i < 2000 ? "Self" : i < 4000 ? "Manager" : i % 2 ? "Peer" : "Direct Report"
        if (i == 150000) role = "Self"
        printf "2026-03-01 09:00:00,%d,%d,R_%d,%d,%d,%d,%d,%d,%d,E%d,%s\n", i % 997 == 5, i % 1009 != 7, i, 1 + i % 5, 1 + i % 4, 1 + i % 3, 2 + i % 4, 1 + i % 5, 3, i % 2000, role
    }
}' >"$tmp/qualtrics-large.csv"

# Written comments over 8 MiB, read in parts: a rater's answers and
# comment on their rows, and every 4001st rater's comment to keep_doing
# given again at the end of the file (a later part: the second is
# rejected as the reader in order rejects it).
awk -v h="$h" 'BEGIN { print h
    for (i = 0; i < 60000; i++) {
        s = i % 600; g = i % 600 < 3 ? "manager" : i % 2 ? "peer" : "direct_report"
        for (k = 1; k <= 4; k++) printf "E%d,R%d,%s,1,COM%d,%d\n", s, i, g, k, 1 + (i + k) % 5
        printf "E%d,R%d,%s,1,keep_doing,\"Keeps the team, \"\"informed\"\" (%d)\"\n", s, i, g, i % 7
        if (i % 3 == 0) printf "E%d,R%d,%s,1,do_differently,Delegate more %d\n", s, i, g, i % 11
    }
    for (i = 0; i < 60000; i += 4001) {
        g = i % 600 < 3 ? "manager" : i % 2 ? "peer" : "direct_report"
        printf "E%d,R%d,%s,1,keep_doing,again %d\n", i % 600, i, g, i
    }
}' >"$tmp/comments-large.csv"

# One thread or four: the same bytes, messages and status.
{
    echo "score -i $inst $resp"
    echo "score -i $inst --per-rater $resp"
    echo "agree -i $inst --by-group $resp"
    echo "reliability -i $inst $resp"
    echo "agree -i $inst --sims 300 --by-group $resp"
    echo "screen -i $inst --research $resp fixtures/screen-demo/planted.csv"
    echo "validate -i $inst --exclude-flagged $tmp/flagged.csv $tmp/big.csv"
    echo "score -i $inst --exclude-flagged $tmp/flagged.csv $tmp/big.csv"
    echo "change -i $inst --goals $goals $resp"
    echo "change -i $inst --waves all fixtures/demo/three-waves.csv"
    echo "change -i $inst --waves all --goals $goals $resp"
    echo "validate -i instruments/strengths.xml fixtures/demo/strengths.csv"
    echo "score -i $inst $tmp/many.csv"
    echo "score -i $inst --comments $tmp/comments-large.csv"
    echo "score -i $inst $tmp/comments-large.csv"
    echo "score -i $inst --items $tmp/many.csv"
    echo "validate -i $inst --map subject_id=Subject,rater_group=Relationship $tmp/qualtrics-large.csv"
    echo "score -i $inst --map subject_id=Subject,rater_group=Relationship $tmp/qualtrics-large.csv"
    for c in fixtures/export-*/cmd fixtures/source-*/cmd; do
        sed "s|\$CASE|$(dirname "$c")|g" "$c"
    done
    for c in $resp fixtures/bad-responses/*.csv "$tmp"/open-quote.csv \
             "$tmp"/crlf.csv "$tmp"/empty.csv "$tmp"/header-only.csv \
             "$tmp"/long-field.csv "$tmp"/many.csv; do
        echo "validate -i $inst $c"
    done
} >"$tmp/cases"
while IFS= read -r args; do
    # shellcheck disable=SC2086
    "$assess" $args --threads 1 >"$tmp/o1" 2>"$tmp/e1"; s1=$?
    # shellcheck disable=SC2086
    "$assess" $args --threads 4 >"$tmp/o4" 2>"$tmp/e4"; s4=$?
    cmp -s "$tmp/o1" "$tmp/o4" && cmp -s "$tmp/e1" "$tmp/e4" && [ $s1 = $s4 ]
    check "--threads 1 = --threads 4: assess $args" $?
    # Each case must have produced something to compare.
    [ -s "$tmp/o1" ] || [ -s "$tmp/e1" ]
    check "assess $args says something" $?
done <"$tmp/cases"

# A failed run (a goals file that is not there) replaces nothing.
cp -r "$tmp/csv" "$tmp/before"
"$assess" run -i $inst -o "$tmp/csv" --goals "$tmp/no-such-goals.csv" $resp 2>/dev/null
[ $? = 2 ]; check "run with a missing goals file exits 2" $?
diff -r "$tmp/before" "$tmp/csv" >/dev/null; check "a failed run leaves the directory as it was" $?
"$assess" run -i $inst $resp 2>/dev/null
[ $? = 2 ]; check "run without -o exits 2" $?

echo "run and threads: $pass passed, $fail failed"
[ $fail -eq 0 ]
