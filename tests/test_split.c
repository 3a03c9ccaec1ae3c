/*
 * test_split.c - a response file read in parts on several threads
 * (input_split.c) gives the table a read in one piece gives: the same
 * ids and sets in the same order, the same answers, lines, account,
 * diagnostics and status, wherever the file is cut.
 *
 * The files are small, so they are cut with parts of a few bytes: on
 * 2 to 16 threads, with parts of at least 1 to 400 bytes, cuts fall on
 * most of their lines, inside quoted fields and blank lines among them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "account_text.h"
#include "assess.h"
#include "cohort.h"
#include "input_split.h"
#include "input_responses.h"
#include "rng.h"

static assess_instrument *inst;
static char path[64];

static void setup(void)
{
    assess_error err;
    int fd;
    assess_error_init(&err);
    inst = assess_instrument_load_memory(COHORT_XML, strlen(COHORT_XML),
                                         "cohort.xml", NULL, NULL, &err);
    cr_assert_not_null(inst, "instrument: %s", err.message);
    strcpy(path, "/tmp/test_split.XXXXXX");
    fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(path);
    assess_instrument_free(inst);
}

TestSuite(split, .init = setup, .fini = teardown);

/* Everything a reading leaves, as text: a diagnostic a line. */
static void on_diag(const assess_diag *d, void *userdata)
{
    fprintf(userdata, "diag %d %lu %s %s\n", (int)d->severity, d->line,
            assess_reject_name(d->reason), d->message);
}

static void put_ids(FILE *f, const char *what, const strtab *t)
{
    fprintf(f, "%s %u:", what, t->count);
    for (uint32_t i = 0; i < t->count; i++)
        fprintf(f, " [%.*s]", (int)t->len[i], t->str[i]);
    fputc('\n', f);
}

/*
 * Reads the file at `path` with `threads` and, when part_min is not 0, in
 * parts of at least part_min bytes; the table is then written out whole,
 * in the order of its arrays.  The text is malloc'd.
 */
static size_t merged; /* parts merged by the reads in parts of a test */

static char *read_state(const assess_read_options *base, unsigned threads,
                        size_t part_min)
{
    assess_read_options o = *base;
    assess_error err;
    assess_status st;
    assess_responses *r;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    char *account;

    cr_assert_not_null(out);
    o.threads = threads;
    o.diag = on_diag;
    o.userdata = out;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r, "%s", err.message);
    if (!part_min) {
        st = assess_responses_read_file(r, path, &err);
    } else {
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f);
        cr_assert_eq(assess_responses_begin(r, path, &err), ASSESS_OK);
        int n = responses_read_split(r, f, part_min, &st, &err);
        cr_assert_geq(n, 0, "not read in parts");
        merged += (size_t)n;
        fclose(f);
    }
    fprintf(out, "status %d", (int)st);
    if (st != ASSESS_OK)
        fprintf(out, " %lu %s", err.line, err.message);
    account = account_text(assess_responses_account(r));
    fprintf(out, "\naccount %s\n", account);
    free(account);
    put_ids(out, "subjects", &r->subjects);
    put_ids(out, "raters", &r->raters);
    put_ids(out, "waves", &r->waves);
    for (size_t s = 0; s < r->n_sets; s++) {
        const resp_set *x = &r->sets[s];
        fprintf(out, "set %u %u %u %u %lu %u:", x->subject, x->rater, x->wave,
                x->group, x->line, x->file);
        for (size_t b = 0; b < r->record_size; b++)
            fprintf(out, " %02x", r->values[s * r->record_size + b]);
        fputc('\n', out);
    }
    cr_assert_eq(fclose(out), 0);
    assess_responses_free(r);
    return text;
}

