/*
 * assess.h - the public interface of libassess.
 *
 * libassess reads an instrument definition (XML) and streams respondents'
 * answers (CSV) into a compact in-memory table that the statistics work on.
 * The library never prints and never exits: every call returns a status,
 * fills an assess_error the caller passes in, and reports each problem it
 * finds in the input through the caller's diagnostic callback.
 *
 * Handles are opaque.  Every assess_X_new() has an assess_X_free() that
 * accepts NULL.  Strings returned by accessors belong to the handle and live
 * as long as it does.
 */
#ifndef ASSESS_H
#define ASSESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ASSESS_BUILDING) && defined(__GNUC__)
#define ASSESS_API __attribute__((visibility("default")))
#else
#define ASSESS_API
#endif

/*
 * The version of this header.  assess_version() and assess_version_num()
 * give the library's own, which a program linked against libassess.so.0
 * may find newer than what it was built with.  ASSESS_VERSION_NUM is
 * 0xMMmmpp (major, minor, patch), for comparisons: `#if
 * ASSESS_VERSION_NUM >= 0x000200`.  Within one major version, and so one
 * SONAME (libassess.so.MAJOR), the API only grows: every enum value is
 * written out and new ones are appended, functions are added, never
 * changed, and no public struct's size follows an enum (arrays indexed by
 * one have a fixed size, as ASSESS_REJECT_SLOTS).
 */
#define ASSESS_VERSION_MAJOR 0
#define ASSESS_VERSION_MINOR 1
#define ASSESS_VERSION_PATCH 0
#define ASSESS_VERSION_NUM                                                   \
    ((ASSESS_VERSION_MAJOR << 16) | (ASSESS_VERSION_MINOR << 8) |            \
     ASSESS_VERSION_PATCH)
#define ASSESS_VERSION "0.1.0"

/* The library's version: "MAJOR.MINOR.PATCH" and 0xMMmmpp. */
ASSESS_API const char *assess_version(void);
ASSESS_API unsigned assess_version_num(void);

/*
 * Frees what the library allocated for the caller and said so:
 * assess_responses_dump()'s text, assess_instrument_find()'s path,
 * assess_out_take()'s bytes.  NULL is fine.  A program embedding the
 * library through another runtime (Python's ctypes) must free them here,
 * with the allocator that made them.
 */
ASSESS_API void assess_free(void *p);

/* The most threads any call computes on: a `threads` option above it
 * counts as this many. */
#define ASSESS_MAX_THREADS 16

/* ---- Status and errors ------------------------------------------------- */

/* Statuses: values are fixed, and new ones only ever appended. */
typedef enum assess_status {
    ASSESS_OK = 0,
    ASSESS_ENOMEM = 1,      /* out of memory */
    ASSESS_EIO = 2,         /* a file could not be opened, read or written */
    ASSESS_EUSAGE = 3,      /* an argument or option is not acceptable */
    ASSESS_EINSTRUMENT = 4, /* the instrument definition is invalid */
    ASSESS_EFORMAT = 5,     /* a response file cannot be read as CSV of the
                               expected shape (header, quoting, limits) */
    ASSESS_EDATA = 6,       /* rows were rejected and the caller asked for
                               strict */
    ASSESS_ELIMIT = 7       /* input exceeds a documented limit */
} assess_status;

ASSESS_API const char *assess_strerror(assess_status status);

/*
 * The error record of a failed call: the status, a message that names what
 * is wrong, and where (file, line, column; 0 when not known).  Callers own
 * it; assess_error_init() clears it.
 */
typedef struct assess_error {
    assess_status status;
    char file[256];
    unsigned long line;
    unsigned long column;
    char message[512];
} assess_error;

ASSESS_API void assess_error_init(assess_error *err);

/* ---- Diagnostics ------------------------------------------------------- */

typedef enum assess_severity {
    ASSESS_WARNING = 1, /* something was ignored or assumed; data kept */
    ASSESS_ERROR = 2,   /* a row, a value or a definition was rejected */
    ASSESS_NOTE = 3     /* for the record: what was told from a file (its
                           survey tool, delimiter, encoding), or a row left
                           out as the export or the source map asks */
} assess_severity;

/*
 * Why a response row was rejected; the account counts rows by reason.
 * Values are fixed and new ones only ever appended; ASSESS_REJECT__COUNT
 * is how many this version knows, at most ASSESS_REJECT_SLOTS.
 */
typedef enum assess_reject {
    ASSESS_REJECT_NONE = 0,
    ASSESS_REJECT_COLUMN_COUNT = 1,   /* wrong number of fields */
    ASSESS_REJECT_MISSING_ID = 2,     /* empty subject, rater or item id */
    ASSESS_REJECT_BAD_TEXT = 3,       /* invalid UTF-8 or a NUL byte in an id */
    ASSESS_REJECT_UNKNOWN_ITEM = 4,   /* item id not in the instrument */
    ASSESS_REJECT_UNKNOWN_GROUP = 5,  /* rater group not in the instrument */
    ASSESS_REJECT_GROUP_CONFLICT = 6, /* a rater given two groups in one wave */
    ASSESS_REJECT_NOT_A_NUMBER = 7,   /* value is not a number or a label */
    ASSESS_REJECT_NOT_WHOLE = 8,      /* decimal value on an integer scale */
    ASSESS_REJECT_OUT_OF_RANGE = 9,   /* value outside the response scale */
    ASSESS_REJECT_DUPLICATE = 10,     /* subject/rater/wave/item answered
                                         twice */
    ASSESS_REJECT_UNFINISHED = 11,    /* the survey tool marks the response
                                         unfinished */
    ASSESS_REJECT_PREVIEW = 12,       /* a preview, test or spam response */
    ASSESS_REJECT_FILTERED = 13,      /* left out by a row filter */
    ASSESS_REJECT_SECOND_SELF = 14,   /* a second self rater for a subject
                                         and wave */
    ASSESS_REJECT_SCREENED = 15,      /* a rater excluded after screening */
    ASSESS_REJECT__COUNT = 16
} assess_reject;

/* Room for reasons in an account: fixed, whatever reasons are added. */
#define ASSESS_REJECT_SLOTS 32

