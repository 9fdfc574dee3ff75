/*
 * The ident recipe, version 2 (docs/protocol.md, "Ident"), as org.jprefork.protocol.Ident,
 * WorkingDirectoryUse, IdentEnvironment and JvmOptionWords compute it: the shared vectors in
 * protocol/src/test/resources/ident-vectors.txt check that both give the same idents.
 */
#ifndef JPREFORK_IDENT_H
#define JPREFORK_IDENT_H

/* An -E VAR ('E') or -G STRING ('G') item; --engine=, --checkpoint-at= and --warmup= are G items. */
struct ident_extra {
    char kind;
    const char *value;
};

/* What a call says: its environment and words. */
struct ident_call {
    char *const *envp; /* NAME=VALUE entries, NULL-terminated */
    const struct ident_extra *extras;
    int nextras;
    int ident_cwd;    /* --ident-cwd */
    const char *java; /* the interpreter word as given */
    char *const *options; /* launcher words before the program */
    int noptions;
    const char *program[2]; /* X, or -jar X, or -m X */
    int nprogram;
    char form; /* 'C' main class, 'S' source file, 'J' jar, 'M' module */
};

/* What the client read from the machine and from itself. */
struct ident_facts {
    const char *kernel[4]; /* ostype, hostname, osrelease, version */
    const char *cwd;       /* DEV:INO of the working directory */
    const char *root;      /* DEV:INO of / */
    unsigned umask;
    const char *java_real; /* the real path of the executable the interpreter word names */
};

/* The value of the first NAME= entry of envp, or NULL. */
const char *ident_getenv(char *const *envp, const char *name);

/* Why the program can observe the working directory (a static description), or NULL. */
const char *ident_cwd_reason(const struct ident_call *c);

/* The class path JDK_JAVA_OPTIONS gives last (ClassPathEntries.lastGiven), malloc'd, or NULL. */
char *ident_options_class_path(char *const *envp);

/* Why a copy cannot serve a caller with this environment as plain java would, or NULL. */
const char *ident_plain_only(char *const *envp);

/* Computes the ident into out (32 hex digits); -1 when out of memory. */
int ident_compute(const struct ident_call *c, const struct ident_facts *f, char out[33]);

#endif
