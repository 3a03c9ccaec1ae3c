/*
 * stats_gsl.h - for the statistics files that call GSL.  GSL's default
 * error handler aborts the process; a library must not.  Statistics run
 * GSL with the handler off and check every result for a finite number
 * instead.
 */
#ifndef ASSESS_STATS_GSL_H
#define ASSESS_STATS_GSL_H

#include <gsl/gsl_errno.h>

#define GSL_QUIET_BEGIN gsl_error_handler_t *gsl_saved_handler_ = gsl_set_error_handler_off()
#define GSL_QUIET_END gsl_set_error_handler(gsl_saved_handler_)

#endif
