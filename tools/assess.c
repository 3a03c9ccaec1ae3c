/*
 * assess.c - the assess command: global options and dispatch.  Each
 * subcommand lives in tools/cmd_NAME.c; adding one is adding a row here.
 */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "assess.h"
#include "cli.h"
#include "cmd.h"

/* The share folder the man page names (the Makefile gives it). */
#ifndef ASSESS_MAN_DATADIR
#define ASSESS_MAN_DATADIR "/usr/local/share/assess"
#endif

static const cli_command commands[] = {
    { "agree", cmd_agree, CMD_READS,
      "rater agreement: rwg, awg, ad per subject; ICCs, kappas per cohort" },
    { "change", cmd_change, CMD_READS,
      "before/after change: per executive (RCI) and per cohort (t, effect sizes)" },
    { "reliability", cmd_reliability, CMD_READS,
      "scale reliability: Cronbach's alpha, item-total correlations" },
    { "report", cmd_report, CMD_READS | CMD_DIR,
      "an HTML report per executive, with charts, and an index of the batch" },
    { "roi", cmd_roi, 0,
      "return on investment: costs and estimated benefits, per executive and programme" },
    { "run", cmd_run, CMD_READS | CMD_DIR,
      "every analysis from one read: scores, agree, reliability, change" },
    { "score", cmd_score, CMD_READS,
      "scored profiles per subject, wave, scale and rater group" },
    { "screen", cmd_screen, CMD_READS,
      "careless responding per rater: longstring, irv, Mahalanobis, even-odd" },
    { "source", cmd_source, 0,
      "a starting source map for a survey tool's export, to edit" },
    { "validate", cmd_validate, 0,
      "check an instrument and response files, and account for every row" },
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: assess COMMAND [OPTIONS] [FILES...]\n"
            "       assess --help | --version\n"
            "\n"
            "Scores 360-degree and strengths assessments.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "'assess COMMAND --help' describes a command.\n"
            "\n"
            "exit status:\n"
            "  0  fine\n"
            "  1  problems in the data: an invalid instrument, rejected rows,\n"
            "     an unreadable CSV layout\n"
            "  2  bad usage, an unreadable file, or a system failure\n");
}

