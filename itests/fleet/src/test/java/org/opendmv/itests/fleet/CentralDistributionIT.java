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
import java.time.Instant;
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
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.itests.servers.Mosquitto;
import org.opendmv.itests.servers.PostgresServer;

/**
 * The central distribution as an operator runs it: unpacked, pointed at a real PostgreSQL (started here on a free
 * port) through etc/org.ops4j.datasource-central.cfg with the password in the environment, started with
 * {@code bin/karaf server}; a kiosk registered on its console ({@code central:kiosk-add}) delivers with the
 * kiosk's real HTTP gateway, once, a repeat gets the same ack, and the API lists it; a kiosk's heartbeat over a real
 * mosquitto reaches the central's MQTT ingest, the operator page (headless Chromium) shows the fleet, and a real
 * Prometheus scrapes /metrics.
 */
public class CentralDistributionIT {
    private static final Pattern TOKEN = Pattern.compile("(?m)^\\s+(odk1\\.[A-Za-z0-9_-]{43})\\s*$");
    /** A value a kiosk could send: the operator page must show it as text. */
    private static final String MARKUP = "<img src=x id=injected>";
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

    /**
     * One boot of the central for the whole operator's view: the console registers, the kiosk's gateway delivers,
     * the API lists, then a heartbeat and a device report over the real broker, the operator page in headless
     * Chromium and a real Prometheus scraping /metrics.
     */
    @Test
    public void aKioskRegisteredOnTheConsoleDeliversOnceAndTheApiThePageAndPrometheusShowIt() throws Exception {
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

        // a second kiosk that never sent a heartbeat; K001 reports over MQTT
        assertTrue(shell("central:kiosk-add K002 beijing-haidian").contains("shown once"));
        Path brokerDir = Path.of("target", "mosquitto-central-dist");
        run(List.of("rm", "-rf", brokerDir.toString()));
        try (Mosquitto broker = Mosquitto.in(brokerDir, Map.of("central", "central-secret", "K001", "k1-secret")).start()) {
            Files.writeString(home.resolve("etc/central-mqtt.password"), "central-secret\n");
            // dropped into etc/ of the running central, as an operator would: the ingest starts with it
            Files.write(home.resolve("etc/org.opendmv.central.mqtt.cfg"), List.of("broker.url = " + broker.url()));
            kioskReports(broker);
            operatorPageInChromium();
            prometheusScrapesMetrics();
        }
    }

