/*
 * jprefork: the native client, for the hot path of a call to a warm pool.
 *
 * It does what the Java client (org.jprefork.client.Client) does when a pool manager is already
 * running: computes the ident, connects to the pool's socket, sends CALL with its stdin, stdout
 * and stderr, and turns the reply into its own exit (docs/protocol.md is the spec). Everything
 * else -- starting a pool, -f, --kill, --help, commands (jprefork kill, gc, logs, doctor...), bad
 * command lines, anything unusual -- it hands
 * to the Java launcher by exec'ing it with the original argv, which behaves as if it had been
 * called directly. The Java launcher is $JPREFORK_JAVA_LAUNCHER, else jprefork-java in the
 * directory of this executable.
 *
 * Hidden modes, for tests:
 *   jprefork --selftest-ident-vectors FILE   prints "NAME<TAB>IDENT" for each vector in FILE
 *   jprefork --print-ident WORDS...          prints the ident and the socket path of WORDS,
 *                                            or "DELEGATE reason" (exit 3) where a call would
 *                                            go to the Java launcher
 *   jprefork --print-scan WORDS...           prints "may-call WHY" or "cannot-call WHY": whether
 *                                            the program can call the API (scan.c), uncached
 *   jprefork --print-first-call WORDS...     prints, one word a line, the command line a call
 *                                            would run when no pool answers (nothing is started)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <stdarg.h>

#include "client.h"
#include "ident.h"
#include "sha256.h"

enum { PROTOCOL_VERSION = 2 };
enum { T_HELLO = 0x01, T_CALL = 0x02, T_STATUS = 0x03, T_RUN_PLAIN = 0x04, T_ERROR = 0x05, T_SIGNAL = 0x06,
       T_RUN_LOCAL = 0x50 };
#define MAX_PAYLOAD (64u << 20)
#define MAX_HELLO 4096u

extern char **environ;

static char **g_argv;    /* the original argv: handed unchanged to the Java launcher */
static int g_argc;
static int g_print_mode; /* --print-ident, --print-scan */
static const char *g_run_dir; /* the run directory, once known */
int g_print_first;
static volatile sig_atomic_t g_call_fd = -1; /* the call's connection, once CALL is sent */

/* ---- handing over to the Java launcher ---------------------------------------------------- */

