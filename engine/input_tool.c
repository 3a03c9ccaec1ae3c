/*
 * input_tool.c - the survey tools' exports as they come, from the tools'
 * documented formats:
 *
 * - Qualtrics (Data & Analysis, "Export data", CSV or TSV, numeric values
 *   or choice text): three header rows, the field names (StartDate,
 *   EndDate, Status, IPAddress, Progress, Duration (in seconds), Finished,
 *   RecordedDate, ResponseId, Recipient..., ExternalReference, Location...,
 *   DistributionChannel, UserLanguage, then the questions: Q1_1 for a
 *   matrix's first statement), the question text ("Rate ... - statement")
 *   and {"ImportId":"QID1_1"} (older exports had no third row).  Finished
 *   is 1 or 0 (True or False in a text export); Status is the response
 *   type: 0 IP Address and 4 Imported, 16 Offline, 32 EX and 36 Imported
 *   in EX projects, are responses; 1 Survey Preview, 2 Survey Test, 8 Spam,
 *   9 Preview Spam, 12 Imported Spam and 17 Offline Survey Preview are not.
 * - SurveyMonkey ("All responses data", CSV, expanded): two header rows;
 *   row 1 holds Respondent ID, Collector ID, Start Date, End Date, IP
 *   Address, Email Address, First Name, Last Name, Custom Data 1 and each
 *   question's text, once, over all its columns; row 2 "Response" for a
 *   question of one column, a matrix's statements under its text.  No
 *   mark of completion: partial responses are left out at the export.
 * - LimeSurvey (Responses, Export, CSV): one header row of question codes
 *   (id, submitdate, lastpage, startlanguage, seed, token, startdate,
 *   datestamp, ..., Q1[SQ001]) or of full text (Response ID, Date
 *   submitted, ..., "question [subquestion]"); an empty submitdate is a
 *   response not submitted.
 * - Google Forms (the responses' CSV): Timestamp, Email Address when
 *   collected, then each question's text, "question [row]" for a grid; no
 *   response id.
 */
#include "input_tool.h"

#include <string.h>
#include <strings.h>

typedef struct tool_def {
    assess_tool tool;
    const char *title;
    unsigned text_rows;
    int merges_rows;
    int names_rows;
    const char *const *response_id; /* NULL-terminated */
    const char *const *metadata;
    const char *const *metadata_prefix;
    const char *const *finished, *const *status, *const *submitted;
    const char *marks_wanted;
} tool_def;

static const char *const no_names[] = { NULL };

static const char *const qualtrics_id[] = { "ResponseId", "ResponseID",
                                            "_recordId", NULL };
static const char *const qualtrics_metadata[] = {
    "StartDate", "EndDate", "Status", "IPAddress", "Progress",
    "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
    "ResponseID", "_recordId", "ResponseSet", "RecipientLastName",
    "RecipientFirstName", "RecipientEmail", "ExternalReference",
    "ExternalDataReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", NULL
};
static const char *const qualtrics_prefix[] = {
    "Q_Recaptcha", "Q_RelevantID", "Q_BallotBoxStuffing", "Q_TotalDuration",
    "Q_DuplicateRespondent", "Q_URL", "Q_Language", "Q_CHL",
    "Q_StraightlinerCount", "Q_StraightlinerPercentage",
    "Q_UnansweredPercentage", "Q_UnansweredQuestions", NULL
};
static const char *const qualtrics_finished[] = { "Finished", NULL };
static const char *const qualtrics_status[] = { "Status", NULL };

static const char *const monkey_id[] = { "Respondent ID", NULL };
static const char *const monkey_metadata[] = {
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
    "Email Address", "First Name", "Last Name", NULL
};
static const char *const monkey_prefix[] = { "Custom Data", NULL };

