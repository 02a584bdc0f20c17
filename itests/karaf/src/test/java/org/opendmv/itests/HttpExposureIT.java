package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Network exposure on the real distribution: the kiosk starts while another process holds its
 * HTTP port (as after a kill -9 and a quick restart), says so, and serves once the port is free;
 * the phone page over HTTPS with an operator's certificate (a keystore made here with keytool);
 * what another machine sees of /api/health and the rest.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpExposureIT extends KioskTestSupport {
    private static final String STORE_PASSWORD = "test-store-pw-4711";
    private static int httpsPort;
    private static boolean portReleased;
    private static String alert;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(Arrays.asList(super.config()));
        httpsPort = freePort();
        File target = new File("target").getAbsoluteFile();
        File keystore = new File(target, "https-it.p12");
        File release = new File(target, "http-port-released");
        try {
            Files.deleteIfExists(keystore.toPath());
            Files.deleteIfExists(release.toPath());
            run(List.of(javaTool("keytool"), "-genkeypair", "-alias", "kiosk", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=opendmv-kiosk-test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keystore.getPath(), "-storepass", STORE_PASSWORD,
                    "-keypass", STORE_PASSWORD));
            holdPort(httpPort(), release);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        String web = "etc/org.ops4j.pax.web.cfg";
        o.add(editConfigurationFilePut(web, "org.osgi.service.http.secure.enabled", "true"));
        o.add(editConfigurationFilePut(web, "org.osgi.service.http.port.secure", String.valueOf(httpsPort)));
        o.add(editConfigurationFilePut(web, "org.ops4j.pax.web.ssl.keystore", keystore.getPath()));
        o.add(editConfigurationFilePut(web, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"));
        o.add(editConfigurationFilePut(web, "org.ops4j.pax.web.ssl.keystore.password", STORE_PASSWORD));
        o.add(editConfigurationFilePut(web, "org.ops4j.pax.web.ssl.key.password", STORE_PASSWORD));
        o.add(editConfigurationFilePut(web, "org.ops4j.pax.web.ssl.key.alias", "kiosk"));
        o.add(editConfigurationFilePut("etc/org.opendmv.http.watchdog.cfg", "grace.seconds", "5"));
        o.add(editConfigurationFilePut("etc/org.opendmv.http.watchdog.cfg", "backoff.initial.seconds", "1"));
        o.add(editConfigurationFilePut("etc/org.opendmv.http.watchdog.cfg", "backoff.max.seconds", "2"));
        o.add(editConfigurationFilePut("etc/org.opendmv.upload.cfg", "public.base.url", "https://127.0.0.1:" + httpsPort));
        o.add(systemProperty("opendmv.test.https.port").value(String.valueOf(httpsPort)));
        o.add(systemProperty("opendmv.test.https.keystore").value(keystore.getPath()));
        o.add(systemProperty("opendmv.test.port.release").value(release.getPath()));
        return o.toArray(new Option[0]);
    }

    /** In the container (the test methods run there): the ports config() chose. */
    private static int port(String scheme) {
        return Integer.parseInt(System.getProperty("opendmv.test." + scheme + ".port"));
    }

    private static String javaTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }

    /** Another process holds the kiosk's HTTP port until the test writes the release file (at most 5 min). */
    private static void holdPort(int port, File release) throws IOException {
        Process p = new ProcessBuilder(javaTool("java"), "-cp", new File("target/test-classes").getAbsolutePath(),
                PortHolder.class.getName(), String.valueOf(port), release.getPath(), "300").redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("holding")) {
            throw new IllegalStateException("port holder did not start: " + line);
        }
    }

    /** Once per container: HTTP is down with an OPERATOR ALERT while the port is held, then comes up. */
    @Before
    @Override
    public void awaitKioskReady() throws Exception {
        if (!portReleased) {
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            await("an OPERATOR ALERT about the HTTP port", 120_000, () -> alertLine(log) != null);
            alert = alertLine(log);
            assertFalse("nothing answers on the held port but the holder", answersHttp(port("http")));
            Files.writeString(Path.of(System.getProperty("opendmv.test.port.release")), "go");
            portReleased = true;
        }
        try {
            super.awaitKioskReady();
        } catch (AssertionError e) {
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            throw new AssertionError(e.getMessage() + "; the log says:\n" + String.join("\n", Files.readAllLines(log).stream()
                    .filter(l -> l.contains("HTTP") || l.contains("pax.web") || l.contains("Jetty") || l.contains("bind"))
                    .filter(l -> !l.startsWith("\tat ")).limit(80).toArray(String[]::new)), e);
        }
    }

    private static String alertLine(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("OPERATOR ALERT: HTTP is not listening")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** True if an HTTP server answers there (the holder accepts nothing and says nothing). */
    private static boolean answersHttp(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/api/health").openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    public void aBusyPortAtStartIsReportedAndRetriedUntilHttpListens() throws Exception {
        assertTrue(alert, alert.contains("cannot bind 0.0.0.0:" + port("http")) && alert.contains("another program holds the port")
                && alert.contains("phone upload page"));
        // only the held port: the HTTPS socket the failed start had bound was closed
        assertFalse(alert, alert.contains(":" + port("https") + " (Address"));
        String health = httpGet("/api/health");
        assertTrue(health, health.startsWith("200 ") && health.contains("\"devices\""));
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        await("the recovery in the log", 30_000, () -> {
            try {
                return Files.readString(log, StandardCharsets.UTF_8).contains("HTTP listening again on");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    public void thePhonePageAnswersOverHttpsWithTheOperatorsCertificate() throws Exception {
        String link = console("kiosk:upload-check").lines().filter(l -> l.startsWith("https://")).findFirst()
                .orElseThrow(() -> new AssertionError("no https link printed"));
        assertTrue(link, link.startsWith("https://127.0.0.1:" + port("https") + "/upload/"));
        HttpsURLConnection c = (HttpsURLConnection) new URL(link).openConnection();
        c.setSSLSocketFactory(trustingTestCertificate().getSocketFactory());
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        assertEquals(200, c.getResponseCode());
        X509Certificate served = (X509Certificate) c.getServerCertificates()[0];
        assertEquals("CN=opendmv-kiosk-test", served.getSubjectX500Principal().getName());
        String page;
        try (InputStream in = c.getInputStream()) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(page, page.contains("<html") && page.contains("照片"));
        c.disconnect();
    }

    @Test
    public void anotherMachineSeesTheStatusAndThePhonePagesOnly() throws Exception {
        InetAddress hall = nonLoopbackAddress();
        Assume.assumeTrue("this machine has no non-loopback IPv4 address", hall != null);
        String base = "http://" + hall.getHostAddress() + ":" + port("http");
        Response health = get(base + "/api/health");
        assertEquals(200, health.status);
        assertTrue(health.body, health.body.contains("\"status\""));
        assertFalse("no details for other machines: " + health.body, health.body.contains("devices")
                || health.body.contains("businesses") || health.body.contains("store"));
        Response other = get(base + "/api/nothing-here");
        assertEquals(other.body, 403, other.status);
        assertTrue(other.body, other.body.contains("Not available from this network"));
        Response phone = get(base + "/upload/not-a-ticket");
        assertTrue(phone.status + " " + phone.body, phone.status != 403);
        Response notify = get(base + "/payment/notify/sim");
        assertTrue(notify.status + " " + notify.body, notify.status != 403);
        // this machine still gets the details
        assertTrue(httpGet("/api/health").contains("\"devices\""));
    }

    private static SSLContext trustingTestCertificate() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("opendmv.test.https.keystore")))) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kiosk", ks.getCertificate("kiosk"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    try (Socket s = new Socket()) {
                        s.connect(new java.net.InetSocketAddress(a, port("http")), 2000);
                        return a;
                    } catch (IOException e) {
                        // not reachable from here: try the next one
                    }
                }
            }
        }
        return null;
    }

    private static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private static Response get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try {
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(code, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}