static void write_file(const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* The file read in parts, every way, against the file read in one piece. */
static void same_in_parts(const char *text, const assess_read_options *o,
                          const char *must_have)
{
    size_t len = strlen(text);
    static const size_t mins[] = { 1, 7, 50, 160, 400 };
    char *whole;

    write_file(text, len);
    merged = 0;
    whole = read_state(o, 1, 0);
    if (must_have)
        cr_assert_not_null(strstr(whole, must_have), "%s\nnot in:\n%s",
                           must_have, whole);
    for (unsigned threads = 2; threads <= 16; threads++)
        for (size_t m = 0; m < sizeof mins / sizeof *mins; m++) {
            char *parts;
            if (len / 2 < mins[m])
                continue;
            parts = read_state(o, threads, mins[m]);
            cr_assert_str_eq(parts, whole,
                             "%u threads, parts of %zu bytes:\n%s\n"
                             "in one piece:\n%s",
                             threads, mins[m], parts, whole);
            free(parts);
        }
    cr_assert_gt(merged, 0, "no part was ever merged");
    free(whole);
}

static assess_read_options defaults(void)
{
    assess_read_options o;
    assess_read_options_init(&o);
    return o;
}

/* A long file: each rater's answers one a row, some of a rater's rows far
 * from the others, so that a set is joined across parts. */
static char *long_csv(size_t n, uint64_t seed, const char *line_end)
{
    static const char *const items[] = { "X1", "X2", "Y1", "Y2" };
    static const char *const groups[] = { "self", "manager", "peer", "direct" };
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fprintf(f, "subject_id,rater_id,rater_group,wave,item_id,value%s",
            line_end);
    for (size_t s = 0; s < n; s++)
        for (int g = 0; g < 4; g++)
            for (int i = 0; i < 4; i++) {
                /* Y2 of every rater of the subject before */
                if (i == 3 && s > 0)
                    fprintf(f, "E%zu,%c%zu,%s,1,Y2,%d%s", s - 1, groups[g][0],
                            s - 1, groups[g],
                            (int)(1 + rng_next(&seed) % 5), line_end);
                if (i < 3)
                    fprintf(f, "E%zu,%c%zu,%s,1,%s,%d%s", s, groups[g][0], s,
                            groups[g], items[i],
                            (int)(1 + rng_next(&seed) % 5), line_end);
            }
    for (int g = 0; g < 4 && n > 0; g++)
        fprintf(f, "E%zu,%c%zu,%s,1,Y2,%d%s", n - 1, groups[g][0], n - 1,
                groups[g], (int)(1 + rng_next(&seed) % 5), line_end);
    cr_assert_eq(fclose(f), 0);
    return p;
}

Test(split, wide_cohort)
{
    assess_read_options o = defaults();
    char *csv = cohort_csv(12, 3);
    same_in_parts(csv, &o, "rejected=0");
    free(csv);
}

Test(split, long_sets_joined_across_parts)
{
    assess_read_options o = defaults();
    char *csv = long_csv(10, 5, "\n");
    same_in_parts(csv, &o, "used=160 rejected=0");
    free(csv);
}

Test(split, crlf_and_blank_lines)
{
    assess_read_options o = defaults();
    char *csv = long_csv(6, 9, "\r\n\r\n");
    same_in_parts(csv, &o, "blank=97");
    free(csv);
}

/* Cuts inside quoted fields that hold line ends, and ids that begin with
 * the bytes of a byte order mark, which only the file's start may drop. */
Test(split, quoted_line_ends_and_bom_bytes)
{
    assess_read_options o = defaults();
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fputs("\xef\xbb\xbfsubject_id,rater_id,rater_group,wave,item_id,value\n", f);
    for (int s = 0; s < 12; s++) {
        fprintf(f, "\"E,%d\n\n\nline\",s%d,self,1,X1,3\n", s, s);
        fprintf(f, "\xef\xbb\xbf" "E%d,m%d,manager,1,X2,\"4\"\n", s, s);
        fprintf(f, "E%d,\"p\"\"%d\r\n\",peer,\"1\",Y1,5\n\n", s, s);
    }
    cr_assert_eq(fclose(f), 0);
    same_in_parts(p, &o, "[\xef\xbb\xbf" "E0]");
    free(p);
}

/* Rows a reader rejects, some for what rows far before them hold: a part
 * that reports is read again, in one piece with all after it. */
Test(split, rejected_rows_reported_as_in_one_piece)
{
    assess_read_options o = defaults();
    char *csv = long_csv(8, 11, "\n");
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fputs(csv, f);
    fputs("E0,s0,self,1,X1,2\n"     /* answered at the start */
          "E1,m1,peer,1,Z9,2\n"     /* no such item */
          "E2,p2,direct,1,X3,2\n"
          "E0,d0,peer,1,X1,2\n"     /* in another group at the start */
          "E7,s7,self,1,X1,9\n"     /* out of range */
          "E7,s7,self,1,X1\n",      /* too few fields */
          f);
    fputs(csv + strcspn(csv, "\n") + 1, f); /* every row again: duplicates */
    cr_assert_eq(fclose(f), 0);
    same_in_parts(p, &o, " group_conflict ");
    free(p);
    free(csv);
}

/* A rater in another group than in a part before, on an item not answered
 * there: only the group tells that the part cannot join. */
Test(split, group_conflict_across_parts)
{
    assess_read_options o = defaults();
    char *csv = long_csv(8, 19, "\n");
    char *row = strstr(csv, "E0,d0,direct,1,Y2,");
    char *p = malloc(strlen(csv) + 32);

    cr_assert_not_null(row);
    cr_assert_not_null(p);
    sprintf(p, "%.*s%sE0,d0,peer,1,Y2,3\n", (int)(row - csv), csv,
            strchr(row, '\n') + 1);
    same_in_parts(p, &o, " group_conflict ");
    free(p);
    free(csv);
}

Test(split, strict_and_skipped_rows)
{
    assess_read_options o = defaults();
    char *csv = long_csv(8, 13, "\n");
    char *bad = malloc(strlen(csv) + 64);

    cr_assert_not_null(bad);
    o.skip_rows = 3;
    same_in_parts(csv, &o, "header=4");
    sprintf(bad, "%sE3,s3,self,1,X1,0\n", csv);
    o.skip_rows = 0;
    o.strict = 1;
    same_in_parts(bad, &o, "(strict)");
    free(bad);
    free(csv);
}

/* How the file ends: without a line end, or in an open quote. */
Test(split, file_ends)
{
    assess_read_options o = defaults();
    char *csv = long_csv(8, 17, "\n");
    char *end = malloc(strlen(csv) + 64);

    cr_assert_not_null(end);
    strcpy(end, csv);
    end[strlen(end) - 1] = '\0';
    same_in_parts(end, &o, "used=128");
    sprintf(end, "%sE9,\"s9,self,1,X1,2\n", csv);
    same_in_parts(end, &o, "not closed");
    free(end);
    free(csv);
}

/* assess_responses_read_file() cuts a file of two parts or more. */
Test(split, read_file_cuts_a_large_file)
{
    assess_read_options o = defaults();
    char *csv = long_csv(30000, 23, "\n");
    size_t len = strlen(csv);
    char *whole;

    cr_assert_gt(len, 2 * SPLIT_PART_MIN);
    write_file(csv, len);
    whole = read_state(&o, 1, 0);
    cr_assert_not_null(strstr(whole, "used=480000 rejected=0"));
    for (unsigned threads = 2; threads <= 4; threads++) {
        char *parts = read_state(&o, threads, 0);
        cr_assert(strcmp(parts, whole) == 0, "%u threads", threads);
        free(parts);
    }
    free(whole);
    free(csv);
}

/* A file too small for two parts is not cut: the caller reads it. */
Test(split, small_file_left_to_the_caller)
{
    assess_read_options o = defaults();
    assess_responses *r;
    assess_error err;
    assess_status st = ASSESS_OK;
    char *csv = long_csv(2, 3, "\n");
    FILE *f;

    write_file(csv, strlen(csv));
    o.threads = 2;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r);
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(assess_responses_begin(r, path, &err), ASSESS_OK);
    cr_assert_eq(responses_read_split(r, f, strlen(csv), &st, &err), -1);
    cr_assert_eq(assess_responses_account(r)->header_rows, 0);
    cr_assert_eq(responses_read_split(r, f, strlen(csv) / 4, &st, &err), 1);
    cr_assert_eq(st, ASSESS_OK);
    cr_assert_eq(assess_responses_account(r)->rows_used, 32);
    fclose(f);
    assess_responses_free(r);
    free(csv);
}