    /**
     * K001's device report (retained) with a printer in error whose substatus looks like markup, and heartbeats until
     * the API shows K001 online: a heartbeat sent before the central's first subscription reaches no one, as with a
     * real kiosk, which sends the next one a little later.
     */
    private void kioskReports(Mosquitto broker) throws Exception {
        FleetCodec codec = new FleetCodec();
        MqttClient k = new MqttClient(broker.url(), "kiosk-K001", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("K001");
        o.setPassword("k1-secret".toCharArray());
        k.connect(o);
        try {
            k.publish(FleetTopics.kiosk("beijing-dongcheng", "K001", FleetTopics.Kind.STATUS),
                    codec.encode(new DeviceStatusReport(1, "K001", "beijing-dongcheng", Instant.now(), 1, List.of(
                            new org.opendmv.fleet.api.DeviceState("printer-1", "RECEIPT_PRINTER", "receiptPrinter", "READY", "NONE",
                                    "HARDWARE_ERROR", Map.of("paper", MARKUP)),
                            new org.opendmv.fleet.api.DeviceState("camera-1", "CAMERA", "camera", "READY", "NONE", "ONLINE", Map.of())))),
                    1, true);
            long[] seq = {1};
            await("K001 online in the API", Duration.ofSeconds(60), () -> {
                try {
                    k.publish(FleetTopics.kiosk("beijing-dongcheng", "K001", FleetTopics.Kind.HEARTBEAT),
                            codec.encode(new Heartbeat(1, "K001", "beijing-dongcheng", Instant.now(), ++seq[0], "canary", 60,
                                    Map.of("opendmv-core", "0.1.0.SNAPSHOT"), Map.of())), 1, false);
                } catch (MqttException e) {
                    throw new AssertionError(e);
                }
                return get("/central/api/kiosks").map(b -> b.contains("\"online\":1")).orElse(false);
            });
        } finally {
            k.disconnect();
            k.close();
        }
    }

    /**
     * The page after its script ran (--virtual-time-budget lets it fetch and render), as the DOM Chromium built:
     * K001 online, K002 offline, the printer with its state, the rollouts saying there are none.
     */
    private void operatorPageInChromium() throws Exception {
        // the address an operator types: /central leads to the page
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/central")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().map().toString(), bare.headers().firstValue("Location").orElse("").endsWith("/central/"));
        Path chromium = Path.of("/usr/bin/chromium");
        assertTrue("no headless browser: apt-get install -y chromium (./kiosk test does this)", Files.isExecutable(chromium));
        Path profile = Path.of("target", "chromium-central").toAbsolutePath();
        String[] dom = {""};
        await("K001 online and K002 offline on the operator page", Duration.ofSeconds(90), () -> {
            dom[0] = dumpDom(chromium, profile, "http://127.0.0.1:" + httpPort + "/central/");
            return row(dom[0], "K001").contains("在线 <span class=\"en\">online</span>")
                    && row(dom[0], "K002").contains("离线 <span class=\"en\">offline</span>")
                    && dom[0].contains("printer-1");
        });
        String page = dom[0];
        Files.writeString(Path.of("target", "operator-page.html"), page);
        assertTrue(page, page.contains("更新于"));
        assertTrue(row(page, "K001"), row(page, "K001").contains("beijing-dongcheng"));
        assertTrue(row(page, "K001"), row(page, "K001").contains("[canary] opendmv-core 0.1.0.SNAPSHOT"));
        assertTrue(row(page, "K002"), row(page, "K002").contains("从未 / never"));
        assertTrue(page, page.contains("id=\"count-online\">1</b>") && page.contains("id=\"count-offline\">1</b>"));
        assertTrue(page, page.contains("硬件故障 <span class=\"en\">hardware error (HARDWARE_ERROR)</span>"));
        assertTrue("the kiosk's text is shown as text", page.contains("paper=&lt;img src=x id=injected&gt;"));
        assertFalse("never turned into an element", page.contains("id=\"injected\"") || page.contains("<img"));
        assertTrue(page.contains("暂无发布"));
    }

    private static String dumpDom(Path chromium, Path profile, String url) {
        try {
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=8000", "--dump-dom", url)
                    .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "chromium-central.log").toFile())).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return dom;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The kiosk table's row of a kiosk, or "". */
    private static String row(String dom, String kioskId) {
        Matcher m = Pattern.compile("<tr data-kiosk=\"" + kioskId + "\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    /**
     * Debian's Prometheus, on a free port with its data under target/, scraping the central's /metrics every
     * second; its query API must come to report one kiosk online, one offline and the delivered application.
     */
    private void prometheusScrapesMetrics() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        assertTrue("no prometheus: apt-get install -y prometheus (./kiosk test does this)", Files.isExecutable(prometheus));
        Path dir = Path.of("target", "prometheus-central").toAbsolutePath();
        run(List.of("rm", "-rf", dir.toString()));
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.write(config, List.of(
                "global:",
                "  scrape_interval: 1s",
                "scrape_configs:",
                "  - job_name: opendmv-central",
                "    scrape_interval: 1s",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + httpPort + "']"));
        int port = PostgresServer.freePort();
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");
            await("opendmv_kiosks in Prometheus", Duration.ofSeconds(90),
                    () -> "1".equals(value(base, "opendmv_kiosks", "state", "online")) && "1".equals(value(base, "opendmv_kiosks", "state", "offline")));
            await("opendmv_applications_total in Prometheus", Duration.ofSeconds(30),
                    () -> "1".equals(value(base, "opendmv_applications_total", "business", "dl-renewal")));
            assertEquals("1", value(base, "opendmv_devices", "state", "HARDWARE_ERROR"));
            assertEquals("1", value(base, "opendmv_devices", "state", "ONLINE"));
        } finally {
            // by its PID: SIGTERM, then wait
            run(List.of("kill", "-TERM", String.valueOf(p.pid())));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The value of the sample of {@code metric} whose {@code label} is {@code value}, per Prometheus' query API; null if none. */
    private String value(URI base, String metric, String label, String value) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + metric)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            for (JsonNode sample : json.readTree(r.body()).path("data").path("result")) {
                if (value.equals(sample.path("metric").path(label).asText())) {
                    return sample.path("value").path(1).asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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
