/*
 * test_score.c - scoring (engine/score.c) and its writers (output_score_csv.c,
 * output_score_json.c, output_score_text.c): rater scores with reverse keying and the
 * missing rule, sum scoring, composites, group rows with anonymity
 * minimums, both others weightings, self-other gaps, item highlights,
 * instrument and cohort norms, strengths ranks, and what the writers may
 * and may not print.
 *
 * Every instrument and response file is inline and small, so that every
 * expected number can be worked out by hand; the arithmetic is written
 * beside it.  Results are checked in the private records (score.h) and in
 * the writers' text.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "assess.h"
#include "check_text.h"
#include "base_format.h"
#include "loaded.h"
#include "near.h"
#include "rng.h"
#include "score.h"

/* 100 * Phi(z) for the z values the norms tests produce: the standard
 * normal CDF (Abramowitz & Stegun, table 26.1) carried to 20 digits. */
#define PCT_Z_MINUS_1 15.865525393145705142     /* 100 * Phi(-1) */
#define PCT_Z_MINUS_HALF 30.853753872598689637  /* 100 * Phi(-0.5) */
#define PCT_Z_HALF 69.146246127401310364        /* 100 * Phi(0.5) */
#define PCT_Z_1 84.134474606854294859           /* 100 * Phi(1) */
#define PCT_Z_2 97.724986805182079280           /* 100 * Phi(2) */

/* ---- Instruments -------------------------------------------------------- */

/*
 * The main 360 instrument.  Scale alpha: A1, A2 and A3 (reverse keyed, so
 * scored 6 - value), min-answered 2.  Scale beta: B1, B2, min-answered by
 * default (2 + 1) / 2 = 1.  Composites total (parts alpha, beta; default
 * min-answered 1) and both (the same parts, min-answered 2).  Norms: alpha
 * in general (3, sd 0.5), alpha for self (4, sd 2), beta for managers only
 * (3, sd 1).
 */
static const char T360[] =
    "<instrument id='t360' version='1' kind='360'>\n"
    "<title>Test 360</title>\n"
    "<response-scale id='a5' min='1' max='5'>"
    "<missing code='0'>Not observed</missing></response-scale>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='3'>Peers</group>\n"
    "<group id='direct_report' role='direct_report' minimum='3'>Direct "
    "reports</group>\n"
    "</rater-groups>\n"
    "<scale id='alpha' min-answered='2'><title>Alpha</title>\n"
    "<item id='A1'>Alpha one</item><item id='A2'>Alpha two</item>"
    "<item id='A3' reverse='true'>Alpha three</item></scale>\n"
    "<scale id='beta'><title>Beta</title>\n"
    "<item id='B1'>Beta one</item><item id='B2'>Beta two</item></scale>\n"
    "<scale id='total'><title>Total</title>"
    "<part scale='alpha'/><part scale='beta'/></scale>\n"
    "<scale id='both' min-answered='2'><title>Both</title>"
    "<part scale='alpha'/><part scale='beta'/></scale>\n"
    "<norms>\n"
    "<norm scale='alpha' mean='3' sd='0.5' n='100'>General</norm>\n"
    "<norm scale='alpha' group='self' mean='4' sd='2' n='100'>Self</norm>\n"
    "<norm scale='beta' group='manager' mean='3' sd='1' n='50'>Managers"
    "</norm>\n"
    "</norms>\n"
    "</instrument>\n";

/* The header of T360 responses in the wide layout. */
#define T360_HEADER "subject_id,rater_id,rater_group,wave,A1,A2,A3,B1,B2\n"

/* Sum scoring, no rater groups (one implicit group "all").  plain: sum of
 * P1..P3 on 0..4 (P3 reversed: 4 - v), every item needed.  pro: sum of
 * Q1..Q4 prorated (mean * 4), default min-answered 2.  cont: mean of C1
 * and C2 (reversed: 10 - v) on a continuous 0..10 scale. */
static const char TSUM[] =
    "<instrument id='tsum' version='1' kind='360'>\n"
    "<title>Sum test</title>\n"
    "<response-scale id='z4' min='0' max='4'>"
    "<missing code='9'>Skipped</missing></response-scale>\n"
    "<response-scale id='c10' min='0' max='10' type='continuous'/>\n"
    "<scale id='plain' scoring='sum' response-scale='z4'><title>Plain</title>"
    "<item id='P1'>p one</item><item id='P2'>p two</item>"
    "<item id='P3' reverse='true'>p three</item></scale>\n"
    "<scale id='pro' scoring='sum' prorate='true' response-scale='z4'>"
    "<title>Prorated</title>"
    "<item id='Q1'>q one</item><item id='Q2'>q two</item>"
    "<item id='Q3'>q three</item><item id='Q4' reverse='true'>q four</item>"
    "</scale>\n"
    "<scale id='cont' response-scale='c10'><title>Continuous</title>"
    "<item id='C1'>c one</item><item id='C2' reverse='true'>c two</item>"
    "</scale>\n"
    "</instrument>\n";

/* Composites defined before their parts: top = (mid, c), mid = (a, b) with
 * min-answered 2.  No rater groups. */
static const char TCOMP[] =
    "<instrument id='tcomp' version='1' kind='360'>\n"
    "<title>Composite test</title>\n"
    "<response-scale id='r5' min='1' max='5'/>\n"
    "<scale id='top'><title>Top</title>"
    "<part scale='mid'/><part scale='c'/></scale>\n"
    "<scale id='mid' min-answered='2'><title>Mid</title>"
    "<part scale='a'/><part scale='b'/></scale>\n"
    "<scale id='a'><title>A</title><item id='a1'>a one</item>"
    "<item id='a2'>a two</item></scale>\n"
    "<scale id='b'><title>B</title><item id='b1'>b one</item></scale>\n"
    "<scale id='c'><title>C</title><item id='c1'>c one</item></scale>\n"
    "</instrument>\n";

/* One scale of three items (X3 reversed), every item needed; self and a
 * peer group of minimum 2; no norms. */
static const char TMINI[] =
    "<instrument id='tmini' version='1' kind='360'>\n"
    "<title>Mini</title>\n"
    "<response-scale id='m5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='self' role='self' minimum='1'>Self</group>\n"
    "<group id='peer' role='peer' minimum='2'>Peer</group>\n"
    "</rater-groups>\n"
    "<scale id='x' min-answered='3'><title>X</title>"
    "<item id='X1'>x one</item><item id='X2'>x two</item>"
    "<item id='X3' reverse='true'>x three</item></scale>\n"
    "</instrument>\n";

/*
 * K2 comes first in the file, K1 first in the output.  K1: RXself1 scores
 * (5 + 4 + (6 - 2)) / 3 = 13/3.  K2: RXself2 (4 + 4 + 4) / 3 = 4, RXpeer1
 * (3 + 3 + 3) / 3 = 3, RXpeer2 (2 + 2 + (6 - 4)) / 3 = 2.  K3: RXpeer3
 * answered one item of the three needed.
 */
static const char MINI_CSV[] =
    "subject_id,rater_id,rater_group,wave,X1,X2,X3\n"
    "K2,RXpeer2,peer,1,2,2,4\n"
    "K1,RXself1,self,1,5,4,2\n"
    "K2,RXself2,self,1,4,4,2\n"
    "K2,RXpeer1,peer,1,3,3,3\n"
    "K3,RXpeer3,peer,1,5,,\n";

static const char *const MINI_RATERS[] = { "RXself1", "RXself2", "RXpeer1",
                                           "RXpeer2", "RXpeer3" };

/* Strengths: five scales ranked, one composite that is not. */
static const char TSTR[] =
    "<instrument id='tstr' version='1' kind='strengths'>\n"
    "<title>Strength test</title>\n"
    "<response-scale id='f5' min='1' max='5'/>\n"
    "<scale id='s1'><title>One</title><item id='S1a'>one a</item>"
    "<item id='S1b'>one b</item></scale>\n"
    "<scale id='s2'><title>Two</title><item id='S2a'>two a</item>"
    "<item id='S2b'>two b</item></scale>\n"
    "<scale id='s3'><title>Three</title><item id='S3a'>three a</item>"
    "<item id='S3b'>three b</item></scale>\n"
    "<scale id='s4'><title>Four</title><item id='S4a'>four a</item>"
    "<item id='S4b'>four b</item></scale>\n"
    "<scale id='s5'><title>Five</title><item id='S5a'>five a</item></scale>\n"
    "<scale id='combo'><title>Combo</title>"
    "<part scale='s1'/><part scale='s2'/></scale>\n"
    "</instrument>\n";

/*
 * E1: r1 and r2 give s1 4 and 4, s2 (5 + 4) / 2 = 4.5 twice, s3 4 and
 * (3 + 5) / 2 = 4, s4 2 and 2.5, s5 nothing; means s1 4, s2 4.5, s3 4,
 * s4 2.25; combo (4 + 4.5) / 2 = 4.25 for both.  E2: one rater, s1 1 ..
 * s5 5.
 */
static const char STR_CSV[] =
    "subject_id,rater_id,wave,S1a,S1b,S2a,S2b,S3a,S3b,S4a,S4b,S5a\n"
    "E1,r1,1,4,4,5,4,4,4,2,2,\n"
    "E1,r2,1,4,4,5,4,3,5,2,3,\n"
    "E2,r3,1,1,1,2,2,3,3,4,4,5\n";

/* No self group: no `others` rows. */
static const char TNOSELF[] =
    "<instrument id='tnoself' version='1' kind='360'>\n"
    "<title>No self</title>\n"
    "<response-scale id='n5' min='1' max='5'/>\n"
    "<rater-groups>\n"
    "<group id='manager' role='manager' minimum='1'>Manager</group>\n"
    "<group id='peer' role='peer' minimum='2'>Peer</group>\n"
    "</rater-groups>\n"
    "<scale id='y'><title>Y</title><item id='Y1'>y one</item></scale>\n"
    "</instrument>\n";

/* ---- Fixture: what a test allocates, freed after it --------------------- */

static assess_score *scores[KEEP];
static size_t n_scores;
static char *texts[4 * KEEP];
static size_t n_texts;
static score_rows views[4 * KEEP];
static size_t n_views;

static void setup(void)
{
    n_scores = n_texts = n_views = 0;
    loaded_reset();
}

static void teardown(void)
{
    for (size_t i = 0; i < n_scores; i++)
        assess_score_free(scores[i]);
    for (size_t i = 0; i < n_texts; i++)
        free(texts[i]);
    for (size_t i = 0; i < n_views; i++)
        score_rows_free(&views[i]);
    n_scores = n_texts = n_views = 0;
    loaded_free();
}

TestSuite(score, .init = setup, .fini = teardown);

static char *keep_text(char *p)
{
    cr_assert_lt(n_texts, 4 * KEEP);
    texts[n_texts++] = p;
    return p;
}

static assess_score *compute(const assess_responses *r,
                             const assess_score_options *o)
{
    assess_error err;
    assess_score *s;
    assess_error_init(&err);
    s = assess_score_compute(r, o, &err);
    cr_assert_not_null(s, "assess_score_compute: %s", err.message);
    cr_assert_lt(n_scores, KEEP);
    scores[n_scores++] = s;
    return s;
}

/* Instrument, responses and scores in one call. */
static assess_score *score_of(const char *xml, const char *csv,
                              const assess_score_options *o)
{
    return compute(read_csv(load(xml), csv), o);
}

static assess_score_options defaults(void)
{
    assess_score_options o;
    assess_score_options_init(&o);
    return o;
}

static assess_score_options no_norms(void)
{
    assess_score_options o = defaults();
    o.norms = ASSESS_NORMS_NONE;
    return o;
}

/* ---- Finding rows ------------------------------------------------------- */

static const score_block *block_of(const assess_score *s, const char *subject,
                                   const char *wave)
{
    for (size_t b = 0; b < s->n_blocks; b++) {
        const score_block *bl = &s->blocks[b];
        if (strcmp(strtab_str(&s->resp->subjects, bl->subject), subject) == 0 &&
            strcmp(strtab_str(&s->resp->waves, bl->wave), wave) == 0)
            return bl;
    }
    cr_assert_fail("no block for subject '%s' in wave '%s'", subject, wave);
    return NULL;
}

/* The rows of block b, worked out once per test and kept to its end, so
 * that rows found by earlier calls stay valid. */
static const score_rows *rows_of(const assess_score *s, const score_block *b)
{
    score_rows *v;
    for (size_t i = 0; i < n_views; i++)
        if (views[i].s == s && views[i].b == b)
            return &views[i];
    cr_assert_lt(n_views, 4 * KEEP);
    v = &views[n_views];
    cr_assert_eq(score_rows_init(v, s), 0);
    n_views++;
    score_rows_compute(v, b);
    return v;
}

static uint32_t scale_index(const assess_score *s, const char *id)
{
    for (uint32_t k = 0; k < s->inst->n_scales; k++)
        if (strcmp(s->inst->scales[k].id, id) == 0)
            return k;
    cr_assert_fail("no scale '%s'", id);
    return 0;
}

static uint32_t item_index(const assess_score *s, const char *id)
{
    for (uint32_t i = 0; i < s->inst->n_items; i++)
        if (strcmp(s->inst->items[i].id, id) == 0)
            return i;
    cr_assert_fail("no item '%s'", id);
    return 0;
}

static size_t out_index(const assess_score *s, const char *group)
{
    for (size_t o = 0; o < s->n_groups_out; o++)
        if (strcmp(score_group_id(s, s->groups_out[o]), group) == 0)
            return o;
    cr_assert_fail("no output group '%s'", group);
    return 0;
}

/* The scale row of subject x wave x scale x group. */
static const stat_row *srow(const assess_score *s, const char *subject,
                            const char *wave, const char *scale,
                            const char *group)
{
    const score_block *b = block_of(s, subject, wave);
    const stat_row *row =
        &score_scale_rows(rows_of(s, b), scale_index(s, scale))[out_index(s, group)];
    cr_assert_str_eq(score_group_id(s, row->group), group);
    cr_assert_eq(row->what, scale_index(s, scale));
    return row;
}

static const stat_row *irow(const assess_score *s, const char *subject,
                            const char *wave, const char *item,
                            const char *group)
{
    const score_block *b = block_of(s, subject, wave);
    const stat_row *row =
        &score_item_rows(rows_of(s, b), item_index(s, item))[out_index(s, group)];
    cr_assert_str_eq(score_group_id(s, row->group), group);
    cr_assert_eq(row->what, item_index(s, item));
    return row;
}

