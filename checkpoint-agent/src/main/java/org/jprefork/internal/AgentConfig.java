package org.jprefork.internal;

import java.nio.file.Path;

/**
 * What jprefork tells the agent on the {@code -javaagent} line: {@code fd=N,socket=PATH}.
 * The socket path comes last and runs to the end of the string, so it may contain commas.
 *
 * @param controlFd the read end of the pipe the template parks on across the checkpoint
 * @param socket    the pool manager's socket
 */
public record AgentConfig(int controlFd, Path socket) {

    public static AgentConfig parse(String agentArgs) {
        if (agentArgs == null || !agentArgs.startsWith("fd=")) {
            throw new IllegalArgumentException("jprefork agent arguments must be fd=N,socket=PATH, got: "
                    + agentArgs);
        }
        int comma = agentArgs.indexOf(",socket=");
        if (comma < 0) {
            throw new IllegalArgumentException("jprefork agent arguments lack socket=PATH: " + agentArgs);
        }
        int fd = Integer.parseInt(agentArgs.substring(3, comma));
        return new AgentConfig(fd, Path.of(agentArgs.substring(comma + ",socket=".length())));
    }

    public String format() {
        return "fd=" + controlFd + ",socket=" + socket;
    }
}