/* ---- Survey exports --------------------------------------------------------- */

/*
 * A Qualtrics export of the cohort, with semicolons and decimal commas:
 * its three header rows, items found by their wording, previews and
 * unfinished responses in its last subjects (told as notes: a part that
 * holds one is read again), a source map's columns, recoding, alias and
 * filter.
 */
static char *qualtrics_csv(size_t n, uint64_t seed)
{
    char *p = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&p, &size);

    cr_assert_not_null(f);
    fputs("\xef\xbb\xbfStartDate;Status;Finished;ResponseId;Q1;Q2;Q3;Q4;"
          "Subject;Role;Lang\r\n"
          "Start Date;Response Type;Finished;Response ID;Rate - X ONE;"
          "Rate - x two.;Rate - y one;Rate - y  two;Subject;Role;Lang\r\n"
          "{\"ImportId\":\"startDate\"};x;x;x;x;x;x;x;x;x;x\r\n", f);
    for (size_t s = 0; s < n; s++)
        for (int k = 0; k < 8; k++) {
            /* marks in the last subjects only: parts before them merge */
            uint64_t r = s + 8 < n ? 99 : rng_next(&seed) % 8;
            static const char *const roles[] = { "Self", "Manager", "Peer",
                                                 "Peer", "Peer", "DR", "DR",
                                                 "Direct Report" };
            fprintf(f, "d;%s;%s;R_%zu_%d;%s;%d;\"%d,0\";%s;E%zu;%s;%s\r\n",
                    r == 0 ? "Survey Preview" : "IP Address",
                    r == 1 ? "False" : "True", s, k,
                    r == 2 ? "Not sure" : "3", (int)(1 + rng_next(&seed) % 5),
                    (int)(1 + rng_next(&seed) % 5), r == 3 ? "" : "4", s,
                    roles[k], r == 4 ? "de" : "en");
        }
    cr_assert_eq(fclose(f), 0);
    return p;
}

