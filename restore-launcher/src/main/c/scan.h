/*
 * Whether a program can call jprefork's API at all, judged from its files before it runs, as
 * org.jprefork.client.ProgramScan judges it (ProgramScanTest checks both on the same programs).
 */
#ifndef JPREFORK_SCAN_H
#define JPREFORK_SCAN_H

#include <stddef.h>

/* The letters of ident.h's ident_call.form. */
enum program_form { FORM_MAIN_CLASS = 'C', FORM_JAR = 'J', FORM_SOURCE = 'S', FORM_MODULE = 'M' };

struct scan_job {
    enum program_form form;
    const char *program;  /* the source file, the jar, or the main class */
    char **options;       /* the java launcher options before the program */
    int noptions;
    const char *cache;    /* a file remembering the verdict and what it was made of, or NULL */
    const char *agent;    /* jprefork's own agent jar (real path), or NULL */
};

/*
 * 1 when the program may call the API (also whenever something cannot be read or followed), 0
 * when it cannot; 2 when it may and a jar on its class path carries another build of jprefork's
 * agent (BundledAgent.java decides what then). *why (static storage) says what decided. Uses and
 * renews the cache.
 */
int scan_may_call(const struct scan_job *job, const char **why);

/* The whole of a regular file (up to 64 MiB), NUL-terminated, or NULL. */
unsigned char *scan_read_file(const char *path, size_t *n);

#endif