/* Where a rater's score on a scale is kept (set * n_scales + scale). */
static size_t rater_at(const assess_score *s, const char *subject,
                       const char *rater, const char *wave, const char *scale)
{
    const assess_responses *r = s->resp;
    for (size_t i = 0; i < r->n_sets; i++) {
        const resp_set *set = &r->sets[i];
        if (strcmp(strtab_str(&r->subjects, set->subject), subject) == 0 &&
            strcmp(strtab_str(&r->raters, set->rater), rater) == 0 &&
            strcmp(strtab_str(&r->waves, set->wave), wave) == 0)
            return i * s->inst->n_scales + scale_index(s, scale);
    }
    cr_assert_fail("no set of rater '%s' on '%s' in wave '%s'", rater,
                   subject, wave);
    return 0;
}

static double rscore(const assess_score *s, const char *subject,
                     const char *rater, const char *scale)
{
    return s->rater_score[rater_at(s, subject, rater, "1", scale)];
}

/* What a rater's score rests on, and why it is absent, as the per-rater
 * table is given them: worked out again for the rater's set. */
static void rdetail(const assess_score *s, const char *subject,
                    const char *rater, const char *scale, uint32_t *answered,
                    unsigned *why)
{
    size_t ns = s->inst->n_scales, at = rater_at(s, subject, rater, "1", scale);
    double *got = malloc(ns * sizeof *got);
    uint32_t *n = malloc(ns * sizeof *n);
    unsigned *w = malloc(ns * sizeof *w);
    cr_assert(got && n && w);
    score_set(s, at / ns, got, n, w);
    /* The same scores as those kept. */
    for (size_t k = 0; k < ns; k++) {
        double kept = s->rater_score[at - at % ns + k];
        cr_assert(isnan(kept) ? isnan(got[k]) : kept == got[k]);
    }
    *answered = n[at % ns];
    *why = w[at % ns];
    free(got);
    free(n);
    free(w);
}

static unsigned rreasons(const assess_score *s, const char *subject,
                         const char *rater, const char *scale)
{
    uint32_t answered;
    unsigned why;
    rdetail(s, subject, rater, scale, &answered, &why);
    return why;
}

static uint32_t ranswered(const assess_score *s, const char *subject,
                          const char *rater, const char *scale)
{
    uint32_t answered;
    unsigned why;
    rdetail(s, subject, rater, scale, &answered, &why);
    return answered;
}

/* A row without a value, and why. */
static void expect_empty(const stat_row *row, unsigned reasons)
{
    cr_assert_eq(row->n, 0);
    cr_assert_eq(row->has_mean, 0);
    cr_assert_eq(row->has_sd, 0);
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, reasons, "reasons 0x%x, expected 0x%x",
                 row->reasons, reasons);
}

/* A row withheld by the anonymity minimum: flagged, and nothing left. */
static void expect_suppressed(const stat_row *row, unsigned minimum)
{
    cr_assert_eq(row->suppressed, 1);
    cr_assert_eq(row->minimum, minimum);
    cr_assert_eq(row->n, 0);
    cr_assert_eq(row->has_mean, 0);
    cr_assert_eq(row->has_sd, 0);
    cr_assert_eq(row->has_norm, 0);
    cr_assert(row->mean == 0 && row->sd == 0 && row->min == 0 &&
                  row->max == 0 && row->raw_mean == 0 && row->z == 0 &&
                  row->t == 0 && row->percentile == 0,
              "a suppressed row keeps a value");
    cr_assert_eq(row->reasons, WHY_SUPPRESSED, "reasons 0x%x", row->reasons);
    cr_assert_eq(row->highlight, 0);
    cr_assert_eq(row->lowlight, 0);
    cr_assert_eq(row->rank, 0);
}

/* ---- Writers to memory -------------------------------------------------- */

static FILE *mem_open(char **p, size_t *size)
{
    FILE *f = open_memstream(p, size);
    cr_assert_not_null(f);
    return f;
}

static char *mem_close(FILE *f, char **p)
{
    cr_assert_eq(fclose(f), 0);
    cr_assert_not_null(*p);
    return keep_text(*p);
}

static char *csv_of(const assess_score *s, assess_score_table table)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_csv(s, table, f, &err), ASSESS_OK, "%s",
                 err.message);
    return mem_close(f, &p);
}

/*
 * The per-rater table of s, which only a score computed for research
 * writes: s computed again with its options and `research`.
 */
static char *raters_of(const assess_score *s)
{
    assess_score_options o = s->opts;
    o.research = 1;
    return csv_of(compute(s->resp, &o), ASSESS_TABLE_RATERS);
}

static char *json_of(const assess_score *s)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_json(s, f, &err), ASSESS_OK, "%s",
                 err.message);
    return mem_close(f, &p);
}

static char *text_of(const assess_score *s, const char *subject)
{
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_text(s, subject, f, &err), ASSESS_OK,
                 "%s", err.message);
    return mem_close(f, &p);
}

/* Every output of a score, for comparing two scores byte for byte. */
typedef struct outputs {
    char *scales, *items, *raters, *json, *text;
} outputs;

static outputs outputs_of(const assess_score *s)
{
    outputs o;
    o.scales = csv_of(s, ASSESS_TABLE_SCALES);
    o.items = csv_of(s, ASSESS_TABLE_ITEMS);
    o.raters = raters_of(s);
    o.json = json_of(s);
    o.text = text_of(s, NULL);
    return o;
}

static void expect_same_outputs(const outputs *a, const outputs *b,
                                const char *what)
{
    cr_assert_str_eq(a->scales, b->scales, "%s: CSV scales differ", what);
    cr_assert_str_eq(a->items, b->items, "%s: CSV items differ", what);
    cr_assert_str_eq(a->raters, b->raters, "%s: CSV raters differ", what);
    cr_assert_str_eq(a->json, b->json, "%s: JSON differs", what);
    cr_assert_str_eq(a->text, b->text, "%s: text differs", what);
}

/* The line of a CSV text that starts with `prefix` (a static copy). */
static const char *line_starting(const char *text, const char *prefix)
{
    static char line[1024];
    size_t n = strlen(prefix);
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= n && memcmp(p, prefix, n) == 0) {
            cr_assert_lt(len, sizeof line);
            memcpy(line, p, len);
            line[len] = '\0';
            return line;
        }
        p += len + (end != NULL);
    }
    cr_assert_fail("no line starts with '%s' in:\n%s", prefix, text);
    return NULL;
}

static void expect_json(const char *json)
{
    cr_assert(json_ok(json), "the JSON output does not parse:\n%s", json);
}

/* The checker itself must reject what is not JSON, or it proves nothing. */
Test(score, json_checker_rejects_invalid_json)
{
    cr_assert(json_ok("{\"a\":[1,-2.5e-05,0.5,true,false,null,\"x\\n\\u00e9\"],"
                      "\"b\":{}}\n"));
    cr_assert(!json_ok("{\"a\":nan}"));
    cr_assert(!json_ok("{\"a\":inf}"));
    cr_assert(!json_ok("{\"a\":-inf}"));
    cr_assert(!json_ok("{\"a\":1,}"));
    cr_assert(!json_ok("[1 2]"));
    cr_assert(!json_ok("[01]"));
    cr_assert(!json_ok("[1.]"));
    cr_assert(!json_ok("{\"a\":1}}"));
    cr_assert(!json_ok("[\"\x01\"]"));
    cr_assert(!json_ok("{\"a\" 1}"));
    cr_assert(!json_ok("[\"a]"));
}

/* ---- Options and output groups ------------------------------------------ */

Test(score, options_defaults)
{
    assess_score_options o;
    memset(&o, 0xa5, sizeof o);
    assess_score_options_init(&o);
    cr_assert_eq(o.gap_threshold, 0.5);
    cr_assert_eq(o.weighting, ASSESS_WEIGHT_RATERS);
    cr_assert_eq(o.norms, ASSESS_NORMS_INSTRUMENT);
    cr_assert_eq(o.cohort_minimum, 30);
    cr_assert_eq(o.top, 5);
    cr_assert_eq(o.highlights, 5);
    cr_assert_eq(o.items, 1);
}

/* NULL options are the defaults. */
Test(score, null_options_are_the_defaults)
{
    assess_responses *r = read_csv(load(T360), T360_HEADER
                                               "S1,s,self,1,5,4,2,4,5\n"
                                               "S1,m,manager,1,3,3,3,2,2\n");
    assess_score_options o = defaults();
    assess_score *a = compute(r, NULL), *b = compute(r, &o);
    outputs oa = outputs_of(a), ob = outputs_of(b);
    expect_same_outputs(&oa, &ob, "NULL options");
    /* And the instrument's norms were used: self alpha 13/3 against the
     * self norm (4, sd 2): z = (13/3 - 4) / 2 = 1/6. */
    EQ(srow(a, "S1", "1", "alpha", "self")->z, 1.0 / 6);
}

Test(score, output_groups_in_order)
{
    static const char *const t360_groups[] = { "self", "manager", "peer",
                                               "direct_report", "others",
                                               "all" };
    assess_score *s = score_of(T360, "subject_id,rater_id,rater_group,wave,A1\n"
                                     "S1,m,manager,1,4\n", NULL);
    cr_assert_eq(s->n_groups_out, 6);
    for (size_t o = 0; o < 6; o++)
        cr_assert_str_eq(score_group_id(s, s->groups_out[o]), t360_groups[o]);
    /* others and all take the largest minimum of the non-self groups (3). */
    cr_assert_eq(srow(s, "S1", "1", "alpha", "self")->minimum, 1);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "manager")->minimum, 1);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "peer")->minimum, 3);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "others")->minimum, 3);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "all")->minimum, 3);
    /* 1 block x 4 scales x 6 groups; 1 x 5 items x 6 groups. */
    cr_assert_eq(s->n_blocks * s->inst->n_scales * s->n_groups_out, 24);
    cr_assert_eq(s->n_blocks * s->inst->n_items * s->n_groups_out, 30);
    cr_assert_not_null(rows_of(s, &s->blocks[0])->item);

    /* No rater groups: the one implicit group "all", nothing added. */
    s = score_of(TSUM, "subject_id,rater_id,P1\nU1,r1,1\n", NULL);
    cr_assert_eq(s->n_groups_out, 1);
    cr_assert_str_eq(score_group_id(s, s->groups_out[0]), "all");

    /* Groups but no self: no others, then all (minimum 2, the peers'). */
    s = score_of(TNOSELF, "subject_id,rater_id,rater_group,wave,Y1\n"
                          "V1,m,manager,1,4\nV1,p1,peer,1,2\nV1,p2,peer,1,3\n",
                 NULL);
    cr_assert_eq(s->n_groups_out, 3);
    cr_assert_str_eq(score_group_id(s, s->groups_out[0]), "manager");
    cr_assert_str_eq(score_group_id(s, s->groups_out[1]), "peer");
    cr_assert_str_eq(score_group_id(s, s->groups_out[2]), "all");
    cr_assert_eq(srow(s, "V1", "1", "y", "all")->minimum, 2);
    /* all: (4 + 2 + 3) / 3 = 3, n 3; peers (2 + 3) / 2 = 2.5, n 2. */
    cr_assert_eq(srow(s, "V1", "1", "y", "all")->n, 3);
    EQ(srow(s, "V1", "1", "y", "all")->mean, 3);
    cr_assert_eq(srow(s, "V1", "1", "y", "peer")->n, 2);
    EQ(srow(s, "V1", "1", "y", "peer")->mean, 2.5);
    /* Without a self group there is no gap and no highlight. */
    cr_assert_eq(s->n_blocks, 1);
    const score_rows *v = rows_of(s, &s->blocks[0]);
    for (size_t i = 0; i < s->inst->n_scales * s->n_groups_out; i++)
        cr_assert(!v->scale[i].has_gap && !v->scale[i].gap_reasons);
    for (size_t i = 0; i < s->inst->n_items * s->n_groups_out; i++)
        cr_assert(!v->item[i].highlight && !v->item[i].lowlight);
}

/* A self group with a high minimum: withheld itself, but its minimum is not
 * the others' or all's (those pool the non-self groups: minimum 1). */
Test(score, self_minimum_is_not_pooled)
{
    static const char tself2[] =
        "<instrument id='tself2' version='1' kind='360'>\n"
        "<title>Self two</title>\n"
        "<response-scale id='q5' min='1' max='5'/>\n"
        "<rater-groups>\n"
        "<group id='self' role='self' minimum='2'>Self</group>\n"
        "<group id='peer' role='peer' minimum='1'>Peer</group>\n"
        "</rater-groups>\n"
        "<scale id='z'><title>Z</title><item id='Z1'>z one</item></scale>\n"
        "</instrument>\n";
    assess_score *s = score_of(tself2,
                               "subject_id,rater_id,rater_group,wave,Z1\n"
                               "F1,me,self,1,5\nF1,p,peer,1,3\n",
                               NULL);
    const stat_row *row;

    expect_suppressed(srow(s, "F1", "1", "z", "self"), 2);
    /* others: the one peer, minimum 1: shown, 3. */
    row = srow(s, "F1", "1", "z", "others");
    cr_assert_eq(row->minimum, 1);
    cr_assert_eq(row->suppressed, 0);
    cr_assert_eq(row->mean, 3);
    /* all: (5 + 3) / 2 = 4, minimum 1. */
    row = srow(s, "F1", "1", "z", "all");
    cr_assert_eq(row->minimum, 1);
    cr_assert_eq(row->mean, 4);
    /* A withheld self has no gap. */
    row = srow(s, "F1", "1", "z", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_SELF);
}

/* ---- Rater scores ------------------------------------------------------- */

Test(score, reverse_keying)
{
    assess_score_options o = defaults();
    assess_score *s = score_of(T360, T360_HEADER
                                     "S1,m1,manager,1,5,4,2,4,5\n", &o);
    const stat_row *row;

    /* alpha: A3 = 2 scores 1 + 5 - 2 = 4: (5 + 4 + 4) / 3 = 13/3. */
    EQ(rscore(s, "S1", "m1", "alpha"), 13.0 / 3);
    cr_assert_eq(ranswered(s, "S1", "m1", "alpha"), 3);
    cr_assert_eq(rreasons(s, "S1", "m1", "alpha"), 0);
    /* beta: (4 + 5) / 2 = 4.5 (exact). */
    cr_assert_eq(rscore(s, "S1", "m1", "beta"), 4.5);
    /* total: (13/3 + 9/2) / 2 = (26/6 + 27/6) / 2 = 53/12. */
    EQ(rscore(s, "S1", "m1", "total"), 53.0 / 12);
    cr_assert_eq(ranswered(s, "S1", "m1", "total"), 2);

    row = srow(s, "S1", "1", "alpha", "manager");
    cr_assert_eq(row->n, 1);
    EQ(row->mean, 13.0 / 3);
    EQ(row->min, 13.0 / 3);
    EQ(row->max, 13.0 / 3);
    cr_assert_eq(row->has_sd, 0);
    cr_assert_eq(row->reasons, WHY_ONE_RATER);
    /* The general alpha norm (3, sd 0.5): z = (13/3 - 3) / 0.5 = 8/3,
     * t = 50 + 80/3 = 230/3. */
    cr_assert_eq(row->has_norm, 1);
    EQ(row->z, 8.0 / 3);
    EQ(row->t, 230.0 / 3);

    /* Items: keyed A3 = 4, raw 2; A1 5 either way. */
    row = irow(s, "S1", "1", "A3", "manager");
    cr_assert_eq(row->mean, 4);
    cr_assert_eq(row->raw_mean, 2);
    cr_assert_eq(row->min, 4);
    cr_assert_eq(row->max, 4);
    row = irow(s, "S1", "1", "A1", "manager");
    cr_assert_eq(row->mean, 5);
    cr_assert_eq(row->raw_mean, 5);

    /* A group nobody in the block belongs to. */
    expect_empty(srow(s, "S1", "1", "alpha", "peer"), WHY_NO_RATERS);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "peer")->suppressed, 0);
}

