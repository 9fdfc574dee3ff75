/*
 * A call when no pool answers (org.jprefork.client.NoPoolCall is the Java client's twin): the
 * program runs in this process, as plain java, so the call costs what plain java costs. A
 * program that cannot call the API (scan.c) runs as given. Otherwise it runs with the agent in its
 * first-call mode, which creates a marker file if the program reaches initialisationComplete;
 * a builder process, forked before and detached, waits for this process to end and then, if
 * the marker is there, has the Java launcher build the pool (jprefork --build-pool WORDS) with
 * this call's invocation. A tool (--checkpoint-at=main) runs as given too, and its pool is built
 * whenever it ran. Bad input (a missing or unreadable file, a directory) runs plain java
 * as given, which answers as it always does; no pool is built for it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"

static const char AGENT_FIRST[] = "first";

static int has_extra(const struct spec *s, const char *prefix) {
    for (int i = 0; i < s->nextras; i++) {
        if (s->extras[i].kind == 'G' && strncmp(s->extras[i].value, prefix, strlen(prefix)) == 0) return 1;
    }
    return 0;
}

/* ---- the agent jar ------------------------------------------------------------------------ */

/* The agent the Java launcher would use (JpreforkHome.agentJar): checkout, installation, JPREFORK_HOME. */
const char *agent_jar(void) {
    static char found[PATH_MAX];
    char exe[PATH_MAX], pattern[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    const char *home = getenv("JPREFORK_HOME");
    for (int i = 0; i < 3; i++) {
        if (i < 2 && slash == NULL) continue;
        if (i == 2 && (home == NULL || home[0] == '\0')) continue;
        if (i == 0) {
            snprintf(pattern, sizeof pattern, "%.*s/../checkpoint-agent/target/checkpoint-agent-*.jar", (int)(slash - exe), exe);
        } else if (i == 1) {
            snprintf(pattern, sizeof pattern, "%.*s/../lib/jprefork/checkpoint-agent-*.jar", (int)(slash - exe), exe);
        } else {
            snprintf(pattern, sizeof pattern, "%s/checkpoint-agent-*.jar", home);
        }
        glob_t g;
        if (glob(pattern, 0, NULL, &g) != 0) continue;
        for (size_t k = 0; k < g.gl_pathc; k++) {
            const char *p = g.gl_pathv[k];
            size_t len = strlen(p);
            if ((len > 12 && strcmp(p + len - 12, "-sources.jar") == 0) || (len > 12 && strcmp(p + len - 12, "-javadoc.jar") == 0)
                || (len > 10 && strcmp(p + len - 10, "-tests.jar") == 0)) {
                continue;
            }
            if (realpath(p, found) != NULL) {
                globfree(&g);
                return found;
            }
        }
        globfree(&g);
    }
    return NULL;
}

/* ---- the command line of a call that runs the program itself ---------------------------- */

static void base64url(const char *in, char *out) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const unsigned char *p = (const unsigned char *)in;
    size_t n = strlen(in), k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        out[k++] = alphabet[v >> 18 & 63];
        out[k++] = alphabet[v >> 12 & 63];
        if (i + 1 < n) out[k++] = alphabet[v >> 6 & 63];
        if (i + 2 < n) out[k++] = alphabet[v & 63];
    }
    out[k] = '\0';
}

/*
 * Execs JAVA [-javaagent:AGENT=MODE] OPTIONS PROGRAM ARGS, as TemplateSpec.localCommand makes
 * it: for a source file, the agent also goes on the class path (java's source mode compiles
 * against the class path only). AGENT NULL: the command line as given.
 */
