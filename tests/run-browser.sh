#!/bin/sh
# `assess report` in a real browser: headless Chromium renders a report of
# the demo cohort to PNG and to PDF, and must do so without a console error
# or a refused load (the page may fetch nothing).  Chromium comes from
# Debian's `chromium` package, installed here when missing and possible;
# when it cannot be had, the check says so plainly and is skipped.
#
#   tests/run-browser.sh build/assess
set -u
assess=${1:?usage: run-browser.sh ASSESS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case $assess in /*) ;; *) assess=$root/$assess ;; esac

skip() {
    echo "browser check: SKIPPED: $*"
    exit 0
}

browser=""
find_browser() {
    for b in chromium chromium-browser; do
        if command -v "$b" >/dev/null 2>&1; then
            browser=$b
            return 0
        fi
    done
    return 1
}

if ! find_browser; then
    command -v apt-get >/dev/null 2>&1 ||
        skip "no chromium, and no apt-get to install it"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null ||
            skip "no chromium, and no root or sudo to install it"
        sudo="sudo -n"
    fi
    echo "browser check: installing chromium (Debian package)"
    if ! { $sudo apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
               --no-install-recommends chromium fonts-dejavu-core; } \
           >/dev/null 2>&1; then
        skip "chromium could not be installed with apt-get"
    fi
    find_browser || skip "chromium installed, but no chromium command"
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL browser: $*"; fail=$((fail + 1)); }

"$assess" report -i instruments/leadership-360.xml -o "$tmp/reports" \
    --goals fixtures/demo/goals.csv --subjects fixtures/demo/subjects.csv \
    --quiet fixtures/demo/responses.csv ||
    { echo "FAIL browser: assess report failed"; exit 1; }
"$assess" report -i instruments/leadership-360.xml -o "$tmp/waves" \
    --costs fixtures/demo/roi-costs.csv \
    --benefits fixtures/demo/roi-benefits.csv \
    --quiet fixtures/demo/three-waves.csv ||
    { echo "FAIL browser: assess report (three waves) failed"; exit 1; }
"$assess" report -i instruments/strengths.xml -o "$tmp/strengths" \
    --quiet fixtures/demo/strengths.csv ||
    { echo "FAIL browser: assess report (strengths) failed"; exit 1; }

# One browser run: a fresh profile, nothing from the network, the console
# on stderr.
run_browser() {
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 180 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --no-first-run \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --hide-scrollbars "$@"
}

# What a page may not say on the console: a script error, a refused or
# failed load.
console_clean() {
    ! grep -E 'CONSOLE|Uncaught|Refused to|Failed to load|net::ERR' "$1" \
        >/dev/null
}

check_page() {
    page=$1 name=$2
    url="file://$page"

    if run_browser --window-size=900,1400 --screenshot="$tmp/$name.png" \
        "$url" >"$tmp/$name.png.out" 2>"$tmp/$name.png.err" &&
        [ "$(head -c 8 "$tmp/$name.png" | od -An -tx1 | tr -d ' \n')" = \
          "89504e470d0a1a0a" ] && console_clean "$tmp/$name.png.err"; then
        ok
    else
        bad "$name: no PNG, or errors on the console:"
        grep -E 'CONSOLE|Uncaught|Refused|Failed|ERR' "$tmp/$name.png.err" |
            head -5 | sed 's/^/    /'
    fi

    if run_browser --print-to-pdf="$tmp/$name.pdf" --no-pdf-header-footer \
        "$url" >"$tmp/$name.pdf.out" 2>"$tmp/$name.pdf.err" &&
        [ "$(head -c 5 "$tmp/$name.pdf")" = "%PDF-" ] &&
        console_clean "$tmp/$name.pdf.err"; then
        ok
    else
        bad "$name: no PDF, or errors on the console"
    fi

    # The page as the browser built it: every chart is there.
    run_browser --dump-dom "$url" >"$tmp/$name.dom" 2>/dev/null
    want=$(grep -c '<svg' "$page")
    got=$(grep -o '<svg' "$tmp/$name.dom" | wc -l)
    if [ "$want" -gt 0 ] && [ "$got" -eq "$want" ]; then
        ok
    else
        bad "$name: $got charts in the rendered page, $want in the file"
    fi
}

check_page "$tmp/reports/E0001.html" lead360-E0001
check_page "$tmp/strengths/E0001.html" strengths
check_page "$tmp/reports/cohort.html" cohort
check_page "$tmp/waves/E0001.html" waves-E0001
check_page "$tmp/waves/cohort.html" waves-cohort

# Three waves: a line per shown group across them, as the browser built
# the page (E0001's Communication: self, manager, direct reports and All
# others, each of three points), the hold in words, and the outcome.
lines=$(sed -n '/id="trend-0"/,/id="trend-1"/p' "$tmp/waves-E0001.dom" |
    grep -c 'class="trend-line"')
points=$(sed -n '/id="trend-0"/,/id="trend-1"/p' "$tmp/waves-E0001.dom" |
    grep -o 'points="[^"]*"' | awk '{ n += NF } END { print n + 0 }')
if [ "$lines" -eq 4 ] && [ "$points" -eq 12 ]; then
    ok
else
    bad "waves-E0001: $lines lines of $points points on Communication, not 4 of 12"
fi
for want in 'id="trend"' 'Did it hold?' ', held</td>' 'id="outcome"' \
    'Fewer escalations to the board' 'Phillips ROI methodology'; do
    if grep -q -F "$want" "$tmp/waves-E0001.dom"; then
        ok
    else
        bad "waves-E0001: no $want in the rendered page"
    fi
done
if grep -q -F 'the benefits estimated for 8 of them' "$tmp/waves-cohort.dom" &&
    grep -q -F 'Across the waves' "$tmp/waves-cohort.dom"; then
    ok
else
    bad "waves-cohort: no programme outcome or waves in the rendered page"
fi

# What a coach hands over, as the browser built it: the cover with the
# name and the confidentiality statement, the development page; the
# cohort report names no executive.
for want in 'id="cover"' '<h1>Ana Lima</h1>' 'Confidential.' \
    'id="development"' 'Goals for the next period' 'Most favourable' \
    '<h2>What raters wrote</h2>' \
    'Sets clear priorities at the start of each quarter.' \
    'Not shown: fewer than 3 Direct reports wrote an answer'; do
    if grep -q -F "$want" "$tmp/lead360-E0001.dom"; then
        ok
    else
        bad "lead360-E0001: no $want in the rendered page"
    fi
done
# E0001's withheld comments (two direct reports, two peers at wave 2)
if grep -q -e 'Protecting our team' -e 'Hold fewer status meetings' \
    "$tmp/lead360-E0001.dom"; then
    bad "lead360-E0001: a withheld comment in the rendered page"
else
    ok
fi
if grep -q -F 'Ana Lima' "$tmp/cohort.dom" ||
    grep -q -F 'E0001' "$tmp/cohort.dom"; then
    bad "cohort: an executive named"
else
    ok
fi
# Printed, every page after the cover carries the name, and every page its
# number ("page 2 of N"), where poppler's pdftotext can tell.
if command -v pdftotext >/dev/null 2>&1; then
    pdftotext -layout "$tmp/lead360-E0001.pdf" "$tmp/lead360-E0001.txt"
    n=$(grep -c 'Ana Lima · confidential' "$tmp/lead360-E0001.txt")
    if grep -q 'page 2 of' "$tmp/lead360-E0001.txt" && [ "$n" -ge 2 ]; then
        ok
    else
        bad "lead360-E0001.pdf: no page numbers or running name ($n)"
    fi
else
    echo "browser check: page numbers not checked: pdftotext is not installed"
fi
if run_browser --dump-dom "file://$tmp/reports/index.html" \
    >"$tmp/index.dom" 2>/dev/null &&
    [ "$(grep -o '<a href="E0' "$tmp/index.dom" | wc -l)" -eq 12 ] &&
    grep -q '<a href="cohort.html">' "$tmp/index.dom"; then
    ok
else
    bad "index: not 12 links to reports and one to the cohort report"
fi

# The report prints to more than one page: the PDF has several.
pages=$(grep -a -o '/Count [0-9]*' "$tmp/lead360-E0001.pdf" 2>/dev/null |
    awk '$2 > n { n = $2 } END { print n + 0 }')
if [ "${pages:-0}" -ge 2 ]; then
    ok
else
    bad "lead360-E0001.pdf: ${pages:-0} pages"
fi

echo "browser ($browser): $pass passed, $fail failed"
[ $fail -eq 0 ]
