/*
 * output_report_html_trend.c - the HTML report's coaching outcomes over
 * time: with three waves or more, a chart per scale with a line per shown
 * group across the waves (inline SVG, each line with its own marker and
 * named beside the chart, so that nothing rests on colour alone) and each
 * change in words; with --costs and --benefits, the return on investment.
 * What is shown is the model's (output_report_trend.h); text from the
 * input is escaped.
 */
#include <math.h>
#include <string.h>

#include "input_instrument.h"
#include "output_report_trend.h"

/* Layout, in SVG user units, as output_report_html_svg.c's charts. */
#define W 720.0
#define PLOT_X 160.0
#define PLOT_W 360.0
#define PAD_X 24.0      /* the first and last wave in from the plot's ends */
#define PLOT_TOP 10.0
#define PLOT_H 150.0
#define KEY_X 540.0     /* the key: a marker and a name per line */
#define KEY_ROW 18.0

#define C_SELF "#3b5b92"
#define C_GROUP "#8a9099"
#define C_OTHERS "#2f7a4f"

static double wave_x(size_t w, size_t K)
{
    return PLOT_X + PAD_X + (PLOT_W - 2 * PAD_X) * (double)w / (double)(K - 1);
}

static double value_y(double v, double lo, double hi)
{
    return PLOT_TOP + (1 - report_axis_at(v, lo, hi)) * PLOT_H;
}

static void marker(FILE *out, int kind, double x, double y, const char *c)
{
    int open = kind == 1 || kind == 3;
    if (kind < 2)
        fprintf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" "
                     "fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>", x, y,
                open ? "#fff" : c, c);
    else
        fprintf(out, "<rect class=\"point\" x=\"%.1f\" y=\"%.1f\" width=\"8\" "
                     "height=\"8\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>",
                x - 4, y - 4, open ? "#fff" : c, c);
}

static const char *colour(const assess_score *s, uint32_t g, const char **dash,
                          size_t line)
{
    *dash = "";
    if (g == GROUP_OTHERS(s->inst))
        return C_OTHERS;
    if (g < s->inst->n_groups && s->inst->groups[g].role == ROLE_SELF)
        return C_SELF;
    *dash = line % 2 ? " stroke-dasharray=\"6 3\"" : " stroke-dasharray=\"2 3\"";
    return C_GROUP;
}

