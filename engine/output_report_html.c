/*
 * output_report_html.c - the executive's report and the batch index as
 * self-contained HTML: inline CSS and SVG (its charts:
 * output_report_html_svg.c), no script, nothing fetched, so a report reads
 * offline and prints to PDF.  All text from the instrument and the response
 * files is escaped.  No rater id is ever written; a group below its minimum is
 * named with its minimum, never with its count.
 */
#include <math.h>
#include <string.h>

#include "base_error.h"
#include "base_format.h"
#include "input_instrument.h"
#include "output_report.h"

static const char STYLE[] =
    "<style>\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "sans-serif;color:#1d232b;max-width:780px;margin:2em auto;padding:0 1em;"
    "line-height:1.45}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;"
    "border-bottom:1px solid #ccd;padding-bottom:.2em;break-after:avoid}\n"
    "h3{font-size:1.05em;margin:1.2em 0 .3em;break-after:avoid}\n"
    ".meta{color:#555}.note{color:#555;font-size:.9em}\n"
    "table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .7em;"
    "text-align:left;border-bottom:1px solid #e3e5ea}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".scale,.keep{break-inside:avoid}\n"
    "svg.chart{display:block;max-width:100%;height:auto;font-size:12px}\n"
    "svg text{fill:#1d232b}svg text.withheld{fill:#666;font-style:italic}\n"
    "svg text.tick{fill:#555;font-size:11px}svg .axis,svg .tick{stroke:#888}\n"
    "svg .zero{stroke:#333}svg .range{stroke:#111;stroke-width:1.5;fill:none}\n"
    "svg .track{stroke:#e3e5ea;stroke-width:6}svg .move{stroke:#555;"
    "stroke-width:2}\n"
    "svg .pre{fill:#fff;stroke:#2f7a4f;stroke-width:2}svg .post{fill:#2f7a4f}\n"
    ".cue{font-weight:600}.cue.disagree{color:#8a3b12}\n"
    "@page{margin:16mm}@media print{body{margin:0;max-width:none}"
    "a{color:inherit;text-decoration:none}}\n"
    "</style>\n";

static void head(FILE *out, const char *title_a, const char *title_b)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>", out);
    report_escape(out, title_a);
    if (title_b) {
        fputs(" \xe2\x80\x93 ", out);
        report_escape(out, title_b);
    }
    fputs("</title>\n", out);
    fputs(STYLE, out);
    fputs("</head>\n<body>\n", out);
}

static const char *wave_of(const assess_score *s, const score_block *b)
{
    return strtab_str(&s->resp->waves, b->wave);
}

static int has_others(const assess_score *s)
{
    for (size_t o = 0; o < s->n_groups_out; o++)
        if (s->groups_out[o] == GROUP_OTHERS(s->inst))
            return 1;
    return 0;
}

/* ---- Sections ------------------------------------------------------------- */

static void raters(FILE *out, const assess_report *rep,
                   const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    uint64_t left_out = 0;

    fputs("<section id=\"raters\" class=\"keep\">\n<h2>Who rated</h2>\n"
          "<table>\n<thead><tr><th scope=\"col\">Group</th>", out);
    for (size_t b = 0; b < subj->n_blocks; b++) {
        fputs("<th scope=\"col\">Wave ", out);
        report_escape(out, wave_of(s, &s->blocks[subj->first_block + b]));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t g = 0; g < inst->n_groups; g++) {
        fputs("<tr><th scope=\"row\">", out);
        report_escape(out, inst->groups[g].label);
        fputs("</th>", out);
        for (size_t b = 0; b < subj->n_blocks; b++) {
            int withheld;
            uint32_t n = score_group_raters(s, &s->blocks[subj->first_block + b],
                                            g, &withheld);
            if (withheld)
                fprintf(out, "<td>not shown: fewer than %u</td>",
                        inst->groups[g].minimum);
            else
                fprintf(out, "<td class=\"num\">%u</td>", n);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++)
            left_out |= rows[o].left_out;
    }
    fputs("<p class=\"note\">A group with fewer raters than its minimum is not "
          "shown, so that no one's answers can be singled out; its count is "
          "not shown either.", out);
    if (left_out) {
        fputs(" At this wave, All others leaves out", out);
        const char *sep = " ";
        for (size_t g = 0; g < inst->n_groups && g < 64; g++)
            if (left_out >> g & 1) {
                fputs(sep, out);
                report_escape(out, inst->groups[g].label);
                sep = ", ";
            }
        fputs(" on some or all scales: included, they could be worked out "
              "by subtracting the groups shown.", out);
    }
    fputs("</p>\n</section>\n", out);
}