/* A short snake_case name of a reason, as printed in the account. */
ASSESS_API const char *assess_reject_name(assess_reject reason);

/*
 * 1 for the reasons that leave a row out as the export or the source map
 * asks (unfinished, preview, filtered): such rows are counted in the
 * account like every rejected row, told as notes, and are no problem in
 * the data (not for `strict`, nor for validate's exit status).
 */
ASSESS_API int assess_reject_left_out(assess_reject reason);

/*
 * One problem found in the input.  Valid only during the callback.  `file`
 * is the name given for the input; `line` is the physical line (1-based)
 * where the offending row or element starts; `reason` is set for rejected
 * response rows and ASSESS_REJECT_NONE otherwise.
 */
typedef struct assess_diag {
    assess_severity severity;
    const char *file;
    unsigned long line;
    assess_reject reason;
    const char *message;
} assess_diag;

typedef void (*assess_diag_fn)(const assess_diag *diag, void *userdata);

/* ---- Instruments ------------------------------------------------------- */

typedef struct assess_instrument assess_instrument;

typedef enum assess_kind {
    ASSESS_KIND_360 = 0,
    ASSESS_KIND_STRENGTHS = 1
} assess_kind;

/*
 * Loads and checks an instrument.  The file is validated against the
 * embedded copy of instruments/instrument.xsd, then checked for what a
 * schema cannot say.  Every problem is passed to `diag` (which may be NULL);
 * if any was an error, NULL is returned and `err` says how many.  Loading
 * never touches the network, refuses DOCTYPE declarations (and with them
 * every entity and external subset) and refuses files over 16 MiB.
 */
ASSESS_API assess_instrument *assess_instrument_load(const char *path,
                                                     assess_diag_fn diag,
                                                     void *userdata,
                                                     assess_error *err);

/* The same from memory; `name` is used in diagnostics. */
ASSESS_API assess_instrument *assess_instrument_load_memory(
    const char *data, size_t len, const char *name, assess_diag_fn diag,
    void *userdata, assess_error *err);

ASSESS_API void assess_instrument_free(assess_instrument *inst);

/*
 * The file of the instrument `name` names: `name` itself when it is a
 * file (or holds a '/'); otherwise an instrument id (`lead360`) or a file
 * name without ".xml" (`leadership-360`), looked for, in this order, in
 * each directory of the environment variable ASSESS_PATH (separated by
 * ':'), in the installed share folder ($(PREFIX)/share/assess/
 * instruments, fixed when the library is built) and, for a program or
 * library run from the build tree of the sources, in the sources'
 * instruments/.  The first match wins.  Returns the path (free it with
 * assess_free()), or NULL with ASSESS_EUSAGE and a message naming the
 * places looked in.
 */
ASSESS_API char *assess_instrument_find(const char *name, assess_error *err);

ASSESS_API const char *assess_instrument_id(const assess_instrument *inst);
ASSESS_API const char *assess_instrument_version(const assess_instrument *inst);
ASSESS_API const char *assess_instrument_title(const assess_instrument *inst);
ASSESS_API assess_kind assess_instrument_kind(const assess_instrument *inst);
ASSESS_API size_t assess_instrument_scale_count(const assess_instrument *inst);
ASSESS_API size_t assess_instrument_item_count(const assess_instrument *inst);
/* Rater groups, counting the implicit group "all" of an instrument that
 * declares none. */
ASSESS_API size_t assess_instrument_group_count(const assess_instrument *inst);
ASSESS_API size_t assess_instrument_norm_count(const assess_instrument *inst);

/* Items, scales and groups by index (0 .. count - 1), in document order. */
ASSESS_API const char *assess_instrument_item_id(const assess_instrument *inst,
                                                 size_t item);
/* The index of the scale that holds the item. */
ASSESS_API size_t assess_instrument_item_scale(const assess_instrument *inst,
                                               size_t item);
ASSESS_API int assess_instrument_item_reverse(const assess_instrument *inst,
                                              size_t item);
ASSESS_API const char *assess_instrument_scale_id(const assess_instrument *inst,
                                                  size_t scale);
ASSESS_API const char *assess_instrument_group_id(const assess_instrument *inst,
                                                  size_t group);
/* "self", "manager", "peer", "direct_report" or "other". */
ASSESS_API const char *assess_instrument_group_role(
    const assess_instrument *inst, size_t group);
/* 1 when the instrument declares no rater groups (one implicit "all"). */
ASSESS_API int assess_instrument_groups_implicit(const assess_instrument *inst);
/* The open-ended questions (<question>), in document order: their count,
 * and each one's id and wording (NULL past the end). */
ASSESS_API size_t assess_instrument_question_count(const assess_instrument *inst);
ASSESS_API const char *assess_instrument_question_id(
    const assess_instrument *inst, size_t question);
ASSESS_API const char *assess_instrument_question_text(
    const assess_instrument *inst, size_t question);
/* The fewest raters of a group who wrote an answer to a question for the
 * group's comments on it to be shown (comment-minimum; default its
 * minimum); 0 past the end. */
ASSESS_API unsigned assess_instrument_group_comment_minimum(
    const assess_instrument *inst, size_t group);

/* ---- Responses --------------------------------------------------------- */

typedef enum assess_layout {
    ASSESS_LAYOUT_AUTO = 0, /* long if the header has item_id and value */
    ASSESS_LAYOUT_LONG = 1,
    ASSESS_LAYOUT_WIDE = 2
} assess_layout;

/*
 * The survey tools whose exports are read as they come: their header rows
 * (Qualtrics: names, question text and an ImportId row; SurveyMonkey: two
 * rows that together name a column), their metadata columns (read
 * silently), their response id (the rater id when no column is named so)
 * and their marks of a response not to use (Qualtrics' Finished and
 * Status, LimeSurvey's submitdate: rows left out as `unfinished` or
 * `preview`).  ASSESS_TOOL_CSV is a file of one header row and nothing
 * else; a Google Forms export has no response id: its rows are named by
 * file and line.
 */
