/*
 * analysis_roi.c - the return on investment of a coaching programme by the
 * Phillips ROI methodology (Phillips 2003; Phillips & Phillips 2005,
 * "Measuring ROI in executive coaching"): per subject and for the
 * programme, the fully loaded cost, the benefits adjusted for the share
 * due to coaching and the estimator's confidence, net benefits, ROI % and
 * the benefit-cost ratio (stat_roi(), stats_repeated.c).
 *
 * Subjects are those named in either file, in the order of their ids.
 * The programme's costs (rows without a subject) are spread evenly over
 * them, so that the subjects' costs add up to the programme's.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base_error.h"
#include "input_costs.h"
#include "stats.h"
#include "analysis_table.h"

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rows of one subject (subject NULL: the programme). */
static void roi_rows(assess_table *t, const char *subject, const double *v,
                     const double *a, const double *c, size_t n, double cost,
                     const char *cost_note)
{
    table_keys keys = { subject, NULL, NULL, NULL, NULL };
    roi_result r;
    table_row *row;

    stat_roi(v, a, c, n, cost, &r);
    row = table_add_est(t, &keys, "cost", &r.cost, -1);
    if (row && cost_note)
        row->note = cost_note;
    table_add_est(t, &keys, "adjusted_benefits", &r.adjusted_benefits,
                  (double)r.used);
    table_add_est(t, &keys, "net_benefits", &r.net_benefits, (double)r.used);
    table_add_est(t, &keys, "roi_percent", &r.roi_percent, (double)r.used);
    table_add_est(t, &keys, "bcr", &r.bcr, (double)r.used);
    table_add_value(t, &keys, "n_benefits_left_out", 1, (double)r.left_out,
                    r.left_out ? "no estimate: an empty annual_value, "
                                 "attribution or confidence" : NULL);
}

assess_table *assess_roi_compute(const assess_costs *costs,
                                 const assess_benefits *benefits,
                                 assess_error *err)
{
    assess_table *t = NULL;
    const char **subjects = NULL;
    double *v = NULL, *a = NULL, *c = NULL, *own = NULL;
    size_t n_ids = 0, n_subjects = 0, nb = benefits ? benefits->n : 0;
    long double programme = 0, total = 0;

    assert(costs);
    t = table_new("roi", NULL, NULL);
    subjects = malloc((costs->n + nb + 1) * sizeof *subjects);
    v = malloc((nb + 1) * sizeof *v);
    a = malloc((nb + 1) * sizeof *a);
    c = malloc((nb + 1) * sizeof *c);
    if (!t || !subjects || !v || !a || !c)
        goto oom;
    for (size_t i = 0; i < costs->n; i++) {
        total += costs->rows[i].cost;
        if (costs->rows[i].subject)
            subjects[n_ids++] = costs->rows[i].subject;
        else
            programme += costs->rows[i].cost;
    }
    for (size_t i = 0; i < nb; i++)
        subjects[n_ids++] = benefits->rows[i].subject;
    qsort(subjects, n_ids, sizeof *subjects, by_str);
    for (size_t i = 0; i < n_ids; i++)
        if (n_subjects == 0 || strcmp(subjects[n_subjects - 1], subjects[i]))
            subjects[n_subjects++] = subjects[i];
    own = calloc(n_subjects + 1, sizeof *own);
    if (!own)
        goto oom;
    for (size_t i = 0; i < costs->n; i++) {
        if (!costs->rows[i].subject)
            continue;
        const char **at = bsearch(&costs->rows[i].subject, subjects,
                                  n_subjects, sizeof *subjects, by_str);
        own[at - subjects] += costs->rows[i].cost;
    }
    double share = n_subjects ? (double)(programme / n_subjects) : 0;
    const char *share_note =
        programme > 0 && n_subjects
            ? table_note(t, "with a 1/%zu share of the programme's costs "
                            "(%.15g)", n_subjects, share)
            : NULL;

    /* Each subject (benefits are sorted by subject, like `subjects`). */
    size_t bi = 0;
    for (size_t s = 0; s < n_subjects; s++) {
        size_t n = 0;
        while (bi < nb && strcmp(benefits->rows[bi].subject, subjects[s]) < 0)
            bi++;
        for (; bi < nb && strcmp(benefits->rows[bi].subject, subjects[s]) == 0;
             bi++, n++) {
            v[n] = benefits->rows[bi].annual_value;
            a[n] = benefits->rows[bi].attribution;
            c[n] = benefits->rows[bi].confidence;
        }
        roi_rows(t, subjects[s], v, a, c, n, own[s] + share, share_note);
    }
    /* The programme: every benefit against every cost. */
    for (size_t i = 0; i < nb; i++) {
        v[i] = benefits->rows[i].annual_value;
        a[i] = benefits->rows[i].attribution;
        c[i] = benefits->rows[i].confidence;
    }
    roi_rows(t, NULL, v, a, c, nb, (double)total,
             programme > 0 ? table_note(t, "the programme's own costs "
                                           "(%.15g) included",
                                        (double)programme)
                           : NULL);
    if (t->failed)
        goto oom;
out:
    free(subjects);
    free(v);
    free(a);
    free(c);
    free(own);
    return t;
oom:
    assess_table_free(t);
    t = NULL;
    error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    goto out;
}