static _Noreturn void exec_java(const struct spec *s, const char *program, const char *agent, const char *mode) {
    char **argv = calloc((size_t)s->noptions + (size_t)s->nargs + 8, sizeof *argv);
    if (argv == NULL) java_launcher("out of memory");
    int k = 0, cp_done = 0;
    argv[k++] = (char *)s->java;
    if (agent != NULL && asprintf(&argv[k++], "-javaagent:%s=%s", agent, mode) < 0) java_launcher("out of memory");
    for (int i = 0; i < s->noptions; i++) {
        const char *o = s->options[i];
        argv[k++] = (char *)o;
        if (agent == NULL || s->form != FORM_SOURCE || cp_done) continue;
        if ((strcmp(o, "-cp") == 0 || strcmp(o, "-classpath") == 0 || strcmp(o, "--class-path") == 0)
            && i + 1 < s->noptions) {
            if (asprintf(&argv[k++], "%s:%s", s->options[++i], agent) < 0) java_launcher("out of memory");
            cp_done = 1;
        } else if (strncmp(o, "--class-path=", 13) == 0) {
            if (asprintf(&argv[k - 1], "%s:%s", o, agent) < 0) java_launcher("out of memory");
            cp_done = 1;
        }
    }
    if (agent != NULL && s->form == FORM_SOURCE && !cp_done) {
        /* -cp in front of the user's options, as TemplateSpec.withClassPathInEffect and
         * userOptions put it: the class path java would take (JDK_JAVA_OPTIONS', else
         * CLASSPATH) written out, since the agent's -cp hides both, then the agent. */
        char *given = ident_options_class_path(environ);
        const char *env = getenv("CLASSPATH");
        memmove(argv + 4, argv + 2, (size_t)(k - 2) * sizeof *argv);
        argv[2] = "-cp";
        argv[3] = (char *)agent;
        if ((given != NULL || env != NULL) && asprintf(&argv[3], "%s:%s", given != NULL ? given : env, agent) < 0) {
            java_launcher("out of memory");
        }
        free(given);
        k += 2;
    }
    if (s->nprogram == 2) argv[k++] = (char *)s->program[0];
    argv[k++] = (char *)program;
    for (int i = 0; i < s->nargs; i++) argv[k++] = s->args[i];
    argv[k] = NULL;
    if (g_print_first) {
        for (int i = 0; i < k; i++) printf("%s\n", argv[i]);
        exit(0);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "jprefork: cannot run %s: %s\n", argv[0], strerror(errno));
    exit(EXIT_UNUSUAL_SIGNAL);
}

/* ---- the program's file ------------------------------------------------------------------ */

