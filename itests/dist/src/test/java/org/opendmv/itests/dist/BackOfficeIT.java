package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.After;
import org.junit.Test;

/**
 * The back office, end to end on the unpacked distribution (headless): a simulated visit becomes a
 * folder in the file drop with the application JSON, the official form PDF, photo and signature, the
 * outbox shows it SENT, and the retention purge deletes its personal data. Then the HTTP gateway to a
 * back office in this JVM that holds the first request: the kiosk is killed with SIGKILL while the
 * back office has the application, restarted, and delivers it again with the same Idempotency-Key;
 * the back office records it once and acknowledges the repeat with the same reference.
 */
public class BackOfficeIT {
    private static final Pattern SERIAL = Pattern.compile("流水号 serial (\\d{8}[A-Z0-9]{1,12}\\d{6})");
    private KioskProcess kiosk;
    private HoldingBackOffice backOffice;

    @After
    public void stopAll() throws Exception {
        if (backOffice != null) {
            backOffice.close();
        }
        if (kiosk != null) {
            kiosk.close();
        }
    }

    @Test
    public void aVisitIsDroppedAsAFolderAcknowledgedAndPurgedAfterRetention() throws Exception {
        kiosk = KioskProcess.unpack("backoffice");
        kiosk.headless();
        kiosk.config("org.opendmv.backoffice", "poll.interval", "1");
        kiosk.config("org.opendmv.backoffice", "purge.interval", "2");
        kiosk.start();
        String serial = simulateVisit();

        Path dir = kiosk.home.resolve("data/backoffice/outgoing").resolve(serial);
        KioskProcess.await("the application folder in the file drop", Duration.ofSeconds(60),
                () -> Files.isRegularFile(dir.resolve("delivery.properties")));
        String json = Files.readString(dir.resolve("application.json"));
        assertTrue(json, json.contains("\"serial\" : \"" + serial + "\""));
        assertTrue(json, json.contains("\"businessCode\" : \"dl-renewal\""));
        assertTrue(json, json.contains("\"idempotencyKey\" : \"" + serial + "\""));
        assertTrue("photo", Files.size(dir.resolve("photo.jpeg")) > 0);
        assertTrue("signature", Files.size(dir.resolve("signature.png")) > 0);
        try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(dir.resolve("form.pdf")))) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text, text.contains(serial));
            assertTrue("the ticked box of the business: " + text, text.replace(" ", "").contains("√有效期满换证"));
        }
        KioskProcess.await("the outbox entry SENT", Duration.ofSeconds(30), () -> line(shell("kiosk:outbox"), serial).contains("SENT"));
        assertTrue(line(shell("kiosk:outbox"), serial).contains("file:" + serial));
        String app = shell("kiosk:application " + serial);
        assertTrue(app, app.contains("Back office:   SENT"));
        assertTrue(app, app.contains("Personal data: kept"));
        assertTrue(app, app.contains("photo.jpeg"));

        // retention 0 days: purged at the next purge run (every 2 s), exactly once
        kiosk.config("org.opendmv.backoffice", "retention.days", "0");
        KioskProcess.await("the retention purge", Duration.ofSeconds(60),
                () -> shell("kiosk:application " + serial).contains("Personal data: purged"));
        String purged = shell("kiosk:application " + serial);
        assertTrue(purged, purged.contains("(retention)"));
        assertTrue(purged, purged.contains("Attachments:   none"));
        assertTrue(line(shell("kiosk:outbox"), serial).contains("SENT (purged)"));
        // the back office says it has collected the folder: the kiosk removes its plaintext copy
        Files.writeString(dir.resolve("collected"), "");
        KioskProcess.await("the collected folder removed", Duration.ofSeconds(60), () -> !Files.exists(dir));
        Thread.sleep(5000); // two more purge runs
        kiosk.stop();
        try (Connection db = derby()) {
            assertEquals("one purge, audited", 1, count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'application.purge'"
                    + " AND subject LIKE ?", serial + "%"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM outbox WHERE serial = ? AND purged_at IS NOT NULL", serial));
            assertEquals("the folder's removal, audited once", 1, count(db, "SELECT COUNT(*) FROM audit_log WHERE action ="
                    + " 'retention.filedrop' AND subject LIKE ?", serial + ": collected by the back office%"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM applications WHERE serial = ? AND payload IS NULL", serial));
        }
    }

    @Test
    public void killedDuringAnHttpDeliveryTheApplicationIsDeliveredAgainAndRecordedOnce() throws Exception {
        backOffice = new HoldingBackOffice();
        kiosk = KioskProcess.unpack("backoffice-http");
        kiosk.headless();
        kiosk.config("org.opendmv.backoffice", "gateway", "http");
        kiosk.config("org.opendmv.backoffice", "poll.interval", "1");
        kiosk.config("org.opendmv.backoffice.http", "endpoint.url", backOffice.url());
        kiosk.config("org.opendmv.backoffice.http", "allow.insecure", "true"); // the test back office speaks http
        kiosk.config("org.opendmv.backoffice.http", "request.timeout.ms", "60000");
        kiosk.start();
        String serial = simulateVisit();
        assertTrue("the back office got the application", backOffice.received.await(60, TimeUnit.SECONDS));
        kiosk.kill(); // while the back office holds the answer
        try (Connection db = derby()) {
            assertEquals("the crash left the delivery SENDING", 1,
                    count(db, "SELECT COUNT(*) FROM outbox WHERE serial = ? AND state = 'SENDING'", serial));
        } finally {
            shutdownDerby();
        }

        backOffice.hold = false;
        kiosk.start();
        KioskProcess.await("the outbox entry SENT after the restart", Duration.ofSeconds(120),
                () -> line(shell("kiosk:outbox"), serial).contains("SENT"));
        String ack = backOffice.acks.get(serial);
        assertNotNull(ack);
        assertTrue(line(shell("kiosk:outbox"), serial).contains(ack));
        assertEquals("the back office recorded the application once", 1, backOffice.recorded.size());
        assertTrue(new String(backOffice.recorded.get(serial), StandardCharsets.UTF_8).contains("\"serial\" : \"" + serial + "\""));
        List<String> keys = new ArrayList<>(backOffice.keys);
        assertTrue("delivered again after the restart: " + keys, keys.size() >= 2);
        assertTrue("always the same Idempotency-Key: " + keys, keys.stream().allMatch(serial::equals));
        assertTrue(kiosk.log().contains("delivered again with the same idempotency key"));
        kiosk.stop();
        try (Connection db = derby()) {
            assertEquals(1, count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.recover' AND subject LIKE ?", serial + "%"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM outbox WHERE serial = ? AND state = 'SENT' AND attempts = 2", serial));
        }
    }

    /** A whole dl-renewal visit with the simulated devices and payment; returns its serial. */
    private String simulateVisit() throws IOException {
        String out = kiosk.shell("kiosk:simulate --card adult-male --step-timeout 120 dl-renewal");
        Matcher m = SERIAL.matcher(out);
        assertTrue(out, out.contains("COMPLETED") && m.find());
        return m.group(1);
    }

    private String shell(String cmd) {
        try {
            return kiosk.shell(cmd);
        } catch (IOException e) {
            return "";
        }
    }

    private static String line(String out, String key) {
        return out.lines().filter(l -> l.contains(key)).findFirst().orElse("");
    }

    private Connection derby() throws SQLException {
        return DriverManager.getConnection("jdbc:derby:" + kiosk.home.resolve("data/derby/kiosk"));
    }

    /** Lets the kiosk boot the database again (embedded Derby: one JVM at a time). */
    private void shutdownDerby() {
        try {
            DriverManager.getConnection("jdbc:derby:" + kiosk.home.resolve("data/derby/kiosk") + ";shutdown=true");
        } catch (SQLException e) {
            // 08006: shut down as asked
        }
    }

    private static long count(Connection db, String sql, String arg) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * A back office that records each application once per Idempotency-Key and answers a repeat with
     * 409 and the same ack. While {@link #hold} is set it records the first request, then holds the
     * answer for 20 s (long enough for the test to kill the kiosk).
     */
    static final class HoldingBackOffice implements AutoCloseable {
        final HttpServer server;
        final ExecutorService pool = Executors.newCachedThreadPool();
        final Map<String, byte[]> recorded = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<String, String> acks = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<String> keys = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch received = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold = true;

        HoldingBackOffice() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(pool);
            server.createContext("/kiosk/applications", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/kiosk/applications";
        }

        private void handle(HttpExchange x) throws IOException {
            try {
                byte[] body = x.getRequestBody().readAllBytes();
                String key = x.getRequestHeaders().getFirst("Idempotency-Key");
                keys.add(key);
                if (key == null) {
                    answer(x, 400, "{\"error\":\"Idempotency-Key missing\"}");
                    return;
                }
                boolean repeat;
                synchronized (recorded) {
                    repeat = recorded.containsKey(key);
                    if (!repeat) {
                        recorded.put(key, body);
                        acks.put(key, "BO-" + (acks.size() + 1));
                    }
                }
                if (repeat) {
                    answer(x, 409, "{\"ack\":\"" + acks.get(key) + "\",\"error\":\"already received\"}");
                    return;
                }
                received.countDown();
                if (hold) {
                    release.await(20, TimeUnit.SECONDS);
                }
                answer(x, 201, "{\"ack\":\"" + acks.get(key) + "\"}");
            } catch (IOException | InterruptedException e) {
                // the kiosk died under the request
            } finally {
                x.close();
            }
        }

        private static void answer(HttpExchange x, int status, String json) throws IOException {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