/*
 * Blank values and missing codes are not answered; a scale needs
 * min-answered items (alpha 2, beta by default 1), a composite
 * min-answered parts (total by default 1, both 2).
 */
Test(score, missing_rule)
{
    assess_score *s = score_of(T360, T360_HEADER
                                     "S1,m1,manager,1,5,0,,3,\n"
                                     "S1,p1,peer,1,5,,1,,\n"
                                     "S1,p2,peer,1,,,,0,0\n"
                                     "S1,p3,peer,1,2,2,,,\n"
                                     "S1,p4,peer,1,3,3,3,,\n",
                               NULL);
    const stat_row *row;

    /* m1: A1 only (A2 is the missing code, A3 blank): 1 < 2. */
    cr_assert(isnan(rscore(s, "S1", "m1", "alpha")));
    cr_assert_eq(rreasons(s, "S1", "m1", "alpha"), WHY_FEW_ITEMS);
    cr_assert_eq(ranswered(s, "S1", "m1", "alpha"), 1);
    /* beta: B1 = 3 alone is enough (min-answered (2 + 1) / 2 = 1). */
    cr_assert_eq(rscore(s, "S1", "m1", "beta"), 3);
    cr_assert_eq(ranswered(s, "S1", "m1", "beta"), 1);
    /* total: one part of two, enough by default; both needs two. */
    cr_assert_eq(rscore(s, "S1", "m1", "total"), 3);
    cr_assert_eq(ranswered(s, "S1", "m1", "total"), 1);
    cr_assert(isnan(rscore(s, "S1", "m1", "both")));
    cr_assert_eq(rreasons(s, "S1", "m1", "both"), WHY_FEW_PARTS);
    cr_assert_eq(ranswered(s, "S1", "m1", "both"), 1);

    /* p1: A1 5 and A3 1 (keyed 5): exactly min-answered, (5 + 5) / 2. */
    cr_assert_eq(rscore(s, "S1", "p1", "alpha"), 5);
    cr_assert_eq(ranswered(s, "S1", "p1", "alpha"), 2);
    cr_assert(isnan(rscore(s, "S1", "p1", "beta")));
    cr_assert_eq(rreasons(s, "S1", "p1", "beta"), WHY_FEW_ITEMS);
    cr_assert_eq(ranswered(s, "S1", "p1", "beta"), 0);
    cr_assert_eq(rscore(s, "S1", "p1", "total"), 5);

    /* p2: blanks and missing codes only: nothing answered anywhere. */
    cr_assert(isnan(rscore(s, "S1", "p2", "alpha")));
    cr_assert_eq(ranswered(s, "S1", "p2", "alpha"), 0);
    cr_assert(isnan(rscore(s, "S1", "p2", "beta")));
    cr_assert_eq(ranswered(s, "S1", "p2", "beta"), 0);
    cr_assert_eq(rreasons(s, "S1", "p2", "beta"), WHY_FEW_ITEMS);
    cr_assert(isnan(rscore(s, "S1", "p2", "total")));
    cr_assert_eq(rreasons(s, "S1", "p2", "total"), WHY_FEW_PARTS);
    cr_assert_eq(ranswered(s, "S1", "p2", "total"), 0);

    /* p3: (2 + 2) / 2 = 2; p4: (3 + 3 + 3) / 3 = 3. */
    cr_assert_eq(rscore(s, "S1", "p3", "alpha"), 2);
    cr_assert_eq(rscore(s, "S1", "p4", "alpha"), 3);

    /* Peers: p1 5, p3 2, p4 3 scored, p2 present but not counted: n 3,
     * mean 10/3 -- but A2 has the values of p3 and p4 only, two of a
     * minimum of 3: withheld on A2, the peers are withheld on alpha too,
     * which rests on A2 (disclose_scale()), or the scale's row would give
     * back what A2's withholds. */
    row = srow(s, "S1", "1", "alpha", "peer");
    expect_suppressed(row, 3);
    /* The manager is present but has no alpha score. */
    expect_empty(srow(s, "S1", "1", "alpha", "manager"), WHY_NO_SCORES);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "manager")->suppressed, 0);
    /* Items: A2 of the manager is the missing code. */
    expect_empty(irow(s, "S1", "1", "A2", "manager"), WHY_NO_SCORES);
    /* A1 of the peers: 5, 2, 3 (p2 blank): n 3, mean 10/3. */
    cr_assert_eq(irow(s, "S1", "1", "A1", "peer")->n, 3);
    EQ(irow(s, "S1", "1", "A1", "peer")->mean, 10.0 / 3);
    /* A2 of the peers: 2 and 3 only: suppressed. */
    expect_suppressed(irow(s, "S1", "1", "A2", "peer"), 3);

    /* The per-rater table says why, with the count the score rests on. */
    const char *raters = raters_of(s);
    cr_assert_str_eq(line_starting(raters, "S1,m1,manager,1,alpha,"),
                     "S1,m1,manager,1,alpha,,1,fewer items answered than "
                     "min-answered");
    cr_assert_str_eq(line_starting(raters, "S1,m1,manager,1,both,"),
                     "S1,m1,manager,1,both,,1,fewer parts scored than "
                     "min-answered");
    cr_assert_str_eq(line_starting(raters, "S1,p1,peer,1,alpha,"),
                     "S1,p1,peer,1,alpha,5,2,");
}

/*
 * Sum scoring on a 0..4 scale (reverse: 4 - v) with missing code 9, and a
 * continuous 0..10 scale (reverse: 10 - v).
 */
Test(score, sum_scoring_with_and_without_prorate)
{
    assess_score *s = score_of(TSUM,
        "subject_id,rater_id,wave,P1,P2,P3,Q1,Q2,Q3,Q4,C1,C2\n"
        "U1,r1,1,1,2,3,4,3,2,1,2.5,7.5\n"
        "U1,r2,1,4,9,0,4,,1,9,0.25,\n"
        "U1,r3,1,0,0,0,3,9,9,9,,\n",
        NULL);
    const stat_row *row;

    /* r1: plain 1 + 2 + (4 - 3) = 4; pro 4 + 3 + 2 + (4 - 1) = 12 (all
     * four answered: 12 / 4 * 4); cont (2.5 + (10 - 7.5)) / 2 = 2.5. */
    cr_assert_eq(rscore(s, "U1", "r1", "plain"), 4);
    cr_assert_eq(rscore(s, "U1", "r1", "pro"), 12);
    cr_assert_eq(rscore(s, "U1", "r1", "cont"), 2.5);
    /* r2: plain lacks P2 (missing code): no sum, two items answered. */
    cr_assert(isnan(rscore(s, "U1", "r2", "plain")));
    cr_assert_eq(rreasons(s, "U1", "r2", "plain"), WHY_SUM_INCOMPLETE);
    cr_assert_eq(ranswered(s, "U1", "r2", "plain"), 2);
    /* pro: Q1 4 and Q3 1 of four, min-answered (4 + 1) / 2 = 2:
     * (4 + 1) / 2 * 4 = 10. */
    cr_assert_eq(rscore(s, "U1", "r2", "pro"), 10);
    cr_assert_eq(ranswered(s, "U1", "r2", "pro"), 2);
    /* cont: C1 alone, min-answered 1: 0.25. */
    cr_assert_eq(rscore(s, "U1", "r2", "cont"), 0.25);
    /* r3: plain 0 + 0 + (4 - 0) = 4; pro one item < 2; cont none. */
    cr_assert_eq(rscore(s, "U1", "r3", "plain"), 4);
    cr_assert(isnan(rscore(s, "U1", "r3", "pro")));
    cr_assert_eq(rreasons(s, "U1", "r3", "pro"), WHY_FEW_ITEMS);
    cr_assert_eq(ranswered(s, "U1", "r3", "pro"), 1);
    cr_assert(isnan(rscore(s, "U1", "r3", "cont")));
    cr_assert_eq(rreasons(s, "U1", "r3", "cont"), WHY_FEW_ITEMS);

    /* plain: r1 4, r3 4: n 2, mean 4, sd 0 (present: two raters). */
    row = srow(s, "U1", "1", "plain", "all");
    cr_assert_eq(row->n, 2);
    cr_assert_eq(row->mean, 4);
    cr_assert_eq(row->has_sd, 1);
    cr_assert_eq(row->sd, 0);
    /* pro: 12, 10: mean 11, sd sqrt((1 + 1) / 1) = sqrt(2). */
    row = srow(s, "U1", "1", "pro", "all");
    cr_assert_eq(row->n, 2);
    cr_assert_eq(row->mean, 11);
    EQ(row->sd, sqrt(2));
    cr_assert_eq(row->min, 10);
    cr_assert_eq(row->max, 12);
    /* cont: 2.5, 0.25: mean 1.375, sd sqrt(2 * 1.125^2) = sqrt(2.53125). */
    row = srow(s, "U1", "1", "cont", "all");
    cr_assert_eq(row->mean, 1.375);
    EQ(row->sd, sqrt(2.53125));
    cr_assert_eq(row->min, 0.25);
    cr_assert_eq(row->max, 2.5);
    /* Item P3: keyed 1, 4, 4 (raw 3, 0, 0): mean 3, raw mean 1. */
    row = irow(s, "U1", "1", "P3", "all");
    cr_assert_eq(row->n, 3);
    cr_assert_eq(row->mean, 3);
    cr_assert_eq(row->raw_mean, 1);
    /* Item C2: r1 only, keyed 2.5, raw 7.5. */
    row = irow(s, "U1", "1", "C2", "all");
    cr_assert_eq(row->n, 1);
    cr_assert_eq(row->mean, 2.5);
    cr_assert_eq(row->raw_mean, 7.5);
}

/* Composites are the mean of their parts' scores (not of their items),
 * and may be defined before their parts. */
Test(score, composite_scales)
{
    assess_score *s = score_of(TCOMP,
        "subject_id,rater_id,wave,a1,a2,b1,c1\n"
        "T1,r1,1,5,4,2,1\n"
        "T1,r2,1,4,,,3\n"
        "T1,r3,1,,,,\n",
        NULL);
    const stat_row *row;

    /* r1: a (5 + 4) / 2 = 4.5, b 2, c 1; mid (4.5 + 2) / 2 = 3.25;
     * top (3.25 + 1) / 2 = 2.125 (the mean of its five items would be
     * 3). */
    cr_assert_eq(rscore(s, "T1", "r1", "mid"), 3.25);
    cr_assert_eq(rscore(s, "T1", "r1", "top"), 2.125);
    /* r2: a 4, b none: mid has one part of the two it needs; top rests
     * on c alone (default min-answered (2 + 1) / 2 = 1): 3. */
    cr_assert(isnan(rscore(s, "T1", "r2", "mid")));
    cr_assert_eq(rreasons(s, "T1", "r2", "mid"), WHY_FEW_PARTS);
    cr_assert_eq(ranswered(s, "T1", "r2", "mid"), 1);
    cr_assert_eq(rscore(s, "T1", "r2", "top"), 3);
    cr_assert_eq(ranswered(s, "T1", "r2", "top"), 1);
    /* r3: nothing. */
    cr_assert(isnan(rscore(s, "T1", "r3", "top")));
    cr_assert_eq(rreasons(s, "T1", "r3", "top"), WHY_FEW_PARTS);
    cr_assert_eq(ranswered(s, "T1", "r3", "top"), 0);

    /* top over raters: 2.125, 3: n 2, mean 2.5625. */
    row = srow(s, "T1", "1", "top", "all");
    cr_assert_eq(row->n, 2);
    cr_assert_eq(row->mean, 2.5625);
    cr_assert_eq(row->min, 2.125);
    cr_assert_eq(row->max, 3);
    /* mid: r1 only. */
    row = srow(s, "T1", "1", "mid", "all");
    cr_assert_eq(row->n, 1);
    cr_assert_eq(row->mean, 3.25);
}

/* ---- Group rows --------------------------------------------------------- */

Test(score, group_statistics)
{
    assess_score_options o = no_norms();
    assess_score *s = score_of(T360, T360_HEADER
                                     "S1,p1,peer,1,2,2,4,,\n"
                                     "S1,p2,peer,1,3,3,3,,\n"
                                     "S1,p3,peer,1,5,5,1,,\n"
                                     "S1,m1,manager,1,4,4,2,,\n"
                                     "S1,s1,self,1,5,5,1,,\n",
                               &o);
    const stat_row *row;

    /* Rater alpha: p1 (2 + 2 + 2) / 3 = 2, p2 3, p3 5, m1 4, s1 5. */
    /* peer: 2, 3, 5: mean 10/3; deviations -4/3, -1/3, 5/3, squares
     * (16 + 1 + 25) / 9 = 14/3, sd sqrt(14/3 / 2) = sqrt(7/3). */
    row = srow(s, "S1", "1", "alpha", "peer");
    cr_assert_eq(row->n, 3);
    EQ(row->mean, 10.0 / 3);
    cr_assert_eq(row->has_sd, 1);
    EQ(row->sd, sqrt(7.0 / 3));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    cr_assert_eq(row->suppressed, 0);
    cr_assert_eq(row->reasons, 0);
    /* others: 2, 3, 5, 4: mean 3.5; squares 2.25 + 0.25 + 2.25 + 0.25 = 5,
     * sd sqrt(5/3). */
    row = srow(s, "S1", "1", "alpha", "others");
    cr_assert_eq(row->n, 4);
    cr_assert_eq(row->mean, 3.5);
    EQ(row->sd, sqrt(5.0 / 3));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    /* all: 2, 3, 5, 4, 5: mean 19/5 = 3.8; squares 3.24 + 0.64 + 1.44 +
     * 0.04 + 1.44 = 6.8, sd sqrt(6.8 / 4) = sqrt(1.7). */
    row = srow(s, "S1", "1", "alpha", "all");
    cr_assert_eq(row->n, 5);
    EQ(row->mean, 3.8);
    EQ(row->sd, sqrt(1.7));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    /* self: one rater: no sd. */
    row = srow(s, "S1", "1", "alpha", "self");
    cr_assert_eq(row->n, 1);
    cr_assert_eq(row->mean, 5);
    cr_assert_eq(row->has_sd, 0);
    cr_assert_eq(row->reasons, WHY_ONE_RATER);
    /* manager: 4. */
    cr_assert_eq(srow(s, "S1", "1", "alpha", "manager")->mean, 4);
    /* Nobody answered beta: raters present, no score; direct reports
     * absent altogether. */
    expect_empty(srow(s, "S1", "1", "beta", "peer"), WHY_NO_SCORES);
    expect_empty(srow(s, "S1", "1", "beta", "others"), WHY_NO_SCORES);
    expect_empty(srow(s, "S1", "1", "beta", "direct_report"), WHY_NO_RATERS);
    expect_empty(srow(s, "S1", "1", "alpha", "direct_report"), WHY_NO_RATERS);
    /* The self row of beta: neither side has a score. */
    row = srow(s, "S1", "1", "beta", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_SELF | WHY_NO_OTHERS);
}