typedef enum assess_tool {
    ASSESS_TOOL_AUTO = 0, /* told from the header */
    ASSESS_TOOL_CSV = 1,
    ASSESS_TOOL_QUALTRICS = 2,
    ASSESS_TOOL_SURVEYMONKEY = 3,
    ASSESS_TOOL_LIMESURVEY = 4,
    ASSESS_TOOL_GOOGLE_FORMS = 5
} assess_tool;

/* "auto", "csv", "qualtrics", "surveymonkey", "limesurvey",
 * "google-forms"; NULL for a value this version does not know. */
ASSESS_API const char *assess_tool_name(assess_tool tool);

/*
 * A source map: how the exports of one survey map onto an instrument, for
 * what column names and wording cannot settle (README, "From your survey
 * tool").  An XML file checked against the embedded instruments/source.xsd
 * and against the instrument, which must outlive it; loaded with the same
 * care as an instrument (no DOCTYPE, no network, at most 16 MiB).  Every
 * problem goes to `diag`; NULL when there was any, `err` saying how many.
 */
typedef struct assess_source assess_source;

ASSESS_API assess_source *assess_source_load(const char *path,
                                             const assess_instrument *inst,
                                             assess_diag_fn diag,
                                             void *userdata,
                                             assess_error *err);
ASSESS_API assess_source *assess_source_load_memory(
    const char *data, size_t len, const char *name,
    const assess_instrument *inst, assess_diag_fn diag, void *userdata,
    assess_error *err);
ASSESS_API void assess_source_free(assess_source *source);

/*
 * How to read response files.  Initialise with assess_read_options_init()
 * and set what differs.  `map` holds "name=Header" pairs separated by
 * commas: name is a standard column (subject_id, rater_id, rater_group,
 * wave, item_id, value) or an item id (wide layout), Header the column
 * name in the file.  The strings are the caller's and must outlive the
 * table's reading.
 */
typedef struct assess_read_options {
    assess_layout layout;
    const char *map;
    unsigned long skip_rows; /* extra header rows after the first */
    int strict;              /* any rejected row fails the read */
    assess_diag_fn diag;
    void *userdata;
    unsigned threads;        /* 2 or more: assess_responses_read_file()
                                cuts a file of 8 MiB or more at line ends
                                and reads the parts on as many threads,
                                or else parses on a second thread while
                                this one stores the rows (default 1); the
                                result is the same */
    /* Called by assess_responses_read_file() about every MiB read, with
     * the bytes and the rows of the file so far; NULL for none. */
    void (*progress)(void *userdata, const char *file, uint64_t bytes,
                     uint64_t rows);
    /* The output of assess screen (a CSV with subject_id, rater_id and
     * optionally wave and note), edited or not: the raters it flags (a
     * note beginning "flagged"; every row without a note column) are
     * left out of the table, their rows rejected as
     * ASSESS_REJECT_SCREENED without a diagnostic each.  Read by
     * assess_responses_new(); NULL: none. */
    const char *exclude_flagged;
    /* The survey tool that wrote the files (its header rows, metadata
     * columns, response id and completion marks); ASSESS_TOOL_AUTO: told
     * from each file's header, and said in a note. */
    assess_tool from;
    const assess_source *source; /* a source map, or NULL; it must
                                    outlive the reading */
    int delimiter;        /* ',' ';' '\t' or '|'; 0: the source map's, or
                             told from each file's first line */
    const char *encoding; /* iconv's name of the files' encoding; NULL:
                             the source map's, or UTF-8 (UTF-16 by its
                             byte order mark) */
    int describe;         /* gather what assess_responses_write_source()
                             writes, and tell no row's problems (they are
                             counted) */
    int comments;         /* keep the written answers to the instrument's
                             questions (score --comments, report); without
                             it their columns and rows are not looked at
                             (a long row naming a question is used, its
                             text not read) */
} assess_read_options;

ASSESS_API void assess_read_options_init(assess_read_options *opts);

/*
 * The account of every row read: rows_read = rows_used + rows_rejected,
 * and rows_rejected is the sum of rejected[] over reasons.  Header rows
 * (the header and --skip-rows) and blank lines are counted apart and are
 * not rows.  In the wide layout a row carries many answers; `answers`
 * counts the values stored (missing ones included).
 */
typedef struct assess_account {
    uint64_t rows_read;
    uint64_t rows_used;
    uint64_t rows_rejected;
    uint64_t rejected[ASSESS_REJECT_SLOTS]; /* by assess_reject */
    uint64_t header_rows;
    uint64_t blank_lines;
    uint64_t answers;
    uint64_t missing;
} assess_account;

typedef struct assess_responses assess_responses;

/*
 * A table of responses to `inst`, which must outlive it.  Files are read
 * into it one after another; ids (subjects, raters, waves) are interned
 * across files, so the same subject in two files is one subject.
 */
ASSESS_API assess_responses *assess_responses_new(
    const assess_instrument *inst, const assess_read_options *opts,
    assess_error *err);
ASSESS_API void assess_responses_free(assess_responses *resp);

/*
 * Reads one CSV file; "-" is standard input.  Rejected rows are reported
 * through the diagnostic callback and counted; the call fails only when
 * the file cannot be read as a whole (unreadable, no header, a required
 * column missing, a limit exceeded) or, with `strict`, when any row of it
 * was rejected.
 */
ASSESS_API assess_status assess_responses_read_file(assess_responses *resp,
                                                    const char *path,
                                                    assess_error *err);

/*
 * The same in pieces, for callers that hold the bytes: begin a file, feed
 * it in chunks of any size (a chunk may end anywhere, inside a quoted field
 * or a UTF-8 sequence), end it.  The result does not depend on how the
 * input was cut.
 */
ASSESS_API assess_status assess_responses_begin(assess_responses *resp,
                                                const char *name,
                                                assess_error *err);
ASSESS_API assess_status assess_responses_feed(assess_responses *resp,
                                               const void *data, size_t len,
                                               assess_error *err);
ASSESS_API assess_status assess_responses_end(assess_responses *resp,
                                              assess_error *err);

/*
 * The wave of the files begun from now on that have no wave column of
 * their own (NULL: the source map's <set name="wave">, or "1"), as
 * `--wave W` sets it for the files after it.  The text is copied.
 */
