package org.jprefork.internal.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FdInfoTest {
    @Test
    void flagsAreOctalAndPosIsDecimal() {
        FdInfo log = FdInfo.parse("pos:\t1234\nflags:\t0100001\nmnt_id:\t29\nino:\t5811\n");
        assertEquals(1234, log.pos());
        assertTrue(log.writable());
        assertFalse(log.append());
        assertEquals("write-only", log.mode());
    }

    @Test
    void accessModesAppendAndPathHandles() {
        assertEquals("read-only", FdInfo.parse("pos:\t0\nflags:\t02100000\n").mode());
        assertFalse(FdInfo.parse("pos:\t0\nflags:\t02100000\n").writable());
        FdInfo appending = FdInfo.parse("pos:\t77\nflags:\t0102001\n");
        assertTrue(appending.append());
        assertEquals("write-only, append", appending.mode());
        assertEquals("read-write", FdInfo.parse("flags:\t0100002\n").mode());
        // O_PATH with O_RDWR bits is still no I/O descriptor.
        FdInfo path = FdInfo.parse("flags:\t012000002\n");
        assertFalse(path.writable());
        assertEquals("path only", path.mode());
    }
}
