package org.opendmv.devices.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A network receipt printer on 127.0.0.1: answers DLE EOT status queries from a scripted state
 * and captures everything else it is sent, as a real printer's input buffer would hold it.
 */
final class FakePrinter implements AutoCloseable {
    volatile byte printer = 0x12;
    volatile byte offlineCause = 0x12;
    volatile byte error = 0x12;
    volatile byte roll = 0x12;
    /** Close the connection after this many status replies (-1: never). */
    volatile int hangUpAfterReplies = -1;

    private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);
    private final ServerSocket server;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Thread thread;

    FakePrinter() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-escpos-printer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized byte[] captured() {
        return captured.toByteArray();
    }

    /** Stops answering status queries (a printer that hangs) until {@link #release()}. */
    void hold() {
        held = new java.util.concurrent.CountDownLatch(1);
    }

    void release() {
        held.countDown();
    }

    void paperLow() {
        roll = 0x1E;
    }

    void paperOut() {
        roll = 0x72;
        offlineCause = 0x32;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                handle(s.getInputStream(), s.getOutputStream());
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // next client
            }
        }
    }

    private void handle(InputStream in, OutputStream out) throws IOException {
        int replies = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == EscPos.DLE) {
                int b2 = in.read();
                if (b2 == EscPos.EOT) {
                    int n = in.read();
                    try {
                        held.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (hangUpAfterReplies >= 0 && replies >= hangUpAfterReplies) {
                        return;
                    }
                    out.write(n == 1 ? printer : n == 2 ? offlineCause : n == 3 ? error : roll);
                    out.flush();
                    replies++;
                    continue;
                }
                record(b);
                if (b2 >= 0) {
                    record(b2);
                }
                continue;
            }
            record(b);
        }
    }

    private synchronized void record(int b) {
        captured.write(b);
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