static const char *const lime_id[] = { "id", "Response ID", NULL };
static const char *const lime_metadata[] = {
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
    "startdate", "datestamp", "ipaddr", "refurl", "interviewtime",
    "Response ID", "Date submitted", "Last page", "Start language", "Seed",
    "Token", "Date started", "Date last action", "IP address",
    "Referrer URL", "Total time", NULL
};
static const char *const lime_prefix[] = { "groupTime", "Group time", NULL };
static const char *const lime_submitted[] = { "submitdate", "Date submitted",
                                              NULL };

static const char *const forms_metadata[] = { "Timestamp", "Email Address",
                                              "Email address", "Score",
                                              NULL };

static const tool_def tools[] = {
    { ASSESS_TOOL_CSV, "a CSV file", 0, 0, 0, no_names, no_names, no_names,
      no_names, no_names, no_names, NULL },
    { ASSESS_TOOL_QUALTRICS, "Qualtrics", 1, 0, 0, qualtrics_id,
      qualtrics_metadata, qualtrics_prefix, qualtrics_finished,
      qualtrics_status, no_names, "'Finished' and 'Status'" },
    { ASSESS_TOOL_SURVEYMONKEY, "SurveyMonkey", 1, 1, 0, monkey_id,
      monkey_metadata, monkey_prefix, no_names, no_names, no_names, NULL },
    { ASSESS_TOOL_LIMESURVEY, "LimeSurvey", 0, 0, 0, lime_id, lime_metadata,
      lime_prefix, no_names, no_names, lime_submitted, "'submitdate'" },
    { ASSESS_TOOL_GOOGLE_FORMS, "Google Forms", 0, 0, 1, no_names,
      forms_metadata, no_names, no_names, no_names, no_names, NULL },
};

static const tool_def *def(assess_tool tool)
{
    for (size_t i = 0; i < sizeof tools / sizeof *tools; i++)
        if (tools[i].tool == tool)
            return &tools[i];
    return &tools[0];
}

static int among(const char *const *names, const char *s)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return 1;
    return 0;
}

