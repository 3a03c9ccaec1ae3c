/*
 * output_report.c - gathers each executive's report: the subject's score
 * blocks, agree and change rows, the cue others' agreement gives, the counts
 * the index shows and a safe, unique file name; and what every renderer
 * shows, decided once.  Writing is output_report_html.c's and
 * output_report_pdf.c's.
 */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "base_strtab.h"
#include "input_instrument.h"
#include "output_report.h"
#include "output_report_trend.h"
#include "score_comments.h"

#define FILE_ID_MAX 96 /* bytes of the id kept in a file name */

void assess_report_options_init(assess_report_options *opts)
{
    memset(opts, 0, sizeof *opts);
    /* LeBreton & Senter (2008), Table 4: .71 to .90 is strong agreement;
     * .70 is the cut-off in common use since James, Demaree & Wolf (1984). */
    opts->agree_cutoff = 0.70;
    opts->cohort_minimum = 5;
}

const char *report_norm_source(const assess_report *rep, uint32_t k,
                               uint32_t group, char *buf, size_t size)
{
    const assess_score *s = rep->s;
    if (s->norms_used == ASSESS_NORMS_COHORT) {
        snprintf(buf, size, "the executives of this cohort at the same wave");
        return buf;
    }
    if (s->norms_used != ASSESS_NORMS_INSTRUMENT)
        return NULL;
    const inst_norm *nm = score_norm(s->inst, k, group);
    if (!nm)
        return NULL;
    if (nm->n)
        snprintf(buf, size, "%s (n = %lu)",
                 nm->source ? nm->source : "the instrument's norm group",
                 nm->n);
    else
        snprintf(buf, size, "%s",
                 nm->source ? nm->source : "the instrument's norm group");
    return buf;
}

int report_item_reverse(const assess_report *rep, uint32_t i)
{
    return rep->s->inst->items[i].reverse;
}

const table_row *report_row(const table_row *const *rows, size_t n,
                            const char *scale, const char *group,
                            const char *statistic)
{
    for (size_t i = 0; i < n; i++) {
        const table_row *r = rows[i];
        if ((r->scale == scale ||
             (r->scale && scale && strcmp(r->scale, scale) == 0)) &&
            (r->group == group ||
             (r->group && group && strcmp(r->group, group) == 0)) &&
            strcmp(r->statistic, statistic) == 0)
            return r;
    }
    return NULL;
}

const char *report_group_label(const assess_score *s, uint32_t group)
{
    if (group == GROUP_OTHERS(s->inst))
        return "All others";
    if (group == GROUP_ALL(s->inst))
        return "All raters";
    return s->inst->groups[group].label;
}

int report_range_shown(const assess_score *s, const stat_row *rows, size_t o)
{
    const stat_row *row = &rows[o];
    uint32_t agg = row->group;

    if (row->suppressed || !row->has_mean || row->n < REPORT_RANGE_MIN ||
        row->n < row->minimum || !(row->max > row->min))
        return 0;
    if (agg < s->inst->n_groups)
        return 1;
    /* An aggregate: its lowest or highest rating must not narrow down to
     * a shown group of two (a group of one shows its rating anyway). */
    for (size_t q = 0; q < s->n_groups_out; q++) {
        uint32_t g = s->groups_out[q];
        if (g >= s->inst->n_groups || rows[q].suppressed ||
            !score_pooled(s->inst, g, agg, row->left_out))
            continue;
        if (rows[q].n > 1 && rows[q].n < REPORT_RANGE_MIN)
            return 0;
    }
    return 1;
}

void report_scale_axis(const assess_score *s, uint32_t k, double *lo,
                       double *hi)
{
    const assess_instrument *inst = s->inst;
    const inst_scale *sc = &inst->scales[k];
    size_t n = 0;
    uint32_t rs = UINT32_MAX;
    uint32_t *items = instrument_scale_items(inst, k, &n, &rs);

    free(items);
    *lo = 0;
    *hi = 1;
    if (rs == UINT32_MAX || n == 0)
        return;
    *lo = inst->response_scales[rs].min;
    *hi = inst->response_scales[rs].max;
    if (sc->scoring == SCORING_SUM && !sc->n_parts) {
        *lo *= (double)sc->n_items;
        *hi *= (double)sc->n_items;
    }
}

/* ---- File names ---------------------------------------------------------- */

