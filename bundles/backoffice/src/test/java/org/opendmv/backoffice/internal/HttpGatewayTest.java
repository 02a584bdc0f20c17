package org.opendmv.backoffice.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;

/** The HTTP gateway against a local com.sun.net.httpserver back office. */
public class HttpGatewayTest {
    private static final String SERIAL = "20261124K001000042";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeBackOffice bo;

    @Before
    public void start() throws Exception {
        bo = new FakeBackOffice();
    }

    @After
    public void stop() {
        bo.close();
    }

    private HttpGateway gateway(long timeoutMs, String token) {
        return new HttpGateway(bo.uri(), Duration.ofSeconds(2), Duration.ofMillis(timeoutMs), token);
    }

    @Test
    public void postsMultipartWithTheIdempotencyKeyAndReturnsTheAck() throws Exception {
        Submission s = TestData.submission(SERIAL);
        assertEquals("BO-0-" + SERIAL, gateway(5000, "t0ken").deliver(s));
        assertEquals(SERIAL, bo.keysSeen.get(0));
        assertEquals("Bearer t0ken", bo.authorizations.get(0));
        assertTrue(bo.contentTypes.get(0), bo.contentTypes.get(0).startsWith("multipart/form-data; boundary="));
        String body = bo.recordedText(SERIAL);
        assertTrue(body, body.contains("name=\"application\"; filename=\"application.json\""));
        assertTrue(body, body.contains("{\"serial\":\"" + SERIAL + "\"}"));
        assertTrue(body, body.contains("name=\"file\"; filename=\"form.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 test\r\n"));
        assertTrue(body, body.contains("filename=\"photo.jpeg\"\r\nContent-Type: image/jpeg"));
        assertNull("no token configured: no header", deliverAndAuth(gateway(5000, null)));
    }

    private String deliverAndAuth(HttpGateway g) throws Exception {
        g.deliver(TestData.submission("20261124K001000043"));
        return bo.authorizations.get(bo.authorizations.size() - 1);
    }

    @Test
    public void aDuplicateAcknowledgementIsSuccessWithTheFirstAck() throws Exception {
        HttpGateway g = gateway(5000, null);
        String first = g.deliver(TestData.submission(SERIAL));
        assertEquals(first, g.deliver(TestData.submission(SERIAL)));
        assertEquals(2, bo.requests.get());
        assertEquals(1, bo.recorded.size());
    }

    @Test
    public void serverErrorsTimeoutsAndRefusedConnectionsAreTemporary() throws Exception {
        bo.faults.add(FakeBackOffice.Fault.STATUS_500);
        refused(gateway(5000, null), "503: maintenance", true);
        bo.slowMillis = 1500;
        bo.faults.add(FakeBackOffice.Fault.SLOW_BEFORE_RECORDING);
        refused(gateway(500, null), "did not answer within 500 ms", true);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpGateway nobody = new HttpGateway(URI.create("http://127.0.0.1:" + port + "/x"), Duration.ofSeconds(1), Duration.ofSeconds(2), null);
        refused(nobody, "unreachable", true);
    }

    @Test
    public void aSlowAnswerWithinTheTimeoutIsFine() throws Exception {
        bo.slowMillis = 700;
        bo.faults.add(FakeBackOffice.Fault.SLOW_BEFORE_RECORDING);
        assertEquals("BO-0-" + SERIAL, gateway(5000, null).deliver(TestData.submission(SERIAL)));
    }

    @Test
    public void otherClientErrorsAndAnswersWithoutAckAreForStaff() throws Exception {
        bo.faults.add(FakeBackOffice.Fault.STATUS_400);
        refused(gateway(5000, null), "400: missing part application", false);
        bo.faults.add(FakeBackOffice.Fault.NO_ACK);
        refused(gateway(5000, null), "without an ack", false);
    }

    @Test
    public void theTokenFileMustBePrivate() throws Exception {
        Path f = tmp.newFile("token").toPath();
        Files.writeString(f, "abc123\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            HttpGateway.token(f.toString());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("chmod 600"));
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals("abc123", HttpGateway.token(f.toString()));
        assertNull(HttpGateway.token(" "));
        try {
            HttpGateway.token(tmp.getRoot().toPath().resolve("missing").toString());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("missing"));
        }
        try {
            HttpGateway.endpoint("ftp://x/y", true);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("http(s)"));
        }
    }

    @Test
    public void anHttpEndpointIsRefusedUnlessExplicitlyAllowed() {
        try {
            new HttpGateway(config("http://backoffice.example/api/kiosk/applications", false));
            fail("an http:// back office was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("refusing http://backoffice.example")
                    && e.getMessage().contains("https://") && e.getMessage().contains("allow.insecure = true"));
        }
        assertEquals("http", HttpGateway.endpoint("http://127.0.0.1:1/x", true).getScheme());
        assertEquals("https", HttpGateway.endpoint("https://backoffice.example/x", false).getScheme());
        new HttpGateway(config("https://backoffice.example/api/kiosk/applications", false));
        new HttpGateway(config("http://127.0.0.1:1/x", true));
    }

    private static HttpConfig config(String url, boolean allowInsecure) {
        return new HttpConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return HttpConfig.class;
            }

            @Override
            public String endpoint_url() {
                return url;
            }

            @Override
            public int connect_timeout_ms() {
                return 1000;
            }

            @Override
            public int request_timeout_ms() {
                return 1000;
            }

            @Override
            public String token_file() {
                return "";
            }

            @Override
            public boolean allow_insecure() {
                return allowInsecure;
            }
        };
    }

    private static void refused(HttpGateway g, String message, boolean temporary) {
        try {
            g.deliver(TestData.submission(SERIAL));
            fail("delivered");
        } catch (GatewayException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
            assertEquals(e.getMessage(), temporary, e.temporary());
        }
    }
}
