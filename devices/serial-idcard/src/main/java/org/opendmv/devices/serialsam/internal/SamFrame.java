package org.opendmv.devices.serialsam.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * GA/T 467 SAM module frames, as FLOWS.md §6.3 gives them:
 * {@code AA AA AA 96 69 | LEN (2, big-endian) | body | CHK}, where LEN counts body + CHK and CHK
 * is the XOR of LEN and body. A command body is CMD PARA DATA; a response body is
 * SW1 SW2 SW3 DATA, SW3 = 0x90 meaning success.
 */
final class SamFrame {
    static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69};
    /** A read of text + photo answers 4 + 256 + 1024 data bytes; anything far larger is garbage. */
    static final int MAX_LEN = 4096;

    // commands (FLOWS.md §6.3)
    static final int[] SAM_ID = {0x12, 0xFF};
    static final int[] FIND_CARD = {0x20, 0x01};
    static final int[] SELECT_CARD = {0x20, 0x02};
    static final int[] READ_TEXT_PHOTO = {0x30, 0x01};

    // SW3 values: 0x90 from FLOWS.md; the others are the widely published SAM answers
    static final int OK = 0x90;
    static final int FOUND = 0x9F;
    static final int NO_CARD = 0x80;
    static final int SELECT_FAILED = 0x81;

    final int sw1;
    final int sw2;
    final int sw3;
    final byte[] data;

    SamFrame(int sw1, int sw2, int sw3, byte[] data) {
        this.sw1 = sw1;
        this.sw2 = sw2;
        this.sw3 = sw3;
        this.data = data;
    }

    static byte[] command(int[] cmd, byte[] data) {
        int len = 2 + data.length + 1;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(PREAMBLE);
        byte[] body = new byte[2 + 2 + data.length];
        body[0] = (byte) (len >> 8);
        body[1] = (byte) len;
        body[2] = (byte) cmd[0];
        body[3] = (byte) cmd[1];
        System.arraycopy(data, 0, body, 4, data.length);
        b.writeBytes(body);
        b.write(xor(body, 0, body.length));
        return b.toByteArray();
    }

    /** A response frame as a SAM module sends it (used by emulators and tests). */
    static byte[] response(int sw1, int sw2, int sw3, byte[] data) {
        int len = 3 + data.length + 1;
        byte[] body = new byte[2 + 3 + data.length];
        body[0] = (byte) (len >> 8);
        body[1] = (byte) len;
        body[2] = (byte) sw1;
        body[3] = (byte) sw2;
        body[4] = (byte) sw3;
        System.arraycopy(data, 0, body, 5, data.length);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(PREAMBLE);
        b.writeBytes(body);
        b.write(xor(body, 0, body.length));
        return b.toByteArray();
    }

    static int xor(byte[] b, int off, int len) {
        int x = 0;
        for (int i = off; i < off + len; i++) {
            x ^= b[i];
        }
        return x & 0xFF;
    }

    @Override
    public String toString() {
        return String.format("SW %02X %02X %02X, %d data bytes", sw1, sw2, sw3, data.length);
    }

    /**
     * Incremental decoder of response frames from a byte stream. Bytes before a preamble are
     * skipped; a frame with a bad length or checksum is reported and the decoder resumes at the
     * next preamble.
     */
    static final class Decoder {
        private byte[] buf = new byte[256];
        private int n;

        void feed(byte[] b, int off, int len) {
            if (n + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        /** The next complete frame, null when more bytes are needed. */
        SamFrame next() throws FrameException {
            int start = find();
            if (start < 0) {
                // keep a possible partial preamble only
                int keep = Math.min(n, PREAMBLE.length - 1);
                drop(n - keep);
                return null;
            }
            drop(start);
            if (n < PREAMBLE.length + 2) {
                return null;
            }
            int len = (buf[5] & 0xFF) << 8 | (buf[6] & 0xFF);
            if (len < 4 || len > MAX_LEN) {
                drop(1);
                throw new FrameException(FrameException.Kind.BAD_LENGTH, "frame length " + len + " is out of range");
            }
            int total = PREAMBLE.length + 2 + len;
            if (n < total) {
                return null;
            }
            int chk = buf[total - 1] & 0xFF;
            int calc = xor(buf, PREAMBLE.length, 2 + len - 1);
            if (chk != calc) {
                drop(1);
                throw new FrameException(FrameException.Kind.BAD_CHECKSUM, String.format("checksum %02X, expected %02X", chk, calc));
            }
            int sw1 = buf[7] & 0xFF;
            int sw2 = buf[8] & 0xFF;
            int sw3 = buf[9] & 0xFF;
            byte[] data = Arrays.copyOfRange(buf, 10, total - 1);
            drop(total);
            return new SamFrame(sw1, sw2, sw3, data);
        }

        private int find() {
            outer:
            for (int i = 0; i + PREAMBLE.length <= n; i++) {
                for (int j = 0; j < PREAMBLE.length; j++) {
                    if (buf[i + j] != PREAMBLE[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void drop(int k) {
            System.arraycopy(buf, k, buf, 0, n - k);
            n -= k;
        }

        void clear() {
            n = 0;
        }
    }
}