/* A group below its minimum is withheld, but its raters still count in
 * others and all. */
/*
 * The subtraction rule as a property, on random cohorts: wherever others
 * (or all) is shown, taking from it every group shown beside it (and self,
 * for all) leaves either nobody or at least 3 raters, the strictest minimum
 * of the groups that can be withheld (peer and direct_report).  So no
 * difference of shown rows ever isolates a withheld group of one or two.
 */
Test(score, subtraction_never_isolates_a_withheld_group)
{
    static const char *const groups[] = { "self", "manager", "peer",
                                          "direct_report" };
    uint64_t seed = 0x5eed5eedULL;
    size_t cap = 1 << 20, len = 0, checked = 0, pooled = 0, left_out = 0;
    char *csv = malloc(cap);
    cr_assert_not_null(csv);

    len += (size_t)snprintf(csv + len, cap - len, "%s", T360_HEADER);
    for (int subject = 0; subject < 400; subject++) {
        for (int g = 0; g < 4; g++) {
            int n = g == 0 ? 1 : (int)(rng_next(&seed) % (g == 1 ? 2 : 6));
            for (int k = 0; k < n; k++) {
                len += (size_t)snprintf(csv + len, cap - len, "S%d,r%d_%d_%d,%s,1",
                                        subject, subject, g, k, groups[g]);
                for (int item = 0; item < 5; item++) {
                    uint64_t x = rng_next(&seed) % 7; /* 6: blank */
                    if (x >= 5)
                        len += (size_t)snprintf(csv + len, cap - len, ",");
                    else
                        len += (size_t)snprintf(csv + len, cap - len, ",%d",
                                                (int)x + 1);
                }
                len += (size_t)snprintf(csv + len, cap - len, "\n");
                cr_assert_lt(len, cap - 256);
            }
        }
    }
    assess_score *s = score_of(T360, csv, NULL);
    free(csv);

    score_rows v;
    cr_assert_eq(score_rows_init(&v, s), 0);
    for (size_t bi = 0; bi < s->n_blocks; bi++) {
        score_rows_compute(&v, &s->blocks[bi]);
        for (uint32_t k = 0; k < s->inst->n_scales; k++) {
            const stat_row *rows = score_scale_rows(&v, k);
            for (size_t o = 0; o < s->n_groups_out; o++) {
                uint32_t agg = s->groups_out[o];
                if (agg < s->inst->n_groups || rows[o].suppressed ||
                    !rows[o].has_mean)
                    continue;
                long rest = rows[o].n;
                for (size_t q = 0; q < s->n_groups_out; q++) {
                    uint32_t g = s->groups_out[q];
                    if (g >= s->inst->n_groups || rows[q].suppressed)
                        continue;
                    if (score_in_group(s->inst, g, agg))
                        rest -= rows[q].n;
                }
                cr_assert(rest == 0 || rest >= 3,
                          "S%u scale %u %s: subtracting the groups shown "
                          "leaves %ld raters", v.b->subject, k,
                          score_group_id(s, agg), rest);
                checked++;
                pooled += rest >= 3;
                left_out += rows[o].left_out != 0;
            }
        }
    }
    score_rows_free(&v);
    /* The cohort exercised both sides of the rule. */
    cr_assert_gt(checked, 500);
    cr_assert_gt(pooled, 10);
    cr_assert_gt(left_out, 10);
}

/*
 * The anonymity rule (score_left_out): a withheld group counts in others
 * and all only when others minus the groups shown cannot single it out.
 */
Test(score, suppression_clears_the_row_and_leaves_it_out_of_others)
{
    assess_score *s = score_of(T360, T360_HEADER
                                     "S1,s1,self,1,4,4,2,4,4\n"
                                     "S1,m1,manager,1,5,5,1,5,5\n"
                                     "S1,p1,peer,1,3,3,3,3,3\n"
                                     "S1,p2,peer,1,2,2,4,2,2\n"
                                     "S2,s1,self,1,4,4,2,4,4\n"
                                     "S2,m1,manager,1,5,5,1,5,5\n"
                                     "S2,p1,peer,1,3,3,3,3,3\n"
                                     "S3,s1,self,1,4,4,2,4,4\n"
                                     "S3,m1,manager,1,5,5,1,5,5\n"
                                     "S3,p1,peer,1,3,3,3,3,3\n"
                                     "S3,p2,peer,1,2,2,4,2,2\n"
                                     "S3,d1,direct_report,1,4,4,2,4,4\n"
                                     "S4,s1,self,1,4,4,2,4,4\n"
                                     "S4,m1,manager,1,5,5,1,5,5\n"
                                     "S4,p1,peer,1,4,4,2,4,4\n"
                                     "S4,p2,peer,1,4,4,2,4,4\n"
                                     "S4,p3,peer,1,4,4,2,4,4\n"
                                     "S4,d1,direct_report,1,1,1,5,1,1\n"
                                     "S4,d2,direct_report,1,2,2,4,2,2\n",
                               NULL);
    const stat_row *row;

    /* S1 alpha: self 4, manager 5, peers 3 and 2. */
    /* Two peers < 3: withheld, the general norm it had cleared too. */
    expect_suppressed(srow(s, "S1", "1", "alpha", "peer"), 3);
    expect_suppressed(srow(s, "S1", "1", "beta", "peer"), 3);
    expect_suppressed(irow(s, "S1", "1", "A1", "peer"), 3);
    /* Pooled, others would be 5, 3, 2 (n 3, mean 10/3), and 3 * 10/3 - 5
     * = 5 the two peers' sum: so the peers are left out, and the manager
     * alone is below others' minimum of 3.  all goes with others. */
    expect_suppressed(srow(s, "S1", "1", "alpha", "others"), 3);
    expect_suppressed(srow(s, "S1", "1", "alpha", "all"), 3);
    expect_suppressed(irow(s, "S1", "1", "A1", "others"), 3);
    row = srow(s, "S1", "1", "alpha", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_OTHERS);
    cr_assert_eq(srow(s, "S1", "1", "alpha", "manager")->mean, 5);
    /* No direct reports: an empty row, not a withheld one. */
    row = srow(s, "S1", "1", "alpha", "direct_report");
    cr_assert_eq(row->suppressed, 0);
    expect_empty(row, WHY_NO_RATERS);

    /* S3: peers 3, 2 and one direct report 4, each group withheld, but
     * three together: others minus the manager gives only the mean of
     * three raters, as a group of three would.  Pooled: 5, 3, 2, 4, n 4,
     * mean 14/4; deviations 1.5, -0.5, -1.5, 0.5, squares 5 / 3, sd
     * sqrt(5/3). */
    expect_suppressed(srow(s, "S3", "1", "alpha", "peer"), 3);
    expect_suppressed(srow(s, "S3", "1", "alpha", "direct_report"), 3);
    row = srow(s, "S3", "1", "alpha", "others");
    cr_assert_eq(row->suppressed, 0);
    cr_assert_eq(row->n, 4);
    EQ(row->mean, 3.5);
    EQ(row->sd, sqrt(5.0 / 3));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    cr_assert_eq(row->left_out, 0);
    cr_assert_eq(row->reasons & WHY_LEFT_OUT, 0);
    /* all: 4, 5, 3, 2, 4: n 5, mean 18/5.  The gap 4 - 3.5 = 0.5 is a
     * blind spot. */
    row = srow(s, "S3", "1", "alpha", "all");
    cr_assert_eq(row->n, 5);
    EQ(row->mean, 18.0 / 5);
    row = srow(s, "S3", "1", "alpha", "self");
    EQ(row->gap, 0.5);
    cr_assert_eq(row->flag, GAP_BLIND_SPOT);

    /* S4: three peers at 4 shown, two direct reports 1 and 2 withheld and
     * left out: others = 5, 4, 4, 4, mean 17/4, and says so. */
    expect_suppressed(srow(s, "S4", "1", "alpha", "direct_report"), 3);
    row = srow(s, "S4", "1", "alpha", "others");
    cr_assert_eq(row->n, 4);
    EQ(row->mean, 17.0 / 4);
    cr_assert_eq(row->min, 4);
    cr_assert_eq(row->left_out, (uint64_t)1 << 3);
    cr_assert(row->reasons & WHY_LEFT_OUT);
    EQ(irow(s, "S4", "1", "A1", "others")->mean, 17.0 / 4);
    /* all = self 4 + others: 21/5; minus self, others again. */
    row = srow(s, "S4", "1", "alpha", "all");
    cr_assert_eq(row->n, 5);
    EQ(row->mean, 21.0 / 5);
    cr_assert_eq(row->left_out, (uint64_t)1 << 3);
    char why[REASON_SIZE];
    row = srow(s, "S4", "1", "alpha", "others");
    cr_assert_str_eq(score_reasons(s, row, row->reasons, why),
                     "leaves out withheld groups: direct_report");

    /* S2: one peer; others = manager + peer = 2 < 3: withheld as well,
     * and with it the gap.  all = 3 raters would be shown by its own count,
     * but all minus self would give others away (3 * 4 - 4 = 8 = 5 + 3):
     * withheld with others. */
    expect_suppressed(srow(s, "S2", "1", "alpha", "peer"), 3);
    expect_suppressed(srow(s, "S2", "1", "alpha", "others"), 3);
    row = srow(s, "S2", "1", "alpha", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_OTHERS);
    expect_suppressed(srow(s, "S2", "1", "alpha", "all"), 3);
    cr_assert_eq(srow(s, "S2", "1", "alpha", "manager")->mean, 5);
    /* No highlight rests on a withheld others row. */
    const score_block *b = block_of(s, "S2", "1");
    for (uint32_t i = 0; i < s->inst->n_items; i++)
        for (size_t g = 0; g < s->n_groups_out; g++) {
            cr_assert_eq(score_item_rows(rows_of(s, b), i)[g].highlight, 0);
            cr_assert_eq(score_item_rows(rows_of(s, b), i)[g].lowlight, 0);
        }
}

/*
 * Others weighted by raters and by groups.  alpha: self (4 + 3 + 3) / 3 =
 * 10/3; manager 5; peers 2, 3, 4 (mean 3); direct reports 1, 2 (mean 1.5,
 * withheld: 2 < 3, and left out of others: pooled, others minus manager
 * and peers would give them away).
 */
static const char WEIGHT_CSV[] =
    T360_HEADER
    "S1,s1,self,1,4,3,3,,\n"
    "S1,m1,manager,1,5,5,1,,\n"
    "S1,p1,peer,1,2,2,4,,\n"
    "S1,p2,peer,1,3,3,3,,\n"
    "S1,p3,peer,1,4,4,2,,\n"
    "S1,d1,direct_report,1,1,1,5,,\n"
    "S1,d2,direct_report,1,2,2,4,,\n";

Test(score, others_weighting_raters_and_groups)
{
    assess_responses *r = read_csv(load(T360), WEIGHT_CSV);
    assess_score_options o = defaults();
    assess_score *byr, *byg;
    const stat_row *row;

    byr = compute(r, &o);
    o.weighting = ASSESS_WEIGHT_GROUPS;
    byg = compute(r, &o);

    /* Raters: 5, 2, 3, 4: mean 14/4; deviations 1.5, -1.5, -0.5, 0.5,
     * squares 5, sd sqrt(5/3). */
    row = srow(byr, "S1", "1", "alpha", "others");
    cr_assert_eq(row->n, 4);
    EQ(row->mean, 3.5);
    EQ(row->sd, sqrt(5.0 / 3));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    /* Gap 10/3 - 7/2 = -1/6: no flag. */
    row = srow(byr, "S1", "1", "alpha", "self");
    EQ(row->gap, 10.0 / 3 - 3.5);
    cr_assert_eq(row->flag, GAP_NONE);

    /* Groups: (5 + 3) / 2 = 4, the direct reports' mean left out as well;
     * n, sd, min, max over raters. */
    row = srow(byg, "S1", "1", "alpha", "others");
    cr_assert_eq(row->n, 4);
    EQ(row->mean, 4);
    EQ(row->sd, sqrt(5.0 / 3));
    cr_assert_eq(row->min, 2);
    cr_assert_eq(row->max, 5);
    /* Gap 10/3 - 4 = -2/3: a hidden strength. */
    row = srow(byg, "S1", "1", "alpha", "self");
    cr_assert_eq(row->has_gap, 1);
    EQ(row->gap, 10.0 / 3 - 4);
    cr_assert_eq(row->flag, GAP_HIDDEN_STRENGTH);
    /* Items weigh the same way: A1 others 5; 2, 3, 4. */
    EQ(irow(byr, "S1", "1", "A1", "others")->mean, 3.5);
    EQ(irow(byg, "S1", "1", "A1", "others")->mean, 4);

    /* Only others changes: all = (10/3 + 14) / 5 = 52/15 either way, the
     * direct reports stay withheld. */
    EQ(srow(byr, "S1", "1", "alpha", "all")->mean, 52.0 / 15);
    EQ(srow(byg, "S1", "1", "alpha", "all")->mean, 52.0 / 15);
    expect_suppressed(srow(byg, "S1", "1", "alpha", "direct_report"), 3);
    cr_assert_eq(srow(byg, "S1", "1", "alpha", "peer")->mean, 3);

    cr_assert_not_null(strstr(json_of(byr), "\"others_weighting\":\"raters\""));
    cr_assert_not_null(strstr(json_of(byg), "\"others_weighting\":\"groups\""));
}

/* ---- Gaps --------------------------------------------------------------- */

/*
 * beta (B1, B2): G1 self 4.5 vs others 4 (manager and three peers at 4);
 * G2 self 3.5 vs 4; G3 self 4.5 vs (4.5 + 4 + 4 + 4) / 4 = 4.125; G4 no
 * self; G5 only self; G6 self answered alpha but not beta.  alpha of G7:
 * self (3 + 3 + (6 - 4)) / 3 = 8/3; manager 1, peers 1, 7/3, 13/3: others
 * (1 + 1 + 7/3 + 13/3) / 4 = 13/6; the gap 8/3 - 13/6 = 1/2 comes out as
 * 0.4999999999999998 in doubles.
 */
