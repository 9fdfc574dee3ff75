package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void parsesEveryFormTheLauncherWrites() {
        assertEquals(new AgentConfig(3, "criu", null, null, List.of(), null, Path.of("/run/a,b.s")), AgentConfig.parse("fd=3,socket=/run/a,b.s"));
        assertEquals(new AgentConfig(-1, "crac", null, null, List.of(), null, Path.of("/s")), AgentConfig.parse("fd=-1,engine=crac,socket=/s"));
        AgentConfig warm = new AgentConfig(3, "warm", null, null, List.of(), 0, Path.of("/x y/s"));
        AgentConfig tool = new AgentConfig(3, "criu", "/r,un/x.d/image-1.cwd", "org.Tool", List.of("-e", "puts 1", "", "ü"), null, Path.of("/s,t"));
        assertEquals(tool, AgentConfig.parse(tool.format()));
        assertEquals(warm, AgentConfig.parse(warm.format()));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("socket=/s"));
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("fd=3"));
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("fd=3,colour=red,socket=/s"));
    }
}