ASSESS_API assess_status assess_responses_set_wave(assess_responses *resp,
                                                   const char *wave,
                                                   assess_error *err);

/*
 * A starting source map for the first file read with `describe` set: the
 * tool, the format, every column and what it was taken as, each answer
 * and rater group seen that matched nothing (what a map would have to
 * recode), as XML for a person to edit.  Column headers, answers and
 * group names only: no id of a subject or rater, no count of anything.
 */
ASSESS_API assess_status assess_responses_write_source(
    const assess_responses *resp, FILE *out, assess_error *err);

/* The account over every file read so far. */
ASSESS_API const assess_account *assess_responses_account(
    const assess_responses *resp);

ASSESS_API size_t assess_responses_subject_count(const assess_responses *resp);
ASSESS_API size_t assess_responses_rater_count(const assess_responses *resp);
ASSESS_API size_t assess_responses_wave_count(const assess_responses *resp);
/* Response sets: one rater's answers on one subject in one wave. */
ASSESS_API size_t assess_responses_set_count(const assess_responses *resp);

ASSESS_API const char *assess_responses_wave(const assess_responses *resp,
                                             size_t index);

/*
 * A stable text dump of the table, sorted by subject, wave, rater and item,
 * one answer a line: "subject,rater,group,wave,item,value" with value empty
 * when missing and "missing:CODE" for a declared missing code.  For tests
 * and debugging; the caller frees the result with assess_free().
 */
ASSESS_API char *assess_responses_dump(const assess_responses *resp);

/* ---- Scoring ----------------------------------------------------------- */

typedef enum assess_weighting {
    ASSESS_WEIGHT_RATERS = 0, /* others: every rater counts the same */
    ASSESS_WEIGHT_GROUPS = 1  /* others: every group but self counts the same */
} assess_weighting;

typedef enum assess_norms {
    ASSESS_NORMS_INSTRUMENT = 0, /* the instrument's <norms>, if any */
    ASSESS_NORMS_COHORT = 1,     /* the subjects of the input themselves */
    ASSESS_NORMS_NONE = 2
} assess_norms;

typedef struct assess_score_options {
    double gap_threshold;       /* blind spot / hidden strength, default 0.5 */
    assess_weighting weighting; /* how `others` pools its groups */
    assess_norms norms;
    unsigned cohort_minimum;    /* --norms cohort: fewest subjects, default 30 */
    unsigned top;               /* strengths: signature strengths, default 5 */
    unsigned highlights;        /* highest and lowest items, default 5 */
    int items;                  /* item statistics and highlights (default
                                   1); without them the item table, JSON
                                   and text have no items */
    unsigned threads;           /* threads the raters' scores are computed
                                   and the CSV tables written on (default
                                   1); the bytes are the same */
    int research;               /* output for research, not protected:
                                   required by ASSESS_TABLE_RATERS (rater
                                   ids and every rater's scores) */
    unsigned digits;            /* significant digits the CSV and JSON
                                   writers print numbers with (1 to 17);
                                   0 (default): the shortest text that
                                   reads back to the same double.  Counts
                                   and whole parts are never cut */
} assess_score_options;

ASSESS_API void assess_score_options_init(assess_score_options *opts);

/*
 * Scored profiles of every subject in every wave: per rater, per rater
 * group (and `others`, `all`), per item, with anonymity minimums applied,
 * self-other gaps, norms and strengths ranks.  `resp` (and its instrument)
 * must outlive the result.  Fails with ASSESS_EUSAGE when --norms cohort
 * has fewer subjects than opts->cohort_minimum.
 */
typedef struct assess_score assess_score;

ASSESS_API assess_score *assess_score_compute(const assess_responses *resp,
                                              const assess_score_options *opts,
                                              assess_error *err);
ASSESS_API void assess_score_free(assess_score *score);

typedef enum assess_score_table {
    ASSESS_TABLE_SCALES = 0, /* subject x wave x scale x group */
    ASSESS_TABLE_ITEMS = 1,  /* subject x wave x item x group */
    ASSESS_TABLE_RATERS = 2  /* subject x rater x wave x scale: holds rater
                                ids, not for the executive's eyes; only of
                                a score computed with `research` */
} assess_score_table;

/*
 * Writers.  They format what assess_score_compute() found and compute
 * nothing.  Numbers are printed so that they read back to the same double;
 * a value that could not be computed is empty (null in JSON) with its
 * reason beside it.  They fail only when writing fails (ASSESS_EIO).
 */
ASSESS_API assess_status assess_score_write_csv(const assess_score *score,
                                                assess_score_table table,
                                                FILE *out, assess_error *err);
ASSESS_API assess_status assess_score_write_json(const assess_score *score,
                                                 FILE *out, assess_error *err);
/*
 * A summary a person can read, for one subject (NULL: every subject).
 * Fails with ASSESS_EUSAGE when the subject is not in the data.
 */
ASSESS_API assess_status assess_score_write_text(const assess_score *score,
                                                 const char *subject,
                                                 FILE *out, assess_error *err);
/*
 * The written comments the protected outputs may show, as CSV
 * (subject_id,wave,question,group,text), for one subject (NULL: every
 * subject): per subject, wave, question and group, the texts of a group
 * whose writers reach its comment-minimum, those of groups below it
 * pooled as group "others" when together they reach the largest of their
 * minimums, each group's texts in the order of their bytes; never a rater
 * id.  Of a table read with `comments` (otherwise only the header).
 * Fails with ASSESS_EUSAGE when the subject is not in the data.
 */
ASSESS_API assess_status assess_score_write_comments(const assess_score *score,
                                                     const char *subject,
                                                     FILE *out,
                                                     assess_error *err);

/* ---- Tables of statistics: agree, reliability, change ------------------- */

/*
 * One tidy table: a row per statistic, with the columns
 * subject_id,wave,scale,item,group,statistic,value,ci_low,ci_high,n,note.
 * subject_id is absent for statistics of the cohort, item for all but item
 * statistics; a value that could not be computed is absent with its reason
 * in note.  The response table a table was computed from must outlive it.
 */
typedef struct assess_table assess_table;

