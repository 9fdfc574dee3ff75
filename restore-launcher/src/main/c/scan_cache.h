/* The native client's cache of scan verdicts (scan_cache.c). */
#ifndef JPREFORK_SCAN_CACHE_H
#define JPREFORK_SCAN_CACHE_H

#include "scan.h"

/* The cached verdict (0, 1 or 2) when every file it was made of is unchanged, else -1. */
int scan_cache_read(const struct scan_job *job);

/* Writes the verdict and the state of FILES (atomically: a rename); nothing if one is NULL. */
void scan_cache_write(const struct scan_job *job, int verdict, char **files, int nfiles);

/* The value of the last class path option (-cp, -classpath, --class-path[=]), or NULL. */
const char *scan_class_path_option(char **options, int n);

#endif
