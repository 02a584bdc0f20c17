package org.opendmv.itests.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for TLS tests, made with Debian's {@code openssl}: a CA and one server
 * certificate for {@code 127.0.0.1} (subjectAltName IP, so clients that check the host name accept it), both
 * valid two days, in {@code dir}. {@link #truststore()} is a PKCS12 truststore with the CA, password
 * {@value #TRUSTSTORE_PASSWORD} (it guards public certificates only).
 */
public final class TestCa {

    public static final String TRUSTSTORE_PASSWORD = "changeit";

    private final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA and the server certificate in {@code dir} (created). */
    public static TestCa in(Path dir) {
        Path d = dir.toAbsolutePath();
        try {
            Files.createDirectories(d);
            run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=OpenDMV test CA");
            run(d, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            Files.writeString(d.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            run(d, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(d.resolve("ca.crt"))) {
                ks.setCertificateEntry("opendmv-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(d.resolve("truststore.p12"))) {
                ks.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            return new TestCa(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** PKCS12 truststore holding the CA certificate. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
