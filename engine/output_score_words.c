/*
 * output_score_words.c - what the score writers share: a document's writing
 * begun, why a value is absent, the names of gap flags, and the
 * highlights and ranks in order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base_format.h"
#include "score.h"

struct out_buf *score_out_open(score_rows *v, const assess_score *s,
                               FILE *out)
{
    out_buf *b;
    if (score_rows_init(v, s) < 0)
        return NULL;
    b = out_open(out);
    if (!b)
        score_rows_free(v);
    else
        b->digits = s->opts.digits;
    return b;
}

static void say(char *buf, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Appends a reason to buf, "; "-separated; what does not fit is cut. */
static void say(char *buf, const char *fmt, ...)
{
    size_t o = strlen(buf);
    va_list ap;
    if (o && o + 2 < REASON_SIZE) {
        memcpy(buf + o, "; ", 3);
        o += 2;
    }
    va_start(ap, fmt);
    vsnprintf(buf + o, REASON_SIZE - o, fmt, ap);
    va_end(ap);
}

char *score_reasons(const assess_score *s, const stat_row *row, unsigned bits,
                    char buf[REASON_SIZE])
{
    buf[0] = '\0';
    if (bits & WHY_SUPPRESSED)
        say(buf, "suppressed: fewer raters than the anonymity minimum of %u",
            row ? row->minimum : 0);
    if (bits & WHY_NO_RATERS)
        say(buf, "no raters in this group");
    if (bits & WHY_NO_SCORES)
        say(buf, "no rater answered enough items");
    if (bits & WHY_ONE_RATER)
        say(buf, "sd needs two raters");
    if (bits & WHY_NO_NORM)
        say(buf, "no norm for this scale");
    if (bits & WHY_FEW_COHORT)
        say(buf, "cohort norm group smaller than %u", s->opts.cohort_minimum);
    if (bits & WHY_COHORT_SD0)
        say(buf, "cohort norm group has no spread");
    if (bits & WHY_NO_SELF)
        say(buf, "gap: no self score");
    if (bits & WHY_NO_OTHERS)
        say(buf, "gap: no others score");
    if (bits & WHY_FEW_ITEMS)
        say(buf, "fewer items answered than min-answered");
    if (bits & WHY_FEW_PARTS)
        say(buf, "fewer parts scored than min-answered");
    if (bits & WHY_SUM_INCOMPLETE)
        say(buf, "sum scoring needs every item answered");
    if ((bits & WHY_LEFT_OUT) && row) {
        say(buf, "leaves out withheld groups:");
        for (size_t g = 0; g < s->inst->n_groups && g < 64; g++)
            if (row->left_out >> g & 1) {
                size_t o = strlen(buf);
                snprintf(buf + o, REASON_SIZE - o, " %s",
                         s->inst->groups[g].id);
            }
    }
    return buf;
}

uint32_t score_highlight(const score_rows *v, uint32_t k, int lowest,
                         const stat_row **row)
{
    if (k == 0 || !v->item)
        return UINT32_MAX;
    for (uint32_t i = 0; i < v->s->inst->n_items; i++) {
        const stat_row *rows = score_item_rows(v, i);
        for (size_t o = 0; o < v->s->n_groups_out; o++)
            if ((lowest ? rows[o].lowlight : rows[o].highlight) == k) {
                *row = &rows[o];
                return i;
            }
    }
    return UINT32_MAX;
}

uint32_t score_ranked(const score_rows *v, size_t o, uint32_t rank)
{
    if (rank == 0)
        return UINT32_MAX;
    for (uint32_t k = 0; k < v->s->inst->n_scales; k++)
        if (score_scale_rows(v, k)[o].rank == rank)
            return k;
    return UINT32_MAX;
}

const char *score_gap_flag(gap_flag flag)
{
    switch (flag) {
    case GAP_BLIND_SPOT:      return "blind_spot";
    case GAP_HIDDEN_STRENGTH: return "hidden_strength";
    case GAP_NONE:            break;
    }
    return "none";
}
