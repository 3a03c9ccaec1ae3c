/*
 * output_report_pdf.c - the executive's report, the cohort report and the
 * index as PDF, drawn natively: cairo's PDF surface, text laid out by Pango
 * in DejaVu Sans (found through fontconfig, embedded as a subset), so that
 * the text is real text, selectable and searchable, in every script the
 * fonts hold.  The only file that includes cairo or Pango.
 *
 * What is shown is the report model's (output_report.c), in the words of
 * the HTML page (output_report_html.c), section for section; tests/run-pdf.sh
 * checks that the two hold the same words.  Text from the instrument and
 * the input files is drawn as it is, never read as markup or obeyed:
 * control characters and bidi overrides are drawn as U+FFFD, and
 * right-to-left text is isolated (FSI ... PDI), so that Pango orders it
 * within itself and it cannot reorder the sentence around it.
 *
 * A document is made in two steps.  Laying out turns the report into
 * blocks, each a list of marks (text, rectangles, lines, circles) and a
 * height, never split across pages: a paragraph, a table row, a chart's
 * row; a block is kept on the page of the one after it strongly (a
 * heading and what follows, a table's or a chart's rows) or weakly (a
 * section that reads best whole), each keep given up only when what it
 * holds together is taller than a page.  Painting then draws each page,
 * its header (the running text) and its footer ("page N of M": the pages
 * are known by then) and adds the bookmarks.  Nothing is laid out twice.
 *
 * Threads: each call makes its own Pango context and cairo surface, on
 * the calling thread's Pango font map (Pango keeps one per thread);
 * fontconfig is initialised once, before the first.  Pango and cairo
 * abort when out of memory (GLib's rule), so only writing can fail here.
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "base_error.h"
#include "base_format.h"
#include "input_goals.h"
#include "input_instrument.h"
#include "output_report.h"
#include "score_comments.h"
#include "output_report_pdf.h"
#include "output_report_trend.h"

#define FONT_FAMILY "DejaVu Sans"

/* Colours, as the HTML page's style has them. */
#define INK 0x1d232bu
#define GREY 0x555555u
#define WITHHELD 0x666666u
#define RULE 0xe3e5eau
#define H2_RULE 0xccccddu
#define RUST 0x8a3b12u
#define MIXED 0x7a5a12u
#define AXIS 0x888888u
#define ZERO 0x333333u
#define C_SELF 0x3b5b92u
#define C_GROUP 0x8a9099u
#define C_OTHERS 0x2f7a4fu
#define C_BLIND 0xb5472fu
#define C_HIDDEN 0x2f6fb5u
#define BOX_FILL 0xfbf4f1u
#define BOX_LINE 0xc9a49au
#define WRITE_LINE 0x999999u
#define TRACK 0xe3e5eau
#define MOVE 0x555555u
#define WHITE 0xffffffu
#define NONE 0xffffffffu

/* ---- Text styles -------------------------------------------------------- */

enum { F_BOLD = 1u << 0, F_ITALIC = 1u << 1, F_SUB = 1u << 2,
       F_UPPER = 1u << 3 };

typedef struct tstyle {
    double size;     /* points */
    unsigned flags;  /* F_BOLD, F_ITALIC */
    uint32_t colour;
    double spacing;  /* baseline to baseline, in font heights; 0: the font's */
    double letter;   /* extra space between letters, points */
} tstyle;

static const tstyle S_BODY = { 9.5, 0, INK, 1.35, 0 };
static const tstyle S_NOTE = { 8.5, 0, GREY, 1.35, 0 };
static const tstyle S_META = { 10, 0, GREY, 1.3, 0 };
static const tstyle S_H1 = { 24, F_BOLD, INK, 1.15, 0 };
static const tstyle S_H1_COVER = { 28, F_BOLD, INK, 1.1, 0 };
static const tstyle S_H2 = { 13, F_BOLD, INK, 1.2, 0 };
static const tstyle S_H3 = { 10.5, F_BOLD, INK, 1.25, 0 };
static const tstyle S_KICKER = { 8.5, F_BOLD, RUST, 1.2, 0.7 };
static const tstyle S_TABLE_SMALL = { 8.5, 0, INK, 1.3, 0 };
static const tstyle S_CHART = { 7.5, 0, INK, 1.2, 0 };
static const tstyle S_TICK = { 6.8, 0, GREY, 1.1, 0 };
static const tstyle S_RUNNING = { 8, 0, GREY, 1.1, 0 };

/* ---- Geometry, in points ------------------------------------------------ */

#define MARGIN_X 56.0  /* left and right */
#define MARGIN_TOP 62.0
#define MARGIN_BOTTOM 58.0
#define HEADER_Y 34.0  /* the running header's top */
#define FOOTER_Y 30.0  /* the footer's bottom, above the page's */

#define CELL_PAD_X 6.0
#define CELL_PAD_Y 3.0
#define CHART_ROW 16.0 /* a chart row at least */
#define BAR_H 8.5
#define LIST_INDENT 18.0
#define WRITE_PITCH 18.0 /* lines to write on */

/* ---- Rich text: runs of styled text, our own or from the input ---------- */

typedef struct rich {
    GString *text;
    PangoAttrList *attrs;
} rich;

static void rich_init(rich *r)
{
    r->text = g_string_sized_new(64);
    r->attrs = pango_attr_list_new();
}

static void rich_release(rich *r)
{
    if (r->text)
        g_string_free(r->text, TRUE);
    if (r->attrs)
        pango_attr_list_unref(r->attrs);
    r->text = NULL;
    r->attrs = NULL;
}

static void rich_attr(rich *r, PangoAttribute *a, size_t from)
{
    a->start_index = (guint)from;
    a->end_index = (guint)r->text->len;
    pango_attr_list_insert(r->attrs, a);
}

/* Whether the code point c is written right to left. */
static int right_to_left(gunichar c)
{
    return (c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfdff) ||
           (c >= 0xfe70 && c <= 0xfefe) || (c >= 0x10800 && c <= 0x10fff) ||
           (c >= 0x1e800 && c <= 0x1efff) || c == 0x061c || c == 0x200f;
}

/* Whether c would be obeyed rather than drawn: a control character (C0,
 * DEL, C1), a line or paragraph separator, or one of the bidirectional
 * algorithm's embeddings, overrides and isolates. */
