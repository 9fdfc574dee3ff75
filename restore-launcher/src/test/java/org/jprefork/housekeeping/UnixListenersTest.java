package org.jprefork.housekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnixListenersTest {
    @Test
    void onlyListeningSocketsWithAPathCount() {
        List<String> lines = List.of(
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "0000000000000000: 00000002 00000000 00010000 0001 01 20001 /run/a b.s",
                "0000000000000000: 00000003 00000000 00000000 0001 03 20002 /run/connected.s",
                "0000000000000000: 00000002 00000000 00010000 0001 01 20003",
                "0000000000000000: 00000002 00000000 00010000 0001 01 20004 @abstract");
        assertEquals(Set.of("/run/a b.s", "@abstract"), UnixListeners.parse(lines));
    }
}