static void cue(FILE *out, const report_subject *subj, uint32_t k)
{
    if (subj->cue[k] == CUE_AGREE)
        fputs("<p><span class=\"cue agree\">Raters agree.</span> Others' "
              "ratings on this scale are close to one another.</p>\n", out);
    else if (subj->cue[k] == CUE_DISAGREE)
        fputs("<p><span class=\"cue disagree\">Raters disagree.</span> Others "
              "see this differently from one another: read their average "
              "with care.</p>\n", out);
}

static void scales(FILE *out, const assess_report *rep,
                   const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;

    fputs("<section id=\"scales\">\n<h2>Ratings by scale</h2>\n"
          "<p class=\"note\">Each bar is a group's average. The bracket shows "
          "the lowest and highest rating where a group has enough raters to "
          "show it", out);
    if (s->norms_used != ASSESS_NORMS_NONE)
        fputs("; a percentile compares the average with the norm group", out);
    fputs(".</p>\n", out);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        fprintf(out, "<div class=\"scale\" id=\"scale-%u\">\n<h3>", (unsigned)k);
        report_escape(out, inst->scales[k].title);
        fputs("</h3>\n", out);
        if (inst->scales[k].description) {
            fputs("<p class=\"note\">", out);
            report_escape(out, inst->scales[k].description);
            fputs("</p>\n", out);
        }
        report_svg_scale(out, rep, v, k);
        if (rep->agree)
            cue(out, subj, k);
        fputs("</div>\n", out);
    }
    fputs("</section>\n", out);
}

static void gap_list(FILE *out, const assess_report *rep, const score_rows *v,
                     gap_flag flag, const char *title)
{
    const assess_score *s = rep->s;
    int any = 0;
    fprintf(out, "<h3>%s</h3>\n", title);
    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            if (!rows[o].has_gap || rows[o].flag != flag)
                continue;
            fputs(any ? "" : "<ul>\n", out);
            fputs("<li>", out);
            report_escape(out, s->inst->scales[k].title);
            fputs(" (self minus others ", out);
            report_num(out, rows[o].gap, 1);
            fputs(")</li>\n", out);
            any = 1;
        }
    }
    fputs(any ? "</ul>\n" : "<p>None.</p>\n", out);
}

static void gaps(FILE *out, const assess_report *rep, const score_rows *v)
{
    fputs("<section id=\"gaps\" class=\"keep\">\n<h2>Where you see yourself "
          "differently</h2>\n", out);
    fprintf(out, "<p class=\"note\">Your own rating minus others' average. A "
                 "<strong>blind spot</strong> is a scale you rate yourself "
                 "higher than others do by %.2f points or more; a "
                 "<strong>hidden strength</strong>, one others rate higher "
                 "than you do by as much.</p>\n", rep->s->opts.gap_threshold);
    report_svg_gaps(out, rep, v);
    gap_list(out, rep, v, GAP_BLIND_SPOT, "Blind spots");
    gap_list(out, rep, v, GAP_HIDDEN_STRENGTH, "Hidden strengths");
    fputs("</section>\n", out);
}

static void item_list(FILE *out, const assess_report *rep, const score_rows *v,
                      int lowest)
{
    const assess_score *s = rep->s;
    int any = 0;
    fprintf(out, "<h3>%s</h3>\n", lowest ? "Lowest rated" : "Highest rated");
    for (uint32_t k = 1; k <= s->opts.highlights; k++) {
        const stat_row *row;
        uint32_t i = score_highlight(v, k, lowest, &row);
        if (i == UINT32_MAX)
            break;
        fputs(any ? "" : "<ol>\n", out);
        fputs("<li>", out);
        report_escape(out, s->inst->items[i].text);
        fputs(" <span class=\"note\">(", out);
        report_num(out, row->mean, 0);
        fputs(")</span></li>\n", out);
        any = 1;
    }
    fputs(any ? "</ol>\n" : "<p>None: others are not shown.</p>\n", out);
}

static void items(FILE *out, const assess_report *rep, const score_rows *v)
{
    fputs("<section id=\"items\" class=\"keep\">\n<h2>Highest and lowest items "
          "(others' view)</h2>\n<p class=\"note\">Others' average per item, "
          "with reverse-worded items turned round so that higher is always "
          "better.</p>\n", out);
    item_list(out, rep, v, 0);
    item_list(out, rep, v, 1);
    fputs("</section>\n", out);
}

