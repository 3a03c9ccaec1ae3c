/*
 * output_report_trend.h - what the report shows of coaching outcomes over
 * time, decided once for every renderer (output_report_trend.c): with
 * three waves or more (the change table of assess change --waves all),
 * each shown group's mean per wave and the change from the baseline to
 * each later wave and from the last but one to the last ("did it hold?");
 * with --costs and --benefits, the return on investment (the roi table's
 * rows and the benefits they rest on).
 *
 * Everything here reads the change and roi tables' rows as they are:
 * withheld rows carry no value and none is made up.
 */
#ifndef ASSESS_REPORT_TREND_H
#define ASSESS_REPORT_TREND_H

#include "input_costs.h"
#include "output_report.h"

/* The most waves a trend chart draws a point for; the table holds them all. */
#define REPORT_TREND_MAX_WAVES 12

/* Whether the report draws every wave: its change table holds wave_mean
 * rows (assess change --waves all) over three waves or more. */
int report_trend(const assess_report *rep);

/* The waves in the change table's order (the data's), and how many. */
size_t report_trend_count(const assess_report *rep);
const char *report_trend_wave(const assess_report *rep, size_t w);

/* The change table's wave label of waves a and b: "1->3", into buf. */
const char *report_trend_pair(const assess_report *rep, size_t a, size_t b,
                              char *buf, size_t size);

/* The subject's change row of `statistic` for scale, group and wave label
 * (a wave id or a pair's label), or NULL. */
const table_row *report_trend_row(const report_subject *subj,
                                  const char *scale, const char *group,
                                  const char *wave, const char *statistic);

/* The change table's cohort row (no subject) of `statistic` for scale,
 * group and wave label, or NULL. */
const table_row *report_trend_cohort_row(const assess_report *rep,
                                         const char *scale, const char *group,
                                         const char *wave,
                                         const char *statistic);

/*
 * The cohort report's others' mean at wave w on scale k, or NULL when it
 * is not shown, with why ("fewer than 5 executives") in buf.  A mean is
 * shown for at least the cohort report's minimum of executives, and, where
 * the change from the baseline to the last wave is shown, only when it is
 * over as many executives as that change: a wave mean over more (an
 * executive without the last wave, or without the baseline) would give
 * that executive's own mean away, as the wave mean times its n minus the
 * change's executives' (the last wave's mean minus the change, times
 * theirs).
 */
const table_row *report_cohort_wave_mean(const assess_report *rep, uint32_t k,
                                         size_t w, char *buf, size_t size);

/* Whether output group o draws a line on scale k: a group that rated the
 * subject, never All raters, with a shown mean at some wave; *points: at
 * how many waves. */
int report_trend_line(const assess_report *rep, const report_subject *subj,
                      uint32_t k, size_t o, size_t *points);

/* Whether output group o has a row in the trend's table on scale k: it
 * rated the subject (withheld or not), never All raters. */
int report_trend_rated(const assess_report *rep, const report_subject *subj,
                       uint32_t k, size_t o);

/* The rater-change caveat between waves `label` (a pair's label): the
 * note of the first of All others' changes that says who rated changed,
 * or NULL. */
const char *report_trend_raters_changed(const assess_report *rep,
                                        const report_subject *subj,
                                        const char *label);

/* The counts the caveat's note gives, "2 left, 1 joined", into buf. */
size_t report_trend_counts(const char *note, char *buf, size_t size);

/* A line's marker, by its place among the chart's lines: 0 filled circle,
 * 1 open circle, 2 filled square, 3 open square, and round again. */
int report_trend_marker(size_t line);

/* The class of a hold_rci row in words: "held", "improved further",
 * "fell back". */
const char *report_hold_words(const char *note);

/* ---- Return on investment ------------------------------------------------ */

/* Whether the report has the roi table (--costs and --benefits). */
int report_roi(const assess_report *rep);

/* The roi table's row of `statistic` for subject (NULL: the programme). */
const table_row *report_roi_row(const assess_report *rep, const char *subject,
                                const char *statistic);

/* The subject's benefits (sorted by benefit id) and how many. */
const benefit_row *report_roi_benefits(const assess_report *rep,
                                       const char *subject, size_t *n);

/* A benefit's adjusted value (annual value x attribution x confidence,
 * stat_roi()); 0 when it has no estimate, and then *has is 0. */
double report_roi_adjusted(const benefit_row *b, int *has);

/* Whether the cohort report shows the programme's figures: when at least
 * its minimum of executives have a benefit with an estimate (whose
 * benefits enter the programme's).  buf: the sentence above them, or
 * why they are not shown. */
int report_roi_cohort(const assess_report *rep, char *buf, size_t size);

/* An amount of money as the report shows it: whole units, thousands
 * separated by commas, "-1,250" (never "-0"). */
void report_money_str(char *buf, size_t size, double x);

/* ---- The HTML page's sections (output_report_html_trend.c) --------------- */

/* The executive's change over every wave: a chart per scale, a line per
 * shown group, and each change in words with its class. */
void report_html_trend(FILE *out, const assess_report *rep,
                       const report_subject *subj);

/* The executive's outcome: the return on investment and its benefits. */
void report_html_outcome(FILE *out, const assess_report *rep,
                         const report_subject *subj);

/* The cohort report's scale k: the cohort's mean per wave where the
 * change table has them for at least the cohort report's minimum. */
void report_html_cohort_trend(FILE *out, const assess_report *rep, uint32_t k);

/* The cohort report's outcome: the programme's return on investment,
 * shown for at least the cohort report's minimum of executives. */
void report_html_cohort_outcome(FILE *out, const assess_report *rep);

#endif
