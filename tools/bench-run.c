/*
 * bench-run - runs a command several times and prints the median wall
 * time in seconds and the largest peak resident memory in KiB of its
 * runs, as "SECONDS KIB".  The command's standard output goes to
 * /dev/null; a run that fails stops the benchmark.
 *
 *   bench-run RUNS COMMAND [ARGS...]
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    double times[64];
    long runs, peak = 0;
    char *end;

    if (argc < 3) {
        fputs("usage: bench-run RUNS COMMAND [ARGS...]\n", stderr);
        return 2;
    }
    runs = strtol(argv[1], &end, 10);
    if (*end || runs < 1 || runs > 64) {
        fputs("bench-run: RUNS is 1 to 64\n", stderr);
        return 2;
    }
    for (long r = 0; r < runs; r++) {
        struct timespec t0, t1;
        struct rusage ru;
        int status;
        pid_t pid;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid = fork();
        if (pid < 0) {
            perror("bench-run: fork");
            return 2;
        }
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0)
                dup2(fd, STDOUT_FILENO);
            execvp(argv[2], argv + 2);
            fprintf(stderr, "bench-run: %s: %s\n", argv[2], strerror(errno));
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) < 0) {
            perror("bench-run: wait4");
            return 2;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "bench-run: %s failed (status %d)\n", argv[2],
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return 1;
        }
        times[r] = (double)(t1.tv_sec - t0.tv_sec) +
                   (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
        if (ru.ru_maxrss > peak)
            peak = ru.ru_maxrss;
    }
    qsort(times, (size_t)runs, sizeof *times, compare);
    printf("%.3f %ld\n",
           runs % 2 ? times[runs / 2]
                    : (times[runs / 2 - 1] + times[runs / 2]) / 2,
           peak);
    return 0;
}
