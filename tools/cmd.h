/*
 * cmd.h - the subcommands.  Each takes the arguments from its own name on
 * (argv[0] is the command name) and returns the process exit code.
 */
#ifndef ASSESS_CMD_H
#define ASSESS_CMD_H

int cmd_agree(int argc, char **argv);
int cmd_change(int argc, char **argv);
int cmd_reliability(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
