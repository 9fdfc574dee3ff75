package org.jprefork.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encoding of payload fields: u32 big-endian counts and lengths, raw bytes. */
final class Wire {
    private Wire() {
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer u32(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer bytes(byte[] value) {
            u32(value.length);
            bytes.writeBytes(value);
            return this;
        }

        Writer string(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        Writer list(List<byte[]> values) {
            u32(values.size());
            values.forEach(this::bytes);
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer in;
        private final String what;

        Reader(byte[] payload, String what) {
            this.in = ByteBuffer.wrap(payload);
            this.what = what;
        }

        int u32() throws ProtocolException {
            try {
                return in.getInt();
            } catch (BufferUnderflowException e) {
                throw truncated();
            }
        }

        byte[] bytes() throws ProtocolException {
            int length = u32();
            if (length < 0 || length > in.remaining()) {
                throw truncated();
            }
            byte[] value = new byte[length];
            in.get(value);
            return value;
        }

        String string() throws ProtocolException {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        List<byte[]> list() throws ProtocolException {
            int count = u32();
            // Each element needs at least its 4-byte length: refuse absurd counts before allocating.
            if (count < 0 || count > in.remaining() / 4) {
                throw truncated();
            }
            List<byte[]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(bytes());
            }
            return values;
        }

        void end() throws ProtocolException {
            if (in.hasRemaining()) {
                throw new ProtocolException(what + " has " + in.remaining() + " unexpected trailing bytes");
            }
        }

        private ProtocolException truncated() {
            return new ProtocolException(what + " is truncated or malformed");
        }
    }
}