static void strengths(FILE *out, const assess_report *rep, const score_rows *v)
{
    const assess_score *s = rep->s;
    fputs("<section id=\"strengths\" class=\"keep\">\n<h2>Strengths profile"
          "</h2>\n", out);
    fprintf(out, "<p class=\"note\">Scales ranked from highest; the top %u are "
                 "the signature strengths.</p>\n", s->opts.top);
    for (size_t o = 0; o < s->n_groups_out; o++) {
        int any = 0;
        uint32_t g = s->groups_out[o];
        for (uint32_t rank = 1;; rank++) {
            uint32_t k = score_ranked(v, o, rank);
            if (k == UINT32_MAX)
                break;
            const stat_row *row = &score_scale_rows(v, k)[o];
            if (!any) {
                fputs("<h3>", out);
                report_escape(out, report_group_label(s, g));
                fputs("</h3>\n<table>\n<thead><tr><th scope=\"col\">Rank</th>"
                      "<th scope=\"col\">Strength</th><th scope=\"col\">Score"
                      "</th><th scope=\"col\"></th></tr></thead>\n<tbody>\n",
                      out);
            }
            fprintf(out, "<tr><td class=\"num\">%u</td><td>%s", row->rank,
                    row->signature ? "<strong>" : "");
            report_escape(out, s->inst->scales[k].title);
            fprintf(out, "%s</td><td class=\"num\">", row->signature ? "</strong>"
                                                                     : "");
            report_num(out, row->mean, 0);
            fprintf(out, "</td><td>%s%s%s</td></tr>\n",
                    row->signature ? "signature strength" : "",
                    row->signature && row->tie ? ", " : "",
                    row->tie ? "tied" : "");
            any = 1;
        }
        if (any)
            fputs("</tbody>\n</table>\n", out);
    }
    fputs("<p class=\"note\">Tied scales have the same score; their order "
          "among themselves is the instrument's.</p>\n</section>\n", out);
}

static void change(FILE *out, const assess_report *rep,
                   const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const char *label = subj->n_change ? subj->change[0]->wave : NULL;

    fputs("<section id=\"change\" class=\"keep\">\n<h2>Change</h2>\n", out);
    if (!subj->has_change && !subj->gas) {
        fputs("<p>No change to show: the subject was not rated at both "
              "waves, or others were not shown at both.</p>\n</section>\n", out);
        return;
    }
    fputs("<p class=\"note\">Waves ", out);
    report_escape(out, label);
    fputs(". The open circle is others' average before, the filled one after. "
          "A change is called an improvement or a deterioration only when it "
          "is larger than the scale's measurement error allows (the Reliable "
          "Change Index, Jacobson &amp; Truax 1991); otherwise it is no "
          "reliable change.</p>\n", out);
    report_svg_change(out, rep, subj);

    fputs("<table>\n<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\">"
          "Self: change</th><th scope=\"col\">All others: change</th><th "
          "scope=\"col\">All others: reliable?</th></tr></thead>\n<tbody>\n", out);
    const char *self = NULL, *others = score_group_id(s, GROUP_OTHERS(inst));
    for (size_t g = 0; g < inst->n_groups; g++)
        if (inst->groups[g].role == ROLE_SELF)
            self = inst->groups[g].id;
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const char *id = inst->scales[k].id;
        fputs("<tr><th scope=\"row\">", out);
        report_escape(out, inst->scales[k].title);
        fputs("</th>", out);
        const char *groups[2] = { self, others };
        for (int i = 0; i < 2; i++) {
            const table_row *d = groups[i] ? report_row(subj->change,
                                                        subj->n_change, id,
                                                        groups[i], "diff")
                                           : NULL;
            fputs("<td class=\"num\">", out);
            if (d && d->has_value)
                report_num(out, d->value, 1);
            else
                fputs("\xe2\x80\x93", out);
            fputs("</td>", out);
        }
        const table_row *rci = report_row(subj->change, subj->n_change, id,
                                          others, "rci");
        fputs("<td>", out);
        if (rci && rci->has_value && rci->note)
            report_escape(out, strcmp(rci->note, "no_reliable_change") == 0
                                   ? "no reliable change" : rci->note);
        else
            fputs("\xe2\x80\x93", out);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    if (subj->gas) {
        fputs("<h3>Coaching goals</h3>\n", out);
        if (subj->gas->has_value) {
            fputs("<p>Goal Attainment Scaling T-score: <strong>", out);
            report_num(out, subj->gas->value, 0);
            fputs("</strong> (50 means the goals were met as expected; above "
                  "50, better than expected).</p>\n", out);
        } else {
            fputs("<p>No Goal Attainment Scaling T-score: ", out);
            report_escape(out, subj->gas->note ? subj->gas->note : "not computed");
            fputs(".</p>\n", out);
        }
    }
    fputs("</section>\n", out);
}