static int obeyed(gunichar c)
{
    return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 ||
           c == 0x2029 || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

/*
 * Appends input text so that it is drawn as it is: a byte that is not
 * UTF-8, and a character that would be obeyed rather than drawn (obeyed()),
 * as U+FFFD, the replacement character, which every font has; text with
 * right-to-left letters inside an isolate (U+2068 ... U+2069), so that
 * Pango orders it within itself and it cannot reorder what follows.
 */
static void append_input(GString *g, const char *s)
{
    int isolate = 0;
    for (const char *p = s; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        if (right_to_left(c)) {
            isolate = 1;
            break;
        }
        p = g_utf8_next_char(p);
    }
    if (isolate)
        g_string_append(g, "\xe2\x81\xa8");
    for (const char *p = s; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append(g, "\xef\xbf\xbd");
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (obeyed(c))
            g_string_append(g, "\xef\xbf\xbd");
        else
            g_string_append_len(g, p, next - p);
        p = next;
    }
    if (isolate)
        g_string_append(g, "\xe2\x81\xa9");
}

/* A run of text: `input` from the instrument or the input files (drawn as
 * it is), else our own; in `colour` unless NONE. */
static void run_of(rich *r, unsigned flags, uint32_t colour, const char *text,
                   int input)
{
    size_t from = r->text->len;
    if (!text)
        return;
    if (input)
        append_input(r->text, text);
    else
        g_string_append(r->text, text);
    if (r->text->len == from)
        return;
    if (flags & F_BOLD)
        rich_attr(r, pango_attr_weight_new(PANGO_WEIGHT_BOLD), from);
    if (flags & F_ITALIC)
        rich_attr(r, pango_attr_style_new(PANGO_STYLE_ITALIC), from);
    if (flags & F_SUB) {
        rich_attr(r, pango_attr_scale_new(0.75), from);
        rich_attr(r, pango_attr_rise_new(-2 * PANGO_SCALE), from);
    }
    if (colour != NONE)
        rich_attr(r, pango_attr_foreground_new(
                         (guint16)((colour >> 16 & 0xff) * 257),
                         (guint16)((colour >> 8 & 0xff) * 257),
                         (guint16)((colour & 0xff) * 257)), from);
}

/* Our own text. */
static void run(rich *r, unsigned flags, const char *text)
{
    run_of(r, flags, NONE, text, 0);
}

/* Text from the input. */
static void run_in(rich *r, unsigned flags, const char *text)
{
    run_of(r, flags, NONE, text, 1);
}

static void runf(rich *r, unsigned flags, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void runf(rich *r, unsigned flags, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    run(r, flags, buf);
}

/* A number as the report shows it (report_num). */
static void run_num(rich *r, unsigned flags, double x, int sign)
{
    char buf[64];
    report_num_str(buf, sizeof buf, x, sign);
    run(r, flags, buf);
}

/* ---- The document: marks in blocks ------------------------------------- */

enum { OP_TEXT, OP_LINE_OF, OP_RECT, OP_LINE, OP_CIRCLE, OP_BRACKET };

/* A mark, placed within its block. */
typedef struct pdf_op {
    int kind;
    double x, y, w, h;    /* TEXT: top left; LINE_OF: baseline start;
                             RECT; LINE: from (x, y) to (w, h); CIRCLE:
                             centre (x, y), radius w; BRACKET: from x to w
                             at height y, ends h high */
    uint32_t fill, stroke;
    double line_w, alpha;
    PangoLayout *layout;  /* TEXT, LINE_OF (a reference each) */
    int line;             /* LINE_OF: the layout's line */
    uint32_t colour;      /* TEXT, LINE_OF */
    const char *link;     /* TEXT: cairo link attributes, or NULL */
} pdf_op;

enum { KEEP_NONE = 0, KEEP_WEAK = 1, KEEP_STRONG = 2 };

typedef struct pdf_block {
    double h, space;      /* height; space above, dropped at a page's top */
    size_t op, n_ops;
    int keep;             /* with the next block */
    int new_page;         /* begins a page */
    const char *mark;     /* a bookmark to the block, or NULL */
    int mark_level;       /* 1 or 2 */
    int page;             /* placed: 0-based page, and the top */
    double y;
} pdf_block;

typedef struct doc {
    PangoContext *pc;
    double page_w, page_h, body_w, body_h;
    pdf_op *ops;
    size_t n_ops, cap_ops, op_start;
    pdf_block *blocks;
    size_t n_blocks, cap_blocks;
    GStringChunk *strings;  /* bookmarks, links */
    double space;           /* above the next block */
    int new_page;           /* the next block begins a page */
    const char *mark;       /* the next block's bookmark */
    int mark_level;
    int n_pages;
    /* metadata and the page furniture */
    const char *title, *author, *subject, *running;
    char date[32];          /* ISO 8601 for cairo, or "" */
} doc;

static void *grow(void *p, size_t *cap, size_t size)
{
    size_t n = *cap ? 2 * *cap : 64;
    void *q = g_realloc(p, n * size);
    *cap = n;
    return q;
}

static pdf_op *op_add(doc *d, int kind)
{
    if (d->n_ops == d->cap_ops)
        d->ops = grow(d->ops, &d->cap_ops, sizeof *d->ops);
    pdf_op *o = &d->ops[d->n_ops++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->fill = o->stroke = NONE;
    o->alpha = 1;
    o->colour = INK;
    return o;
}

/* Closes the block of every mark added since the last: `h` high. */
static pdf_block *block_close(doc *d, double h)
{
    if (d->n_blocks == d->cap_blocks)
        d->blocks = grow(d->blocks, &d->cap_blocks, sizeof *d->blocks);
    pdf_block *b = &d->blocks[d->n_blocks++];
    memset(b, 0, sizeof *b);
    b->h = h;
    b->space = d->space;
    b->op = d->op_start;
    b->n_ops = d->n_ops - d->op_start;
    b->new_page = d->new_page;
    b->mark = d->mark;
    b->mark_level = d->mark_level;
    d->op_start = d->n_ops;
    d->space = 0;
    d->new_page = 0;
    d->mark = NULL;
    return b;
}

/* The last block keeps with the next at least this strongly. */
static void keep_next(doc *d, int keep)
{
    if (d->n_blocks && d->blocks[d->n_blocks - 1].keep < keep)
        d->blocks[d->n_blocks - 1].keep = keep;
}

/* Blocks from `first` to the last are kept together at least this
 * strongly. */
static void keep_from(doc *d, size_t first, int keep)
{
    for (size_t i = first; i + 1 < d->n_blocks; i++)
        if (d->blocks[i].keep < keep)
            d->blocks[i].keep = keep;
}

static void space(doc *d, double pt)
{
    if (d->space < pt)
        d->space = pt;
}

/* Input text as drawn (append_input()), kept as long as d. */
static const char *clean(doc *d, const char *text)
{
    GString *g = g_string_sized_new(64);
    append_input(g, text);
    const char *kept = g_string_chunk_insert(d->strings, g->str);
    g_string_free(g, TRUE);
    return kept;
}

/* The next block carries a bookmark. */
static void bookmark(doc *d, int level, const char *title)
{
    d->mark = clean(d, title);
    d->mark_level = level;
}

/* ---- Text layouts ------------------------------------------------------- */

/* A layout of r in style st, `width` wide (0: as wide as its text, no
 * wrapping), aligned left or right (within width). */
static PangoLayout *layout_of(doc *d, const tstyle *st, rich *r, double width,
                              int right)
{
    PangoLayout *l = pango_layout_new(d->pc);
    PangoFontDescription *fd = pango_font_description_new();
    PangoAttrList *attrs = pango_attr_list_copy(r->attrs);
    PangoAttribute *a;

    pango_font_description_set_family_static(fd, FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    if (st->flags & F_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (st->flags & F_ITALIC)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    /* The paragraph is left to right whatever its first letter: text in
     * another direction is ordered within its isolate. */
    pango_layout_set_auto_dir(l, FALSE);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    if (st->spacing > 0)
        pango_layout_set_line_spacing(l, (float)st->spacing);
    /* No hyphen is drawn where a word breaks: the text stays the text. */
    a = pango_attr_insert_hyphens_new(FALSE);
    a->start_index = 0;
    a->end_index = G_MAXUINT;
    pango_attr_list_insert_before(attrs, a);
    if (st->letter > 0) {
        a = pango_attr_letter_spacing_new((int)(st->letter * PANGO_SCALE));
        a->start_index = 0;
        a->end_index = G_MAXUINT;
        pango_attr_list_insert_before(attrs, a);
    }
    if (st->flags & F_UPPER) {
        char *up = g_utf8_strup(r->text->str, (gssize)r->text->len);
        pango_layout_set_text(l, up, -1);
        g_free(up);
    } else {
        pango_layout_set_text(l, r->text->str, (int)r->text->len);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    return l;
}

static void layout_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    if (w)
        *w = (double)(logical.x + logical.width) / PANGO_SCALE;
    if (h)
        *h = (double)logical.height / PANGO_SCALE;
}

/* Adds a text mark (taking the layout) at (x, y) of the block. */
static pdf_op *op_text(doc *d, PangoLayout *l, double x, double y,
                       uint32_t colour)
{
    pdf_op *o = op_add(d, OP_TEXT);
    o->layout = l;
    o->x = x;
    o->y = y;
    o->colour = colour;
    return o;
}

static void op_rect(doc *d, double x, double y, double w, double h,
                    uint32_t fill, uint32_t stroke, double line_w)
{
    pdf_op *o = op_add(d, OP_RECT);
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    o->fill = fill;
    o->stroke = stroke;
    o->line_w = line_w;
}

static void op_line(doc *d, double x0, double y0, double x1, double y1,
                    uint32_t colour, double line_w)
{
    pdf_op *o = op_add(d, OP_LINE);
    o->x = x0;
    o->y = y0;
    o->w = x1;
    o->h = y1;
    o->stroke = colour;
    o->line_w = line_w;
}

static void op_circle(doc *d, double cx, double cy, double r, uint32_t fill,
                      uint32_t stroke, double line_w, double alpha)
{
    pdf_op *o = op_add(d, OP_CIRCLE);
    o->x = cx;
    o->y = cy;
    o->w = r;
    o->fill = fill;
    o->stroke = stroke;
    o->line_w = line_w;
    o->alpha = alpha;
}

/*
 * A paragraph of r in style st, indented by `indent`: one block, or for a
 * paragraph taller than a third of a page, a block per line, so that it
 * can run on to the next page.  Releases r.
 */
static void para(doc *d, const tstyle *st, rich *r, double indent)
{
    double w = d->body_w - indent, h;
    PangoLayout *l = layout_of(d, st, r, w, 0);

    rich_release(r);
    layout_size(l, NULL, &h);
    if (h <= d->body_h / 3) {
        op_text(d, l, indent, 0, st->colour);
        block_close(d, h);
        return;
    }
    /* line by line */
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int line = 0;
    size_t first = d->n_blocks;
    do {
        int y0, y1;
        PangoRectangle logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        pdf_op *o = op_add(d, OP_LINE_OF);
        o->layout = g_object_ref(l);
        o->line = line++;
        o->x = indent + (double)logical.x / PANGO_SCALE;
        o->y = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
        o->colour = st->colour;
        block_close(d, (double)(y1 - y0) / PANGO_SCALE);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    keep_from(d, first, KEEP_WEAK);
}

/* A paragraph of our own text in one style. */
static void para_text(doc *d, const tstyle *st, const char *text)
{
    rich r;
    rich_init(&r);
    run(&r, 0, text);
    para(d, st, &r, 0);
}

static void h2(doc *d, const char *title, int input)
{
    rich r;
    double h;
    rich_init(&r);
    run_of(&r, 0, NONE, title, input);
    PangoLayout *l = layout_of(d, &S_H2, &r, d->body_w, 0);
    rich_release(&r);
    layout_size(l, NULL, &h);
    op_text(d, l, 0, 0, INK);
    op_line(d, 0, h + 3, d->body_w, h + 3, H2_RULE, 0.75);
    space(d, 20);
    block_close(d, h + 9);
    keep_next(d, KEEP_STRONG);
}

static void h3(doc *d, const char *title, int input)
{
    rich r;
    rich_init(&r);
    run_of(&r, 0, NONE, title, input);
    space(d, 10);
    para(d, &S_H3, &r, 0);
    keep_next(d, KEEP_STRONG);
}

/* ---- Tables ------------------------------------------------------------- */

enum { C_NUM = 1u << 0,    /* right aligned */
       C_BOLD = 1u << 1,
       C_GREY = 1u << 2,   /* the cover's facts: names of the rows */
       C_BAR = 1u << 3,    /* a bar, `bar` of its width, not text */
       C_FLUSH = 1u << 4,  /* no padding on the left */
       C_SPAN = 1u << 5 }; /* runs to the row's end, the cells after it
                              empty; its text sets no column's width */

typedef struct tcell {
    rich r;
    unsigned flags;
    double bar;
    const char *link;
    PangoLayout *l;
} tcell;

typedef struct grid {
    size_t cols, n, cap;
    tcell *cells;
    int head;           /* the first row is a header */
} grid;

#define BAR_CELL_W 80.0

static void grid_init(grid *t, size_t cols, int head)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->head = head;
}

/* The next cell, its text to be added to its `r`. */
static tcell *grid_cell(grid *t, unsigned flags)
{
    if (t->n == t->cap)
        t->cells = grow(t->cells, &t->cap, sizeof *t->cells);
    tcell *c = &t->cells[t->n++];
    memset(c, 0, sizeof *c);
    rich_init(&c->r);
    c->flags = flags;
    return c;
}

static void grid_text(grid *t, unsigned flags, const char *text, int input)
{
    run_of(&grid_cell(t, flags)->r, 0, NONE, text, input);
}

/* The widest word of l: the narrowest it can be without breaking one. */
static double min_content(PangoLayout *l)
{
    double w = 0;
    pango_layout_set_width(l, PANGO_SCALE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    for (int i = 0; i < pango_layout_get_line_count(l); i++) {
        PangoRectangle logical;
        pango_layout_line_get_extents(pango_layout_get_line_readonly(l, i),
                                      NULL, &logical);
        w = fmax(w, (double)logical.width / PANGO_SCALE);
    }
    pango_layout_set_width(l, -1);
    return w;
}

/* Lays the table out, a block per row, the rows kept together. */
static void grid_end(doc *d, grid *t, const tstyle *st)
{
    size_t rows = t->n / t->cols, cols = t->cols;
    double *nat = g_new0(double, cols), *w = g_new0(double, cols);
    double *least = g_new0(double, cols), *body = g_new0(double, cols);
    double total = 0, total_least = 0, total_body = 0;
    size_t first = d->n_blocks;

    assert(t->n % t->cols == 0);
    for (size_t i = 0; i < t->n; i++) {
        tcell *c = &t->cells[i];
        size_t col = i % cols;
        double cw = BAR_CELL_W, cmin = BAR_CELL_W, pad;
        tstyle cs = *st;
        if ((t->head && i < cols) || (c->flags & C_BOLD))
            cs.flags |= F_BOLD;
        if (c->flags & C_GREY)
            cs.colour = GREY;
        if (!(c->flags & C_BAR)) {
            c->l = layout_of(d, &cs, &c->r, 0, (c->flags & C_NUM) != 0);
            layout_size(c->l, &cw, NULL);
            cmin = min_content(c->l);
        }
        if (c->flags & C_SPAN)
            continue;
        pad = ((c->flags & C_FLUSH) ? 0 : CELL_PAD_X) + CELL_PAD_X;
        nat[col] = fmax(nat[col], cw + pad);
        /* a word wider than a third of the page breaks anywhere */
        least[col] = fmax(least[col], fmin(cmin, d->body_w / 3) + pad);
        if (!(t->head && i < cols))
            body[col] = fmax(body[col], cw + pad);
    }
    for (size_t col = 0; col < cols; col++) {
        body[col] = fmax(body[col], least[col]);
        total += nat[col];
        total_body += body[col];
        total_least += least[col];
    }
    /* Three widths a column can take, narrowest first: its widest word;
     * its cells' text on one line, a header wrapped; everything on one
     * line.  The widest that fits, or a share between two. */
    if (total <= d->body_w) {
        memcpy(w, nat, cols * sizeof *w);
    } else if (total_body <= d->body_w) {
        double k = (d->body_w - total_body) / (total - total_body);
        for (size_t col = 0; col < cols; col++)
            w[col] = body[col] + (nat[col] - body[col]) * k;
        total = d->body_w;
    } else if (total_least < d->body_w) {
        double k = (d->body_w - total_least) / (total_body - total_least);
        for (size_t col = 0; col < cols; col++)
            w[col] = least[col] + (body[col] - least[col]) * k;
        total = d->body_w;
    } else {
        for (size_t col = 0; col < cols; col++)
            w[col] = least[col] * d->body_w / total_least;
        total = d->body_w;
    }
    for (size_t row = 0; row < rows; row++) {
        double h = 0, x = 0;
        for (size_t col = 0; col < cols; col++) {
            tcell *c = &t->cells[row * cols + col];
            double pad = (c->flags & C_FLUSH) ? 0 : CELL_PAD_X;
            double inner = w[col] - pad - CELL_PAD_X, ch = 7;
            if (c->flags & C_SPAN)
                for (size_t after = col + 1; after < cols; after++)
                    inner += w[after];
            if (c->l) {
                pango_layout_set_width(c->l, (int)(inner * PANGO_SCALE));
                pango_layout_set_wrap(c->l, PANGO_WRAP_WORD_CHAR);
                layout_size(c->l, NULL, &ch);
            }
            if (ch > h)
                h = ch;
        }
        for (size_t col = 0; col < cols; col++) {
            tcell *c = &t->cells[row * cols + col];
            double pad = (c->flags & C_FLUSH) ? 0 : CELL_PAD_X;
            if (c->l) {
                pdf_op *o = op_text(d, c->l, x + pad, CELL_PAD_Y,
                                    (c->flags & C_GREY) ? GREY : st->colour);
                o->link = c->link;
                c->l = NULL;
            } else if (c->flags & C_BAR) {
                op_rect(d, x + pad, CELL_PAD_Y + (h - 7) / 2,
                        BAR_CELL_W * c->bar, 7, C_SELF, NONE, 0);
            }
            x += w[col];
        }
        op_line(d, 0, h + 2 * CELL_PAD_Y, total, h + 2 * CELL_PAD_Y, RULE,
                0.75);
        block_close(d, h + 2 * CELL_PAD_Y + 0.5);
    }
    keep_from(d, first, KEEP_STRONG);
    for (size_t i = 0; i < t->n; i++) {
        rich_release(&t->cells[i].r);
        if (t->cells[i].l)
            g_object_unref(t->cells[i].l);
    }
    g_free(t->cells);
    g_free(nat);
    g_free(least);
    g_free(body);
    g_free(w);
}

/* ---- Lists --------------------------------------------------------------- */

/* An item of a list: a bullet, or its number when n > 0, beside the
 * item's first line.  Releases r. */
static void list_item(doc *d, rich *r, int n)
{
    if (n > 0) {
        rich num;
        rich_init(&num);
        runf(&num, 0, "%d.", n);
        op_text(d, layout_of(d, &S_BODY, &num, LIST_INDENT - 5, 1), 0, 0, INK);
        rich_release(&num);
    } else {
        op_circle(d, 7, S_BODY.size * 0.64, 1.7, INK, NONE, 0, 1);
    }
    space(d, 2);
    para(d, &S_BODY, r, LIST_INDENT);
}

/* ---- Charts ------------------------------------------------------------- */

typedef struct chart {
    double label_w;  /* labels right aligned in 0..label_w */
    double plot_x, plot_w;
    double text_x, text_w;
} chart;

static chart chart_of(const doc *d)
{
    chart c;
    c.label_w = floor(0.205 * d->body_w);
    c.plot_x = c.label_w + 8;
    c.text_w = floor(0.28 * d->body_w);
    c.text_x = d->body_w - c.text_w;
    c.plot_w = c.text_x - 10 - c.plot_x;
    return c;
}

static double at(const chart *c, double v, double lo, double hi)
{
    return c->plot_x + report_axis_at(v, lo, hi) * c->plot_w;
}

/*
 * A chart's row: its label (right aligned, bold when `strong`) and its
 * text, the row as high as they need and at least CHART_ROW.  Adds both
 * marks and returns the row's height; marks drawn at its middle go after.
 */
static double chart_row(doc *d, const chart *c, const char *label_text,
                        int strong, rich *text, double text_x, double text_w)
{
    rich r;
    double lh, th = 0, h;
    PangoLayout *label, *value = NULL;

    rich_init(&r);
    run_in(&r, strong ? F_BOLD : 0, label_text);
    label = layout_of(d, &S_CHART, &r, c->label_w, 1);
    rich_release(&r);
    layout_size(label, NULL, &lh);
    if (text) {
        value = layout_of(d, &S_CHART, text, text_w, 0);
        rich_release(text);
        layout_size(value, NULL, &th);
    }
    h = fmax(CHART_ROW, fmax(lh, th) + 5);
    op_text(d, label, 0, (h - lh) / 2, INK);
    if (value)
        op_text(d, value, text_x, (h - th) / 2, INK);
    return h;
}

/* An axis tick's label at v: whole points as "%.0f" (report_axis_ticks()'s
 * *whole), else as numbers are shown. */
static PangoLayout *tick_label(doc *d, double v, int whole)
{
    rich r;
    rich_init(&r);
    if (whole)
        runf(&r, 0, "%.0f", v);
    else
        run_num(&r, 0, v, 0);
    PangoLayout *l = layout_of(d, &S_TICK, &r, 0, 0);
    rich_release(&r);
    return l;
}

/* The axis under a chart: ticks, their labels, the line. */
static void chart_axis(doc *d, const chart *c, double lo, double hi)
{
    int whole;
    int n = report_axis_ticks(lo, hi, &whole);
    double h = 4;

    op_line(d, c->plot_x, 1, c->plot_x + c->plot_w, 1, AXIS, 0.75);
    for (int i = 0; i <= n && n > 0; i++) {
        double v = lo + (hi - lo) * i / n, x = at(c, v, lo, hi), tw, th;
        PangoLayout *l = tick_label(d, v, whole);
        layout_size(l, &tw, &th);
        op_line(d, x, 1, x, 4, AXIS, 0.75);
        op_text(d, l, x - tw / 2, 5, GREY);
        h = fmax(h, 5 + th);
    }
    block_close(d, h + 2);
}

/* Scale k's chart: a bar per group drawn, the range where shown, the
 * value, range and percentile in words (report_svg_scale()). */
static void chart_scale(doc *d, const assess_report *rep, const score_rows *v,
                        uint32_t k)
{
    const assess_score *s = rep->s;
    const stat_row *rows = score_scale_rows(v, k);
    chart c = chart_of(d);
    double lo, hi;
    size_t first = d->n_blocks;

    report_scale_axis(s, k, &lo, &hi);
    space(d, 6);
    for (size_t o = 0; o < s->n_groups_out; o++) {
        const stat_row *row = &rows[o];
        uint32_t g = row->group;
        int self = g < s->inst->n_groups && s->inst->groups[g].role == ROLE_SELF;
        int others = g == GROUP_OTHERS(s->inst);
        rich t;
        double h;
        if (!report_row_drawn(s, row))
            continue;
        rich_init(&t);
        if (row->suppressed) {
            runf(&t, F_ITALIC, "not shown: fewer than %u raters", row->minimum);
            h = chart_row(d, &c, report_group_label(s, g), self || others, &t,
                          c.plot_x, d->body_w - c.plot_x);
            d->ops[d->n_ops - 1].colour = WITHHELD;
        } else if (!row->has_mean) {
            run(&t, F_ITALIC, "no score");
            h = chart_row(d, &c, report_group_label(s, g), self || others, &t,
                          c.plot_x, d->body_w - c.plot_x);
            d->ops[d->n_ops - 1].colour = WITHHELD;
        } else {
            int range = report_range_shown(s, rows, o);
            run_num(&t, 0, row->mean, 0);
            if (range) {
                run(&t, 0, " (");
                run_num(&t, 0, row->min, 0);
                run(&t, 0, "\xe2\x80\x93");
                run_num(&t, 0, row->max, 0);
                run(&t, 0, ")");
            }
            if (row->has_norm)
                runf(&t, 0, ", percentile %.0f", row->percentile);
            h = chart_row(d, &c, report_group_label(s, g), self || others, &t,
                          c.text_x, c.text_w);
            double x = at(&c, row->mean, lo, hi), y = h / 2;
            op_rect(d, c.plot_x, y - BAR_H / 2, x - c.plot_x, BAR_H,
                    self ? C_SELF : others ? C_OTHERS : C_GROUP, NONE, 0);
            if (range) {
                pdf_op *b = op_add(d, OP_BRACKET);
                b->x = at(&c, row->min, lo, hi);
                b->w = at(&c, row->max, lo, hi);
                b->y = y;
                b->h = 6;
                b->stroke = 0x111111u;
                b->line_w = 1;
            }
        }
        block_close(d, h);
    }
    chart_axis(d, &c, lo, hi);
    keep_from(d, first, KEEP_STRONG);
}

/* Self minus others per scale (report_svg_gaps()). */
static void chart_gaps(doc *d, const assess_report *rep, const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    double reach = report_gap_reach(s, v);
    chart c = chart_of(d);
    size_t first = d->n_blocks;
    double x0 = at(&c, 0, -reach, reach);

    space(d, 8);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const stat_row *gap = report_gap_row(s, score_scale_rows(v, k));
        int flagged = gap && gap->has_gap && gap->flag != GAP_NONE;
        rich t;
        double h;
        rich_init(&t);
        if (!gap || !gap->has_gap) {
            run(&t, F_ITALIC, gap && (gap->gap_reasons & WHY_NO_SELF)
                                  ? "no self rating"
                                  : "others not shown");
            h = chart_row(d, &c, inst->scales[k].title, flagged, &t, c.plot_x,
                          d->body_w - c.plot_x);
            d->ops[d->n_ops - 1].colour = WITHHELD;
            /* the words stand on the zero line's left: no line under them */
            block_close(d, h);
            continue;
        }
        run_num(&t, 0, gap->gap, 1);
        if (gap->flag == GAP_BLIND_SPOT)
            run(&t, 0, " blind spot");
        else if (gap->flag == GAP_HIDDEN_STRENGTH)
            run(&t, 0, " hidden strength");
        h = chart_row(d, &c, inst->scales[k].title, flagged, &t, c.text_x,
                      c.text_w);
        double x = at(&c, gap->gap, -reach, reach);
        uint32_t fill = gap->flag == GAP_BLIND_SPOT        ? C_BLIND
                        : gap->flag == GAP_HIDDEN_STRENGTH ? C_HIDDEN
                                                           : C_GROUP;
        op_rect(d, fmin(x, x0), h / 2 - BAR_H / 2, fabs(x - x0), BAR_H, fill,
                NONE, 0);
        op_line(d, x0, 0, x0, h, ZERO, 0.75);
        block_close(d, h);
    }
    chart_axis(d, &c, -reach, reach);
    /* which way is which */
    {
        rich r;
        double tw, th;
        rich_init(&r);
        run(&r, 0, "\xe2\x86\x90 others higher");
        PangoLayout *l = layout_of(d, &S_TICK, &r, 0, 0);
        rich_release(&r);
        op_text(d, l, c.plot_x, 0, GREY);
        rich_init(&r);
        run(&r, 0, "self higher \xe2\x86\x92");
        l = layout_of(d, &S_TICK, &r, 0, 0);
        rich_release(&r);
        layout_size(l, &tw, &th);
        op_text(d, l, c.plot_x + c.plot_w - tw, 0, GREY);
        block_close(d, th + 2);
    }
    keep_from(d, first, KEEP_STRONG);
}

/* Others before and after per scale (report_svg_change()). */
static void chart_change(doc *d, const assess_report *rep,
                         const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const char *others = score_group_id(s, GROUP_OTHERS(inst));
    chart c = chart_of(d);
    size_t first = d->n_blocks;

    space(d, 8);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const char *id = inst->scales[k].id;
        const table_row *pre = report_row(subj->change, subj->n_change, id,
                                          others, "pre_mean");
        const table_row *post = report_row(subj->change, subj->n_change, id,
                                           others, "post_mean");
        const table_row *rci = report_row(subj->change, subj->n_change, id,
                                          others, "rci");
        int strong = rci && rci->has_value && rci->note &&
                     strcmp(rci->note, "no_reliable_change") != 0;
        double lo, hi, h;
        rich t;

        report_scale_axis(s, k, &lo, &hi);
        rich_init(&t);
        if (!pre || !post || !pre->has_value || !post->has_value) {
            const char *why = pre && !pre->has_value ? pre->note
                              : post && !post->has_value ? post->note
                                                         : NULL;
            run_of(&t, F_ITALIC, NONE, why ? why : "no change to show",
                   why != NULL);
            h = chart_row(d, &c, inst->scales[k].title, strong, &t, c.plot_x,
                          d->body_w - c.plot_x);
            d->ops[d->n_ops - 1].colour = WITHHELD;
            block_close(d, h);
            continue;
        }
        run_num(&t, 0, pre->value, 0);
        run(&t, 0, " \xe2\x86\x92 ");
        run_num(&t, 0, post->value, 0);
        if (rci && rci->has_value) {
            run(&t, 0, " ");
            run_in(&t, 0, report_rci_words(rci->note));
        }
        h = chart_row(d, &c, inst->scales[k].title, strong, &t, c.text_x,
                      c.text_w);
        double x0 = at(&c, pre->value, lo, hi), x1 = at(&c, post->value, lo, hi);
        double y = h / 2;
        op_line(d, c.plot_x, y, c.plot_x + c.plot_w, y, TRACK, 4);
        op_line(d, x0, y, x1, y, MOVE, 1.5);
        op_circle(d, x0, y, 3.4, WHITE, C_OTHERS, 1.4, 1);
        op_circle(d, x1, y, 3.4, C_OTHERS, NONE, 0, 1);
        block_close(d, h);
    }
    keep_from(d, first, KEEP_STRONG);
}

/* The cohort's scale k: a dot per executive, the mean marked
 * (report_svg_cohort()). */
static void chart_cohort(doc *d, const assess_report *rep, uint32_t k)
{
    const assess_score *s = rep->s;
    const double *m = rep->cohort_means + (size_t)k * rep->n_subjects;
    chart c = chart_of(d);
    size_t n, first = d->n_blocks;
    double mean = report_cohort_mean(rep, k, &n), lo, hi, h;
    rich t;

    report_scale_axis(s, k, &lo, &hi);
    rich_init(&t);
    if (n) {
        run(&t, 0, "mean ");
        run_num(&t, 0, mean, 0);
    }
    space(d, 8);
    h = chart_row(d, &c, "Executives", 0, n ? &t : NULL, c.text_x, c.text_w);
    rich_release(&t);
    h = fmax(h, 24);
    double y = h - 8;
    for (size_t i = 0; i < n; i++)
        op_circle(d, at(&c, m[i], lo, hi),
                  y - (double)report_cohort_stack(rep, k, i) * 3.4, 2.7,
                  C_OTHERS, NONE, 0, 0.7);
    if (n) {
        double x = at(&c, mean, lo, hi);
        op_line(d, x, 1, x, h, ZERO, 0.75);
    }
    block_close(d, h);
    chart_axis(d, &c, lo, hi);
    keep_from(d, first, KEEP_STRONG);
}

/* ---- The executive's report -------------------------------------------- */

static void waves_list(rich *r, const assess_score *s,
                       const report_subject *subj)
{
    for (size_t b = 0; b < subj->n_blocks; b++) {
        if (b)
            run(r, 0, " \xe2\x86\x92 ");
        run_in(r, 0, report_wave(s, &s->blocks[subj->first_block + b]));
    }
}

/* The cover's kicker: "Confidential · ..." in capitals. */
static void kicker(doc *d, const char *text)
{
    rich r;
    tstyle st = S_KICKER;
    st.flags |= F_UPPER;
    rich_init(&r);
    run(&r, 0, text);
    para(d, &st, &r, 0);
}

static void cover(doc *d, const assess_report *rep, const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    int self_only = report_self_only(s);
    grid t;
    rich r;

    bookmark(d, 1, subj->name);
    space(d, 40);
    kicker(d, self_only ? "Confidential \xc2\xb7 strengths report"
                        : "Confidential \xc2\xb7 360-degree feedback report");
    rich_init(&r);
    run_in(&r, 0, subj->name);
    space(d, 14);
    para(d, &S_H1_COVER, &r, 0);
    if (subj->role || subj->organisation) {
        rich_init(&r);
        run_in(&r, 0, subj->role);
        if (subj->role && subj->organisation)
            run(&r, 0, ", ");
        run_in(&r, 0, subj->organisation);
        space(d, 8);
        para(d, &S_META, &r, 0);
    }

    space(d, 16);
    grid_init(&t, 2, 0);
    grid_text(&t, C_GREY | C_FLUSH, "Instrument", 0);
    tcell *c = grid_cell(&t, 0);
    run_in(&c->r, 0, inst->title);
    run(&c->r, 0, " (");
    run_in(&c->r, 0, inst->id);
    run(&c->r, 0, " ");
    run_in(&c->r, 0, inst->version);
    run(&c->r, 0, ")");
    grid_text(&t, C_GREY | C_FLUSH, subj->n_blocks > 1 ? "Waves" : "Wave", 0);
    c = grid_cell(&t, 0);
    waves_list(&c->r, s, subj);
    if (subj->n_blocks > 1) {
        run(&c->r, 0, "; the profile shows wave ");
        run_in(&c->r, 0, report_wave(s, subj->shown));
    }
    if (subj->coach) {
        grid_text(&t, C_GREY | C_FLUSH, "Coach", 0);
        grid_text(&t, 0, subj->coach, 1);
    }
    if (rep->opts.made_on) {
        grid_text(&t, C_GREY | C_FLUSH, "Report made", 0);
        grid_text(&t, 0, rep->opts.made_on, 1);
    }
    grid_end(d, &t, &S_BODY);

    /* the confidentiality statement, boxed */
    rich_init(&r);
    run(&r, F_BOLD, "Confidential.");
    run(&r, 0, " This report is for ");
    run_in(&r, 0, subj->name);
    run(&r, 0, subj->coach ? " and their coach" : " and their coach, if any");
    run(&r, 0, ", to be shared only as they decide.");
    if (!self_only)
        run(&r, 0, " Raters answered in confidence: their answers appear only "
                   "as group averages, a group with fewer raters than its "
                   "minimum is shown nowhere, and no one's answers can be "
                   "singled out from what is shown.");
    space(d, 24);
    {
        double pad = 12, h;
        PangoLayout *l = layout_of(d, &S_BODY, &r, d->body_w - 2 * pad, 0);
        rich_release(&r);
        layout_size(l, NULL, &h);
        op_rect(d, 0, 0, d->body_w, h + 2 * pad, BOX_FILL, BOX_LINE, 0.75);
        op_text(d, l, pad, pad, INK);
        block_close(d, h + 2 * pad);
    }
    d->new_page = 1;
}

static void raters(doc *d, const assess_report *rep, const report_subject *subj,
                   const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    uint64_t left_out = report_left_out(s, v);
    size_t first = d->n_blocks;
    grid t;
    rich r;

    bookmark(d, 1, "Who rated");
    h2(d, "Who rated", 0);
    space(d, 6);
    grid_init(&t, 1 + subj->n_blocks, 1);
    grid_text(&t, 0, "Group", 0);
    for (size_t b = 0; b < subj->n_blocks; b++) {
        tcell *c = grid_cell(&t, C_NUM);
        run(&c->r, 0, "Wave ");
        run_in(&c->r, 0, report_wave(s, &s->blocks[subj->first_block + b]));
    }
    for (size_t g = 0; g < inst->n_groups; g++) {
        grid_text(&t, C_BOLD, inst->groups[g].label, 1);
        for (size_t b = 0; b < subj->n_blocks; b++) {
            int withheld;
            uint32_t n = score_group_raters(s, &s->blocks[subj->first_block + b],
                                            (uint32_t)g, &withheld);
            tcell *c = grid_cell(&t, C_NUM);
            if (withheld)
                runf(&c->r, 0, "not shown: fewer than %u",
                     inst->groups[g].minimum);
            else
                runf(&c->r, 0, "%u", n);
        }
    }
    grid_end(d, &t, &S_BODY);

    rich_init(&r);
    run(&r, 0, "A group with fewer raters than its minimum is not shown, so "
               "that no one's answers can be singled out; its count is not "
               "shown either.");
    if (left_out) {
        run(&r, 0, " At this wave, All others leaves out");
        const char *sep = " ";
        for (size_t g = 0; g < inst->n_groups && g < 64; g++)
            if (left_out >> g & 1) {
                run(&r, 0, sep);
                run_in(&r, 0, inst->groups[g].label);
                sep = ", ";
            }
        run(&r, 0, " on some or all scales: included, they could be worked "
                   "out by subtracting the groups shown.");
    }
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    keep_from(d, first, KEEP_WEAK);
}

static void cue(doc *d, const report_subject *subj, uint32_t k)
{
    static const char *const head[] = {
        [CUE_AGREE] = "Others agree.",
        [CUE_MIXED] = "Mixed views.",
        [CUE_DISAGREE] = "Others disagree.",
    };
    static const char *const rest[] = {
        [CUE_AGREE] = " Their ratings on this scale are close to one another",
        [CUE_MIXED] = " Others differ somewhat: read their average with care",
        [CUE_DISAGREE] = " Their ratings spread as widely as random answers "
                         "would: their average says little",
    };
    static const uint32_t colour[] = {
        [CUE_AGREE] = INK,
        [CUE_MIXED] = MIXED,
        [CUE_DISAGREE] = RUST,
    };
    rich r;
    if (subj->cue[k] == CUE_NONE)
        return;
    rich_init(&r);
    run_of(&r, F_BOLD, colour[subj->cue[k]], head[subj->cue[k]], 0);
    run(&r, 0, rest[subj->cue[k]]);
    run(&r, 0, " (average deviation ");
    run_num(&r, 0, subj->cue_ad[k], 0);
    run(&r, 0, ").");
    space(d, 5);
    para(d, &S_BODY, &r, 0);
}

static void scales(doc *d, const assess_report *rep, const report_subject *subj,
                   const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    char buf[512];
    rich r;

    bookmark(d, 1, "Ratings by scale");
    h2(d, "Ratings by scale", 0);
    rich_init(&r);
    run(&r, 0, "Each bar is a group's average. The bracket shows the lowest "
               "and highest rating where a group has enough raters to show it");
    if (s->norms_used != ASSESS_NORMS_NONE)
        run(&r, 0, "; a percentile compares the average with the norm group "
                   "named under the chart");
    run(&r, 0, ".");
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    keep_next(d, KEEP_STRONG);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        size_t first = d->n_blocks;
        bookmark(d, 2, inst->scales[k].title);
        h3(d, inst->scales[k].title, 1);
        if (inst->scales[k].description) {
            rich_init(&r);
            run_in(&r, 0, inst->scales[k].description);
            space(d, 2);
            para(d, &S_NOTE, &r, 0);
        }
        chart_scale(d, rep, v, k);
        const char *src = report_norm_shown(rep, v, k, buf, sizeof buf);
        if (src) {
            rich_init(&r);
            run(&r, 0, "Percentiles against: ");
            run_in(&r, 0, src);
            run(&r, 0, ".");
            space(d, 5);
            para(d, &S_NOTE, &r, 0);
        }
        if (rep->agree)
            cue(d, subj, k);
        keep_from(d, first, KEEP_STRONG);
    }
}

/* A list of the scales with a gap flagged so (gap_list() of the HTML). */
static void gap_list(doc *d, const assess_report *rep, const score_rows *v,
                     gap_flag flag, const char *title)
{
    const assess_score *s = rep->s;
    int any = 0;
    h3(d, title, 0);
    for (uint32_t k = 0; k < s->inst->n_scales; k++) {
        const stat_row *rows = score_scale_rows(v, k);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            rich r;
            if (!rows[o].has_gap || rows[o].flag != flag)
                continue;
            rich_init(&r);
            run_in(&r, 0, s->inst->scales[k].title);
            run(&r, 0, " (self minus others ");
            run_num(&r, 0, rows[o].gap, 1);
            run(&r, 0, ")");
            list_item(d, &r, 0);
            any = 1;
        }
    }
    if (!any) {
        space(d, 2);
        para_text(d, &S_BODY, "None.");
    }
}

static void gaps(doc *d, const assess_report *rep, const score_rows *v)
{
    size_t first = d->n_blocks;
    rich r;

    bookmark(d, 1, "Where you see yourself differently");
    h2(d, "Where you see yourself differently", 0);
    rich_init(&r);
    run(&r, 0, "Your own rating minus others' average. A ");
    run(&r, F_BOLD, "blind spot");
    runf(&r, 0, " is a scale you rate yourself higher than others do by "
                "%.2f points or more; a ", rep->s->opts.gap_threshold);
    run(&r, F_BOLD, "hidden strength");
    run(&r, 0, ", one others rate higher than you do by as much.");
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    chart_gaps(d, rep, v);
    gap_list(d, rep, v, GAP_BLIND_SPOT, "Blind spots");
    gap_list(d, rep, v, GAP_HIDDEN_STRENGTH, "Hidden strengths");
    keep_from(d, first, KEEP_WEAK);
}

static void item_list(doc *d, const assess_report *rep, const score_rows *v,
                      int lowest)
{
    const assess_score *s = rep->s;
    int any = 0;
    h3(d, lowest ? "Least favourable" : "Most favourable", 0);
    for (uint32_t k = 1; k <= s->opts.highlights; k++) {
        const stat_row *row;
        uint32_t i = score_highlight(v, k, lowest, &row);
        rich r;
        if (i == UINT32_MAX)
            break;
        rich_init(&r);
        run_in(&r, 0, s->inst->items[i].text);
        if (report_item_reverse(rep, i))
            run_of(&r, F_ITALIC, GREY, " (reverse-worded: a favourable score "
                                       "means this happens rarely)", 0);
        run_of(&r, 0, GREY, " (", 0);
        char buf[64];
        report_num_str(buf, sizeof buf, row->mean, 0);
        run_of(&r, 0, GREY, buf, 0);
        run_of(&r, 0, GREY, ")", 0);
        list_item(d, &r, (int)k);
        any = 1;
    }
    if (!any) {
        space(d, 2);
        para_text(d, &S_BODY, "None: others are not shown.");
    }
}

static void items(doc *d, const assess_report *rep, const score_rows *v)
{
    size_t first = d->n_blocks;
    bookmark(d, 1, "Most and least favourable items");
    h2(d, "Most and least favourable items (others' view)", 0);
    space(d, 6);
    para_text(d, &S_NOTE, "Others' average per item, scored so that higher "
                          "is always more favourable: on a reverse-worded "
                          "item (one that describes what gets in the way) a "
                          "high score means others see it rarely.");
    item_list(d, rep, v, 0);
    item_list(d, rep, v, 1);
    keep_from(d, first, KEEP_WEAK);
}

static void strengths(doc *d, const assess_report *rep,
                      const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    double lo, hi;
    char buf[32];
    int any = 0;
    grid t;
    rich r;

    bookmark(d, 1, "Your strengths, ranked");
    h2(d, "Your strengths, ranked", 0);
    rich_init(&r);
    runf(&r, 0, "Every strength from highest to lowest; the top %u are your "
                "signature strengths.", s->opts.top);
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    if (subj->n_tied) {
        rich_init(&r);
        runf(&r, F_BOLD, "Tied %s:",
             report_ordinal(subj->tied_rank, buf, sizeof buf));
        run(&r, 0, " ");
        for (size_t i = 0; i < subj->n_tied; i++) {
            if (i)
                run(&r, 0, i + 1 == subj->n_tied ? " and " : ", ");
            run_in(&r, 0, s->inst->scales[subj->tied[i]].title);
        }
        run(&r, 0, " have the same score, so the scores do not say which of "
                   "them belong among the signature strengths: take them "
                   "together.");
        space(d, 6);
        para(d, &S_BODY, &r, 0);
    }
    grid_init(&t, 5, 1);
    for (uint32_t rank = 1;; rank++) {
        uint32_t k = score_ranked(v, 0, rank);
        if (k == UINT32_MAX)
            break;
        const stat_row *row = &score_scale_rows(v, k)[0];
        if (!any) {
            grid_text(&t, C_NUM, "Rank", 0);
            grid_text(&t, 0, "Strength", 0);
            grid_text(&t, C_NUM, "Score", 0);
            grid_text(&t, 0, "", 0);
            grid_text(&t, 0, "", 0);
        }
        report_scale_axis(s, k, &lo, &hi);
        tcell *c = grid_cell(&t, C_NUM);
        runf(&c->r, 0, "%s%u", row->tie ? "=" : "",
             report_shown_rank(v, 0, rank));
        c = grid_cell(&t, 0);
        run_in(&c->r, row->signature ? F_BOLD : 0, s->inst->scales[k].title);
        c = grid_cell(&t, C_NUM);
        run_num(&c->r, 0, row->mean, 0);
        c = grid_cell(&t, C_BAR);
        c->bar = report_axis_at(row->mean, lo, hi);
        c = grid_cell(&t, 0);
        runf(&c->r, 0, "%s%s%s", row->signature ? "signature strength" : "",
             row->signature && row->tie ? ", " : "", row->tie ? "tied" : "");
        any = 1;
    }
    space(d, 6);
    grid_end(d, &t, &S_BODY);
    if (!any)
        para_text(d, &S_BODY, "No strengths scored.");
    space(d, 6);
    para_text(d, &S_NOTE, "\xe2\x80\x9c=\xe2\x80\x9d marks a tie: equal scores "
                          "share a rank and are listed in the instrument's "
                          "order.");
}

/* The rater-change caveat under a comparison of waves `from` and `to`
 * (NULL: the report's two), with what it says of All others ("2 left, 1
 * joined"; NULL: nothing to say). */
static void raters_changed(doc *d, const char *from, const char *to,
                           const char *counts)
{
    rich r;
    rich_init(&r);
    if (from) {
        run(&r, F_BOLD, "Who rated changed between waves ");
        run_in(&r, F_BOLD, from);
        run(&r, F_BOLD, " and ");
        run_in(&r, F_BOLD, to);
        run(&r, F_BOLD, ".");
    } else {
        run(&r, F_BOLD, "Who rated changed between the waves.");
    }
    run(&r, 0, " ");
    if (counts) {
        run(&r, 0, "Among All others, ");
        run_in(&r, 0, counts);
        run(&r, 0, " (on at least one scale). ");
    }
    run(&r, 0, from ? "Part of that change may come from who rated rather "
                      "than from what changed."
                    : "Part of a change may come from who rated rather than "
                      "from what changed.");
    space(d, 6);
    para(d, &S_BODY, &r, 0);
}

static void change(doc *d, const assess_report *rep, const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const char *label = subj->n_change ? subj->change[0]->wave : NULL;
    size_t first = d->n_blocks;
    char buf[128];
    grid t;
    rich r;

    bookmark(d, 1, "Change");
    h2(d, "Change", 0);
    if (!subj->has_change && !subj->gas) {
        space(d, 6);
        para_text(d, &S_BODY, "No change to show: the subject was not rated "
                              "at both waves, or others were not shown at "
                              "both.");
        keep_from(d, first, KEEP_WEAK);
        return;
    }
    rich_init(&r);
    run(&r, 0, "Waves ");
    report_waves_str(buf, sizeof buf, label);
    run_in(&r, 0, buf);
    run(&r, 0, ". The open circle is others' average before, the filled one "
               "after. A change is called an improvement or a deterioration "
               "only when it is larger than the scale's measurement error "
               "allows (the Reliable Change Index, Jacobson & Truax 1991); "
               "otherwise it is no reliable change.");
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    if (subj->raters_changed)
        raters_changed(d, NULL, NULL,
                       report_raters_changed_counts(subj, buf, sizeof buf)
                           ? buf : NULL);
    chart_change(d, rep, subj);

    const char *self = NULL, *others = score_group_id(s, GROUP_OTHERS(inst));
    for (size_t g = 0; g < inst->n_groups; g++)
        if (inst->groups[g].role == ROLE_SELF)
            self = inst->groups[g].id;
    space(d, 8);
    grid_init(&t, 4, 1);
    grid_text(&t, 0, "Scale", 0);
    grid_text(&t, C_NUM, "Self: change", 0);
    grid_text(&t, C_NUM, "All others: change", 0);
    grid_text(&t, 0, "All others: reliable?", 0);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const char *id = inst->scales[k].id;
        const char *groups[2] = { self, others };
        grid_text(&t, C_BOLD, inst->scales[k].title, 1);
        for (int i = 0; i < 2; i++) {
            const table_row *dr = groups[i] ? report_row(subj->change,
                                                         subj->n_change, id,
                                                         groups[i], "diff")
                                            : NULL;
            tcell *c = grid_cell(&t, C_NUM);
            if (dr && dr->has_value)
                run_num(&c->r, 0, dr->value, 1);
            else
                run(&c->r, 0, "\xe2\x80\x93");
        }
        const table_row *rci = report_row(subj->change, subj->n_change, id,
                                          others, "rci");
        tcell *c = grid_cell(&t, 0);
        if (rci && rci->has_value && rci->note)
            run_in(&c->r, 0, strcmp(rci->note, "no_reliable_change") == 0
                                 ? "no reliable change" : rci->note);
        else
            run(&c->r, 0, "\xe2\x80\x93");
    }
    grid_end(d, &t, &S_BODY);
    if (subj->gas) {
        h3(d, "Coaching goals", 0);
        rich_init(&r);
        if (subj->gas->has_value) {
            run(&r, 0, "Goal Attainment Scaling T-score: ");
            run_num(&r, F_BOLD, subj->gas->value, 0);
            run(&r, 0, " (50 means the goals were met as expected; above 50, "
                       "better than expected).");
        } else {
            run(&r, 0, "No Goal Attainment Scaling T-score: ");
            run_in(&r, 0, subj->gas->note ? subj->gas->note : "not computed");
            run(&r, 0, ".");
        }
        space(d, 2);
        para(d, &S_BODY, &r, 0);
    }
    keep_from(d, first, KEEP_WEAK);
}

static void scale_items(doc *d, const assess_report *rep, const uint32_t *ks,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rich r;
        rich_init(&r);
        run_in(&r, 0, rep->s->inst->scales[ks[i]].title);
        list_item(d, &r, 0);
    }
}

