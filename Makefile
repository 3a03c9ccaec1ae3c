# assess - assessment scoring engine
#
#   make          build the library and the assess command (installs missing
#                 Debian packages first, see `deps`)
#   make demo     build, then run the main job on the bundled sample (its
#                 reports as HTML and PDF)
#   make test     build, then run every test (alias: make check)
#   make sanitize the tests under AddressSanitizer and UndefinedBehaviorSanitizer
#   make fuzz     fuzz the instrument, response and source map readers with libFuzzer
#                 for FUZZ_SECONDS each (default 60; installs clang)
#   make valgrind the commands of `make demo` under valgrind (installs it)
#   make bench    time every command on generated exports (not a test; see
#                 README "Performance")
#   make install  PREFIX=/usr/local DESTDIR=: the command, the library
#                 (libassess.so.0 and .a), its header and pkg-config file,
#                 the man pages, the instruments and schemas
#   make installcheck  the installed command on the demo data, a program
#                 built against the installed library with pkg-config
#   make clean

PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# Shipped instruments and schemas; the library looks here for `-i ID`.
ASSESS_DATADIR = $(DATADIR)/assess
PYTHON ?= python3
CC ?= cc
AR ?= ar

BUILD ?= build

# Debian packages the build and the tests need.  `deps` installs the absent
# ones (and only those) with apt-get; everything that compiles depends on it.
DEB_PACKAGES = libxml2-dev libgsl-dev libcsv-dev libcriterion-dev \
               libsqlite3-dev pkg-config python3 \
               libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils

# Project warnings first, then the user's CFLAGS, so theirs add to ours.
WARN = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
       -Wpointer-arith -Wformat=2
CFLAGS ?= -O2 -g
# `override`: a CFLAGS given on the command line (as `sanitize` and `fuzz`
# give one) would otherwise drop the sanitizers from every compile.
ifdef SANITIZE
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -MMD -MP

# Evaluated when a recipe runs, after `deps`: so pkg-config sees the
# packages `deps` has just installed.
XML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxml-2.0)
XML_LIBS = $(shell $(PKG_CONFIG) --libs libxml-2.0)
GSL_CFLAGS = $(shell $(PKG_CONFIG) --cflags gsl)
GSL_LIBS = $(shell $(PKG_CONFIG) --libs gsl)
CRITERION_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion)
CRITERION_LIBS = $(shell $(PKG_CONFIG) --libs criterion)
SQLITE_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3)
CSV_LIBS = -lcsv   # libcsv ships no .pc file on Debian
# The PDF reports (engine/output_report_pdf.c, the only file compiled with
# them): cairo's PDF surface, Pango on cairo, fontconfig.
PDF_PC = pangocairo 'cairo-pdf >= 1.16' fontconfig # 1.16: outlines, metadata
PDF_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PDF_PC))
PDF_LIBS = $(shell $(PKG_CONFIG) --libs $(PDF_PC))

LIB_LIBS = $(XML_LIBS) $(GSL_LIBS) $(SQLITE_LIBS) $(PDF_LIBS) -lm -lpthread

# The version, from the header; the shared library's SONAME carries the
# major version (the API only grows within it: include/assess.h).
VERSION := $(shell sed -n 's/^\#define ASSESS_VERSION "\(.*\)"/\1/p' include/assess.h)
VERSION_MAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME = libassess.so.$(VERSION_MAJOR)

