/*
 * The ident recipe, version 2: see ident.h and docs/protocol.md ("Ident"). Mirrors the Java
 * classes named there; the shared vectors keep the two in step.
 */
#define _GNU_SOURCE
#include "ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

#define RECIPE "jprefork-ident-2"

const char *ident_getenv(char *const *envp, const char *name) {
    size_t n = strlen(name);
    for (char *const *e = envp; *e != NULL; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    }
    return NULL;
}

/* ---- the words of JAVA_TOOL_OPTIONS, _JAVA_OPTIONS and JDK_JAVA_OPTIONS (JvmOptionWords) -- */

static const char *const OPTION_VARIABLES[] = {"JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", NULL};

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* White space separates words, '...' and "..." group; the words go into a malloc'd, NULL-
 * terminated array of malloc'd strings. Returns the count, -1 for an unmatched quote, -2 when
 * out of memory. */
static int split_words(const char *v, char ***out) {
    size_t len = strlen(v);
    char **words = calloc(len / 2 + 2, sizeof *words);
    int n = 0;
    if (words == NULL) return -2;
    for (size_t i = 0; i < len;) {
        while (i < len && is_space(v[i])) i++;
        if (i >= len) break;
        char *w = malloc(len + 1), *p = w;
        if (w == NULL) return -2;
        while (i < len && !is_space(v[i])) {
            if (v[i] == '\'' || v[i] == '"') {
                const char *end = strchr(v + i + 1, v[i]);
                if (end == NULL) {
                    free(w);
                    words[n] = NULL;
                    for (int k = 0; k < n; k++) free(words[k]);
                    free(words);
                    return -1;
                }
                memcpy(p, v + i + 1, (size_t)(end - (v + i + 1)));
                p += end - (v + i + 1);
                i = (size_t)(end - v) + 1;
            } else {
                *p++ = v[i++];
            }
        }
        *p = '\0';
        words[n++] = w;
    }
    words[n] = NULL;
    *out = words;
    return n;
}

static void free_words(char **words) {
    for (char **w = words; w != NULL && *w != NULL; w++) free(*w);
    free(words);
}

/* ---- options whose values name files (PathOptions) ------------------------------------- */

enum kind { K_PATH, K_LIST, K_AGENT, K_PATCH, K_PROPERTY_FILE, K_LOG, K_JFR };

struct path_option {
    const char *name;
    enum kind kind;
};

static const struct path_option NEXT_WORD[] = {
    {"-cp", K_LIST}, {"-classpath", K_LIST}, {"--class-path", K_LIST}, {"-p", K_LIST},
    {"--module-path", K_LIST}, {"--upgrade-module-path", K_LIST}, {"--patch-module", K_PATCH}, {NULL, K_PATH}};

static const struct path_option PREFIXES[] = {
    {"--class-path=", K_LIST}, {"--module-path=", K_LIST}, {"--upgrade-module-path=", K_LIST},
    {"--patch-module=", K_PATCH}, {"-Djava.class.path=", K_LIST}, {"-Djdk.module.path=", K_LIST},
    {"-Djdk.module.upgrade.path=", K_LIST}, {"-Djava.library.path=", K_LIST}, {"-Xbootclasspath/a:", K_LIST},
    {"-javaagent:", K_AGENT}, {"-agentpath:", K_AGENT}, {"-splash:", K_PATH}, {"-XX:Flags=", K_PATH},
    {"-XX:VMOptionsFile=", K_PATH}, {"-XX:CompileCommandFile=", K_PATH}, {"-XX:SharedArchiveFile=", K_LIST},
    {"-XX:SharedClassListFile=", K_PATH}, {"-XX:ArchiveClassesAtExit=", K_PATH}, {"-XX:AOTCache=", K_PATH},
    {"-XX:AOTCacheOutput=", K_PATH}, {"-XX:AOTConfiguration=", K_PATH}, {"-XX:LogFile=", K_PATH},
    {"-Xloggc:", K_PATH}, {"-Djava.util.logging.config.file=", K_PATH},
    {"-Djava.security.properties=", K_PROPERTY_FILE}, {"-Djava.security.policy=", K_PROPERTY_FILE},
    {"-Djavax.net.ssl.trustStore=", K_PATH}, {"-Djavax.net.ssl.keyStore=", K_PATH}, {"-Xlog:", K_LOG},
    {"-XX:StartFlightRecording", K_JFR}, {"-XX:FlightRecorderOptions", K_JFR}, {NULL, K_PATH}};