static int begins_with_one_of(const char *const *prefixes, const char *s)
{
    for (size_t i = 0; prefixes[i]; i++)
        if (strncmp(prefixes[i], s, strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Whether the header holds a field of that text. */
static int has(char *const *names, const size_t *lens, size_t n,
               const char *want)
{
    size_t len = strlen(want);
    for (size_t i = 0; i < n; i++)
        if (lens[i] == len && memcmp(names[i], want, len) == 0)
            return 1;
    return 0;
}

assess_tool tool_detect(char *const *names, const size_t *lens, size_t n)
{
    /* Qualtrics: its response id beside one of its other fields. */
    if ((has(names, lens, n, "ResponseId") || has(names, lens, n, "ResponseID") ||
         has(names, lens, n, "_recordId")) &&
        (has(names, lens, n, "StartDate") || has(names, lens, n, "Finished") ||
         has(names, lens, n, "Status") || has(names, lens, n, "RecordedDate")))
        return ASSESS_TOOL_QUALTRICS;
    if (has(names, lens, n, "Respondent ID") &&
        has(names, lens, n, "Collector ID"))
        return ASSESS_TOOL_SURVEYMONKEY;
    if ((has(names, lens, n, "id") && has(names, lens, n, "submitdate")) ||
        (has(names, lens, n, "Response ID") &&
         has(names, lens, n, "Date submitted")))
        return ASSESS_TOOL_LIMESURVEY;
    if (n > 0 && lens[0] == 9 && memcmp(names[0], "Timestamp", 9) == 0 &&
        !has(names, lens, n, "rater_id"))
        return ASSESS_TOOL_GOOGLE_FORMS;
    return ASSESS_TOOL_CSV;
}

const char *tool_title(assess_tool tool)
{
    return def(tool)->title;
}

unsigned tool_text_rows(assess_tool tool)
{
    return def(tool)->text_rows;
}

int tool_merges_rows(assess_tool tool)
{
    return def(tool)->merges_rows;
}

int tool_import_id_row(assess_tool tool, char *const *fields,
                       const size_t *lens, size_t n)
{
    static const char mark[] = "{\"ImportId\"";
    if (tool != ASSESS_TOOL_QUALTRICS || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lens[i] >= sizeof mark - 1 &&
            memcmp(fields[i], mark, sizeof mark - 1) == 0)
            return 1;
    return 0;
}

int tool_metadata(assess_tool tool, const char *name)
{
    const tool_def *d = def(tool);
    return among(d->metadata, name) || begins_with_one_of(d->metadata_prefix,
                                                          name);
}

int tool_response_id(assess_tool tool, const char *name)
{
    return among(def(tool)->response_id, name);
}

int tool_names_rows(assess_tool tool)
{
    return def(tool)->names_rows;
}

tool_mark tool_mark_of(assess_tool tool, const char *name)
{
    const tool_def *d = def(tool);
    if (among(d->finished, name))
        return MARK_FINISHED;
    if (among(d->status, name))
        return MARK_STATUS;
    if (among(d->submitted, name))
        return MARK_SUBMITTED;
    return MARK_NONE;
}

const char *tool_marks_wanted(assess_tool tool)
{
    return def(tool)->marks_wanted;
}

static int same(const char *s, size_t len, const char *t)
{
    return strlen(t) == len && strncasecmp(s, t, len) == 0;
}

/* Whether s holds `word`, regardless of case. */
static int holds(const char *s, size_t len, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= len; i++)
        if (strncasecmp(s + i, word, w) == 0)
            return 1;
    return 0;
}

assess_reject tool_mark_check(tool_mark mark, const char *s, size_t len,
                              const char **why)
{
    static const char *const responses[] = { "0", "4", "16", "32", "36",
                                             "IP Address", "Imported",
                                             "Offline", "EX", NULL };
    static const struct { const char *code, *why; } previews[] = {
        { "1", "a survey preview" },       { "2", "a survey test" },
        { "8", "spam" },                   { "9", "spam of a preview" },
        { "12", "imported spam" },         { "17", "an offline survey preview" },
    };

    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    *why = NULL;
    switch (mark) {
    case MARK_FINISHED:
        if (same(s, len, "1") || same(s, len, "true"))
            return ASSESS_REJECT_NONE;
        *why = same(s, len, "0") || same(s, len, "false")
                   ? "not finished"
                   : "not marked finished (Finished is neither 1 nor 0)";
        return ASSESS_REJECT_UNFINISHED;
    case MARK_STATUS:
        for (size_t i = 0; responses[i]; i++)
            if (same(s, len, responses[i]))
                return ASSESS_REJECT_NONE;
        for (size_t i = 0; i < sizeof previews / sizeof *previews; i++)
            if (same(s, len, previews[i].code)) {
                *why = previews[i].why;
                return ASSESS_REJECT_PREVIEW;
            }
        if (holds(s, len, "preview"))
            *why = "a survey preview";
        else if (holds(s, len, "test"))
            *why = "a survey test";
        else if (holds(s, len, "spam"))
            *why = "spam";
        else
            *why = "of a status that is not a response's (IP Address, "
                   "Imported, Offline, EX; 0, 4, 16, 32, 36)";
        return ASSESS_REJECT_PREVIEW;
    case MARK_SUBMITTED:
        if (len)
            return ASSESS_REJECT_NONE;
        *why = "not submitted";
        return ASSESS_REJECT_UNFINISHED;
    case MARK_NONE:
        break;
    }
    return ASSESS_REJECT_NONE;
}

const char *assess_tool_name(assess_tool tool)
{
    switch (tool) {
    case ASSESS_TOOL_AUTO:
        return "auto";
    case ASSESS_TOOL_CSV:
        return "csv";
    case ASSESS_TOOL_QUALTRICS:
        return "qualtrics";
    case ASSESS_TOOL_SURVEYMONKEY:
        return "surveymonkey";
    case ASSESS_TOOL_LIMESURVEY:
        return "limesurvey";
    case ASSESS_TOOL_GOOGLE_FORMS:
        return "google-forms";
    }
    return NULL;
}
