package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void callRoundTripsRawBytes() throws Exception {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'x'};
        CallRequest call = new CallRequest(List.of("a b".getBytes(StandardCharsets.UTF_8), notUtf8, new byte[0]),
                List.of("HOME=/root".getBytes(StandardCharsets.UTF_8)), "/tmp".getBytes(StandardCharsets.UTF_8));
        CallRequest back = CallRequest.fromFrame(Frame.readFrom(new ByteArrayInputStream(call.toFrame().encode())));
        assertEquals(3, back.args().size());
        assertArrayEquals(notUtf8, back.args().get(1));
        assertArrayEquals(new byte[0], back.args().get(2));
        assertEquals("/root", back.envMap(StandardCharsets.UTF_8).get("HOME"));
        assertEquals("/tmp", back.cwdString(StandardCharsets.UTF_8));
    }

    @Test
    void warmupCheckRoundTrips() throws Exception {
        WarmupChecked leak = new WarmupChecked("arguments", "Tool.ARGS", "Tool.ARGS -> java.lang.String[]", null, 1234, 56);
        WarmupChecked back = WarmupChecked.fromFrame(Frame.readFrom(new ByteArrayInputStream(leak.toFrame().encode())));
        assertEquals(leak, back);
        assertTrue(back.refused());
        WarmupChecked clean = new WarmupChecked(null, null, null, null, 7, 0);
        assertEquals(clean, WarmupChecked.fromFrame(clean.toFrame()));
        assertEquals(false, clean.refused());
        assertTrue(new WarmupChecked(null, null, null, "more than 10 ms", 9, 10).refused());
    }

    @Test
    void buildCarriesACallsInvocationWithoutDescriptors() throws Exception {
        CallRequest call = CallRequest.of(List.of("a"), java.util.Map.of("K", "v"), "/w", StandardCharsets.UTF_8);
        Frame frame = Frame.readFrom(new ByteArrayInputStream(call.toBuildFrame().encode()));
        assertEquals(MessageType.BUILD, frame.type());
        assertEquals(0x51, frame.encode()[0]);
        CallRequest back = CallRequest.fromFrame(frame);
        assertEquals(List.of("a"), List.of(back.argStrings(StandardCharsets.UTF_8)));
        assertEquals("/w", back.cwdString(StandardCharsets.UTF_8));
    }

    @Test
    void runLocalRoundTripsAndNeedsACommand() throws Exception {
        RunLocal r = new RunLocal(List.of("java", "-jar", "ä.jar"), "jprefork: note");
        byte[] wire = r.toFrame().encode();
        assertEquals(0x50, wire[0]);
        assertEquals(r, RunLocal.fromFrame(Frame.readFrom(new ByteArrayInputStream(wire))));
        Frame empty = new Frame(MessageType.RUN_LOCAL, ByteBuffer.allocate(8).putInt(0).putInt(0).array());
        assertThrows(ProtocolException.class, () -> RunLocal.fromFrame(empty));
    }

    @Test
    void frameLayoutIsTypeLengthPayload() {
        byte[] wire = Status.exited(7).toFrame().encode();
        assertArrayEquals(new byte[] {0x03, 0, 0, 0, 4, 0, 0, 7, 0}, wire);
    }

    @Test
    void cleanEndOfStreamIsNull() throws Exception {
        assertNull(Frame.readFrom(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void truncatedFrameIsAProtocolError() {
        byte[] wire = Status.exited(0).toFrame().encode();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 1);
        assertThrows(ProtocolException.class, () -> Frame.readFrom(new ByteArrayInputStream(cut)));
    }

    @Test
    void unknownTypeAndHugeLengthAreRefused() {
        assertThrows(ProtocolException.class, () -> Frame.readFrom(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0, 0})));
        byte[] huge = ByteBuffer.allocate(5).put((byte) 0x02).putInt(Integer.MAX_VALUE).array();
        assertThrows(ProtocolException.class, () -> Frame.readFrom(new ByteArrayInputStream(huge)));
    }

    @Test
    void exitingCarriesAnExitCode() throws Exception {
        byte[] wire = new Exiting(130).toFrame().encode();
        assertArrayEquals(new byte[] {0x20, 0, 0, 0, 4, 0, 0, 0, (byte) 130}, wire);
        Exiting back = Exiting.fromFrame(Frame.readFrom(new ByteArrayInputStream(wire)));
        assertEquals(Status.exited(130), back.status());
        Frame tooBig = new Frame(MessageType.EXITING, ByteBuffer.allocate(4).putInt(256).array());
        assertThrows(ProtocolException.class, () -> Exiting.fromFrame(tooBig));
        assertThrows(ProtocolException.class, () -> Exiting.fromFrame(new Frame(MessageType.EXITING, new byte[2])));
    }

    @Test
    void malformedCallPayloadIsRefused() {
        // A list claiming a million elements in a 4-byte payload.
        Frame bad = new Frame(MessageType.CALL, ByteBuffer.allocate(4).putInt(1_000_000).array());
        assertThrows(ProtocolException.class, () -> CallRequest.fromFrame(bad));
    }

    @Test
    void greetingChecksMagicAndVersion() throws Exception {
        assertEquals(ProtocolVersion.CURRENT, Greeting.parse(Greeting.frame(ProtocolVersion.CURRENT)));
        // A known but older version is refused too: its peers read frames differently.
        ProtocolException older = assertThrows(ProtocolException.class,
                () -> Greeting.parse(Greeting.frame(ProtocolVersion.V1)));
        assertTrue(older.getMessage().contains("version 1, this build speaks 2"), older.getMessage());
        Frame wrongMagic = new Frame(MessageType.HELLO, "XXXX\0\1".getBytes(StandardCharsets.US_ASCII));
        assertThrows(ProtocolException.class, () -> Greeting.parse(wrongMagic));
        Frame future = new Frame(MessageType.HELLO, new byte[] {'J', 'P', 'F', 'K', 0, 9});
        ProtocolException e = assertThrows(ProtocolException.class, () -> Greeting.parse(future));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void poolOptionsRoundTrip() throws Exception {
        PoolOptions o = new PoolOptions(-1, Duration.ofMillis(-1), false, List.of("/a", "/b c"), 7, "", 0, List.of("/t/trained-1.txt"));
        assertEquals(o, PoolOptions.fromFrame(Frame.readFrom(new ByteArrayInputStream(o.toFrame().encode()))));
    }

    @Test
    void statusDecodesWaitStatuses() {
        assertEquals(7, Status.exited(7).exitCode());
        assertTrue(Status.exited(7).isExited());
        Status killed = Status.signalled(9);
        assertTrue(killed.isSignalled());
        assertEquals(137, killed.shellStatus());
        assertTrue(new Status(0x80 | 11).coreDumped());
    }
}
