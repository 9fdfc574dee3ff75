package org.jprefork;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jprefork.internal.AgentRuntime;

/**
 * The script side of jprefork: call {@link #initialisationComplete()} once the slow part of
 * start-up is done.
 *
 * <p>Under jprefork, the JVM is checkpointed at that point, and the call returns once per
 * invocation of the program, each time in a fresh copy restored from the checkpoint, with
 * stdin/stdout/stderr, environment and working directory of that invocation's caller. Run
 * standalone (plain {@code java}), it returns once, in place, with this process's own
 * arguments, environment and working directory.
 *
 * <p>Before the call, stdin reads as empty and stdout goes to stderr; read no per-call input,
 * and open no connections, threads or files that must not be shared by all copies.
 */
public final class Prefork {
    private Prefork() {
    }

    /** Same as {@code initialisationComplete(Options.defaults())}. */
    public static Invocation initialisationComplete() {
        return initialisationComplete(Options.defaults());
    }

    /**
     * Marks the end of initialisation. Returns the invocation this copy serves. Calling it again
     * in the same process returns the same invocation.
     */
    public static Invocation initialisationComplete(Options options) {
        Objects.requireNonNull(options, "options");
        return AgentRuntime.get().initialisationComplete(options);
    }

    /**
     * Adds files that, when changed after start-up, make later calls run a fresh initialisation.
     * A path that does not exist is not an error.
     */
    public static void autoreloadAlsoCheck(Path... paths) {
        AgentRuntime.get().autoreloadAlsoCheck(Arrays.asList(paths));
    }

    /** One call of the program: its arguments, environment and working directory. */
    public static final class Invocation {
        private final String[] args;
        private final Map<String, String> env;
        private final Path cwd;

        /** For jprefork's own use; programs receive invocations, they do not make them. */
        public Invocation(String[] args, Map<String, String> env, Path cwd) {
            this.args = args.clone();
            this.env = Map.copyOf(env);
            this.cwd = cwd;
        }

        /** The caller's arguments (after the program name). */
        public String[] args() {
            return args.clone();
        }

        /** The caller's environment; {@code System.getenv()} returns the same. */
        public Map<String, String> env() {
            return env;
        }

        /** The caller's working directory; relative paths resolve against it. */
        public Path cwd() {
            return cwd;
        }
    }

    /** How the pool that serves this program behaves. Immutable; each setter returns a copy. */
    public static final class Options {
        private int maxServers = 4;
        private Duration idleTimeout = Duration.ofSeconds(1_000_000);
        private boolean autoreloadClasspath = true;
        private List<Path> autoreloadExtra = List.of();
        private int maxErrors = 100;
        private String logFacility = "user";
        private int spares = 1;

        private Options() {
        }

        /** maxServers 4, idleTimeout 1,000,000 s, autoreload on, maxErrors 100, facility "user", spares 1. */
        public static Options defaults() {
            return new Options();
        }

        /** Calls served at once; more wait. Negative: no limit. */
        public Options maxServers(int max) {
            Options o = copy();
            o.maxServers = max;
            return o;
        }

        /** With no call for this long, the pool exits. Negative: never. */
        public Options idleTimeout(Duration timeout) {
            Options o = copy();
            o.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return o;
        }

        /** Whether the program file and every class path entry are watched for changes. */
        public Options autoreloadClasspath(boolean watch) {
            Options o = copy();
            o.autoreloadClasspath = watch;
            return o;
        }

        /** More files to watch for changes. */
        public Options autoreloadExtra(Path... paths) {
            Options o = copy();
            o.autoreloadExtra = List.copyOf(Arrays.asList(paths));
            return o;
        }

        /** After more errors than this in the pool manager, it exits. */
        public Options maxErrors(int max) {
            Options o = copy();
            o.maxErrors = max;
            return o;
        }

        /**
         * Syslog facility for the pool manager's errors ("user", "daemon", "local0"...; "" for none).
         *
         * @throws IllegalArgumentException for an unknown facility
         */
        public Options logFacility(String facility) {
            if (!facility.isEmpty()) {
                org.jprefork.protocol.SyslogFacility.code(facility);
            }
            Options o = copy();
            o.logFacility = Objects.requireNonNull(facility, "facility");
            return o;
        }

        /** Restored copies kept ready ahead of demand; 0 restores on demand. */
        public Options spares(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("spares must be >= 0, got " + count);
            }
            Options o = copy();
            o.spares = count;
            return o;
        }

        public int maxServers() {
            return maxServers;
        }

        public Duration idleTimeout() {
            return idleTimeout;
        }

        public boolean autoreloadClasspath() {
            return autoreloadClasspath;
        }

        public List<Path> autoreloadExtra() {
            return autoreloadExtra;
        }

        public int maxErrors() {
            return maxErrors;
        }

        public String logFacility() {
            return logFacility;
        }

        public int spares() {
            return spares;
        }

        private Options copy() {
            Options o = new Options();
            o.maxServers = maxServers;
            o.idleTimeout = idleTimeout;
            o.autoreloadClasspath = autoreloadClasspath;
            o.autoreloadExtra = new ArrayList<>(autoreloadExtra);
            o.maxErrors = maxErrors;
            o.logFacility = logFacility;
            o.spares = spares;
            return o;
        }
    }
}