assess_status assess_report_write_html(const assess_report *rep, size_t i,
                                       FILE *out, assess_error *err)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const report_subject *subj;
    score_rows rows, *v = &rows;

    if (i >= rep->n_subjects)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no report %zu", i);
    subj = &rep->subjects[i];
    if (score_rows_init(v, s) < 0)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    score_rows_compute(v, subj->shown);
    write_begin(out);
    head(out, subj->id, inst->title);
    fputs("<header>\n<h1>", out);
    report_escape(out, subj->id);
    fputs("</h1>\n<p class=\"meta\">", out);
    report_escape(out, inst->title);
    fputs(" (", out);
    report_escape(out, inst->id);
    fputs(" ", out);
    report_escape(out, inst->version);
    fputs(") \xc2\xb7 wave", out);
    fputs(subj->n_blocks > 1 ? "s " : " ", out);
    for (size_t b = 0; b < subj->n_blocks; b++) {
        if (b)
            fputs(", ", out);
        report_escape(out, wave_of(s, &s->blocks[subj->first_block + b]));
    }
    if (subj->n_blocks > 1) {
        fputs("; the profile shows wave ", out);
        report_escape(out, wave_of(s, subj->shown));
    }
    fputs("</p>\n</header>\n<main>\n", out);

    raters(out, rep, subj, v);
    scales(out, rep, subj, v);
    if (has_others(s) && inst->kind != ASSESS_KIND_STRENGTHS)
        gaps(out, rep, v);
    if (has_others(s) && s->opts.items)
        items(out, rep, v);
    if (inst->kind == ASSESS_KIND_STRENGTHS)
        strengths(out, rep, v);
    if (rep->change && subj->n_change)
        change(out, rep, subj);
    fputs("</main>\n<footer><p class=\"note\">Scored by assess. ", out);
    if (rep->agree && has_others(s))
        fprintf(out, "\xe2\x80\x9cRaters agree\xe2\x80\x9d means others' "
                     "r<sub>wg(j)</sub> (James, Demaree &amp; Wolf 1984) is "
                     "%.2f or more. ", rep->opts.agree_cutoff);
    fputs("</p></footer>\n</body>\n</html>\n", out);
    score_rows_free(v);
    return write_end(out, err);
}

assess_status assess_report_write_index(const assess_report *rep, FILE *out,
                                        assess_error *err)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    int gaps_shown = has_others(s) && inst->kind != ASSESS_KIND_STRENGTHS;

    write_begin(out);
    head(out, "Reports", inst->title);
    fputs("<header>\n<h1>Reports</h1>\n<p class=\"meta\">", out);
    report_escape(out, inst->title);
    fprintf(out, " \xc2\xb7 %zu executive%s</p>\n</header>\n<main>\n<ul>\n",
            rep->n_subjects, rep->n_subjects == 1 ? "" : "s");
    for (size_t i = 0; i < rep->n_subjects; i++) {
        const report_subject *subj = &rep->subjects[i];
        fputs("<li><a href=\"", out);
        report_escape(out, subj->file);
        fputs("\">", out);
        report_escape(out, subj->id);
        fputs("</a>: wave ", out);
        report_escape(out, wave_of(s, subj->shown));
        if (gaps_shown)
            fprintf(out, ", %u blind spot%s, %u hidden strength%s",
                    subj->blind_spots, subj->blind_spots == 1 ? "" : "s",
                    subj->hidden_strengths,
                    subj->hidden_strengths == 1 ? "" : "s");
        if (subj->has_change)
            fprintf(out, "; others see improvement on %u scale%s, "
                         "deterioration on %u",
                    subj->improved, subj->improved == 1 ? "" : "s",
                    subj->deteriorated);
        if (subj->gas && subj->gas->has_value) {
            fputs("; goals T ", out);
            report_num(out, subj->gas->value, 0);
        }
        fputs("</li>\n", out);
    }
    fputs("</ul>\n</main>\n</body>\n</html>\n", out);
    return write_end(out, err);
}
