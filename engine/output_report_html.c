/*
 * output_report_html.c - the executive's report, the batch index and the
 * cohort report as self-contained HTML: inline CSS and SVG (its charts:
 * output_report_html_svg.c), no script, nothing fetched, so a report reads
 * offline and prints to PDF with the name and page numbers on every page.
 * All text from the instrument and the input files is escaped.  No rater
 * id is ever written; a group below its minimum is named with its
 * minimum, never with its count.  What is shown is the report model's
 * (output_report.c): this file only lays it out.
 */
#include <math.h>
#include <string.h>

#include "base_error.h"
#include "base_format.h"
#include "input_goals.h"
#include "input_instrument.h"
#include "output_report.h"
#include "output_report_trend.h"
#include "score_comments.h"

static const char STYLE[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "sans-serif;color:#1d232b;max-width:780px;margin:2em auto;padding:0 1em;"
    "line-height:1.45}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;"
    "border-bottom:1px solid #ccd;padding-bottom:.2em;break-after:avoid}\n"
    "h3{font-size:1.05em;margin:1.2em 0 .3em;break-after:avoid}\n"
    ".meta{color:#555}.note{color:#555;font-size:.9em}\n"
    "table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .7em;"
    "text-align:left;border-bottom:1px solid #e3e5ea;vertical-align:top}\n"
    "th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".scale,.keep{break-inside:avoid}\n"
    "svg.chart{display:block;max-width:100%;height:auto;font-size:12px}\n"
    "svg text{fill:#1d232b}svg text.withheld{fill:#666;font-style:italic}\n"
    "svg text.tick{fill:#555;font-size:11px}svg line.axis,svg line.tick{"
    "stroke:#888}\n"
    "svg .zero{stroke:#333}svg .range{stroke:#111;stroke-width:1.5;fill:none}\n"
    "svg .track{stroke:#e3e5ea;stroke-width:6}svg .move{stroke:#555;"
    "stroke-width:2}\n"
    "svg .pre{fill:#fff;stroke:#2f7a4f;stroke-width:2}svg .post{fill:#2f7a4f}\n"
    "svg .dot{fill:#2f7a4f;fill-opacity:.7}\n"
    ".cue{font-weight:600}.cue.mixed{color:#7a5a12}.cue.disagree{color:#8a3b12}"
    "\n.reverse{color:#555;font-style:italic}\n"
    ".cover{break-after:page;padding-top:3em}.cover h1{font-size:2.2em}\n"
    ".kicker{text-transform:uppercase;letter-spacing:.08em;color:#8a3b12;"
    "font-size:.85em;font-weight:600}\n"
    ".facts th{color:#555;font-weight:normal;padding-left:0}\n"
    ".confidential{border:1px solid #c9a49a;background:#fbf4f1;padding:.7em 1em;"
    "margin-top:2em}\n"
    ".development{break-before:page}.lines div{border-bottom:1px solid #999;"
    "height:2em}.goal{break-inside:avoid;margin-bottom:1.2em}\n"
    "svg.bar{vertical-align:middle}svg.bar rect{fill:#3b5b92}\n"
    ".question h4{margin:.8em 0 .1em;font-size:.95em;break-after:avoid}\n"
    ".comments{margin:.1em 0 .6em;padding-left:1.2em}.comments li{white-space:"
    "pre-line;break-inside:avoid;margin:.35em 0}\n"
    "@page{margin:16mm}@media print{body{margin:0;max-width:none}"
    "a{color:inherit;text-decoration:none}}\n";

/* The page's head; `running` is the text of every printed page's header
 * (NULL: none), page numbers at the foot. */
static void head(FILE *out, const char *title_a, const char *title_b,
                 const char *running)
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
    fputs("</title>\n<style>\n", out);
    fputs(STYLE, out);
    fputs("@page{@bottom-right{content:\"page \" counter(page) \" of \" "
          "counter(pages);font-size:9pt;color:#555}", out);
    if (running) {
        fputs("@top-left{content:", out);
        report_css_string(out, running);
        fputs(";font-size:9pt;color:#555}", out);
    }
    fputs("}\n@page:first{@top-left{content:none}}\n</style>\n</head>\n<body>\n",
          out);
}