/* subj's file name: the id made safe, unique among `used` (lower case). */
static const char *file_name(assess_report *rep, strtab *used, const char *id)
{
    char base[FILE_ID_MAX + 1], lower[FILE_ID_MAX + 32], name[FILE_ID_MAX + 32];
    size_t n = 0;

    for (const char *p = id; *p && n < FILE_ID_MAX; p++) {
        unsigned char c = (unsigned char)*p;
        int keep = (c < 128 && isalnum(c)) || c == '-' || c == '_' ||
                   (c == '.' && n > 0);
        base[n++] = keep ? (char)c : '_';
    }
    if (n == 0)
        base[n++] = '_';
    base[n] = '\0';
    for (unsigned k = 1;; k++) {
        int added = 0;
        if (k == 1)
            snprintf(name, sizeof name, "%s.html", base);
        else
            snprintf(name, sizeof name, "%s-%u.html", base, k);
        size_t len = strlen(name);
        for (size_t i = 0; i <= len; i++)
            lower[i] = (char)tolower((unsigned char)name[i]);
        if (strtab_intern(used, lower, len, &added) == STRTAB_NONE)
            return NULL;
        if (added)
            return arena_strdup(&rep->arena, name);
    }
}

/* The PDF's name beside an HTML report's: unique as that one is, since
 * only the ".html" all names end in changes. */
static const char *pdf_name(assess_report *rep, const char *html)
{
    size_t n = strlen(html) - 5;
    char *name = arena_alloc(&rep->arena, n + 5);
    if (!name)
        return NULL;
    memcpy(name, html, n);
    memcpy(name + n, ".pdf", 5);
    return name;
}

/* ---- Gathering ----------------------------------------------------------- */

/*
 * Sorts the subject rows of table t by subject (a counting sort over the
 * response table's subject index), pointing each report at its own.
 * Returns the next free place in rep->rows.
 */
static const table_row **bucket(assess_report *rep, const assess_table *t,
                                const table_row **at, const size_t *subject_of,
                                int change)
{
    const strtab *subjects = &rep->s->resp->subjects;
    size_t ns = subjects->count;
    size_t *count = calloc(ns + 1, sizeof *count);
    uint32_t *of_row = malloc((t->n_rows + 1) * sizeof *of_row);
    if (!count || !of_row) {
        free(count);
        free(of_row);
        return NULL;
    }
    /* Each row's subject, looked up once. */
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *id = t->rows[i].subject;
        uint32_t si = id ? strtab_find(subjects, id, strlen(id)) : STRTAB_NONE;
        of_row[i] = si;
        if (si != STRTAB_NONE)
            count[si]++;
    }
    for (size_t si = 0; si < ns; si++) {
        size_t r = subject_of[si];
        if (r == SIZE_MAX)
            continue;
        report_subject *subj = &rep->subjects[r];
        if (change)
            subj->change = at;
        else
            subj->agree = at;
        at += count[si];
        count[si] = 0;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        uint32_t si = of_row[i];
        if (si == STRTAB_NONE || subject_of[si] == SIZE_MAX)
            continue;
        report_subject *subj = &rep->subjects[subject_of[si]];
        if (change)
            subj->change[subj->n_change++] = &t->rows[i];
        else
            subj->agree[subj->n_agree++] = &t->rows[i];
    }
    free(count);
    free(of_row);
    return at;
}

/*
 * The points of scale k's response scale and the mean deviation of
 * answers spread evenly over them (random responding); 0 when its items
 * use different response scales or it has no whole points.
 */
static unsigned scale_points(const assess_score *s, uint32_t k, double *null_ad)
{
    size_t n = 0;
    uint32_t rs = UINT32_MAX;
    uint32_t *items = instrument_scale_items(s->inst, k, &n, &rs);
    free(items);
    if (rs == UINT32_MAX)
        return 0;
    unsigned c = instrument_whole_points(&s->inst->response_scales[rs]);
    if (c == 0 || c > 101) /* a cue for rating scales, not fine ones */
        return 0;
    double mid = (c + 1) / 2.0, sum = 0;
    for (unsigned i = 1; i <= c; i++)
        sum += fabs(i - mid);
    *null_ad = sum / c;
    return c;
}

