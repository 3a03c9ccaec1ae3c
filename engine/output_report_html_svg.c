/*
 * output_report_html_svg.c - the HTML report's charts, drawn as inline SVG:
 * bars, an axis and text labels.  Every mark has its value or its meaning
 * written beside it, so that nothing rests on colour alone, and every chart
 * has a <title> for screen readers.  Charts read the score rows and change
 * rows as they are; what they withhold is written as such, never drawn.
 */
#include <math.h>
#include <string.h>

#include "input_instrument.h"
#include "output_report.h"

/* Layout, in SVG user units (1 unit = 1 CSS pixel at 100%). */
#define W 720.0        /* chart width */
#define LABEL_W 150.0  /* group or scale labels, left */
#define PLOT_X 160.0   /* the plot area */
#define PLOT_W 360.0
#define TEXT_X 532.0   /* values and words, right */
#define ROW_H 26.0
#define BAR_H 14.0
#define TOP 8.0
#define AXIS_H 24.0

/* Colours: self, the groups, others; each bar is labelled in text too. */
#define C_SELF "#3b5b92"
#define C_GROUP "#8a9099"
#define C_OTHERS "#2f7a4f"
#define C_BLIND "#b5472f"
#define C_HIDDEN "#2f6fb5"

static double xpos(double v, double lo, double hi)
{
    return PLOT_X + report_axis_at(v, lo, hi) * PLOT_W;
}

static void svg_open(FILE *out, double height, const char *title_id,
                     const char *what, const char *scale_title)
{
    fprintf(out, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"%s\" "
                 "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                 "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"%s\">",
            title_id, W, height, W, height, title_id);
    fputs(what, out);
    if (scale_title) {
        fputs(": ", out);
        report_escape(out, scale_title);
    }
    fputs("</title>\n", out);
}

/* Ticks and their labels under the plot, at whole points where that gives
 * up to ten ticks, else at five even steps. */
static void axis(FILE *out, double y, double lo, double hi)
{
    int whole;
    int n = report_axis_ticks(lo, hi, &whole);

    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                 "y2=\"%.1f\"/>\n", PLOT_X, y, PLOT_X + PLOT_W, y);
    for (int i = 0; i <= n && n > 0; i++) {
        double v = lo + (hi - lo) * i / n, x = xpos(v, lo, hi);
        fprintf(out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\"/>", x, y, x, y + 4);
        fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                     "text-anchor=\"middle\">", x, y + 16);
        if (whole)
            fprintf(out, "%.0f", v);
        else
            report_num(out, v, 0);
        fputs("</text>\n", out);
    }
}

static void label(FILE *out, double y, const char *text, int strong)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>",
            LABEL_W, y + 4, strong ? " font-weight=\"bold\"" : "");
    report_escape(out, text);
    fputs("</text>\n", out);
}

