package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.StdioFds;
import org.junit.jupiter.api.Test;

class OutputPumpTest {
    /** Feeds the pump one byte per read, so the sentinel is split across reads. */
    private static InputStream trickle(byte[] data) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        return new InputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void keepsOnlyTheEndOfALongOutputForTheLog() throws Exception {
        byte[] longOutput = ("x".repeat(3 * OutputPump.TAIL) + "the end\n").getBytes(StandardCharsets.UTF_8);
        OutputPump pump = new OutputPump(new ByteArrayInputStream(longOutput), -1);
        pump.awaitEnd();
        String tail = pump.tail();
        assertEquals(OutputPump.TAIL, tail.length());
        assertEquals("x".repeat(OutputPump.TAIL - 8) + "the end\n", tail);
    }

    @Test
    void copiesEverythingButTheSentinelAndSignalsIt() throws Exception {
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        template.writeBytes("init output\0partial\n".getBytes(StandardCharsets.UTF_8));
        template.writeBytes(StdioFds.DETACHED);
        template.writeBytes("after".getBytes(StandardCharsets.UTF_8));
        int[] pipe = new int[2];
        Posix.check(Posix.get().pipe(pipe), "pipe");
        try {
            OutputPump pump = new OutputPump(trickle(template.toByteArray()), pipe[1]);
            pump.awaitDetached();
            pump.awaitEnd();
            byte[] buf = new byte[256];
            int n = Posix.get().read(pipe[0], buf, buf.length);
            assertEquals("init output\0partial\nafter", new String(buf, 0, n, StandardCharsets.UTF_8));
        } finally {
            Posix.closeQuietly(pipe[0]);
            Posix.closeQuietly(pipe[1]);
        }
    }

    @Test
    void aFinishedMarkerIsTakenOutAndRemembered() throws Exception {
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        template.writeBytes("last words\n".getBytes(StandardCharsets.UTF_8));
        template.writeBytes(StdioFds.FINISHED);
        template.writeBytes("hook output\n".getBytes(StandardCharsets.UTF_8));
        int[] pipe = new int[2];
        Posix.check(Posix.get().pipe(pipe), "pipe");
        try {
            OutputPump pump = new OutputPump(trickle(template.toByteArray()), pipe[1]);
            pump.awaitEnd();
            byte[] buf = new byte[256];
            int n = Posix.get().read(pipe[0], buf, buf.length);
            assertEquals("last words\nhook output\n", new String(buf, 0, n, StandardCharsets.UTF_8));
            org.junit.jupiter.api.Assertions.assertTrue(pump.finished());
        } finally {
            Posix.closeQuietly(pipe[0]);
            Posix.closeQuietly(pipe[1]);
        }
    }

    @Test
    void aWarmUpMarkerIsTakenOutAndTheTailIsKeptForTheLog() throws Exception {
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        template.writeBytes("started\n".getBytes(StandardCharsets.UTF_8));
        template.writeBytes(StdioFds.WARMING_UP);
        template.writeBytes("jprefork: warning: the warm-up run ended with x\n".getBytes(StandardCharsets.UTF_8));
        template.writeBytes(StdioFds.DETACHED);
        int[] pipe = new int[2];
        Posix.check(Posix.get().pipe(pipe), "pipe");
        try {
            OutputPump pump = new OutputPump(trickle(template.toByteArray()), pipe[1]);
            pump.awaitDetached();
            pump.awaitEnd();
            byte[] buf = new byte[256];
            int n = Posix.get().read(pipe[0], buf, buf.length);
            assertEquals("started\njprefork: warning: the warm-up run ended with x\n",
                    new String(buf, 0, n, StandardCharsets.UTF_8));
            assertEquals("started\njprefork: warning: the warm-up run ended with x\n", pump.tail());
        } finally {
            Posix.closeQuietly(pipe[0]);
            Posix.closeQuietly(pipe[1]);
        }
    }
}