void debug(const char *fmt, ...) {
    if (getenv("JPREFORK_DEBUG") == NULL) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("jprefork: native client: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

_Noreturn void java_launcher(const char *why) {
    if (g_print_mode) {
        printf("DELEGATE %s\n", why);
        exit(3);
    }
    debug("to the Java launcher: %s", why);
    java_launcher_with(NULL, g_argv + 1, g_argc - 1);
}

_Noreturn void java_launcher_with(const char *first, char **words, int nwords) {
    static char path[PATH_MAX];
    const char *launcher = getenv("JPREFORK_JAVA_LAUNCHER");
    if (launcher == NULL || launcher[0] == '\0') {
        static const char name[] = "jprefork-java";
        ssize_t n = readlink("/proc/self/exe", path, sizeof path);
        char *slash = n > 0 && (size_t)n < sizeof path ? memrchr(path, '/', (size_t)n) : NULL;
        if (slash == NULL || (size_t)(slash + 1 - path) + sizeof name > sizeof path) {
            fprintf(stderr, "jprefork: cannot find the Java launcher (is /proc mounted?)\n");
            exit(EXIT_SERVER_FAILED);
        }
        memcpy(slash + 1, name, sizeof name);
        launcher = path;
    }
    char **argv = calloc((size_t)nwords + 3, sizeof *argv);
    if (argv != NULL) {
        int k = 0;
        argv[k++] = (char *)launcher;
        if (first != NULL) argv[k++] = (char *)first;
        for (int i = 0; i < nwords; i++) argv[k++] = words[i];
        execv(launcher, argv);
    }
    fprintf(stderr, "jprefork: cannot run the Java launcher %s: %s\n", launcher, strerror(errno));
    exit(EXIT_SERVER_FAILED);
}

/* ---- the command line ------------------------------------------------------------------- */

/* The #! form: a first word that starts with '-' and holds commas is split at them. */
static char **comma_form(char **argv, int argc, int *n) {
    char **words = calloc((size_t)argc + 1 + (argc > 0 ? strlen(argv[0]) : 0), sizeof *words);
    if (words == NULL) java_launcher("out of memory");
    int k = 0, i = 0;
    if (argc > 0 && argv[0][0] == '-' && strchr(argv[0], ',') != NULL) {
        char *rest = strdup(argv[0]), *piece;
        if (rest == NULL) java_launcher("out of memory");
        while ((piece = strsep(&rest, ",")) != NULL) {
            if (piece[0] != '\0') words[k++] = piece;
        }
        i = 1;
    }
    while (i < argc) words[k++] = argv[i++];
    *n = k;
    return words;
}

static const char *const OPTIONS_WITH_VALUE[] = {
    "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
    "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
    "--patch-module", "--source", "--enable-native-access", NULL};

static int takes_value(const char *w) {
    for (const char *const *o = OPTIONS_WITH_VALUE; *o != NULL; o++) {
        if (strcmp(w, *o) == 0) return 1;
    }
    return 0;
}

/* Splits the java launcher words as org.jprefork.protocol.JavaCommandLine does. */
static void split_java_words(char **w, int n, struct spec *s) {
    int source_mode = 0;
    s->options = w;
    for (int i = 0; i < n;) {
        const char *x = w[i];
        int consumed = 1;
        s->noptions = i;
        if (strcmp(x, "-jar") == 0 || strcmp(x, "-m") == 0 || strcmp(x, "--module") == 0) {
            if (i + 1 >= n) java_launcher("no program after -jar, -m or --module");
            s->program[0] = strcmp(x, "-jar") == 0 ? "-jar" : "-m";
            s->program[1] = w[i + 1];
            s->nprogram = 2;
            s->form = strcmp(x, "-jar") == 0 ? FORM_JAR : FORM_MODULE;
            consumed = 2;
        } else if (strncmp(x, "--module=", 9) == 0) {
            s->program[0] = "-m";
            s->program[1] = x + 9;
            s->nprogram = 2;
            s->form = FORM_MODULE;
        } else if (x[0] != '-') {
            size_t len = strlen(x);
            s->program[0] = x;
            s->nprogram = 1;
            s->form = source_mode || (len >= 5 && strcasecmp(x + len - 5, ".java") == 0) ? FORM_SOURCE : FORM_MAIN_CLASS;
        } else if (takes_value(x)) {
            if (strcmp(x, "--source") == 0) source_mode = 1;
            if (i + 1 >= n) java_launcher("a java option lacks its value");
            i += 2;
            continue;
        } else {
            if (strncmp(x, "--source=", 9) == 0) source_mode = 1;
            i++;
            continue;
        }
        s->args = w + i + consumed;
        s->nargs = n - i - consumed;
        return;
    }
    java_launcher("no program");
}

/* Parses jprefork's options as the Java launcher (picocli) does, for the forms it accepts. */
static void parse_command_line(char **w, int n, struct spec *s) {
    int seen_u = 0, seen_e = 0, seen_g = 0, seen_ident = 0, seen_engine = 0, seen_at = 0, seen_warmup = 0,
        seen_verify = 0, i;
    memset(s, 0, sizeof *s);
    s->words = w;
    s->nwords = n;
    s->extras = calloc((size_t)n + 1, sizeof *s->extras);
    if (s->extras == NULL) java_launcher("out of memory");
    for (i = 0; i < n; i++) {
        if (w[i][0] == '@') java_launcher("an @argfile word (the Java launcher expands those)");
    }
    for (i = 0; i < n && w[i][0] == '-'; i++) {
        const char *o = w[i];
        if (strcmp(o, "-U") == 0) {
            if (seen_u++) java_launcher("-U repeated");
            continue;
        }
        if (strcmp(o, "--ident-cwd") == 0) {
            if (s->ident_cwd++) java_launcher("--ident-cwd repeated");
            continue;
        }
        if (strncmp(o, "--engine=", 9) == 0 || strncmp(o, "--checkpoint-at=", 16) == 0
            || strncmp(o, "--warmup=", 9) == 0 || strncmp(o, "--verify-warmup=", 16) == 0) {
            /* In the ident as the Java launcher puts it: a G field holding the whole word. The
             * Java launcher checks the values when it starts the pool. */
            int *seen = o[2] == 'e' ? &seen_engine : o[2] == 'c' ? &seen_at : o[2] == 'v' ? &seen_verify : &seen_warmup;
            if ((*seen)++) java_launcher("an option repeated");
            s->extras[s->nextras].kind = 'G';
            s->extras[s->nextras++].value = o;
            continue;
        }
        if (o[1] != 'E' && o[1] != 'G' && o[1] != 'g') java_launcher("an option the Java launcher handles");
        const char *v = o[2] != '\0' ? o + 2 : i + 1 < n ? w[++i] : NULL;
        if (v == NULL || v[0] == '-' || v[0] == '=') {
            java_launcher("an option value that is missing or looks like an option");
        }
        int *seen = o[1] == 'E' ? &seen_e : o[1] == 'G' ? &seen_g : &seen_ident;
        if ((*seen)++) java_launcher("an option repeated");
        if (o[1] == 'g') {
            s->given_ident = v;
        } else if (o[1] == 'E' && (v[0] == '\0' || strchr(v, '=') != NULL)) {
            java_launcher("-E with an unusual variable name");
        } else {
            s->extras[s->nextras].kind = o[1];
            s->extras[s->nextras++].value = v;
        }
    }
    if (!seen_u) java_launcher("no -U");
    if (i >= n) java_launcher("no interpreter");
    s->java = w[i];
    split_java_words(w + i + 1, n - i - 1, s);
}

static int executable(const char *p) {
    struct stat st;
    return access(p, X_OK) == 0 && stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* Executables.find: a word with '/' is a path, else it is looked up along PATH; the path found
 * goes into found (as built: "dir/word", or the word). */
static int interpreter_found(const char *word, char *found, size_t size) {
    if (strchr(word, '/') != NULL) return executable(word) && snprintf(found, size, "%s", word) < (int)size;
    const char *path = getenv("PATH");
    if (path == NULL) path = "/usr/local/bin:/usr/bin:/bin";
    size_t len = strlen(path);
    if (len > 0) {
        while (len > 0 && path[len - 1] == ':') len--; /* as String.split: no trailing empties */
        if (len == 0) return 0;
    }
    for (const char *p = path, *end = path + len;;) {
        const char *colon = memchr(p, ':', (size_t)(end - p));
        size_t dlen = colon != NULL ? (size_t)(colon - p) : (size_t)(end - p);
        int k = snprintf(found, size, "%.*s/%s", (int)dlen, dlen > 0 ? p : ".", word);
        if (k > 0 && (size_t)k < size && executable(found)) return 1;
        if (colon == NULL) return 0;
        p = colon + 1;
    }
}

/* ---- the ident (ident.c has the recipe) ---------------------------------------------- */

/* /proc/sys/kernel/NAME without its final newline; ASCII only (else the Java launcher decides). */
static void read_kernel(const char *name, char *buf, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/sys/kernel/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = 0, r;
    if (fd < 0) java_launcher("cannot read /proc/sys/kernel");
    do {
        r = read(fd, buf + n, size - 1 - (size_t)n);
        n += r > 0 ? r : 0;
    } while ((r > 0 && (size_t)n < size - 1) || (r < 0 && errno == EINTR));
    close(fd);
    if (r != 0) java_launcher("cannot read /proc/sys/kernel, or a kernel fact is too long");
    if (n > 0 && buf[n - 1] == '\n') n--;
    buf[n] = '\0';
    for (ssize_t i = 0; i < n; i++) {
        if ((unsigned char)buf[i] >= 0x80 || buf[i] == '\0') java_launcher("non-ASCII kernel fact");
    }
}

static void dev_ino(const char *path, char *out, size_t size) {
    struct stat st;
    if (stat(path, &st) != 0) java_launcher("cannot stat the working directory or /");
    /* As Java prints them: signed 64-bit. */
    snprintf(out, size, "%lld:%lld", (long long)st.st_dev, (long long)st.st_ino);
}

static int valid_given_ident(const char *id) {
    size_t n = strlen(id);
    if (n < 1 || n > 64 || id[0] == '.') return 0;
    return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

/* The call as ident.c takes it, with this process's environment. */
static struct ident_call ident_call_of(const struct spec *s, char *const *envp) {
    struct ident_call c = {envp, s->extras, s->nextras, s->ident_cwd, s->java, s->options, s->noptions,
                           {s->program[0], s->program[1]}, s->nprogram, s->form};
    return c;
}

static void compute_ident(const struct spec *s, const char *java_found, char out[65]) {
    if (s->given_ident != NULL) {
        if (!valid_given_ident(s->given_ident)) java_launcher("invalid -g ident");
        strcpy(out, s->given_ident);
        return;
    }
    static const char *const names[4] = {"ostype", "hostname", "osrelease", "version"};
    static char facts[4][1024];
    char cwd[64], root[64], real[PATH_MAX];
    struct ident_facts f = {{NULL}, cwd, root, 0, real};
    for (int i = 0; i < 4; i++) {
        read_kernel(names[i], facts[i], sizeof facts[i]);
        f.kernel[i] = facts[i];
    }
    dev_ino(".", cwd, sizeof cwd);
    dev_ino("/", root, sizeof root);
    mode_t mask = umask(0);
    umask(mask);
    f.umask = (unsigned)mask;
    if (realpath(java_found, real) == NULL) java_launcher("cannot resolve the interpreter's real path");
    struct ident_call c = ident_call_of(s, environ);
    if (ident_compute(&c, &f, out) != 0) java_launcher("out of memory");
}

/* ---- the run directory ------------------------------------------------------------------ */

/* As java.nio's Path: no repeated '/', no trailing '/'. */
static void normalise(char *p) {
    char *out = p;
    for (const char *in = p; *in != '\0'; in++) {
        if (!(*in == '/' && out > p && out[-1] == '/')) *out++ = *in;
    }
    if (out > p + 1 && out[-1] == '/') out--;
    *out = '\0';
}

static void join(char *out, size_t size, const char *a, const char *b, const char *c) {
    int n = snprintf(out, size, c != NULL ? "%s/%s/%s" : "%s/%s", a, b, c);
    if (n < 0 || (size_t)n >= size) java_launcher("run directory path too long");
    normalise(out);
}

/* RunDir.choose: JPREFORK_RUN_DIR, XDG_RUNTIME_DIR/jprefork, /run/user/UID/jprefork, ~/.jprefork/HOST. */
static void run_dir(char *out, size_t size) {
    const char *e = getenv("JPREFORK_RUN_DIR");
    struct stat st, lst;
    if (e != NULL && e[0] != '\0') {
        char *cwd = e[0] == '/' ? strdup("") : getcwd(NULL, 0); /* toAbsolutePath */
        if (cwd == NULL) java_launcher("relative JPREFORK_RUN_DIR and no working directory");
        join(out, size, cwd, e, NULL);
        free(cwd);
        return;
    }
    if ((e = getenv("XDG_RUNTIME_DIR")) != NULL && e[0] != '\0') {
        join(out, size, e, "jprefork", NULL);
        return;
    }
    uid_t uid = geteuid();
    char user_run[64];
    snprintf(user_run, sizeof user_run, "/run/user/%u", (unsigned)uid);
    if (stat(user_run, &st) == 0 && S_ISDIR(st.st_mode) && lstat(user_run, &lst) == 0 && lst.st_uid == uid) {
        join(out, size, user_run, "jprefork", NULL);
        return;
    }
    /* The Java launcher uses user.home, which Java 17 takes from the passwd entry, not $HOME. */
    struct passwd *pw = getpwuid(getuid());
    const char *home = getenv("HOME");
    if (pw == NULL || pw->pw_dir == NULL || strlen(pw->pw_dir) < 2) {
        java_launcher("no home directory in the passwd entry");
    }
    if (home != NULL && home[0] != '\0' && strcmp(home, pw->pw_dir) != 0) {
        java_launcher("$HOME differs from the passwd entry's home directory");
    }
    char host[1024], *h = host;
    read_kernel("hostname", host, sizeof host);
    while (*h != '\0' && (unsigned char)*h <= ' ') h++; /* as String.trim */
    for (size_t n = strlen(h); n > 0 && (unsigned char)h[n - 1] <= ' '; n--) h[n - 1] = '\0';
    join(out, size, pw->pw_dir, ".jprefork", h);
}

/* Creates the directory (0700, as RunDir does); it must be ours and 0700 (else the Java launcher says why). */
static void check_run_dir(const char *dir) {
    struct stat st;
    if (lstat(dir, &st) != 0) {
        char parent[PATH_MAX];
        snprintf(parent, sizeof parent, "%s", dir);
        for (char *p = parent + 1; *p != '\0'; p++) {
            if (*p != '/') continue;
            *p = '\0';
            if (mkdir(parent, 0777) != 0 && errno != EEXIST) java_launcher("cannot create the run directory");
            *p = '/';
        }
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) java_launcher("cannot create the run directory");
        if (lstat(dir, &st) != 0) java_launcher("no run directory");
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0777) != 0700) {
        java_launcher("the run directory is not a private directory of ours");
    }
}

/* ---- the connection --------------------------------------------------------------------- */

int connect_pool(const char *path) {
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path) java_launcher("socket path too long");
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) java_launcher("socket() failed");
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        int err = errno;
        socklen_t len = sizeof err;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (err != EINTR) {
            close(fd);
            return -1;
        }
        while (poll(&p, 1, -1) < 0) {
            if (errno != EINTR) java_launcher("no pool manager answers");
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

/* Reads up to n bytes; fewer only at the end of the stream (a reset counts as the end). */
static size_t read_full(int fd, void *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = read(fd, (char *)buf + done, n - done);
        if (r > 0) done += (size_t)r;
        else if (r == 0 || errno != EINTR) break;
    }
    return done;
}

static int send_full(int fd, const unsigned char *buf, size_t n) {
    while (n > 0) {
        ssize_t r = send(fd, buf, n, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        buf += r;
        n -= (size_t)r;
    }
    return 0;
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *put_u32(unsigned char *p, size_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put_bytes(unsigned char *p, const char *s) {
    size_t n = strlen(s);
    memcpy(put_u32(p, n), s, n);
    return p + 4 + n;
}

enum { FRAME_OK, FRAME_EOF, FRAME_BAD };

/* Reads one frame: FRAME_EOF at the end of the stream before it, FRAME_BAD if cut or too large. */
static int read_frame(int fd, int *type, unsigned char **payload, uint32_t *len, uint32_t max) {
    unsigned char head[5];
    size_t n = read_full(fd, head, sizeof head);
    if (n == 0) return FRAME_EOF;
    if (n < sizeof head || (*len = get_u32(head + 1)) > max || (*payload = malloc(*len + 1)) == NULL) {
        return FRAME_BAD;
    }
    *type = head[0];
    return read_full(fd, *payload, *len) == *len ? FRAME_OK : FRAME_BAD;
}

/* HELLO: "JPFK" and our protocol version, as the manager's. */
static int send_hello(int fd) {
    const unsigned char hello[11] = {T_HELLO, 0, 0, 0, 6, 'J', 'P', 'F', 'K', PROTOCOL_VERSION >> 8, PROTOCOL_VERSION & 0xff};
    return send_full(fd, hello, sizeof hello);
}

/* CALL: list(args) list(environ) bytes(cwd); its type byte carries fds 0, 1 and 2. */
static int send_call(int fd, const struct spec *s) {
    char *cwd = getcwd(NULL, 0);
    const char *dir = cwd != NULL ? cwd : getenv("PWD") != NULL ? getenv("PWD") : "/";
    size_t size = 5 + 4 + 4 + 4 + strlen(dir), nenv = 0;
    for (int i = 0; i < s->nargs; i++) size += 4 + strlen(s->args[i]);
    for (char **e = environ; *e != NULL; e++) {
        if (strchr(*e, '=') != NULL) { /* as Java's System.getenv */
            size += 4 + strlen(*e);
            nenv++;
        }
    }
    unsigned char *frame = size - 5 <= MAX_PAYLOAD ? malloc(size) : NULL, *p;
    if (frame == NULL) java_launcher("call too large");
    frame[0] = T_CALL;
    p = put_u32(put_u32(frame + 1, size - 5), (size_t)s->nargs);
    for (int i = 0; i < s->nargs; i++) p = put_bytes(p, s->args[i]);
    p = put_u32(p, nenv);
    for (char **e = environ; *e != NULL; e++) {
        if (strchr(*e, '=') != NULL) p = put_bytes(p, *e);
    }
    put_bytes(p, dir);
    free(cwd);

    int fds[3] = {0, 1, 2};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof fds)];
    } control;
    memset(&control, 0, sizeof control);
    struct iovec iov = {.iov_base = frame, .iov_len = 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    ssize_t r;
    while ((r = sendmsg(fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
    }
    int rc = r == 1 ? send_full(fd, frame + 1, size - 1) : -1;
    free(frame);
    return rc;
}

/* ---- the reply -------------------------------------------------------------------------- */

/* As prefork-interp: the program's exit code, or its death by INT, TERM, HUP, PIPE or KILL. */
static _Noreturn void exit_like(uint32_t status) {
    int sig = (int)(status & 0x7f), core = (status & 0x80) != 0;
    g_call_fd = -1;
    if (sig == 0) exit((int)((status >> 8) & 0xff));
    if (!core && (sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGPIPE || sig == SIGKILL)) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        if (sig != SIGKILL) signal(sig, SIG_DFL);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(sig);
        exit(128 + sig); /* not reached */
    }
    fprintf(stderr, "jprefork: program killed by signal %d%s\n", sig, core ? " (core dumped)" : "");
    exit(EXIT_UNUSUAL_SIGNAL);
}

/* As org.jprefork.protocol.LogHint (tested against it): where a failed call's reason is. */
#define LOG_HINT "see: jprefork logs %.12s"

static _Noreturn void call_lost(const char *ident) {
    fprintf(stderr, "jprefork: the pool manager closed the connection during the call; " LOG_HINT "\n", ident);
    exit(EXIT_SERVER_FAILED);
}

/* ---- signals meant for the program -------------------------------------------------------- */

static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGCONT, SIGTSTP, SIGWINCH};

static void install(int sig, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/*
 * Sends SIGNAL to the manager, which delivers it to the copy running the call: Ctrl-C, kill and
 * window resizes reach the program as they would reach plain java. Async-signal-safe: one
 * write(2) of a 9-byte frame, which a stream socket does not split. On TSTP the client then
 * stops itself, as a job-control-aware program does; on CONT it is ready to stop again.
 */
static void forward(int sig) {
    int saved = errno;
    unsigned char frame[9] = {T_SIGNAL, 0, 0, 0, 4, 0, 0, 0, (unsigned char)sig};
    if (g_call_fd >= 0) (void)!send((int)g_call_fd, frame, sizeof frame, MSG_NOSIGNAL);
    if (sig == SIGTSTP) {
        signal(SIGTSTP, SIG_DFL);
        raise(SIGTSTP); /* pending until this handler returns: then the client stops */
    } else if (sig == SIGCONT) {
        install(SIGTSTP, forward);
    }
    errno = saved;
}

/* Signals the caller ignores (nohup, a background job's INT) stay ignored, as for plain java. */
static void forward_signals(int fd) {
    g_call_fd = fd;
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        struct sigaction old;
        if (sigaction(forwarded[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        install(forwarded[i], forward);
    }
}

/*
 * RUN_LOCAL: list(command words) string(note). Returns only when the payload is malformed; else
 * prints the note and runs the command with the program's arguments.
 */
static void run_local_reply(int fd, const unsigned char *p, uint32_t len, const struct spec *s) {
    if (len < 4) return;
    uint32_t count = get_u32(p), at = 4;
    char **words = calloc((size_t)count + 1, sizeof *words);
    if (words == NULL || count > len / 4) return;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t n;
        if (len - at < 4 || (n = get_u32(p + at)) > len - at - 4) return;
        words[i] = strndup((const char *)p + at + 4, n);
        if (words[i] == NULL || strlen(words[i]) != n) return;
        at += 4 + n;
    }
    uint32_t n;
    if (count == 0 || len - at < 4 || (n = get_u32(p + at)) != len - at - 4) return;
    if (n > 0) {
        fwrite(p + at + 4, 1, n, stderr);
        fputc('\n', stderr);
    }
    close(fd);
    run_local(words, (int)count, s);
}

_Noreturn void run_local(char **command, int ncommand, const struct spec *s) {
    char **argv = calloc((size_t)ncommand + (size_t)s->nargs + 1, sizeof *argv);
    if (argv == NULL) java_launcher("out of memory");
    int k = 0;
    for (int i = 0; i < ncommand; i++) argv[k++] = command[i];
    for (int i = 0; i < s->nargs; i++) argv[k++] = s->args[i];
    g_call_fd = -1;
    execvp(argv[0], argv);
    fprintf(stderr, "jprefork: cannot run %s: %s\n", argv[0], strerror(errno));
    exit(EXIT_UNUSUAL_SIGNAL);
}

/* Waits for the manager's reply to the call and acts on it. */
static _Noreturn void await_reply(int fd, const char *ident, const struct spec *s) {
    int type = 0;
    unsigned char *p = NULL;
    uint32_t len = 0;
    if (read_frame(fd, &type, &p, &len, MAX_PAYLOAD) != FRAME_OK) call_lost(ident);
    switch (type) {
    case T_STATUS:
        if (len == 4) exit_like(get_u32(p));
        break;
    case T_RUN_PLAIN:
        if (len >= 4 && get_u32(p) == len - 4) {
            close(fd);
            java_launcher("the pool manager says: run the program plainly");
        }
        break;
    case T_RUN_LOCAL:
        run_local_reply(fd, p, len, s);
        break;
    case T_ERROR:
        if (len >= 8 && get_u32(p + 4) == len - 8) {
            fwrite(p + 8, 1, len - 8, stderr);
            fprintf(stderr, " (" LOG_HINT ")\n", ident);
            exit((int)(get_u32(p) & 0xff));
        }
        break;
    }
    call_lost(ident);
}

static _Noreturn void call(const char *socket_path, const char *ident, const struct spec *s) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0) java_launcher("stdin, stdout or stderr is closed");
    }
    int fd = connect_pool(socket_path);
    if (fd < 0) no_pool_call(s, g_run_dir, ident, socket_path);
    call_pool(fd, socket_path, ident, s, 1);
}

_Noreturn void call_pool(int fd, const char *socket_path, const char *ident, const struct spec *s, int may_start) {
    int type = 0;
    unsigned char *hello = NULL;
    uint32_t len = 0;
    struct ucred peer;
    socklen_t plen = sizeof peer;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &plen) != 0 || peer.uid != geteuid()) {
        java_launcher("the pool manager is not ours");
    }
    /* Signals that arrive while CALL is being sent wait (blocked) and are forwarded right after:
     * nothing may precede CALL on the connection, and none may kill the client meanwhile. */
    sigset_t block, saved;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaddset(&block, forwarded[i]);
    sigprocmask(SIG_BLOCK, &block, &saved);
    /* Our HELLO and the CALL go out before the manager's HELLO is read (protocol 2): the
     * manager writes its HELLO before it reads anything, so a connection that ends before
     * that HELLO never had its call taken, and a manager of another version refuses our HELLO
     * without reading the CALL. One wake-up of each side less per call. */
    int sent = send_hello(fd) == 0 && send_call(fd, s) == 0;
    int got = read_frame(fd, &type, &hello, &len, MAX_HELLO);
    if (got == FRAME_EOF) { /* exiting (idle timeout): as if there were none */
        sigprocmask(SIG_SETMASK, &saved, NULL);
        close(fd);
        if (may_start) no_pool_call(s, g_run_dir, ident, socket_path);
        java_launcher("the pool manager is exiting");
    }
    if (got == FRAME_BAD || type != T_HELLO || len < 6 || memcmp(hello, "JPFK", 4) != 0) {
        sigprocmask(SIG_SETMASK, &saved, NULL);
        java_launcher("bad greeting");
    }
    unsigned version = (unsigned)hello[4] << 8 | hello[5];
    if (version != PROTOCOL_VERSION) {
        fprintf(stderr, "jprefork: pool manager speaks protocol %u, this client speaks %d; "
                        "restart it with jprefork -f ...\n", version, PROTOCOL_VERSION);
        exit(EXIT_SERVER_FAILED);
    }
    if (!sent) {
        sigprocmask(SIG_SETMASK, &saved, NULL);
        java_launcher("the pool manager closed the connection before taking the call");
    }
    forward_signals(fd);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    await_reply(fd, ident, s);
}