/* Lines to write on: n of them. */
static void write_lines(doc *d, int n)
{
    for (int i = 0; i < n; i++)
        op_line(d, 0, WRITE_PITCH * (i + 1), d->body_w, WRITE_PITCH * (i + 1),
                WRITE_LINE, 0.6);
    block_close(d, WRITE_PITCH * n + 2);
}

static void development(doc *d, const assess_report *rep,
                        const report_subject *subj, const score_rows *v)
{
    const assess_score *s = rep->s;
    const char *whose = report_self_only(s) ? "your own" : "others'";
    const assess_goals *goals = rep->opts.goals;
    int given = 0;
    char buf[128];
    grid t;

    d->new_page = 1;
    bookmark(d, 1, "Your development plan");
    h2(d, "Your development plan", 0);
    if (subj->n_dev) {
        size_t first = d->n_blocks;
        snprintf(buf, sizeof buf, "Most favourable in %s eyes", whose);
        h3(d, buf, 0);
        scale_items(d, rep, subj->dev_top, subj->n_dev);
        snprintf(buf, sizeof buf, "Least favourable in %s eyes", whose);
        h3(d, buf, 0);
        scale_items(d, rep, subj->dev_bottom, subj->n_dev);
        keep_from(d, first, KEEP_WEAK);
    }
    if (!report_self_only(s)) {
        size_t first = d->n_blocks;
        gap_list(d, rep, v, GAP_BLIND_SPOT, "Blind spots to look at");
        keep_from(d, first, KEEP_WEAK);
    }
    grid_init(&t, 3, 1);
    for (size_t g = 0; goals && g < goals->n; g++) {
        const goal *gl = &goals->goals[g];
        if (strcmp(gl->subject, subj->id) != 0)
            continue;
        if (!given) {
            grid_text(&t, 0, "Goal", 0);
            grid_text(&t, C_NUM, "Weight", 0);
            grid_text(&t, C_NUM, "Level reached (\xe2\x88\x92" "2 to +2)", 0);
        }
        grid_text(&t, 0, gl->id, 1);
        tcell *c = grid_cell(&t, C_NUM);
        run_num(&c->r, 0, gl->weight, 0);
        c = grid_cell(&t, C_NUM);
        runf(&c->r, 0, "%+.0f", gl->level);
        given = 1;
    }
    if (given) {
        h3(d, "Goals agreed", 0);
        space(d, 4);
    }
    grid_end(d, &t, &S_BODY);
    h3(d, "Goals for the next period", 0);
    space(d, 2);
    para_text(d, &S_NOTE, "Two or three goals, each specific, measurable, "
                          "achievable, relevant and time-bound, with the "
                          "steps that lead there.");
    for (int g = 1; g <= 3; g++) {
        size_t first = d->n_blocks;
        rich r;
        rich_init(&r);
        runf(&r, F_BOLD, "Goal %d", g);
        space(d, 12);
        para(d, &S_BODY, &r, 0);
        write_lines(d, 2);
        space(d, 4);
        para_text(d, &S_NOTE, "Action steps");
        write_lines(d, 3);
        space(d, 4);
        para_text(d, &S_NOTE, "Support needed, and the review date");
        write_lines(d, 1);
        keep_from(d, first, KEEP_STRONG);
    }
}

