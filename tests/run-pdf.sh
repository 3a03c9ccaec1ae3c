#!/bin/sh
# `assess report --format pdf|both` through the real binary, the PDFs read
# back with poppler's pdfinfo, pdftotext and pdftoppm (Debian's
# poppler-utils, which `make deps` installs):
#  - --format both writes SUBJECT.pdf beside SUBJECT.html, cohort.pdf and
#    index.pdf; --format pdf the PDFs alone; --paper letter letter pages;
#  - a run repeated (same SOURCE_DATE_EPOCH) writes the same bytes, and
#    --threads 1 the same as --threads 2;
#  - each PDF opens in pdfinfo without a complaint, with its pages, title,
#    author (the coach), subject, creation date (the day made) and paper;
#  - pdftotext finds in each report every section, every scale, the name
#    and the coach; the name at the head of every page after the cover and
#    "page N of M" at every foot; every executive's name in the index and
#    none in the cohort report;
#  - each PDF holds the same words as its HTML page (page furniture and
#    list numbers aside, which the HTML page leaves to the browser);
#  - pdftoppm renders pages to PNG;
#  - hostile names (markup, control characters, right-to-left text, a bidi
#    override, CJK, a 275-letter word) are drawn as they are, never obeyed;
#  - confidentiality: changing the answers of raters whose group is withheld
#    changes no byte of any report, HTML or PDF, nor a word pdftotext finds,
#    while changing a shown rater's answers does.
# Without poppler the checks that read PDFs back are skipped, and it says
# so; the others still run.
#
#   tests/run-pdf.sh build/assess
set -u
assess=${1:?usage: run-pdf.sh ASSESS}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case $assess in /*) ;; *) assess=$root/$assess ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
inst=instruments/leadership-360.xml
resp=fixtures/demo/responses.csv
subjects=fixtures/demo/subjects.csv
goals=fixtures/demo/goals.csv
SOURCE_DATE_EPOCH=1767312000 # 2026-01-02
export SOURCE_DATE_EPOCH
LC_ALL=C.UTF-8
export LC_ALL
pass=0 fail=0

check() { # NAME STATUS: STATUS must be 0
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi
}

poppler=1
for t in pdfinfo pdftotext pdftoppm; do
    command -v $t >/dev/null 2>&1 || poppler=0
done
[ $poppler = 1 ] || echo "pdf check: poppler-utils is not installed (pdfinfo, pdftotext, pdftoppm): the PDFs are not read back; those checks SKIPPED"

report() { # DIR ARGS...: the demo's reports into DIR
    out=$1
    shift
    "$assess" report -i $inst $resp --goals $goals --subjects $subjects \
        -o "$out" --quiet "$@"
}

# ---- What is written -------------------------------------------------------
report "$tmp/both" --format both
check "report --format both: exits 0" $?
n_pdf=$(ls "$tmp/both" | grep -c '^E[0-9]*\.pdf$')
n_html=$(ls "$tmp/both" | grep -c '^E[0-9]*\.html$')
[ "$n_pdf" = 12 ] && [ "$n_html" = 12 ]; check "report --format both: 12 PDFs and 12 HTML pages (got $n_pdf, $n_html)" $?
for f in index.pdf cohort.pdf index.html cohort.html; do
    [ -s "$tmp/both/$f" ]; check "report --format both: $f" $?
done
! ls -a "$tmp/both" | grep -q assess-out; check "report --format both: no temporary file left" $?
for f in "$tmp/both"/*.pdf; do
    [ "$(head -c 5 "$f")" = "%PDF-" ] || { echo "    not a PDF: $f"; false; }
done
check "every .pdf begins %PDF-" $?

"$assess" report -i $inst $resp -o "$tmp/pdf" --format pdf >"$tmp/stdout" 2>/dev/null
check "report --format pdf: exits 0" $?
[ "$(ls "$tmp/pdf" | grep -c '\.html$')" = 0 ] && [ -s "$tmp/pdf/index.pdf" ]
check "report --format pdf: PDFs alone" $?
grep -q "12 reports written; open $tmp/pdf/index.pdf" "$tmp/stdout"
check "report --format pdf: says to open index.pdf" $?

# ---- The same bytes, run again and on one thread ----------------------------
report "$tmp/again" --format both --threads 2
report "$tmp/one" --format both --threads 1
diff -r "$tmp/both" "$tmp/again" >/dev/null; check "a run repeated writes the same bytes" $?
diff -r "$tmp/both" "$tmp/one" >/dev/null; check "--threads 1 writes what --threads 2 does" $?

# ---- Confidentiality: a withheld rater's answers change nothing --------------
# E0001's direct reports at wave 2 are two, below their minimum of three:
# withheld.  Their answers reversed (the missing code 0 kept) must change
# no byte of any report; a peer's (shown) must change E0001's.
mutate() { # GROUP: the responses with E0001's wave-2 raters of GROUP reversed
    awk -F, -v OFS=, -v g="$1" \
        '$1 == "E0001" && $4 == "2" && $3 == g && $5 !~ /^(keep_doing|do_differently)$/ && $6 > 0 { $6 = 6 - $6 } { print }' $resp
}
mutate direct_report >"$tmp/withheld.csv"
mutate peer >"$tmp/shown.csv"
! cmp -s $resp "$tmp/withheld.csv"; check "the mutation changes answers" $?
for m in withheld shown; do
    "$assess" report -i $inst "$tmp/$m.csv" --goals $goals --subjects $subjects \
        -o "$tmp/$m" --quiet --format both
    check "report on the $m mutation: exits 0" $?
done
diff -r "$tmp/both" "$tmp/withheld" >/dev/null
check "withheld raters' answers changed: every report, HTML and PDF, the same bytes" $?
# Their comments too: E0001's two direct reports wrote what they would keep
# (two, below three), two peers what to do differently (nothing to pool
# with) at wave 2: other words change nothing either.
sed -e "s/Protecting our team's focus time during the launch\./Something else entirely./" \
    -e 's/Hold fewer status meetings on Fridays\./Another text that is longer than it was./' \
    $resp >"$tmp/withheld-comments.csv"
! cmp -s $resp "$tmp/withheld-comments.csv"; check "the comment mutation changes comments" $?
"$assess" report -i $inst "$tmp/withheld-comments.csv" --goals $goals \
    --subjects $subjects -o "$tmp/withheld-comments" --quiet --format both
diff -r "$tmp/both" "$tmp/withheld-comments" >/dev/null
check "withheld raters' comments changed: every report, HTML and PDF, the same bytes" $?
! cmp -s "$tmp/both/E0001.pdf" "$tmp/shown/E0001.pdf"
check "control: a shown rater's answers changed change E0001.pdf" $?

if [ $poppler = 0 ]; then
    echo "pdf: $pass passed, $fail failed (poppler checks SKIPPED)"
    [ $fail -eq 0 ]
    exit
fi

# ---- pdfinfo ----------------------------------------------------------------
# name, coach of each subject (subjects.csv has no quoted commas)
tail -n +2 $subjects | cut -d, -f1,2,5 >"$tmp/people"
while IFS=, read -r id name coach; do
    f="$tmp/both/$id.pdf"
    pdfinfo -isodates "$f" >"$tmp/info" 2>"$tmp/info.err"
    check "pdfinfo $id.pdf: exits 0" $?
    [ ! -s "$tmp/info.err" ]; check "pdfinfo $id.pdf: no complaint ($(head -c 80 "$tmp/info.err"))" $?
    grep -q "^Title: *$name – Leadership 360\$" "$tmp/info"; check "$id.pdf: title" $?
    grep -q "^Author: *$coach\$" "$tmp/info"; check "$id.pdf: author, the coach" $?
    grep -q "^Subject: *360-degree feedback report\$" "$tmp/info"; check "$id.pdf: subject" $?
    grep -q "^CreationDate: *2026-01-02T00:00:00" "$tmp/info"; check "$id.pdf: created the day made" $?
    grep -q "^Page size: *595.276 x 841.89 pts (A4)" "$tmp/info"; check "$id.pdf: A4" $?
    pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
    [ "${pages:-0}" -ge 5 ]; check "$id.pdf: $pages pages" $?
    echo "$id $pages" >>"$tmp/pages"
done <"$tmp/people"
for f in index cohort; do
    pdfinfo "$tmp/both/$f.pdf" >"$tmp/info" 2>"$tmp/info.err" && [ ! -s "$tmp/info.err" ]
    check "pdfinfo $f.pdf: opens without a complaint" $?
done
"$assess" report -i $inst $resp -o "$tmp/letter" --format pdf --paper letter --quiet
pdfinfo "$tmp/letter/E0001.pdf" | grep -q "^Page size: *612 x 792 pts (letter)"
check "--paper letter: letter pages" $?

# ---- pdftotext: every section, every name, the page furniture ---------------
scales=$(grep -A1 '<scale ' $inst | sed -n 's|.*<title>\(.*\)</title>.*|\1|p')
[ "$(echo "$scales" | wc -l)" = 9 ]; check "the instrument's 9 scale titles" $?
while IFS=, read -r id name coach; do
    f="$tmp/both/$id.pdf"
    pdftotext -raw "$f" "$tmp/$id.txt"
    missing=""
    for want in "CONFIDENTIAL · 360-DEGREE FEEDBACK REPORT" "$name" "$coach" \
        "Report made 2026-01-02" "Confidential. This report is for $name" \
        "Who rated" "Ratings by scale" "Where you see yourself differently" \
        "Blind spots" "Hidden strengths" \
        "Most and least favourable items (others' view)" "Most favourable" \
        "Least favourable" "Change" "Waves 1 → 2." "Coaching goals" \
        "Your development plan" "Goals for the next period" "Goal 3" \
        "Support needed, and the review date" "Scored by assess." $scales; do
        grep -q -F -- "$want" "$tmp/$id.txt" || missing="$missing '$want'"
    done
    [ -z "$missing" ]; check "$id.pdf: every section and name; missing:$missing" $?
    pages=$(sed -n "s/^$id //p" "$tmp/pages")
    p=1 furniture=0
    while [ $p -le "$pages" ]; do
        pdftotext -raw -f $p -l $p "$f" "$tmp/page.txt"
        grep -q "^page $p of $pages\$" "$tmp/page.txt" || furniture=1
        if [ $p = 1 ]; then
            ! grep -q "$name · confidential" "$tmp/page.txt" || furniture=1
        else
            grep -q "^$name · confidential\$" "$tmp/page.txt" || furniture=1
        fi
        p=$((p + 1))
    done
    [ $furniture = 0 ]; check "$id.pdf: 'page N of $pages' on every page, the name on every page after the cover" $?
done <"$tmp/people"
pdftotext -raw "$tmp/both/index.pdf" "$tmp/index.txt"
pdftotext -raw "$tmp/both/cohort.pdf" "$tmp/cohort.txt"
missing="" named=""
while IFS=, read -r id name coach; do
    grep -q -F "$name" "$tmp/index.txt" || missing="$missing $id"
    grep -q -F "$name" "$tmp/cohort.txt" && named="$named $id"
done <"$tmp/people"
[ -z "$missing" ]; check "index.pdf: every executive named; missing:$missing" $?
[ -z "$named" ]; check "cohort.pdf: no executive named; named:$named" $?
grep -q "The programme as a whole" "$tmp/cohort.txt"; check "cohort.pdf: its heading" $?

# ---- The same words as the HTML page -----------------------------------------
# The HTML page's words: its text less the head and the charts' titles
# (for screen readers); inline elements join their text, the others part it.
html_words() {
    tr '\n' ' ' <"$1" |
        sed -e 's|<head>.*</head>||' -e 's|<title[^>]*>[^<]*</title>||g' \
            -e 's#</*\(sub\|strong\|span\|em\|a\)\( [^>]*\)*>##g' \
            -e 's|<[^>]*>| |g' \
            -e 's|&lt;|<|g; s|&gt;|>|g; s|&quot;|"|g; s|&#39;|'"'"'|g; s|&amp;|\&|g' |
        tr -s ' \t' '\n\n' | sed '/^$/d' | tr 'A-Z' 'a-z' | sort
}
# The PDF's words, less its header and footer and its list numbers, a word
# broken at a line's end joined again; in lower case, since the kicker is
# drawn in capitals (as the page's style shows it).
pdf_words() { # PDF RUNNING-HEADER
    pdftotext -raw "$1" - | tr -d '\f' |
        sed -e '/^page [0-9]* of [0-9]*$/d' -e "\\|^$2 · confidential\$|d" \
            -e 's/^[0-9][0-9]*\. //' |
        sed -e ':a' -e '/-$/{N;s/-\n/-/;ba' -e '}' |
        tr -s ' \t' '\n\n' | sed '/^$/d' | tr 'A-Z' 'a-z' | sort
}
"$assess" report -i instruments/strengths.xml fixtures/demo/strengths.csv \
    -o "$tmp/strengths" --format both --quiet
same_words() { # BASE RUNNING-HEADER
    html_words "$1.html" >"$tmp/h.words"
    pdf_words "$1.pdf" "$2" >"$tmp/p.words"
    if cmp -s "$tmp/h.words" "$tmp/p.words" && [ -s "$tmp/h.words" ]; then
        return 0
    fi
    diff "$tmp/h.words" "$tmp/p.words" | head -6 | sed 's/^/    /'
    return 1
}
while IFS=, read -r id name coach; do
    same_words "$tmp/both/$id" "$name"; check "$id: the PDF's words are the HTML page's" $?
done <"$tmp/people"
same_words "$tmp/both/cohort" "Cohort report"; check "cohort: the PDF's words are the HTML page's" $?
same_words "$tmp/both/index" ""; check "index: the PDF's words are the HTML page's" $?
for id in E0001 E0007 cohort index; do
    case $id in E*) run=$id ;; cohort) run="Cohort report" ;; *) run="" ;; esac
    same_words "$tmp/strengths/$id" "$run"; check "strengths $id: the PDF's words are the HTML page's" $?
done
# control: the comparison sees a word changed
sed 's/Who rated/Who voted/' "$tmp/both/E0001.html" >"$tmp/E0001x.html"
cp "$tmp/both/E0001.pdf" "$tmp/E0001x.pdf"
! same_words "$tmp/E0001x" "Ana Lima" >/dev/null; check "control: a word changed in the HTML page is seen" $?

# ---- pdftotext on the mutation: the same text ---------------------------------
diffs=""
for f in "$tmp/both"/*.pdf; do
    b=$(basename "$f")
    pdftotext -raw "$f" "$tmp/a.txt"
    pdftotext -raw "$tmp/withheld/$b" "$tmp/b.txt"
    cmp -s "$tmp/a.txt" "$tmp/b.txt" || diffs="$diffs $b"
done
[ -z "$diffs" ]; check "withheld raters' answers changed: pdftotext finds the same text; differs:$diffs" $?
pdftotext -raw "$tmp/shown/E0001.pdf" "$tmp/b.txt"
pdftotext -raw "$tmp/both/E0001.pdf" "$tmp/a.txt"
! cmp -s "$tmp/a.txt" "$tmp/b.txt"; check "control: a shown rater's answers changed change E0001's text" $?

# ---- What raters wrote ---------------------------------------------------------
pdftotext "$tmp/both/E0001.pdf" "$tmp/comments.txt"
grep -q "What raters wrote" "$tmp/comments.txt"; check "E0001.pdf: What raters wrote" $?
grep -q "Sets clear priorities at the start of each quarter." "$tmp/comments.txt"
check "E0001.pdf: a shown comment" $?
grep -q "Not shown: fewer than 3 Direct reports wrote an answer" "$tmp/comments.txt"
check "E0001.pdf: the withheld group said in words" $?
! grep -q -e "Protecting our team" -e "Hold fewer status meetings" "$tmp/comments.txt"
check "E0001.pdf: no withheld comment" $?

# ---- pdftoppm: pages render ----------------------------------------------------
for f in both/E0001 both/cohort both/index strengths/E0001; do
    pdftoppm -r 40 -png -f 1 -l 2 "$tmp/$f.pdf" "$tmp/render" 2>"$tmp/render.err"
    ok=$?
    for png in "$tmp"/render-*.png; do
        [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
            [ "$(wc -c <"$png")" -gt 2000 ] || ok=1
    done
    [ $ok = 0 ] && [ ! -s "$tmp/render.err" ]; check "pdftoppm renders $f.pdf to PNG" $?
    rm -f "$tmp"/render-*.png
done

# ---- Three waves and the outcome ------------------------------------------------
"$assess" report -i $inst fixtures/demo/three-waves.csv \
    --costs fixtures/demo/roi-costs.csv --benefits fixtures/demo/roi-benefits.csv \
    -o "$tmp/waves" --format pdf --quiet
check "report of three waves with --costs and --benefits: exits 0" $?
if [ $poppler = 1 ]; then
    pdftotext -raw "$tmp/waves/E0001.pdf" - | tr '\n' ' ' >"$tmp/waves.txt"
    for want in "Change over the waves" "Wave 1" "Wave 3" "Did it hold?" \
        "Who rated changed between waves 1 and 3." "Self 4.50" \
        "Outcome: return on investment" "11,900" "26,400" "14,500" "122%" \
        "Fewer escalations to the board" "Phillips ROI methodology"; do
        grep -q -F -- "$want" "$tmp/waves.txt"
        check "three waves, E0001.pdf: '$want'" $?
    done
    ! grep -q -F "Peers 3" "$tmp/waves.txt"
    check "three waves, E0001.pdf: no line for the withheld peers" $?
    pdftotext -raw "$tmp/waves/cohort.pdf" - | tr '\n' ' ' >"$tmp/waves-cohort.txt"
    grep -q -F "the benefits estimated for 8 of them" "$tmp/waves-cohort.txt" &&
        grep -q -F "Across the waves" "$tmp/waves-cohort.txt"
    check "three waves, cohort.pdf: each wave's mean and the programme's outcome" $?
    p=$(pdftotext -layout "$tmp/waves/E0001.pdf" - | awk -v RS='\f' \
        '/Change over the waves/ { print NR; exit }')
    pdftoppm -r 40 -png -f "${p:-1}" -l "${p:-1}" "$tmp/waves/E0001.pdf" \
        "$tmp/render" 2>"$tmp/render.err"
    png=$(ls "$tmp"/render-*.png 2>/dev/null | head -1)
    [ -n "$png" ] && [ "$(wc -c <"$png")" -gt 2000 ] && [ ! -s "$tmp/render.err" ]
    check "pdftoppm renders the page of E0001's trend" $?
    rm -f "$tmp"/render-*.png
fi
"$assess" report -i $inst fixtures/demo/three-waves.csv \
    --costs fixtures/demo/roi-costs.csv -o "$tmp/nobenefits" --quiet 2>"$tmp/err"
[ $? = 2 ] && grep -q -- "--benefits FILE is required with --costs" "$tmp/err" &&
    [ ! -e "$tmp/nobenefits" ]
check "report --costs without --benefits: a usage error, nothing written" $?

# ---- Hostile names -------------------------------------------------------------
long=$(printf 'Maximiliana%.0s' $(seq 1 25))
{
    echo "subject_id,name,organisation,role,coach"
    echo 'E0001,"</style><script>alert(1)</script> & <b>b</b> %s %n",O,R,C'
    printf 'E0002,"Tab\there Ctl\001x Del\177y",O,R,C\n'
    echo 'E0003,"سارة المنصوري",شركة,مديرة,C'
    echo 'E0004,"דנה לוי",O,R,C'
    echo 'E0005,"山田 太郎",O,R,C'
    echo 'E0006,"Zoë Ångström-Øvergård",O,R,C'
    echo "E0007,\"$long\",O,R,C"
    printf 'E0008,"\342\200\256evil\342\200\254 after",O,R,C\n'
} >"$tmp/hostile.csv"
"$assess" report -i $inst $resp --subjects "$tmp/hostile.csv" -o "$tmp/hostile" \
    --format pdf --quiet
check "report with hostile names: exits 0" $?
# find ID TEXT [MODE]: pdftotext of ID's report holds TEXT (raw, lines
# joined; or in poppler's reading order, its bidi marks taken out)
finds() {
    if [ "${3:-raw}" = raw ]; then
        pdftotext -raw "$tmp/hostile/$1.pdf" - | tr -d '\n'
    else
        pdftotext "$tmp/hostile/$1.pdf" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g'
    fi | grep -q -F -- "$2"
}
finds E0001 "</style><script>alert(1)</script> & <b>b</b> %s %n"; check "markup drawn as text" $?
finds E0002 "Tab�here Ctl�x Del�y"; check "control characters drawn as U+FFFD" $?
finds E0003 "سارة المنصوري" order; check "Arabic name in its order" $?
# (poppler parts the smaller text's words at its own will: a word each)
pdftotext -f 2 -l 2 "$tmp/hostile/E0003.pdf" - | grep "confidential" |
    grep "سارة" | grep -q "منصوري"
check "Arabic name in the running header" $?
finds E0004 "דנה לוי" order; check "Hebrew name in its order" $?
finds E0006 "Zoë Ångström-Øvergård"; check "accented name" $?
finds E0007 "$long"; check "a 275-letter name, whole" $?
finds E0008 "�evil� after"; check "a bidi override drawn, not obeyed" $?
finds E0003 "This report is for" && finds E0003 "and their coach, to be shared only as they"
check "right-to-left name: the sentence around it whole" $?
if fc-list ':charset=5c71' family 2>/dev/null | grep -q .; then
    finds E0005 "山田 太郎"; check "CJK name" $?
else
    echo "pdf check: no font with CJK glyphs: the CJK name is drawn as boxes, not checked"
fi

echo "pdf: $pass passed, $fail failed"
[ $fail -eq 0 ]
