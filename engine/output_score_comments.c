/*
 * output_score_comments.c - the written comments a protected output may
 * show, as CSV: subject_id,wave,question,group,text (score --comments).
 * What is shown was decided by score_comments.c; this file only writes
 * it.  `group` is the instrument group's id, or "others" for the pool of
 * groups with too few writers to be shown on their own.  No rater id.
 */
#include <string.h>

#include "assess.h"
#include "base_error.h"
#include "base_format.h"
#include "score_comments.h"

assess_status assess_score_write_comments(const assess_score *s,
                                          const char *subject, FILE *out,
                                          assess_error *err)
{
    const assess_responses *r = s->resp;
    const assess_instrument *inst = s->inst;
    score_comments c;
    out_buf *buf;
    int found = 0;

    if (score_comments_init(&c, s) < 0)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    buf = out_open(out);
    if (!buf) {
        score_comments_release(&c);
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    }
    out_str(buf, "subject_id,wave,question,group,text\n");
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        const score_block *b = &s->blocks[bi];
        const comment_block *cb = &c.blocks[bi];
        const char *id = strtab_str(&r->subjects, b->subject);
        if (subject && strcmp(id, subject) != 0)
            continue;
        found = 1;
        for (size_t k = cb->first; k < cb->first + cb->n; k++) {
            const comment_group *g = &c.groups[k];
            const char *group = g->group < inst->n_groups
                                    ? inst->groups[g->group].id : "others";
            for (size_t t = 0; t < g->n; t++) {
                out_csv_field(buf, id);
                out_char(buf, ',');
                out_csv_field(buf, strtab_str(&r->waves, b->wave));
                out_char(buf, ',');
                out_csv_field(buf, inst->questions[g->question].id);
                out_char(buf, ',');
                out_csv_field(buf, group);
                out_char(buf, ',');
                out_csv_field(buf, g->text[t]->text);
                out_char(buf, '\n');
            }
        }
    }
    score_comments_release(&c);
    if (subject && !found) {
        out_close(buf, err);
        return error_set(err, ASSESS_EUSAGE, NULL, 0,
                         "subject '%s' is not in the data", subject);
    }
    return out_close(buf, err);
}