/* Others' agreement on each scale at the shown wave, as a cue. */
static void cues(assess_report *rep, report_subject *subj)
{
    const assess_score *s = rep->s;
    const char *wave = strtab_str(&s->resp->waves, subj->shown->wave);
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));

    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const char *scale = s->inst->scales[k].id;
        const table_row *r = NULL;
        double null_ad = 0;
        unsigned c;
        subj->cue[k] = CUE_NONE;
        subj->cue_why[k] = "agreement was not computed";
        for (size_t i = 0; i < subj->n_agree && !r; i++) {
            const table_row *a = subj->agree[i];
            if (strcmp(a->wave, wave) == 0 && a->group &&
                strcmp(a->group, others) == 0 && a->scale &&
                strcmp(a->scale, scale) == 0 && !a->item &&
                strcmp(a->statistic, "ad_m") == 0)
                r = a;
        }
        if (!r)
            continue;
        if (!r->has_value || !isfinite(r->value)) {
            subj->cue_why[k] = r->note ? r->note : "no ad_m";
            continue;
        }
        if (!(c = scale_points(s, k, &null_ad))) {
            subj->cue_why[k] = "the items do not share a scale of whole points";
            continue;
        }
        subj->cue_ad[k] = r->value;
        /* Burke & Dunlap (2002): ad_m at most c/6 is practical agreement. */
        subj->cue[k] = r->value <= c / 6.0 + 1e-12 ? CUE_AGREE
                       : r->value >= null_ad - 1e-12 ? CUE_DISAGREE
                                                     : CUE_MIXED;
        subj->cue_why[k] = NULL;
    }
}

/* The output group the development page ranks scales by: others where
 * there is a self to set apart, else the first group. */
static size_t dev_group(const assess_score *s)
{
    for (size_t o = 0; o < s->n_groups_out; o++)
        if (s->groups_out[o] == GROUP_OTHERS(s->inst))
            return o;
    return 0;
}

typedef struct ranked_scale {
    uint32_t k;
    double mean;
} ranked_scale;

static int by_mean_desc(const void *a, const void *b)
{
    const ranked_scale *x = a, *y = b;
    if (x->mean != y->mean)
        return x->mean < y->mean ? 1 : -1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The development page's scales, the strengths tie at the cut, the
 * rater-change caveat and the cohort's numbers, from the shown wave's
 * rows v. */
static int develop(assess_report *rep, report_subject *subj,
                   const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    size_t ngo = s->n_groups_out, o = dev_group(s), n = 0;
    ranked_scale *r = malloc((inst->n_scales + 1) * sizeof *r);
    if (!r)
        return -1;
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *row = &score_scale_rows(v, k)[o];
        if (inst->scales[k].n_parts || !row->has_mean || row->suppressed)
            continue;
        r[n].k = k;
        r[n++].mean = inst->scales[k].lower_is_better ? -row->mean : row->mean;
    }
    qsort(r, n, sizeof *r, by_mean_desc);
    subj->n_dev = n / 2 < REPORT_DEV_SCALES ? n / 2 : REPORT_DEV_SCALES;
    for (size_t i = 0; i < subj->n_dev; i++) {
        subj->dev_top[i] = r[i].k;
        subj->dev_bottom[i] = r[n - 1 - i].k;
    }
    free(r);

    /* Who rated changed: the first note of others' change that says so. */
    const char *others = score_group_id(s, GROUP_OTHERS(inst));
    for (size_t i = 0; i < subj->n_change && !subj->raters_changed; i++) {
        const table_row *d = subj->change[i];
        if (d->has_value && d->group && strcmp(d->group, others) == 0 &&
            strcmp(d->statistic, "diff") == 0 && d->note)
            subj->raters_changed = d->note;
    }

    /* Strengths: does the tie at the last signature place reach past it? */
    if (inst->kind == ASSESS_KIND_STRENGTHS && s->opts.top > 0) {
        uint32_t cut = score_ranked(v, 0, s->opts.top);
        const stat_row *at = cut == UINT32_MAX ? NULL
                                               : &score_scale_rows(v, cut)[0];
        int past = 0;
        size_t m = 0;
        if (at && at->tie) {
            subj->tied = arena_alloc(&rep->arena,
                                     inst->n_scales * sizeof *subj->tied);
            if (!subj->tied)
                return -1;
            subj->tied_rank = UINT32_MAX;
            for (uint32_t k = 0; k < inst->n_scales; k++) {
                const stat_row *row = &score_scale_rows(v, k)[0];
                if (!row->rank || !row->has_mean || row->mean != at->mean)
                    continue;
                subj->tied[m++] = k;
                past |= row->rank > s->opts.top;
                if (row->rank < subj->tied_rank)
                    subj->tied_rank = row->rank;
            }
            subj->n_tied = past ? m : 0;
        }
    }

    /* The cohort: others' shown mean per scale, each group's shown mean. */
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t g = 0; g < ngo; g++) {
            if (!rows[g].has_mean || rows[g].suppressed)
                continue;
            rep->group_sum[k * ngo + g] += rows[g].mean;
            rep->group_n[k * ngo + g]++;
            if (g == o)
                rep->cohort_means[k * rep->n_subjects + rep->cohort_n[k]++] =
                    rows[g].mean;
        }
    }
    return 0;
}

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* What the index says of the subject: gaps at the shown wave (v: its
 * rows), others' reliable changes. */
