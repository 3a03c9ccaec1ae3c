/*
 * analysis_reliability.h - what other analyses take from
 * analysis_reliability.c.
 */
#ifndef ASSESS_RELIABILITY_H
#define ASSESS_RELIABILITY_H

#include <stdint.h>

#include "score_disclose.h"
#include "stats.h"

/*
 * Cronbach's alpha of a scale in one wave over the answers of every rater
 * d lets a statistic of all raters use (listwise), as `assess reliability`
 * reports it.  Returns -1 when out of memory.
 */
int reliability_alpha(const disclose *d, uint32_t wave, uint32_t scale,
                      stat_est *alpha);

#endif
