/*
 * cmd.h - the subcommands.  Each takes the arguments from its own name on
 * (argv[0] is the command name) and its row of the command table, and
 * returns the process exit code.
 */
#ifndef ASSESS_CMD_H
#define ASSESS_CMD_H

#include "cli.h"

int cmd_agree(int argc, char **argv, const cli_command *self);
int cmd_change(int argc, char **argv, const cli_command *self);
int cmd_reliability(int argc, char **argv, const cli_command *self);
int cmd_report(int argc, char **argv, const cli_command *self);
int cmd_run(int argc, char **argv, const cli_command *self);
int cmd_score(int argc, char **argv, const cli_command *self);
int cmd_screen(int argc, char **argv, const cli_command *self);
int cmd_source(int argc, char **argv, const cli_command *self);
int cmd_validate(int argc, char **argv, const cli_command *self);
int cmd_roi(int argc, char **argv, const cli_command *self);

#endif