static void summary(assess_report *rep, report_subject *subj,
                    const score_rows *v)
{
    const assess_score *s = rep->s;
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));

    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (!rows[o].has_gap)
                continue;
            subj->blind_spots += rows[o].flag == GAP_BLIND_SPOT;
            subj->hidden_strengths += rows[o].flag == GAP_HIDDEN_STRENGTH;
        }
        const table_row *rci = report_row(subj->change, subj->n_change,
                                          s->inst->scales[k].id, others, "rci");
        if (rci && rci->has_value && rci->note) {
            subj->improved += strcmp(rci->note, "improved") == 0;
            subj->deteriorated += strcmp(rci->note, "deteriorated") == 0;
        }
        const table_row *diff = report_row(subj->change, subj->n_change,
                                           s->inst->scales[k].id, others,
                                           "diff");
        if (diff && diff->has_value)
            subj->has_change = 1;
    }
    subj->gas = report_row(subj->change, subj->n_change, NULL, NULL, "gas_t");
}

assess_report *assess_report_new(const assess_score *score,
                                 const assess_table *agree,
                                 const assess_table *change,
                                 const assess_report_options *opts,
                                 assess_error *err)
{
    assess_report *rep = calloc(1, sizeof *rep);
    size_t *subject_of = NULL;
    strtab used;
    arena scratch;
    const table_row **at;
    score_rows shown = { 0 };
    size_t n_scales = score->inst->n_scales, ns = score->resp->subjects.count;

    arena_init(&scratch);
    strtab_init(&used, &scratch);
    if (!rep)
        goto oom;
    arena_init(&rep->arena);
    rep->s = score;
    rep->agree = agree;
    rep->change = change;
    if (opts)
        rep->opts = *opts;
    else
        assess_report_options_init(&rep->opts);

    /* A subject's blocks are consecutive: sets are sorted by subject. */
    for (size_t b = 0; b < score->n_blocks; b++)
        if (b == 0 || score->blocks[b].subject != score->blocks[b - 1].subject)
            rep->n_subjects++;
    rep->subjects = calloc(rep->n_subjects ? rep->n_subjects : 1,
                           sizeof *rep->subjects);
    rep->rows = malloc(((agree ? agree->n_rows : 0) +
                        (change ? change->n_rows : 0) + 1) * sizeof *rep->rows);
    rep->cues = malloc((rep->n_subjects * n_scales + 1) * sizeof *rep->cues);
    rep->cue_whys = malloc((rep->n_subjects * n_scales + 1) *
                           sizeof *rep->cue_whys);
    rep->cue_ads = calloc(rep->n_subjects * n_scales + 1, sizeof *rep->cue_ads);
    rep->cohort_means = malloc((rep->n_subjects * n_scales + 1) *
                               sizeof *rep->cohort_means);
    rep->cohort_n = calloc(n_scales + 1, sizeof *rep->cohort_n);
    rep->group_sum = calloc(n_scales * score->n_groups_out + 1,
                            sizeof *rep->group_sum);
    rep->group_n = calloc(n_scales * score->n_groups_out + 1,
                          sizeof *rep->group_n);
    subject_of = malloc((ns + 1) * sizeof *subject_of);
    if (!rep->subjects || !rep->rows || !rep->cues || !rep->cue_whys ||
        !rep->cue_ads || !rep->cohort_means || !rep->cohort_n ||
        !rep->group_sum || !rep->group_n || !subject_of)
        goto oom;
    for (size_t si = 0; si < ns; si++)
        subject_of[si] = SIZE_MAX;

    /* "index.html" is the index's, "cohort.html" the cohort report's. */
    if (strtab_intern(&used, "index.html", 10, NULL) == STRTAB_NONE ||
        strtab_intern(&used, "cohort.html", 11, NULL) == STRTAB_NONE)
        goto oom;
    size_t r = 0;
    for (size_t b = 0; b < score->n_blocks; b++) {
        const score_block *blk = &score->blocks[b];
        report_subject *subj;
        if (b > 0 && blk->subject == score->blocks[b - 1].subject) {
            subj = &rep->subjects[r - 1];
            subj->n_blocks++;
            subj->shown = blk;
            continue;
        }
        subj = &rep->subjects[r];
        subject_of[blk->subject] = r++;
        subj->id = strtab_str(&score->resp->subjects, blk->subject);
        subj->name = assess_subjects_get(rep->opts.subjects, subj->id,
                                         ASSESS_SUBJECT_NAME);
        if (!subj->name)
            subj->name = subj->id;
        subj->organisation = assess_subjects_get(rep->opts.subjects, subj->id,
                                                 ASSESS_SUBJECT_ORGANISATION);
        subj->role = assess_subjects_get(rep->opts.subjects, subj->id,
                                         ASSESS_SUBJECT_ROLE);
        subj->coach = assess_subjects_get(rep->opts.subjects, subj->id,
                                          ASSESS_SUBJECT_COACH);
        subj->first_block = b;
        subj->n_blocks = 1;
        subj->shown = blk;
        subj->cue = rep->cues + (r - 1) * n_scales;
        subj->cue_why = rep->cue_whys + (r - 1) * n_scales;
        subj->cue_ad = rep->cue_ads + (r - 1) * n_scales;
        if (!(subj->file = file_name(rep, &used, subj->id)) ||
            !(subj->pdf_file = pdf_name(rep, subj->file)))
            goto oom;
    }
    at = rep->rows;
    if (agree && !(at = bucket(rep, agree, at, subject_of, 0)))
        goto oom;
    if (change && !bucket(rep, change, at, subject_of, 1))
        goto oom;
    if (score_rows_init(&shown, score) < 0)
        goto oom;
    for (size_t i = 0; i < rep->n_subjects; i++) {
        cues(rep, &rep->subjects[i]);
        score_rows_compute(&shown, rep->subjects[i].shown);
        summary(rep, &rep->subjects[i], &shown);
        if (develop(rep, &rep->subjects[i], &shown) < 0) {
            score_rows_free(&shown);
            goto oom;
        }
    }
    score_rows_free(&shown);
    report_trend_init(rep);
    for (size_t k = 0; k < n_scales; k++)
        qsort(rep->cohort_means + k * rep->n_subjects, rep->cohort_n[k],
              sizeof *rep->cohort_means, ascending);
    if (report_comments_gather(rep) < 0)
        goto oom;
    free(subject_of);
    strtab_release(&used);
    arena_release(&scratch);
    return rep;
oom:
    free(subject_of);
    strtab_release(&used);
    arena_release(&scratch);
    assess_report_free(rep);
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    return NULL;
}

