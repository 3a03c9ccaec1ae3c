/*
 * output_report.h - the body of assess_report: what each executive's report
 * shows, gathered by output_report.c from the score, agree and change results,
 * and written by output_report_html.c (the page) with output_report_html_svg.c
 * (its charts), both writing text with output_report_text.c, and by
 * output_report_pdf.c (the PDF).  Renderers depend on this model and never
 * on each other: what they all decide (the rows a chart draws, its axis,
 * which norm is named) is decided here, once.
 *
 * Nothing here holds a value the results withhold: the writers read the
 * score rows (suppressed rows carry no values) and the table rows (withheld
 * rows carry none either), and output_report.c only sorts them by subject and
 * turns others' agreement into a cue.
 */
#ifndef ASSESS_REPORT_H
#define ASSESS_REPORT_H

#include <stdio.h>

#include "assess.h"
#include "score.h"
#include "analysis_table.h"

/* A group's range (min to max) is drawn only from this many raters up, and
 * never below the group's minimum: the lowest and highest rating of two
 * raters would be their ratings (see report_range_shown()). */
#define REPORT_RANGE_MIN 3

/*
 * Others' agreement on a scale, in three levels, from their average
 * deviation ad_m (Burke, Finkelstein & Dusig 1999), which, unlike rwg_j,
 * does not rise with the number of items: at most c/6 points on a scale
 * of c options is agreement (Burke & Dunlap 2002); at least what raters
 * answering at random would show (the uniform distribution's mean
 * deviation), disagreement; mixed views between.
 */
typedef enum report_cue {
    CUE_NONE = 0,  /* no ad_m: cue_why says why */
    CUE_AGREE,
    CUE_MIXED,
    CUE_DISAGREE
} report_cue;

/* Scales on the development page: the most and least favourable. */
#define REPORT_DEV_SCALES 3

typedef struct report_subject {
    const char *id;
    const char *name;              /* from opts.subjects, else the id */
    const char *organisation, *role, *coach; /* NULL where not given */
    const char *file;              /* in the report's arena */
    size_t first_block, n_blocks;  /* the subject's score blocks, by wave */
    const score_block *shown;      /* the wave the profile shows: the last */
    const table_row **agree;       /* the subject's agree rows */
    size_t n_agree;
    const table_row **change;      /* the subject's change rows */
    size_t n_change;
    report_cue *cue;               /* by scale: others at the shown wave */
    const char **cue_why;          /* by scale, for CUE_NONE */
    double *cue_ad;                /* by scale: the ad_m behind the cue */
    /* Development page: non-composite scales by others' mean at the shown
     * wave, highest first and lowest first. */
    uint32_t dev_top[REPORT_DEV_SCALES], dev_bottom[REPORT_DEV_SCALES];
    size_t n_dev;
    /* The change table's note on others' change where who rated changed
     * between the waves (one scale's; NULL when nobody changed). */
    const char *raters_changed;
    /* Strengths: the scales tied at the last signature place, when the
     * tie reaches past it (self's ranks); n_tied 0 otherwise. */
    uint32_t *tied;
    size_t n_tied;
    uint32_t tied_rank;
    const table_row *gas;          /* gas_t, or NULL */
    /* For the index: counts at the shown wave and in others' change. */
    unsigned blind_spots, hidden_strengths;
    unsigned improved, deteriorated;
    int has_change;
    const char *pdf_file;          /* file's name with ".pdf" for ".html" */
} report_subject;

struct assess_report {
    const assess_score *s;
    const assess_table *agree, *change;
    assess_report_options opts;
    arena arena;
    report_subject *subjects;
    size_t n_subjects;
    const table_row **rows;        /* backs every subject's agree/change */
    report_cue *cues;
    const char **cue_whys;
    double *cue_ads;
    /* The cohort report: per scale, others' means of the executives that
     * show them, at each one's shown wave, ascending; per scale and output
     * group, the mean of the groups' shown means and how many. */
    double *cohort_means;          /* n_scales * n_subjects */
    size_t *cohort_n;              /* by scale */
    double *group_sum;             /* n_scales * n_groups_out */
    size_t *group_n;
    int trend;                     /* every wave drawn (output_report_trend.h) */
    struct score_comments *comments; /* the written comments shown
                                        (report_comments_gather()) */
};

