/*
 * output_report.c - gathers each executive's report: the subject's score
 * blocks, agree and change rows, the cue others' agreement gives, the counts
 * the index shows and a safe, unique file name.  Writing is
 * output_report_html.c's.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "input_instrument.h"
#include "output_report.h"
#include "base_strtab.h"

#define FILE_ID_MAX 96 /* bytes of the id kept in a file name */

void assess_report_options_init(assess_report_options *opts)
{
    /* LeBreton & Senter (2008), Table 4: .71 to .90 is strong agreement;
     * .70 is the cut-off in common use since James, Demaree & Wolf (1984). */
    opts->agree_cutoff = 0.70;
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

/* Others' agreement on each scale at the shown wave, as a cue. */
static void cues(assess_report *rep, report_subject *subj)
{
    const assess_score *s = rep->s;
    const char *wave = strtab_str(&s->resp->waves, subj->shown->wave);
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));

    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const char *scale = s->inst->scales[k].id;
        const table_row *r = NULL;
        subj->cue[k] = CUE_NONE;
        subj->cue_why[k] = "agreement was not computed";
        for (size_t i = 0; i < subj->n_agree && !r; i++) {
            const table_row *a = subj->agree[i];
            if (strcmp(a->wave, wave) == 0 && a->group &&
                strcmp(a->group, others) == 0 && a->scale &&
                strcmp(a->scale, scale) == 0 &&
                (strcmp(a->statistic, "rwg_j") == 0 ||
                 strcmp(a->statistic, "rwg") == 0))
                r = a;
        }
        if (!r)
            continue;
        if (!r->has_value || !isfinite(r->value)) {
            subj->cue_why[k] = r->note ? r->note : "no rwg";
            continue;
        }
        subj->cue[k] = r->value >= rep->opts.agree_cutoff ? CUE_AGREE
                                                          : CUE_DISAGREE;
        subj->cue_why[k] = NULL;
    }
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
    subject_of = malloc((ns + 1) * sizeof *subject_of);
    if (!rep->subjects || !rep->rows || !rep->cues || !rep->cue_whys ||
        !subject_of)
        goto oom;
    for (size_t si = 0; si < ns; si++)
        subject_of[si] = SIZE_MAX;

    /* "index.html" is the index's. */
    if (strtab_intern(&used, "index.html", 10, NULL) == STRTAB_NONE)
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
        subj->first_block = b;
        subj->n_blocks = 1;
        subj->shown = blk;
        subj->cue = rep->cues + (r - 1) * n_scales;
        subj->cue_why = rep->cue_whys + (r - 1) * n_scales;
        if (!(subj->file = file_name(rep, &used, subj->id)))
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
    }
    score_rows_free(&shown);
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
