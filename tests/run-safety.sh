#!/bin/sh
# What `assess score -o` does to files, and what its outputs give away,
# through the real binary:
#  - a score that fails leaves an existing -o FILE byte for byte as it
#    was, and nothing beside it (no temporary file left behind), whether
#    it fails before the output is opened or after;
#  - -o /dev/null, -o /dev/stdout and -o a named pipe are written
#    directly, and the special file is still what it was;
#  - -o naming an input (the responses or the instrument: as given,
#    through a symbolic link, a hard link, with ./ or /./ in the path) is
#    refused and the input left as it was;
#  - every failure exits non-zero (1 for bad data, 2 otherwise);
#  - scores (CSV, items, JSON, text) hold none of the input's rater ids,
#    while --per-rater holds every one of them;
#  - `score` and `run` killed by SIGINT or SIGTERM while writing die of
#    the signal, leave no temporary file and the old output as it was;
#  - `report -o DIR` writes nothing outside DIR: a symbolic link in DIR
#    at a report's name is replaced, the file it led to left as it was;
#  - a `report` that fails partway leaves DIR as it was, byte for byte,
#    HTML or PDF (--format both);
#  - `validate` and `report` that cannot write standard output say so
#    and exit 2.
# (run-threads.sh checks that a failed `assess run` replaces nothing.)
#
#   tests/run-safety.sh build/assess
set -u
assess=${1:?usage: run-safety.sh ASSESS}
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

listing() { # DIR: the names in it, hidden ones too, one a line
    (cd "$1" && find . -mindepth 1 -maxdepth 1 | sort)
}

"$assess" score -i $inst $resp >"$tmp/good.csv" 2>/dev/null
check "score exits 0" $?
[ -s "$tmp/good.csv" ]; check "score writes scores" $?

