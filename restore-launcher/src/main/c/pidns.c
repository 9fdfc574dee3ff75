/*
 * jprefork-pidns PROGRAM [ARG...]: runs PROGRAM as the init (pid 1) of a new PID namespace and
 * ends as it ends: the same exit code, or killed by the same signal.
 *
 * The pool manager starts each CRIU template through it. It does what
 * `unshare --pid --fork --kill-child` does, except at the end: util-linux 2.38 (Debian 12)
 * fails to re-raise SIGKILL (signal(SIGKILL, SIG_DFL) is EINVAL) and exits 1 with
 * "sigprocmask unblock failed", so a template killed with SIGKILL gave its caller exit 1 and
 * that message instead of what plain java gives (137). The manager falls back to unshare when
 * this launcher was not built (no C compiler).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "jprefork-pidns: %s: %s\n", what, strerror(errno));
    exit(126);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: jprefork-pidns PROGRAM [ARG...]\n");
        return 2;
    }
    /* As unshare --fork: a terminal's SIGINT or a SIGTERM for this process group reaches the
     * program, which decides; this process waits for it and then mirrors its end. */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &block, &saved) != 0) die("sigprocmask");
    if (unshare(CLONE_NEWPID) != 0) die("unshare(CLONE_NEWPID)");
    /* Open as long as this process lives: the child, whose getppid() is 0 in its namespace,
     * sees end of file on it if this process died before the child asked to die with it. */
    int alive[2];
    if (pipe(alive) != 0) die("pipe");
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        /* --kill-child: the program dies with this process (killed by the manager, or orphaned). */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die("prctl(PR_SET_PDEATHSIG)");
        close(alive[1]);
        struct pollfd gone = {.fd = alive[0], .events = POLLIN};
        if (poll(&gone, 1, 0) != 0) _exit(126);
        close(alive[0]);
        if (sigprocmask(SIG_SETMASK, &saved, NULL) != 0) die("sigprocmask");
        execvp(argv[1], argv + 1);
        fprintf(stderr, "jprefork-pidns: cannot run %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    close(alive[0]);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) die("waitpid");
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    int sig = WTERMSIG(status);
    /* Die of the same signal, without a core file of this process. SIGKILL and SIGSTOP cannot
     * be caught or blocked, so they need (and allow) no preparation. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (sig != SIGKILL && sig != SIGSTOP) {
        signal(sig, SIG_DFL);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        sigprocmask(SIG_UNBLOCK, &one, NULL);
    }
    kill(getpid(), sig);
    return 128 + sig; /* a signal whose default action is not to terminate */
}