/* Scale k's chart: a line per group with a shown mean, across the waves. */
static void chart(FILE *out, const assess_report *rep,
                  const report_subject *subj, uint32_t k)
{
    const assess_score *s = rep->s;
    size_t K = report_trend_count(rep), line = 0, lines = 0, pts;
    double lo, hi, height;
    int whole;

    for (size_t o = 0; o < s->n_groups_out; o++)
        lines += report_trend_line(rep, subj, k, o, &pts);
    report_scale_axis(s, k, &lo, &hi);
    height = fmax(PLOT_TOP + PLOT_H + 30, PLOT_TOP + KEY_ROW * (double)lines + 8);
    fprintf(out, "<svg class=\"chart trend\" role=\"img\" aria-labelledby="
                 "\"trend-%u-title\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                 "height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\">\n"
                 "<title id=\"trend-%u-title\">Ratings by group across the "
                 "waves: ", (unsigned)k, W, height, W, height, (unsigned)k);
    report_escape(out, s->inst->scales[k].title);
    fputs("</title>\n", out);
    /* the axis of values, left, with a faint line at each tick */
    int n = report_axis_ticks(lo, hi, &whole);
    for (int i = 0; i <= n && n > 0; i++) {
        double v = lo + (hi - lo) * i / n, y = value_y(v, lo, hi);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\" stroke=\"#e3e5ea\"/>", PLOT_X, y,
                PLOT_X + PLOT_W, y);
        fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor="
                     "\"end\">", PLOT_X - 6, y + 4);
        if (whole)
            fprintf(out, "%.0f", v);
        else
            report_num(out, v, 0);
        fputs("</text>\n", out);
    }
    /* the waves, below */
    for (size_t w = 0; w < K; w++) {
        fprintf(out, "<text class=\"wave\" x=\"%.1f\" y=\"%.1f\" text-anchor="
                     "\"middle\">Wave ", wave_x(w, K), PLOT_TOP + PLOT_H + 20);
        report_escape(out, report_trend_wave(rep, w));
        fputs("</text>\n", out);
    }
    for (size_t o = 0; o < s->n_groups_out; o++) {
        uint32_t g = s->groups_out[o];
        const char *group = score_group_id(s, g), *dash, *c;
        double last = NAN;
        if (!report_trend_line(rep, subj, k, o, &pts))
            continue;
        c = colour(s, g, &dash, line);
        fputs("<g class=\"trend-line\" data-group=\"", out);
        report_escape(out, group);
        fprintf(out, "\">\n<polyline fill=\"none\" stroke=\"%s\" "
                     "stroke-width=\"2\"%s points=\"", c, dash);
        for (size_t w = 0, i = 0; w < K; w++) {
            const table_row *m = report_trend_row(
                subj, s->inst->scales[k].id, group, report_trend_wave(rep, w),
                "wave_mean");
            if (m && m->has_value)
                fprintf(out, "%s%.1f,%.1f", i++ ? " " : "", wave_x(w, K),
                        value_y(m->value, lo, hi));
        }
        fputs("\"/>\n", out);
        for (size_t w = 0; w < K; w++) {
            const table_row *m = report_trend_row(
                subj, s->inst->scales[k].id, group, report_trend_wave(rep, w),
                "wave_mean");
            if (!m || !m->has_value)
                continue;
            marker(out, report_trend_marker(line), wave_x(w, K),
                   value_y(m->value, lo, hi), c);
            last = m->value;
        }
        /* the key: the line's marker, its group and its last mean */
        double ky = PLOT_TOP + 8 + KEY_ROW * (double)line;
        marker(out, report_trend_marker(line), KEY_X + 4, ky, c);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", KEY_X + 14, ky + 4);
        report_escape(out, report_group_label(s, g));
        fputs(" ", out);
        report_num(out, last, 0);
        fputs("</text>\n</g>\n", out);
        line++;
    }
    fputs("</svg>\n", out);
}

/* A change cell: "+0.05, no reliable change", or why there is none. */
static void change_cell(FILE *out, const table_row *d, const table_row *r,
                        int hold)
{
    fputs("<td>", out);
    if (d && d->has_value) {
        report_num(out, d->value, 1);
        if (r && r->has_value) {
            fputs(", ", out);
            report_escape(out, hold ? report_hold_words(r->note)
                                    : report_rci_words(r->note));
        }
    } else {
        fputs("\xe2\x80\x93", out);
    }
    fputs("</td>", out);
}