static void waves_list(FILE *out, const assess_score *s,
                       const report_subject *subj)
{
    for (size_t b = 0; b < subj->n_blocks; b++) {
        if (b)
            fputs(" \xe2\x86\x92 ", out);
        report_escape(out, report_wave(s, &s->blocks[subj->first_block + b]));
    }
}

/* ---- Sections ------------------------------------------------------------- */

static void cover(FILE *out, const assess_report *rep,
                  const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;

    fputs("<section id=\"cover\" class=\"cover\">\n<p class=\"kicker\">"
          "Confidential \xc2\xb7 ", out);
    fputs(report_self_only(s) ? "strengths report" : "360-degree feedback report",
          out);
    fputs("</p>\n<h1>", out);
    report_escape(out, subj->name);
    fputs("</h1>\n", out);
    if (subj->role || subj->organisation) {
        fputs("<p class=\"meta\">", out);
        report_escape(out, subj->role);
        if (subj->role && subj->organisation)
            fputs(", ", out);
        report_escape(out, subj->organisation);
        fputs("</p>\n", out);
    }
    fputs("<table class=\"facts\">\n<tr><th scope=\"row\">Instrument</th><td>",
          out);
    report_escape(out, inst->title);
    fputs(" (", out);
    report_escape(out, inst->id);
    fputs(" ", out);
    report_escape(out, inst->version);
    fputs(")</td></tr>\n<tr><th scope=\"row\">Wave", out);
    fputs(subj->n_blocks > 1 ? "s" : "", out);
    fputs("</th><td>", out);
    waves_list(out, s, subj);
    if (subj->n_blocks > 1) {
        fputs("; the profile shows wave ", out);
        report_escape(out, report_wave(s, subj->shown));
    }
    fputs("</td></tr>\n", out);
    if (subj->coach) {
        fputs("<tr><th scope=\"row\">Coach</th><td>", out);
        report_escape(out, subj->coach);
        fputs("</td></tr>\n", out);
    }
    if (rep->opts.made_on) {
        fputs("<tr><th scope=\"row\">Report made</th><td>", out);
        report_escape(out, rep->opts.made_on);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n<div class=\"confidential\"><p><strong>Confidential."
          "</strong> This report is for ", out);
    report_escape(out, subj->name);
    fputs(subj->coach ? " and their coach" : " and their coach, if any", out);
    fputs(", to be shared only as they decide.", out);
    if (!report_self_only(s))
        fputs(" Raters answered in confidence: their answers appear only as "
              "group averages, a group with fewer raters than its minimum is "
              "shown nowhere, and no one's answers can be singled out from "
              "what is shown.", out);
    fputs("</p></div>\n</section>\n", out);
}

