package org.opendmv.central.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.backoffice.internal.KioskGateway;

/**
 * The kiosk's real back-office HTTP gateway delivering to the central's real receiver servlet (embedded Jetty)
 * on a real PostgreSQL: stored once, repeats acknowledged with the same reference, and every kind of bad
 * input refused with nothing stored twice.
 */
public class ReceiverTest {
    private static final long LIMIT = 256 * 1024;
    private static TestCentral central;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String tokenA;
    private String tokenB;
    private URI endpoint;

    @BeforeClass
    public static void startCentral() throws Exception {
        central = new TestCentral("receiver");
        central.serve(new CentralApiServlet(central.db, Clock.systemUTC(), LIMIT, 90));
    }

    @AfterClass
    public static void stopCentral() throws Exception {
        if (central != null) {
            central.close();
        }
    }

    @Before
    public void kiosks() throws Exception {
        central.clear();
        tokenA = central.db.addKiosk("K001", "beijing-dongcheng");
        tokenB = central.db.addKiosk("K002", "beijing-dongcheng");
        endpoint = central.uri("/central/api/applications");
    }

    private BackOfficeGateway kiosk(String token) {
        return KioskGateway.http(endpoint, token);
    }

    @Test
    public void theKiosksGatewayDeliversAndTheApplicationIsStoredOnceWithItsFiles() throws Exception {
        String serial = Applications.serial("K001", 1);
        Submission s = Applications.submission("K001", serial, "13800000000");
        String ack = kiosk(tokenA).deliver(s);
        assertTrue(ack, ack.startsWith("central:"));
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
        assertEquals("K001", central.text("SELECT kiosk_id FROM applications WHERE idempotency_key = '" + serial + "'"));
        assertEquals("dl-renewal", central.text("SELECT business_code FROM applications"));
        assertEquals(3, central.count("SELECT COUNT(*) FROM application_files"));
        assertEquals("form.pdf,photo.jpeg,signature.png", central.text("SELECT string_agg(name, ',' ORDER BY position) FROM application_files"));
        // the photo is stored byte for byte, its hash as the kiosk declared it
        assertEquals(Tokens.sha256(s.parts().get(1).data()), central.text("SELECT sha256 FROM application_files WHERE name = 'photo.jpeg'"));
        assertEquals(Tokens.sha256(s.parts().get(1).data()),
                central.text("SELECT encode(sha256(data), 'hex') FROM application_files WHERE name = 'photo.jpeg'"));
        assertArrayEquals(s.json(), central.text("SELECT encode(application, 'base64') FROM applications") == null ? null
                : java.util.Base64.getMimeDecoder().decode(central.text("SELECT encode(application, 'base64') FROM applications")));

        // the list shows references only: no name, no ID number
        JsonNode list = get("/central/api/applications?kiosk=K001", 200);
        assertEquals(1, list.get("applications").size());
        JsonNode a = list.get("applications").get(0);
        assertEquals(serial, a.get("serial").asText());
        assertEquals("dl-renewal", a.get("businessCode").asText());
        assertEquals(ack, a.get("ack").asText());
        assertEquals(3, a.get("files").asInt());
        String raw = list.toString();
        assertFalse(raw, raw.contains("测试用户") || raw.contains("11010119900307001X") || raw.contains("13800000000"));
        assertEquals(0, get("/central/api/applications?kiosk=K002", 200).get("applications").size());
    }

    @Test
    public void aRepeatedDeliveryIsAcknowledgedWithTheSameReferenceAndNotStoredAgain() throws Exception {
        String serial = Applications.serial("K001", 2);
        String first = kiosk(tokenA).deliver(Applications.submission("K001", serial, "13800000000"));
        // a crash between delivery and the kiosk's record of it: the relay delivers again; the form PDF is rendered
        // anew (other bytes), the data and attachments are the same
        String again = kiosk(tokenA).deliver(Applications.submission("K001", serial, "13800000000"));
        assertEquals(first, again);
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
        assertEquals(3, central.count("SELECT COUNT(*) FROM application_files"));
    }

