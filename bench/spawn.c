/* spawn REPORT COMMAND [ARG...]: run COMMAND, then write one line to the file REPORT:
 *
 *     <wall s> <user CPU s> <system CPU s> <peak RSS KiB> <exit code>
 *
 * Why a separate C program: on Linux a child's ru_maxrss includes the memory of the
 * process it was forked (or vforked / posix_spawned) from, recorded when it calls exec.
 * Forked from the ~50 MB benchmark process, every command would peak at >= 50 MB.
 * Forked from this launcher (about 1 MB), each command reports its own peak.
 * CPU and RSS cover the command and every child it waited for (its workers).
 * An exit code above 128 means the command died of signal (code - 128).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval t) { return (double)t.tv_sec + t.tv_usec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spawn REPORT COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("spawn: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("spawn: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror(argv[1]);
        return 2;
    }
    fprintf(report, "%.6f %.6f %.6f %ld %d\n", wall, seconds(usage.ru_utime),
            seconds(usage.ru_stime), usage.ru_maxrss, code);
    return fclose(report) == 0 ? 0 : 2;
}
