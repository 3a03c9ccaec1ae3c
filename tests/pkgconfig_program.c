/*
 * A program of a user's, built by tests/run-installcheck.sh against the
 * installed library as pkg-config describes it (`cc $(pkg-config --cflags
 * libassess) pkgconfig_program.c $(pkg-config --libs libassess)`), and run
 * against the shared library it was linked with:
 *
 *     pkgconfig_program INSTRUMENT RESPONSES
 *
 * INSTRUMENT is a file or an id.  Writes the scale table as `assess score`
 * does, and says on standard error which library it ran with.  Exits 1
 * when the library's version is not the header's, 2 on any failure.
 */
#include <stdio.h>
#include <string.h>

#include <assess.h>

int main(int argc, char **argv)
{
    assess_instrument *inst = NULL;
    assess_responses *resp = NULL;
    assess_score *score = NULL;
    assess_score_options so;
    assess_error err;
    char *path = NULL;
    int rc = 2;

    if (argc != 3) {
        fprintf(stderr, "usage: pkgconfig_program INSTRUMENT RESPONSES\n");
        return 2;
    }
    if (assess_version_num() != ASSESS_VERSION_NUM ||
        strcmp(assess_version(), ASSESS_VERSION) != 0) {
        fprintf(stderr, "built with assess.h %s, runs with libassess %s\n",
                ASSESS_VERSION, assess_version());
        return 1;
    }
    fprintf(stderr, "libassess %s\n", assess_version());
    assess_error_init(&err);
    if (!(path = assess_instrument_find(argv[1], &err)) ||
        !(inst = assess_instrument_load(path, NULL, NULL, &err)) ||
        !(resp = assess_responses_new(inst, NULL, &err)) ||
        assess_responses_read_file(resp, argv[2], &err) != ASSESS_OK)
        goto out;
    assess_score_options_init(&so);
    so.items = 0;
    if (!(score = assess_score_compute(resp, &so, &err)) ||
        assess_score_write_csv(score, ASSESS_TABLE_SCALES, stdout, &err) !=
            ASSESS_OK)
        goto out;
    rc = fflush(stdout) == 0 ? 0 : 2;
out:
    if (rc == 2 && err.message[0])
        fprintf(stderr, "%s: %s\n", err.file[0] ? err.file : "libassess",
                err.message);
    assess_score_free(score);
    assess_responses_free(resp);
    assess_instrument_free(inst);
    assess_free(path);
    return rc;
}
