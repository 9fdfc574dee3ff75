/*
 * The program scan of the native client: see scan.h. A source file is read as text; class files
 * (in directories, or in jars, inflated with zlib) are searched for the names their constant
 * pool would hold. The verdict is kept in a cache file with the size, times and identity of
 * every file it was made of, and is used again while none of them changed.
 */
#define _GNU_SOURCE
#include "scan.h"
#include "scan_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef JPREFORK_ZLIB
#include <zlib.h>
#endif

#define MAX_FILES 20000
#define MAX_CLASS (64u << 20)

static const char *const CLASS_NEEDLES[] = {"org/jprefork/Prefork", "org.jprefork.Prefork", "org/crac/Core",
                                            "org.crac.Core", "jdk/crac/Core", "jdk.crac.Core", NULL};
static const char *const SOURCE_NEEDLES[] = {"org.jprefork", "org.crac", "jdk.crac", NULL};
static const char *const SKIPPED[] = {"org/jprefork/Prefork", "org/jprefork/internal/", "org/jprefork/protocol/",
                                      "org/jprefork/crac/", "org/jprefork/shaded/", "org/crac/", "jdk/crac/", NULL};
static const char *const SKIPPED_IN_AGENT[] = {"jnr/", "com/kenai/", NULL};
static const char AGENT_MARK[] = "org/jprefork/internal/AgentMain.class";
static const char PREFORK_CLASS[] = "org/jprefork/Prefork.class";
static const char *const OPTION_VARIABLES[] = {"JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", NULL};

/* ---- the files a verdict was made of -------------------------------------------------- */

static char **g_seen;
static int g_nseen, g_capseen;
static const char *g_own_agent; /* real path of jprefork's agent, or NULL */
static int g_bundled;            /* a jar other than it carries Prefork */
static int g_names_only;         /* jars: only their entries' names (and manifests) are read */

static void seen(const char *path) {
    if (g_nseen == g_capseen) {
        g_capseen = g_capseen ? 2 * g_capseen : 64;
        char **more = realloc(g_seen, (size_t)g_capseen * sizeof *more);
        if (more == NULL) return; /* then the cache is not written: see write_cache */
        g_seen = more;
    }
    g_seen[g_nseen++] = strdup(path);
}

static int contains(const void *data, size_t n, const char *const needles[]) {
    for (int i = 0; needles[i] != NULL; i++) {
        if (memmem(data, n, needles[i], strlen(needles[i])) != NULL) return 1;
    }
    return 0;
}

static int starts_with_any(const char *name, const char *const prefixes[]) {
    for (int i = 0; prefixes[i] != NULL; i++) {
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) return 1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suffix, int ignore_case) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && (ignore_case ? strcasecmp(s + n - k, suffix) : strcmp(s + n - k, suffix)) == 0;
}

unsigned char *scan_read_file(const char *path, size_t *n) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_CLASS) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    unsigned char *buf = malloc((size_t)st.st_size + 1);
    size_t done = 0;
    while (buf != NULL && done < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + done, (size_t)st.st_size - done);
        if (r <= 0) {
            if (r < 0 && errno == EINTR) continue;
            break;
        }
        done += (size_t)r;
    }
    close(fd);
    if (buf == NULL || done != (size_t)st.st_size) {
        free(buf);
        return NULL;
    }
    buf[done] = '\0';
    *n = done;
    return buf;
}

/* ---- jars ------------------------------------------------------------------------------ */

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* An entry's bytes, inflated (malloc'd), or NULL. */
static unsigned char *entry_bytes(const unsigned char *zip, size_t size, const unsigned char *cd, size_t *n) {
    uint32_t method = le16(cd + 10), csize = le32(cd + 20), usize = le32(cd + 24), lho = le32(cd + 42);
    if ((size_t)lho + 30 > size || le32(zip + lho) != 0x04034b50 || usize > MAX_CLASS) return NULL;
    size_t data = (size_t)lho + 30 + le16(zip + lho + 26) + le16(zip + lho + 28);
    if (data > size || csize > size - data) return NULL;
    unsigned char *out = malloc((size_t)usize + 1);
    if (out == NULL) return NULL;
    if (method == 0 && csize == usize) {
        memcpy(out, zip + data, csize);
        *n = usize;
        return out;
    }
#ifdef JPREFORK_ZLIB
    if (method == 8) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -MAX_WBITS) == Z_OK) {
            z.next_in = (unsigned char *)(zip + data);
            z.avail_in = csize;
            z.next_out = out;
            z.avail_out = usize;
            int rc = inflate(&z, Z_FINISH);
            inflateEnd(&z);
            if (rc == Z_STREAM_END && z.total_out == usize) {
                *n = usize;
                return out;
            }
        }
    }