/* A ':'-list with an entry that is empty or relative. */
static int relative_entry(const char *list) {
    for (const char *p = list;;) {
        if (*p != '/') return 1;
        const char *colon = strchr(p, ':');
        if (colon == NULL) return 0;
        p = colon + 1;
    }
}

static int relative_log_output(const char *v) {
    if (strchr(v, '"') != NULL) return 1;
    const char *out = strchr(v, ':');
    if (out == NULL) return 0;
    out++;
    size_t n = strcspn(out, ":");
    if (n >= 5 && strncmp(out, "file=", 5) == 0) {
        out += 5;
        n -= 5;
    }
    return n > 0 && !(n == 6 && strncmp(out, "stdout", 6) == 0) && !(n == 6 && strncmp(out, "stderr", 6) == 0)
           && out[0] != '/';
}

static int relative_jfr(const char *v) {
    static const char *const keys[] = {"filename=", "repository=", "dumppath=", "settings=", NULL};
    for (const char *p = v[0] != '\0' ? v + 1 : v;;) {
        for (const char *const *k = keys; *k != NULL; k++) {
            size_t n = strlen(*k);
            if (strncmp(p, *k, n) == 0 && p[n] != '/') return 1;
        }
        const char *comma = strchr(p, ',');
        if (comma == NULL) return 0;
        p = comma + 1;
    }
}

static int relative(enum kind kind, const char *v) {
    const char *eq;
    switch (kind) {
    case K_PATH:
        return v[0] != '/';
    case K_LIST:
        return relative_entry(v);
    case K_AGENT:
        return v[0] != '/';
    case K_PATCH:
        return (eq = strchr(v, '=')) == NULL || relative_entry(eq + 1);
    case K_PROPERTY_FILE:
        return (v[0] == '=' ? v[1] : v[0]) != '/';
    case K_LOG:
        return relative_log_output(v);
    default:
        return relative_jfr(v);
    }
}

/* Whether a word among these names a relative path. */
static int relative_in_words(char *const *w, int n) {
    for (int i = 0; i < n; i++) {
        const struct path_option *o;
        for (o = NEXT_WORD; o->name != NULL && strcmp(o->name, w[i]) != 0; o++) {
        }
        if (o->name != NULL) {
            if (i + 1 < n && relative(o->kind, w[i + 1])) return 1;
            i++;
            continue;
        }
        for (o = PREFIXES; o->name != NULL; o++) {
            size_t len = strlen(o->name);
            if (strncmp(w[i], o->name, len) == 0) {
                if (relative(o->kind, w[i] + len)) return 1;
                break;
            }
        }
    }
    return 0;
}

