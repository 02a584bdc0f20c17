package org.opendmv.itests.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.backoffice.internal.KioskGateway;
import org.opendmv.itests.servers.PostgresServer;

/**
 * The central distribution as an operator runs it: unpacked, pointed at a real PostgreSQL (started here on a free
 * port) through etc/org.ops4j.datasource-central.cfg with the password in the environment, started with
 * {@code bin/karaf server}; a kiosk registered on its console ({@code central:kiosk-add}) delivers with the
 * kiosk's real HTTP gateway, once, a repeat gets the same ack, and the API lists it.
 */
public class CentralDistributionIT {
    private static final Pattern TOKEN = Pattern.compile("(?m)^\\s+(odk1\\.[A-Za-z0-9_-]{43})\\s*$");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private PostgresServer pg;
    private Path home;
    private Process launcher;
    private ProcessHandle java;
    private int httpPort;
    private int sshPort;

    @Before
    public void start() throws Exception {
        pg = PostgresServer.start(Path.of("target", "pg-central-dist"));
        pg.createDatabase("central");
        Path tar = Path.of(System.getProperty("central.tar", "../../karaf-distribution/central/target/opendmv-central-0.1.0-SNAPSHOT.tar.gz"));
        assertTrue("no central distribution at " + tar + ": build it first", Files.isRegularFile(tar));
        home = Files.createTempDirectory("opendmv-central-");
        run(List.of("tar", "-xzf", tar.toString(), "-C", home.toString(), "--strip-components=1"));
        httpPort = PostgresServer.freePort();
        sshPort = PostgresServer.freePort();
        edit("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        edit("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        edit("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(PostgresServer.freePort()));
        edit("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(PostgresServer.freePort()));
        edit("etc/org.ops4j.datasource-central.cfg", "url", pg.jdbcUrl("central"));
        edit("etc/org.ops4j.datasource-central.cfg", "user", pg.user());
        launch();
    }

    /** {@code bin/karaf server} with the database password in its environment; returns once the API answers. */
    private void launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        pb.environment().put("OPENDMV_CENTRAL_DB_PASSWORD", pg.password());
        pb.environment().put("EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        launcher = pb.start();
        String marker = "-Dkaraf.home=" + home;
        await("the central JVM", Duration.ofSeconds(60), () -> launcher.descendants()
                .anyMatch(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)));
        java = launcher.descendants().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).findFirst().orElseThrow();
        await("GET /central/api/kiosks", Duration.ofSeconds(180), () -> get("/central/api/kiosks").map(b -> b.contains("\"kiosks\"")).orElse(false));
    }

    @After
    public void stop() throws Exception {
        try {
            if (java != null && java.isAlive()) {
                java.destroy();
                try {
                    java.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    java.destroyForcibly();
                }
            }
            if (launcher != null) {
                launcher.waitFor(30, TimeUnit.SECONDS);
                launcher.destroyForcibly();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            if (home != null) {
                run(List.of("rm", "-rf", home.toString()));
            }
        }
    }

    @Test
    public void aKioskRegisteredOnTheConsoleDeliversOnceAndTheApiShowsIt() throws Exception {
        String out = shell("central:kiosk-add K001 beijing-dongcheng");
        Matcher m = TOKEN.matcher(out);
        assertTrue(out, m.find());
        String token = m.group(1);
        assertTrue(out, out.contains("shown once"));
        assertTrue(shell("central:kiosks").contains("K001"));
        String again = shell("central:kiosk-add K001 beijing-dongcheng");
        assertTrue(again, again.contains("registered already"));

        URI endpoint = URI.create("http://127.0.0.1:" + httpPort + "/central/api/applications");
        String serial = "20261203K001000001";
        String ack = KioskGateway.http(endpoint, token).deliver(submission(serial, "13800000000"));
        assertTrue(ack, ack.startsWith("central:"));
        assertEquals("a repeat (the kiosk crashed before recording the ack) gets the same ack", ack,
                KioskGateway.http(endpoint, token).deliver(submission(serial, "13800000000")));
        refused(KioskGateway.http(endpoint, null), submission("20261203K001000002", "1"), "401");
        refused(KioskGateway.http(endpoint, token), submission(serial, "13999999999"), "422");

        JsonNode list = json.readTree(get("/central/api/applications?kiosk=K001").orElseThrow());
        assertEquals(1, list.get("applications").size());
        assertEquals(serial, list.get("applications").get(0).get("serial").asText());
        assertEquals(ack, list.get("applications").get(0).get("ack").asText());
        assertFalse(list.toString().contains("测试用户"));
        JsonNode kiosk = json.readTree(get("/central/api/kiosks/K001").orElseThrow());
        assertEquals("beijing-dongcheng", kiosk.get("office").asText());
        assertEquals(1, kiosk.get("applicationsToday").asInt());

        // stored once, in PostgreSQL, with its files
        try (var c = pg.connect("central"); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*), (SELECT COUNT(*) FROM application_files) FROM applications")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(2, rs.getInt(2));
        }
        String log = Files.readString(home.resolve("data/log/karaf.log"));
        assertFalse("no personal data in the central's log", log.contains("测试用户") || log.contains("11010119900307001X"));
        assertFalse("the token is never logged", log.contains(token));
    }

    @Test
    public void killedWithSigkillDuringADeliveryTheCentralKeepsAllOrNothingAndTheRetryIsStoredOnce() throws Exception {
        String out = shell("central:kiosk-add K002 beijing-dongcheng");
        Matcher m = TOKEN.matcher(out);
        assertTrue(out, m.find());
        String token = m.group(1);
        URI endpoint = URI.create("http://127.0.0.1:" + httpPort + "/central/api/applications");
        String serial = "20261203K002000001";
        // a large delivery (scans), so that the kill falls while the central reads or stores it
        Submission big = submission("K002", serial, "13800000000", 24 * 1024 * 1024);
        Thread delivery = new Thread(() -> {
            try {
                KioskGateway.http(endpoint, token).deliver(big);
            } catch (GatewayException e) {
                // expected: the central died under it (temporary: the kiosk's relay retries)
            }
        });
        delivery.start();
        Thread.sleep(400);
        run(List.of("kill", "-9", String.valueOf(java.pid())));
        java.onExit().get(30, TimeUnit.SECONDS);
        launcher.waitFor(30, TimeUnit.SECONDS);
        delivery.join(60_000);
        assertEquals("nothing half-stored: no files without their application", 0,
                count("SELECT COUNT(*) FROM application_files f WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = f.application_id)"));
        long before = count("SELECT COUNT(*) FROM applications");
        System.out.println("central killed with " + before + " application(s) committed, delivery thread "
                + (delivery.isAlive() ? "still waiting" : "ended"));
        assertTrue("at most the one application", before <= 1);
        if (before == 1) {
            assertEquals("an application is stored with all its files", 3, count("SELECT COUNT(*) FROM application_files"));
        }

        launch();
        // the kiosk's relay delivers again with the same key: stored once (201 if the first never committed, else 409 + its ack)
        String ack = KioskGateway.http(endpoint, token).deliver(submission("K002", serial, "13800000000", 24 * 1024 * 1024));
        assertTrue(ack, ack.startsWith("central:"));
        assertEquals(ack, KioskGateway.http(endpoint, token).deliver(submission("K002", serial, "13800000000", 24 * 1024 * 1024)));
        assertEquals(1, count("SELECT COUNT(*) FROM applications"));
        assertEquals(3, count("SELECT COUNT(*) FROM application_files"));
        assertEquals(ack, json.readTree(get("/central/api/applications?kiosk=K002").orElseThrow()).get("applications").get(0).get("ack").asText());
    }

    private long count(String sql) throws Exception {
        try (var c = pg.connect("central"); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void refused(BackOfficeGateway g, Submission s, String status) {
        try {
            g.deliver(s);
            fail("delivered, expected " + status);
        } catch (GatewayException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(status));
        }
    }

    /** An application shaped as the kiosk's SubmissionBuilder makes it, for a made-up person. */
    private Submission submission(String serial, String mobile) throws Exception {
        return submission("K001", serial, mobile, 0);
    }

    /** {@code scanBytes} > 0: with a scanned material of that size (synthetic bytes). */
    private Submission submission(String kioskId, String serial, String mobile, int scanBytes) throws Exception {
        List<Submission.Part> parts = new ArrayList<>(List.of(
                new Submission.Part("form.pdf", "application/pdf", ("%PDF-1.7 " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII)),
                new Submission.Part("photo.jpeg", "image/jpeg", "synthetic photo".getBytes(StandardCharsets.US_ASCII))));
        if (scanBytes > 0) {
            byte[] scan = new byte[scanBytes];
            new java.util.Random(5).nextBytes(scan);
            parts.add(new Submission.Part("material.scan.1.jpg", "image/jpeg", scan));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serial", serial);
        d.put("idempotencyKey", serial);
        d.put("kioskId", kioskId);
        d.put("businessCode", "dl-renewal");
        d.put("status", "SUBMITTED");
        d.put("application", Map.of("idcard.name", "测试用户", "idcard.idNumber", "11010119900307001X", "form.mobile", mobile));
        List<Map<String, Object>> files = new ArrayList<>();
        for (Submission.Part p : parts) {
            files.add(Map.of("name", p.name(), "contentType", p.contentType(), "size", p.size(),
                    "sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(p.data()))));
        }
        d.put("files", files);
        return new Submission(serial, serial, "dl-renewal", json.writeValueAsBytes(d), parts);
    }

    private String shell(String command) throws Exception {
        String cred = Files.readString(home.resolve("etc/console.credentials"));
        Matcher m = Pattern.compile("(?m)^password=(.+)$").matcher(cred);
        assertTrue("console.credentials made at first start", m.find());
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String out = exec(ssh, m.group(1).trim(), command);
                // the central:* commands come up with the database, shortly after SSH
                if (!out.contains("Command not found") || System.nanoTime() > end) {
                    return out;
                }
                Thread.sleep(500);
            }
        } finally {
            ssh.stop();
        }
    }

    private String exec(SshClient ssh, String password, String command) throws IOException {
        try (ClientSession s = ssh.connect("admin", "127.0.0.1", sshPort).verify(Duration.ofSeconds(10)).getSession()) {
            s.addPasswordIdentity(password);
            s.auth().verify(Duration.ofSeconds(20));
            try (ChannelExec ch = s.createExecChannel(command)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ch.setOut(out);
                ch.setErr(out);
                ch.open().verify(Duration.ofSeconds(10));
                ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(r.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void edit(String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^\\s*" + Pattern.quote(key) + "\\s*=.*")) {
                lines.set(i, key + " = " + value);
                done = true;
            }
        }
        if (!done) {
            lines.add(key + " = " + value);
        }
        Files.write(p, lines);
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