static int readable_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* A JBang directive jprefork acts on (Directives.java): the Java launcher prepares such a script. */
static int has_directives(const char *text, size_t n) {
    static const char *const names[] = {"DEPS", "SOURCES", "JAVA_OPTIONS", "RUNTIME_OPTIONS", "COMPILE_OPTIONS",
                                        "JAVAC_OPTIONS", NULL};
    for (size_t i = 0; i < n; i++) {
        if ((i == 0 || text[i - 1] == '\n') && text[i] == '/' && i + 1 < n && text[i + 1] == '/') {
            for (int k = 0; names[k] != NULL; k++) {
                size_t len = strlen(names[k]);
                char after = i + 2 + len < n ? text[i + 2 + len] : '\n';
                if (strncmp(text + i + 2, names[k], len) == 0
                    && (after == ' ' || after == '\t' || after == '\r' || after == '\n')) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

static int make_private_dir(const char *path) {
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/*
 * A #! script named *.java: java refuses its first line, so it runs from a copy whose first line
 * is blanked (line numbers stay), in RUNDIR/IDENT.d/src, as TemplateSpec.prepared makes it.
 */
static const char *hash_bang_copy(const char *dir, const char *ident, const char *script, const char *text, size_t n) {
    static char copy[PATH_MAX];
    char d[PATH_MAX], tmp[PATH_MAX + 32];
    const char *base = strrchr(script, '/') != NULL ? strrchr(script, '/') + 1 : script;
    const char *body = memchr(text, '\n', n);
    size_t len = body != NULL ? n - (size_t)(body - text) : 0;
    if (body == NULL) body = text + n;
    snprintf(d, sizeof d, "%s/%s.d", dir, ident);
    if (make_private_dir(d) != 0) return NULL;
    snprintf(d, sizeof d, "%s/%s.d/src", dir, ident);
    if (make_private_dir(d) != 0) return NULL;
    if (snprintf(copy, sizeof copy, "%s/%s", d, base) >= (int)sizeof copy) return NULL;
    size_t old_n = 0;
    char *old = (char *)scan_read_file(copy, &old_n);
    int same = old != NULL && old_n == len && memcmp(old, body, len) == 0;
    free(old);
    if (same) return copy;
    /* Other calls may be compiling the copy right now: never rewrite it in place. */
    snprintf(tmp, sizeof tmp, "%s/.script%d.tmp", d, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    int ok = write(fd, body, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok && rename(tmp, copy) == 0;
    if (!ok) unlink(tmp);
    return ok ? copy : NULL;
}

/* ---- the hint for a main class or jar that never calls (Hint.java) ---------------------- */

static void hint(const struct spec *s, const char *dir, const char *ident) {
    if (s->form != FORM_MAIN_CLASS && s->form != FORM_JAR) return;
    char file[PATH_MAX], state[16] = "";
    snprintf(file, sizeof file, "%s/%s.hint", dir, ident);
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    ssize_t r = fd >= 0 ? read(fd, state, sizeof state - 1) : -1;
    if (fd >= 0) close(fd);
    const char *next = r < 0 ? "pending\n" : strcmp(state, "pending\n") == 0 ? "shown\n" : NULL;
    if (next == NULL) return;
    fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    (void)!write(fd, next, strlen(next));
    close(fd);
    if (next[0] == 's') {
        const char *name = s->program[s->nprogram - 1], *slash = strrchr(name, '/');
        if (s->form == FORM_JAR && slash != NULL) name = slash + 1;
        fprintf(stderr, "jprefork: note: %s never calls Prefork.initialisationComplete, so it runs as plain java;"
                        " jprefork -U --checkpoint-at=main would checkpoint it just before its main\n", name);
    }
}

/* ---- the builder ------------------------------------------------------------------------- */

/* Waits until process PID has ended: through PIDFD when there is one, else by polling. */
static void await_end(int pidfd, pid_t pid) {
    if (pidfd >= 0) {
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        while (poll(&p, 1, -1) < 0 && errno == EINTR) {
        }
        return;
    }
    while (kill(pid, 0) == 0 || errno == EPERM) usleep(50 * 1000);
}

/*
 * Forks the builder: detached (its own session, stdio on /dev/null and the pool's log, no other
 * descriptor of the caller's), it takes the ident's lock once this process lets go of it (at
 * exec), waits until this process has ended, and if MARKER exists (or MARKER is NULL: a tool),
 * execs jprefork --build-pool WORDS. From this call's start until the pool answers, the lock is
 * held: other calls meanwhile run the program themselves, and start no other build.
 */
static void fork_builder(const struct spec *s, const char *dir, const char *ident, int lockfd, const char *marker) {
    pid_t self = getpid();
    int pidfd = (int)syscall(SYS_pidfd_open, self, 0);
    pid_t child = fork();
    if (child < 0) {
        if (pidfd >= 0) close(pidfd);
        return; /* no pool this time: the next call tries again */
    }
    if (child > 0) {
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
        }
        if (pidfd >= 0) close(pidfd);
        return;
    }
    setsid();
    if (fork() != 0) _exit(0);
    char log[PATH_MAX];
    snprintf(log, sizeof log, "%s/%s.log", dir, ident);
    int null = open("/dev/null", O_RDWR), err = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err >= 0 ? err : null, 2);
    /* Keep only the lock and the pidfd (as 3 and 4): the caller's other descriptors must not
     * stay open in the background (a pipe's reader would wait for this build). */
    int keep[2] = {fcntl(lockfd, F_DUPFD, 10), pidfd >= 0 ? fcntl(pidfd, F_DUPFD_CLOEXEC, 10) : -1};
    DIR *fds = opendir("/proc/self/fd");
    if (fds != NULL) {
        struct dirent *e;
        int own = dirfd(fds);
        while ((e = readdir(fds)) != NULL) {
            int fd = atoi(e->d_name);
            if (e->d_name[0] != '.' && fd > 2 && fd != own && fd != keep[0] && fd != keep[1]) close(fd);
        }
        closedir(fds);
    }
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    while (fcntl(keep[0], F_SETLKW, &fl) != 0 && errno == EINTR) {
    }
    await_end(keep[1], self);
    int reached = marker == NULL || unlink(marker) == 0;
    if (!reached) _exit(0);
    /* The lock stays held across exec (its descriptor stays open): the Java launcher takes it
     * again at once (a process's own lock) and lets go once the pool manager answers. */
    java_launcher_with("--build-pool", s->words, s->nwords);
}

/* ---- the call ---------------------------------------------------------------------------- */

_Noreturn void no_pool_call(const struct spec *s, const char *dir, const char *ident, const char *socket_path) {
    if (has_extra(s, "--engine=") || (getenv("JPREFORK_ENGINE") != NULL && getenv("JPREFORK_ENGINE")[0] != '\0')) {
        java_launcher("an engine asked for (the Java launcher checks it can run)");
    }
    if (s->form == FORM_MODULE) java_launcher("a module");
    int tool = has_extra(s, "--checkpoint-at=");
    const char *program = s->program[s->nprogram - 1];
    if ((s->form == FORM_SOURCE || s->form == FORM_JAR) && !readable_file(program)) {
        debug("%s is not a readable file: plain java answers", program);
        exec_java(s, program, NULL, NULL);
    }
    const char *agent = agent_jar();
    if (agent == NULL) java_launcher("no checkpoint-agent jar found");
    if (s->form == FORM_SOURCE) {
        size_t n = 0;
        char *text = (char *)scan_read_file(program, &n);
        if (text == NULL) java_launcher("cannot read the source");
        if (has_directives(text, n)) java_launcher("a script with JBang directives (the Java launcher prepares it)");
        if (n >= 2 && text[0] == '#' && text[1] == '!') {
            program = hash_bang_copy(dir, ident, program, text, n);
            if (program == NULL) java_launcher("cannot copy the #! script");
        }
        free(text);
    }
    if (!tool) {
        char cache[PATH_MAX];
        const char *why = "";
        snprintf(cache, sizeof cache, "%s/%s.scan", dir, ident);
        struct scan_job job = {s->form, program, s->options, s->noptions, cache, agent};
        int verdict = scan_may_call(&job, &why);
        if (verdict == 2) java_launcher("another build of jprefork's agent on the class path (the Java launcher judges it)");
        if (!verdict) {
            debug("the program cannot call the API (%s): plain java, as given", why);
            if (!g_print_first) hint(s, dir, ident);
            exec_java(s, program, NULL, NULL);
        }
        debug("the program may call the API: %s", why);
    }
    char marker[PATH_MAX], mode[sizeof AGENT_FIRST + 16 + 2 * PATH_MAX], encoded[2 * PATH_MAX];
    snprintf(marker, sizeof marker, "%s/%s.reached-%d", dir, ident, (int)getpid());
    base64url(marker, encoded);
    snprintf(mode, sizeof mode, "%s,marker=%s", AGENT_FIRST, encoded);
    if (g_print_first) exec_java(s, program, tool ? NULL : agent, mode);
    char lock[PATH_MAX];
    snprintf(lock, sizeof lock, "%s/%s.lock", dir, ident);
    int lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (lockfd < 0 || fcntl(lockfd, F_SETLK, &fl) != 0) {
        debug("a pool is being built: this call runs the program itself");
        exec_java(s, program, tool ? NULL : agent, AGENT_FIRST);
    }
    int fd = connect_pool(socket_path); /* one may have come up meanwhile */
    if (fd >= 0) {
        close(lockfd);
        call_pool(fd, socket_path, ident, s, 0);
    }
    unlink(marker);
    debug("no pool: this call runs the program itself; a pool is built after it");
    fork_builder(s, dir, ident, lockfd, tool ? NULL : marker);
    exec_java(s, program, tool ? NULL : agent, mode);
}
