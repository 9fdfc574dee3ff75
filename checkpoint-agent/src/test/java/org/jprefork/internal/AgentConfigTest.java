package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void parsesEveryFormTheLauncherWrites() {
        assertEquals(new AgentConfig(3, "criu", Path.of("/run/a,b.s")), AgentConfig.parse("fd=3,socket=/run/a,b.s"));
        assertEquals(new AgentConfig(-1, "crac", Path.of("/s")), AgentConfig.parse("fd=-1,engine=crac,socket=/s"));
        AgentConfig warm = new AgentConfig(3, "warm", Path.of("/x y/s"));
        assertEquals(warm, AgentConfig.parse(warm.format()));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("socket=/s"));
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("fd=3"));
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse("fd=3,colour=red,socket=/s"));
    }
}
