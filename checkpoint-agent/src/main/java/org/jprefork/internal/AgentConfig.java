package org.jprefork.internal;

import java.nio.file.Path;

/**
 * What jprefork tells the agent on the {@code -javaagent} line:
 * {@code fd=N[,engine=NAME],socket=PATH}. The socket path comes last and runs to the end of
 * the string, so it may contain commas.
 *
 * @param controlFd the read end of the pipe the template parks on across the checkpoint
 * @param engine    how the manager checkpoints: "criu" (it dumps us; also "warm", no dump)
 *                  or "crac" (we ask the JDK to checkpoint itself)
 * @param socket    the pool manager's socket
 */
public record AgentConfig(int controlFd, String engine, Path socket) {
    public static final String CRIU = "criu";
    public static final String CRAC = "crac";

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
        for (String item : agentArgs.substring(0, socketAt).split(",")) {
            if (item.startsWith("fd=")) {
                fd = Integer.parseInt(item.substring(3));
            } else if (item.startsWith("engine=")) {
                engine = item.substring(7);
            } else {
                throw new IllegalArgumentException("unknown jprefork agent argument " + item);
            }
        }
        return new AgentConfig(fd, engine, Path.of(agentArgs.substring(socketAt + ",socket=".length())));
    }

    public String format() {
        return "fd=" + controlFd + ",engine=" + engine + ",socket=" + socket;
    }
}