/* ---- test modes ------------------------------------------------------------------------- */

/* One vector of ident-vectors.txt being read. */
struct vector {
    char *name, *kernel, *cwd, *root, *real, *java;
    unsigned umask;
    int ident_cwd, nenv, nextras, nwords;
    char *env[64], *words[64];
    struct ident_extra extras[16];
};

static int vector_add(char **list, int *n, int max, const char *value) {
    if (*n >= max - 1 || (list[*n] = strdup(value)) == NULL) return -1;
    list[++*n] = NULL;
    return 0;
}

/* Prints "NAME<TAB>IDENT" for each vector of an ident-vectors.txt (format at its top). */
static int selftest_ident_vectors(const char *file) {
    FILE *f = fopen(file, "r");
    char *line = NULL, hex[33];
    size_t cap = 0;
    ssize_t n;
    struct vector v;
    memset(&v, 0, sizeof v);
    if (f == NULL) {
        fprintf(stderr, "jprefork: %s: %s\n", file, strerror(errno));
        return 2;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        if (n > 0 && line[n - 1] == '\n') line[--n] = '\0';
        if (n == 0 || line[0] == '#') continue;
        char *value = strchr(line, ' '), *key = line;
        value = value != NULL ? (*value = '\0', value + 1) : line + n;
        int bad = 0;
        if (strcmp(key, "vector") == 0) {
            memset(&v, 0, sizeof v); /* the strings of the last vector are left: a test mode */
            v.name = strdup(value);
        } else if (strcmp(key, "kernel") == 0) {
            v.kernel = strdup(value);
        } else if (strcmp(key, "cwd") == 0) {
            v.cwd = strdup(value);
        } else if (strcmp(key, "root") == 0) {
            v.root = strdup(value);
        } else if (strcmp(key, "umask") == 0) {
            v.umask = (unsigned)strtoul(value, NULL, 8);
        } else if (strcmp(key, "real") == 0) {
            v.real = strdup(value);
        } else if (strcmp(key, "environ") == 0) {
            bad = vector_add(v.env, &v.nenv, 64, value);
        } else if ((strcmp(key, "E") == 0 || strcmp(key, "G") == 0) && v.nextras < 16) {
            v.extras[v.nextras].kind = key[0];
            v.extras[v.nextras++].value = strdup(value);
        } else if (strcmp(key, "identcwd") == 0) {
            v.ident_cwd = 1;
        } else if (strcmp(key, "interp") == 0) {
            v.java = strdup(value);
        } else if (strcmp(key, "word") == 0) {
            bad = vector_add(v.words, &v.nwords, 64, value);
        } else if (strcmp(key, "end") == 0 && v.name != NULL && v.kernel != NULL) {
            struct spec s;
            char *parts[5] = {NULL}, *rest = strdup(v.kernel);
            for (int k = 0; k < 4 && (parts[k] = strsep(&rest, "|")) != NULL; k++) {
            }
            memset(&s, 0, sizeof s);
            s.extras = v.extras;
            s.nextras = v.nextras;
            s.ident_cwd = v.ident_cwd;
            s.java = v.java;
            split_java_words(v.words, v.nwords, &s);
            struct ident_facts facts = {{parts[0], parts[1], parts[2], parts[3]}, v.cwd, v.root, v.umask, v.real};
            struct ident_call c = ident_call_of(&s, v.env);
            if (ident_compute(&c, &facts, hex) != 0) return 2;
            printf("%s\t%s\n", v.name, hex);
        } else if (strcmp(key, "ident") != 0 && strcmp(key, "same-as") != 0 && strcmp(key, "differs-from") != 0) {
            bad = 1;
        }
        if (bad) {
            fprintf(stderr, "jprefork: bad line in %s: %s\n", file, key);
            return 2;
        }
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv) {
    g_argv = argv;
    g_argc = argc;
    if (argc >= 2 && strcmp(argv[1], "--selftest-ident-vectors") == 0) {
        return argc == 3 ? selftest_ident_vectors(argv[2]) : 2;
    }
    char **user = argv + 1;
    int nuser = argc - 1, nwords, print_scan = argc >= 2 && strcmp(argv[1], "--print-scan") == 0;
    g_print_first = argc >= 2 && strcmp(argv[1], "--print-first-call") == 0;
    if (argc >= 2 && (strcmp(argv[1], "--print-ident") == 0 || print_scan || g_print_first)) {
        g_print_mode = 1;
        user++;
        nuser--;
    }
    char **words = comma_form(user, nuser, &nwords);
    /* A call starts with an option (-U); a first word that is none names a command (kill, gc,
     * logs, doctor...): the Java launcher has them all, so no list here can drift from it. */
    if (nwords > 0 && words[0][0] != '-') java_launcher("a jprefork command");
    struct spec s;
    parse_command_line(words, nwords, &s);
    if (print_scan) {
        const char *why = "";
        struct scan_job job = {s.form, s.program[s.nprogram - 1], s.options, s.noptions, NULL, agent_jar()};
        int may = scan_may_call(&job, &why);
        printf("%s %s\n", may == 2 ? "may-call-bundled" : may ? "may-call" : "cannot-call", why);
        return 0;
    }
    char dir[PATH_MAX], ident[65], socket_path[PATH_MAX + 80], java_found[PATH_MAX];
    if (!interpreter_found(s.java, java_found, sizeof java_found)) java_launcher("interpreter not found");
    const char *plain = ident_plain_only(environ);
    if (plain != NULL) java_launcher(plain); /* the Java launcher runs plain java, and says why */
    run_dir(dir, sizeof dir);
    compute_ident(&s, java_found, ident);
    check_run_dir(dir);
    g_run_dir = dir;
    snprintf(socket_path, sizeof socket_path, "%s/%s.s", dir, ident);
    if (g_print_first) no_pool_call(&s, dir, ident, socket_path);
    if (g_print_mode) {
        printf("%s\n%s\n", ident, socket_path);
        return 0;
    }
    call(socket_path, ident, &s);
}
