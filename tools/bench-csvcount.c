/*
 * bench-csvcount - the floor of `make bench`: parses CSV files with libcsv
 * and does nothing but count fields and records.  Any reader built on
 * libcsv takes at least this long.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void on_field(void *data, size_t len, void *counts)
{
    (void)data;
    (void)len;
    ((unsigned long long *)counts)[0]++;
}

static void on_record(int end, void *counts)
{
    (void)end;
    ((unsigned long long *)counts)[1]++;
}

int main(int argc, char **argv)
{
    static char buf[1 << 16];
    unsigned long long counts[2] = { 0, 0 };
    struct csv_parser p;

    if (argc < 2) {
        fputs("usage: bench-csvcount FILE...\n", stderr);
        return 2;
    }
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        size_t n;

        if (!f) {
            fprintf(stderr, "bench-csvcount: %s: %s\n", argv[a], strerror(errno));
            return 1;
        }
        if (csv_init(&p, CSV_APPEND_NULL) != 0)
            return 2;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            if (csv_parse(&p, buf, n, on_field, on_record, counts) != n) {
                fprintf(stderr, "bench-csvcount: %s: %s\n", argv[a],
                        csv_strerror(csv_error(&p)));
                return 1;
            }
        csv_fini(&p, on_field, on_record, counts);
        csv_free(&p);
        fclose(f);
    }
    printf("%llu fields, %llu records\n", counts[0], counts[1]);
    return 0;
}