/* ---- Coaching outcomes over time and the return on investment ----------- */

/* A line's marker (report_trend_marker()): a circle or a square, filled or
 * open. */
static void trend_marker(doc *d, int kind, double x, double y, uint32_t c)
{
    int open = kind == 1 || kind == 3;
    if (kind < 2)
        op_circle(d, x, y, 3.2, open ? WHITE : c, c, 1.3, 1);
    else
        op_rect(d, x - 3, y - 3, 6, 6, open ? WHITE : c, c, 1.3);
}

static const char *trend_mean_label(const assess_report *rep, size_t w,
                                    char *buf, size_t size)
{
    snprintf(buf, size, "Wave %s", report_trend_wave(rep, w));
    return buf;
}

/* Scale k's chart, one block (never split): a line per group with a shown
 * mean across the waves, its marker and name in a key on the right
 * (report_html_trend()'s chart). */
static void trend_chart(doc *d, const assess_report *rep,
                        const report_subject *subj, uint32_t k)
{
    const assess_score *s = rep->s;
    const char *id = s->inst->scales[k].id;
    size_t K = report_trend_count(rep), line = 0, pts;
    chart c = chart_of(d);
    double lo, hi, top = 6, ph = 96, pad = 14, h;
    int whole, n;
    char buf[128];

    report_scale_axis(s, k, &lo, &hi);
    n = report_axis_ticks(lo, hi, &whole);
    for (int i = 0; i <= n && n > 0; i++) {
        double v = lo + (hi - lo) * i / n;
        double y = top + (1 - report_axis_at(v, lo, hi)) * ph, tw, th;
        PangoLayout *l = tick_label(d, v, whole);
        layout_size(l, &tw, &th);
        op_line(d, c.plot_x, y, c.plot_x + c.plot_w, y, RULE, 0.75);
        op_text(d, l, c.plot_x - 4 - tw, y - th / 2, GREY);
    }
    h = top + ph + 4;
    for (size_t w = 0; w < K; w++) {
        double x = c.plot_x + pad + (c.plot_w - 2 * pad) * (double)w /
                                        (double)(K - 1), tw, th;
        rich r;
        rich_init(&r);
        run_in(&r, 0, trend_mean_label(rep, w, buf, sizeof buf));
        PangoLayout *l = layout_of(d, &S_CHART, &r, 0, 0);
        rich_release(&r);
        layout_size(l, &tw, &th);
        op_text(d, l, x - tw / 2, top + ph + 4, INK);
        h = fmax(h, top + ph + 6 + th);
    }
    for (size_t o = 0; o < s->n_groups_out; o++) {
        uint32_t g = s->groups_out[o];
        const char *group = score_group_id(s, g);
        uint32_t col = g == GROUP_OTHERS(s->inst) ? C_OTHERS
                       : g < s->inst->n_groups &&
                               s->inst->groups[g].role == ROLE_SELF
                           ? C_SELF : C_GROUP;
        double px = NAN, py = NAN, last = NAN;
        if (!report_trend_line(rep, subj, k, o, &pts))
            continue;
        for (size_t w = 0; w < K; w++) {
            const table_row *m = report_trend_row(
                subj, id, group, report_trend_wave(rep, w), "wave_mean");
            if (!m || !m->has_value)
                continue;
            double x = c.plot_x + pad + (c.plot_w - 2 * pad) * (double)w /
                                            (double)(K - 1);
            double y = top + (1 - report_axis_at(m->value, lo, hi)) * ph;
            if (!isnan(px))
                op_line(d, px, py, x, y, col, 1.3);
            px = x;
            py = y;
            last = m->value;
        }
        for (size_t w = 0; w < K; w++) {
            const table_row *m = report_trend_row(
                subj, id, group, report_trend_wave(rep, w), "wave_mean");
            if (m && m->has_value)
                trend_marker(d, report_trend_marker(line),
                             c.plot_x + pad + (c.plot_w - 2 * pad) *
                                                  (double)w / (double)(K - 1),
                             top + (1 - report_axis_at(m->value, lo, hi)) * ph,
                             col);
        }
        /* the key */
        double ky = top + 6 + 13 * (double)line, th;
        rich r;
        rich_init(&r);
        run_in(&r, 0, report_group_label(s, g));
        run(&r, 0, " ");
        run_num(&r, 0, last, 0);
        PangoLayout *l = layout_of(d, &S_CHART, &r, c.text_w - 12, 0);
        rich_release(&r);
        layout_size(l, NULL, &th);
        trend_marker(d, report_trend_marker(line), c.text_x + 4, ky, col);
        op_text(d, l, c.text_x + 12, ky - th / 2, INK);
        h = fmax(h, ky + th);
        line++;
    }
    space(d, 6);
    block_close(d, h + 4);
}

