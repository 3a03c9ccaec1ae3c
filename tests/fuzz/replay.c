/*
 * replay.c - runs a fuzz harness on saved inputs, without libFuzzer: the
 * inputs under tests/fuzz/regressions/ in `make test`, so that what the
 * fuzzer once found stays fixed.
 *
 *   replay_NAME FILE|DIR...
 *
 * A directory stands for its files, in name order.  A harness stops the
 * run with abort() (or a sanitizer's report) when a check fails; the
 * input is named on standard error.  Replaying nothing is a failure too:
 * a replay that cannot fail would not be a test.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static const char *current; /* the input being replayed */

static void on_fatal(int sig)
{
    static const char what[] = "replay: this input failed: ";
    if (current) {
        (void)!write(2, what, sizeof what - 1);
        (void)!write(2, current, strlen(current));
        (void)!write(2, "\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads a whole file; NULL when it cannot be read. */
static uint8_t *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;

    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (len == cap) {
            uint8_t *p = realloc(data, cap ? cap * 2 : 65536);
            if (!p)
                goto fail;
            data = p;
            cap = cap ? cap * 2 : 65536;
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    *size = len;
    return data;
fail:
    free(data);
    fclose(f);
    return NULL;
}

/* Replays one file; -1 when it cannot be read. */
static int replay_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = slurp(path, &size);

    if (!data) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        return -1;
    }
    current = path;
    LLVMFuzzerTestOneInput(data, size);
    current = NULL;
    free(data);
    return 0;
}

static int not_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    static const int fatal[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
    unsigned long replayed = 0;
    int failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (size_t k = 0; k < sizeof fatal / sizeof *fatal; k++)
        signal(fatal[k], on_fatal);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        struct dirent **names = NULL;
        int n;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: cannot open\n", argv[i]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= replay_file(argv[i]) != 0;
            replayed++;
            continue;
        }
        n = scandir(argv[i], &names, not_hidden, alphasort);
        if (n < 0) {
            fprintf(stderr, "replay: %s: cannot list\n", argv[i]);
            failed = 1;
            continue;
        }
        for (int k = 0; k < n; k++) {
            size_t len = strlen(argv[i]) + strlen(names[k]->d_name) + 2;
            char *path = malloc(len);
            if (!path) {
                failed = 1;
            } else {
                snprintf(path, len, "%s/%s", argv[i], names[k]->d_name);
                failed |= replay_file(path) != 0;
                replayed++;
                free(path);
            }
            free(names[k]);
        }
        free(names);
    }
    if (replayed == 0) {
        fprintf(stderr, "replay: no inputs\n");
        return 1;
    }
    printf("%s: %lu input%s replayed%s\n", argv[0], replayed,
           replayed == 1 ? "" : "s", failed ? ", some unreadable" : "");
    return failed;
}
