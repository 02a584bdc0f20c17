package org.opendmv.devices.pcsc.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import org.opendmv.devices.api.IdCardTextBlock;

/**
 * A synthetic resident ID card in the vsmartcard vpcd protocol: TCP to pcscd's vpcd driver,
 * each message a 2-byte big-endian length and a payload; a 1-byte payload is a control code
 * (0 power off, 1 power on, 2 reset, 4 get ATR), anything else a C-APDU to answer.
 */
final class VirtualIdCard implements AutoCloseable {
    static final String ID = "110101198504120019";
    private static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};

    private final Socket socket;
    private final Thread thread;
    volatile int selectSw = 0x9000;
    volatile int readSw = 0x9000;
    /** Drop the connection (card pulled out) after this many READ BINARY commands; -1 never. */
    volatile int removeAfterReads = -1;
    /** Serve only this many bytes of the file (truncated data); -1 all. */
    volatile int truncateAt = -1;
    private int reads;
    private final byte[] file = new byte[IdCardTextBlock.SIZE + IdCardTextBlock.PHOTO_SIZE];

    VirtualIdCard(int port) throws IOException {
        byte[] text = IdCardTextBlock.encode("测试甲", '1', "01", "19850412", "北京市东城区测试路1号", ID, "北京市公安局东城分局",
                "20200101", "20400101");
        System.arraycopy(text, 0, file, 0, text.length);
        for (int i = 0; i < IdCardTextBlock.PHOTO_SIZE; i++) {
            file[IdCardTextBlock.SIZE + i] = (byte) i;
        }
        socket = new Socket("127.0.0.1", port);
        thread = new Thread(this::serve, "virtual-id-card");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                int len = in.readUnsignedShort();
                byte[] msg = in.readNBytes(len);
                if (len == 1) {
                    if (msg[0] == 4) {
                        send(out, ATR);
                    }
                    continue;
                }
                byte[] r = apdu(msg);
                if (r == null) {
                    socket.close();
                    return;
                }
                send(out, r);
            }
        } catch (IOException e) {
            // removed
        }
    }

    private byte[] apdu(byte[] c) {
        int ins = c[1] & 0xFF;
        if (ins == 0xA4) {
            return sw(new byte[0], selectSw);
        }
        if (ins == 0xB0) {
            if (removeAfterReads >= 0 && reads++ >= removeAfterReads) {
                return null;
            }
            int off = (c[2] & 0xFF) << 8 | (c[3] & 0xFF);
            int le = c.length > 4 ? c[4] & 0xFF : 0;
            int limit = truncateAt >= 0 ? Math.min(truncateAt, file.length) : file.length;
            byte[] data = off >= limit ? new byte[0] : Arrays.copyOfRange(file, off, Math.min(limit, off + le));
            return sw(data, readSw);
        }
        return sw(new byte[0], 0x6D00);
    }

    private static byte[] sw(byte[] data, int sw) {
        byte[] r = Arrays.copyOf(data, data.length + 2);
        r[data.length] = (byte) (sw >> 8);
        r[data.length + 1] = (byte) sw;
        return r;
    }

    private static void send(DataOutputStream out, byte[] b) throws IOException {
        out.writeShort(b.length);
        out.write(b);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