/* "+0.05, no reliable change" into a cell, or a dash. */
static void trend_change_cell(grid *t, const table_row *dr,
                              const table_row *r, int hold)
{
    tcell *c = grid_cell(t, 0);
    if (dr && dr->has_value) {
        run_num(&c->r, 0, dr->value, 1);
        if (r && r->has_value) {
            run(&c->r, 0, ", ");
            run_in(&c->r, 0, hold ? report_hold_words(r->note)
                                  : report_rci_words(r->note));
        }
    } else {
        run(&c->r, 0, "\xe2\x80\x93");
    }
}

/* The executive's change over every wave (report_html_trend()). */
static void trend(doc *d, const assess_report *rep, const report_subject *subj)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    size_t K = report_trend_count(rep), first = d->n_blocks;
    char label[256], what[128], buf[300];
    rich r;

    bookmark(d, 1, "Change over the waves");
    h2(d, "Change over the waves", 0);
    rich_init(&r);
    run(&r, 0, "Waves ");
    for (size_t w = 0; w < K; w++) {
        if (w)
            run(&r, 0, " \xe2\x86\x92 ");
        run_in(&r, 0, report_trend_wave(rep, w));
    }
    run(&r, 0, ": the first is the baseline. Each line is a group's average "
               "at each wave, marked and named beside the chart; a group with "
               "fewer raters than its minimum has no line. A change from the "
               "baseline is called an improvement or a deterioration only "
               "when it is larger than the scale's measurement error allows "
               "(the Reliable Change Index, Jacobson & Truax 1991); otherwise "
               "it is no reliable change. ");
    run(&r, F_BOLD, "Did it hold?");
    run(&r, 0, " compares the last but one wave (the end of coaching) with "
               "the last (the follow-up): held, improved further or fell "
               "back.");
    space(d, 6);
    para(d, &S_NOTE, &r, 0);
    keep_from(d, first, KEEP_STRONG);
    for (size_t b = 1; b <= K; b++) {
        size_t from = b < K ? 0 : K - 2, to = b < K ? b : K - 1;
        report_trend_pair(rep, from, to, label, sizeof label);
        const char *note = report_trend_raters_changed(rep, subj, label);
        if (!note)
            continue;
        raters_changed(d, report_trend_wave(rep, from),
                       report_trend_wave(rep, to),
                       report_trend_counts(note, what, sizeof what) ? what
                                                                    : NULL);
    }
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        const char *id = inst->scales[k].id;
        size_t at = d->n_blocks;
        grid t;
        h3(d, inst->scales[k].title, 1);
        trend_chart(d, rep, subj, k);
        keep_from(d, at, KEEP_STRONG);
        grid_init(&t, 2 * K + 1, 1);
        grid_text(&t, 0, "Group", 0);
        for (size_t w = 0; w < K; w++)
            grid_text(&t, C_NUM, trend_mean_label(rep, w, buf, sizeof buf), 1);
        for (size_t b = 1; b < K; b++) {
            report_trend_pair(rep, 0, b, label, sizeof label);
            report_waves_str(buf, sizeof buf, label);
            grid_text(&t, 0, buf, 1);
        }
        report_trend_pair(rep, K - 2, K - 1, label, sizeof label);
        report_waves_str(what, sizeof what, label);
        snprintf(buf, sizeof buf, "Did it hold? %s", what);
        grid_text(&t, 0, buf, 1);
        for (size_t o = 0; o < s->n_groups_out; o++) {
            uint32_t g = s->groups_out[o];
            const char *group = score_group_id(s, g);
            size_t pts;
            if (!report_trend_rated(rep, subj, k, o))
                continue;
            grid_text(&t, C_BOLD, report_group_label(s, g), 1);
            if (!report_trend_line(rep, subj, k, o, &pts)) {
                const table_row *m = report_trend_row(
                    subj, id, group, report_trend_wave(rep, 0), "wave_mean");
                grid_text(&t, C_GREY | C_SPAN,
                          m && m->note ? m->note : "no score", 1);
                for (size_t i = 1; i < 2 * K; i++)
                    grid_text(&t, 0, "", 0);
                continue;
            }
            for (size_t w = 0; w < K; w++) {
                const table_row *m = report_trend_row(
                    subj, id, group, report_trend_wave(rep, w), "wave_mean");
                tcell *c = grid_cell(&t, C_NUM);
                if (m && m->has_value)
                    run_num(&c->r, 0, m->value, 0);
                else
                    run(&c->r, 0, "\xe2\x80\x93");
            }
            for (size_t b = 1; b < K; b++) {
                report_trend_pair(rep, 0, b, label, sizeof label);
                trend_change_cell(&t, report_trend_row(subj, id, group, label,
                                                       "diff"),
                                  report_trend_row(subj, id, group, label,
                                                   "rci"), 0);
            }
            report_trend_pair(rep, K - 2, K - 1, label, sizeof label);
            trend_change_cell(&t, report_trend_row(subj, id, group, label,
                                                   "hold_diff"),
                              report_trend_row(subj, id, group, label,
                                               "hold_rci"), 1);
        }
        space(d, 4);
        grid_end(d, &t, &S_TABLE_SMALL);
        keep_from(d, at, KEEP_WEAK);
    }
    if (subj->gas && subj->gas->has_value) {
        h3(d, "Coaching goals", 0);
        rich_init(&r);
        run(&r, 0, "Goal Attainment Scaling T-score: ");
        run_num(&r, F_BOLD, subj->gas->value, 0);
        run(&r, 0, " (50 means the goals were met as expected; above 50, "
                   "better than expected).");
        space(d, 2);
        para(d, &S_BODY, &r, 0);
    }
}

