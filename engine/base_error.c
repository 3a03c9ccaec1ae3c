#include "base_error.h"
#include "base_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *assess_strerror(assess_status status)
{
    switch (status) {
    case ASSESS_OK:          return "no error";
    case ASSESS_ENOMEM:      return "out of memory";
    case ASSESS_EIO:         return "input/output error";
    case ASSESS_EUSAGE:      return "invalid argument";
    case ASSESS_EINSTRUMENT: return "invalid instrument";
    case ASSESS_EFORMAT:     return "unreadable response file";
    case ASSESS_EDATA:       return "rejected rows";
    case ASSESS_ELIMIT:      return "limit exceeded";
    }
    return "unknown error";
}

const char *assess_reject_name(assess_reject reason)
{
    static const char *const names[ASSESS_REJECT__COUNT] = {
        [ASSESS_REJECT_NONE] = "none",
        [ASSESS_REJECT_COLUMN_COUNT] = "column_count",
        [ASSESS_REJECT_MISSING_ID] = "missing_id",
        [ASSESS_REJECT_BAD_TEXT] = "bad_text",
        [ASSESS_REJECT_UNKNOWN_ITEM] = "unknown_item",
        [ASSESS_REJECT_UNKNOWN_GROUP] = "unknown_group",
        [ASSESS_REJECT_GROUP_CONFLICT] = "group_conflict",
        [ASSESS_REJECT_NOT_A_NUMBER] = "not_a_number",
        [ASSESS_REJECT_NOT_WHOLE] = "not_whole",
        [ASSESS_REJECT_OUT_OF_RANGE] = "out_of_range",
        [ASSESS_REJECT_DUPLICATE] = "duplicate",
        [ASSESS_REJECT_UNFINISHED] = "unfinished",
        [ASSESS_REJECT_PREVIEW] = "preview",
        [ASSESS_REJECT_FILTERED] = "filtered",
        [ASSESS_REJECT_SECOND_SELF] = "second_self",
        [ASSESS_REJECT_SCREENED] = "screened",
    };
    if ((unsigned)reason >= ASSESS_REJECT__COUNT)
        return "unknown";
    return names[reason];
}

int assess_reject_left_out(assess_reject reason)
{
    return reason == ASSESS_REJECT_UNFINISHED ||
           reason == ASSESS_REJECT_PREVIEW || reason == ASSESS_REJECT_FILTERED ||
           reason == ASSESS_REJECT_SCREENED;
}

void assess_error_init(assess_error *err)
{
    memset(err, 0, sizeof *err);
}

assess_status error_set(assess_error *err, assess_status status,
                        const char *file, unsigned long line,
                        const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void diag_emit(diag_sink *sink, assess_severity severity, const char *file,
               unsigned long line, assess_reject reason, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    assess_diag d;

    /* Notes count with the warnings: whoever asks whether anything was
     * told (a part read on another thread) must hear of them too. */
    if (severity == ASSESS_ERROR)
        sink->errors++;
    else
        sink->warnings++;
    if (!sink->fn)
        return;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    d.severity = severity;
    d.file = file;
    d.line = line;
    d.reason = reason;
    d.message = message;
    sink->fn(&d, sink->userdata);
}

char *quote_text(char *buf, size_t size, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i = 0;

    while (i < len && i < 60 && o + 8 < size) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c >= 0x80 ? utf8_sequence((const unsigned char *)s + i,
                                             len - i) : 1;
        if (c >= 0x80 && n > 0) {
            memcpy(buf + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        if (c >= 0x20 && c != 0x7f && c < 0x80) {
            buf[o++] = (char)c;
        } else {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        }
        i++;
    }
    if (i < len && o + 4 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

char *one_line_text(char *buf, size_t size, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s), o = 0;
    int space = 0;

    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c >= 0x80 ? utf8_sequence((const unsigned char *)s + i,
                                             len - i) : 1;
        if (c < 0x20 || c == 0x7f || c == ' ') {
            space = o > 0;
            i++;
            continue;
        }
        if (o + (size_t)space + (n ? n : 4) + 1 > size)
            break;
        if (space)
            buf[o++] = ' ';
        space = 0;
        if (n == 0) {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
            i++;
            continue;
        }
        memcpy(buf + o, s + i, n);
        o += n;
        i += n;
    }
    buf[o] = '\0';
    return buf;
}