void assess_report_free(assess_report *rep)
{
    if (!rep)
        return;
    free(rep->subjects);
    free(rep->rows);
    free(rep->cues);
    free(rep->cue_whys);
    free(rep->cue_ads);
    free(rep->cohort_means);
    free(rep->cohort_n);
    free(rep->group_sum);
    free(rep->group_n);
    report_comments_free(rep);
    arena_release(&rep->arena);
    free(rep);
}

size_t assess_report_count(const assess_report *rep)
{
    return rep->n_subjects;
}

const char *assess_report_subject(const assess_report *rep, size_t i)
{
    return i < rep->n_subjects ? rep->subjects[i].id : NULL;
}

const char *assess_report_file(const assess_report *rep, size_t i)
{
    return i < rep->n_subjects ? rep->subjects[i].file : NULL;
}

const char *assess_report_pdf_file(const assess_report *rep, size_t i)
{
    return i < rep->n_subjects ? rep->subjects[i].pdf_file : NULL;
}

/* ---- What every renderer shows ------------------------------------------- */

int report_self_only(const assess_score *s)
{
    if (s->inst->kind == ASSESS_KIND_STRENGTHS)
        return 1;
    for (size_t o = 0; o < s->n_groups_out; o++)
        if (s->groups_out[o] == GROUP_OTHERS(s->inst))
            return 0;
    return 1;
}

