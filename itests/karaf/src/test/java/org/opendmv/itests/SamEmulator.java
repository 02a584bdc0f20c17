package org.opendmv.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A GA/T 467 SAM ID-card reader on the far end of a socat pty pair, holding one synthetic card
 * (测试甲, 110101198504120019). Independent of the driver's own code on purpose.
 */
final class SamEmulator implements AutoCloseable {
    private static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69};
    private final Process socat;
    private final Path dir;
    private final Thread thread;

    SamEmulator() throws Exception {
        dir = Files.createTempDirectory("sam-pty");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("ttyA"), "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        for (int i = 0; i < 100 && !(Files.exists(dir.resolve("ttyA")) && Files.exists(dir.resolve("ttyB"))); i++) {
            Thread.sleep(50);
        }
        Path b = dir.resolve("ttyB").toRealPath();
        InputStream in = Files.newInputStream(b);
        OutputStream out = Files.newOutputStream(b, StandardOpenOption.WRITE);
        thread = new Thread(() -> serve(in, out), "itest-sam-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** The reader's side, for the driver's serial.port. */
    String port() throws IOException {
        return dir.resolve("ttyA").toRealPath().toString();
    }

    private static void serve(InputStream in, OutputStream out) {
        try {
            byte[] frame = new byte[10];
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if ((first & 0xFF) != 0xAA) {
                    continue;
                }
                frame[0] = (byte) first;
                int n = 1;
                while (n < 10) {
                    int r = in.read(frame, n, 10 - n);
                    if (r < 0) {
                        return;
                    }
                    n += r;
                }
                int cmd = frame[7] & 0xFF;
                int para = frame[8] & 0xFF;
                byte[] answer = cmd == 0x20 && para == 0x01 ? response(0x9F, new byte[4])
                        : cmd == 0x30 ? response(0x90, card()) : response(0x90, new byte[8]);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // pty closed
        }
    }

    private static byte[] response(int sw3, byte[] data) {
        int len = 3 + data.length + 1;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(len >> 8);
        body.write(len);
        body.write(0);
        body.write(0);
        body.write(sw3);
        body.writeBytes(data);
        byte[] b = body.toByteArray();
        int x = 0;
        for (byte v : b) {
            x ^= v;
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(PREAMBLE);
        f.writeBytes(b);
        f.write(x);
        return f.toByteArray();
    }

    private static byte[] card() {
        byte[] text = new byte[256];
        String[][] fields = {{"测试甲", "30"}, {"1", "2"}, {"01", "4"}, {"19850412", "16"}, {"北京市东城区测试路1号", "70"},
            {"110101198504120019", "36"}, {"北京市公安局东城分局", "30"}, {"20200101", "16"}, {"20400101", "16"}};
        int off = 0;
        for (String[] f : fields) {
            int width = Integer.parseInt(f[1]);
            StringBuilder s = new StringBuilder(f[0]);
            while (s.length() < width / 2) {
                s.append(' ');
            }
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(b, 0, text, off, width);
            off += width;
        }
        byte[] out = new byte[4 + 256 + 1024];
        out[0] = 1;
        out[2] = 4;
        System.arraycopy(text, 0, out, 4, 256);
        return out;
    }

    @Override
    public void close() throws Exception {
        socat.destroy();
        socat.waitFor();
        thread.interrupt();
    }
}