static const char GAP_CSV[] =
    T360_HEADER
    "G1,s,self,1,,,,4,5\n"
    "G1,m,manager,1,,,,4,4\n"
    "G1,p1,peer,1,,,,4,4\n"
    "G1,p2,peer,1,,,,4,4\n"
    "G1,p3,peer,1,,,,4,4\n"
    "G2,s,self,1,,,,3,4\n"
    "G2,m,manager,1,,,,4,4\n"
    "G2,p1,peer,1,,,,4,4\n"
    "G2,p2,peer,1,,,,4,4\n"
    "G2,p3,peer,1,,,,4,4\n"
    "G3,s,self,1,,,,4,5\n"
    "G3,m,manager,1,,,,4,5\n"
    "G3,p1,peer,1,,,,4,4\n"
    "G3,p2,peer,1,,,,4,4\n"
    "G3,p3,peer,1,,,,4,4\n"
    "G4,m,manager,1,,,,4,4\n"
    "G4,p1,peer,1,,,,4,4\n"
    "G4,p2,peer,1,,,,4,4\n"
    "G4,p3,peer,1,,,,4,4\n"
    "G5,s,self,1,,,,4,5\n"
    "G6,s,self,1,5,5,1,,\n"
    "G6,m,manager,1,,,,4,4\n"
    "G6,p1,peer,1,,,,4,4\n"
    "G6,p2,peer,1,,,,4,4\n"
    "G6,p3,peer,1,,,,4,4\n"
    "G7,s,self,1,3,3,4,,\n"
    "G7,m,manager,1,1,1,5,,\n"
    "G7,p1,peer,1,1,1,5,,\n"
    "G7,p2,peer,1,2,2,3,,\n"
    "G7,p3,peer,1,5,4,2,,\n";

Test(score, gap_flags)
{
    assess_score *s = score_of(T360, GAP_CSV, NULL);
    const stat_row *row;
    const char *csv;

    /* G1: 4.5 - 4 = 0.5, exactly the threshold: blind spot. */
    row = srow(s, "G1", "1", "beta", "self");
    cr_assert_eq(row->has_gap, 1);
    cr_assert_eq(row->gap, 0.5);
    cr_assert_eq(row->flag, GAP_BLIND_SPOT);
    cr_assert_eq(row->gap_reasons, 0);
    /* G2: 3.5 - 4 = -0.5: hidden strength. */
    row = srow(s, "G2", "1", "beta", "self");
    cr_assert_eq(row->gap, -0.5);
    cr_assert_eq(row->flag, GAP_HIDDEN_STRENGTH);
    /* G3: 4.5 - 4.125 = 0.375: a gap without a flag. */
    row = srow(s, "G3", "1", "beta", "self");
    cr_assert_eq(row->has_gap, 1);
    cr_assert_eq(row->gap, 0.375);
    cr_assert_eq(row->flag, GAP_NONE);
    /* G4: no self rater. */
    row = srow(s, "G4", "1", "beta", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_SELF);
    /* G5: nobody but self. */
    row = srow(s, "G5", "1", "beta", "self");
    cr_assert_eq(row->has_gap, 0);
    cr_assert_eq(row->gap_reasons, WHY_NO_OTHERS);
    /* G6: self has no beta score; others have no alpha. */
    cr_assert_eq(srow(s, "G6", "1", "beta", "self")->gap_reasons, WHY_NO_SELF);
    cr_assert_eq(srow(s, "G6", "1", "alpha", "self")->gap_reasons,
                 WHY_NO_OTHERS);
    /* G7: 1/2 up to rounding: still a blind spot (tolerance 1e-9). */
    row = srow(s, "G7", "1", "alpha", "self");
    EQ(row->gap, 0.5);
    cr_assert_eq(row->flag, GAP_BLIND_SPOT);
    /* Only self rows carry gaps. */
    cr_assert_eq(srow(s, "G1", "1", "beta", "others")->has_gap, 0);
    cr_assert_eq(srow(s, "G1", "1", "beta", "others")->gap_reasons, 0);

    /* In the CSV: self beta has no norm (the beta norm is the managers'). */
    csv = csv_of(s, ASSESS_TABLE_SCALES);
    cr_assert_str_eq(line_starting(csv, "G1,1,beta,self,"),
                     "G1,1,beta,self,1,4.5,,4.5,4.5,false,,,,0.5,blind_spot,"
                     ",,,sd needs two raters; no norm for this scale");
    cr_assert_str_eq(line_starting(csv, "G2,1,beta,self,"),
                     "G2,1,beta,self,1,3.5,,3.5,3.5,false,,,,-0.5,"
                     "hidden_strength,,,,sd needs two raters; no norm for "
                     "this scale");
    cr_assert_str_eq(line_starting(csv, "G3,1,beta,self,"),
                     "G3,1,beta,self,1,4.5,,4.5,4.5,false,,,,0.375,none,,,,"
                     "sd needs two raters; no norm for this scale");
    cr_assert_str_eq(line_starting(csv, "G4,1,beta,self,"),
                     "G4,1,beta,self,0,,,,,false,,,,,,,,,no raters in this "
                     "group; gap: no self score");
}

Test(score, gap_threshold_option)
{
    assess_responses *r = read_csv(load(T360), GAP_CSV);
    assess_score_options o = defaults();
    assess_score *s;

    /* 0.3: G3's 0.375 becomes a blind spot. */
    o.gap_threshold = 0.3;
    s = compute(r, &o);
    cr_assert_eq(srow(s, "G1", "1", "beta", "self")->flag, GAP_BLIND_SPOT);
    cr_assert_eq(srow(s, "G2", "1", "beta", "self")->flag, GAP_HIDDEN_STRENGTH);
    cr_assert_eq(srow(s, "G3", "1", "beta", "self")->flag, GAP_BLIND_SPOT);
    /* 0.375: exactly G3's gap. */
    o.gap_threshold = 0.375;
    s = compute(r, &o);
    cr_assert_eq(srow(s, "G3", "1", "beta", "self")->flag, GAP_BLIND_SPOT);
    /* 0.6: no flags, the gaps stay. */
    o.gap_threshold = 0.6;
    s = compute(r, &o);
    cr_assert_eq(srow(s, "G1", "1", "beta", "self")->flag, GAP_NONE);
    cr_assert_eq(srow(s, "G1", "1", "beta", "self")->gap, 0.5);
    cr_assert_eq(srow(s, "G2", "1", "beta", "self")->flag, GAP_NONE);
    cr_assert_eq(srow(s, "G3", "1", "beta", "self")->flag, GAP_NONE);
    cr_assert_not_null(strstr(json_of(s), "\"gap_threshold\":0.6,"));
}

/* ---- Items -------------------------------------------------------------- */

/*
 * Others' item means (manager and three peers): A1 (4 + 4 + 5 + 3) / 4 = 4,
 * A2 (3 + 3 + 2 + 4) / 4 = 3, A3 keyed (4 + 4 + 5 + 3) / 4 = 4 (raw 2,
 * 2, 1, 3: 2), B1 (2 + 2 + 1 + 3) / 4 = 2, B2 5.  Highest: B2, then A1
 * and A3 tied (A1 first, instrument order), A2, B1.
 */
static const char ITEMS_CSV[] =
    T360_HEADER
    "H1,m1,manager,1,4,3,2,2,5\n"
    "H1,p1,peer,1,4,3,2,2,5\n"
    "H1,p2,peer,1,5,2,1,1,5\n"
    "H1,p3,peer,1,3,4,3,3,5\n";

Test(score, item_rows_and_highlights)
{
    assess_score_options o = no_norms();
    assess_score *s = score_of(T360, ITEMS_CSV, &o);
    static const char *const items[] = { "A1", "A2", "A3", "B1", "B2" };
    static const uint32_t high[] = { 2, 4, 3, 5, 1 };
    static const uint32_t low[] = { 3, 2, 4, 1, 5 };
    const stat_row *row;

    for (size_t i = 0; i < 5; i++) {
        row = irow(s, "H1", "1", items[i], "others");
        cr_assert_eq(row->highlight, high[i], "%s highest", items[i]);
        cr_assert_eq(row->lowlight, low[i], "%s lowest", items[i]);
        /* Highlights are on the others rows only. */
        cr_assert_eq(irow(s, "H1", "1", items[i], "peer")->highlight, 0);
        cr_assert_eq(irow(s, "H1", "1", items[i], "all")->lowlight, 0);
    }
    /* A3 others: keyed 4, 4, 5, 3: mean 4, raw mean 2, squares 0 + 0 + 1
     * + 1 = 2, sd sqrt(2/3). */
    row = irow(s, "H1", "1", "A3", "others");
    cr_assert_eq(row->n, 4);
    cr_assert_eq(row->mean, 4);
    cr_assert_eq(row->raw_mean, 2);
    EQ(row->sd, sqrt(2.0 / 3));
    cr_assert_eq(row->min, 3);
    cr_assert_eq(row->max, 5);
    /* B2: all 5: sd 0. */
    row = irow(s, "H1", "1", "B2", "others");
    cr_assert_eq(row->has_sd, 1);
    cr_assert_eq(row->sd, 0);
    cr_assert_eq(row->mean, 5);
}

Test(score, highlights_option_limits_the_list)
{
    assess_score_options o = no_norms();
    assess_score *s;
    const char *csv, *json;

    o.highlights = 2;
    s = score_of(T360, ITEMS_CSV, &o);
    /* Two highest: B2, A1 (before A3 on the tie); two lowest: B1, A2. */
    cr_assert_eq(irow(s, "H1", "1", "B2", "others")->highlight, 1);
    cr_assert_eq(irow(s, "H1", "1", "A1", "others")->highlight, 2);
    cr_assert_eq(irow(s, "H1", "1", "A3", "others")->highlight, 0);
    cr_assert_eq(irow(s, "H1", "1", "A2", "others")->highlight, 0);
    cr_assert_eq(irow(s, "H1", "1", "B1", "others")->lowlight, 1);
    cr_assert_eq(irow(s, "H1", "1", "A2", "others")->lowlight, 2);
    cr_assert_eq(irow(s, "H1", "1", "A1", "others")->lowlight, 0);
    cr_assert_eq(irow(s, "H1", "1", "B2", "others")->lowlight, 0);

    csv = csv_of(s, ASSESS_TABLE_ITEMS);
    cr_assert_str_eq(line_starting(csv, "subject_id,"),
                     "subject_id,wave,scale,item,group,n,mean,raw_mean,sd,"
                     "min,max,suppressed,highest,lowest,reason");
    cr_assert_str_eq(line_starting(csv, "H1,1,beta,B2,others,"),
                     "H1,1,beta,B2,others,4,5,5,0,5,5,false,1,,");
    /* Peers' A3: keyed 4, 5, 3 (raw 2, 1, 3): mean 4, raw 2, sd 1. */
    cr_assert_str_eq(line_starting(csv, "H1,1,alpha,A3,peer,"),
                     "H1,1,alpha,A3,peer,3,4,2,1,3,5,false,,,");
    /* The manager alone: one rater, no sd. */
    cr_assert_str_eq(line_starting(csv, "H1,1,alpha,A1,manager,"),
                     "H1,1,alpha,A1,manager,1,4,4,,4,4,false,,,"
                     "sd needs two raters");

    json = json_of(s);
    cr_assert_not_null(strstr(json, "\"highlights\":{\"highest\":[\"B2\","
                                    "\"A1\"],\"lowest\":[\"B1\",\"A2\"]}"),
                       "%s", json);
}

/* opts.items = 0: no item rows, no highlights; the scales are the same. */
Test(score, items_option_off)
{
    assess_responses *r = read_csv(load(T360), ITEMS_CSV);
    assess_score_options o = no_norms();
    assess_score *with, *without;
    const char *json, *text;

    with = compute(r, &o);
    o.items = 0;
    without = compute(r, &o);
    cr_assert_null(score_item_rows(rows_of(without, block_of(without, "H1", "1")),
                                   0));
    cr_assert_str_eq(csv_of(without, ASSESS_TABLE_SCALES),
                     csv_of(with, ASSESS_TABLE_SCALES));
    cr_assert_str_eq(csv_of(without, ASSESS_TABLE_ITEMS),
                     "subject_id,wave,scale,item,group,n,mean,raw_mean,sd,min,"
                     "max,suppressed,highest,lowest,reason\n");
    json = json_of(without);
    expect_json(json);
    cr_assert_not_null(strstr(json, "\"items\":[],\"highlights\":{\"highest\""
                                    ":[],\"lowest\":[]}"), "%s", json);
    cr_assert_null(strstr(json, "\"A1\""), "%s", json);
    text = text_of(without, NULL);
    cr_assert_null(strstr(text, "Beta two"), "%s", text);
    /* With items, B2 (Beta two) is the highest. */
    text = text_of(with, NULL);
    cr_assert_not_null(strstr(text, "  5.00  B2     Beta two\n"), "%s", text);

    /* Strengths ranks do not depend on items. */
    o = defaults();
    o.items = 0;
    o.top = 2;
    with = score_of(TSTR, STR_CSV, &o);
    cr_assert_eq(srow(with, "E1", "1", "s1", "all")->rank, 2);
    cr_assert_eq(srow(with, "E1", "1", "s1", "all")->tie, 1);
}

/* ---- Norms -------------------------------------------------------------- */

/*
 * alpha: self 5, manager 4, peers (3 + 3 + 3) / 3 = 3, 2, 2; beta: self
 * 4, manager 4, peers 2, 2, 2.  N2: two direct reports, withheld.
 */
static const char NORMS_CSV[] =
    T360_HEADER
    "N1,s1,self,1,5,5,1,4,4\n"
    "N1,m1,manager,1,4,4,2,4,4\n"
    "N1,p1,peer,1,3,3,3,2,2\n"
    "N1,p2,peer,1,2,2,4,2,2\n"
    "N1,p3,peer,1,2,2,4,2,2\n"
    "N2,s1,self,1,5,5,1,4,4\n"
    "N2,d1,direct_report,1,4,4,2,4,4\n"
    "N2,d2,direct_report,1,3,3,3,4,4\n";