ASSESS_API void assess_table_free(assess_table *table);
ASSESS_API size_t assess_table_row_count(const assess_table *table);
/* Writers: they compute nothing, and fail only when writing fails. */
ASSESS_API assess_status assess_table_write_csv(const assess_table *table,
                                                FILE *out, assess_error *err);
ASSESS_API assess_status assess_table_write_json(const assess_table *table,
                                                 FILE *out, assess_error *err);

/*
 * A table written while it is computed.  With `stream` set in the options
 * of agree, reliability or change, rows go to `out` (CSV, or JSON when
 * `json`) as each subject's are done, byte for byte what the writers above
 * would write, and are not kept: the table returned holds none
 * (assess_table_row_count() still counts them).  A write error makes the
 * computation fail with ASSESS_EIO; what reached `out` is then partial.
 */
typedef struct assess_table_stream {
    FILE *out;
    int json;
    /* Instead of `out` (NULL): the rows handed to `rows` as they are
     * computed, some at a time (a subject's, or a part's), in order.
     * `batch` is a table of those rows, to read (assess_table_rows(),
     * the writers) during the call only.  A nonzero return fails the
     * computation with ASSESS_EIO. */
    int (*rows)(void *userdata, const assess_table *batch);
    void *userdata;
} assess_table_stream;

/* The null distributions for rwg of LeBreton & Senter (2008). */
typedef enum assess_rwg_null {
    ASSESS_NULL_UNIFORM = 0,
    ASSESS_NULL_SLIGHT_SKEW = 1,
    ASSESS_NULL_MODERATE_SKEW = 2,
    ASSESS_NULL_HEAVY_SKEW = 3,
    ASSESS_NULL_TRIANGULAR = 4,
    ASSESS_NULL_NORMAL = 5
} assess_rwg_null;

/* The categories kappas and AC1/AC2 weigh: those the ratings use (as R's
 * irr and psych do) or every point of the response scale. */
typedef enum assess_categories {
    ASSESS_CATEGORIES_OBSERVED = 0,
    ASSESS_CATEGORIES_SCALE = 1
} assess_categories;

typedef struct assess_agree_options {
    assess_rwg_null null;         /* --null, default uniform */
    int rwg_truncate;             /* rwg above the null's variance is 0
                                     (default 1); the formula's own value
                                     is kept beside it */
    int by_group;                 /* each shown group as well as `others` */
    const char *pair;             /* "A,B": Cohen's kappas for two groups
                                     or two rater ids; NULL for none */
    assess_categories categories;
    const assess_table_stream *stream; /* NULL: keep the rows */
    const assess_score *score;    /* assess_score_compute() of the same
                                     responses (any options), whose rater
                                     scores are used instead of computed
                                     again; NULL: computed here */
    unsigned threads;             /* threads to compute and write on
                                     (default 1); the rows are the same */
    int research;                 /* output for research, not protected:
                                     cohort statistics use every rater,
                                     withheld or not, and --pair may name
                                     rater ids (README, "Confidentiality") */
    unsigned sims;                /* above 0: rwg_j_null_p95 and
                                     rwg_j_significant from this many
                                     groups simulated under the null */
    unsigned long seed;           /* of the simulations (default 1) */
    unsigned digits;              /* as in assess_score_options */
} assess_agree_options;

ASSESS_API void assess_agree_options_init(assess_agree_options *opts);

/*
 * Rater agreement: per subject, wave, scale and group, rwg / rwg_j, awg,
 * ad_m and ad_md (withheld below the group's anonymity minimum); per wave,
 * scale and group, icc1 and icc2, the Shrout & Fleiss ICCs when raters are
 * crossed with subjects, Krippendorff's alpha in four metrics, Fleiss'
 * kappa, Gwet's AC1 and AC2, and with opts->pair Cohen's kappas.  Fails
 * with ASSESS_EUSAGE when opts->pair names no group or rater, or when
 * opts->score was computed from other responses.
 */
ASSESS_API assess_table *assess_agree_compute(const assess_responses *resp,
                                              const assess_agree_options *opts,
                                              assess_error *err);

typedef struct assess_reliability_options {
    const char *group; /* a group id or "others"; NULL: every rater */
    int pairwise;      /* covariances from pairwise-complete answers
                          instead of listwise deletion */
    const assess_table_stream *stream; /* NULL: keep the rows */
    unsigned threads;  /* threads to compute and write on (default 1); the
                          rows are the same */
    int research;      /* output for research, not protected: every rater
                          counts, withheld or not */
    const assess_score *score; /* as in assess_agree_options */
    unsigned target_items; /* above 0: alpha_spearman_brown, alpha at this
                              many items (Spearman-Brown) */
    unsigned digits;   /* as in assess_score_options */
} assess_reliability_options;

ASSESS_API void assess_reliability_options_init(assess_reliability_options *opts);

/*
 * Scale reliability per wave and scale: Cronbach's alpha with Feldt's 95%
 * interval, standardized alpha, the standard error of measurement, and per
 * item the corrected item-total correlation and alpha if deleted.  Fails
 * with ASSESS_EUSAGE when opts->group is not a group of the instrument.
 */
ASSESS_API assess_table *assess_reliability_compute(
    const assess_responses *resp, const assess_reliability_options *opts,
    assess_error *err);

/* ---- Screening for careless responding ----------------------------------- */

typedef struct assess_screen_options {
    const assess_table_stream *stream; /* NULL: keep the rows */
    unsigned threads;  /* threads to compute on (default 1); the rows are
                          the same */
    int research;      /* required: the table names raters and holds each
                          one's indices, whatever the anonymity minimums */
} assess_screen_options;

ASSESS_API void assess_screen_options_init(assess_screen_options *opts);

/*
 * Indices of careless responding per rater (response set: subject, rater,
 * wave), as a table of raters (a rater_id column after subject_id, the
 * rater's group in `group`): longstring, irv, mahalanobis_d2 with its p,
 * even_odd, and duration where the responses had a `duration` column;
 * `note` begins with "flagged" where an index passes its cut-off (README).
 * Fails with ASSESS_EUSAGE unless opts->research: rater ids and every
 * rater's answers are for research only.
 */
