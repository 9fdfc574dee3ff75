package org.jprefork.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What jprefork tells the agent on the {@code -javaagent} line:
 * {@code fd=N[,engine=NAME][,dir=DIR][,main=CLASS[,warmup=WORDS]][,nice=N],socket=PATH}. The socket
 * path comes last and runs to the end of the string, so it may contain commas; DIR is base64url
 * of a path, WORDS base64url of the warm-up arguments joined by NUL.
 *
 * @param controlFd the read end of the pipe the template parks on across the checkpoint
 * @param engine    how the manager checkpoints: "criu" (it dumps us; also "warm", no dump)
 *                  or "crac" (we ask the JDK to checkpoint itself)
 * @param dumpDir   the private directory to be in while dumped (criu), or null ("/")
 * @param main      for a tool run unmodified (--checkpoint-at=main): its main class, else null
 * @param warmup    arguments of a warm-up run of that main before the checkpoint (may be empty)
 * @param nice      the scheduling priority to take before parking (the template initialised at a
 *                  lower one, and copies keep what the image holds), or null to keep its own
 * @param socket    the pool manager's socket
 */
public record AgentConfig(int controlFd, String engine, String dumpDir, String main, List<String> warmup,
                          Integer nice, Path socket) {
    public static final String CRIU = "criu";
    public static final String CRAC = "crac";
    /** Pre-initialised JVMs that wait at the checkpoint: nothing is dumped. */
    public static final String WARM = "warm";
    /** The system property, given on a CRaC copy's restore command line, that names the copy. */
    public static final String COPY_PROPERTY = "jprefork.copy";

    public static AgentConfig parse(String agentArgs) {
        if (agentArgs == null || !agentArgs.startsWith("fd=")) {
            throw new IllegalArgumentException("jprefork agent arguments must be fd=N[,engine=NAME],socket=PATH, got: "
                    + agentArgs);
        }
        int socketAt = agentArgs.indexOf(",socket=");
        if (socketAt < 0) {
            throw new IllegalArgumentException("jprefork agent arguments lack socket=PATH: " + agentArgs);
        }
        int fd = -1;
        String engine = CRIU;
        String dumpDir = null;
        String main = null;
        List<String> warmup = List.of();
        Integer nice = null;
        for (String item : agentArgs.substring(0, socketAt).split(",")) {
            if (item.startsWith("fd=")) {
                fd = Integer.parseInt(item.substring(3));
            } else if (item.startsWith("engine=")) {
                engine = item.substring(7);
            } else if (item.startsWith("dir=")) {
                dumpDir = decodeWords(item.substring(4)).get(0);
            } else if (item.startsWith("main=")) {
                main = item.substring(5);
            } else if (item.startsWith("warmup=")) {
                warmup = decodeWords(item.substring(7));
            } else if (item.startsWith("nice=")) {
                nice = Integer.parseInt(item.substring(5));
            } else {
                throw new IllegalArgumentException("unknown jprefork agent argument " + item);
            }
        }
        return new AgentConfig(fd, engine, dumpDir, main, warmup, nice, Path.of(agentArgs.substring(socketAt + ",socket=".length())));
    }

    public String format() {
        return "fd=" + controlFd + ",engine=" + engine
                + (dumpDir == null ? "" : ",dir=" + encodeWords(List.of(dumpDir))) + (main == null ? "" : ",main=" + main)
                + (warmup.isEmpty() ? "" : ",warmup=" + encodeWords(warmup)) + (nice == null ? "" : ",nice=" + nice)
                + ",socket=" + socket;
    }

    /** The agent-argument form of a list of words (the launcher writes it, the agent reads it). */
    public static String encodeWords(List<String> words) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\0", words).getBytes(StandardCharsets.UTF_8));
    }

    /** The inverse of {@link #encodeWords}. */
    public static List<String> decodeWords(String encoded) {
        String joined = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        return List.of(joined.split("\0", -1));
    }
}
