package org.opendmv.central.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.backoffice.internal.KioskGateway;
import org.opendmv.central.api.DeviceState;

/**
 * What the operator sees at a glance: {@code /metrics} for Prometheus and the page at {@code /central/}, served by
 * the real servlets (embedded Jetty) from a real PostgreSQL. The page's script is run by headless Chromium in
 * itests/fleet; here: what the servlet sends.
 */
public class FleetOverviewTest {
    private static TestCentral central;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeClass
    public static void startCentral() throws Exception {
        central = new TestCentral("overview");
        central.serve(new CentralApiServlet(central.db, Clock.systemUTC(), 256 * 1024, 90),
                Map.of("/metrics", new MetricsServlet(central.db, Clock.systemUTC(), 90), "/central/*", new OperatorPageServlet()));
    }

    @AfterClass
    public static void stopCentral() throws Exception {
        if (central != null) {
            central.close();
        }
    }

    @Before
    public void clear() throws Exception {
        central.clear();
    }

    @Test
    public void metricsCountKiosksDevicesAndApplicationsWithoutKioskIdsOrPersonalData() throws Exception {
        HttpResponse<String> empty = get("/metrics");
        assertEquals(200, empty.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", empty.headers().firstValue("Content-Type").orElse("").toLowerCase());
        assertTrue(empty.body(), empty.body().contains("opendmv_kiosks{state=\"online\"} 0\nopendmv_kiosks{state=\"offline\"} 0\n"));

        String tokenA = central.db.addKiosk("K001", "beijing-dongcheng");
        central.db.addKiosk("K002", "beijing-dongcheng");
        central.db.addKiosk("K003", "beijing-haidian");
        central.db.addKiosk("K004", "beijing-haidian");
        Instant now = Instant.now();
        central.db.heartbeat("K001", now.minusSeconds(5), 1, null);
        central.db.heartbeat("K002", now.minusSeconds(600), 1, null);
        central.db.heartbeat("K004", now.minusSeconds(5), 1, null);
        central.db.revoke("K004");
        central.db.deviceStates("K001", List.of(
                new DeviceState("printer-1", "ReceiptPrinter", "HARDWARE_ERROR", "MAINTENANCE", "READY; paper=JAMMED", now),
                new DeviceState("camera-1", "Camera", "ONLINE", null, "READY", now),
                new DeviceState("reader-1", "IdCardReader", "ONLINE", null, "READY", now)));
        central.db.deviceStates("K002", List.of(new DeviceState("printer-1", "ReceiptPrinter", "ONLINE", null, "READY", now)));
        var kiosk = KioskGateway.http(central.uri("/central/api/applications"), tokenA);
        kiosk.deliver(Applications.submission("K001", Applications.serial("K001", 1), "13800000000"));
        kiosk.deliver(Applications.submission("K001", Applications.serial("K001", 2), "13800000001"));
        // a repeat is stored once and counted once
        kiosk.deliver(Applications.submission("K001", Applications.serial("K001", 2), "13800000001"));
        kiosk.deliver(business("vr-transfer", Applications.serial("K001", 3)));

        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("""
                # HELP opendmv_kiosks Registered kiosks: online = a heartbeat within offline.after.seconds; revoked kiosks count as offline
                # TYPE opendmv_kiosks gauge
                opendmv_kiosks{state="online"} 1
                opendmv_kiosks{state="offline"} 3
                # HELP opendmv_devices Devices of the registered kiosks by their last reported state (ONLINE, BUSY, HARDWARE_ERROR, ...)
                # TYPE opendmv_devices gauge
                opendmv_devices{state="HARDWARE_ERROR"} 1
                opendmv_devices{state="ONLINE"} 3
                # HELP opendmv_applications_total Applications received from the kiosks (each stored once), by business code
                # TYPE opendmv_applications_total counter
                opendmv_applications_total{business="dl-renewal"} 2
                opendmv_applications_total{business="vr-transfer"} 1
                """, r.body());
        assertFalse("no kiosk ids as labels", r.body().contains("K001"));
        assertFalse(r.body().contains("测试用户") || r.body().contains("13800000000"));
    }

    @Test
    public void labelValuesAreEscapedAsTheExpositionFormatSays() {
        assertEquals("a\\\\b\\\"c\\nd", MetricsServlet.labelValue("a\\b\"c\nd"));
    }

    @Test
    public void withTheDatabaseDownTheScrapeFailsRatherThanReportingZeros() throws Exception {
        central.pg.stop();
        try {
            assertEquals(503, get("/metrics").statusCode());
        } finally {
            central.pg.restart();
        }
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    public void theOperatorPageIsServedWithItsScriptAndStylesheetAndNothingElse() throws Exception {
        HttpResponse<String> bare = get("/central");
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse(""), bare.headers().firstValue("Location").orElse("").endsWith("/central/"));

        HttpResponse<String> page = get("/central/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=utf-8", page.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp, csp.contains("script-src 'self'") && !csp.contains("unsafe"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        String html = page.body();
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        // Chinese first, English beside
        assertTrue(html.contains("机群总览 <span class=\"en\">Fleet overview</span>"));
        assertTrue(html.contains("需处理的设备 <span class=\"en\">Devices needing attention</span>"));
        assertTrue("rollouts are not built: the page says so", html.contains("暂无发布") && html.contains("No rollouts"));
        assertFalse("no inline script (the CSP forbids it)", Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find());
        assertFalse("nothing from another site", html.contains("http://") || html.contains("https://") || html.contains("//cdn"));

        // every file the page refers to is served, with its type
        Matcher m = Pattern.compile("(?:src|href)=\"([a-z.]+\\.(?:js|css))\"").matcher(html);
        int files = 0;
        while (m.find()) {
            HttpResponse<String> f = get("/central/" + m.group(1));
            assertEquals(m.group(1), 200, f.statusCode());
            assertTrue(f.headers().firstValue("Content-Type").orElse(""),
                    f.headers().firstValue("Content-Type").orElse("").startsWith(m.group(1).endsWith(".js") ? "text/javascript" : "text/css"));
            files++;
        }
        assertEquals(2, files);
        String js = get("/central/operator.js").body();
        assertFalse("the script sets text, never HTML", js.contains("innerHTML") || js.contains("outerHTML") || js.contains("insertAdjacentHTML")
                || js.contains("document.write"));

        assertEquals(404, get("/central/other.html").statusCode());
        assertEquals(404, get("/central/org/opendmv/central/internal/CentralDatabase.class").statusCode());
        assertEquals(404, get("/central/operator/index.html").statusCode());
        // the API keeps its longer pattern
        HttpResponse<String> api = get("/central/api/kiosks");
        assertEquals(200, api.statusCode());
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    private static Submission business(String code, String serial) {
        Submission s = Applications.submission("K001", serial, "13900000000");
        byte[] json = new String(s.json(), StandardCharsets.UTF_8).replace("dl-renewal", code).getBytes(StandardCharsets.UTF_8);
        return new Submission(serial, serial, code, json, s.parts());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(central.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