static void raters(FILE *out, const assess_report *rep,
                   const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    uint64_t left_out = report_left_out(s, v);

    fputs("<section id=\"raters\" class=\"keep\">\n<h2>Who rated</h2>\n"
          "<table>\n<thead><tr><th scope=\"col\">Group</th>", out);
    for (size_t b = 0; b < subj->n_blocks; b++) {
        fputs("<th scope=\"col\" class=\"num\">Wave ", out);
        report_escape(out, report_wave(s, &s->blocks[subj->first_block + b]));
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
                fprintf(out, "<td class=\"num\">not shown: fewer than %u</td>",
                        inst->groups[g].minimum);
            else
                fprintf(out, "<td class=\"num\">%u</td>", n);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
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
    static const char *const words[] = {
        [CUE_AGREE] = "<span class=\"cue agree\">Others agree.</span> Their "
                      "ratings on this scale are close to one another",
        [CUE_MIXED] = "<span class=\"cue mixed\">Mixed views.</span> Others "
                      "differ somewhat: read their average with care",
        [CUE_DISAGREE] = "<span class=\"cue disagree\">Others disagree."
                         "</span> Their ratings spread as widely as random "
                         "answers would: their average says little",
    };
    if (subj->cue[k] == CUE_NONE)
        return;
    fprintf(out, "<p>%s (average deviation ", words[subj->cue[k]]);
    report_num(out, subj->cue_ad[k], 0);
    fputs(").</p>\n", out);
}

/* The norm the percentiles of scale k's shown rows were taken against. */
static void norm_note(FILE *out, const assess_report *rep, const score_rows *v,
                      uint32_t k)
{
    char buf[512];
    const char *src = report_norm_shown(rep, v, k, buf, sizeof buf);

    if (src) {
        fputs("<p class=\"note\">Percentiles against: ", out);
        report_escape(out, src);
        fputs(".</p>\n", out);
    }
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
        fputs("; a percentile compares the average with the norm group "
              "named under the chart", out);
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
        norm_note(out, rep, v, k);
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

/* An item's wording, marked when it is worded the other way. */
static void item_text(FILE *out, const assess_report *rep, uint32_t i)
{
    report_escape(out, rep->s->inst->items[i].text);
    if (report_item_reverse(rep, i))
        fputs(" <span class=\"reverse\">(reverse-worded: a favourable score "
              "means this happens rarely)</span>", out);
}

static void item_list(FILE *out, const assess_report *rep, const score_rows *v,
                      int lowest)
{
    const assess_score *s = rep->s;
    int any = 0;
    fprintf(out, "<h3>%s</h3>\n", lowest ? "Least favourable"
                                         : "Most favourable");
    for (uint32_t k = 1; k <= s->opts.highlights; k++) {
        const stat_row *row;
        uint32_t i = score_highlight(v, k, lowest, &row);
        if (i == UINT32_MAX)
            break;
        fputs(any ? "" : "<ol>\n", out);
        fputs("<li>", out);
        item_text(out, rep, i);
        fputs(" <span class=\"note\">(", out);
        report_num(out, row->mean, 0);
        fputs(")</span></li>\n", out);
        any = 1;
    }
    fputs(any ? "</ol>\n" : "<p>None: others are not shown.</p>\n", out);
}

static void items(FILE *out, const assess_report *rep, const score_rows *v)
{
    fputs("<section id=\"items\" class=\"keep\">\n<h2>Most and least "
          "favourable items (others' view)</h2>\n<p class=\"note\">Others' "
          "average per item, scored so that higher is always more "
          "favourable: on a reverse-worded item (one that describes what "
          "gets in the way) a high score means others see it rarely.</p>\n",
          out);
    item_list(out, rep, v, 0);
    item_list(out, rep, v, 1);
    fputs("</section>\n", out);
}

/* Strengths: every scale ranked, the signature ones marked, a tie that
 * reaches past the last signature place said as such. */
static void strengths(FILE *out, const assess_report *rep,
                      const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    double lo, hi;
    char buf[32];
    int any = 0;

    fputs("<section id=\"strengths\">\n<h2>Your strengths, ranked</h2>\n", out);
    fprintf(out, "<p class=\"note\">Every strength from highest to lowest; "
                 "the top %u are your signature strengths.</p>\n", s->opts.top);
    if (subj->n_tied) {
        fprintf(out, "<p><strong>Tied %s:</strong> ",
                report_ordinal(subj->tied_rank, buf, sizeof buf));
        for (size_t t = 0; t < subj->n_tied; t++) {
            if (t)
                fputs(t + 1 == subj->n_tied ? " and " : ", ", out);
            report_escape(out, s->inst->scales[subj->tied[t]].title);
        }
        fputs(" have the same score, so the scores do not say which of them "
              "belong among the signature strengths: take them together.</p>\n",
              out);
    }
    for (uint32_t rank = 1;; rank++) {
        uint32_t k = score_ranked(v, 0, rank);
        if (k == UINT32_MAX)
            break;
        const stat_row *row = &score_scale_rows(v, k)[0];
        if (!any)
            fputs("<table>\n<thead><tr><th scope=\"col\" class=\"num\">Rank"
                  "</th><th scope=\"col\">Strength</th><th scope=\"col\" "
                  "class=\"num\">Score</th><th scope=\"col\"></th><th "
                  "scope=\"col\"></th></tr></thead>\n<tbody>\n", out);
        /* tied scales share the rank of the first of them */
        uint32_t shown_rank = report_shown_rank(v, 0, rank);
        report_scale_axis(s, k, &lo, &hi);
        fprintf(out, "<tr><td class=\"num\">%s%u</td><td>%s",
                row->tie ? "=" : "", shown_rank,
                row->signature ? "<strong>" : "");
        report_escape(out, s->inst->scales[k].title);
        fprintf(out, "%s</td><td class=\"num\">", row->signature ? "</strong>"
                                                                 : "");
        report_num(out, row->mean, 0);
        fprintf(out, "</td><td><svg class=\"bar\" width=\"120\" "
                     "height=\"10\" aria-hidden=\"true\" "
                     "xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"%.0f\" "
                     "height=\"10\"/></svg>",
                120 * report_axis_at(row->mean, lo, hi));
        fprintf(out, "</td><td>%s%s%s</td></tr>\n",
                row->signature ? "signature strength" : "",
                row->signature && row->tie ? ", " : "",
                row->tie ? "tied" : "");
        any = 1;
    }
    fputs(any ? "</tbody>\n</table>\n" : "<p>No strengths scored.</p>\n", out);
    fputs("<p class=\"note\">\xe2\x80\x9c=\xe2\x80\x9d marks a tie: equal "
          "scores share a rank and are listed in the instrument's "
          "order.</p>\n</section>\n", out);
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
    report_waves(out, label);
    fputs(". The open circle is others' average before, the filled one after. "
          "A change is called an improvement or a deterioration only when it "
          "is larger than the scale's measurement error allows (the Reliable "
          "Change Index, Jacobson &amp; Truax 1991); otherwise it is no "
          "reliable change.</p>\n", out);
    if (subj->raters_changed) {
        char what[128];
        fputs("<p><strong>Who rated changed between the waves.</strong> ", out);
        if (report_raters_changed_counts(subj, what, sizeof what)) {
            fputs("Among All others, ", out);
            report_escape(out, what);
            fputs(" (on at least one scale). ", out);
        }
        fputs("Part of a change may come from who rated rather than from "
              "what changed.</p>\n", out);
    }
    report_svg_change(out, rep, subj);

    fputs("<table>\n<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\" "
          "class=\"num\">Self: change</th><th scope=\"col\" class=\"num\">All "
          "others: change</th><th scope=\"col\">All others: reliable?</th>"
          "</tr></thead>\n<tbody>\n", out);
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

static void scale_items(FILE *out, const assess_report *rep,
                        const uint32_t *ks, size_t n)
{
    fputs("<ul>\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs("<li>", out);
        report_escape(out, rep->s->inst->scales[ks[i]].title);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

void report_html_cohort_change(FILE *out, const char *waves,
                               const table_row *md, const table_row *up,
                               const table_row *same, const table_row *down)
{
    fputs("<p><strong>Change</strong> (waves ", out);
    report_waves(out, waves);
    fputs("): others' averages moved by ", out);
    report_num(out, md->value, 1);
    if (md->has_ci) {
        fputs(" (95% interval ", out);
        report_num(out, md->lo, 1);
        fputs(" to ", out);
        report_num(out, md->hi, 1);
        fputc(')', out);
    }
    fprintf(out, " over %.0f executives", md->n);
    if (up && same && down && up->has_value && same->has_value &&
        down->has_value)
        fprintf(out, "; %.0f improved reliably, %.0f showed no reliable "
                     "change, %.0f deteriorated", up->value, same->value,
                down->value);
    fputs(".</p>\n", out);
}

/* "What raters wrote": per question, each shown group's comments as the
 * model gathered them (output_report.c), and what is withheld, in words. */
static void comments(FILE *out, const assess_report *rep,
                     const report_subject *subj)
{
    const assess_instrument *inst = rep->s->inst;
    const comment_block *cb = report_comments(rep, subj);
    char label[512], withheld[1024];

    if (!report_comments_section(rep))
        return;
    fputs("<section id=\"comments\">\n<h2>What raters wrote</h2>\n"
          "<p class=\"note\">Each group's comments are shown when at least "
          "its minimum of raters wrote an answer; groups with fewer are shown "
          "together when, together, they reach it. Within a group, comments "
          "are in alphabetical order, not in the order given, and never "
          "with who wrote them.</p>\n", out);
    for (uint32_t q = 0; q < inst->n_questions; q++) {
        size_t shown = 0;
        fputs("<div class=\"question\">\n<h3>", out);
        report_escape(out, inst->questions[q].text);
        fputs("</h3>\n", out);
        for (size_t k = 0;; k++) {
            const comment_group *g = report_comment_group(rep, cb, k);
            if (!g)
                break;
            if (g->question != q)
                continue;
            shown++;
            fputs("<h4>", out);
            report_escape(out, report_comment_label(rep, g, label,
                                                    sizeof label));
            fputs("</h4>\n<ul class=\"comments\">\n", out);
            for (size_t t = 0; t < g->n; t++) {
                fputs("<li>", out);
                report_escape(out, g->text[t]->text);
                fputs("</li>\n", out);
            }
            fputs("</ul>\n", out);
        }
        if (report_comment_withheld(rep, cb, q, withheld, sizeof withheld)) {
            fputs("<p class=\"note withheld\">", out);
            report_escape(out, withheld);
            fputs("</p>\n", out);
        } else if (!shown) {
            fputs("<p class=\"note\">No one wrote an answer.</p>\n", out);
        }
        fputs("</div>\n", out);
    }
    fputs("</section>\n", out);
}

static void development(FILE *out, const assess_report *rep,
                        const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    const char *whose = report_self_only(s) ? "your own" : "others'";
    const assess_goals *goals = rep->opts.goals;
    int given = 0;

    fputs("<section id=\"development\" class=\"development\">\n<h2>Your "
          "development plan</h2>\n", out);
    if (subj->n_dev) {
        fprintf(out, "<div class=\"keep\"><h3>Most favourable in %s "
                     "eyes</h3>\n", whose);
        scale_items(out, rep, subj->dev_top, subj->n_dev);
        fprintf(out, "<h3>Least favourable in %s eyes</h3>\n", whose);
        scale_items(out, rep, subj->dev_bottom, subj->n_dev);
        fputs("</div>\n", out);
    }
    if (!report_self_only(s)) {
        fputs("<div class=\"keep\">", out);
        gap_list(out, rep, v, GAP_BLIND_SPOT, "Blind spots to look at");
        fputs("</div>\n", out);
    }
    for (size_t g = 0; goals && g < goals->n; g++) {
        const goal *gl = &goals->goals[g];
        if (strcmp(gl->subject, subj->id) != 0)
            continue;
        if (!given)
            fputs("<h3>Goals agreed</h3>\n<table>\n<thead><tr><th scope=\"col\">"
                  "Goal</th><th scope=\"col\" class=\"num\">Weight</th><th "
                  "scope=\"col\" class=\"num\">Level reached (\xe2\x88\x92" "2 to "
                  "+2)</th></tr></thead>\n<tbody>\n", out);
        fputs("<tr><td>", out);
        report_escape(out, gl->id);
        fputs("</td><td class=\"num\">", out);
        report_num(out, gl->weight, 0);
        fprintf(out, "</td><td class=\"num\">%+.0f</td></tr>\n", gl->level);
        given = 1;
    }
    if (given)
        fputs("</tbody>\n</table>\n", out);
    fputs("<h3>Goals for the next period</h3>\n<p class=\"note\">Two or three "
          "goals, each specific, measurable, achievable, relevant and "
          "time-bound, with the steps that lead there.</p>\n", out);
    for (int g = 1; g <= 3; g++) {
        fprintf(out, "<div class=\"goal\"><strong>Goal %d</strong>\n"
                     "<div class=\"lines\"><div></div><div></div></div>\n"
                     "<p class=\"note\">Action steps</p>\n<div class=\"lines\">"
                     "<div></div><div></div><div></div></div>\n"
                     "<p class=\"note\">Support needed, and the review date</p>\n"
                     "<div class=\"lines\"><div></div></div></div>\n", g);
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
    char running[512];

    if (i >= rep->n_subjects)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no report %zu", i);
    subj = &rep->subjects[i];
    if (score_rows_init(v, s) < 0)
        return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
    score_rows_compute(v, subj->shown);
    snprintf(running, sizeof running, "%s \xc2\xb7 confidential", subj->name);
    write_begin(out);
    head(out, subj->name, inst->title, running);
    fputs("<main>\n", out);
    cover(out, rep, subj);
    if (report_self_only(s)) {
        if (inst->kind == ASSESS_KIND_STRENGTHS)
            strengths(out, rep, subj, v);
        else
            scales(out, rep, subj, v);
    } else {
        raters(out, rep, subj, v);
        scales(out, rep, subj, v);
        gaps(out, rep, v);
        if (s->opts.items)
            items(out, rep, v);
    }
    if (rep->change && subj->n_change && !report_trend(rep))
        change(out, rep, subj);
    if (rep->change && subj->n_change && report_trend(rep))
        report_html_trend(out, rep, subj);
    report_html_outcome(out, rep, subj);
    comments(out, rep, subj);
    development(out, rep, subj, v);
    fputs("</main>\n<footer><p class=\"note\">Scored by assess. ", out);
    if (rep->agree && !report_self_only(s))
        fputs("Whether others agree rests on their average deviation from "
              "the item mean (ad<sub>M</sub>, Burke, Finkelstein &amp; Dusig "
              "1999): agreement up to c/6 points on a scale of c options "
              "(Burke &amp; Dunlap 2002), disagreement from what random "
              "answers would give, mixed views between. ", out);
    fputs("</p></footer>\n</body>\n</html>\n", out);
    score_rows_free(v);
    return write_end(out, err);
}

assess_status assess_report_write_index(const assess_report *rep, FILE *out,
                                        assess_error *err)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    int gaps_shown = !report_self_only(s);
    int any_change = 0, any_gas = 0;

    for (size_t i = 0; i < rep->n_subjects; i++) {
        any_change |= rep->subjects[i].has_change;
        any_gas |= rep->subjects[i].gas && rep->subjects[i].gas->has_value;
    }
    write_begin(out);
    head(out, "Reports", inst->title, NULL);
    fputs("<header>\n<h1>Reports</h1>\n<p class=\"meta\">", out);
    report_escape(out, inst->title);
    fprintf(out, " \xc2\xb7 %zu executive%s", rep->n_subjects,
            rep->n_subjects == 1 ? "" : "s");
    if (rep->opts.made_on) {
        fputs(" \xc2\xb7 made ", out);
        report_escape(out, rep->opts.made_on);
    }
    fputs("</p>\n</header>\n<main>\n<table>\n<thead><tr><th scope=\"col\">"
          "Executive</th><th scope=\"col\">Wave</th>", out);
    if (gaps_shown)
        fputs("<th scope=\"col\" class=\"num\">Blind spots</th><th scope=\"col\" "
              "class=\"num\">Hidden strengths</th>", out);
    if (any_change)
        fputs("<th scope=\"col\">Others' change (scales)</th>", out);
    if (any_gas)
        fputs("<th scope=\"col\" class=\"num\">Goals (GAS T)</th>", out);
    fputs("<th scope=\"col\">Report</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < rep->n_subjects; i++) {
        const report_subject *subj = &rep->subjects[i];
        fputs("<tr><th scope=\"row\">", out);
        report_escape(out, subj->name);
        fputs("</th><td>", out);
        report_escape(out, report_wave(s, subj->shown));
        fputs("</td>", out);
        if (gaps_shown)
            fprintf(out, "<td class=\"num\">%u</td><td class=\"num\">%u</td>",
                    subj->blind_spots, subj->hidden_strengths);
        if (any_change) {
            if (subj->has_change && report_trend(rep))
                fprintf(out, "<td>waves %s \xe2\x86\x92 %s: %u improved, %u "
                             "deteriorated</td>", report_trend_wave(rep, 0),
                        report_trend_wave(rep, report_trend_count(rep) - 1),
                        subj->improved, subj->deteriorated);
            else if (subj->has_change)
                fprintf(out, "<td>%u improved, %u deteriorated</td>",
                        subj->improved, subj->deteriorated);
            else
                fputs("<td>\xe2\x80\x93</td>", out);
        }
        if (any_gas) {
            fputs("<td class=\"num\">", out);
            if (subj->gas && subj->gas->has_value)
                report_num(out, subj->gas->value, 0);
            else
                fputs("\xe2\x80\x93", out);
            fputs("</td>", out);
        }
        fputs("<td><a href=\"", out);
        report_escape(out, subj->file);
        fputs("\">open</a></td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    fputs("<p><a href=\"cohort.html\">The cohort report</a>: the programme "
          "as a whole, no executive named.</p>\n", out);
    fputs("</main>\n</body>\n</html>\n", out);
    return write_end(out, err);
}

assess_status assess_report_write_cohort(const assess_report *rep, FILE *out,
                                         assess_error *err)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    size_t ngo = s->n_groups_out;
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    const char *others = score_group_id(s, GROUP_OTHERS(inst));

    write_begin(out);
    head(out, "Cohort report", inst->title, "Cohort report \xc2\xb7 confidential");
    fputs("<main>\n<header>\n<p class=\"kicker\">Confidential \xc2\xb7 cohort "
          "report</p>\n<h1>The programme as a whole</h1>\n<p class=\"meta\">",
          out);
    report_escape(out, inst->title);
    fprintf(out, " \xc2\xb7 %zu executive%s", rep->n_subjects,
            rep->n_subjects == 1 ? "" : "s");
    if (rep->opts.made_on) {
        fputs(" \xc2\xb7 made ", out);
        report_escape(out, rep->opts.made_on);
    }
    fprintf(out, "</p>\n</header>\n<p class=\"note\">Per scale, each dot is one "
                 "executive's average as %s at their latest wave; no "
                 "executive is named. Only what the executives' reports show "
                 "counts here, and a scale is shown only where at least %u "
                 "executives have it.</p>\n",
            report_self_only(s) ? "they rated themselves" : "others rated them",
            minimum);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        size_t n = rep->cohort_n[k];
        fprintf(out, "<section id=\"cohort-%u\" class=\"scale\">\n<h2>",
                (unsigned)k);
        report_escape(out, inst->scales[k].title);
        fputs("</h2>\n", out);
        if (n < minimum) {
            fprintf(out, "<p>Not shown: fewer than %u executives.</p>\n"
                         "</section>\n", minimum);
            continue;
        }
        report_svg_cohort(out, rep, k);
        fputs("<table>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" "
              "class=\"num\">Mean of the executives' averages</th><th "
              "scope=\"col\" class=\"num\">Executives</th></tr></thead>\n"
              "<tbody>\n", out);
        for (size_t o = 0; o < ngo; o++) {
            size_t m;
            double mean = report_cohort_group_mean(rep, k, o, &m);
            fputs("<tr><th scope=\"row\">", out);
            report_escape(out, report_group_label(s, s->groups_out[o]));
            fputs("</th>", out);
            if (m < minimum) {
                fprintf(out, "<td class=\"num\">not shown: fewer than %u "
                             "executives</td><td></td></tr>\n", minimum);
                continue;
            }
            fputs("<td class=\"num\">", out);
            report_num(out, mean, 0);
            fprintf(out, "</td><td class=\"num\">%zu</td></tr>\n", m);
        }
        fputs("</tbody>\n</table>\n", out);
        const table_row *md = report_cohort_row(rep, inst->scales[k].id,
                                         others, "mean_diff");
        report_html_cohort_trend(out, rep, k);
        if (md && md->has_value && md->has_n && md->n >= minimum &&
            !report_trend(rep)) {
            report_html_cohort_change(
                out, md->wave, md,
                report_cohort_row(rep, inst->scales[k].id, others,
                                  "n_improved"),
                report_cohort_row(rep, inst->scales[k].id, others,
                                  "n_unchanged"),
                report_cohort_row(rep, inst->scales[k].id, others,
                                  "n_deteriorated"));
        }
        fputs("</section>\n", out);
    }
    report_html_cohort_outcome(out, rep);
    fputs("</main>\n</body>\n</html>\n", out);
    return write_end(out, err);
}