ASSESS_API assess_table *assess_screen_compute(const assess_responses *resp,
                                               const assess_screen_options *opts,
                                               assess_error *err);

/* ---- Change ------------------------------------------------------------- */

/*
 * Coaching goals for Goal Attainment Scaling, read from a CSV file with the
 * columns subject_id, goal_id, weight (> 0) and level (-2..+2).  The first
 * problem fails the read with its file and line.
 */
typedef struct assess_goals assess_goals;

ASSESS_API assess_goals *assess_goals_read_file(const char *path,
                                                assess_error *err);
ASSESS_API void assess_goals_free(assess_goals *goals);

typedef enum assess_match {
    ASSESS_MATCH_GROUPS = 0, /* group means at each wave, whoever rated */
    ASSESS_MATCH_RATERS = 1  /* only raters who rated at both waves */
} assess_match;

/* Where the Reliable Change Index takes its standard deviation. */
typedef enum assess_rci_sd {
    ASSESS_RCI_SD_NORM = 0,  /* the instrument's norm for the scale (and
                                group) where it has one, else the cohort */
    ASSESS_RCI_SD_COHORT = 1 /* the cohort's sd of baseline means */
} assess_rci_sd;

typedef struct assess_change_options {
    assess_match match;
    const char *pre, *post;     /* wave ids; NULL: the first and the last
                                   wave in order of appearance */
    double rci_z;               /* |RCI| beyond this is reliable (1.96) */
    double gas_rho;             /* GAS inter-goal correlation (0.3) */
    const assess_goals *goals;  /* NULL: no goals; else it must outlive
                                   the table, whose rows name its
                                   subjects */
    const assess_table_stream *stream; /* NULL: keep the rows */
    const assess_score *score;  /* as in assess_agree_options */
    unsigned threads;           /* threads to compute and write on (default
                                   1); the rows are the same */
    int research;               /* output for research, not protected: the
                                   reliability the RCI uses counts every
                                   rater, withheld or not */
    assess_rci_sd rci_sd;       /* the RCI's sd (default: the norm) */
    int waves_all;              /* every wave, not two: each wave's mean,
                                   the change from the first to each later
                                   one, and across the cohort the repeated-
                                   measures ANOVA, Friedman's test and the
                                   paired comparisons of every two waves */
    unsigned digits;            /* as in assess_score_options */
} assess_change_options;

ASSESS_API void assess_change_options_init(assess_change_options *opts);

/*
 * Before/after change, post minus pre.  Per subject, scale and group
 * (self, each group, others): pre_mean, post_mean, diff and the Reliable
 * Change Index rci with its class in note; per scale and group: n_pairs,
 * mean_diff, the paired t test, Wilcoxon's signed-rank test, d_z, d_av,
 * hedges_g, p_holm, p_bh and the counts of executives improved, unchanged
 * and deteriorated; with goals, each subject's gas_t and the cohort's mean
 * and sd.  The wave column holds "PRE->POST".  The RCI's sd is the
 * instrument's norm or the cohort's (opts->rci_sd; the row rci_sd says
 * which); where the instrument has a functional or dysfunctional norm,
 * Jacobson & Truax's cutoff and each subject's past_cutoff.  With
 * opts->waves_all every wave instead (README, "Every wave"): wave_mean per
 * wave, diff and rci from the first wave to each later one, hold_diff and
 * hold_rci from the last but one to the last, and per cohort rm_anova_f,
 * gg_epsilon, hf_epsilon, friedman_chisq and every two waves compared.
 * Fails with ASSESS_EUSAGE when a wave named in opts is not in the data,
 * pre equals post, waves_all is asked with pre, post or --match raters, or
 * opts->score was computed from other responses.
 */
ASSESS_API assess_table *assess_change_compute(const assess_responses *resp,
                                               const assess_change_options *opts,
                                               assess_error *err);

/* ---- Who a report is about ---------------------------------------------- */

/*
 * Details of the subjects (the executives), read from a CSV file with the
 * column subject_id and any of name, organisation, role, coach and email.
 * The first problem fails the read with its file and line.
 */
typedef struct assess_subjects assess_subjects;

typedef enum assess_subject_field {
    ASSESS_SUBJECT_NAME = 0,
    ASSESS_SUBJECT_ORGANISATION = 1,
    ASSESS_SUBJECT_ROLE = 2,
    ASSESS_SUBJECT_COACH = 3,
    ASSESS_SUBJECT_EMAIL = 4
} assess_subject_field;
#define ASSESS_SUBJECT_FIELDS 5

ASSESS_API assess_subjects *assess_subjects_read_file(const char *path,
                                                      assess_error *err);
ASSESS_API void assess_subjects_free(assess_subjects *subjects);
/* A subject's field, or NULL when the file does not give it. */
ASSESS_API const char *assess_subjects_get(const assess_subjects *subjects,
                                           const char *subject_id,
                                           assess_subject_field field);

/* ---- Return on investment ----------------------------------------------- */

/*
 * What a coaching programme cost and what it returned, for the Phillips
 * ROI methodology, read from CSV files (input_costs.c): costs with the
 * columns subject_id and cost (an empty subject_id: a cost of the
 * programme, spread over its subjects); benefits with subject_id,
 * benefit_id, annual_value, attribution and confidence (fractions 0..1)
 * and optionally description (an empty estimate: left out, counted).
 * The first problem fails the read with its file and line.
 */
typedef struct assess_costs assess_costs;
typedef struct assess_benefits assess_benefits;

ASSESS_API assess_costs *assess_costs_read_file(const char *path,
                                                assess_error *err);
ASSESS_API void assess_costs_free(assess_costs *costs);
ASSESS_API assess_benefits *assess_benefits_read_file(const char *path,
                                                      assess_error *err);
ASSESS_API void assess_benefits_free(assess_benefits *benefits);

/*
 * Per subject (in the order of their ids) and for the programme (a row
 * with no subject_id): cost, adjusted_benefits (each annual value times
 * its attribution and confidence), net_benefits, roi_percent (net /
 * cost x 100), bcr (benefits / cost) and n_benefits_left_out.  The table
 * has no instrument; its subject ids are those of `costs` and
 * `benefits`, which must outlive it.  `benefits` may be NULL.  Fails only
 * when out of memory.
 */