#endif
    free(out);
    return NULL;
}

/* The Class-Path words of a manifest's text: appended (malloc'd) to *paths, resolved against dir. */
static void manifest_class_path(char *text, size_t n, const char *dir, char ***paths, int *npaths) {
    text[n] = '\0';
    /* Join continuation lines (a line that starts with one space continues the one before). */
    char *joined = malloc(n + 1), *w = joined;
    if (joined == NULL) return;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\r') continue;
        if (text[i] == '\n' && i + 1 < n && text[i + 1] == ' ') {
            i++;
            continue;
        }
        *w++ = text[i];
    }
    *w = '\0';
    for (char *line = joined, *next; line != NULL; line = next) {
        next = strchr(line, '\n');
        if (next != NULL) *next++ = '\0';
        if (strncasecmp(line, "Class-Path:", 11) != 0) continue;
        for (char *save = NULL, *word = strtok_r(line + 11, " \t", &save); word != NULL;
             word = strtok_r(NULL, " \t", &save)) {
            char **more = realloc(*paths, (size_t)(*npaths + 1) * sizeof *more);
            if (more == NULL) break;
            *paths = more;
            if (asprintf(&(*paths)[*npaths], "%s/%s", dir, word) >= 0) (*npaths)++;
        }
    }
    free(joined);
}

/*
 * 1 when a class in the jar refers to the API (or the jar cannot be read), else 0. The jar's
 * manifest Class-Path (which java follows for every jar it opens) is appended to *more.
 */
static int scan_jar(const char *path, char ***more, int *nmore) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 22) {
        if (fd >= 0) close(fd);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *zip = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (zip == MAP_FAILED) return 1;
    /* The end of central directory record: within the last 64 KiB + 22 bytes. */
    size_t eocd = size - 22, stop = size > 65557 ? size - 65557 : 0;
    while (eocd > stop && le32(zip + eocd) != 0x06054b50) eocd--;
    uint32_t count = le16(zip + eocd + 10), cdsize = le32(zip + eocd + 12), cdoff = le32(zip + eocd + 16);
    if (le32(zip + eocd) != 0x06054b50 || cdoff == 0xffffffffu || (size_t)cdoff + cdsize > size) {
        munmap(zip, size);
        return 1; /* not a zip we can read (or ZIP64): it may call */
    }
    /* Entries: offsets of their central directory records, checked once. */
    size_t *entries = malloc(((size_t)count + 1) * sizeof *entries), at = cdoff;
    int agent = 0, verdict = entries == NULL;
    for (uint32_t i = 0; i < count && !verdict; i++) {
        size_t total = at + 46 <= size && le32(zip + at) == 0x02014b50
                ? 46 + le16(zip + at + 28) + le16(zip + at + 30) + le16(zip + at + 32) : 0;
        if (total == 0 || at + total > size) {
            verdict = 1;
            break;
        }
        entries[i] = at;
        size_t nlen = le16(zip + at + 28);
        agent |= nlen == sizeof AGENT_MARK - 1 && memcmp(zip + at + 46, AGENT_MARK, nlen) == 0;
        if (nlen == sizeof PREFORK_CLASS - 1 && memcmp(zip + at + 46, PREFORK_CLASS, nlen) == 0) {
            char real[PATH_MAX];
            g_bundled |= g_own_agent == NULL || realpath(path, real) == NULL || strcmp(real, g_own_agent) != 0;
        }
        at += total;
    }
    for (uint32_t i = 0; i < count && !verdict; i++) {
        const unsigned char *cd = zip + entries[i];
        size_t nlen = le16(cd + 28), n = 0;
        char name[1024];
        if (nlen >= sizeof name) continue;
        memcpy(name, cd + 46, nlen);
        name[nlen] = '\0';
        if (ends_with(name, ".class", 0) && !g_names_only && !starts_with_any(name, SKIPPED)
            && !(agent && starts_with_any(name, SKIPPED_IN_AGENT))) {
            unsigned char *bytes = entry_bytes(zip, size, cd, &n);
            verdict = bytes == NULL || contains(bytes, n, CLASS_NEEDLES);
            free(bytes);
        } else if (strcmp(name, "META-INF/MANIFEST.MF") == 0) {
            unsigned char *bytes = entry_bytes(zip, size, cd, &n);
            char *dir = strdup(path), *slash = dir != NULL ? strrchr(dir, '/') : NULL;
            if (slash != NULL) *slash = '\0';
            if (bytes != NULL && dir != NULL) manifest_class_path((char *)bytes, n, slash != NULL ? dir : ".", more, nmore);
            free(dir);
            free(bytes);
        }
    }
    free(entries);
    munmap(zip, size);
    return verdict;
}