void report_svg_scale(FILE *out, const assess_report *rep, const score_rows *v,
                      uint32_t k)
{
    const assess_score *s = rep->s;
    const inst_scale *sc = &s->inst->scales[k];
    const stat_row *rows = score_scale_rows(v, k);
    double lo, hi, y;
    size_t n = 0;
    char id[64];

    report_scale_axis(s, k, &lo, &hi);
    for (size_t o = 0; o < s->n_groups_out; o++)
        n += report_row_drawn(s, &rows[o]);
    snprintf(id, sizeof id, "scale-%u-title", (unsigned)k);
    svg_open(out, TOP + n * ROW_H + AXIS_H, id, "Ratings by group", sc->title);

    y = TOP + ROW_H / 2;
    for (size_t o = 0; o < s->n_groups_out; o++) {
        const stat_row *row = &rows[o];
        uint32_t g = row->group;
        int self = g < s->inst->n_groups && s->inst->groups[g].role == ROLE_SELF;
        int others = g == GROUP_OTHERS(s->inst);
        if (!report_row_drawn(s, row))
            continue;
        label(out, y, report_group_label(s, g), self || others);
        if (row->suppressed) {
            fprintf(out, "<text class=\"withheld\" x=\"%.1f\" y=\"%.1f\">not "
                         "shown: fewer than %u raters</text>\n",
                    PLOT_X, y + 4, row->minimum);
        } else if (!row->has_mean) {
            fprintf(out, "<text class=\"withheld\" x=\"%.1f\" y=\"%.1f\">no "
                         "score</text>\n", PLOT_X, y + 4);
        } else {
            double x = xpos(row->mean, lo, hi);
            int range = report_range_shown(s, rows, o);
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\" fill=\"%s\"/>\n",
                    PLOT_X, y - BAR_H / 2, x - PLOT_X, BAR_H,
                    self ? C_SELF : others ? C_OTHERS : C_GROUP);
            if (range) {
                double x0 = xpos(row->min, lo, hi), x1 = xpos(row->max, lo, hi);
                fprintf(out, "<path class=\"range\" d=\"M%.1f %.1fv8M%.1f "
                             "%.1fH%.1fM%.1f %.1fv8\"/>\n",
                        x0, y - 4, x0, y, x1, x1, y - 4);
            }
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", TEXT_X, y + 4);
            report_num(out, row->mean, 0);
            if (range) {
                fputs(" (", out);
                report_num(out, row->min, 0);
                fputs("\xe2\x80\x93", out); /* en dash */
                report_num(out, row->max, 0);
                fputc(')', out);
            }
            if (row->has_norm)
                fprintf(out, ", percentile %.0f", row->percentile);
            fputs("</text>\n", out);
        }
        y += ROW_H;
    }
    axis(out, TOP + n * ROW_H + 2, lo, hi);
    fputs("</svg>\n", out);
}

void report_svg_gaps(FILE *out, const assess_report *rep, const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    double reach = report_gap_reach(s, v), y;

    svg_open(out, TOP + inst->n_scales * ROW_H + AXIS_H + 16, "gaps-title",
             "Self minus others per scale", NULL);
    y = TOP + ROW_H / 2;
    for (uint32_t k = 0; k < inst->n_scales; k++, y += ROW_H) {
        const stat_row *gap = report_gap_row(s, score_scale_rows(v, k));
        label(out, y, inst->scales[k].title,
              gap && gap->has_gap && gap->flag != GAP_NONE);
        if (!gap || !gap->has_gap) {
            fprintf(out, "<text class=\"withheld\" x=\"%.1f\" y=\"%.1f\">%s"
                         "</text>\n", PLOT_X, y + 4,
                    gap && (gap->gap_reasons & WHY_NO_SELF) ? "no self rating"
                                                            : "others not shown");
            continue;
        }
        double x0 = xpos(0, -reach, reach), x = xpos(gap->gap, -reach, reach);
        const char *fill = gap->flag == GAP_BLIND_SPOT        ? C_BLIND
                           : gap->flag == GAP_HIDDEN_STRENGTH ? C_HIDDEN
                                                              : C_GROUP;
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                     "fill=\"%s\"/>\n", x < x0 ? x : x0, y - BAR_H / 2,
                fabs(x - x0), BAR_H, fill);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", TEXT_X, y + 4);
        report_num(out, gap->gap, 1);
        if (gap->flag == GAP_BLIND_SPOT)
            fputs(" blind spot", out);
        else if (gap->flag == GAP_HIDDEN_STRENGTH)
            fputs(" hidden strength", out);
        fputs("</text>\n", out);
    }
    double ax = xpos(0, -reach, reach);
    fprintf(out, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                 "y2=\"%.1f\"/>\n", ax, TOP, ax, y - ROW_H / 2);
    axis(out, y - ROW_H / 2 + 2, -reach, reach);
    fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">\xe2\x86\x90 "
                 "others higher</text><text class=\"tick\" x=\"%.1f\" "
                 "y=\"%.1f\" text-anchor=\"end\">self higher \xe2\x86\x92</text>\n",
            PLOT_X, y - ROW_H / 2 + AXIS_H + 12, PLOT_X + PLOT_W,
            y - ROW_H / 2 + AXIS_H + 12);
    fputs("</svg>\n", out);
}