static void roi_money(grid *t, const table_row *row)
{
    tcell *c = grid_cell(t, C_NUM);
    char buf[64];
    if (row && row->has_value) {
        report_money_str(buf, sizeof buf, row->value);
        run(&c->r, 0, buf);
    } else {
        run_in(&c->r, 0, row && row->note ? row->note : "\xe2\x80\x93");
    }
}

/* The figures of subject (NULL: the programme), the count left out and
 * the method (report_html_outcome()). */
static void roi_figures(doc *d, const assess_report *rep, const char *subject)
{
    const table_row *roi = report_roi_row(rep, subject, "roi_percent");
    const table_row *bcr = report_roi_row(rep, subject, "bcr");
    const table_row *left = report_roi_row(rep, subject, "n_benefits_left_out");
    grid t;
    tcell *c;
    rich r;

    grid_init(&t, 2, 0);
    grid_text(&t, C_GREY | C_FLUSH, "Cost", 0);
    roi_money(&t, report_roi_row(rep, subject, "cost"));
    grid_text(&t, C_GREY | C_FLUSH, "Adjusted benefits (a year)", 0);
    roi_money(&t, report_roi_row(rep, subject, "adjusted_benefits"));
    grid_text(&t, C_GREY | C_FLUSH, "Net benefits", 0);
    roi_money(&t, report_roi_row(rep, subject, "net_benefits"));
    grid_text(&t, C_GREY | C_FLUSH, "Return on investment", 0);
    c = grid_cell(&t, C_NUM);
    if (roi && roi->has_value)
        runf(&c->r, 0, "%.0f%%", fabs(roi->value) < 0.5 ? 0 : roi->value);
    else
        run_in(&c->r, 0, roi && roi->note ? roi->note : "\xe2\x80\x93");
    grid_text(&t, C_GREY | C_FLUSH, "Benefit-cost ratio", 0);
    c = grid_cell(&t, C_NUM);
    if (bcr && bcr->has_value)
        run_num(&c->r, 0, bcr->value, 0);
    else
        run_in(&c->r, 0, bcr && bcr->note ? bcr->note : "\xe2\x80\x93");
    space(d, 6);
    grid_end(d, &t, &S_BODY);
    if (left && left->has_value && left->value > 0) {
        rich_init(&r);
        runf(&r, 0, "%.0f benefit%s left out for want of an estimate (an "
                    "annual value, attribution or confidence missing).",
             left->value, left->value == 1 ? "" : "s");
        space(d, 6);
        para(d, &S_BODY, &r, 0);
    }
}

static void roi_method(doc *d)
{
    space(d, 6);
    para_text(d, &S_NOTE, "The Phillips ROI methodology: each benefit's "
                          "adjusted value is its annual value \xc3\x97 its "
                          "attribution (the share due to coaching) \xc3\x97 "
                          "the estimator's confidence; ROI % = net benefits "
                          "/ cost \xc3\x97 100; the benefit-cost ratio = "
                          "benefits / cost.");
}

/* The executive's outcome: the return on investment and each benefit. */
static void outcome(doc *d, const assess_report *rep,
                    const report_subject *subj)
{
    size_t n, first = d->n_blocks;
    const benefit_row *b = report_roi_benefits(rep, subj->id, &n);
    char buf[64];

    if (!report_roi_row(rep, subj->id, "cost"))
        return;
    bookmark(d, 1, "Outcome: return on investment");
    h2(d, "Outcome: return on investment", 0);
    roi_figures(d, rep, subj->id);
    if (n) {
        grid t;
        grid_init(&t, 5, 1);
        grid_text(&t, 0, "Benefit", 0);
        grid_text(&t, C_NUM, "Annual value", 0);
        grid_text(&t, C_NUM, "Attribution", 0);
        grid_text(&t, C_NUM, "Confidence", 0);
        grid_text(&t, C_NUM, "Adjusted value", 0);
        for (size_t i = 0; i < n; i++) {
            int has;
            double adj = report_roi_adjusted(&b[i], &has);
            tcell *c;
            grid_text(&t, 0, b[i].description && *b[i].description
                                 ? b[i].description : b[i].id, 1);
            c = grid_cell(&t, C_NUM);
            if (isnan(b[i].annual_value)) {
                run(&c->r, 0, "no estimate");
            } else {
                report_money_str(buf, sizeof buf, b[i].annual_value);
                run(&c->r, 0, buf);
            }
            c = grid_cell(&t, C_NUM);
            if (isnan(b[i].attribution))
                run(&c->r, 0, "no estimate");
            else
                runf(&c->r, 0, "%.0f%%", b[i].attribution * 100);
            c = grid_cell(&t, C_NUM);
            if (isnan(b[i].confidence))
                run(&c->r, 0, "no estimate");
            else
                runf(&c->r, 0, "%.0f%%", b[i].confidence * 100);
            c = grid_cell(&t, C_NUM);
            if (has) {
                report_money_str(buf, sizeof buf, adj);
                run(&c->r, 0, buf);
            } else {
                run(&c->r, 0, "left out");
            }
        }
        space(d, 8);
        grid_end(d, &t, &S_TABLE_SMALL);
    }
    roi_method(d);
    keep_from(d, first, KEEP_WEAK);
}

/* The cohort's change between `waves` (report_html_cohort_change()). */
static void cohort_change(doc *d, const char *waves, const table_row *md,
                          const table_row *up, const table_row *same,
                          const table_row *down)
{
    char buf[256];
    rich r;
    rich_init(&r);
    run(&r, F_BOLD, "Change");
    run(&r, 0, " (waves ");
    report_waves_str(buf, sizeof buf, waves);
    run_in(&r, 0, buf);
    run(&r, 0, "): others' averages moved by ");
    run_num(&r, 0, md->value, 1);
    if (md->has_ci) {
        run(&r, 0, " (95% interval ");
        run_num(&r, 0, md->lo, 1);
        run(&r, 0, " to ");
        run_num(&r, 0, md->hi, 1);
        run(&r, 0, ")");
    }
    runf(&r, 0, " over %.0f executives", md->n);
    if (up && same && down && up->has_value && same->has_value &&
        down->has_value)
        runf(&r, 0, "; %.0f improved reliably, %.0f showed no reliable "
                    "change, %.0f deteriorated", up->value, same->value,
             down->value);
    run(&r, 0, ".");
    space(d, 6);
    para(d, &S_BODY, &r, 0);
}

/* The cohort report's scale k across the waves (report_html_cohort_trend()). */
static void cohort_trend(doc *d, const assess_report *rep, uint32_t k)
{
    const assess_score *s = rep->s;
    const char *others = score_group_id(s, GROUP_OTHERS(s->inst));
    const char *id = s->inst->scales[k].id;
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    size_t K = report_trend_count(rep);
    char label[256], buf[300];
    rich r;

    if (!report_trend(rep))
        return;
    rich_init(&r);
    run(&r, F_BOLD, "Across the waves");
    run(&r, 0, " (others' averages, the cohort's mean):");
    for (size_t w = 0; w < K; w++) {
        char why[128];
        const table_row *m = report_cohort_wave_mean(rep, k, w, why,
                                                     sizeof why);
        run(&r, 0, w ? "; wave " : " wave ");
        run_in(&r, 0, report_trend_wave(rep, w));
        run(&r, 0, " ");
        if (m) {
            run_num(&r, 0, m->value, 0);
            runf(&r, 0, " (%.0f executives)", m->n);
        } else {
            runf(&r, 0, "not shown: %s", why);
        }
    }
    run(&r, 0, ".");
    space(d, 6);
    para(d, &S_BODY, &r, 0);
    report_trend_pair(rep, 0, K - 1, label, sizeof label);
    const table_row *md = report_trend_cohort_row(rep, id, others, label,
                                                  "mean_diff");
    if (!md || !md->has_value || !md->has_n || md->n < minimum)
        return;
    cohort_change(d, label, md,
                  report_trend_cohort_row(rep, id, others, label, "n_improved"),
                  report_trend_cohort_row(rep, id, others, label,
                                          "n_unchanged"),
                  report_trend_cohort_row(rep, id, others, label,
                                          "n_deteriorated"));
    report_trend_pair(rep, K - 2, K - 1, label, sizeof label);
    const table_row *held = report_trend_cohort_row(rep, id, others, label,
                                                    "n_held");
    const table_row *further = report_trend_cohort_row(rep, id, others, label,
                                                       "n_improved_further");
    const table_row *back = report_trend_cohort_row(rep, id, others, label,
                                                    "n_fell_back");
    if (held && further && back && held->has_value && further->has_value &&
        back->has_value) {
        rich_init(&r);
        run(&r, F_BOLD, "Did it hold?");
        run(&r, 0, " (waves ");
        report_waves_str(buf, sizeof buf, label);
        run_in(&r, 0, buf);
        runf(&r, 0, "): %.0f held, %.0f improved further, %.0f fell back.",
             held->value, further->value, back->value);
        space(d, 6);
        para(d, &S_BODY, &r, 0);
    }
}

/* The cohort report's outcome: the programme's figures, for at least the
 * cohort report's minimum of executives. */
static void cohort_outcome(doc *d, const assess_report *rep)
{
    size_t first = d->n_blocks;
    char said[256];
    int shown;
    rich r;

    if (!report_roi(rep))
        return;
    shown = report_roi_cohort(rep, said, sizeof said);
    bookmark(d, 2, "Outcome: return on investment");
    h2(d, "Outcome: return on investment", 0);
    rich_init(&r);
    run(&r, 0, said);
    space(d, 6);
    para(d, &S_BODY, &r, 0);
    if (shown) {
        roi_figures(d, rep, NULL);
        roi_method(d);
    }
    keep_from(d, first, KEEP_WEAK);
}

/* One written comment as a list item: one block, so never split across
 * pages, unless it is taller than a page (then line by line, as para()). */
static void comment_item(doc *d, const char *text)
{
    rich r;
    double h;
    PangoLayout *l;

    rich_init(&r);
    run_in(&r, 0, text);
    l = layout_of(d, &S_BODY, &r, d->body_w - LIST_INDENT, 0);
    layout_size(l, NULL, &h);
    space(d, 3);
    if (h > d->body_h) {
        g_object_unref(l);
        list_item(d, &r, 0);
        return;
    }
    rich_release(&r);
    op_circle(d, 7, S_BODY.size * 0.64, 1.7, INK, NONE, 0, 1);
    op_text(d, l, LIST_INDENT, 0, S_BODY.colour);
    block_close(d, h);
}

/* "What raters wrote" (comments() of the HTML): per question, each shown
 * group's comments as the model gathered them, and what is withheld. */