void report_html_trend(FILE *out, const assess_report *rep,
                       const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    size_t K = report_trend_count(rep);
    char label[256], what[128];

    fputs("<section id=\"trend\">\n<h2>Change over the waves</h2>\n", out);
    fputs("<p class=\"note\">Waves ", out);
    for (size_t w = 0; w < K; w++) {
        if (w)
            fputs(" \xe2\x86\x92 ", out);
        report_escape(out, report_trend_wave(rep, w));
    }
    fputs(": the first is the baseline. Each line is a group's average at "
          "each wave, marked and named beside the chart; a group with fewer "
          "raters than its minimum has no line. A change from the baseline is "
          "called an improvement or a deterioration only when it is larger "
          "than the scale's measurement error allows (the Reliable Change "
          "Index, Jacobson &amp; Truax 1991); otherwise it is no reliable "
          "change. <strong>Did it hold?</strong> compares the last but one "
          "wave (the end of coaching) with the last (the follow-up): held, "
          "improved further or fell back.</p>\n", out);
    /* who rated changed, for every two waves compared */
    for (size_t b = 1; b <= K; b++) {
        size_t from = b < K ? 0 : K - 2, to = b < K ? b : K - 1;
        report_trend_pair(rep, from, to, label, sizeof label);
        const char *note = report_trend_raters_changed(rep, subj, label);
        if (!note)
            continue;
        fputs("<p class=\"raters-changed\"><strong>Who rated changed between "
              "waves ", out);
        report_escape(out, report_trend_wave(rep, from));
        fputs(" and ", out);
        report_escape(out, report_trend_wave(rep, to));
        fputs(".</strong> ", out);
        if (report_trend_counts(note, what, sizeof what)) {
            fputs("Among All others, ", out);
            report_escape(out, what);
            fputs(" (on at least one scale). ", out);
        }
        fputs("Part of that change may come from who rated rather than from "
              "what changed.</p>\n", out);
    }
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const char *id = inst->scales[k].id;
        fprintf(out, "<div class=\"scale\" id=\"trend-%u\">\n<h3>", (unsigned)k);
        report_escape(out, inst->scales[k].title);
        fputs("</h3>\n", out);
        chart(out, rep, subj, k);
        fputs("<table>\n<thead><tr><th scope=\"col\">Group</th>", out);
        for (size_t w = 0; w < K; w++) {
            fputs("<th scope=\"col\" class=\"num\">Wave ", out);
            report_escape(out, report_trend_wave(rep, w));
            fputs("</th>", out);
        }
        for (size_t b = 1; b < K; b++) {
            fputs("<th scope=\"col\">", out);
            report_escape(out, report_trend_wave(rep, 0));
            fputs(" \xe2\x86\x92 ", out);
            report_escape(out, report_trend_wave(rep, b));
            fputs("</th>", out);
        }
        fputs("<th scope=\"col\">Did it hold? ", out);
        report_escape(out, report_trend_wave(rep, K - 2));
        fputs(" \xe2\x86\x92 ", out);
        report_escape(out, report_trend_wave(rep, K - 1));
        fputs("</th></tr></thead>\n<tbody>\n", out);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            uint32_t g = s->groups_out[o];
            const char *group = score_group_id(s, g);
            size_t pts;
            if (!report_trend_rated(rep, subj, k, o))
                continue;
            fputs("<tr><th scope=\"row\">", out);
            report_escape(out, report_group_label(s, g));
            fputs("</th>", out);
            if (!report_trend_line(rep, subj, k, o, &pts)) {
                const table_row *m = report_trend_row(
                    subj, id, group, report_trend_wave(rep, 0), "wave_mean");
                fprintf(out, "<td colspan=\"%zu\" class=\"note\">", 2 * K);
                report_escape(out, m && m->note ? m->note : "no score");
                fputs("</td></tr>\n", out);
                continue;
            }
            for (size_t w = 0; w < K; w++) {
                const table_row *m = report_trend_row(
                    subj, id, group, report_trend_wave(rep, w), "wave_mean");
                fputs("<td class=\"num\">", out);
                if (m && m->has_value)
                    report_num(out, m->value, 0);
                else
                    fputs("\xe2\x80\x93", out);
                fputs("</td>", out);
            }
            for (size_t b = 1; b < K; b++) {
                report_trend_pair(rep, 0, b, label, sizeof label);
                change_cell(out, report_trend_row(subj, id, group, label, "diff"),
                            report_trend_row(subj, id, group, label, "rci"), 0);
            }
            report_trend_pair(rep, K - 2, K - 1, label, sizeof label);
            change_cell(out, report_trend_row(subj, id, group, label, "hold_diff"),
                        report_trend_row(subj, id, group, label, "hold_rci"), 1);
            fputs("</tr>\n", out);
        }
        fputs("</tbody>\n</table>\n</div>\n", out);
    }
    if (subj->gas && subj->gas->has_value) {
        fputs("<h3>Coaching goals</h3>\n<p>Goal Attainment Scaling T-score: "
              "<strong>", out);
        report_num(out, subj->gas->value, 0);
        fputs("</strong> (50 means the goals were met as expected; above 50, "
              "better than expected).</p>\n", out);
    }
    fputs("</section>\n", out);
}