Test(split, qualtrics_export_in_parts)
{
    static const char map[] =
        "<source instrument='cohort'>"
        "<column name='Subject' as='subject_id'/>"
        "<column name='Role' as='rater_group'/>"
        "<missing text='Not sure'/>"
        "<group text='DR' as='direct'/>"
        "<drop column='Lang' equals='de'/>"
        "</source>";
    assess_read_options o = defaults();
    assess_error err;
    assess_source *src;
    char *csv = qualtrics_csv(60, 29);

    assess_error_init(&err);
    src = assess_source_load_memory(map, strlen(map), "map.xml", inst, NULL,
                                    NULL, &err);
    cr_assert_not_null(src, "%s", err.message);
    o.source = src;
    same_in_parts(csv, &o, "left out (preview)");
    free(csv);
    assess_source_free(src);
}

/* A second self rating in a part after the first self's: the part does
 * not join, and is read again to say so. */
Test(split, second_self_across_parts)
{
    assess_read_options o = defaults();
    char *csv = long_csv(10, 31, "\n");
    char *p = malloc(strlen(csv) + 64);

    cr_assert_not_null(p);
    sprintf(p, "%sE0,sX,self,1,X1,3\n", csv);
    same_in_parts(p, &o, "a second self rating");
    free(p);
    free(csv);
}

/* Text that is converted is not cut: its bytes are not its text's. */
Test(split, converted_text_read_in_one_piece)
{
    assess_read_options o = defaults();
    char *csv = long_csv(20, 37, "\n");
    size_t len = strlen(csv);
    char *whole, *parts;
    FILE *f;
    assess_responses *r;
    assess_error err;
    assess_status st;

    o.encoding = "latin1";
    write_file(csv, len);
    whole = read_state(&o, 1, 0);
    merged = 0;
    parts = read_state(&o, 4, 50);
    cr_assert_str_eq(parts, whole);
    cr_assert_eq(merged, 0, "converted text was cut");
    free(parts);
    free(whole);
    /* the same through the split itself: 0 parts merged */
    o.threads = 4;
    assess_error_init(&err);
    r = assess_responses_new(inst, &o, &err);
    cr_assert_not_null(r);
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(assess_responses_begin(r, path, &err), ASSESS_OK);
    cr_assert_eq(responses_read_split(r, f, 50, &st, &err), 0);
    cr_assert_eq(st, ASSESS_OK, "%s", err.message);
    fclose(f);
    assess_responses_free(r);
    free(csv);
}
