/*
 * output_report_trend.c - coaching outcomes over time in the report: the
 * waves a trend chart draws, the rows it reads, and the return on
 * investment's rows and benefits (output_report_trend.h).  Nothing is
 * computed from responses: the values are the change and roi tables'.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base_strtab.h"
#include "input_instrument.h"
#include "stats.h"
#include "output_report_trend.h"

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

int report_trend(const assess_report *rep)
{
    return rep->trend;
}

size_t report_trend_count(const assess_report *rep)
{
    return rep->s->resp->waves.count;
}

const char *report_trend_wave(const assess_report *rep, size_t w)
{
    assert(w < report_trend_count(rep));
    return strtab_str(&rep->s->resp->waves, (uint32_t)w);
}

const char *report_trend_pair(const assess_report *rep, size_t a, size_t b,
                              char *buf, size_t size)
{
    snprintf(buf, size, "%s->%s", report_trend_wave(rep, a),
             report_trend_wave(rep, b));
    return buf;
}

const table_row *report_trend_row(const report_subject *subj,
                                  const char *scale, const char *group,
                                  const char *wave, const char *statistic)
{
    for (size_t i = 0; i < subj->n_change; i++) {
        const table_row *r = subj->change[i];
        if (same(r->scale, scale) && same(r->group, group) &&
            same(r->wave, wave) && strcmp(r->statistic, statistic) == 0)
            return r;
    }
    return NULL;
}

const table_row *report_trend_cohort_row(const assess_report *rep,
                                         const char *scale, const char *group,
                                         const char *wave,
                                         const char *statistic)
{
    const assess_table *t = rep->change;
    for (size_t i = 0; t && i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (!r->subject && same(r->scale, scale) && same(r->group, group) &&
            same(r->wave, wave) && strcmp(r->statistic, statistic) == 0)
            return r;
    }
    return NULL;
}

const table_row *report_cohort_wave_mean(const assess_report *rep, uint32_t k,
                                         size_t w, char *buf, size_t size)
{
    const assess_score *s = rep->s;
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));
    const char *id = s->inst->scales[k].id;
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    size_t K = report_trend_count(rep);
    char label[256];
    const table_row *m = report_trend_cohort_row(
        rep, id, others, report_trend_wave(rep, w), "wave_mean");

    if (!m || !m->has_value || !m->has_n || m->n < minimum) {
        snprintf(buf, size, "fewer than %u executives", minimum);
        return NULL;
    }
    report_trend_pair(rep, 0, K - 1, label, sizeof label);
    const table_row *md = report_trend_cohort_row(rep, id, others, label,
                                                  "mean_diff");
    if (md && md->has_value && md->has_n && md->n >= minimum &&
        m->n != md->n) {
        snprintf(buf, size, "over other executives than the change");
        return NULL;
    }
    if (size)
        buf[0] = '\0';
    return m;
}

int report_trend_rated(const assess_report *rep, const report_subject *subj,
                       uint32_t k, size_t o)
{
    const assess_score *s = rep->s;
    uint32_t g = s->groups_out[o];
    if (g == GROUP_ALL(s->inst))
        return 0;
    return report_trend_row(subj, s->inst->scales[k].id, score_group_id(s, g),
                            report_trend_wave(rep, 0), "wave_mean") != NULL;
}

int report_trend_line(const assess_report *rep, const report_subject *subj,
                      uint32_t k, size_t o, size_t *points)
{
    const assess_score *s = rep->s;
    const char *group = score_group_id(s, s->groups_out[o]);
    size_t n = 0;

    *points = 0;
    if (!report_trend_rated(rep, subj, k, o))
        return 0;
    for (size_t w = 0; w < report_trend_count(rep); w++) {
        const table_row *m = report_trend_row(subj, s->inst->scales[k].id,
                                              group, report_trend_wave(rep, w),
                                              "wave_mean");
        n += m && m->has_value;
    }
    *points = n;
    return n > 0;
}

const char *report_trend_raters_changed(const assess_report *rep,
                                        const report_subject *subj,
                                        const char *label)
{
    const char *others = score_group_id(rep->s, GROUP_OTHERS(rep->s->inst));
    for (size_t i = 0; i < subj->n_change; i++) {
        const table_row *d = subj->change[i];
        if (d->has_value && d->note && same(d->group, others) &&
            same(d->wave, label) &&
            (strcmp(d->statistic, "diff") == 0 ||
             strcmp(d->statistic, "hold_diff") == 0) &&
            strncmp(d->note, "raters changed", 14) == 0)
            return d->note;
    }
    return NULL;
}

size_t report_trend_counts(const char *note, char *buf, size_t size)
{
    /* "raters changed: 2 left, 1 joined; the change may come from ..." */
    const char *counts = note ? strstr(note, ": ") : NULL;
    size_t len = counts ? strcspn(counts + 2, ";") : 0;

    if (size)
        buf[0] = '\0';
    if (!len || !size)
        return 0;
    snprintf(buf, size, "%.*s", (int)len, counts + 2);
    return strlen(buf);
}