/* ---- directories ------------------------------------------------------------------------ */

static size_t g_dir_prefix;
static int g_dir_files, g_dir_verdict;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)ftw;
    if (++g_dir_files > MAX_FILES) {
        g_dir_verdict = 1;
        return 1;
    }
    seen(path);
    if (type != FTW_F || !S_ISREG(st->st_mode) || !ends_with(path, ".class", 0)) return 0;
    const char *name = path + g_dir_prefix;
    while (*name == '/') name++;
    if (starts_with_any(name, SKIPPED)) return 0;
    size_t n = 0;
    unsigned char *bytes = scan_read_file(path, &n);
    int refers = bytes == NULL || contains(bytes, n, CLASS_NEEDLES);
    free(bytes);
    if (refers) {
        g_dir_verdict = 1;
        return 1;
    }
    return 0;
}

static int scan_dir(const char *path) {
    g_dir_prefix = strlen(path);
    g_dir_files = 0;
    g_dir_verdict = 0;
    if (nftw(path, visit, 16, FTW_PHYS) < 0) return 1;
    return g_dir_verdict;
}

/* ---- the class path ----------------------------------------------------------------------- */

static int was_seen(const char *path) {
    for (int i = 0; i < g_nseen; i++) {
        if (g_seen[i] != NULL && strcmp(g_seen[i], path) == 0) return 1;
    }
    return 0;
}

/* The jars looked at in the names-only pass (which follows manifests the first pass stopped short of). */
static char **g_named;
static int g_nnamed;

static int was_named(const char *path) {
    for (int i = 0; i < g_nnamed; i++) {
        if (strcmp(g_named[i], path) == 0) return 1;
    }
    char **more = realloc(g_named, (size_t)(g_nnamed + 1) * sizeof *more);
    if (more != NULL && (more[g_nnamed] = strdup(path)) != NULL) {
        g_named = more;
        g_nnamed++;
    } else if (more != NULL) {
        g_named = more;
    }
    return 0;
}

/* A class path entry: a directory of classes, or a jar and the jars its manifest names. */
static int scan_entry(const char *path) {
    struct stat st;
    if (g_names_only ? was_named(path) : was_seen(path)) return 0;
    if (stat(path, &st) != 0) {
        seen(path); /* absent: java skips it; its appearance changes the verdict */
        return 0;
    }
    if (S_ISDIR(st.st_mode)) return g_names_only ? 0 : scan_dir(path);
    if (!was_seen(path)) seen(path);
    if (!S_ISREG(st.st_mode)) return 0;
    char **more = NULL;
    int nmore = 0, verdict = g_nseen > MAX_FILES || scan_jar(path, &more, &nmore);
    for (int i = 0; i < nmore; i++) {
        if (!verdict) verdict = scan_entry(more[i]);
        free(more[i]);
    }
    free(more);
    return verdict;
}

/* Each entry of a colon-separated class path, a trailing star meaning the jars in that directory. */
static int scan_class_path(const char *cp) {
    char *copy = strdup(cp);
    int verdict = copy == NULL;
    for (char *save = NULL, *e = copy != NULL ? strtok_r(copy, ":", &save) : NULL; e != NULL && !verdict;
         e = strtok_r(NULL, ":", &save)) {
        size_t n = strlen(e);
        if (strcmp(e, "*") == 0 || (n >= 2 && strcmp(e + n - 2, "/*") == 0)) {
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%.*s", n == 1 ? 1 : (int)(n - 2), n == 1 ? "." : e);
            seen(dir);
            struct dirent **names;
            int k = scandir(dir, &names, NULL, alphasort);
            for (int i = 0; i < k; i++) {
                char jar[PATH_MAX];
                if (!verdict && ends_with(names[i]->d_name, ".jar", 1)
                    && snprintf(jar, sizeof jar, "%s/%s", dir, names[i]->d_name) < (int)sizeof jar) {
                    verdict = scan_entry(jar);
                }
                free(names[i]);
            }
            if (k >= 0) free(names);
        } else {
            verdict = scan_entry(e);
        }
    }
    free(copy);
    return verdict;
}