Test(score, instrument_norms_by_group_and_general)
{
    assess_score *s = score_of(T360, NORMS_CSV, NULL);
    const stat_row *row;

    cr_assert_eq(s->norms_used, ASSESS_NORMS_INSTRUMENT);
    /* Self alpha 5 against the self norm (4, sd 2): z 0.5, t 55. */
    row = srow(s, "N1", "1", "alpha", "self");
    cr_assert_eq(row->has_norm, 1);
    EQ(row->z, 0.5);
    EQ(row->t, 55);
    EQ(row->percentile, PCT_Z_HALF);
    /* Manager alpha 4 against the general norm (3, sd 0.5): z 2, t 70. */
    row = srow(s, "N1", "1", "alpha", "manager");
    EQ(row->z, 2);
    EQ(row->t, 70);
    EQ(row->percentile, PCT_Z_2);
    /* Peers alpha (3 + 2 + 2) / 3 = 7/3: z (7/3 - 3) / 0.5 = -4/3,
     * t 50 - 40/3 = 110/3. */
    row = srow(s, "N1", "1", "alpha", "peer");
    EQ(row->z, -4.0 / 3);
    EQ(row->t, 110.0 / 3);
    /* Others (4 + 3 + 2 + 2) / 4 = 2.75: z -0.5, t 45. */
    row = srow(s, "N1", "1", "alpha", "others");
    cr_assert_eq(row->mean, 2.75);
    EQ(row->z, -0.5);
    EQ(row->t, 45);
    EQ(row->percentile, PCT_Z_MINUS_HALF);
    /* All (5 + 4 + 3 + 2 + 2) / 5 = 3.2: z 0.4, t 54. */
    row = srow(s, "N1", "1", "alpha", "all");
    EQ(row->z, 0.4);
    EQ(row->t, 54);
    /* beta: the managers' norm (3, sd 1): manager 4 gives z 1, t 60. */
    row = srow(s, "N1", "1", "beta", "manager");
    cr_assert_eq(row->has_norm, 1);
    EQ(row->z, 1);
    EQ(row->t, 60);
    EQ(row->percentile, PCT_Z_1);
    /* No general beta norm: the other groups have none. */
    row = srow(s, "N1", "1", "beta", "self");
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, WHY_ONE_RATER | WHY_NO_NORM);
    row = srow(s, "N1", "1", "beta", "peer");
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, WHY_NO_NORM);
    cr_assert_eq(srow(s, "N1", "1", "beta", "others")->has_norm, 0);
    /* No norm for the composites either. */
    cr_assert_eq(srow(s, "N1", "1", "total", "manager")->reasons,
                 WHY_ONE_RATER | WHY_NO_NORM);
    /* A row without a mean gets no norm and no norm reason. */
    expect_empty(srow(s, "N1", "1", "alpha", "direct_report"), WHY_NO_RATERS);
    /* N2: the withheld direct reports lose their norm with the rest. */
    expect_suppressed(srow(s, "N2", "1", "alpha", "direct_report"), 3);

    /* In the CSV: manager alpha z 2, t 70, percentile 97.72498680518...
     * (its last digits are GSL's). */
    const char *line = line_starting(csv_of(s, ASSESS_TABLE_SCALES),
                                     "N1,1,alpha,manager,");
    const char *head = "N1,1,alpha,manager,1,4,,4,4,false,2,70,97.72498680518";
    const char *tail = ",,,,,,sd needs two raters";
    cr_assert_eq(strncmp(line, head, strlen(head)), 0, "%s", line);
    cr_assert_str_eq(line + strlen(line) - strlen(tail), tail, "%s", line);
}

Test(score, norms_none)
{
    assess_score_options o = no_norms();
    assess_score *s = score_of(T360, NORMS_CSV, &o);
    cr_assert_eq(s->norms_used, ASSESS_NORMS_NONE);
    for (size_t b = 0; b < s->n_blocks; b++) {
        const score_rows *v = rows_of(s, &s->blocks[b]);
        for (size_t i = 0; i < s->inst->n_scales * s->n_groups_out; i++) {
            cr_assert_eq(v->scale[i].has_norm, 0);
            cr_assert_eq(v->scale[i].reasons & (WHY_NO_NORM | WHY_FEW_COHORT |
                                                WHY_COHORT_SD0), 0);
        }
    }
    cr_assert_not_null(strstr(json_of(s), "\"norms\":\"none\""));
    /* An instrument without norms uses none. */
    s = score_of(TMINI, MINI_CSV, NULL);
    cr_assert_eq(s->norms_used, ASSESS_NORMS_NONE);
    cr_assert_not_null(strstr(json_of(s), "\"norms\":\"none\""));
}

/*
 * The cohort as norm group, per wave, scale and group: alpha of C1, C2,
 * C3 in wave 1 and C1 again in wave 2.
 */
static const char COHORT_CSV[] =
    T360_HEADER
    "C1,s,self,1,4,4,2,,\n"
    "C1,m,manager,1,3,3,3,,\n"
    "C1,p1,peer,1,3,3,3,,\n"
    "C1,p2,peer,1,3,3,3,,\n"
    "C1,p3,peer,1,3,3,3,,\n"
    "C2,s,self,1,4,4,2,,\n"
    "C2,m,manager,1,4,4,2,,\n"
    "C2,p1,peer,1,4,4,2,,\n"
    "C2,p2,peer,1,4,4,2,,\n"
    "C2,p3,peer,1,4,4,2,,\n"
    "C3,s,self,1,4,4,2,,\n"
    "C3,m,manager,1,5,5,1,,\n"
    "C1,m,manager,2,5,5,1,,\n";

Test(score, cohort_norms)
{
    assess_score_options o = defaults();
    assess_score *s;
    const stat_row *row;
    double all_sd = 0;

    o.norms = ASSESS_NORMS_COHORT;
    o.cohort_minimum = 3;
    s = score_of(T360, COHORT_CSV, &o);
    cr_assert_eq(s->norms_used, ASSESS_NORMS_COHORT);

    /* Managers 3, 4, 5: cohort mean 4, sd sqrt((1 + 0 + 1) / 2) = 1. */
    row = srow(s, "C1", "1", "alpha", "manager");
    cr_assert_eq(row->has_norm, 1);
    EQ(row->z, -1);
    EQ(row->t, 40);
    EQ(row->percentile, PCT_Z_MINUS_1);
    row = srow(s, "C2", "1", "alpha", "manager");
    EQ(row->z, 0);
    EQ(row->t, 50);
    EQ(row->percentile, 50);
    row = srow(s, "C3", "1", "alpha", "manager");
    EQ(row->z, 1);
    EQ(row->t, 60);
    EQ(row->percentile, PCT_Z_1);
    /* Self 4, 4, 4: no spread, no norm. */
    row = srow(s, "C1", "1", "alpha", "self");
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, WHY_ONE_RATER | WHY_COHORT_SD0);
    /* Peers: C1 3 and C2 4 only, 2 < 3 subjects. */
    row = srow(s, "C1", "1", "alpha", "peer");
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, WHY_FEW_COHORT);
    cr_assert_eq(srow(s, "C2", "1", "alpha", "peer")->reasons, WHY_FEW_COHORT);
    expect_empty(srow(s, "C3", "1", "alpha", "peer"), WHY_NO_RATERS);
    /* Others: C1 (3 + 3 + 3 + 3) / 4 = 3, C2 4; C3's 5 is the manager
     * alone, withheld, and a withheld mean is no part of the norm (its
     * z-scores would give it away): 2 < 3 subjects, no norm.  All alike:
     * C1 3.2, C2 4, C3 withheld. */
    const char *aggregates[] = { "others", "all" };
    for (int i = 0; i < 2; i++) {
        row = srow(s, "C1", "1", "alpha", aggregates[i]);
        cr_assert_eq(row->has_norm, 0, "%s", aggregates[i]);
        cr_assert(row->reasons & WHY_FEW_COHORT, "%s", aggregates[i]);
        cr_assert(srow(s, "C2", "1", "alpha", aggregates[i])->reasons &
                  WHY_FEW_COHORT);
        expect_suppressed(srow(s, "C3", "1", "alpha", aggregates[i]), 3);
    }
    (void)all_sd;
    /* With the minimum at 2, the two shown subjects are the norm: others
     * 3 and 4, mean 3.5, sd sqrt(1/2). */
    o.cohort_minimum = 2;
    assess_score *s2 = score_of(T360, COHORT_CSV, &o);
    EQ(srow(s2, "C1", "1", "alpha", "others")->z, -0.5 / sqrt(0.5));
    EQ(srow(s2, "C2", "1", "alpha", "others")->z, 0.5 / sqrt(0.5));
    /* Wave 2 is its own cohort: C1 alone. */
    row = srow(s, "C1", "2", "alpha", "manager");
    cr_assert_eq(row->mean, 5);
    cr_assert_eq(row->has_norm, 0);
    cr_assert_eq(row->reasons, WHY_ONE_RATER | WHY_FEW_COHORT);
    /* Rows without a mean get no cohort reason. */
    expect_empty(srow(s, "C1", "1", "beta", "manager"), WHY_NO_SCORES);

    cr_assert_not_null(strstr(json_of(s), "\"norms\":\"cohort\""));
}

Test(score, cohort_needs_cohort_minimum_subjects)
{
    assess_responses *r = read_csv(load(T360), COHORT_CSV);
    assess_score_options o = defaults();
    assess_error err;

    o.norms = ASSESS_NORMS_COHORT;
    /* The default minimum, 30 > 3 subjects. */
    assess_error_init(&err);
    cr_assert_null(assess_score_compute(r, &o, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert_not_null(strstr(err.message, "3 subjects"), "%s", err.message);
    /* 4 > 3. */
    o.cohort_minimum = 4;
    assess_error_init(&err);
    cr_assert_null(assess_score_compute(r, &o, &err));
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    /* 3 is enough; instrument norms need no minimum. */
    o.cohort_minimum = 3;
    compute(r, &o);
    o.norms = ASSESS_NORMS_INSTRUMENT;
    o.cohort_minimum = 30;
    compute(r, &o);
}

/* ---- Strengths ---------------------------------------------------------- */

Test(score, strengths_ranks_ties_and_signature)
{
    assess_score_options o = defaults();
    assess_score *s;
    const stat_row *row;
    const char *csv, *json, *text;

    o.top = 2;
    s = score_of(TSTR, STR_CSV, &o);
    cr_assert_eq(s->n_groups_out, 1);
    /* E1: s2 4.5, then s1 and s3 at 4 (s1 first, both marked), s4 2.25;
     * s5 has no score, combo (4.25) is a composite: neither ranked. */
    row = srow(s, "E1", "1", "s2", "all");
    cr_assert_eq(row->mean, 4.5);
    cr_assert(row->rank == 1 && row->tie == 0 && row->signature == 1);
    row = srow(s, "E1", "1", "s1", "all");
    cr_assert_eq(row->mean, 4);
    cr_assert(row->rank == 2 && row->tie == 1 && row->signature == 1);
    row = srow(s, "E1", "1", "s3", "all");
    cr_assert_eq(row->mean, 4);
    cr_assert(row->rank == 3 && row->tie == 1 && row->signature == 0);
    row = srow(s, "E1", "1", "s4", "all");
    cr_assert_eq(row->mean, 2.25);
    cr_assert(row->rank == 4 && row->tie == 0 && row->signature == 0);
    cr_assert_eq(srow(s, "E1", "1", "s5", "all")->rank, 0);
    row = srow(s, "E1", "1", "combo", "all");
    cr_assert_eq(row->mean, 4.25);
    cr_assert_eq(row->rank, 0);
    /* E2 ranks on its own: s5 5, s4 4, s3 3, s2 2, s1 1. */
    cr_assert_eq(srow(s, "E2", "1", "s5", "all")->rank, 1);
    cr_assert_eq(srow(s, "E2", "1", "s4", "all")->rank, 2);
    cr_assert_eq(srow(s, "E2", "1", "s1", "all")->rank, 5);
    cr_assert_eq(srow(s, "E2", "1", "s1", "all")->tie, 0);
    cr_assert_eq(srow(s, "E2", "1", "s3", "all")->signature, 0);

    csv = csv_of(s, ASSESS_TABLE_SCALES);
    cr_assert_str_eq(line_starting(csv, "E1,1,s1,"),
                     "E1,1,s1,all,2,4,0,4,4,false,,,,,,2,true,true,");
    cr_assert_str_eq(line_starting(csv, "E1,1,s3,"),
                     "E1,1,s3,all,2,4,0,4,4,false,,,,,,3,true,false,");
    cr_assert_str_eq(line_starting(csv, "E1,1,s5,"),
                     "E1,1,s5,all,0,,,,,false,,,,,,,,,no rater answered "
                     "enough items");
    cr_assert_str_eq(line_starting(csv, "E1,1,combo,"),
                     "E1,1,combo,all,2,4.25,0,4.25,4.25,false,,,,,,,,,");
    json = json_of(s);
    expect_json(json);
    cr_assert_not_null(strstr(json, "\"signature\":{\"all\":[\"s2\",\"s1\"]}"),
                       "%s", json);
    cr_assert_not_null(strstr(json, "\"kind\":\"strengths\""));
    text = text_of(s, "E1");
    cr_assert_not_null(strstr(text, "signature strengths (all):\n"), "%s",
                       text);
    cr_assert_not_null(strstr(text, "  1. Two"), "%s", text);

    /* The default top 5 makes every ranked scale a signature strength. */
    s = score_of(TSTR, STR_CSV, NULL);
    cr_assert_eq(srow(s, "E1", "1", "s4", "all")->signature, 1);
    cr_assert_eq(srow(s, "E1", "1", "s3", "all")->signature, 1);
}

/* ---- Writers ------------------------------------------------------------ */

/*
 * The whole scales table of the mini instrument.  K1: self 13/3 alone (all
 * n 1 < 2: withheld).  K2: self 4; peers 3 and 2: mean 2.5, sd
 * sqrt(0.5); all 4, 3, 2: mean 3, sd 1; gap 4 - 2.5 = 1.5.  K3: one peer
 * without a score.
 */
Test(score, csv_scales_exact)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    const char *expected =
        "subject_id,wave,scale,group,n,mean,sd,min,max,suppressed,norm_z,"
        "norm_t,norm_percentile,gap,gap_flag,rank,tie,signature,reason\n"
        "K1,1,x,self,1,4.333333333333333,,4.333333333333333,"
        "4.333333333333333,false,,,,,,,,,sd needs two raters; gap: no "
        "others score\n"
        "K1,1,x,peer,0,,,,,false,,,,,,,,,no raters in this group\n"
        "K1,1,x,others,0,,,,,false,,,,,,,,,no raters in this group\n"
        "K1,1,x,all,,,,,,true,,,,,,,,,suppressed: fewer raters than the "
        "anonymity minimum of 2\n"
        "K2,1,x,self,1,4,,4,4,false,,,,1.5,blind_spot,,,,sd needs two "
        "raters\n"
        "K2,1,x,peer,2,2.5,0.7071067811865476,2,3,false,,,,,,,,,\n"
        "K2,1,x,others,2,2.5,0.7071067811865476,2,3,false,,,,,,,,,\n"
        "K2,1,x,all,3,3,1,2,4,false,,,,,,,,,\n"
        "K3,1,x,self,0,,,,,false,,,,,,,,,no raters in this group; gap: no "
        "self score; gap: no others score\n"
        /* One peer, without a score: below the minimum, whether they
         * answered is theirs to keep (score_disclose.h). */
        "K3,1,x,peer,,,,,,true,,,,,,,,,suppressed: fewer raters than the "
        "anonymity minimum of 2\n"
        "K3,1,x,others,,,,,,true,,,,,,,,,suppressed: fewer raters than the "
        "anonymity minimum of 2\n"
        "K3,1,x,all,,,,,,true,,,,,,,,,suppressed: fewer raters than the "
        "anonymity minimum of 2\n";
    cr_assert_str_eq(csv_of(s, ASSESS_TABLE_SCALES), expected);
}

Test(score, csv_raters_exact)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    /* Sorted by subject, wave, group, rater id. */
    const char *expected =
        "subject_id,rater_id,rater_group,wave,scale,score,n_items,reason\n"
        "K1,RXself1,self,1,x,4.333333333333333,3,\n"
        "K2,RXself2,self,1,x,4,3,\n"
        "K2,RXpeer1,peer,1,x,3,3,\n"
        "K2,RXpeer2,peer,1,x,2,3,\n"
        "K3,RXpeer3,peer,1,x,,1,fewer items answered than min-answered\n";
    cr_assert_str_eq(raters_of(s), expected);
}