int report_trend_marker(size_t line)
{
    return (int)(line % 4);
}

const char *report_hold_words(const char *note)
{
    if (!note)
        return "";
    if (strcmp(note, "improved_further") == 0)
        return "improved further";
    if (strcmp(note, "fell_back") == 0)
        return "fell back";
    return note; /* "held" */
}

/* Others' reliable changes from the baseline to the last wave, for the
 * index; and whether the table is a trend's. */
void report_trend_init(assess_report *rep)
{
    const assess_score *s = rep->s;
    size_t K = report_trend_count(rep);
    char label[256];

    rep->trend = 0;
    if (!rep->change || K < 3)
        return;
    for (size_t i = 0; i < rep->change->n_rows && !rep->trend; i++)
        rep->trend = strcmp(rep->change->rows[i].statistic, "wave_mean") == 0;
    if (!rep->trend)
        return;
    report_trend_pair(rep, 0, K - 1, label, sizeof label);
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));
    for (size_t i = 0; i < rep->n_subjects; i++) {
        report_subject *subj = &rep->subjects[i];
        subj->improved = subj->deteriorated = 0;
        subj->has_change = 0;
        for (uint32_t k = 0; k < s->inst->n_scales; k++) {
            const char *id = s->inst->scales[k].id;
            const table_row *rci = report_trend_row(subj, id, others, label,
                                                    "rci");
            const table_row *diff = report_trend_row(subj, id, others, label,
                                                     "diff");
            if (rci && rci->has_value && rci->note) {
                subj->improved += strcmp(rci->note, "improved") == 0;
                subj->deteriorated += strcmp(rci->note, "deteriorated") == 0;
            }
            subj->has_change |= diff && diff->has_value;
        }
    }
}

/* ---- Return on investment ------------------------------------------------ */

int report_roi(const assess_report *rep)
{
    return rep->opts.roi != NULL;
}

const table_row *report_roi_row(const assess_report *rep, const char *subject,
                                const char *statistic)
{
    const assess_table *t = rep->opts.roi;
    for (size_t i = 0; t && i < t->n_rows; i++) {
        const table_row *r = &t->rows[i];
        if (same(r->subject, subject) && strcmp(r->statistic, statistic) == 0)
            return r;
    }
    return NULL;
}

const benefit_row *report_roi_benefits(const assess_report *rep,
                                       const char *subject, size_t *n)
{
    const assess_benefits *b = rep->opts.benefits;
    size_t first = 0;

    *n = 0;
    if (!b || !subject)
        return NULL;
    while (first < b->n && strcmp(b->rows[first].subject, subject) != 0)
        first++;
    while (first + *n < b->n &&
           strcmp(b->rows[first + *n].subject, subject) == 0)
        (*n)++;
    return *n ? &b->rows[first] : NULL;
}

double report_roi_adjusted(const benefit_row *b, int *has)
{
    roi_result r;
    stat_roi(&b->annual_value, &b->attribution, &b->confidence, 1, 0, &r);
    *has = r.used == 1;
    return *has ? r.adjusted_benefits.value : 0;
}

int report_roi_cohort(const assess_report *rep, char *buf, size_t size)
{
    const assess_table *t = rep->opts.roi;
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    size_t costed = 0, estimated = 0;

    for (size_t i = 0; t && i < t->n_rows; i++) {
        const table_row *row = &t->rows[i];
        if (!row->subject)
            continue;
        costed += strcmp(row->statistic, "cost") == 0;
        /* the executives whose benefits enter the programme's: with one
         * alone's (the others' rows having a cost and no estimate), its
         * benefits would be that executive's */
        estimated += strcmp(row->statistic, "adjusted_benefits") == 0 &&
                     row->has_n && row->n >= 1;
    }
    if (estimated < minimum) {
        snprintf(buf, size, "Not shown: benefits estimated for fewer than %u "
                            "executives.", minimum);
        return 0;
    }
    if (estimated == costed)
        snprintf(buf, size, "The programme as a whole, over %zu executives.",
                 costed);
    else
        snprintf(buf, size, "The programme as a whole: the costs of %zu "
                            "executives, the benefits estimated for %zu of "
                            "them.", costed, estimated);
    return 1;
}

void report_money_str(char *buf, size_t size, double x)
{
    char digits[64];
    size_t n, at = 0, lead;
    double r = round(x);

    if (r == 0)
        r = 0; /* no "-0" */
    snprintf(digits, sizeof digits, "%.0f", fabs(r));
    n = strlen(digits);
    lead = n % 3 ? n % 3 : 3;
    if (r < 0 && at + 1 < size)
        buf[at++] = '-';
    for (size_t i = 0; i < n && at + 2 < size; i++) {
        if (i && (i - lead) % 3 == 0 && i >= lead)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    if (size)
        buf[at < size ? at : size - 1] = '\0';
}