/* Sets rep->trend and, with it, the index's counts from the baseline to
 * the last wave (output_report_trend.c). */
void report_trend_init(assess_report *rep);

/* The row of `statistic` for scale and group among rows[0..n), or NULL. */
const table_row *report_row(const table_row *const *rows, size_t n,
                            const char *scale, const char *group,
                            const char *statistic);

/* The norm a scale's row of output group `group` is compared with, in
 * words: the instrument's norm text and size, or the cohort's; NULL when
 * none applies. */
const char *report_norm_source(const assess_report *rep, uint32_t k,
                               uint32_t group, char *buf, size_t size);

/* Whether item i is worded the other way (scored min + max - value). */
int report_item_reverse(const assess_report *rep, uint32_t i);

/* The label a reader sees for an output group: the instrument's label,
 * "Others" or "All raters". */
const char *report_group_label(const assess_score *s, uint32_t group);

/* ---- Text for every renderer (output_report_text.c) ---------------------------- */

/* Text with &, <, >, " and ' escaped, for HTML and SVG alike. */
void report_escape(FILE *out, const char *text);

/* Text as a quoted CSS string (for @page boxes inside <style>). */
void report_css_string(FILE *out, const char *text);

/* A change table's wave label, "1->2", as the report shows it: "1 → 2". */
void report_waves(FILE *out, const char *label);

/* A number as the report shows it: two decimals ("%.2f", or "%+.2f" when
 * `sign`), never "-0.00". */
void report_num(FILE *out, double x, int sign);

/* ---- The HTML page's charts (output_report_html_svg.c): inline SVG, labelled in
 * text ------------------------------------------------------------------ */

/* Scale k at the shown wave (v: its rows): a bar per shown group, self and others, on
 * the scale's axis, with the range where the group is large enough. */
void report_svg_scale(FILE *out, const assess_report *rep, const score_rows *v,
                      uint32_t k);

/* Self minus others per scale, blind spots and hidden strengths marked. */
void report_svg_gaps(FILE *out, const assess_report *rep, const score_rows *v);

/* Others before and after per scale, with the RCI class in words. */
void report_svg_change(FILE *out, const assess_report *rep,
                       const report_subject *subj);

/* The cohort report's scale k: a dot per executive's others' mean, no
 * names, on the scale's axis, with the cohort's mean marked. */
void report_svg_cohort(FILE *out, const assess_report *rep, uint32_t k);

/* The cohort report's sentence on others' change between `waves` ("1->3"):
 * the mean difference md with its interval over its executives, and the
 * improved / unchanged / deteriorated counts where all three hold one. */
void report_html_cohort_change(FILE *out, const char *waves,
                               const table_row *md, const table_row *up,
                               const table_row *same, const table_row *down);

/*
 * Whether row o of rows (one scale's rows of a block) shows its range:
 * a group of at least REPORT_RANGE_MIN raters and its minimum; for others,
 * also no shown group of two in it, whose ratings the lowest or highest
 * would otherwise single out.
 */
int report_range_shown(const assess_score *s, const stat_row *rows, size_t o);

/* The axis of scale k: what its scores can range over. */
void report_scale_axis(const assess_score *s, uint32_t k, double *lo,
                       double *hi);

/* ---- What every renderer shows, decided once (output_report.c) ---------- */

/* A self-report: one group, its raters the subject (strengths), or no
 * others to set the self apart from. */
int report_self_only(const assess_score *s);

/* The wave of block b, as the data name it. */
const char *report_wave(const assess_score *s, const score_block *b);

/* Whether the scale chart has a row for `row`: a group that rated the
 * subject (withheld or not), never All raters. */
int report_row_drawn(const assess_score *s, const stat_row *row);

/* The groups All others leaves out on some scale at the shown wave (v:
 * its rows), bit g for instrument group g. */
uint64_t report_left_out(const assess_score *s, const score_rows *v);