/* ---- Return on investment ------------------------------------------------ */

static void money(FILE *out, const table_row *r)
{
    char buf[64];
    if (r && r->has_value) {
        report_money_str(buf, sizeof buf, r->value);
        fputs(buf, out);
    } else {
        report_escape(out, r && r->note ? r->note : "\xe2\x80\x93");
    }
}

static void roi_figures(FILE *out, const assess_report *rep,
                        const char *subject)
{
    const table_row *roi = report_roi_row(rep, subject, "roi_percent");
    const table_row *bcr = report_roi_row(rep, subject, "bcr");

    fputs("<table class=\"roi\">\n<tbody>\n<tr><th scope=\"row\">Cost</th>"
          "<td class=\"num\">", out);
    money(out, report_roi_row(rep, subject, "cost"));
    fputs("</td></tr>\n<tr><th scope=\"row\">Adjusted benefits (a year)</th>"
          "<td class=\"num\">", out);
    money(out, report_roi_row(rep, subject, "adjusted_benefits"));
    fputs("</td></tr>\n<tr><th scope=\"row\">Net benefits</th><td "
          "class=\"num\">", out);
    money(out, report_roi_row(rep, subject, "net_benefits"));
    fputs("</td></tr>\n<tr><th scope=\"row\">Return on investment</th><td "
          "class=\"num\">", out);
    if (roi && roi->has_value)
        fprintf(out, "%.0f%%", fabs(roi->value) < 0.5 ? 0 : roi->value);
    else
        report_escape(out, roi && roi->note ? roi->note : "\xe2\x80\x93");
    fputs("</td></tr>\n<tr><th scope=\"row\">Benefit-cost ratio</th><td "
          "class=\"num\">", out);
    if (bcr && bcr->has_value)
        report_num(out, bcr->value, 0);
    else
        report_escape(out, bcr && bcr->note ? bcr->note : "\xe2\x80\x93");
    fputs("</td></tr>\n</tbody>\n</table>\n", out);
}

static void left_out(FILE *out, const assess_report *rep, const char *subject)
{
    const table_row *n = report_roi_row(rep, subject, "n_benefits_left_out");
    if (n && n->has_value && n->value > 0)
        fprintf(out, "<p>%.0f benefit%s left out for want of an estimate (an "
                     "annual value, attribution or confidence missing).</p>\n",
                n->value, n->value == 1 ? "" : "s");
}

static const char METHOD[] =
    "<p class=\"note\">The Phillips ROI methodology: each benefit's adjusted "
    "value is its annual value \xc3\x97 its attribution (the share due to "
    "coaching) \xc3\x97 the estimator's confidence; ROI % = net benefits / "
    "cost \xc3\x97 100; the benefit-cost ratio = benefits / cost.</p>\n";

