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

static const cli_command commands[] = {
    { "agree", cmd_agree, CMD_READS,
      "rater agreement: rwg, awg, ad per subject; ICCs, kappas per cohort" },
    { "change", cmd_change, CMD_READS,
      "before/after change: per executive (RCI) and per cohort (t, effect sizes)" },
    { "reliability", cmd_reliability, CMD_READS,
      "scale reliability: Cronbach's alpha, item-total correlations" },
    { "report", cmd_report, CMD_READS | CMD_DIR,
      "an HTML report per executive, with charts, and an index of the batch" },
    { "run", cmd_run, CMD_READS | CMD_DIR,
      "every analysis from one read: scores, agree, reliability, change" },
    { "score", cmd_score, CMD_READS,
      "scored profiles per subject, wave, scale and rater group" },
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
           ".TP\n2\nbad usage, an unreadable file, or a system failure\n"
           ".SH \"SEE ALSO\"\nThe README of the assess sources.\n");
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