# ---- A failed score replaces nothing ----------------------------------------
# out/scores.csv holds a good result; each run below fails.  The listing of
# out/ before and after must be the same (a temporary file left beside the
# output would show), and scores.csv the same bytes.
mkdir "$tmp/out"
printf 'subject_id,rater_id,rater_group,wave,item_id,value\nE1,R1,self,1,COM1,4\nE1,R1,self,1,COM2,9\n' >"$tmp/one-bad.csv"
{
    echo "2 a responses file that is not there|score -i $inst $tmp/no-such.csv"
    echo "2 a responses file that is a directory|score -i $inst $tmp"
    echo "1 --strict with a rejected row|score -i $inst --strict $tmp/one-bad.csv"
    echo "1 --strict, the bad-responses fixture|score -i $inst --strict fixtures/bad-responses/responses.csv"
    echo "1 an invalid instrument|score -i fixtures/bad-instrument/instrument.xml $resp"
    echo "2 an instrument that is not there|score -i $tmp/no-such.xml $resp"
    echo "2 --norms cohort below the minimum|score -i $inst --norms cohort $resp"
    # fails in the writer, after the temporary file is made
    echo "2 --format text --subject not in the data|score -i $inst --format text --subject NOBODY $resp"
} >"$tmp/failures"
while IFS='|' read -r want args; do
    code=${want%% *} what=${want#* }
    cp "$tmp/good.csv" "$tmp/out/scores.csv"
    listing "$tmp/out" >"$tmp/before.ls"
    # shellcheck disable=SC2086
    "$assess" $args -o "$tmp/out/scores.csv" >"$tmp/stdout" 2>"$tmp/stderr"
    got=$?
    [ $got = "$code" ]; check "$what: exits $code (got $got)" $?
    cmp -s "$tmp/good.csv" "$tmp/out/scores.csv"; check "$what: -o file unchanged" $?
    listing "$tmp/out" | cmp -s - "$tmp/before.ls"; check "$what: nothing left beside it" $?
    [ -s "$tmp/stderr" ]; check "$what: says why" $?
    [ ! -s "$tmp/stdout" ]; check "$what: nothing on standard output" $?
done <"$tmp/failures"

# A good run does replace it, and leaves nothing beside it either.
printf 'old\n' >"$tmp/out/scores.csv"
listing "$tmp/out" >"$tmp/before.ls"
"$assess" score -i $inst $resp -o "$tmp/out/scores.csv" 2>/dev/null
check "a good run with -o exits 0" $?
cmp -s "$tmp/good.csv" "$tmp/out/scores.csv"; check "a good run replaces the -o file" $?
listing "$tmp/out" | cmp -s - "$tmp/before.ls"; check "a good run leaves nothing beside it" $?

# ---- Special files are written directly --------------------------------------
"$assess" score -i $inst $resp -o /dev/null >"$tmp/stdout" 2>"$tmp/stderr"
check "-o /dev/null exits 0" $?
[ -c /dev/null ]; check "-o /dev/null: still a character device" $?
[ ! -s "$tmp/stdout" ] && [ ! -s "$tmp/stderr" ]; check "-o /dev/null: nothing elsewhere" $?

# Standard output a pipe.
{ "$assess" score -i $inst $resp -o /dev/stdout 2>/dev/null; echo $? >"$tmp/status"; } | cat >"$tmp/piped.csv"
[ "$(cat "$tmp/status")" = 0 ]; check "-o /dev/stdout into a pipe exits 0" $?
cmp -s "$tmp/good.csv" "$tmp/piped.csv"; check "-o /dev/stdout into a pipe writes the scores" $?
[ -L /dev/stdout ]; check "-o /dev/stdout: still a symbolic link" $?

# Standard output a regular file.  The real /dev/stdout is not used here:
# were it replaced, every program on the machine would lose it.  A link of
# our own to /proc/self/fd/1 takes the same path through the command.
# Found by this test, and fixed: the command took the regular file behind
# the link for an ordinary output, wrote a temporary file beside the link
# and renamed it over the link, so standard output stayed empty and the
# link became a regular file; with -o /dev/stdout that replaced
# /dev/stdout.  A link into /dev or /proc is now written through.
ln -s /proc/self/fd/1 "$tmp/stdout-link"
"$assess" score -i $inst $resp -o "$tmp/stdout-link" >"$tmp/redirected.csv" 2>/dev/null
check "-o a link to standard output, a regular file: exits 0" $?
cmp -s "$tmp/good.csv" "$tmp/redirected.csv"; check "-o a link to standard output, a regular file: the scores go to standard output" $?
[ -L "$tmp/stdout-link" ]; check "-o a link to standard output, a regular file: still a link" $?

# A link of the user's to a regular file stays a link; the file it leads
# to is replaced whole.
echo stale >"$tmp/linked.csv"
ln -s linked.csv "$tmp/out-link.csv"
"$assess" score -i $inst $resp -o "$tmp/out-link.csv" 2>/dev/null
check "-o a link to a regular file: exits 0" $?
[ -L "$tmp/out-link.csv" ]; check "-o a link to a regular file: still a link" $?
cmp -s "$tmp/good.csv" "$tmp/linked.csv"; check "-o a link to a regular file: the file it leads to holds the scores" $?

# The same with the real /dev/stdout, where a private /dev can be had (root,
# unshare): a mount namespace of its own, so the machine's /dev is safe.
if unshare -m --propagation private true 2>/dev/null; then
    # shellcheck disable=SC2016 # $1.. are the inner shell's
    unshare -m --propagation private sh -c '
        mount -t tmpfs none /dev || exit 3
        ln -s /proc/self/fd/1 /dev/stdout || exit 3
        "$1" score -i "$2" "$3" -o /dev/stdout >"$4/dev-stdout.csv" 2>"$4/dev-stdout.err" || exit 4
        [ -L /dev/stdout ] || exit 5
    ' sh "$assess" $inst $resp "$tmp"
    got=$?
    [ $got != 3 ] && [ $got != 4 ]; check "-o /dev/stdout, a regular file (private /dev): exits 0" $?
    [ $got != 5 ]; check "-o /dev/stdout, a regular file (private /dev): still a link" $?
    cmp -s "$tmp/good.csv" "$tmp/dev-stdout.csv"; check "-o /dev/stdout, a regular file (private /dev): the scores go to standard output" $?
else
    echo "skip: -o /dev/stdout into a regular file (no private mount namespace)"
fi

# A named pipe, read by cat in the background.
mkfifo "$tmp/fifo"
listing "$tmp" >"$tmp/before.ls"
timeout 120 cat "$tmp/fifo" >"$tmp/fifo.csv" &
reader=$!
timeout 120 "$assess" score -i $inst $resp -o "$tmp/fifo" 2>/dev/null
check "-o a named pipe exits 0" $?
wait $reader
check "-o a named pipe: the reader ends" $?
cmp -s "$tmp/good.csv" "$tmp/fifo.csv"; check "-o a named pipe: the reader gets the scores" $?
[ -p "$tmp/fifo" ]; check "-o a named pipe: still a named pipe" $?
listing "$tmp" | grep -v '^\./fifo\.csv$' | cmp -s - "$tmp/before.ls"; check "-o a named pipe: nothing left beside it" $?

# ---- An input is never the output -------------------------------------------
mkdir "$tmp/in"
cp $resp "$tmp/in/resp.csv"
cp $inst "$tmp/in/inst.xml"
ln -s resp.csv "$tmp/in/resp-link.csv"
ln -s inst.xml "$tmp/in/inst-link.xml"
ln "$tmp/in/resp.csv" "$tmp/in/resp-hard.csv"
listing "$tmp/in" >"$tmp/before.ls"
{
    echo "the responses file|. score -i inst.xml resp.csv -o resp.csv"
    echo "the responses file, absolute|. score -i $tmp/in/inst.xml $tmp/in/resp.csv -o $tmp/in/resp.csv"
    echo "the responses file with ./|. score -i inst.xml resp.csv -o ./resp.csv"
    echo "the responses file given with ./|. score -i inst.xml ./resp.csv -o resp.csv"
    echo "the responses file with /./|. score -i inst.xml resp.csv -o $tmp/in/./resp.csv"
    echo "the responses file through a link|. score -i inst.xml resp.csv -o resp-link.csv"
    echo "the responses file given through a link|. score -i inst.xml resp-link.csv -o resp.csv"
    echo "the responses file through a hard link|. score -i inst.xml resp.csv -o resp-hard.csv"
    echo "the second responses file|. score -i inst.xml $root/$resp resp.csv -o resp.csv"
    echo "the responses file, from the directory above|.. score -i in/inst.xml in/resp.csv -o ./in/resp.csv"
    echo "the instrument|. score -i inst.xml resp.csv -o inst.xml"
    echo "the instrument with ./|. score -i inst.xml resp.csv -o ./inst.xml"
    echo "the instrument given with ./|. score -i ./inst.xml resp.csv -o inst.xml"
    echo "the instrument through a link|. score -i inst.xml resp.csv -o inst-link.xml"
    echo "the instrument given through a link|. score -i inst-link.xml resp.csv -o inst.xml"
    echo "the instrument, JSON|. score -i inst.xml resp.csv --format json -o inst.xml"
    echo "the responses file, per rater|. score -i inst.xml resp.csv --per-rater --research -o ./resp.csv"
} >"$tmp/inputs"
while IFS='|' read -r what args; do
    dir=${args%% *} args=${args#* }
    # shellcheck disable=SC2086
    (cd "$tmp/in/$dir" && "$assess" $args) >"$tmp/stdout" 2>"$tmp/stderr"
    got=$?
    [ $got = 2 ]; check "-o $what: refused, exits 2 (got $got)" $?
    cmp -s $resp "$tmp/in/resp.csv" && cmp -s $inst "$tmp/in/inst.xml"
    check "-o $what: the inputs unchanged" $?
    [ -L "$tmp/in/resp-link.csv" ] && [ -L "$tmp/in/inst-link.xml" ]
    check "-o $what: the links still links" $?
    listing "$tmp/in" | cmp -s - "$tmp/before.ls"; check "-o $what: nothing left beside it" $?
    grep -q 'input file' "$tmp/stderr"; check "-o $what: says it is an input" $?
done <"$tmp/inputs"

# ---- Confidentiality: no rater id in the scores -------------------------------
# The rater ids of the input, from its rater_id column, one a line.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "rater_id") c = i; next }
         c { print $c }' $resp | sort -u >"$tmp/ids"
n_ids=$(wc -l <"$tmp/ids")
[ "$n_ids" -gt 100 ]; check "the demo has rater ids ($n_ids)" $?
for args in "" "--items" "--format json" "--format text"; do
    # shellcheck disable=SC2086
    "$assess" score -i $inst $resp $args >"$tmp/scores" 2>/dev/null
    check "score $args exits 0" $?
    [ -s "$tmp/scores" ]; check "score $args writes something" $?
    ! grep -q -F -w -f "$tmp/ids" "$tmp/scores"
    check "score $args holds no rater id" $?
done
# --per-rater must hold them: so the search above can find them.
"$assess" score -i $inst $resp --per-rater --research >"$tmp/per-rater" 2>/dev/null
check "score --per-rater exits 0" $?
found=$(grep -o -F -w -f "$tmp/ids" "$tmp/per-rater" | sort -u | wc -l)
[ "$found" -eq "$n_ids" ]; check "score --per-rater holds every rater id ($found of $n_ids)" $?

# ---- Killed while writing: no temporary file left ----------------------------
# A command started with `&` in a script has SIGINT ignored, and assess
# keeps an ignored signal ignored: so the runs to be sent SIGINT are
# started with its default action back, by env.
env --default-signal=INT true 2>/dev/null && int_ok=1 || int_ok=

# alive PID: whether PID runs (a zombie does not).  Builtins only, so that
# the loop below polls many times a millisecond.
alive() {
    read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
    state=${stat##*)}
    case $state in " Z"* | " X"*) return 1 ;; esac
}

# copies N: the demo's responses N times over, subject and rater ids
# suffixed with the copy's number, in $tmp/big.csv.
copies() {
    awk -F, -v OFS=, -v k="$1" 'NR == 1 { print; next } { row[++n] = $0 }
        END { for (c = 1; c <= k; c++) for (i = 1; i <= n; i++) {
            $0 = row[i]; $1 = $1 "-" c; $2 = $2 "-" c; print } }' $resp >"$tmp/big.csv"
}

# interrupt SIGNAL DIR ARGS...: runs `assess ARGS` in the background,
# waits for a temporary file of its in DIR and sends SIGNAL.  Sets $got
# to its exit status, or to "early" when it ended well before the signal
# took (which then tests nothing).
interrupt() {
    sig=$1 dir=$2
    shift 2
    # simple commands, so that $! is the command's (env execs assess)
    if [ "$sig" = INT ]; then
        env --default-signal=INT "$assess" "$@" >/dev/null 2>"$tmp/killed.err" &
    else
        "$assess" "$@" >/dev/null 2>"$tmp/killed.err" &
    fi
    pid=$!
    # A run that ignores the signal is killed after two minutes.
    (sleep 120 && kill -KILL $pid) >/dev/null 2>&1 &
    dog=$!
    seen=
    while alive $pid; do
        for f in "$dir"/.assess-out.*; do
            [ -e "$f" ] && seen=1
        done
        [ "$seen" ] && break
    done
    [ "$seen" ] && kill -s "$sig" $pid 2>/dev/null
    wait $pid 2>/dev/null # not the shell's "Terminated"
    got=$?
    { kill $dog && wait $dog; } 2>/dev/null
    [ $got = 0 ] && got=early
}

# Each case: a command writing into $tmp/killed, the signal, its number.
{
    echo "score|INT 2|score -i $inst --format text BIG -o $tmp/killed/scores.txt"
    echo "score|TERM 15|score -i $inst --format text BIG -o $tmp/killed/scores.txt"
    echo "run|TERM 15|run -i $inst BIG -o $tmp/killed"
    echo "run|INT 2|run -i $inst BIG -o $tmp/killed"
} >"$tmp/kills"
mkdir "$tmp/killed"
for f in scores.txt scores.csv agree.csv reliability.csv change.csv; do
    echo "old $f" >"$tmp/killed/$f"
done
listing "$tmp/killed" >"$tmp/killed.ls"
(cd "$tmp/killed" && cat scores.txt scores.csv agree.csv reliability.csv change.csv) >"$tmp/killed.old"
n=25
copies $n
while IFS='|' read -r cmd sig args; do
    num=${sig#* } sig=${sig% *}
    what="$cmd killed by SIG$sig while writing"
    if [ "$sig" = INT ] && [ ! "$int_ok" ]; then
        echo "skip: $what (no env --default-signal to undo the ignored SIGINT of '&')"
        continue
    fi
    while :; do
        # shellcheck disable=SC2046 # ARGS are words
        interrupt "$sig" "$tmp/killed" $(echo "$args" | sed "s|BIG|$tmp/big.csv|")
        [ "$got" != early ] && break
        # Finished before the signal: again on more data, up to 400 copies.
        if [ $n -ge 400 ]; then
            echo "skip: $what: the run ended before the signal, even on $n copies of the demo"
            break
        fi
        n=$((n * 2))
        copies $n
        # what the run that finished did is undone
        for f in scores.txt scores.csv agree.csv reliability.csv change.csv; do
            echo "old $f" >"$tmp/killed/$f"
        done
    done
    [ "$got" = early ] && continue
    [ "$got" = $((128 + num)) ]; check "$what: dies of the signal (got $got)" $?
    listing "$tmp/killed" | cmp -s - "$tmp/killed.ls"; check "$what: no temporary file left" $?
    (cd "$tmp/killed" && cat scores.txt scores.csv agree.csv reliability.csv change.csv) |
        cmp -s - "$tmp/killed.old"
    check "$what: the old output unchanged" $?
done <"$tmp/kills"
rm -f "$tmp/big.csv"

# ---- Reports are written into DIR, never through a link out of it -------------
# Found by this test, and fixed: a report's name in DIR that was a
# symbolic link had the file it led to replaced, wherever that was.
mkdir "$tmp/rep" "$tmp/elsewhere"
echo "not a report" >"$tmp/elsewhere/E0001.html"
echo "not an index" >"$tmp/elsewhere/index.html"
echo "not the subject's" >"$tmp/elsewhere/E0002.html"
cp "$tmp/elsewhere/E0001.html" "$tmp/elsewhere/E0001.orig"
cp "$tmp/elsewhere/index.html" "$tmp/elsewhere/index.orig"
cp "$tmp/elsewhere/E0002.html" "$tmp/elsewhere/E0002.orig"
ln -s ../elsewhere/E0001.html "$tmp/rep/E0001.html"
ln -s "$tmp/elsewhere/index.html" "$tmp/rep/index.html"
ln -s ../elsewhere/no-such.html "$tmp/rep/E0003.html"
ln -s ../elsewhere "$tmp/rep/E0004.html"
listing "$tmp/elsewhere" >"$tmp/elsewhere.ls"
"$assess" report -i $inst $resp -o "$tmp/rep" >/dev/null 2>"$tmp/stderr"
check "report over links in DIR: exits 0" $?
cmp -s "$tmp/elsewhere/E0001.html" "$tmp/elsewhere/E0001.orig"; check "report over a link: the file it led to unchanged" $?
cmp -s "$tmp/elsewhere/index.html" "$tmp/elsewhere/index.orig"; check "report over a link at index.html: the file it led to unchanged" $?
listing "$tmp/elsewhere" | cmp -s - "$tmp/elsewhere.ls"; check "report over links: nothing made outside DIR" $?
for f in E0001.html index.html E0003.html E0004.html; do
    [ -f "$tmp/rep/$f" ] && [ ! -L "$tmp/rep/$f" ] && grep -q '<html' "$tmp/rep/$f"
    check "report over a link at $f: a report in its place" $?
done
rm "$tmp/rep/E0002.html"
ln -s ../elsewhere/E0002.html "$tmp/rep/E0002.html"
"$assess" report -i $inst $resp -o "$tmp/rep" --subject E0002 >/dev/null 2>&1
check "report --subject over a link: exits 0" $?
cmp -s "$tmp/elsewhere/E0002.html" "$tmp/elsewhere/E0002.orig"; check "report --subject over a link: the file it led to unchanged" $?
[ -f "$tmp/rep/E0002.html" ] && [ ! -L "$tmp/rep/E0002.html" ]; check "report --subject over a link: a report in its place" $?
listing "$tmp/rep" | grep -q assess-out; [ $? = 1 ]; check "report over links: no temporary file left" $?
# A single -o FILE still writes through its link (see above); report's
# pages and `score -o` share the code.
echo stale >"$tmp/linked.csv"
"$assess" score -i $inst $resp -o "$tmp/out-link.csv" 2>/dev/null &&
    [ -L "$tmp/out-link.csv" ] && cmp -s "$tmp/good.csv" "$tmp/linked.csv"
check "score -o a link, after report: still written through" $?

# ---- A report that fails partway leaves DIR as it was ---------------------------
# DIR holds an older run's reports, each marked; E0005.html is a directory,
# so the run fails after writing E0001..E0004.  Found by this test, and
# fixed: those four were replaced beside the old index.
mkdir "$tmp/old"
awk -F, 'NR == 1 || $1 != "E0012"' $resp >"$tmp/eleven.csv"
"$assess" report -i $inst "$tmp/eleven.csv" -o "$tmp/old" >/dev/null 2>&1
check "report into DIR, the older run: exits 0" $?
for f in "$tmp/old"/*.html; do echo "<!-- the older run -->" >>"$f"; done
rm "$tmp/old/E0005.html"
mkdir "$tmp/old/E0005.html"
echo "kept" >"$tmp/old/E0005.html/note"
snapshot() { # DIR: every path under it, and every file's checksum
    (cd "$1" && find . | sort && find . -type f | sort | xargs cksum)
}
snapshot "$tmp/old" >"$tmp/old.snap"
"$assess" report -i $inst $resp -o "$tmp/old" >"$tmp/stdout" 2>"$tmp/stderr"
got=$?
[ $got = 2 ]; check "report failing partway: exits 2 (got $got)" $?
snapshot "$tmp/old" | cmp -s - "$tmp/old.snap"; check "report failing partway: DIR byte for byte as it was" $?
grep -q 'E0005.html' "$tmp/stderr"; check "report failing partway: says which file" $?
[ ! -s "$tmp/stdout" ]; check "report failing partway: nothing on standard output" $?
# A run that fails before anything is written leaves no DIR it made.
"$assess" report -i $inst $resp -o "$tmp/new-dir" --subject NOBODY >/dev/null 2>&1
[ $? = 2 ] && [ ! -e "$tmp/new-dir" ]; check "report failing into a new DIR: no DIR left" $?
# Once the way is clear, the run succeeds and replaces every report.
rm -r "$tmp/old/E0005.html"
"$assess" report -i $inst $resp -o "$tmp/old" >/dev/null 2>&1
check "report into the older run's DIR: exits 0" $?
! grep -l 'the older run' "$tmp/old"/*.html >/dev/null; check "report into the older run's DIR: every report replaced" $?
[ -f "$tmp/old/E0012.html" ]; check "report into the older run's DIR: the new subject's report" $?
listing "$tmp/old" | grep -q assess-out; [ $? = 1 ]; check "report into the older run's DIR: no temporary file left" $?

# ---- The same with PDFs: --format both ------------------------------------------
# The older run's HTML and PDF reports; E0007.pdf a directory, so a run
# fails on one of its PDFs, on whichever thread: DIR as it was.  Then the
# way cleared, and index.pdf a link out of DIR: replaced, never followed.
mkdir "$tmp/both"
"$assess" report -i $inst "$tmp/eleven.csv" -o "$tmp/both" --format both >/dev/null 2>&1
check "report --format both into DIR, the older run: exits 0" $?
for f in "$tmp/both"/*; do echo "the older run" >>"$f"; done
rm "$tmp/both/E0007.pdf"
mkdir "$tmp/both/E0007.pdf"
snapshot "$tmp/both" >"$tmp/both.snap"
"$assess" report -i $inst $resp -o "$tmp/both" --format both --threads 2 \
    >"$tmp/stdout" 2>"$tmp/stderr"
got=$?
[ $got = 2 ]; check "report --format both failing on a PDF: exits 2 (got $got)" $?
snapshot "$tmp/both" | cmp -s - "$tmp/both.snap"; check "report --format both failing on a PDF: DIR byte for byte as it was" $?
grep -q 'E0007.pdf' "$tmp/stderr"; check "report --format both failing on a PDF: says which file" $?
rmdir "$tmp/both/E0007.pdf"
echo "not an index" >"$tmp/elsewhere/index.pdf"
cp "$tmp/elsewhere/index.pdf" "$tmp/elsewhere/index-pdf.orig"
rm "$tmp/both/index.pdf"
ln -s ../elsewhere/index.pdf "$tmp/both/index.pdf"
"$assess" report -i $inst $resp -o "$tmp/both" --format both >/dev/null 2>&1
check "report --format both, the way clear: exits 0" $?
cmp -s "$tmp/elsewhere/index.pdf" "$tmp/elsewhere/index-pdf.orig"; check "report over a link at index.pdf: the file it led to unchanged" $?
[ -f "$tmp/both/index.pdf" ] && [ ! -L "$tmp/both/index.pdf" ] && [ "$(head -c 5 "$tmp/both/index.pdf")" = "%PDF-" ]
check "report over a link at index.pdf: a PDF in its place" $?
! grep -l 'the older run' "$tmp/both"/* >/dev/null; check "report --format both: every page replaced" $?
[ -f "$tmp/both/E0012.pdf" ] && [ -f "$tmp/both/E0012.html" ]; check "report --format both: the new subject's PDF and page" $?
listing "$tmp/both" | grep -q assess-out; [ $? = 1 ]; check "report --format both: no temporary file left" $?

# ---- Standard output that cannot be written ------------------------------------
# Found by this test, and fixed: validate > /dev/full exited 0.
if [ -w /dev/full ]; then
    for args in "validate -i $inst" "validate -i $inst $resp" "validate --help" \
                "report -i $inst $resp -o $tmp/full" "report --help"; do
        # shellcheck disable=SC2086
        "$assess" $args >/dev/full 2>"$tmp/stderr"
        got=$?
        [ $got = 2 ]; check "$args > /dev/full: exits 2 (got $got)" $?
        grep -q 'standard output: write error' "$tmp/stderr"; check "$args > /dev/full: says so" $?
    done
else
    echo "skip: standard output that cannot be written (no /dev/full)"
fi

echo "safety: $pass passed, $fail failed"
[ $fail -eq 0 ]