const char *report_wave(const assess_score *s, const score_block *b)
{
    return strtab_str(&s->resp->waves, b->wave);
}

int report_row_drawn(const assess_score *s, const stat_row *row)
{
    if (row->group == GROUP_ALL(s->inst))
        return 0;
    return row->suppressed || !(row->reasons & WHY_NO_RATERS);
}

uint64_t report_left_out(const assess_score *s, const score_rows *v)
{
    uint64_t left_out = 0;
    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            left_out |= rows[o].left_out;
    }
    return left_out;
}

const char *report_norm_shown(const assess_report *rep, const score_rows *v,
                              uint32_t k, char *buf, size_t size)
{
    const assess_score *s = rep->s;
    const stat_row *rows = score_scale_rows(v, k);

    for (size_t o = 0; o < s->n_groups_out; o++) {
        if (!rows[o].has_norm)
            continue;
        const char *src = report_norm_source(rep, k, s->groups_out[o], buf,
                                             size);
        if (src)
            return src;
    }
    return NULL;
}

const stat_row *report_gap_row(const assess_score *s, const stat_row *rows)
{
    const stat_row *gap = NULL;
    for (size_t o = 0; o < s->n_groups_out; o++)
        if (rows[o].has_gap || rows[o].gap_reasons)
            gap = &rows[o];
    return gap;
}

double report_gap_reach(const assess_score *s, const score_rows *v)
{
    double reach = 2 * s->opts.gap_threshold;

    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            if (rows[o].has_gap && fabs(rows[o].gap) > reach)
                reach = fabs(rows[o].gap);
    }
    if (!(reach > 0))
        reach = 1;
    return ceil(reach * 2) / 2;
}

double report_axis_at(double v, double lo, double hi)
{
    if (!(hi > lo))
        return 0;
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return (v - lo) / (hi - lo);
}

int report_axis_ticks(double lo, double hi, int *whole)
{
    double span = hi - lo;
    *whole = span > 0 && span <= 10 && floor(lo) == lo && floor(hi) == hi;
    if (!(span > 0))
        return 0;
    return *whole ? (int)span : 4;
}

const char *report_rci_words(const char *note)
{
    if (!note)
        return "";
    if (strcmp(note, "no_reliable_change") == 0)
        return "no reliable change";
    return note; /* "improved", "deteriorated" */
}

size_t report_raters_changed_counts(const report_subject *subj, char *buf,
                                    size_t size)
{
    return report_trend_counts(subj->raters_changed, buf, size);
}

const table_row *report_cohort_row(const assess_report *rep, const char *scale,
                                   const char *group, const char *statistic)
{
    const assess_table *t = rep->change;
    for (size_t i = 0; t && i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (!r->subject && r->scale && strcmp(r->scale, scale) == 0 &&
            r->group && strcmp(r->group, group) == 0 &&
            strcmp(r->statistic, statistic) == 0)
            return r;
    }
    return NULL;
}

double report_cohort_mean(const assess_report *rep, uint32_t k, size_t *n)
{
    const double *m = rep->cohort_means + (size_t)k * rep->n_subjects;
    double sum = 0;
    *n = rep->cohort_n[k];
    for (size_t i = 0; i < *n; i++)
        sum += m[i];
    return *n ? sum / (double)*n : NAN;
}

double report_cohort_group_mean(const assess_report *rep, uint32_t k, size_t o,
                                size_t *n)
{
    size_t at = (size_t)k * rep->s->n_groups_out + o;
    *n = rep->group_n[at];
    return *n ? rep->group_sum[at] / (double)*n : NAN;
}

unsigned report_cohort_stack(const assess_report *rep, uint32_t k, size_t i)
{
    const double *m = rep->cohort_means + (size_t)k * rep->n_subjects;
    size_t same = 0;
    for (size_t j = i; j > 0 && m[j - 1] == m[i]; j--)
        same++;
    return (unsigned)(same % 4);
}

