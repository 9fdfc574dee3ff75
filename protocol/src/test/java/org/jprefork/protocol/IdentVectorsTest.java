package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentVectorsTest {
    @Test
    void everyVectorMatches() throws Exception {
        List<IdentVectors.Vector> vectors = IdentVectors.load();
        assertFalse(vectors.isEmpty());
        if (Boolean.getBoolean("ident.vectors.print")) {
            vectors.forEach(v -> System.out.println(v.name() + "\t" + v.compute()));
        }
        for (IdentVectors.Vector v : vectors) {
            assertEquals(v.expected(), v.compute(), v.name());
        }
    }

    /** What each vector is about: calls that must share a pool, or must not. */
    @Test
    void pairsShareOrSeparatePoolsAsTheyClaim() throws Exception {
        Map<String, String> byName = new HashMap<>();
        for (IdentVectors.Vector v : IdentVectors.load()) {
            for (String other : v.sameAs()) {
                assertNotNull(byName.get(other), "no vector before " + v.name() + " named " + other);
                assertEquals(byName.get(other), v.compute(), v.name() + " shares a pool with " + other);
            }
            for (String other : v.differsFrom()) {
                assertNotNull(byName.get(other), "no vector before " + v.name() + " named " + other);
                assertNotEquals(byName.get(other), v.compute(), v.name() + " must not share a pool with " + other);
            }
            byName.put(v.name(), v.compute());
        }
    }
}