ENGINE_SRC = $(wildcard engine/*.c)
ENGINE_OBJ = $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/instrument_xsd.o \
  $(BUILD)/gen/source_xsd.o
TOOL_SRC = $(wildcard tools/*.c)
HELPER_SRC = $(filter tools/gen-%.c tools/bench-%.c,$(TOOL_SRC))
ASSESS_SRC = $(filter-out $(HELPER_SRC),$(TOOL_SRC))
ASSESS_OBJ = $(ASSESS_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
SCALAR_TEST = $(BUILD)/tests/test_csv_stream_scalar
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%) $(SCALAR_TEST)
FUZZ_NAMES = instrument responses source
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/replay_%)

LIBA = $(BUILD)/libassess.a
LIBSO = $(BUILD)/libassess.so
LIBSO_FILE = $(BUILD)/libassess.so.$(VERSION)
ASSESS = $(BUILD)/assess
HELPERS = $(patsubst tools/%.c,$(BUILD)/%,$(HELPER_SRC))

.PHONY: all deps demo test check sanitize bench install installcheck \
        uninstall clean FORCE
.DEFAULT_GOAL := all

all: $(ASSESS) $(LIBSO) $(HELPERS) $(BUILD)/assess.1 $(BUILD)/libassess.pc \
  $(BUILD)/assess-instrument.5

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "deps: missing$$missing and no apt-get: install them by hand" >&2; exit 1; \
	  fi; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The library: position-independent objects, symbols hidden unless marked
# ASSESS_API.
$(BUILD)/engine/%.o: engine/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -fPIC -fvisibility=hidden -DASSESS_BUILDING \
	  -Iinclude -Iengine -I$(BUILD)/gen $(XML_CFLAGS) $(GSL_CFLAGS) \
	  $(SQLITE_CFLAGS) $(ENGINE_EXTRA) -c $< -o $@

$(BUILD)/engine/output_report_pdf.o: ENGINE_EXTRA = $(PDF_CFLAGS)

# Where the library looks for instruments named by id
# (engine/input_instrument_find.c): written again only when it changes,
# so that `make PREFIX=...` rebuilds what depends on it and nothing else.
$(BUILD)/gen/assess_paths.h: FORCE
	@mkdir -p $(@D)
	@{ echo '#define ASSESS_DATADIR_INSTRUMENTS "$(ASSESS_DATADIR)/instruments"'; \
	  echo '#define ASSESS_BUILD_DIR "$(abspath $(BUILD))"'; \
	  echo '#define ASSESS_SOURCE_INSTRUMENTS "$(CURDIR)/instruments"'; \
	} >$@.tmp; \
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/engine/input_instrument_find.o: $(BUILD)/gen/assess_paths.h

# The man page names the share folder too.
$(BUILD)/tools/assess.o: $(BUILD)/gen/assess_paths.h
$(BUILD)/tools/assess.o: TOOL_DEFS = -DASSESS_MAN_DATADIR=\"$(ASSESS_DATADIR)\"

# The schemas (the instrument's, the source map's) are embedded, so an
# installed assess needs no file beside it.
$(BUILD)/gen/%_xsd.c: instruments/%.xsd
	@mkdir -p $(@D)
	{ echo '#include <stddef.h>'; \
	  echo 'const unsigned char assess_$*_xsd[] = {'; \
	  od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; \
	  echo 'const size_t assess_$*_xsd_len = sizeof assess_$*_xsd - 1;'; \
	} > $@

$(BUILD)/gen/%_xsd.o: $(BUILD)/gen/%_xsd.c | deps
	$(CC) $(BASE_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(LIBA): $(ENGINE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# libassess.so.VERSION, with its SONAME libassess.so.MAJOR and the links
# a build and a program's run look for.
$(LIBSO_FILE): $(ENGINE_OBJ)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,$(SONAME) -o $@ $^ $(LIB_LIBS)

$(BUILD)/$(SONAME): $(LIBSO_FILE)
	ln -sf $(notdir $<) $@

$(LIBSO): $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# pkg-config's description of the installed library, written again only
# when it changes.  Paths under PREFIX are written relative to it, so
# that `pkg-config --define-prefix` finds a staged (DESTDIR) install.
PC_PATH = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
$(BUILD)/libassess.pc: FORCE
	@mkdir -p $(@D)
	@{ echo 'prefix=$(PREFIX)'; \
	  echo 'libdir=$(call PC_PATH,$(LIBDIR))'; \
	  echo 'includedir=$(call PC_PATH,$(INCLUDEDIR))'; \
	  echo 'datadir=$(call PC_PATH,$(ASSESS_DATADIR))'; \
	  echo; \
	  echo 'Name: libassess'; \
	  echo 'Description: scoring of 360-degree and strengths assessments'; \
	  echo 'Version: $(VERSION)'; \
	  echo 'Requires.private: libxml-2.0 gsl sqlite3'; \
	  echo 'Libs: -L$${libdir} -lassess'; \
	  echo 'Libs.private: -lm -lpthread'; \
	  echo 'Cflags: -I$${includedir}'; \
	} >$@.tmp; \
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# The command sees the public headers only.
$(BUILD)/tools/%.o: tools/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -Iinclude $(TOOL_DEFS) -c $< -o $@

$(ASSESS): $(ASSESS_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(ASSESS_OBJ) $(LIBA) $(LIB_LIBS)

# Helper programs: tools/gen-NAME.c is build/gen-NAME, tools/bench-NAME.c
# is build/bench-NAME.
$(BUILD)/gen-%: $(BUILD)/tools/gen-%.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIB_LIBS)

$(BUILD)/bench-%: $(BUILD)/tools/bench-%.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIB_LIBS) $(CSV_LIBS)

# Tests may reach the engine's private headers to test its parts.
$(BUILD)/tests/%.o: tests/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -Iinclude -Iengine $(CRITERION_CFLAGS) \
	  -DFIXTURES=\"$(CURDIR)/fixtures\" -DINSTRUMENTS=\"$(CURDIR)/instruments\" \
	  -DASSESS_BIN=\"$(CURDIR)/$(ASSESS)\" -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(CRITERION_LIBS) $(LIB_LIBS) $(CSV_LIBS)

# The tokenizer's tests once more on its plain C path, the one machines
# without SSE2 take: its object comes before the library's.
$(BUILD)/scalar/csv_stream.o: engine/input_csv_stream.c | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -U__SSE2__ -Iinclude -Iengine -c $< -o $@

$(SCALAR_TEST): $(BUILD)/tests/test_csv_stream.o $(BUILD)/scalar/csv_stream.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION_LIBS) $(LIB_LIBS) $(CSV_LIBS)

DEMO = $(BUILD)/demo
LEAD360 = instruments/leadership-360.xml
STRENGTHS = instruments/strengths.xml

# The main job on the bundled cohort: check it, score it, show one executive.
demo: $(ASSESS)
	@mkdir -p $(DEMO)
	./$(ASSESS) validate -i $(LEAD360) fixtures/demo/responses.csv
	./$(ASSESS) score -i $(LEAD360) fixtures/demo/responses.csv -o $(DEMO)/lead360-scores.csv
	./$(ASSESS) score -i $(LEAD360) fixtures/demo/responses.csv --items -o $(DEMO)/lead360-items.csv
	./$(ASSESS) score -i $(LEAD360) fixtures/demo/responses.csv --per-rater --research -o $(DEMO)/lead360-per-rater.csv
	./$(ASSESS) score -i $(LEAD360) fixtures/demo/responses.csv --format json -o $(DEMO)/lead360-scores.json
	./$(ASSESS) score -i $(STRENGTHS) fixtures/demo/strengths.csv -o $(DEMO)/strengths-scores.csv
	./$(ASSESS) agree -i $(LEAD360) fixtures/demo/responses.csv --by-group --pair self,manager -o $(DEMO)/lead360-agree.csv
	./$(ASSESS) reliability -i $(LEAD360) fixtures/demo/responses.csv -o $(DEMO)/lead360-reliability.csv
	./$(ASSESS) reliability -i $(STRENGTHS) fixtures/demo/strengths.csv -o $(DEMO)/strengths-reliability.csv
	./$(ASSESS) change -i $(LEAD360) fixtures/demo/responses.csv --goals fixtures/demo/goals.csv -o $(DEMO)/lead360-change.csv
	./$(ASSESS) report -i $(LEAD360) fixtures/demo/responses.csv --goals fixtures/demo/goals.csv --subjects fixtures/demo/subjects.csv --format both -o $(DEMO)/reports --quiet
	./$(ASSESS) change -i $(LEAD360) --waves all fixtures/demo/three-waves.csv -o $(DEMO)/lead360-waves.csv
	./$(ASSESS) roi --costs fixtures/demo/roi-costs.csv --benefits fixtures/demo/roi-benefits.csv -o $(DEMO)/roi.csv
	./$(ASSESS) report -i $(LEAD360) fixtures/demo/three-waves.csv --costs fixtures/demo/roi-costs.csv --benefits fixtures/demo/roi-benefits.csv --format both -o $(DEMO)/waves-reports --quiet
	./$(ASSESS) report -i $(STRENGTHS) fixtures/demo/strengths.csv --format both -o $(DEMO)/strengths-reports --quiet
	./$(ASSESS) run -i lead360 fixtures/demo/responses.csv --goals fixtures/demo/goals.csv --format sqlite -o $(DEMO)/results.db
	@echo
	./$(ASSESS) score -i $(LEAD360) fixtures/demo/responses.csv --format text --subject E0001
	@echo
	@echo "One executive's trend over three waves (baseline, end of coaching, follow-up):"
	@echo "E0001's others on the leadership index, from $(DEMO)/lead360-waves.csv"
	@awk -F, '$$1 == "E0001" && $$3 == "leadership_index" && $$5 == "others" \
	  { printf "  %-5s %-10s %8.3f  %s\n", $$2, $$6, $$7, ($$6 ~ /rci/ ? $$11 : "") }' \
	  $(DEMO)/lead360-waves.csv
	@echo
	@echo "The whole cohort's scores are in $(DEMO)/: lead360-scores.csv (scales by group),"
	@echo "lead360-items.csv, lead360-scores.json, strengths-scores.csv, and"
	@echo "lead360-per-rater.csv (--research: rater ids, for analysis, not for the executive);"
	@echo "rater agreement in lead360-agree.csv, scale reliability in"
	@echo "lead360-reliability.csv and strengths-reliability.csv, change between the"
	@echo "two waves (with coaching goals) in lead360-change.csv, and every wave of a"
	@echo "three-wave cohort (fixtures/demo/three-waves.csv) in lead360-waves.csv, and"
	@echo "that programme's return on investment in roi.csv."
	@echo
	@echo "A report per executive, to hand over: open $(DEMO)/reports/index.html"
	@echo "(strengths: $(DEMO)/strengths-reports/index.html) in a browser, or the"
	@echo "same as PDF, $(DEMO)/reports/E0001.pdf ... and index.pdf."
	@echo "The three-wave cohort's reports, a line per group across the waves and"
	@echo "each executive's return on investment: $(DEMO)/waves-reports/index.html"
	@echo "(and .pdf); the programme's in $(DEMO)/waves-reports/cohort.html."
	@echo
	@echo "Every table of the run, kept with the runs before it, in the SQLite"
	@echo "database $(DEMO)/results.db (README, \"Results in SQLite\")."

test: $(ASSESS) $(LIBSO) $(TEST_BIN) $(FUZZ_REPLAY)
	@set -e; for t in $(TEST_BIN); do \
	  echo "== $$t"; rc=0; \
	  $$t --jobs 2 --short-filename 2>$(BUILD)/tests/stderr || rc=$$?; \
	  cat $(BUILD)/tests/stderr >&2; [ $$rc = 0 ] || exit $$rc; \
	  if grep -q 'ERROR: LeakSanitizer' $(BUILD)/tests/stderr; then \
	    echo "$$t: a test leaked memory (above)" >&2; exit 1; fi; \
	done
	@echo "== fixtures (end to end through $(ASSESS))"
	@tests/run-fixtures.sh $(ASSESS)
	@echo "== assess run and --threads (end to end)"
	@tests/run-threads.sh $(ASSESS)
	@echo "== assess report in a browser (headless Chromium)"
	@tests/run-browser.sh $(ASSESS)
	@echo "== assess report --format pdf, read back with poppler (end to end)"
	@tests/run-pdf.sh $(ASSESS)
	@echo "== fuzz regressions (tests/fuzz/regressions through the harnesses)"
	@set -e; for n in $(FUZZ_NAMES); do \
	  $(BUILD)/tests/fuzz/replay_$$n tests/fuzz/regressions/$$n; \
	done
	@echo "== -o safety and confidentiality (end to end)"
	@tests/run-safety.sh $(ASSESS)
	@echo "== options: ranges, choices, lists, help and man page (end to end)"
	@tests/run-options.sh $(ASSESS)
	@echo "== the engine's layers, one way"
	@tests/check-layers.sh
ifdef SANITIZE
	@echo "== Python and installcheck: skipped under SANITIZE (a sanitized"
	@echo "   libassess.so loads only into a program built with the sanitizers)"
else
	@echo "== the library from Python (tools/python/assess.py, end to end)"
	@ASSESS_LIBRARY=$(abspath $(LIBSO_FILE)) ASSESS=$(abspath $(ASSESS)) \
	  $(PYTHON) tests/test_python.py
	@echo "== make install into a staging folder, then make installcheck"
	@rm -rf $(BUILD)/staging
	@$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD))/staging \
	  >$(BUILD)/staging.log
	@$(MAKE) --no-print-directory installcheck \
	  DESTDIR=$(abspath $(BUILD))/staging
endif

check: test

# gcc leaves float-cast-overflow out of "undefined" (clang has it in).
# GLib's objects from malloc, so that a Pango object left unfreed is seen;
# tests/lsan.supp: what fontconfig keeps where a leak checker cannot look.
sanitize:
	G_SLICE=always-malloc LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	$(MAKE) BUILD=build/sanitize SANITIZE=address,undefined,float-cast-overflow \
	  CFLAGS="-O1 -g" test

# Fuzzing: the harnesses of tests/fuzz/ built with clang and libFuzzer,
# the engine compiled with the same sanitizers in build/fuzz, each run for
# FUZZ_SECONDS (tests/fuzz/run.sh: seeds, corpus, limits).  A crash, a
# leak or a hang fails it.  Without libFuzzer the same harnesses replay
# tests/fuzz/regressions/ in `make test`.
.PHONY: fuzz fuzz-build valgrind
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
# libclang-rt-dev holds libFuzzer's runtime, which clang only recommends.
FUZZ_PACKAGES = clang libclang-rt-dev

fuzz:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(FUZZ_PACKAGES)"
	$(MAKE) BUILD=build/fuzz CC=$(FUZZ_CC) SANITIZE=fuzzer,address,undefined \
	  CFLAGS="-O1 -g" fuzz-build
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-build: $(FUZZ_NAMES:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIB_LIBS)

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/replay.o \
  $(BUILD)/tests/fuzz/fuzz_%.o $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

# Every assess run of `make demo`, as `make -n demo` lists them (so a
# command added there is checked here too), under valgrind: any error or
# definite leak fails.  The outputs go to $(BUILD)/valgrind.
# (GLib's objects from malloc, so that a Pango object left unfreed is
# seen; tests/valgrind.supp: what fontconfig keeps where valgrind cannot
# look.)
VALGRIND = G_SLICE=always-malloc valgrind --error-exitcode=1 --leak-check=full \
  --errors-for-leak-kinds=definite --show-leak-kinds=definite --quiet \
  --suppressions=$(CURDIR)/tests/valgrind.supp
valgrind: $(ASSESS)
	@$(MAKE) --no-print-directory deps DEB_PACKAGES=valgrind
	@mkdir -p $(BUILD)/valgrind
	@$(MAKE) --no-print-directory -n demo DEMO=$(BUILD)/valgrind | \
	  grep '^\./$(ASSESS) ' >$(BUILD)/valgrind/commands
	@set -e; n=0; while read -r cmd; do \
	  echo "$(VALGRIND) $$cmd"; eval "$(VALGRIND) $$cmd" </dev/null >/dev/null; \
	  n=$$((n + 1)); \
	done <$(BUILD)/valgrind/commands; \
	echo "valgrind: $$n assess runs, no errors"; [ $$n -gt 0 ]

# A benchmark, not a test: it asserts no time.  BENCH_SUBJECTS, RUNS and
# BENCH_DIR change what it runs and where.
BENCH_SUBJECTS ?= 1000 10000
bench: $(ASSESS) $(HELPERS)
	tools/bench.sh $(BUILD) $(BENCH_SUBJECTS)

# The man pages: assess(1) from the commands' option tables, and
# assess-instrument(5) with the share folder of this PREFIX.
$(BUILD)/assess.1: $(ASSESS)
	./$(ASSESS) --man >$@.tmp && mv $@.tmp $@

$(BUILD)/assess-instrument.5: instruments/assess-instrument.5 $(BUILD)/gen/assess_paths.h
	@mkdir -p $(@D)
	sed 's|@ASSESS_DATADIR@|$(ASSESS_DATADIR)|g' $< >$@.tmp && mv $@.tmp $@

INSTALLED_LIBS = libassess.a libassess.so.$(VERSION) $(SONAME) libassess.so

install: $(ASSESS) $(LIBA) $(LIBSO) $(BUILD)/assess.1 $(BUILD)/libassess.pc \
  $(BUILD)/assess-instrument.5
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(ASSESS_DATADIR)/instruments
	install -m 755 $(ASSESS) $(DESTDIR)$(BINDIR)/assess
	install -m 644 $(BUILD)/assess.1 $(DESTDIR)$(MANDIR)/man1/assess.1
	install -m 644 $(BUILD)/assess-instrument.5 \
	  $(DESTDIR)$(MANDIR)/man5/assess-instrument.5
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libassess.a
	install -m 755 $(LIBSO_FILE) $(DESTDIR)$(LIBDIR)/libassess.so.$(VERSION)
	ln -sf libassess.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libassess.so
	install -m 644 include/assess.h $(DESTDIR)$(INCLUDEDIR)/assess.h
	install -m 644 $(BUILD)/libassess.pc $(DESTDIR)$(PKGCONFIGDIR)/libassess.pc
	install -m 644 instruments/*.xml instruments/*.xsd \
	  $(DESTDIR)$(ASSESS_DATADIR)/instruments/

# The installed command on the demo data, its man pages, and a program
# built against the installed library with pkg-config (run after `make
# install` with the same PREFIX and DESTDIR).
installcheck:
	tests/run-installcheck.sh "$(DESTDIR)" "$(BINDIR)" "$(LIBDIR)" \
	  "$(PKGCONFIGDIR)" "$(MANDIR)" "$(ASSESS_DATADIR)" "$(PREFIX)" \
	  "$(VERSION)" "$(BUILD)"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/assess $(DESTDIR)$(INCLUDEDIR)/assess.h \
	  $(INSTALLED_LIBS:%=$(DESTDIR)$(LIBDIR)/%) \
	  $(DESTDIR)$(PKGCONFIGDIR)/libassess.pc \
	  $(DESTDIR)$(MANDIR)/man1/assess.1 \
	  $(DESTDIR)$(MANDIR)/man5/assess-instrument.5
	rm -f $(addprefix $(DESTDIR)$(ASSESS_DATADIR)/instruments/,\
	  $(notdir $(wildcard instruments/*.xml instruments/*.xsd)))
	-rmdir $(DESTDIR)$(ASSESS_DATADIR)/instruments $(DESTDIR)$(ASSESS_DATADIR)

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
