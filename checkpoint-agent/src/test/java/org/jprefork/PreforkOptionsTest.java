package org.jprefork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreforkOptionsTest {
    @Test
    void defaultsAreThoseOfPreforkInterp() {
        Prefork.Options o = Prefork.Options.defaults();
        assertEquals(4, o.maxServers());
        assertEquals(Duration.ofSeconds(1_000_000), o.idleTimeout());
        assertTrue(o.autoreloadClasspath());
        assertEquals(List.of(), o.autoreloadExtra());
        assertEquals(100, o.maxErrors());
        assertEquals("user", o.logFacility());
        assertEquals(1, o.spares());
    }

    @Test
    void settersReturnChangedCopies() {
        Prefork.Options base = Prefork.Options.defaults();
        Prefork.Options o = base.maxServers(-1).spares(0).autoreloadExtra(Path.of("/etc/x")).logFacility("LOG_LOCAL3");
        assertEquals(4, base.maxServers());
        assertEquals(-1, o.maxServers());
        assertEquals(0, o.spares());
        assertEquals(List.of(Path.of("/etc/x")), o.autoreloadExtra());
        assertEquals("LOG_LOCAL3", o.logFacility());
    }

    @Test
    void badValuesAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Prefork.Options.defaults().spares(-1));
        assertThrows(IllegalArgumentException.class, () -> Prefork.Options.defaults().logFacility("nonsense"));
        assertEquals("", Prefork.Options.defaults().logFacility("").logFacility());
    }
}
