/*
 * analysis_change.h - what the change between two waves
 * (analysis_change.c) and across every wave (analysis_waves.c) share:
 * the Reliable Change Index's standard deviation and class, and Jacobson
 * & Truax's cut-off of clinically significant change.
 */
#ifndef ASSESS_ANALYSIS_CHANGE_H
#define ASSESS_ANALYSIS_CHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "input_instrument.h"
#include "stats.h"

/* The RCI's classes: for a change from the baseline, and for "did it
 * hold?" from the end of coaching to the follow-up. */
enum { CLASS_NONE = 0, CLASS_IMPROVED, CLASS_UNCHANGED, CLASS_DETERIORATED };
extern const char *const change_class_names[4];
extern const char *const change_hold_names[4];

/*
 * The standard deviation the RCI divides by, for scale k and output group
 * `group` (an instrument group, or an aggregate that only a norm without
 * a group fits): with `rci_sd` ASSESS_RCI_SD_NORM, the instrument's norm
 * for the scale (and group) when it has one; otherwise the cohort's sd of
 * the baseline means, cohort_sd (NaN when fewer than two subjects had
 * one).  Fills *sd and *source (what the note says) and returns 1, or
 * returns 0 with *why.
 */
int change_rci_sd(const assess_instrument *inst, assess_rci_sd rci_sd,
                  uint32_t k, uint32_t group, double cohort_sd, double *sd,
                  const char **source, const char **why);

/*
 * Jacobson & Truax (1991): RCI = diff / (sqrt(2) s sqrt(1 - r_xx)), its
 * class at |RCI| > z in the scale's direction of improvement.  1 with
 * *rci and *cls, or 0 with *why.
 */
int change_rci(double diff, double sd, const stat_est *rxx, int lower_is_better,
               double z, double *rci, int *cls, const char **why);

/*
 * Jacobson & Truax's cut-off for scale k and output group `group`: c
 * from the instrument's functional and dysfunctional norms, or from the
 * functional norm and the cohort's baseline means (base_mean, base_sd
 * over base_n subjects) taken as the dysfunctional population; b from
 * the functional norm alone; a from the dysfunctional norm alone.
 * Absent (ok 0, *which NULL) where the instrument has neither norm for
 * the scale; *which says which cut-off and from what.
 */
stat_est change_cutoff(const assess_instrument *inst, uint32_t k,
                       uint32_t group, double base_mean, double base_sd,
                       size_t base_n, const char **which);

/* Whether `value` is past the cut-off in the scale's better direction. */
static inline int change_past_cutoff(double value, double cutoff,
                                     int lower_is_better)
{
    return lower_is_better ? value < cutoff : value > cutoff;
}

/* Jacobson & Truax's categories: recovered (a reliable improvement that
 * ends past the cut-off), improved, no_reliable_change, deteriorated. */
const char *change_jt_category(int cls, int past);

/* Each subject's gas_t of the goals and the cohort's gas_t_mean and
 * gas_t_sd (Kiresuk & Sherman 1968), in wave `label`. */
struct assess_table;
void change_goal_rows(struct assess_table *t, const assess_goals *g,
                      double rho, const char *label);

/* assess_change_compute() with opts->waves_all (analysis_waves.c); its
 * options already checked. */
assess_table *change_waves_compute(const assess_responses *resp,
                                   const assess_change_options *opts,
                                   assess_error *err);

#endif