/* The norm group named under scale k's chart: the source of the first
 * shown row with a percentile; NULL when none has one. */
const char *report_norm_shown(const assess_report *rep, const score_rows *v,
                              uint32_t k, char *buf, size_t size);

/* The row of one scale's rows that carries self minus others, or tells
 * why there is none (gap_reasons); NULL when no row does. */
const stat_row *report_gap_row(const assess_score *s, const stat_row *rows);

/* The gaps chart's axis runs from -reach to +reach: the largest gap, at
 * least twice the threshold, rounded up to half a point. */
double report_gap_reach(const assess_score *s, const score_rows *v);

/* Where v falls on the axis lo..hi, from 0 to 1 (clamped); 0 when the
 * axis is empty. */
double report_axis_at(double v, double lo, double hi);

/* The ticks of the axis lo..hi: n + 1 ticks at lo + (hi - lo) * i / n,
 * returning n (0: none).  *whole: at whole points, labelled "%.0f";
 * else five even steps, labelled as numbers are. */
int report_axis_ticks(double lo, double hi, int *whole);

/* The Reliable Change Index's class (a change row's note) in words. */
const char *report_rci_words(const char *note);

/* What the rater-change caveat says of All others: "2 left, 1 joined"
 * from the change table's note, into buf; 0 when it says nothing. */
size_t report_raters_changed_counts(const report_subject *subj, char *buf,
                                    size_t size);

/* The change table's cohort row of `statistic` for scale and group, or
 * NULL. */
const table_row *report_cohort_row(const assess_report *rep, const char *scale,
                                   const char *group, const char *statistic);

/* The cohort chart: the mean of scale k's executives' means (n: how many;
 * 0, and the return NAN, when none); of output group o's shown means. */
double report_cohort_mean(const assess_report *rep, uint32_t k, size_t *n);
double report_cohort_group_mean(const assess_report *rep, uint32_t k, size_t o,
                                size_t *n);

/* Executive i's dot on scale k's cohort chart sits this many places up
 * its stack: equal means stack, four high, so that each is seen. */
unsigned report_cohort_stack(const assess_report *rep, uint32_t k, size_t i);

/* The rank shown for the strength at `rank` of output group o: tied
 * strengths share the rank of the first of them. */
uint32_t report_shown_rank(const score_rows *v, size_t o, uint32_t rank);

/* "first", ..., "tenth", then "11th". */
const char *report_ordinal(uint32_t n, char *buf, size_t size);

/* ---- Written comments, "What raters wrote" (output_report.c) ------------ */

struct comment_block;
struct comment_group;

/* Gathers, once, the written comments every renderer shows
 * (score_comments.h); 0, or -1 when out of memory. */
int report_comments_gather(assess_report *rep);
void report_comments_free(assess_report *rep);

/* Whether the report has the section: the instrument has questions. */
int report_comments_section(const assess_report *rep);

/* The comments of a subject at the wave the profile shows: its shown
 * groups (by question, the pool last) and what each question withholds. */
const struct comment_block *report_comments(const assess_report *rep,
                                            const report_subject *subj);

/* Shown group k of cb: NULL past its end. */
const struct comment_group *report_comment_group(const assess_report *rep,
                                                 const struct comment_block *cb,
                                                 size_t k);

/* The heading of a shown group of comments: the group's label, or for
 * the pool "Other raters together (Peers, Direct reports)", into buf. */
const char *report_comment_label(const assess_report *rep,
                                 const struct comment_group *g, char *buf,
                                 size_t size);

/* What question q of cb withholds, in words, into buf ("Not shown: fewer
 * than 3 Peers wrote an answer."); 0 when nothing is withheld.  Groups
 * are named with their comment minimum, never with a count. */
size_t report_comment_withheld(const assess_report *rep,
                               const struct comment_block *cb, uint32_t q,
                               char *buf, size_t size);

/* report_num() and report_waves() into a buffer. */
void report_num_str(char *buf, size_t size, double x, int sign);
void report_waves_str(char *buf, size_t size, const char *label);

#endif
