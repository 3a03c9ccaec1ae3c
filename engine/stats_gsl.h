/*
 * stats_gsl.h - for the statistics files that call GSL.  GSL's default
 * error handler aborts the process; a library must not.  Statistics run
 * GSL with the handler off and check every result for a finite number
 * instead.
 *
 * The handler is one process-wide setting and analyses may run in
 * parallel threads: the first thread in turns it off, the last one out
 * puts back what the application had.
 */
#ifndef ASSESS_STATS_GSL_H
#define ASSESS_STATS_GSL_H

#include <gsl/gsl_errno.h>

void stats_gsl_quiet_begin(void);
void stats_gsl_quiet_end(void);

#define GSL_QUIET_BEGIN stats_gsl_quiet_begin()
#define GSL_QUIET_END stats_gsl_quiet_end()

#endif
