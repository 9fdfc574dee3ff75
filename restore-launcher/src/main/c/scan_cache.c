/*
 * The native client's scan verdicts, kept per ident (RUNDIR/IDENT.scan) with the state (size,
 * modification and change times, inode, device) of every file a verdict was made of: used
 * again while none of them changed.
 *
 * Layout: KEY NUL VERDICT NUL, then (STATE NUL PATH NUL) per file; KEY names what decides
 * which files are read (the form, the class path option and CLASSPATH, the agent).
 */
#define _GNU_SOURCE
#include "scan_cache.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file's identity for the cache: size, modification and change times, inode, device. */
static void state_of(const char *path, char *out, size_t size) {
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(out, size, "absent");
        return;
    }
    snprintf(out, size, "%lld:%lld.%09ld:%lld.%09ld:%llu:%llu", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
             st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec, (unsigned long long)st.st_ino,
             (unsigned long long)st.st_dev);
}

/* The key of a verdict beyond the files: what decides which files are read. 0 when too long to keep. */
static int cache_key(const struct scan_job *job, char *out, size_t size) {
    const char *cp = scan_class_path_option(job->options, job->noptions);
    const char *env = getenv("CLASSPATH");
    int n = snprintf(out, size, "jprefork-scan-1 %d %s|%s|%s", (int)job->form, cp != NULL ? cp : "-",
                     env != NULL ? env : "-", job->agent != NULL ? job->agent : "-");
    return n > 0 && (size_t)n < size;
}

/* The cached verdict (0, 1 or 2) when every file it was made of is unchanged, else -1. */
int scan_cache_read(const struct scan_job *job) {
    size_t n = 0;
    unsigned char *data = scan_read_file(job->cache, &n);
    if (data == NULL) return -1;
    data[n] = '\0';
    char key[4 * PATH_MAX], state[160];
    if (!cache_key(job, key, sizeof key)) {
        free(data);
        return -1;
    }
    /* KEY \0 VERDICT \0 then (STATE \0 PATH \0)... */
    char *p = (char *)data, *end = p + n;
    int verdict = -1;
    if (strcmp(p, key) == 0) {
        p += strlen(p) + 1;
        if (p < end && (p[0] == '0' || p[0] == '1' || p[0] == '2') && p[1] == '\0') {
            verdict = p[0] - '0';
            p += 2;
            while (p < end && verdict >= 0) {
                char *path = p + strlen(p) + 1;
                if (path >= end) {
                    verdict = -1;
                    break;
                }
                state_of(path, state, sizeof state);
                if (strcmp(state, p) != 0) verdict = -1;
                p = path + strlen(path) + 1;
            }
        }
    }
    free(data);
    return verdict;
}

void scan_cache_write(const struct scan_job *job, int verdict, char **files, int nfiles) {
    for (int i = 0; i < nfiles; i++) {
        if (files[i] == NULL) return; /* a path that could not be kept: no cache */
    }
    char tmp[PATH_MAX + 32], key[4 * PATH_MAX], state[160];
    if (!cache_key(job, key, sizeof key)) return;
    if (snprintf(tmp, sizeof tmp, "%s.%d.tmp", job->cache, (int)getpid()) >= (int)sizeof tmp) return;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        if (fd >= 0) close(fd);
        return;
    }
    fprintf(f, "%s%c%d%c", key, 0, verdict, 0);
    for (int i = 0; i < nfiles; i++) {
        state_of(files[i], state, sizeof state);
        fprintf(f, "%s%c%s%c", state, 0, files[i], 0);
    }
    if (fclose(f) != 0 || rename(tmp, job->cache) != 0) unlink(tmp);
}