static void comments(doc *d, const assess_report *rep,
                     const report_subject *subj)
{
    const assess_instrument *inst = rep->s->inst;
    const struct comment_block *cb = report_comments(rep, subj);
    char label[512], withheld[1024];

    if (!report_comments_section(rep))
        return;
    bookmark(d, 1, "What raters wrote");
    h2(d, "What raters wrote", 0);
    space(d, 4);
    para_text(d, &S_NOTE, "Each group's comments are shown when at least its "
              "minimum of raters wrote an answer; groups with fewer are "
              "shown together when, together, they reach it. Within a group, "
              "comments are in alphabetical order, not in the order given, "
              "and never with who wrote them.");
    keep_next(d, KEEP_STRONG);
    for (uint32_t q = 0; q < inst->n_questions; q++) {
        size_t shown = 0, first = d->n_blocks;
        h3(d, inst->questions[q].text, 1);
        for (size_t k = 0;; k++) {
            const struct comment_group *g = report_comment_group(rep, cb, k);
            rich r;
            if (!g)
                break;
            if (g->question != q)
                continue;
            shown++;
            rich_init(&r);
            run_in(&r, F_BOLD, report_comment_label(rep, g, label,
                                                    sizeof label));
            space(d, 6);
            para(d, &S_BODY, &r, 0);
            keep_next(d, KEEP_STRONG);
            for (size_t t = 0; t < g->n; t++)
                comment_item(d, g->text[t]->text);
        }
        if (report_comment_withheld(rep, cb, q, withheld, sizeof withheld)) {
            keep_next(d, KEEP_STRONG); /* the note with what it follows */
            space(d, 4);
            para_text(d, &S_NOTE, withheld);
        } else if (!shown) {
            space(d, 4);
            para_text(d, &S_NOTE, "No one wrote an answer.");
        }
        /* a question on one page where it fits */
        keep_from(d, first, KEEP_WEAK);
    }
}

static void subject_doc(doc *d, const assess_report *rep, size_t i,
                        const score_rows *v)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    const report_subject *subj = &rep->subjects[i];
    rich r;

    cover(d, rep, subj);
    if (report_self_only(s)) {
        if (inst->kind == ASSESS_KIND_STRENGTHS)
            strengths(d, rep, subj, v);
        else
            scales(d, rep, subj, v);
    } else {
        raters(d, rep, subj, v);
        scales(d, rep, subj, v);
        gaps(d, rep, v);
        if (s->opts.items)
            items(d, rep, v);
    }
    if (rep->change && subj->n_change && !report_trend(rep))
        change(d, rep, subj);
    if (rep->change && subj->n_change && report_trend(rep))
        trend(d, rep, subj);
    outcome(d, rep, subj);
    comments(d, rep, subj);
    development(d, rep, subj, v);
    rich_init(&r);
    run(&r, 0, "Scored by assess. ");
    if (rep->agree && !report_self_only(s)) {
        run(&r, 0, "Whether others agree rests on their average deviation "
                   "from the item mean (ad");
        run(&r, F_SUB, "M");
        run(&r, 0, ", Burke, Finkelstein & Dusig 1999): agreement up to c/6 "
                   "points on a scale of c options (Burke & Dunlap 2002), "
                   "disagreement from what random answers would give, mixed "
                   "views between.");
    }
    space(d, 24);
    para(d, &S_NOTE, &r, 0);
}

/* ---- The index and the cohort report ------------------------------------ */

/* "Title · 12 executives · made 2026-01-01", the line under the heading. */
static void meta_line(doc *d, const assess_report *rep)
{
    rich r;
    rich_init(&r);
    run_in(&r, 0, rep->s->inst->title);
    runf(&r, 0, " \xc2\xb7 %zu executive%s", rep->n_subjects,
         rep->n_subjects == 1 ? "" : "s");
    if (rep->opts.made_on) {
        run(&r, 0, " \xc2\xb7 made ");
        run_in(&r, 0, rep->opts.made_on);
    }
    space(d, 6);
    para(d, &S_META, &r, 0);
}

/*
 * cairo's link attributes to another PDF in the same folder: a relative
 * URI, which viewers resolve against the index's own place.  (cairo 1.16
 * writes a remote go-to, "file=", with a destination viewers reject, and
 * fails on one with a page.)  File names are [A-Za-z0-9._-] only:
 * nothing to quote.
 */
static const char *file_link(doc *d, const char *file)
{
    char buf[256];
    snprintf(buf, sizeof buf, "uri='%s'", file);
    return g_string_chunk_insert(d->strings, buf);
}

static void index_doc(doc *d, const assess_report *rep)
{
    const assess_score *s = rep->s;
    int gaps_shown = !report_self_only(s);
    int any_change = 0, any_gas = 0;
    size_t cols = 3;
    grid t;
    rich r;

    for (size_t i = 0; i < rep->n_subjects; i++) {
        any_change |= rep->subjects[i].has_change;
        any_gas |= rep->subjects[i].gas && rep->subjects[i].gas->has_value;
    }
    cols += 2 * (size_t)gaps_shown + (size_t)any_change + (size_t)any_gas;
    bookmark(d, 1, "Reports");
    rich_init(&r);
    run(&r, 0, "Reports");
    para(d, &S_H1, &r, 0);
    meta_line(d, rep);
    space(d, 12);
    grid_init(&t, cols, 1);
    grid_text(&t, 0, "Executive", 0);
    grid_text(&t, 0, "Wave", 0);
    if (gaps_shown) {
        grid_text(&t, C_NUM, "Blind spots", 0);
        grid_text(&t, C_NUM, "Hidden strengths", 0);
    }
    if (any_change)
        grid_text(&t, 0, "Others' change (scales)", 0);
    if (any_gas)
        grid_text(&t, C_NUM, "Goals (GAS T)", 0);
    grid_text(&t, 0, "Report", 0);
    for (size_t i = 0; i < rep->n_subjects; i++) {
        const report_subject *subj = &rep->subjects[i];
        tcell *c;
        grid_text(&t, C_BOLD, subj->name, 1);
        grid_text(&t, 0, report_wave(s, subj->shown), 1);
        if (gaps_shown) {
            c = grid_cell(&t, C_NUM);
            runf(&c->r, 0, "%u", subj->blind_spots);
            c = grid_cell(&t, C_NUM);
            runf(&c->r, 0, "%u", subj->hidden_strengths);
        }
        if (any_change) {
            c = grid_cell(&t, 0);
            if (subj->has_change && report_trend(rep))
                runf(&c->r, 0, "waves %s \xe2\x86\x92 %s: %u improved, %u "
                               "deteriorated", report_trend_wave(rep, 0),
                     report_trend_wave(rep, report_trend_count(rep) - 1),
                     subj->improved, subj->deteriorated);
            else if (subj->has_change)
                runf(&c->r, 0, "%u improved, %u deteriorated", subj->improved,
                     subj->deteriorated);
            else
                run(&c->r, 0, "\xe2\x80\x93");
        }
        if (any_gas) {
            c = grid_cell(&t, C_NUM);
            if (subj->gas && subj->gas->has_value)
                run_num(&c->r, 0, subj->gas->value, 0);
            else
                run(&c->r, 0, "\xe2\x80\x93");
        }
        c = grid_cell(&t, 0);
        run_of(&c->r, 0, C_SELF, "open", 0);
        c->link = file_link(d, subj->pdf_file);
    }
    /* a long index runs on over pages, a row never split */
    grid_end(d, &t, &S_TABLE_SMALL);
    rich_init(&r);
    run_of(&r, 0, C_SELF, "The cohort report", 0);
    run(&r, 0, ": the programme as a whole, no executive named.");
    space(d, 12);
    para(d, &S_BODY, &r, 0);
    d->ops[d->n_ops - 1].link = file_link(d, "cohort.pdf");
}

static void cohort_doc(doc *d, const assess_report *rep)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;
    size_t ngo = s->n_groups_out;
    unsigned minimum = rep->opts.cohort_minimum ? rep->opts.cohort_minimum : 1;
    const char *others = score_group_id(s, GROUP_OTHERS(inst));
    rich r;

    bookmark(d, 1, "Cohort report");
    space(d, 12);
    kicker(d, "Confidential \xc2\xb7 cohort report");
    rich_init(&r);
    run(&r, 0, "The programme as a whole");
    space(d, 10);
    para(d, &S_H1, &r, 0);
    meta_line(d, rep);
    rich_init(&r);
    runf(&r, 0, "Per scale, each dot is one executive's average as %s at "
                "their latest wave; no executive is named. Only what the "
                "executives' reports show counts here, and a scale is shown "
                "only where at least %u executives have it.",
         report_self_only(s) ? "they rated themselves" : "others rated them",
         minimum);
    space(d, 8);
    para(d, &S_NOTE, &r, 0);
    for (uint32_t k = 0; k < inst->n_scales; k++) {
        size_t first = d->n_blocks;
        bookmark(d, 2, inst->scales[k].title);
        h2(d, inst->scales[k].title, 1);
        if (rep->cohort_n[k] < minimum) {
            rich_init(&r);
            runf(&r, 0, "Not shown: fewer than %u executives.", minimum);
            space(d, 6);
            para(d, &S_BODY, &r, 0);
            keep_from(d, first, KEEP_STRONG);
            continue;
        }
        chart_cohort(d, rep, k);
        grid t;
        grid_init(&t, 3, 1);
        grid_text(&t, 0, "Group", 0);
        grid_text(&t, C_NUM, "Mean of the executives' averages", 0);
        grid_text(&t, C_NUM, "Executives", 0);
        for (size_t o = 0; o < ngo; o++) {
            size_t m;
            double mean = report_cohort_group_mean(rep, k, o, &m);
            tcell *c;
            grid_text(&t, C_BOLD, report_group_label(s, s->groups_out[o]), 1);
            if (m < minimum) {
                c = grid_cell(&t, C_NUM);
                runf(&c->r, 0, "not shown: fewer than %u executives", minimum);
                grid_text(&t, 0, "", 0);
                continue;
            }
            c = grid_cell(&t, C_NUM);
            run_num(&c->r, 0, mean, 0);
            c = grid_cell(&t, C_NUM);
            runf(&c->r, 0, "%zu", m);
        }
        space(d, 8);
        grid_end(d, &t, &S_BODY);
        const table_row *md = report_cohort_row(rep, inst->scales[k].id, others,
                                                "mean_diff");
        cohort_trend(d, rep, k);
        if (md && md->has_value && md->has_n && md->n >= minimum &&
            !report_trend(rep)) {
            cohort_change(d, md->wave, md,
                          report_cohort_row(rep, inst->scales[k].id, others,
                                            "n_improved"),
                          report_cohort_row(rep, inst->scales[k].id, others,
                                            "n_unchanged"),
                          report_cohort_row(rep, inst->scales[k].id, others,
                                            "n_deteriorated"));
        }
        keep_from(d, first, KEEP_WEAK);
    }
    cohort_outcome(d, rep);
}

/* ---- Pages -------------------------------------------------------------- */

/* The last block of the keep chain from `i` at `level` or stronger. */
static size_t chain_end(const doc *d, size_t i, size_t last, int level)
{
    while (i < last && d->blocks[i].keep >= level)
        i++;
    return i;
}

typedef struct cursor {
    int page;
    double y;     /* from the body's top */
    int empty;    /* nothing on the page yet */
} cursor;

static double run_height(const doc *d, const cursor *c, size_t from, size_t to)
{
    double h = 0;
    for (size_t i = from; i <= to; i++)
        h += d->blocks[i].h +
             (i == from && c->empty ? 0 : d->blocks[i].space);
    return h;
}

static void next_page(cursor *c)
{
    c->page++;
    c->y = 0;
    c->empty = 1;
}

static void place(doc *d, cursor *c, size_t from, size_t to)
{
    for (size_t i = from; i <= to; i++) {
        pdf_block *b = &d->blocks[i];
        if (!c->empty)
            c->y += b->space;
        b->page = c->page;
        b->y = c->y;
        c->y += b->h;
        c->empty = 0;
    }
}

/* Places blocks from..to, kept together at `level` where they fit a page;
 * below that, by the next weaker level; block by block at the last. */
static void place_kept(doc *d, cursor *c, size_t from, size_t to, int level)
{
    for (size_t i = from; i <= to;) {
        size_t j = level > KEEP_NONE ? chain_end(d, i, to, level) : i;
        double h = run_height(d, c, i, j);
        if (c->y + h <= d->body_h + 0.01) {
            place(d, c, i, j);
        } else if (!c->empty && run_height(d, &(cursor){ 0, 0, 1 }, i, j) <=
                                    d->body_h + 0.01) {
            next_page(c);
            place(d, c, i, j);
        } else if (level < KEEP_STRONG && j > i) {
            place_kept(d, c, i, j, level + 1);
        } else if (j > i) {
            /* taller than a page even held strongly: block by block */
            place_kept(d, c, i, j, KEEP_NONE);
        } else {
            /* one block, taller than what is left (or than a page) */
            if (!c->empty)
                next_page(c);
            place(d, c, i, i);
        }
        i = j + 1;
    }
}

/* Gives every block its page and place. */
static void paginate(doc *d)
{
    cursor c = { 0, 0, 1 };
    size_t i = 0;

    while (i < d->n_blocks) {
        if (d->blocks[i].new_page && !c.empty)
            next_page(&c);
        /* up to the next forced page break */
        size_t j = i;
        while (j + 1 < d->n_blocks && !d->blocks[j + 1].new_page)
            j++;
        /* chains never run across a forced break */
        size_t k = i;
        while (k <= j) {
            size_t e = chain_end(d, k, j, KEEP_WEAK);
            place_kept(d, &c, k, e, KEEP_WEAK);
            k = e + 1;
        }
        i = j + 1;
    }
    d->n_pages = c.page + 1;
}

/* ---- Painting ----------------------------------------------------------- */