const char *scan_class_path_option(char **options, int n) {
    const char *cp = NULL;
    for (int i = 0; i < n; i++) {
        if ((strcmp(options[i], "-cp") == 0 || strcmp(options[i], "-classpath") == 0
             || strcmp(options[i], "--class-path") == 0) && i + 1 < n) {
            cp = options[++i];
        } else if (strncmp(options[i], "--class-path=", 13) == 0) {
            cp = options[i] + 13;
        }
    }
    return cp;
}

/* The program's class path as java searches it (CLASSPATH or "." without an option). */
static const char *program_class_path(const struct scan_job *job) {
    const char *cp = scan_class_path_option(job->options, job->noptions);
    if (cp == NULL && job->form == FORM_SOURCE) cp = getenv("CLASSPATH");
    if (cp == NULL && job->form == FORM_MAIN_CLASS) cp = getenv("CLASSPATH") != NULL ? getenv("CLASSPATH") : ".";
    return cp;
}

/* The jar of -jar (with its manifest's Class-Path), or the class path's entries. */
static int scan_classes(const struct scan_job *job) {
    if (job->form == FORM_JAR) return scan_entry(job->program);
    const char *cp = program_class_path(job);
    return cp != NULL && scan_class_path(cp);
}

static int scan_files(const struct scan_job *job, const char **why) {
    if (job->form == FORM_SOURCE) {
        size_t n = 0;
        unsigned char *text = scan_read_file(job->program, &n);
        seen(job->program);
        int mentions = text == NULL || contains(text, n, SOURCE_NEEDLES);
        free(text);
        if (mentions) {
            *why = text == NULL ? "the source cannot be read" : "the source mentions the API";
            return 1;
        }
    }
    int verdict = scan_classes(job);
    *why = verdict ? "a class on the class path refers to the API" : "nothing refers to the API";
    return verdict;
}

int scan_may_call(const struct scan_job *job, const char **why) {
    for (int i = 0; OPTION_VARIABLES[i] != NULL; i++) {
        const char *v = getenv(OPTION_VARIABLES[i]);
        if (v != NULL && strspn(v, " \t\n") != strlen(v)) {
            *why = "the java launcher takes options from the environment";
            return 1;
        }
    }
    for (int i = 0; i < job->noptions; i++) {
        const char *o = job->options[i];
        if (o[0] == '@' || strncmp(o, "-javaagent", 10) == 0 || strncmp(o, "-agentpath", 10) == 0
            || strncmp(o, "-agentlib", 9) == 0 || strncmp(o, "-Xbootclasspath", 15) == 0
            || strncmp(o, "--patch-module", 14) == 0 || strcmp(o, "-p") == 0 || strncmp(o, "--module-path", 13) == 0
            || strncmp(o, "--upgrade-module-path", 21) == 0) {
            *why = "an option java reads more classes or options from";
            return 1;
        }
    }
    if (job->form == FORM_MODULE) {
        *why = "a module";
        return 1;
    }
    int cached = job->cache != NULL ? scan_cache_read(job) : -1;
    if (cached >= 0) {
        *why = "as found before";
        return cached;
    }
    g_nseen = 0;
    g_bundled = 0;
    g_names_only = 0;
    g_own_agent = job->agent;
    int verdict = scan_files(job, why);
    if (verdict) {
        /* The scan stops at the first reference: every jar (again: the first pass may have
         * stopped before a manifest's jars) is looked at for another build of the agent, by
         * its entries' names only (BundledAgent.java judges the rest). */
        g_names_only = 1;
        g_nnamed = 0;
        scan_classes(job);
    }
    if (verdict && g_bundled) {
        verdict = 2;
        *why = "another build of jprefork's agent is on the class path";
    }
    if (job->cache != NULL && g_seen != NULL) scan_cache_write(job, verdict, g_seen, g_nseen);
    return verdict;
}