static int gives_class_path(char *const *w, int n) {
    for (int i = 0; i < n; i++) {
        if (strcmp(w[i], "-cp") == 0 || strcmp(w[i], "-classpath") == 0 || strcmp(w[i], "--class-path") == 0
            || strncmp(w[i], "--class-path=", 13) == 0 || strncmp(w[i], "-Djava.class.path=", 18) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A class path given among the launcher words or in JDK_JAVA_OPTIONS (WorkingDirectoryUse.classPathGiven). */
static int class_path_given(const struct ident_call *c) {
    if (gives_class_path(c->options, c->noptions)) return 1;
    const char *jdk = ident_getenv(c->envp, "JDK_JAVA_OPTIONS");
    char **words;
    int n = jdk != NULL ? split_words(jdk, &words) : -1;
    int given = n >= 0 && gives_class_path(words, n);
    if (n >= 0) free_words(words);
    return given;
}

char *ident_options_class_path(char *const *envp) {
    const char *jdk = ident_getenv(envp, "JDK_JAVA_OPTIONS");
    char **words, *cp = NULL;
    int n = jdk != NULL ? split_words(jdk, &words) : -1;
    for (int i = 0; i < n; i++) {
        const char *w = words[i], *v = NULL;
        if ((strcmp(w, "-cp") == 0 || strcmp(w, "-classpath") == 0 || strcmp(w, "--class-path") == 0) && i + 1 < n) {
            v = words[++i];
        } else if (strncmp(w, "--class-path=", 13) == 0) {
            v = w + 13;
        } else if (strncmp(w, "-Djava.class.path=", 18) == 0) {
            v = w + 18;
        }
        if (v != NULL) {
            free(cp);
            cp = strdup(v);
        }
    }
    if (n >= 0) free_words(words);
    return cp;
}

const char *ident_cwd_reason(const struct ident_call *c) {
    if ((c->form == 'S' || c->form == 'J') && c->program[c->nprogram - 1][0] != '/') return "relative program";
    if (relative_in_words(c->options, c->noptions)) return "a launcher word names a relative path";
    for (const char *const *v = OPTION_VARIABLES; *v != NULL; v++) {
        const char *value = ident_getenv(c->envp, *v);
        char **words;
        int n = value != NULL ? split_words(value, &words) : 0;
        if (value == NULL) continue;
        if (n < 0) return "an option variable has an unmatched quote (or no memory)";
        int rel = relative_in_words(words, n);
        free_words(words);
        if (rel) return "an option variable names a relative path";
    }
    if (!class_path_given(c) && c->form != 'J') {
        const char *cp = ident_getenv(c->envp, "CLASSPATH");
        if (cp != NULL) {
            if (relative_entry(cp)) return "CLASSPATH has a relative entry";
        } else if (c->form == 'C') {
            return "no class path: java searches the working directory";
        }
    }
    const char *v;
    if ((v = ident_getenv(c->envp, "LD_LIBRARY_PATH")) != NULL && relative_entry(v)) return "relative LD_LIBRARY_PATH";
    for (const char *const *name = (const char *const[]){"LD_PRELOAD", "LD_AUDIT", NULL}; *name != NULL; name++) {
        if ((v = ident_getenv(c->envp, *name)) == NULL) continue;
        for (const char *p = v; *p != '\0';) {
            size_t n = strcspn(p, ": \t");
            if (n > 0 && p[0] != '/') return "relative LD_PRELOAD or LD_AUDIT entry";
            p += n + (p[n] != '\0');
        }
    }
    return NULL;
}

const char *ident_plain_only(char *const *envp) {
    if (ident_getenv(envp, "_JAVA_LAUNCHER_DEBUG") != NULL) return "_JAVA_LAUNCHER_DEBUG is set";
    for (const char *const *v = OPTION_VARIABLES; *v != NULL; v++) {
        const char *value = ident_getenv(envp, *v);
        char **words;
        int n = value != NULL ? split_words(value, &words) : 0;
        if (value == NULL) continue;
        if (n < 0) return "an option variable has an unmatched quote";
        int argfile = 0;
        for (int i = 0; i < n && v == OPTION_VARIABLES; i++) {
            if (words[i][0] == '@' && words[i][1] != '\0') argfile = 1;
        }
        free_words(words);
        if (argfile) return "JDK_JAVA_OPTIONS names an argument file";
    }
    return NULL;
}

/* ---- the environment in the ident (IdentEnvironment) --------------------------------- */

static const char *const ENV_NAMES[] = {
    "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_ALTERNATE_VM", "JDK_AOT_VM_OPTIONS",
    "_JAVA_SR_SIGNUM", "_JAVA_SPLASH_FILE", "_JAVA_SPLASH_JAR", "TZ", "LANG", "LOCPATH", "HOME", NULL};

static size_t name_length(const char *entry) {
    return strcspn(entry, "=");
}

static int in_ident(const char *entry, int with_classpath) {
    size_t n = name_length(entry);
    if (entry[n] != '=' || n == 0) return 0;
    if (strncmp(entry, "LC_", 3) == 0 || strncmp(entry, "LD_", 3) == 0) return 1;
    if (with_classpath && n == 9 && strncmp(entry, "CLASSPATH", 9) == 0) return 1;
    for (const char *const *e = ENV_NAMES; *e != NULL; e++) {
        if (strlen(*e) == n && strncmp(entry, *e, n) == 0) return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t nx = name_length(x), ny = name_length(y);
    int c = memcmp(x, y, nx < ny ? nx : ny);
    return c != 0 ? c : nx < ny ? -1 : nx > ny;
}

/* ---- hashing ------------------------------------------------------------------------ */

/* One field: u32 big-endian length, then the concatenation of the non-NULL parts. */
static void field4(sha256_ctx *s, const char *a, const char *b, const char *d, const char *e) {
    const char *parts[4] = {a, b, d, e};
    size_t len = 0;
    for (int i = 0; i < 4; i++) len += parts[i] != NULL ? strlen(parts[i]) : 0;
    unsigned char be[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8),
                           (unsigned char)len};
    sha256_update(s, be, 4);
    for (int i = 0; i < 4; i++) {
        if (parts[i] != NULL) sha256_update(s, parts[i], strlen(parts[i]));
    }
}

static void field(sha256_ctx *s, const char *a, const char *b) {
    field4(s, a, b, NULL, NULL);
}

int ident_compute(const struct ident_call *c, const struct ident_facts *f, char out[33]) {
    sha256_ctx s;
    char umask[16];
    sha256_init(&s);
    field(&s, RECIPE, NULL);
    for (int i = 0; i < 4; i++) field(&s, f->kernel[i], NULL);
    field(&s, c->ident_cwd || ident_cwd_reason(c) != NULL ? f->cwd : "-", NULL);
    field(&s, f->root, NULL);
    snprintf(umask, sizeof umask, "M%04o", f->umask & 07777);
    field(&s, umask, NULL);
    for (int i = 0; i < c->nextras; i++) {
        const char *v = c->extras[i].value, *value;
        if (c->extras[i].kind == 'G') {
            field(&s, "G", v);
        } else if ((value = ident_getenv(c->envp, v)) != NULL) {
            field4(&s, "E", v, "=", value);
        } else {
            field(&s, "U", v);
        }
    }
    field(&s, "I", c->java);
    field(&s, "R", f->java_real);
    for (int i = 0; i < c->noptions; i++) field(&s, "W", c->options[i]);
    for (int i = 0; i < c->nprogram; i++) field(&s, "W", c->program[i]);

    /* The environment entries: first occurrence of each name (as getenv and the JDK take it), by name. */
    int with_classpath = c->form != 'J' && !class_path_given(c), n = 0;
    for (char *const *e = c->envp; *e != NULL; e++) n++;
    const char **entries = calloc((size_t)n + 1, sizeof *entries);
    if (entries == NULL) return -1;
    int k = 0;
    for (char *const *e = c->envp; *e != NULL; e++) {
        int seen = 0;
        if (!in_ident(*e, with_classpath)) continue;
        for (int j = 0; j < k && !seen; j++) seen = by_name(&entries[j], e) == 0;
        if (!seen) entries[k++] = *e;
    }
    qsort(entries, (size_t)k, sizeof *entries, by_name);
    for (int j = 0; j < k; j++) field(&s, "V", entries[j]);
    free(entries);

    unsigned char digest[32];
    sha256_final(&s, digest);
    for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return 0;
}