    @Test
    public void aReplayedKeyWithDifferentContentIsRefusedAndTheFirstApplicationStaysAsItWas() throws Exception {
        String serial = Applications.serial("K001", 3);
        kiosk(tokenA).deliver(Applications.submission("K001", serial, "13800000000"));
        String stored = central.text("SELECT encode(application, 'hex') FROM applications");
        GatewayException e = refused(kiosk(tokenA), Applications.submission("K001", serial, "13999999999"));
        assertTrue(e.getMessage(), e.getMessage().contains("422"));
        assertFalse("not worth retrying: staff look", e.temporary());
        // another attachment under the same key: refused too
        List<Submission.Part> parts = List.of(new Submission.Part("photo.jpeg", "image/jpeg", Applications.bytes(20_000, 99)));
        refused(kiosk(tokenA), Applications.submission("K001", serial, "13800000000", parts));
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
        assertEquals(stored, central.text("SELECT encode(application, 'hex') FROM applications"));
        assertEquals(3, central.count("SELECT COUNT(*) FROM application_files"));
    }

    @Test
    public void unauthenticatedForgedAndRevokedKiosksAreRefusedWith401() throws Exception {
        String serial = Applications.serial("K001", 4);
        Submission s = Applications.submission("K001", serial, "13800000000");
        assertTrue(refused(kiosk(null), s).getMessage().contains("401"));
        // the shape of a real token, but not one the central issued
        assertTrue(refused(kiosk(Tokens.newToken()), s).getMessage().contains("401"));
        assertTrue(refused(kiosk("not-a-token"), s).getMessage().contains("401"));
        central.db.revoke("K001");
        assertTrue(refused(kiosk(tokenA), s).getMessage().contains("401"));
        assertEquals(0, central.count("SELECT COUNT(*) FROM applications"));
        // a renewed token works, the revoked one still does not
        String renewed = central.db.renewToken("K001");
        assertTrue(kiosk(renewed).deliver(s).startsWith("central:"));
        assertTrue(refused(kiosk(tokenA), Applications.submission("K001", Applications.serial("K001", 5), "1")).getMessage().contains("401"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("x"))
                .header("Content-Type", "multipart/form-data; boundary=b").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"opendmv-central\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
    }

    @Test
    public void aKioskCannotDeliverAnotherKiosksApplication() throws Exception {
        // K002's token, K001's application
        Submission s = Applications.submission("K001", Applications.serial("K001", 6), "13800000000");
        GatewayException e = refused(kiosk(tokenB), s);
        assertTrue(e.getMessage(), e.getMessage().contains("403"));
        // K002 taking K001's idempotency key for an application of its own
        String serial = Applications.serial("K001", 7);
        String ack = kiosk(tokenA).deliver(Applications.submission("K001", serial, "13800000000"));
        List<Submission.Part> parts = Applications.submission("K002", serial, "1").parts();
        Submission forged = new Submission(serial, serial, "dl-renewal", Applications.json("K002", serial, "13800000000", parts), parts);
        GatewayException f = refused(kiosk(tokenB), forged);
        assertTrue(f.getMessage(), f.getMessage().contains("422"));
        assertFalse("no ack of another kiosk's application", f.getMessage().contains(ack));
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
        assertEquals("K001", central.text("SELECT kiosk_id FROM applications"));
    }

    @Test
    public void anOversizedDeliveryIsRefusedWith413() throws Exception {
        List<Submission.Part> parts = List.of(new Submission.Part("material.scan.1.jpg", "image/jpeg", Applications.bytes((int) LIMIT + 1, 3)));
        String serial = Applications.serial("K001", 8);
        GatewayException e = refused(kiosk(tokenA), Applications.submission("K001", serial, "13800000000", parts));
        assertTrue(e.getMessage(), e.getMessage().contains("413"));
        assertFalse(e.temporary());
        assertEquals(0, central.count("SELECT COUNT(*) FROM applications"));
    }

    @Test
    public void malformedDeliveriesAreRefusedWith400And415() throws Exception {
        String serial = Applications.serial("K001", 9);
        List<Submission.Part> parts = Applications.submission("K001", serial, "1").parts();
        // not JSON
        assertEquals(400, post(serial, tokenA, new Submission(serial, serial, "dl-renewal", "{not json".getBytes(StandardCharsets.UTF_8), parts)));
        // JSON without the file list
        assertEquals(400, post(serial, tokenA, new Submission(serial, serial, "dl-renewal",
                "{\"serial\":\"x\"}".getBytes(StandardCharsets.UTF_8), parts)));
        // a file damaged in transit: its bytes do not match the SHA-256 the kiosk declared
        byte[] json = Applications.json("K001", serial, "1", parts);
        List<Submission.Part> damaged = new ArrayList<>(parts);
        byte[] photo = parts.get(1).data();
        photo[100] ^= 1;
        damaged.set(1, new Submission.Part("photo.jpeg", "image/jpeg", photo));
        assertEquals(400, post(serial, tokenA, new Submission(serial, serial, "dl-renewal", json, damaged)));
        // a file the JSON does not list
        List<Submission.Part> extra = new ArrayList<>(parts);
        extra.add(new Submission.Part("extra.bin", "application/octet-stream", new byte[10]));
        assertEquals(400, post(serial, tokenA, new Submission(serial, serial, "dl-renewal", json, extra)));
        // an unsafe file name
        List<Submission.Part> unsafe = List.of(new Submission.Part("../../etc/passwd", "text/plain", new byte[1]));
        assertEquals(400, post(serial, tokenA, new Submission(serial, serial, "dl-renewal",
                Applications.json("K001", serial, "1", unsafe), unsafe)));
        // the header key and the JSON's key differ
        assertEquals(400, post("OTHER-KEY", tokenA, new Submission(serial, serial, "dl-renewal", json, parts)));
        // not multipart at all
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + tokenA)
                .header("Idempotency-Key", serial).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode());
        // a broken multipart body
        r = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + tokenA).header("Idempotency-Key", serial)
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .POST(HttpRequest.BodyPublishers.ofString("--XYZ\r\nContent-Disposition: form-data; name=\"application\"\r\n\r\n{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        // the answers quote nothing from the request
        assertFalse(r.body(), r.body().contains("{}"));
        assertEquals(0, central.count("SELECT COUNT(*) FROM applications"));
        // and the well-formed delivery is then taken
        assertTrue(kiosk(tokenA).deliver(new Submission(serial, serial, "dl-renewal", json, parts)).startsWith("central:"));
    }

    /** Posts a submission as the gateway does (same multipart) and returns the status. */
    private int post(String key, String token, Submission s) throws Exception {
        String boundary = "----test-boundary-1234";
        byte[] body = org.opendmv.backoffice.internal.KioskGateway.multipart(s, boundary);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        assertNotNull("every refusal says why: " + r.body(), answer.get("error"));
        assertFalse(r.body(), r.body().contains("测试用户"));
        return r.statusCode();
    }

    @Test
    public void concurrentDeliveriesOfOneApplicationStoreItOnceAndAllGetTheSameAck() throws Exception {
        String serial = Applications.serial("K001", 10);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(pool.submit(() -> {
                    go.await();
                    return kiosk(tokenA).deliver(Applications.submission("K001", serial, "13800000000"));
                }));
            }
            go.countDown();
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> f : acks) {
                distinct.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(distinct.toString(), 1, distinct.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications"));
        assertEquals(3, central.count("SELECT COUNT(*) FROM application_files"));
    }

    @Test
    public void whileTheDatabaseIsDownDeliveriesAreTemporaryFailuresAndGoThroughAfterwards() throws Exception {
        String serial = Applications.serial("K002", 11);
        Submission s = Applications.submission("K002", serial, "13800000000");
        central.pg.stop();
        try {
            GatewayException e = refused(kiosk(tokenB), s);
            assertTrue(e.getMessage(), e.getMessage().contains("503"));
            assertTrue("the kiosk retries later", e.temporary());
        } finally {
            central.pg.restart();
        }
        assertTrue(kiosk(tokenB).deliver(s).startsWith("central:"));
        assertEquals(1, central.count("SELECT COUNT(*) FROM applications WHERE kiosk_id = 'K002'"));
    }

    @Test
    public void theApiListsKiosksAndTheirStateWithoutPersonalData() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        central.db.heartbeat("K001", now.minusSeconds(5), 41, "{\"features\":{\"opendmv-core\":\"0.1.0\"}}");
        central.db.heartbeat("K002", now.minusSeconds(600), 7, null);
        central.db.deviceStates("K001", List.of(new org.opendmv.central.api.DeviceState("printer-1", "ReceiptPrinter", "HARDWARE_ERROR",
                "MAINTENANCE", "paper jammed", now.minusSeconds(3))));
        central.db.event("K001", new org.opendmv.central.api.ErrorEvent(42, "printer-1", "PAPER_JAMMED", "MAINTENANCE", null, now.minusSeconds(3)));
        kiosk(tokenA).deliver(Applications.submission("K001", Applications.serial("K001", 12), "13800000000"));

        JsonNode kiosks = get("/central/api/kiosks", 200);
        assertEquals(1, kiosks.get("online").asInt());
        assertEquals(1, kiosks.get("offline").asInt());
        assertEquals("K001", kiosks.get("kiosks").get(0).get("id").asText());
        assertTrue(kiosks.get("kiosks").get(0).get("online").asBoolean());
        assertFalse("no heartbeat for 10 minutes", kiosks.get("kiosks").get(1).get("online").asBoolean());
        // the versions summary of the list: the features, not the bundles
        assertEquals("0.1.0", kiosks.get("kiosks").get(0).get("features").get("opendmv-core").asText());
        assertTrue(kiosks.get("kiosks").get(1).get("features").isNull());

        // the fleet's devices needing someone, with the kiosk they belong to
        JsonNode attention = get("/central/api/attention", 200);
        assertEquals(1, attention.get("devices").size());
        assertEquals("K001", attention.get("devices").get(0).get("kioskId").asText());
        assertEquals("printer-1", attention.get("devices").get(0).get("deviceId").asText());
        assertEquals("MAINTENANCE", attention.get("devices").get(0).get("actionHint").asText());

        JsonNode k = get("/central/api/kiosks/K001", 200);
        assertEquals("beijing-dongcheng", k.get("office").asText());
        assertEquals("0.1.0", k.get("versions").get("features").get("opendmv-core").asText());
        assertEquals("HARDWARE_ERROR", k.get("devices").get(0).get("state").asText());
        assertEquals("MAINTENANCE", k.get("devices").get(0).get("actionHint").asText());
        assertEquals("PAPER_JAMMED", k.get("recentEvents").get(0).get("code").asText());
        assertEquals(1, k.get("applicationsToday").asInt());
        assertFalse(k.toString().contains("测试用户"));
        assertFalse("never the token or its hash", k.toString().contains(tokenA) || k.toString().contains(Tokens.hash(tokenA)));

        get("/central/api/kiosks/K999", 404);
        get("/central/api/applications?kiosk=../x", 400);
        get("/central/api/applications?kiosk=K001&max=0", 400);
        get("/central/api/nothing", 404);
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(central.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private static GatewayException refused(BackOfficeGateway g, Submission s) {
        try {
            String ack = g.deliver(s);
            fail("delivered with ack " + ack + ", expected a refusal");
            return null;
        } catch (GatewayException e) {
            return e;
        }
    }
}