ASSESS_API assess_table *assess_roi_compute(const assess_costs *costs,
                                            const assess_benefits *benefits,
                                            assess_error *err);

/* ---- Reports ------------------------------------------------------------ */

/*
 * A report per subject for the executive: one self-contained HTML page
 * (inline CSS and SVG, no scripts, nothing fetched) and an index of the
 * batch.  A report shows what the score, agree and change results hold for
 * the subject and nothing they withhold: no rater id, no count or value of
 * a group below its anonymity minimum.
 */
typedef struct assess_report assess_report;

typedef struct assess_report_options {
    double agree_cutoff; /* others' rwg_j shown beside the agreement cue
                            is called high at or above it (default 0.70);
                            the cue itself rests on ad_m (README) */
    const assess_subjects *subjects; /* names and details; NULL: ids */
    const char *made_on;   /* the date the reports were made, as shown on
                              the cover (YYYY-MM-DD); NULL: not shown */
    const assess_goals *goals; /* the goals given, for the development
                                  page; NULL: none */
    unsigned cohort_minimum; /* the cohort report shows a scale only for
                                this many executives or more (default 5) */
    const assess_table *roi; /* assess_roi_compute()'s table: the outcome
                                section (the executive's figures, the
                                programme's in the cohort report); NULL:
                                none.  It must outlive the report. */
    const assess_benefits *benefits; /* the benefits `roi` was computed
                                from, each listed; NULL: none listed */
} assess_report_options;

ASSESS_API void assess_report_options_init(assess_report_options *opts);

/*
 * Gathers the reports of every subject of `score` (computed with item
 * statistics for the item highlights).  `agree` (from assess_agree_compute)
 * and `change` (from assess_change_compute) may be NULL: their sections are
 * then left out.  Everything passed must outlive the report.  Fails only
 * when out of memory.
 */
ASSESS_API assess_report *assess_report_new(const assess_score *score,
                                            const assess_table *agree,
                                            const assess_table *change,
                                            const assess_report_options *opts,
                                            assess_error *err);
ASSESS_API void assess_report_free(assess_report *report);

/* The subjects, in the order of the score results. */
ASSESS_API size_t assess_report_count(const assess_report *report);
ASSESS_API const char *assess_report_subject(const assess_report *report,
                                             size_t i);
/*
 * The file name of subject i's report: the subject id with every byte
 * outside [A-Za-z0-9._-] replaced by '_', a leading '.' too, and "-2",
 * "-3", ... appended where names would clash (case aside) with one another
 * or with "index.html"; always ends in ".html", never holds a '/'.
 */
ASSESS_API const char *assess_report_file(const assess_report *report,
                                          size_t i);

/* Writers: they compute nothing, and fail only when writing fails. */
ASSESS_API assess_status assess_report_write_html(const assess_report *report,
                                                  size_t i, FILE *out,
                                                  assess_error *err);
/* The index: every subject's report linked, with a one-line summary. */
ASSESS_API assess_status assess_report_write_index(const assess_report *report,
                                                   FILE *out,
                                                   assess_error *err);
/*
 * The cohort report, for the programme's sponsor: per scale, how others'
 * averages spread across the executives and each group's mean, and with
 * two waves the cohort's change; no executive named, and a scale shown
 * only for opts.cohort_minimum executives or more.
 */
ASSESS_API assess_status assess_report_write_cohort(const assess_report *report,
                                                    FILE *out,
                                                    assess_error *err);

/* ---- Rows: every table, cell by cell ------------------------------------ */

/*
 * The types of columns and cells.  A cell is of its column's type, or
 * ASSESS_TYPE_NULL where the CSV has an empty field: a value that could
 * not be computed or is withheld (its reason in the row's reason or
 * note), a key that does not apply (subject_id of a cohort statistic).
 */
typedef enum assess_type {
    ASSESS_TYPE_NULL = 0,
    ASSESS_TYPE_TEXT = 1,
    ASSESS_TYPE_INTEGER = 2,
    ASSESS_TYPE_REAL = 3,
    ASSESS_TYPE_BOOLEAN = 4  /* read with assess_rows_integer(): 0 or 1 */
} assess_type;

/*
 * The rows of a table, with the CSV writers' columns in their order:
 * what a program embedding the library reads instead of parsing CSV.
 * Rows are worked out as they are read, a subject at a time, so reading
 * them in order costs no more memory than writing them.  A handle is for
 * one thread at a time; strings it returns live as long as it does.
 */
typedef struct assess_rows assess_rows;

/* A score table's rows (ASSESS_TABLE_RATERS only of a score computed with
 * `research`, as assess_score_write_csv()).  `score` must outlive them. */
ASSESS_API assess_rows *assess_score_rows(const assess_score *score,
                                          assess_score_table table,
                                          assess_error *err);
/* A table's rows; ASSESS_EUSAGE for a table whose rows were streamed
 * rather than kept.  `table` must outlive them. */
ASSESS_API assess_rows *assess_table_rows(const assess_table *table,
                                          assess_error *err);
ASSESS_API void assess_rows_free(assess_rows *rows);

/* What the table is: "scores", "items", "raters" (score's tables),
 * "agree", "reliability" or "change": the name its SQLite table has. */
ASSESS_API const char *assess_rows_name(const assess_rows *rows);
ASSESS_API size_t assess_rows_count(const assess_rows *rows);
ASSESS_API size_t assess_rows_column_count(const assess_rows *rows);
/* NULL (ASSESS_TYPE_NULL) for a column past the end. */
ASSESS_API const char *assess_rows_column_name(const assess_rows *rows,
                                               size_t col);
ASSESS_API assess_type assess_rows_column_type(const assess_rows *rows,
                                               size_t col);

/* A cell's type: its column's, or ASSESS_TYPE_NULL (also for a row or
 * column past the end). */
ASSESS_API assess_type assess_rows_type(assess_rows *rows, size_t row,
                                        size_t col);
/* A text cell; NULL for any other. */
ASSESS_API const char *assess_rows_text(assess_rows *rows, size_t row,
                                        size_t col);