static void source(cairo_t *cr, uint32_t rgb, double alpha)
{
    cairo_set_source_rgba(cr, (rgb >> 16 & 0xff) / 255.0,
                          (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                          alpha);
}

static void paint_op(cairo_t *cr, const pdf_op *o, double x0, double y0)
{
    switch (o->kind) {
    case OP_TEXT:
        if (o->link)
            cairo_tag_begin(cr, CAIRO_TAG_LINK, o->link);
        source(cr, o->colour, 1);
        cairo_move_to(cr, x0 + o->x, y0 + o->y);
        pango_cairo_show_layout(cr, o->layout);
        if (o->link)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
        break;
    case OP_LINE_OF:
        source(cr, o->colour, 1);
        cairo_move_to(cr, x0 + o->x, y0 + o->y);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(
                                             o->layout, o->line));
        break;
    case OP_RECT:
        cairo_rectangle(cr, x0 + o->x, y0 + o->y, o->w, o->h);
        if (o->fill != NONE) {
            source(cr, o->fill, 1);
            if (o->stroke != NONE)
                cairo_fill_preserve(cr);
            else
                cairo_fill(cr);
        }
        if (o->stroke != NONE) {
            source(cr, o->stroke, 1);
            cairo_set_line_width(cr, o->line_w);
            cairo_stroke(cr);
        }
        cairo_new_path(cr);
        break;
    case OP_LINE:
        cairo_move_to(cr, x0 + o->x, y0 + o->y);
        cairo_line_to(cr, x0 + o->w, y0 + o->h);
        source(cr, o->stroke, 1);
        cairo_set_line_width(cr, o->line_w);
        cairo_stroke(cr);
        break;
    case OP_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x0 + o->x, y0 + o->y, o->w, 0, 2 * G_PI);
        if (o->fill != NONE) {
            source(cr, o->fill, o->alpha);
            if (o->stroke != NONE)
                cairo_fill_preserve(cr);
            else
                cairo_fill(cr);
        }
        if (o->stroke != NONE) {
            source(cr, o->stroke, o->alpha);
            cairo_set_line_width(cr, o->line_w);
            cairo_stroke(cr);
        }
        cairo_new_path(cr);
        break;
    case OP_BRACKET:
        cairo_move_to(cr, x0 + o->x, y0 + o->y - o->h / 2);
        cairo_rel_line_to(cr, 0, o->h);
        cairo_move_to(cr, x0 + o->x, y0 + o->y);
        cairo_line_to(cr, x0 + o->w, y0 + o->y);
        cairo_move_to(cr, x0 + o->w, y0 + o->y - o->h / 2);
        cairo_rel_line_to(cr, 0, o->h);
        source(cr, o->stroke, 1);
        cairo_set_line_width(cr, o->line_w);
        cairo_stroke(cr);
        break;
    }
}

/* The running header (pages after the first) and "page N of M". */
static PangoLayout *furniture(doc *d, int page, int footer)
{
    rich r;
    PangoLayout *l;
    rich_init(&r);
    if (footer) {
        runf(&r, 0, "page %d of %d", page + 1, d->n_pages);
        l = layout_of(d, &S_RUNNING, &r, d->body_w, 1);
    } else {
        run(&r, 0, d->running); /* clean() already */
        run(&r, 0, " \xc2\xb7 confidential");
        l = layout_of(d, &S_RUNNING, &r, d->body_w, 0);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_MIDDLE);
    }
    rich_release(&r);
    return l;
}

/*
 * cairo's output, to out.  A failed write is not told to cairo, which
 * 1.16 answers by reading freed memory as it finishes the document: the
 * stream's error flag keeps it, for write_end() to report, and nothing
 * more is written.
 */
static cairo_status_t write_to(void *closure, const unsigned char *data,
                               unsigned int length)
{
    FILE *out = closure;
    if (!ferror(out))
        fwrite(data, 1, length, out);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws the document on a PDF surface writing to out. */
static cairo_status_t paint(doc *d, FILE *out)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_to, out, d->page_w, d->page_h);
    cairo_t *cr = cairo_create(surface);
    cairo_status_t st;
    int top_mark = 0;
    size_t b = 0;

    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   d->title);
    if (d->author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                       d->author);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
                                   d->subject);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "assess " ASSESS_VERSION);
    if (d->date[0]) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                       d->date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
                                       d->date);
    }
    for (int page = 0; page < d->n_pages; page++) {
        if (d->running && page > 0) {
            PangoLayout *l = furniture(d, page, 0);
            source(cr, GREY, 1);
            cairo_move_to(cr, MARGIN_X, HEADER_Y);
            pango_cairo_show_layout(cr, l);
            g_object_unref(l);
        }
        for (; b < d->n_blocks && d->blocks[b].page == page; b++) {
            const pdf_block *blk = &d->blocks[b];
            double y0 = MARGIN_TOP + blk->y;
            if (blk->mark) {
                char dest[96];
                snprintf(dest, sizeof dest, "page=%d pos=[%.2f %.2f]", page + 1,
                         MARGIN_X, fmax(0, y0 - 12));
                int id = cairo_pdf_surface_add_outline(
                    surface,
                    blk->mark_level > 1 && top_mark ? top_mark
                                                    : CAIRO_PDF_OUTLINE_ROOT,
                    blk->mark, dest,
                    blk->mark_level > 1 ? 0 : CAIRO_PDF_OUTLINE_FLAG_OPEN);
                if (blk->mark_level == 1)
                    top_mark = id;
            }
            for (size_t i = 0; i < blk->n_ops; i++)
                paint_op(cr, &d->ops[blk->op + i], MARGIN_X, y0);
        }
        {
            PangoLayout *l = furniture(d, page, 1);
            double h;
            layout_size(l, NULL, &h);
            source(cr, GREY, 1);
            cairo_move_to(cr, MARGIN_X, d->page_h - FOOTER_Y - h);
            pango_cairo_show_layout(cr, l);
            g_object_unref(l);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return st;
}

/* ---- What a document draws, for the tests -------------------------------- */

static void describe(doc *d, FILE *out)
{
    fprintf(out, "pages %d\nsize %.2f %.2f\nbody %.2f %.2f\ntitle %s\n"
                 "author %s\nsubject %s\ndate %s\n",
            d->n_pages, d->page_w, d->page_h, d->body_w, d->body_h, d->title,
            d->author ? d->author : "", d->subject, d->date);
    size_t b = 0;
    for (int page = 0; page < d->n_pages; page++) {
        fprintf(out, "page %d of %d", page + 1, d->n_pages);
        if (d->running && page > 0)
            fprintf(out, " header %s", d->running);
        fputc('\n', out);
        for (; b < d->n_blocks && d->blocks[b].page == page; b++) {
            const pdf_block *blk = &d->blocks[b];
            fprintf(out, "block %.2f %.2f keep %d%s\n", blk->y, blk->h,
                    blk->keep, blk->new_page ? " new-page" : "");
            if (blk->mark)
                fprintf(out, "bookmark %d %s\n", blk->mark_level, blk->mark);
            for (size_t i = 0; i < blk->n_ops; i++) {
                const pdf_op *o = &d->ops[blk->op + i];
                fprintf(out, "%d %.2f %.2f %.2f %.2f %06x %06x %.2f", o->kind,
                        o->x, o->y, o->w, o->h, o->fill & 0xffffff,
                        o->stroke & 0xffffff, o->alpha);
                if (o->kind == OP_TEXT)
                    fprintf(out, " text %s%s%s", pango_layout_get_text(o->layout),
                            o->link ? " link " : "", o->link ? o->link : "");
                else if (o->kind == OP_LINE_OF) {
                    PangoLayoutLine *line =
                        pango_layout_get_line_readonly(o->layout, o->line);
                    fprintf(out, " line %.*s", line->length,
                            pango_layout_get_text(o->layout) + line->start_index);
                }
                fputc('\n', out);
            }
        }
    }
}

/* ---- Making a document --------------------------------------------------- */

static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;

static void fonts_init(void)
{
    FcInit();
}

static void doc_init(doc *d, const assess_pdf_options *opts)
{
    PangoFontMap *map;
    cairo_font_options_t *fo;

    pthread_once(&fonts_once, fonts_init);
    memset(d, 0, sizeof *d);
    if (opts && opts->paper == ASSESS_PAPER_LETTER) {
        d->page_w = 612;
        d->page_h = 792;
    } else {
        d->page_w = 595.2756; /* 210 mm */
        d->page_h = 841.8898; /* 297 mm */
    }
    d->body_w = d->page_w - 2 * MARGIN_X;
    d->body_h = d->page_h - MARGIN_TOP - MARGIN_BOTTOM;
    /* The calling thread's font map (Pango keeps one per thread). */
    map = pango_cairo_font_map_get_default();
    d->pc = pango_font_map_create_context(map);
    /* Points as units, outlines unhinted: what is measured is what the
     * PDF draws, at any zoom. */
    pango_cairo_context_set_resolution(d->pc, 72);
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(d->pc, fo);
    cairo_font_options_destroy(fo);
    d->strings = g_string_chunk_new(1024);
}

static void doc_release(doc *d)
{
    for (size_t i = 0; i < d->n_ops; i++)
        if (d->ops[i].layout)
            g_object_unref(d->ops[i].layout);
    g_free(d->ops);
    g_free(d->blocks);
    if (d->strings)
        g_string_chunk_free(d->strings);
    if (d->pc)
        g_object_unref(d->pc);
}

/* made_on, when it is a date (YYYY-MM-DD), as cairo takes a date. */
static void doc_date(doc *d, const char *made_on)
{
    int ok = made_on && strlen(made_on) == 10 && made_on[4] == '-' &&
             made_on[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        ok = i == 4 || i == 7 || (made_on[i] >= '0' && made_on[i] <= '9');
    if (ok)
        snprintf(d->date, sizeof d->date, "%sT00:00:00Z", made_on);
}

/* Lays document `which` out into d. */
static assess_status lay_out(doc *d, const assess_report *rep, long which,
                             const assess_pdf_options *opts, char *title,
                             size_t title_size, assess_error *err)
{
    const assess_score *s = rep->s;
    const assess_instrument *inst = s->inst;

    doc_init(d, opts);
    doc_date(d, rep->opts.made_on);
    d->title = title;
    if (which == REPORT_PDF_INDEX) {
        snprintf(title, title_size, "Reports \xe2\x80\x93 %s", inst->title);
        d->subject = "The index of the reports";
        index_doc(d, rep);
    } else if (which == REPORT_PDF_COHORT) {
        snprintf(title, title_size, "Cohort report \xe2\x80\x93 %s",
                 inst->title);
        d->subject = "Cohort report: the programme as a whole";
        d->running = "Cohort report";
        cohort_doc(d, rep);
    } else {
        const report_subject *subj;
        score_rows v;
        if (which < 0 || (size_t)which >= rep->n_subjects)
            return error_set(err, ASSESS_EUSAGE, NULL, 0, "no report %ld",
                             which);
        subj = &rep->subjects[which];
        snprintf(title, title_size, "%s \xe2\x80\x93 %s", subj->name,
                 inst->title);
        d->author = subj->coach;
        d->subject = report_self_only(s) ? "Strengths report"
                                         : "360-degree feedback report";
        d->running = subj->name;
        if (score_rows_init(&v, s) < 0)
            return error_set(err, ASSESS_ENOMEM, NULL, 0, "out of memory");
        score_rows_compute(&v, subj->shown);
        subject_doc(d, rep, (size_t)which, &v);
        score_rows_free(&v);
    }
    d->title = clean(d, title);
    if (d->running)
        d->running = clean(d, d->running);
    if (d->author)
        d->author = clean(d, d->author);
    paginate(d);
    return ASSESS_OK;
}

static assess_status write_doc(const assess_report *rep, long which, FILE *out,
                               const assess_pdf_options *opts,
                               assess_error *err)
{
    doc d;
    char title[1024];
    assess_status st;
    cairo_status_t cs;

    st = lay_out(&d, rep, which, opts, title, sizeof title, err);
    if (st != ASSESS_OK) {
        doc_release(&d);
        return st;
    }
    write_begin(out);
    cs = paint(&d, out);
    doc_release(&d);
    st = write_end(out, err);
    if (st == ASSESS_OK && cs != CAIRO_STATUS_SUCCESS)
        st = error_set(err, ASSESS_EIO, NULL, 0, "pdf: %s",
                       cairo_status_to_string(cs));
    return st;
}

void assess_pdf_options_init(assess_pdf_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->paper = ASSESS_PAPER_A4;
}

assess_status assess_report_write_pdf(const assess_report *rep, size_t i,
                                      FILE *out, const assess_pdf_options *opts,
                                      assess_error *err)
{
    if (i >= rep->n_subjects)
        return error_set(err, ASSESS_EUSAGE, NULL, 0, "no report %zu", i);
    return write_doc(rep, (long)i, out, opts, err);
}

assess_status assess_report_write_index_pdf(const assess_report *rep,
                                            FILE *out,
                                            const assess_pdf_options *opts,
                                            assess_error *err)
{
    return write_doc(rep, REPORT_PDF_INDEX, out, opts, err);
}

assess_status assess_report_write_cohort_pdf(const assess_report *rep,
                                             FILE *out,
                                             const assess_pdf_options *opts,
                                             assess_error *err)
{
    return write_doc(rep, REPORT_PDF_COHORT, out, opts, err);
}

assess_status report_pdf_describe(const assess_report *rep, long which,
                                  const assess_pdf_options *opts, FILE *out,
                                  assess_error *err)
{
    doc d;
    char title[1024];
    assess_status st = lay_out(&d, rep, which, opts, title, sizeof title, err);
    if (st == ASSESS_OK) {
        write_begin(out);
        describe(&d, out);
        st = write_end(out, err);
    }
    doc_release(&d);
    return st;
}