void report_html_outcome(FILE *out, const assess_report *rep,
                         const report_subject *subj)
{
    size_t n;
    const benefit_row *b = report_roi_benefits(rep, subj->id, &n);
    char buf[64];

    if (!report_roi_row(rep, subj->id, "cost"))
        return;
    fputs("<section id=\"outcome\" class=\"keep\">\n<h2>Outcome: return on "
          "investment</h2>\n", out);
    roi_figures(out, rep, subj->id);
    if (n) {
        fputs("<table class=\"benefits\">\n<thead><tr><th scope=\"col\">Benefit"
              "</th><th scope=\"col\" class=\"num\">Annual value</th><th "
              "scope=\"col\" class=\"num\">Attribution</th><th scope=\"col\" "
              "class=\"num\">Confidence</th><th scope=\"col\" class=\"num\">"
              "Adjusted value</th></tr></thead>\n<tbody>\n", out);
        for (size_t i = 0; i < n; i++) {
            int has;
            double adj = report_roi_adjusted(&b[i], &has);
            fputs("<tr><td>", out);
            report_escape(out, b[i].description && *b[i].description
                                   ? b[i].description : b[i].id);
            fputs("</td><td class=\"num\">", out);
            if (isnan(b[i].annual_value)) {
                fputs("no estimate", out);
            } else {
                report_money_str(buf, sizeof buf, b[i].annual_value);
                fputs(buf, out);
            }
            fputs("</td><td class=\"num\">", out);
            if (isnan(b[i].attribution))
                fputs("no estimate", out);
            else
                fprintf(out, "%.0f%%", b[i].attribution * 100);
            fputs("</td><td class=\"num\">", out);
            if (isnan(b[i].confidence))
                fputs("no estimate", out);
            else
                fprintf(out, "%.0f%%", b[i].confidence * 100);
            fputs("</td><td class=\"num\">", out);
            if (has) {
                report_money_str(buf, sizeof buf, adj);
                fputs(buf, out);
            } else {
                fputs("left out", out);
            }
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    left_out(out, rep, subj->id);
    fputs(METHOD, out);
    fputs("</section>\n", out);
}

void report_html_cohort_trend(FILE *out, const assess_report *rep, uint32_t k)
{
    const assess_score *s = rep->s;
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    size_t K = report_trend_count(rep), shown = 0;

    if (!report_trend(rep))
        return;
    for (size_t w = 0; w < K; w++) {
        char why[128];
        const table_row *m = report_cohort_wave_mean(rep, k, w, why,
                                                     sizeof why);
        if (!shown)
            fputs("<p class=\"cohort-trend\"><strong>Across the waves</strong> "
                  "(others' averages, the cohort's mean):", out);
        fputs(shown++ ? "; wave " : " wave ", out);
        report_escape(out, report_trend_wave(rep, w));
        fputs(" ", out);
        if (m) {
            report_num(out, m->value, 0);
            fprintf(out, " (%.0f executives)", m->n);
        } else {
            fprintf(out, "not shown: %s", why);
        }
    }
    if (shown)
        fputs(".</p>\n", out);
    /* the change from the baseline to the last wave, and whether it held */
    char label[256];
    report_trend_pair(rep, 0, K - 1, label, sizeof label);
    const char *id = s->inst->scales[k].id;
    const table_row *md = report_trend_cohort_row(rep, id, others, label,
                                                  "mean_diff");
    if (md && md->has_value && md->has_n && md->n >= minimum) {
        report_html_cohort_change(
            out, label, md,
            report_trend_cohort_row(rep, id, others, label, "n_improved"),
            report_trend_cohort_row(rep, id, others, label, "n_unchanged"),
            report_trend_cohort_row(rep, id, others, label,
                                    "n_deteriorated"));
        report_trend_pair(rep, K - 2, K - 1, label, sizeof label);
        const table_row *held = report_trend_cohort_row(rep, id, others, label,
                                                        "n_held");
        const table_row *further = report_trend_cohort_row(
            rep, id, others, label, "n_improved_further");
        const table_row *back = report_trend_cohort_row(rep, id, others, label,
                                                        "n_fell_back");
        if (held && further && back && held->has_value &&
            further->has_value && back->has_value) {
            fputs("<p><strong>Did it hold?</strong> (waves ", out);
            report_waves(out, label);
            fprintf(out, "): %.0f held, %.0f improved further, %.0f fell "
                         "back.</p>\n", held->value, further->value,
                    back->value);
        }
    }
}

void report_html_cohort_outcome(FILE *out, const assess_report *rep)
{
    char said[256];
    int shown;

    if (!report_roi(rep))
        return;
    shown = report_roi_cohort(rep, said, sizeof said);
    fputs("<section id=\"outcome\" class=\"keep\">\n<h2>Outcome: return on "
          "investment</h2>\n<p>", out);
    report_escape(out, said);
    fputs("</p>\n", out);
    if (!shown) {
        fputs("</section>\n", out);
        return;
    }
    roi_figures(out, rep, NULL);
    left_out(out, rep, NULL);
    fputs(METHOD, out);
    fputs("</section>\n", out);
}