/* An integer or boolean cell; 0 for any other. */
ASSESS_API int64_t assess_rows_integer(assess_rows *rows, size_t row,
                                       size_t col);
/* A real or integer cell as a double; 0 for any other. */
ASSESS_API double assess_rows_real(assess_rows *rows, size_t row, size_t col);

/* ---- Writing to a function or to memory --------------------------------- */

/*
 * A FILE * for the writers above that hands what they write to a
 * caller's function, or gathers it in memory: every writer that takes a
 * FILE * can then write to either.  `write` gets the bytes in order, in
 * pieces of any size, and returns 0, or nonzero to fail the write (the
 * writer then returns ASSESS_EIO).  Not on every C library: NULL with
 * ASSESS_EUSAGE where the C library cannot make such streams (glibc and
 * the BSDs can).
 */
typedef int (*assess_write_fn)(void *userdata, const char *data, size_t len);

typedef struct assess_out assess_out;

ASSESS_API assess_out *assess_out_callback(assess_write_fn write,
                                           void *userdata, assess_error *err);
ASSESS_API assess_out *assess_out_memory(assess_error *err);
/* The stream to give a writer. */
ASSESS_API FILE *assess_out_file(assess_out *out);
/*
 * Memory: what has been written so far, *len bytes and a NUL after them,
 * handed to the caller (free it with assess_free()); the memory starts
 * empty again.  NULL for a callback output or when out of memory.
 */
ASSESS_API char *assess_out_take(assess_out *out, size_t *len);
/* Flushes and closes the stream: ASSESS_EIO when a write failed. */
ASSESS_API assess_status assess_out_close(assess_out *out, assess_error *err);

/* ---- Results in SQLite --------------------------------------------------- */

/*
 * A results database: SQLite, one file that keeps every run.  Each run
 * adds a row to `runs` (run_id, time, assess_version, command,
 * command_line, instrument_id, instrument_version), one to `run_files` for
 * each file it read (run_id, role, file, bytes, sha256), and its rows to
 * the tables it writes, named by assess_rows_name() (scores, items,
 * raters, agree, reliability, change), columns as in the CSV after a
 * run_id.  Tables are made when first needed, their indexes (on run_id,
 * and on subject_id, wave and scale) when the run is committed.  The
 * whole run is one transaction: until assess_db_commit() nothing is
 * visible to others, and a run closed without it leaves the file as it
 * was.
 */
typedef struct assess_db assess_db;

typedef struct assess_run_file {
    const char *role; /* "instrument", "responses", "goals", ... */
    const char *path; /* "-": standard input, recorded without size or
                         hash */
} assess_run_file;

typedef struct assess_run_info {
    const char *command;   /* "run", "score", ... */
    const char *command_line; /* how the run was asked for, for the
                              record: "assess run -i ..." */
    const assess_instrument *inst;
    const assess_run_file *files;
    size_t n_files;
} assess_run_info;

/*
 * Opens or creates the database at `path` and begins a run in it,
 * hashing each of run->files (SHA-256) for the record.  Waits up to 30
 * seconds for another process writing to the same file.  NULL with
 * ASSESS_EIO when the file cannot be opened, is not an assess results
 * database, or a file of the run cannot be read.
 */
ASSESS_API assess_db *assess_db_open(const char *path,
                                     const assess_run_info *run,
                                     assess_error *err);
/* The run's run_id. */
ASSESS_API int64_t assess_db_run_id(const assess_db *db);
/*
 * Adds every row of `rows` to its table, run_id first.  Safe to call
 * from several threads at once (calls are taken one at a time), as
 * assess_table_stream's `rows` does for the analyses of `assess run`.
 */
ASSESS_API assess_status assess_db_write(assess_db *db, assess_rows *rows,
                                         assess_error *err);
/* The same for the rows of a table (a batch of a stream too). */
ASSESS_API assess_status assess_db_write_table(assess_db *db,
                                               const assess_table *table,
                                               assess_error *err);
/* Commits the run: ASSESS_EIO when it cannot be. */
ASSESS_API assess_status assess_db_commit(assess_db *db, assess_error *err);
/* Closes the database, rolling back a run not committed. */
ASSESS_API void assess_db_close(assess_db *db);

/* ---- Reports as PDF ------------------------------------------------------ */

/*
 * The same reports as PDF, drawn from the same gathered report as the HTML
 * and holding what it shows, in the same words: text laid out by Pango in
 * DejaVu Sans (found through fontconfig), real and searchable, with a
 * cover, the executive's name at the head of every page after it, "page
 * N of M" at every foot, no chart or table split across pages where it
 * fits on one, bookmarks per section, and metadata (title; author, the
 * coach where given; subject; the creation date, opts.made_on of the
 * report where it is a date, so that a run can be repeated byte for
 * byte).  The writers may run on several threads at once, each writing
 * its own document.  They fail only when writing fails (ASSESS_EIO).
 */
typedef enum assess_paper {
    ASSESS_PAPER_A4 = 0,    /* 210 x 297 mm (the default) */
    ASSESS_PAPER_LETTER = 1 /* 8.5 x 11 in */
} assess_paper;

typedef struct assess_pdf_options {
    assess_paper paper;
} assess_pdf_options;

ASSESS_API void assess_pdf_options_init(assess_pdf_options *opts);

/* Subject i's PDF: assess_report_file()'s name with ".pdf" for ".html". */
ASSESS_API const char *assess_report_pdf_file(const assess_report *report,
                                              size_t i);

/* opts NULL: the defaults. */
ASSESS_API assess_status assess_report_write_pdf(const assess_report *report,
                                                 size_t i, FILE *out,
                                                 const assess_pdf_options *opts,
                                                 assess_error *err);
/* The index, linking each executive's PDF and cohort.pdf. */
ASSESS_API assess_status
assess_report_write_index_pdf(const assess_report *report, FILE *out,
                              const assess_pdf_options *opts,
                              assess_error *err);
ASSESS_API assess_status
assess_report_write_cohort_pdf(const assess_report *report, FILE *out,
                               const assess_pdf_options *opts,
                               assess_error *err);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_H */
