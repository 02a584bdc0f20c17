package org.opendmv.devices.pcsc.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Assume;

/**
 * The real PC/SC stack of the tests: pcscd with the vsmartcard vpcd driver (Debian packages pcscd,
 * vsmartcard-vpcd). No systemd here: if no pcscd runs, one is started for the rest of the test JVM and stopped
 * when it exits (only that one; restarting it between test classes leaves a stale socket behind).
 */
final class PcscStack {
    static final int VPCD_PORT = 35963;
    static final String READER = "Virtual PCD 00 00";
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static Process pcscd;

    private PcscStack() {
    }

    /** Starts pcscd if needed; skips (Assume) the test class when the stack is not installed. */
    static synchronized void start() throws Exception {
        Assume.assumeTrue("pcscd and vsmartcard-vpcd are not installed",
                Files.isExecutable(Path.of("/usr/sbin/pcscd")) && Files.exists(Path.of("/etc/reader.conf.d/vpcd")));
        if (pcscd == null && !Files.exists(SOCKET)) {
            Process p = new ProcessBuilder("/usr/sbin/pcscd", "-f", "-a").redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("pcscd", ".log").toFile()).start();
            pcscd = p;
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-pcscd"));
        }
        for (int i = 0; i < 100 && !Files.exists(SOCKET); i++) {
            Thread.sleep(100);
        }
        Assume.assumeTrue("pcscd did not come up", Files.exists(SOCKET));
    }

    /**
     * Waits (up to 5 s) until pcscd sees no card on the virtual reader: it polls the reader, so a card
     * just removed is still reported present for a moment.
     */
    static void awaitNoCard() throws Exception {
        javax.smartcardio.CardTerminal t = javax.smartcardio.TerminalFactory.getInstance("PC/SC", null).terminals()
                .getTerminal(READER);
        if (t != null) {
            t.waitForCardAbsent(5000);
        }
    }

    /** Waits (up to 5 s) until vpcd accepts a card. */
    static void awaitVpcd() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", VPCD_PORT)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
    }
}