/* The man page's sections after the commands'. */
static const char man_more[] =
    ".SH CONFIDENTIALITY\n"
    "Every output is for the executive (a report, a subject's scores), for "
    "the organisation (the cohort tables of score, agree, reliability, "
    "change and run), or, with \\fB\\-\\-research\\fR, for research.  "
    "The first two are protected and are the default: a rater group with "
    "fewer raters than its anonymity minimum (the instrument's "
    "\\fBminimum\\fR) for a subject, wave and scale is withheld, and its "
    "raters count in nothing shown, unless pooled into \\fBothers\\fR "
    "with enough raters of other withheld groups; no two outputs isolate "
    "fewer raters than the minimum; no withheld group's count is given "
    "beyond \\(lqfewer than N\\(rq.  Rater ids appear only in research "
    "output.  The same rules hold for every format, SQLite included.\n"
    ".SH \"RESULTS IN SQLITE\"\n"
    "With \\fB\\-\\-format sqlite \\-o\\fR \\fIFILE\\fR, score, agree, "
    "reliability, change and run add their rows to the SQLite database "
    "\\fIFILE\\fR (made when absent) instead of writing text: tables "
    "\\fBscores\\fR (score's \\fB\\-\\-items\\fR: \\fBitems\\fR; "
    "\\fB\\-\\-per\\-rater \\-\\-research\\fR: \\fBraters\\fR), "
    "\\fBagree\\fR, \\fBreliability\\fR and \\fBchange\\fR, with the "
    "columns of the CSV after a \\fBrun_id\\fR, NULL where the CSV is "
    "empty, booleans as 0 and 1.  Each run adds a row to \\fBruns\\fR "
    "(run_id, time, assess_version, command, command_line, instrument_id, "
    "instrument_version) and to \\fBrun_files\\fR one row per file it "
    "read (role, file, bytes, sha256).  A second run appends: one file "
    "keeps every cohort, each run's rows told apart by run_id.  A run is "
    "one transaction; one that fails leaves the file as it was.  The "
    "column \\fBgroup\\fR is an SQL keyword: quote it, "
    "\\fB\"group\"\\fR.\n"
    ".PP\n.nf\n"
    "assess run \\-i lead360 \\-\\-format sqlite \\-o results.db q1.csv\n"
    "assess run \\-i lead360 \\-\\-format sqlite \\-o results.db q2.csv\n"
    "sqlite3 results.db <<'SQL'\n"
    "SELECT r.time, s.subject_id, s.mean FROM scores s JOIN runs r\n"
    "  USING (run_id) WHERE s.scale = 'communication'\n"
    "  AND s.\\(dqgroup\\(dq = 'others';\n"
    "SQL\n"
    ".fi\n"
    ".SH EXAMPLES\n"
    "Check an export against the shipped leadership 360, then write a "
    "report per executive:\n"
    ".PP\n.nf\n"
    "assess validate \\-i lead360 export.csv\n"
    "assess report \\-i lead360 \\-o reports export.csv\n"
    ".fi\n.PP\n"
    "Every analysis from one read, as CSV files with numbers to four "
    "significant digits:\n"
    ".PP\n.nf\n"
    "assess run \\-i lead360 \\-\\-digits 4 \\-o results export.csv\n"
    ".fi\n.PP\n"
    "One executive's scores, to read:\n"
    ".PP\n.nf\n"
    "assess score \\-i lead360 \\-\\-format text \\-\\-subject E0007 export.csv\n"
    ".fi\n"
    ".SH ENVIRONMENT\n"
    ".TP\n.B ASSESS_PATH\n"
    "Directories, separated by \\fB:\\fR, where \\fB\\-i\\fR \\fIID\\fR "
    "looks for an instrument before the installed ones: a file "
    "\\fIID\\fR or \\fIID\\fB.xml\\fR, or any \\fB*.xml\\fR whose "
    "instrument id is \\fIID\\fR.  \\fB\\-i\\fR naming a file, or a "
    "path with a \\fB/\\fR, takes that file.\n"
    ".SH FILES\n"
    ".TP\n.I " ASSESS_MAN_DATADIR "/instruments/\n"
    "The shipped instruments (\\fBlead360\\fR, a leadership 360; "
    "\\fBstrengths20\\fR, a strengths inventory) and their schemas, "
    "where \\fB\\-i\\fR \\fIID\\fR looks after ASSESS_PATH.\n"
    ".SH \"SEE ALSO\"\n"
    ".BR assess\\-instrument (5)\n"
    "for the instrument and source-map formats, and the README of the "
    "assess sources.\n";

/*
 * The man page, assess(1), on standard output: the overview, then each
 * command's section as its option table gives it (`assess CMD --man`).
 */
static int man_page(void)
{
    printf(".TH ASSESS 1 \"\" \"assess %s\" \"User Commands\"\n"
           ".SH NAME\nassess \\- score 360-degree and strengths "
           "assessments\n"
           ".SH SYNOPSIS\n.B assess\n.I COMMAND\n[\\fIOPTIONS\\fR] "
           "[\\fIFILES\\fR...]\n"
           ".SH DESCRIPTION\nScores 360-degree and strengths assessments: "
           "instruments in XML, responses in CSV.\n"
           ".SH COMMANDS\n", ASSESS_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf(".TP\n.B %s\n%s\n", commands[i].name, commands[i].summary);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        char *args[] = { (char *)commands[i].name, "--man", NULL };
        if (commands[i].run(2, args, &commands[i]) != EXIT_FINE)
            return EXIT_USAGE;
    }
    printf(".SH \"EXIT STATUS\"\n.TP\n0\nfine\n.TP\n1\nproblems in the data: "
           "an invalid instrument, rejected rows, an unreadable CSV layout\n"
           ".TP\n2\nbad usage, an unreadable file, or a system failure\n");
    fputs(man_more, stdout);
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_FINE : EXIT_USAGE;
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Arrays of 4 MiB or more get mappings of their own, given back whole
     * when freed.  Otherwise glibc raises that threshold to the size of
     * the largest such array freed: once a file read in parts has freed
     * its parts' tables (8 MB each on the 10,000-subject export), the
     * analyses' arrays come from the heap, and stay there.  `run
     * --threads 2` peaked at 131 MB that way, 112 MB with this. */
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    cli_set_command_line(argc, argv);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_FINE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("assess %s\n", ASSESS_VERSION);
        return EXIT_FINE;
    }
    if (strcmp(argv[1], "--man") == 0)
        return man_page();
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1, &commands[i]);
            cli_options_release();
            return rc;
        }
    }
    fprintf(stderr, "assess: '%s' is not a command (see 'assess --help')\n",
            argv[1]);
    return EXIT_USAGE;
}
