package org.opendmv.devices.pcsc.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opendmv.devices.api.IdCardTextBlock;
import org.opendmv.devices.testkit.VirtualIdCard;

/**
 * The testkit's {@link VirtualIdCard} as a card in the vsmartcard vpcd protocol: TCP to pcscd's vpcd
 * driver, each message a 2-byte big-endian length and a payload; a 1-byte payload is a control code (0
 * power off, 1 power on, 2 reset, 4 get ATR), anything else a C-APDU to answer. The card is on the reader
 * while connected: {@link #insert()} connects, {@link #close()} removes it. The serving thread starts with
 * the object (not at insert), so the conformance suite does not count it as a driver thread.
 */
final class VpcdCard implements AutoCloseable {
    private static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};
    private static final Object STOP = new Object();

    private final int port;
    private final Thread thread;
    private final LinkedBlockingQueue<Object> commands = new LinkedBlockingQueue<>();
    private volatile Socket socket;
    volatile int selectSw = 0x9000;
    volatile int readSw = 0x9000;
    /** Drop the connection (card pulled out) after this many READ BINARY commands; -1 never. */
    volatile int removeAfterReads = -1;
    /** Serve only this many bytes of the file (truncated data); -1 all. */
    volatile int truncateAt = -1;
    private int reads;
    private final byte[] file = new byte[IdCardTextBlock.SIZE + IdCardTextBlock.PHOTO_SIZE];

    VpcdCard(int port) {
        this.port = port;
        System.arraycopy(VirtualIdCard.textBlock(), 0, file, 0, IdCardTextBlock.SIZE);
        System.arraycopy(VirtualIdCard.wlt(), 0, file, IdCardTextBlock.SIZE, IdCardTextBlock.PHOTO_SIZE);
        thread = new Thread(this::run, "vpcd-card");
        thread.setDaemon(true);
        thread.start();
    }

    /** Puts the card on the reader (connects to vpcd) unless it is there; returns once connected. */
    void insert() {
        if (socket != null && !socket.isClosed()) {
            return;
        }
        LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();
        commands.add(done);
        try {
            Object r = done.poll(10, TimeUnit.SECONDS);
            if (r instanceof IOException) {
                throw new IllegalStateException("cannot reach vpcd on port " + port, (IOException) r);
            }
            Thread.sleep(300); // pcscd polls the virtual reader
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        while (true) {
            Object c;
            try {
                c = commands.take();
            } catch (InterruptedException e) {
                return;
            }
            if (c == STOP) {
                return;
            }
            LinkedBlockingQueue<Object> done = (LinkedBlockingQueue<Object>) c;
            try {
                Socket s = new Socket("127.0.0.1", port);
                socket = s;
                reads = 0;
                done.add(Boolean.TRUE);
                serve(s);
            } catch (IOException e) {
                done.add(e);
            }
        }
    }

    private void serve(Socket s) {
        try (DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
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
                    s.close();
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

    /** Removes the card and ends the serving thread. */
    @Override
    public void close() throws IOException {
        commands.add(STOP);
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
