package org.opendmv.devices.serialsam.internal;

import static org.junit.Assert.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Assume;

/**
 * A SAM reader on the far end of a real pseudo-terminal pair (socat): the driver opens {@link #link()}
 * (ttyA), this emulator answers GA/T 467 frames on ttyB byte by byte, serving the testkit's
 * {@link org.opendmv.devices.testkit.VirtualIdCard} ({@link SamFrameTest#readAnswer()}). Skips (Assume) the
 * test without socat.
 */
final class SamPtyEmulator implements AutoCloseable {
    private final Path dir;
    private Process socat;
    private SerialPort port;
    private Thread thread;
    /** Whether a card lies on the reader. */
    volatile boolean cardPresent;
    /** One-shot fault of the next READ answer: "checksum", "garbage", "silence" or "". */
    volatile String nextReadFault = "";

    SamPtyEmulator(boolean cardPresent) throws Exception {
        Assume.assumeTrue("socat is not installed (Debian package socat)", Files.isExecutable(Path.of("/usr/bin/socat")));
        this.cardPresent = cardPresent;
        dir = Files.createTempDirectory("pty");
        plugIn();
    }

    /** The driver's end, a stable link to the current /dev/pts. */
    Path link() {
        return dir.resolve("ttyA");
    }

    /** The driver's end as a device path. */
    String port() throws IOException {
        return link().toRealPath().toString();
    }

    /** A fresh socat pty pair on the same link names (a new /dev/pts each time) and the emulator on ttyB. */
    void plugIn() throws Exception {
        Files.deleteIfExists(dir.resolve("ttyA"));
        Files.deleteIfExists(dir.resolve("ttyB"));
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("ttyA"), "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile())).start();
        for (int i = 0; i < 100 && !(Files.exists(dir.resolve("ttyA")) && Files.exists(dir.resolve("ttyB"))); i++) {
            Thread.sleep(50);
        }
        port = SerialPort.getCommPort(dir.resolve("ttyB").toRealPath().toString());
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        assertTrue("emulator opens ttyB", port.openPort());
        thread = new Thread(this::emulate, "sam-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** The reader is unplugged: the socat pair and the emulator go away. */
    void unplug() throws Exception {
        if (thread != null) {
            thread.interrupt();
            thread.join(2000);
            thread = null;
        }
        if (port != null) {
            port.closePort();
            port = null;
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor();
            socat = null;
        }
    }

    @Override
    public void close() throws Exception {
        unplug();
    }

    private void emulate() {
        byte[] buf = new byte[512];
        List<Byte> in = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                in.add(buf[i]);
            }
            // a command frame: preamble(5) len(2) cmd para chk
            while (in.size() >= 10) {
                if ((in.get(0) & 0xFF) != 0xAA || (in.get(4) & 0xFF) != 0x69) {
                    in.remove(0);
                    continue;
                }
                int cmd = in.get(7) & 0xFF;
                int para = in.get(8) & 0xFF;
                in.subList(0, 10).clear();
                answer(cmd, para);
            }
        }
    }

    private void answer(int cmd, int para) {
        byte[] out;
        if (cmd == 0x12) {
            out = SamFrame.response(0, 0, SamFrame.OK, new byte[16]);
        } else if (cmd == 0x20 && para == 0x01) {
            out = SamFrame.response(0, 0, cardPresent ? SamFrame.FOUND : SamFrame.NO_CARD, new byte[] {0, 0, 0, 0});
        } else if (cmd == 0x20 && para == 0x02) {
            out = SamFrame.response(0, 0, SamFrame.OK, new byte[8]);
        } else if (cmd == 0x30) {
            String fault = nextReadFault;
            nextReadFault = "";
            out = SamFrame.response(0, 0, SamFrame.OK, SamFrameTest.readAnswer());
            if (fault.equals("checksum")) {
                out[out.length - 1] ^= 0x33;
            } else if (fault.equals("garbage")) {
                byte[] g = new byte[out.length + 7];
                System.arraycopy(new byte[] {0x01, (byte) 0xAA, (byte) 0xAA, 0x42, 0x00, 0x7F, (byte) 0x96}, 0, g, 0, 7);
                System.arraycopy(out, 0, g, 7, out.length);
                out = g;
            } else if (fault.equals("silence")) {
                return;
            }
        } else {
            out = SamFrame.response(0, 0, 0x41, new byte[0]);
        }
        port.writeBytes(out, out.length);
    }
}