void report_svg_change(FILE *out, const assess_report *rep,
                       const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const char *others = score_group_id(s, GROUP_OTHERS(inst));
    double y;

    svg_open(out, TOP + inst->n_scales * ROW_H + 8, "change-title",
             "Others' ratings before and after, per scale", NULL);
    y = TOP + ROW_H / 2;
    for (uint32_t k = 0; k < inst->n_scales; k++, y += ROW_H) {
        const char *id = inst->scales[k].id;
        const table_row *pre = report_row(subj->change, subj->n_change, id,
                                          others, "pre_mean");
        const table_row *post = report_row(subj->change, subj->n_change, id,
                                           others, "post_mean");
        const table_row *rci = report_row(subj->change, subj->n_change, id,
                                          others, "rci");
        double lo, hi;

        report_scale_axis(s, k, &lo, &hi);
        label(out, y, inst->scales[k].title,
              rci && rci->has_value && rci->note &&
                  strcmp(rci->note, "no_reliable_change") != 0);
        if (!pre || !post || !pre->has_value || !post->has_value) {
            const char *why = pre && !pre->has_value ? pre->note
                              : post && !post->has_value ? post->note
                                                         : NULL;
            fprintf(out, "<text class=\"withheld\" x=\"%.1f\" y=\"%.1f\">",
                    PLOT_X, y + 4);
            report_escape(out, why ? why : "no change to show");
            fputs("</text>\n", out);
            continue;
        }
        double x0 = xpos(pre->value, lo, hi), x1 = xpos(post->value, lo, hi);
        fprintf(out, "<line class=\"track\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\"/>\n", PLOT_X, y, PLOT_X + PLOT_W, y);
        fprintf(out, "<line class=\"move\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\"/>\n", x0, y, x1, y);
        fprintf(out, "<circle class=\"pre\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>"
                     "<circle class=\"post\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>\n",
                x0, y, x1, y);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", TEXT_X, y + 4);
        report_num(out, pre->value, 0);
        fputs(" \xe2\x86\x92 ", out); /* arrow */
        report_num(out, post->value, 0);
        if (rci && rci->has_value) {
            fputs(" ", out);
            report_escape(out, report_rci_words(rci->note));
        }
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

void report_svg_cohort(FILE *out, const assess_report *rep, uint32_t k)
{
    const assess_score *s = rep->s;
    const double *m = rep->cohort_means + (size_t)k * rep->n_subjects;
    size_t n;
    double mean = report_cohort_mean(rep, k, &n);
    double lo, hi, y = TOP + ROW_H;
    char id[64];

    report_scale_axis(s, k, &lo, &hi);
    snprintf(id, sizeof id, "cohort-%u-title", (unsigned)k);
    svg_open(out, TOP + 2 * ROW_H + AXIS_H, id,
             "Others' averages across the executives", s->inst->scales[k].title);
    label(out, y, "Executives", 0);
    for (size_t i = 0; i < n; i++)
        /* equal means stack, so that every executive is a dot */
        fprintf(out, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>\n",
                xpos(m[i], lo, hi),
                y - (double)report_cohort_stack(rep, k, i) * 5);
    if (n) {
        double x = xpos(mean, lo, hi);
        fprintf(out, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\"/>\n", x, y - ROW_H / 2 - 6, x, y + ROW_H / 2);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">mean ", TEXT_X, y + 4);
        report_num(out, mean, 0);
        fputs("</text>\n", out);
    }
    axis(out, y + ROW_H / 2 + 2, lo, hi);
    fputs("</svg>\n", out);
}