uint32_t report_shown_rank(const score_rows *v, size_t o, uint32_t rank)
{
    uint32_t k = score_ranked(v, o, rank);
    if (k == UINT32_MAX)
        return 0;
    const stat_row *row = &score_scale_rows(v, k)[o];
    while (rank > 1 && row->tie) {
        uint32_t before = score_ranked(v, o, rank - 1);
        if (before == UINT32_MAX)
            break;
        const stat_row *prev = &score_scale_rows(v, before)[o];
        if (prev->mean != row->mean)
            break;
        row = prev;
        rank--;
    }
    return row->rank;
}

const char *report_ordinal(uint32_t n, char *buf, size_t size)
{
    static const char *const words[] = { "", "first", "second", "third",
                                         "fourth", "fifth", "sixth",
                                         "seventh", "eighth", "ninth",
                                         "tenth" };
    if (n < sizeof words / sizeof *words)
        return words[n];
    snprintf(buf, size, "%uth", n);
    return buf;
}

/* ---- Written comments ----------------------------------------------------- */

int report_comments_gather(assess_report *rep)
{
    if (rep->s->inst->n_questions == 0)
        return 0;
    rep->comments = calloc(1, sizeof *rep->comments);
    if (!rep->comments || score_comments_init(rep->comments, rep->s) < 0) {
        free(rep->comments);
        rep->comments = NULL;
        return -1;
    }
    return 0;
}

void report_comments_free(assess_report *rep)
{
    score_comments_release(rep->comments);
    free(rep->comments);
    rep->comments = NULL;
}

int report_comments_section(const assess_report *rep)
{
    return rep->comments != NULL;
}

const comment_block *report_comments(const assess_report *rep,
                                     const report_subject *subj)
{
    if (!rep->comments || !subj->shown)
        return NULL;
    return &rep->comments->blocks[subj->shown - rep->s->blocks];
}

const comment_group *report_comment_group(const assess_report *rep,
                                          const comment_block *cb, size_t k)
{
    return cb && k < cb->n ? &rep->comments->groups[cb->first + k] : NULL;
}

/* Appends the labels of the instrument groups in mask, "A, B and C". */
static void group_labels(const assess_instrument *inst, uint64_t mask,
                         char *buf, size_t size, size_t *o)
{
    size_t n = 0, total = 0;

    for (size_t g = 0; g < inst->n_groups && g < 64; g++)
        total += mask >> g & 1;
    for (size_t g = 0; g < inst->n_groups && g < 64; g++) {
        if (!(mask >> g & 1))
            continue;
        n++;
        if (*o < size)
            *o += (size_t)snprintf(buf + *o, size - *o, "%s%s",
                                   n == 1 ? "" : n == total ? " and " : ", ",
                                   inst->groups[g].label);
    }
    if (*o >= size)
        *o = size - 1;
}

const char *report_comment_label(const assess_report *rep,
                                 const comment_group *g, char *buf,
                                 size_t size)
{
    const assess_instrument *inst = rep->s->inst;
    size_t o;

    assert(size > 0);
    if (g->group < inst->n_groups) {
        snprintf(buf, size, "%s", inst->groups[g->group].label);
        return buf;
    }
    o = (size_t)snprintf(buf, size, "Other raters together (");
    if (o >= size)
        o = size - 1;
    group_labels(inst, g->pooled, buf, size, &o);
    if (o + 1 < size) {
        buf[o++] = ')';
        buf[o] = '\0';
    }
    return buf;
}

size_t report_comment_withheld(const assess_report *rep,
                               const comment_block *cb, uint32_t q,
                               char *buf, size_t size)
{
    const assess_instrument *inst = rep->s->inst;
    uint64_t mask = cb ? cb->withheld[q] : 0;
    size_t o = 0, n = 0;

    assert(size > 0);
    buf[0] = '\0';
    if (!mask)
        return 0;
    o = (size_t)snprintf(buf, size, "Not shown:");
    for (size_t g = 0; g < inst->n_groups && g < 64 && o < size; g++) {
        if (!(mask >> g & 1))
            continue;
        o += (size_t)snprintf(buf + o, size - o,
                              "%s fewer than %u %s wrote an answer",
                              n++ ? ";" : "", inst->groups[g].comment_minimum,
                              inst->groups[g].label);
    }
    if (o < size)
        o += (size_t)snprintf(buf + o, size - o, ", too few to keep the "
                              "writers anonymous.");
    return o < size ? o : size - 1;
}
