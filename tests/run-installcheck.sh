#!/bin/sh
# `make installcheck`: what `make install` put in place, used as a user
# would use it, after `make install` with the same PREFIX and DESTDIR:
#  - every file is there: the command, libassess.so.VERSION with the links
#    libassess.so.MAJOR (its SONAME) and libassess.so, libassess.a, the
#    header, libassess.pc, assess(1) and assess-instrument(5), the
#    instruments and schemas;
#  - the installed command says its version, finds `-i lead360` in the
#    installed share folder (through ASSESS_PATH when staged with
#    DESTDIR, as the folder it was built for is not there yet), and on
#    the demo data writes what the build tree's command writes: score,
#    and run in CSV and in SQLite;
#  - a staged command does not find the sources' instruments: it is not
#    in the build tree;
#  - `man assess` and `man assess-instrument` render without a warning
#    and answer: the SQLite section, ASSESS_PATH, the source map;
#  - a small C program (tests/pkgconfig_program.c) builds with nothing but
#    `pkg-config --cflags --libs libassess` (--define-prefix for a staged
#    install), needs libassess.so.MAJOR, and run against the installed
#    library scores the demo as `assess score` does.
#
#   tests/run-installcheck.sh DESTDIR BINDIR LIBDIR PKGCONFIGDIR MANDIR \
#       ASSESS_DATADIR PREFIX VERSION BUILD
set -u
[ $# = 9 ] || { echo "usage: run-installcheck.sh DESTDIR BINDIR LIBDIR PKGCONFIGDIR MANDIR ASSESS_DATADIR PREFIX VERSION BUILD" >&2; exit 2; }
destdir=$1 bindir=$2 libdir=$3 pcdir=$4 mandir=$5 datadir=$6 prefix=$7
version=$8 build=$9
root=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
major=${version%%.*}
assess=$destdir$bindir/assess
lib=$destdir$libdir
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
demo=$root/fixtures/demo
pass=0 fail=0

check() { # NAME STATUS: STATUS must be 0
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi
}

# ---- The files ------------------------------------------------------------
for f in "$assess" "$lib/libassess.so.$version" "$lib/libassess.a" \
         "$destdir$prefix/include/assess.h" "$destdir$pcdir/libassess.pc" \
         "$destdir$mandir/man1/assess.1" \
         "$destdir$mandir/man5/assess-instrument.5" \
         "$destdir$datadir/instruments/leadership-360.xml" \
         "$destdir$datadir/instruments/strengths.xml" \
         "$destdir$datadir/instruments/instrument.xsd"; do
    [ -f "$f" ]; check "installed: $f" $?
done
[ "$(readlink "$lib/libassess.so.$major")" = "libassess.so.$version" ]
check "libassess.so.$major links to libassess.so.$version" $?
[ "$(readlink "$lib/libassess.so")" = "libassess.so.$major" ]
check "libassess.so links to libassess.so.$major" $?
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$lib/libassess.so.$version" | grep -q "SONAME.*\[libassess.so.$major\]"
    check "the library's SONAME is libassess.so.$major" $?
fi

# ---- The command ------------------------------------------------------------
[ "$("$assess" --version)" = "assess $version" ]
check "assess --version says $version" $?
# Staged, the share folder the command was built for is not there yet:
# ASSESS_PATH names the staged one.
if [ -n "$destdir" ]; then
    ASSESS_PATH=$destdir$datadir/instruments
    export ASSESS_PATH
fi
cd "$tmp" || exit 2
"$assess" validate -i lead360 "$demo/responses.csv" >validate.out 2>&1
check "installed validate -i lead360 on the demo exits 0: $(head -c 300 validate.out)" $?
grep -q "^$destdir$datadir/instruments/leadership-360.xml: instrument 'lead360'" validate.out
check "-i lead360 is the installed instrument: $(head -1 validate.out)" $?
"$assess" score -i strengths20 "$demo/strengths.csv" >strengths.csv 2>/dev/null
check "installed score -i strengths20 exits 0" $?
"$build/assess" score -i "$root/instruments/strengths.xml" "$demo/strengths.csv" >strengths-build.csv 2>/dev/null
cmp -s strengths.csv strengths-build.csv
check "installed score writes what the build tree's does" $?
"$assess" run -i lead360 -o run --goals "$demo/goals.csv" "$demo/responses.csv" 2>/dev/null
check "installed run exits 0" $?
"$build/assess" run -i "$root/instruments/leadership-360.xml" -o run-build \
    --goals "$demo/goals.csv" "$demo/responses.csv" 2>/dev/null
for t in scores agree reliability change; do
    cmp -s "run/$t.csv" "run-build/$t.csv"
    check "installed run: $t.csv is the build tree's" $?
done
"$assess" run -i lead360 --format sqlite -o results.db "$demo/responses.csv" 2>/dev/null &&
    "$assess" run -i lead360 --format sqlite -o results.db "$demo/responses.csv" 2>/dev/null
check "installed run --format sqlite, twice, exits 0" $?
[ -s results.db ] && head -c 15 results.db | grep -q "SQLite format 3"
check "run --format sqlite writes an SQLite database" $?
if [ -n "$destdir" ] && [ ! -e "$datadir/instruments/leadership-360.xml" ]; then
    env -u ASSESS_PATH "$assess" validate -i lead360 >none.out 2>&1
    [ $? = 2 ] && grep -q "no instrument with that id" none.out &&
        ! grep -q "$root/instruments" none.out
    check "a staged command does not look in the sources: $(head -c 300 none.out)" $?
fi

# ---- The man pages ------------------------------------------------------------
if command -v man >/dev/null 2>&1; then
    MANPATH=$destdir$mandir LC_ALL=C.UTF-8 MANWIDTH=80 man assess >man1.txt 2>man1.err
    check "man assess exits 0" $?
    grep -q "RESULTS IN SQLITE" man1.txt && grep -q "ASSESS_PATH" man1.txt &&
        grep -q -- "--digits" man1.txt
    check "man assess answers: SQLite, ASSESS_PATH, --digits" $?
    MANPATH=$destdir$mandir LC_ALL=C.UTF-8 MANWIDTH=80 man 5 assess-instrument >man5.txt 2>man5.err
    check "man 5 assess-instrument exits 0" $?
    grep -q "SOURCE MAPS" man5.txt && grep -q "response-scale" man5.txt
    check "man 5 assess-instrument holds the instrument and source-map formats" $?
fi
if command -v groff >/dev/null 2>&1; then
    for page in "$destdir$mandir/man1/assess.1" "$destdir$mandir/man5/assess-instrument.5"; do
        LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>groff.err
        [ ! -s groff.err ]; check "$page renders without a warning: $(head -c 300 groff.err)" $?
    done
fi

# ---- A program built with pkg-config ---------------------------------------------
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
define=""
[ -n "$destdir" ] && define=--define-prefix
flags=$(PKG_CONFIG_PATH=$destdir$pcdir $PKG_CONFIG $define --cflags --libs libassess 2>pc.err)
check "pkg-config --cflags --libs libassess: $(cat pc.err)" $?
[ "$(PKG_CONFIG_PATH=$destdir$pcdir $PKG_CONFIG --modversion libassess)" = "$version" ]
check "pkg-config --modversion libassess is $version" $?
# shellcheck disable=SC2086 # the flags are words
${CC:-cc} -o program "$root/tests/pkgconfig_program.c" $flags 2>cc.err
check "cc \$(pkg-config --cflags --libs libassess) builds a program: $flags $(head -c 300 cc.err)" $?
if [ -x program ]; then
    if command -v readelf >/dev/null 2>&1; then
        readelf -d program | grep -q "NEEDED.*\[libassess.so.$major\]"
        check "the program needs libassess.so.$major" $?
    fi
    LD_LIBRARY_PATH=$lib ./program lead360 "$demo/responses.csv" >program.csv 2>program.err
    check "the program runs: $(head -c 300 program.err)" $?
    grep -q "^libassess $version" program.err
    check "the program runs with libassess $version" $?
    "$build/assess" score -i "$root/instruments/leadership-360.xml" "$demo/responses.csv" >score-build.csv 2>/dev/null
    cmp -s program.csv score-build.csv
    check "the program's scores are assess score's" $?
fi

echo "installcheck: $pass passed, $fail failed"
[ $fail = 0 ]