/* Protected by default: the per-rater table (rater ids, and the scores
 * of raters the minimums withhold) is written only for research. */
Test(score, rater_table_needs_research)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_csv(s, ASSESS_TABLE_RATERS, f, &err),
                 ASSESS_EUSAGE);
    cr_assert_not_null(strstr(err.message, "research"), "%s", err.message);
    cr_assert_str_eq(mem_close(f, &p), "", "nothing is written");
}

Test(score, csv_suppressed_row)
{
    assess_score *s = score_of(T360, T360_HEADER
                                     "S1,s1,self,1,4,4,2,4,4\n"
                                     "S1,m1,manager,1,5,5,1,5,5\n"
                                     "S1,p1,peer,1,3,3,3,3,3\n"
                                     "S1,p2,peer,1,2,2,4,2,2\n",
                               NULL);
    const char *csv = csv_of(s, ASSESS_TABLE_SCALES);
    const char *items = csv_of(s, ASSESS_TABLE_ITEMS);
    /* Nothing of the two peers: no n, no values, no norm. */
    cr_assert_str_eq(line_starting(csv, "S1,1,alpha,peer,"),
                     "S1,1,alpha,peer,,,,,,true,,,,,,,,,suppressed: fewer "
                     "raters than the anonymity minimum of 3");
    cr_assert_str_eq(line_starting(items, "S1,1,alpha,A3,peer,"),
                     "S1,1,alpha,A3,peer,,,,,,,true,,,suppressed: fewer "
                     "raters than the anonymity minimum of 3");
    /* The self row: (4 + 4 + 4) / 3 = 4 against the self norm (4, sd 2):
     * z 0, t 50, percentile 50; no gap, for others (the manager alone
     * once the withheld peers are left out) is withheld. */
    cr_assert_str_eq(line_starting(csv, "S1,1,alpha,self,"),
                     "S1,1,alpha,self,1,4,,4,4,false,0,50,50,"
                     ",,,,,sd needs two raters; gap: no others score");
    cr_assert_str_eq(line_starting(csv, "S1,1,alpha,others,"),
                     "S1,1,alpha,others,,,,,,true,,,,,,,,,suppressed: fewer "
                     "raters than the anonymity minimum of 3");
}

Test(score, json_parses_with_the_expected_members)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    const char *json = json_of(s);
    static const char head[] =
        "{\"instrument\":{\"id\":\"tmini\",\"version\":\"1\",\"title\":"
        "\"Mini\",\"kind\":\"360\",\"scales\":[{\"id\":\"x\",\"title\":"
        "\"X\"}]},\"settings\":{\"gap_threshold\":0.5,\"others_weighting\":"
        "\"raters\",\"norms\":\"none\"},\"subjects\":[{\"subject_id\":\"K1\","
        "\"waves\":[{\"wave\":\"1\",\"raters\":{\"self\":1,\"peer\":0},"
        "\"scales\":[";

    expect_json(json);
    cr_assert_eq(strncmp(json, head, sizeof head - 1), 0, "%s", json);
    /* K1: no others, so no gap; all withheld. */
    cr_assert_not_null(strstr(json, "\"gap\":{\"value\":null,\"reason\":"
                                    "\"gap: no others score\"}"), "%s", json);
    cr_assert_not_null(strstr(json, "{\"group\":\"all\",\"n\":null,\"mean\":"
                                    "null,\"sd\":null,\"min\":null,\"max\":"
                                    "null,\"suppressed\":true,\"reason\":"
                                    "\"suppressed: fewer raters than the "
                                    "anonymity minimum of 2\"}"), "%s", json);
    /* K2. */
    cr_assert_not_null(strstr(json, "\"raters\":{\"self\":1,\"peer\":2}"));
    cr_assert_not_null(strstr(json, "{\"group\":\"peer\",\"n\":2,\"mean\":2.5,"
                                    "\"sd\":0.7071067811865476,\"min\":2,"
                                    "\"max\":3,\"suppressed\":false}"), "%s",
                       json);
    cr_assert_not_null(strstr(json, "\"gap\":{\"value\":1.5,\"flag\":"
                                    "\"blind_spot\"}"), "%s", json);
    /* K3: one peer of the two needed: its count withheld too. */
    cr_assert_not_null(strstr(json, "\"raters\":{\"self\":0,\"peer\":"
                                    "\"suppressed\"}"), "%s", json);
    cr_assert_not_null(strstr(json, "\"subject_id\":\"K3\""));
    cr_assert_eq(strcmp(json + strlen(json) - 3, "]}\n"), 0);

    /* The larger instruments parse as well. */
    expect_json(json_of(score_of(T360, NORMS_CSV, NULL)));
    expect_json(json_of(score_of(T360, GAP_CSV, NULL)));
    expect_json(json_of(score_of(T360, ITEMS_CSV, NULL)));
}

/* Rater ids are in the per-rater table and nowhere else. */
Test(score, rater_ids_only_in_the_rater_table)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    const char *scales = csv_of(s, ASSESS_TABLE_SCALES);
    const char *items = csv_of(s, ASSESS_TABLE_ITEMS);
    const char *raters = raters_of(s);
    const char *json = json_of(s);
    const char *text = text_of(s, NULL);
    const char *text_k2 = text_of(s, "K2");

    for (size_t i = 0; i < sizeof MINI_RATERS / sizeof *MINI_RATERS; i++) {
        const char *id = MINI_RATERS[i];
        cr_assert_null(strstr(scales, id), "CSV scales show rater %s", id);
        cr_assert_null(strstr(items, id), "CSV items show rater %s", id);
        cr_assert_null(strstr(json, id), "JSON shows rater %s", id);
        cr_assert_null(strstr(text, id), "text shows rater %s", id);
        cr_assert_null(strstr(text_k2, id), "text shows rater %s", id);
        cr_assert_not_null(strstr(raters, id), "rater table lacks %s", id);
    }
    cr_assert_str_eq(line_starting(raters, "subject_id,"),
                     "subject_id,rater_id,rater_group,wave,scale,score,"
                     "n_items,reason");
}

Test(score, text_summary)
{
    assess_score *s = score_of(TMINI, MINI_CSV, NULL);
    const char *k2 = text_of(s, "K2"), *all = text_of(s, NULL);
    char *p = NULL;
    size_t size = 0;
    assess_error err;
    FILE *f;

    cr_assert_eq(strncmp(k2, "K2, wave 1: Mini (tmini 1)\n",
                         strlen("K2, wave 1: Mini (tmini 1)\n")), 0, "%s", k2);
    cr_assert_not_null(strstr(k2, "raters: self 1, peer 2\n"), "%s", k2);
    /* Means to two decimals: self 4, peer 2.5, others 2.5, all 3, gap
     * +1.5. */
    cr_assert_not_null(strstr(k2, "\nX      4.00  2.50   2.50  3.00  +1.50\n"),
                       "%s", k2);
    cr_assert_not_null(strstr(k2, "blind spots: self above others (by 0.50 "
                                  "or more): X (+1.50)\n"), "%s", k2);
    cr_assert_null(strstr(k2, "K1"), "%s", k2);
    cr_assert_null(strstr(k2, "K3"), "%s", k2);
    /* Every subject without one. */
    cr_assert_not_null(strstr(all, "K1, wave 1: Mini"), "%s", all);
    cr_assert_not_null(strstr(all, "K2, wave 1: Mini"), "%s", all);
    cr_assert_not_null(strstr(all, "K3, wave 1: Mini"), "%s", all);
    cr_assert_not_null(strstr(all, "raters: self 0, peer fewer than 2 (not "
                                   "shown)\n"), "%s", all);

    /* A subject not in the data. */
    f = mem_open(&p, &size);
    assess_error_init(&err);
    cr_assert_eq(assess_score_write_text(s, "nobody", f, &err), ASSESS_EUSAGE);
    cr_assert_eq(err.status, ASSESS_EUSAGE);
    cr_assert_not_null(strstr(err.message, "nobody"), "%s", err.message);
    mem_close(f, &p);
}

/*
 * Degenerate data: a rater with nothing answered, one with missing codes
 * only, peers without spread, a lone withheld direct report, a lone
 * manager, subjects without self or others.  No output may show NaN or
 * infinity under any option.
 */
Test(score, no_nan_or_inf_in_any_output)
{
    static const char csv[] =
        T360_HEADER
        "D1,s,self,1,,,,,\n"
        "D2,m,manager,1,0,0,0,0,0\n"
        "D2,p1,peer,1,3,3,3,3,3\n"
        "D2,p2,peer,1,3,3,3,3,3\n"
        "D2,p3,peer,1,3,3,3,3,3\n"
        "D3,d1,direct_report,1,5,5,1,5,5\n"
        "D4,m,manager,1,2,2,4,2,2\n"
        "D4,s,self,1,0,0,0,0,0\n";
    const assess_instrument *inst = load(T360);
    assess_responses *r = read_csv(inst, csv);
    assess_responses *empty = read_csv(inst, T360_HEADER);
    assess_score_options opts[5];
    const char *names[5] = { "instrument norms", "no norms", "cohort norms",
                             "groups weighting", "no highlights" };

    for (int i = 0; i < 5; i++)
        opts[i] = defaults();
    opts[1].norms = ASSESS_NORMS_NONE;
    opts[2].norms = ASSESS_NORMS_COHORT;
    opts[2].cohort_minimum = 1;
    opts[3].weighting = ASSESS_WEIGHT_GROUPS;
    opts[4].highlights = 0;
    opts[4].gap_threshold = 0;

    for (int i = 0; i < 5; i++) {
        for (int which = 0; which < 2; which++) {
            assess_score_options oi = opts[i];
            if (which)
                oi.cohort_minimum = 0; /* no subjects: no cohort to ask for */
            assess_score *s = compute(which ? empty : r, &oi);
            outputs o = outputs_of(s);
            const char *all[] = { o.scales, o.items, o.raters, o.json, o.text };
            const char *what[] = { "CSV scales", "CSV items", "CSV raters",
                                   "JSON", "text" };
            expect_json(o.json);
            for (int k = 0; k < 5; k++) {
                cr_assert(!contains_nocase(all[k], "nan"), "%s, %s%s: NaN:\n%s",
                          names[i], what[k], which ? " (no rows)" : "", all[k]);
                cr_assert(!contains_nocase(all[k], "inf"), "%s, %s%s: inf:\n%s",
                          names[i], what[k], which ? " (no rows)" : "", all[k]);
            }
        }
    }
    /* The data are as degenerate as meant: D2 peers without spread ... */
    assess_score *s = compute(r, &opts[2]);
    cr_assert_eq(srow(s, "D2", "1", "alpha", "peer")->sd, 0);
    cr_assert_eq(srow(s, "D2", "1", "alpha", "peer")->reasons, WHY_COHORT_SD0);
    /* ... D1 without a score ... */
    expect_empty(srow(s, "D1", "1", "alpha", "self"), WHY_NO_SCORES);
    /* ... and no rows at all for an empty file. */
    s = compute(empty, NULL);
    cr_assert_eq(s->n_blocks, 0);
    cr_assert_str_eq(csv_of(s, ASSESS_TABLE_SCALES),
                     "subject_id,wave,scale,group,n,mean,sd,min,max,"
                     "suppressed,norm_z,norm_t,norm_percentile,gap,gap_flag,"
                     "rank,tie,signature,reason\n");
    cr_assert_not_null(strstr(json_of(s), "\"subjects\":[]}"));
    cr_assert_str_eq(text_of(s, NULL), "");
}

/* ---- Layouts and chunks ------------------------------------------------- */

/* Two subjects, two waves, blanks and missing codes. */
static const char LAYOUT_WIDE[] =
    T360_HEADER
    "W1,s,self,1,5,4,2,4,5\n"
    "W1,m,manager,1,4,0,2,3,\n"
    "W1,p1,peer,1,3,3,3,2,2\n"
    "W1,p2,peer,1,4,,1,5,5\n"
    "W1,p3,peer,1,2,2,5,0,1\n"
    "W1,d1,direct_report,1,5,5,5,5,5\n"
    "W2,s,self,1,3,3,3,3,3\n"
    "W2,p1,peer,1,1,2,3,4,5\n"
    "W1,s,self,2,4,4,4,4,4\n"
    "W1,m,manager,2,5,5,1,5,5\n";

/* The same answers one a row, item by item: W1/m's blank B2 left out,
 * W1/p2's blank A2 given as an empty value. */
static const char LAYOUT_LONG[] =
    "subject_id,rater_id,rater_group,wave,item_id,value\n"
    "W1,s,self,1,A1,5\n"
    "W1,m,manager,1,A1,4\n"
    "W1,p1,peer,1,A1,3\n"
    "W1,p2,peer,1,A1,4\n"
    "W1,p3,peer,1,A1,2\n"
    "W1,d1,direct_report,1,A1,5\n"
    "W2,s,self,1,A1,3\n"
    "W2,p1,peer,1,A1,1\n"
    "W1,s,self,2,A1,4\n"
    "W1,m,manager,2,A1,5\n"
    "W1,m,manager,2,A2,5\n"
    "W1,s,self,2,A2,4\n"
    "W2,p1,peer,1,A2,2\n"
    "W2,s,self,1,A2,3\n"
    "W1,d1,direct_report,1,A2,5\n"
    "W1,p3,peer,1,A2,2\n"
    "W1,p2,peer,1,A2,\n"
    "W1,p1,peer,1,A2,3\n"
    "W1,m,manager,1,A2,0\n"
    "W1,s,self,1,A2,4\n"
    "W1,s,self,1,A3,2\n"
    "W1,m,manager,1,A3,2\n"
    "W1,p1,peer,1,A3,3\n"
    "W1,p2,peer,1,A3,1\n"
    "W1,p3,peer,1,A3,5\n"
    "W1,d1,direct_report,1,A3,5\n"
    "W2,s,self,1,A3,3\n"
    "W2,p1,peer,1,A3,3\n"
    "W1,s,self,2,A3,4\n"
    "W1,m,manager,2,A3,1\n"
    "W1,s,self,1,B1,4\n"
    "W1,m,manager,1,B1,3\n"
    "W1,p1,peer,1,B1,2\n"
    "W1,p2,peer,1,B1,5\n"
    "W1,p3,peer,1,B1,0\n"
    "W1,d1,direct_report,1,B1,5\n"
    "W2,s,self,1,B1,3\n"
    "W2,p1,peer,1,B1,4\n"
    "W1,s,self,2,B1,4\n"
    "W1,m,manager,2,B1,5\n"
    "W1,s,self,1,B2,5\n"
    "W1,p1,peer,1,B2,2\n"
    "W1,p2,peer,1,B2,5\n"
    "W1,p3,peer,1,B2,1\n"
    "W1,d1,direct_report,1,B2,5\n"
    "W2,s,self,1,B2,3\n"
    "W2,p1,peer,1,B2,5\n"
    "W1,s,self,2,B2,4\n"
    "W1,m,manager,2,B2,5\n";

