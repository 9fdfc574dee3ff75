package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.engine.ToolEntry;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.protocol.WarmupChecked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmupStateTest {
    private static TemplateSpec tool(ToolEntry entry) {
        return new TemplateSpec("java", JavaCommandLine.parse(List.of("-jar", "/opt/tool.jar")), Path.of("/a.jar"),
                Path.of("/n"), entry);
    }

    @Test
    void aCleanCheckKeepsTheWarmup() {
        WarmupState s = new WarmupState(tool(new ToolEntry(List.of("w"))));
        assertEquals(Map.of("warmup", "unchecked"), s.status());
        assertNull(s.checked(new WarmupChecked(null, null, null, null, 10, 1)));
        assertEquals(Map.of("warmup", "kept"), s.status());
        TemplateSpec spec = tool(new ToolEntry(List.of("w")));
        assertSame(spec, s.apply(spec));
        assertNull(s.takeNotice());
    }

    @Test
    void aRefusedCheckTurnsTheWarmupOffAndIsSaidOnce() {
        WarmupState s = new WarmupState(tool(new ToolEntry(List.of("w"), 2)));
        String line = s.checked(new WarmupChecked("arguments", "T.A", "T.A -> java.lang.String", null, 10, 1));
        assertEquals("jprefork: warm-up kept the warm-up's arguments in tool.jar's static state (T.A); "
                + "calls run without it", line);
        assertEquals(Map.of("warmup", "off", "warmup_note", line.substring("jprefork: ".length())), s.status());
        assertEquals(line, s.takeNotice());
        assertNull(s.takeNotice(), "one caller hears it");
        assertNull(s.checked(new WarmupChecked("environment", "T.E", null, null, 1, 1)), "already off");
        assertEquals(List.of(), s.apply(tool(new ToolEntry(List.of("w"), 2))).tool().warmup());
        assertFalse(s.claimVerification(), "nothing left to verify");
        assertEquals("jprefork: warm-up could not be checked for what it kept (more than 10 ms); calls run without it",
                new WarmupState(tool(new ToolEntry(List.of("w"))))
                        .checked(new WarmupChecked(null, null, null, "more than 10 ms", 5, 10)));
    }

    @Test
    void verificationCountsItsCallsAndADifferenceTurnsTheWarmupOff() {
        WarmupState s = new WarmupState(tool(new ToolEntry(List.of("w"), 2)));
        s.checked(new WarmupChecked(null, null, null, null, 10, 1));
        assertEquals("verifying 0/2", s.status().get("warmup"));
        assertTrue(s.claimVerification());
        assertTrue(s.claimVerification());
        assertFalse(s.claimVerification(), "two claimed, none left");
        s.verificationAbandoned();
        assertNull(s.verifiedCall(null));
        assertEquals("verifying 1/2", s.status().get("warmup"));
        assertTrue(s.claimVerification(), "the abandoned one is claimed again");
        assertEquals("jprefork: a call with the warm-up differed from plain java (stderr); calls run without it",
                s.verifiedCall("stderr"));
        assertEquals("off", s.status().get("warmup"));
        assertFalse(s.claimVerification());
    }

    @Test
    void withoutAWarmupThereIsNothingToCheckOrVerify() {
        WarmupState s = new WarmupState(tool(new ToolEntry(List.of())));
        assertEquals(Map.of("warmup", "none"), s.status());
        assertFalse(s.claimVerification());
        assertEquals(Map.of("warmup", "none"), new WarmupState(tool(null)).status());
    }

    @Test
    void onlyCallsInUtf8QualifyForAPlainRunFromHere() {
        byte[] notUtf8 = {'a', (byte) 0xff};
        assertTrue(WarmupVerifier.utf8(org.jprefork.protocol.CallRequest.of(List.of("ä", "b"), Map.of("K", "ü"), "/tmp",
                java.nio.charset.StandardCharsets.UTF_8)));
        assertFalse(WarmupVerifier.utf8(new org.jprefork.protocol.CallRequest(List.of(notUtf8), List.of(), new byte[] {'/'})));
        assertFalse(WarmupVerifier.utf8(new org.jprefork.protocol.CallRequest(List.of(), List.of(notUtf8), new byte[] {'/'})));
        assertFalse(WarmupVerifier.utf8(new org.jprefork.protocol.CallRequest(List.of(), List.of(), notUtf8)));
    }

    @Test
    void onlyCallsThatReadNoInputAndWriteToNoTerminalQualify(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path file = Files.writeString(tmp.resolve("in.txt"), "input");
        int devNull = Posix.get().open("/dev/null", 0, 0);
        int outFd = Posix.get().open(out.toString(), 01 | 0100, 0600);
        int fileFd = Posix.get().open(file.toString(), 0, 0);
        int[] pipe = new int[2];
        Posix.get().pipe(pipe);
        try {
            assertTrue(WarmupVerifier.qualifies(new int[] {devNull, outFd, outFd}));
            assertFalse(WarmupVerifier.qualifies(new int[] {fileFd, outFd, outFd}), "a file with input left");
            Posix.get().lseekLong(fileFd, 0, 2);
            assertTrue(WarmupVerifier.qualifies(new int[] {fileFd, outFd, outFd}), "a file read to its end");
            assertFalse(WarmupVerifier.qualifies(new int[] {pipe[0], outFd, outFd}), "a pipe: input may come");
        } finally {
            for (int fd : new int[] {devNull, outFd, fileFd, pipe[0], pipe[1]}) {
                Posix.closeQuietly(fd);
            }
        }
    }
}
