/* What the native client's parts share: the parsed command line and the hand-over. */
#ifndef JPREFORK_CLIENT_H
#define JPREFORK_CLIENT_H

#include "ident.h"
#include "scan.h"

enum { EXIT_SERVER_FAILED = 120, EXIT_UNUSUAL_SIGNAL = 127 };

struct spec {
    char **words; /* jprefork's command line, the #! comma form split */
    int nwords;
    struct ident_extra *extras; /* -E and -G, in command-line order */
    int nextras;
    int ident_cwd;           /* --ident-cwd */
    const char *given_ident; /* -g, or NULL */
    const char *java;        /* the interpreter word as given */
    char **options;          /* launcher words before the program */
    int noptions;
    const char *program[2]; /* the program as ident words: X, or -jar X, or -m X */
    int nprogram;
    char form;   /* an enum program_form: 'C' main class, 'S' source file, 'J' jar, 'M' module */
    char **args; /* the program's own arguments */
    int nargs;
};

/* --print-first-call: print the command line a call without a pool would run, instead of running it. */
extern int g_print_first;

/* Execs the Java launcher with the original argv: it handles everything this client does not. */
_Noreturn void java_launcher(const char *why);

/* Execs the Java launcher with FIRST then WORDS (NULL FIRST: WORDS alone). */
_Noreturn void java_launcher_with(const char *first, char **words, int nwords);

/* Says on stderr why the client does what it does, when JPREFORK_DEBUG is set. */
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A connection to the pool's socket, or -1 when no pool answers. */
int connect_pool(const char *path);

/* Serves the call on a connection to a pool manager; falls back as call() does. */
_Noreturn void call_pool(int fd, const char *socket_path, const char *ident, const struct spec *s, int may_start);

/*
 * No pool answers: the call runs the program itself, as plain java, and has a pool built after
 * it in the background (firstcall.c).
 */
_Noreturn void no_pool_call(const struct spec *s, const char *dir, const char *ident, const char *socket_path);

/* The checkpoint-agent jar the Java launcher would use (real path), or NULL. */
const char *agent_jar(void);

/* Runs COMMAND (NULL-terminated, from a RUN_LOCAL reply) followed by the program's arguments. */
_Noreturn void run_local(char **command, int ncommand, const struct spec *s);

#endif