Test(score, long_and_wide_layouts_give_identical_output)
{
    const assess_instrument *inst = load(T360);
    assess_score *wide = compute(read_csv(inst, LAYOUT_WIDE), NULL);
    assess_score *lng = compute(read_csv(inst, LAYOUT_LONG), NULL);
    outputs ow = outputs_of(wide), ol = outputs_of(lng);

    expect_same_outputs(&ow, &ol, "long vs wide");
    /* Blocks by subject, then wave: W1/1, W1/2, W2/1. */
    cr_assert_eq(wide->n_blocks, 3);
    cr_assert_eq(block_of(wide, "W1", "1"), &wide->blocks[0]);
    cr_assert_eq(block_of(wide, "W1", "2"), &wide->blocks[1]);
    cr_assert_eq(block_of(wide, "W2", "1"), &wide->blocks[2]);
    /* And the data say something: W1 wave 1 self alpha (5 + 4 + 4) / 3. */
    EQ(srow(lng, "W1", "1", "alpha", "self")->mean, 13.0 / 3);
    /* Wave 2: self (4 + 4 + 2) / 3 = 10/3 against the manager's 5. */
    EQ(srow(lng, "W1", "2", "alpha", "self")->mean, 10.0 / 3);
    cr_assert_eq(srow(lng, "W1", "2", "alpha", "manager")->mean, 5);
}

Test(score, chunking_does_not_change_output)
{
    const assess_instrument *inst = load(T360);
    outputs whole = outputs_of(compute(read_how(inst, LAYOUT_LONG, FEED_WHOLE),
                                       NULL));
    outputs bytes = outputs_of(compute(read_how(inst, LAYOUT_LONG, FEED_BYTES),
                                       NULL));
    expect_same_outputs(&whole, &bytes, "a byte at a time");
    for (uint64_t seed = 2; seed < 7; seed++) {
        outputs chunks = outputs_of(compute(read_how(inst, LAYOUT_LONG, seed),
                                            NULL));
        expect_same_outputs(&whole, &chunks, "random chunks");
    }
    bytes = outputs_of(compute(read_how(inst, LAYOUT_WIDE, FEED_BYTES), NULL));
    expect_same_outputs(&whole, &bytes, "wide, a byte at a time");
}

/* ---- Writers with the largest option values ----------------------------- */

/*
 * UINT_MAX highlights or signature strengths mean "all of them": the
 * writers stop at the number of items or scales (their loops once wrapped
 * around and never ended).
 */
Test(score, json_writer_ends_with_highlights_uint_max, .timeout = 10)
{
    assess_score_options o = no_norms();
    assess_score *s;
    const char *json;

    o.highlights = UINT_MAX;
    s = score_of(T360, ITEMS_CSV, &o);
    /* Every item is ranked: B2 highest, B1 lowest. */
    cr_assert_eq(irow(s, "H1", "1", "B1", "others")->highlight, 5);
    json = json_of(s);
    cr_assert_not_null(strstr(json, "\"highest\":[\"B2\",\"A1\",\"A3\",\"A2\","
                                    "\"B1\"]"), "%s", json);
}

/* As above, for opts.top in the text (and JSON) writers. */
Test(score, text_writer_ends_with_top_uint_max, .timeout = 10)
{
    assess_score_options o = defaults();
    assess_score *s;
    const char *text;

    o.top = UINT_MAX;
    s = score_of(TSTR, STR_CSV, &o);
    cr_assert_eq(srow(s, "E1", "1", "s4", "all")->signature, 1);
    text = text_of(s, "E1");
    cr_assert_not_null(strstr(text, "  4. Four"), "%s", text);
}

/* ==== Numbers as written ================================================= */

/*
 * The definition format_number keeps (base_format.h): the shortest of "%.15g",
 * "%.16g", "%.17g" that reads back to x.  Its fast path for short decimals
 * must give the same bytes.
 */
static void reference_number(char buf[NUMBER_SIZE], double x)
{
    if (x == 0) {
        strcpy(buf, "0");
        return;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, NUMBER_SIZE, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static void same_as_reference(double x)
{
    char got[NUMBER_SIZE], want[NUMBER_SIZE];
    format_number(got, x);
    reference_number(want, x);
    cr_assert_str_eq(got, want, "%.17g", x);
    cr_assert_eq(strtod(got, NULL), x, "%s does not read back", got);
}

Test(format, numbers_read_back_and_match_printf)
{
    static const double edges[] = {
        1, -1, 0.5, 4.8, 3.9833333333333334, 0.1, 0.0001, 0.00012345,
        0.00009999, 1e-5, 123456.789, 999999999, 1e9, 1e15, 1e16, 2.5e-7,
        -0.000123, 100, 0.3, 1.0 / 3, 2.0 / 3, 12345678.901234, 5e-324,
        1.7976931348623157e308, 0.000999999, 4.35, 4.45, 0.015,
    };
    uint64_t s = 7;

    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        same_as_reference(edges[i]);
        same_as_reference(-edges[i]);
    }
    for (int i = 0; i < 200000; i++) {
        long m;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        m = (long)((s >> 20) % 2000001) - 1000000;
        switch ((s >> 60) & 7) {
        case 0: same_as_reference(m / 1e3); break;   /* short decimals */
        case 1: same_as_reference(m / 7.0); break;   /* long ones */
        case 2: same_as_reference((double)m); break; /* whole numbers */
        case 3: same_as_reference(m / 1e6); break;
        case 4: same_as_reference(m * 1e-9); break;  /* below 1e-4 */
        case 5: same_as_reference((double)(s >> 11) / 9007199254740992.0 * 1e10); break;
        case 6: same_as_reference(m / 100.0 + 0.005); break;
        default: same_as_reference(m / 3.0 / 1e4); break;
        }
    }
}

/*
 * format_number works most numbers out in 128-bit integers (base_format.c):
 * every kind of double of its range, against printf and strtod: random
 * bits, powers of two (whose gap below is half the gap above), ties of
 * rounding (1 + 2^-k), and the neighbours of powers of ten, where the
 * decimal exponent and the rounding's carry change.
 */
Test(format, exact_path_matches_printf_on_any_double)
{
    uint64_t s = 20261121;

    for (int e = -15; e <= 31; e++) {
        same_as_reference(ldexp(1, e));
        same_as_reference(nextafter(ldexp(1, e), 0));
        same_as_reference(nextafter(ldexp(1, e), INFINITY));
    }
    for (int k = 1; k <= 52; k++)
        for (int e = -13; e <= 29; e += 7)
            same_as_reference(ldexp(1 + ldexp(1, -k), e));
    for (int p = -4; p <= 9; p++) {
        double ten = pow(10, p), y = ten;
        for (int i = 0; i < 40; i++) {
            same_as_reference(y);
            y = nextafter(y, 0);
        }
        y = ten;
        for (int i = 0; i < 40; i++) {
            same_as_reference(y);
            y = nextafter(y, INFINITY);
        }
        same_as_reference(ten * (1 - 5e-16));
        same_as_reference(ten * 0.99999999999999995);
    }
    for (int i = 0; i < 1000000; i++) {
        uint64_t bits;
        double x;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        bits = s >> 12; /* 52 bits of mantissa */
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        x = ldexp(1 + ldexp((double)bits, -52), (int)((s >> 40) % 46) - 15);
        same_as_reference(s >> 63 ? -x : x);
    }
}

/*
 * The writers' buffer (base_format.h) hands stdio the same bytes as writing
 * piece by piece would: across its own size, with a piece larger than
 * itself, with quoted CSV fields and counts of every length.
 */
Test(format, out_buf_writes_what_stdio_would)
{
    char *got = NULL, *want = NULL, *big = malloc(OUT_SIZE + 100);
    size_t got_len = 0, want_len = 0;
    FILE *g = open_memstream(&got, &got_len);
    FILE *w = open_memstream(&want, &want_len);
    out_buf *b = malloc(sizeof *b);
    char num[NUMBER_SIZE];
    uint64_t count = 1;

    cr_assert(g && w && b && big);
    memset(big, 'x', OUT_SIZE + 99);
    big[OUT_SIZE + 99] = '\0';
    out_init(b, g);
    for (int i = 0; i < 20000; i++) {
        double x = i / 7.0 - 100;
        out_count(b, count);
        fprintf(w, "%llu", (unsigned long long)count);
        count = count * 3 + (uint64_t)i;
        out_char(b, ',');
        out_number(b, x);
        fprintf(w, ",%s", format_number(num, x));
        out_char(b, ',');
        out_csv_field(b, i % 3 ? "plain" : "a \"quoted\", field");
        fputs(i % 3 ? ",plain" : ",\"a \"\"quoted\"\", field\"", w);
        out_json_string(b, "a\"b\\c\n\r\t\x01\x1f\xc3\xa9 d");
        fputs("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\xc3\xa9 d\"", w);
        if (i == 5000 || i == 15000) {
            out_str(b, big);
            fputs(big, w);
        }
        out_char(b, '\n');
        fputc('\n', w);
    }
    out_count(b, UINT64_MAX);
    fprintf(w, "%llu", (unsigned long long)UINT64_MAX);
    out_flush(b);
    fclose(g);
    fclose(w);
    cr_assert_gt(got_len, 2 * (size_t)OUT_SIZE);
    cr_assert_eq(got_len, want_len);
    cr_assert(memcmp(got, want, got_len) == 0);
    free(got);
    free(want);
    free(big);
    free(b);
}

/*
 * Kept bytes (out_keep) are the bytes written since the mark, and only
 * when they are still whole in the buffer and fit: keys of every length
 * up to past OUT_KEPT_SIZE, written where the buffer fills and flushes,
 * copied row after row, give what writing each row in full gives.
 */
/* A part of the out_parts test: its number, then bytes of a length that
 * runs from none to past a buffer's size, made from the part's number.
 * The worker number must be one of the threads asked for. */
typedef struct parts_seen {
    unsigned threads;
    int bad_worker;
} parts_seen;

static void test_part(void *ctx, unsigned worker, size_t part, out_buf *b)
{
    parts_seen *seen = ctx;
    size_t len = (part * 7919) % (OUT_SIZE + 5000);
    if (worker >= seen->threads)
        seen->bad_worker = 1;
    out_count(b, part);
    out_char(b, ':');
    for (size_t i = 0; i < len; i++)
        out_char(b, (char)('a' + (part + i) % 26));
    out_char(b, '\n');
}

Test(format, parts_in_order_whatever_the_threads)
{
    static const unsigned threads[] = { 1, 2, 3, 5 };
    char *want = NULL;
    size_t want_len = 0;

    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        char *got = NULL;
        size_t got_len = 0;
        FILE *g = open_memstream(&got, &got_len);
        out_buf *b = malloc(sizeof *b);
        parts_seen seen = { threads[t], 0 };

        cr_assert(g && b);
        out_init(b, g);
        out_str(b, "head\n");
        cr_assert_eq(out_parts(b, 97, threads[t], test_part, &seen), 0);
        out_str(b, "tail\n");
        out_flush(b);
        fclose(g);
        free(b);
        cr_assert(!seen.bad_worker, "a worker number of %u threads or more",
                  threads[t]);
        if (t == 0) {
            /* One thread writes straight to the buffer: the reference. */
            want = got;
            want_len = got_len;
            cr_assert_gt(want_len, 97 * (OUT_SIZE / 2));
            continue;
        }
        cr_assert_eq(got_len, want_len, "%u threads", threads[t]);
        cr_assert(memcmp(got, want, got_len) == 0, "%u threads", threads[t]);
        free(got);
    }
    free(want);
}

Test(format, kept_keys_copy_what_was_written)
{
    char *got = NULL, *want = NULL, key[OUT_KEPT_SIZE + 40];
    size_t got_len = 0, want_len = 0, kept = 0, not_kept = 0, too_long = 0;
    FILE *g = open_memstream(&got, &got_len);
    FILE *w = open_memstream(&want, &want_len);
    out_buf *b = malloc(sizeof *b);
    out_kept k;

    cr_assert(g && w && b);
    out_init(b, g);
    for (int i = 0; i < 6000; i++) {
        size_t len = (size_t)(i * 7) % (sizeof key - 1);
        uint64_t from;
        for (size_t j = 0; j < len; j++)
            key[j] = (char)('a' + (i + j) % 26);
        key[len] = '\0';
        if (i % 5 == 0 && len > 2)
            key[len / 2] = ','; /* a key that is quoted */
        from = out_tell(b);
        out_csv_field(b, key);
        out_char(b, ',');
        out_count(b, (uint64_t)i);
        out_keep(b, from, &k);
        if (k.n) {
            kept++;
            cr_assert_eq(k.n, (size_t)(out_tell(b) - from));
        } else if (out_tell(b) - from > OUT_KEPT_SIZE) {
            too_long++;
        } else {
            not_kept++; /* flushed part-way */
            cr_assert_lt(from, b->flushed);
        }
        for (int row = 0; row < 3; row++) {
            if (row > 0 && k.n)
                out_kept_write(b, &k);
            else if (row > 0) {
                out_csv_field(b, key);
                out_char(b, ',');
                out_count(b, (uint64_t)i);
            }
            out_str(b, ",value\n");
            fputs(strchr(key, ',') ? "\"" : "", w);
            fputs(key, w);
            fprintf(w, "%s,%d,value\n", strchr(key, ',') ? "\"" : "", i);
        }
    }
    out_flush(b);
    fclose(g);
    fclose(w);
    cr_assert_gt(kept, 1000);
    cr_assert_gt(not_kept, 0);
    cr_assert_gt(too_long, 0);
    cr_assert_eq(got_len, want_len);
    cr_assert(memcmp(got, want, got_len) == 0);
    free(got);
    free(want);
    free(b);
}
