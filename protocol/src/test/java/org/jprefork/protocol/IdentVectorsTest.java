package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentVectorsTest {
    @Test
    void everyVectorMatches() throws Exception {
        List<IdentVectors.Vector> vectors = IdentVectors.load();
        assertFalse(vectors.isEmpty());
        for (IdentVectors.Vector v : vectors) {
            assertEquals(v.expected(), v.recipe().hex(), v.name());
        }
    }
}
