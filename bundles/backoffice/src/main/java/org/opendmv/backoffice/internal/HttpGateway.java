package org.opendmv.backoffice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers over HTTP(S) with the JDK's HttpClient: {@code POST <endpoint>}, {@code multipart/form-data}
 * with a part {@code application} ({@code application/json}) and one part {@code file} per file (its name
 * as filename), header {@code Idempotency-Key: <serial>}, optional {@code Authorization: Bearer}.
 *
 * <ul>
 * <li>2xx with {@code {"ack": "..."}} → acknowledged;</li>
 * <li>409 with {@code {"ack": "..."}} → the back office has it already (a repeated key): acknowledged with
 * that reference;</li>
 * <li>5xx, 408, 429, timeouts, connection refused or reset → temporary (retried with back-off);</li>
 * <li>any other answer (400, 401, 403, 404, 413, 2xx without ack…) → not temporary: staff look.</li>
 * </ul>
 * Active only with a configuration (PID {@value #PID}, {@code endpoint.url}). Never logs the body.
 */
@Component(service = BackOfficeGateway.class, configurationPid = HttpGateway.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = BackOfficeGateway.PROPERTY + "=" + HttpGateway.NAME)
@Designate(ocd = HttpConfig.class)
public final class HttpGateway implements BackOfficeGateway {
    public static final String PID = "org.opendmv.backoffice.http";
    public static final String NAME = "http";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final int MAX_ANSWER = 64 * 1024;

    private final URI endpoint;
    private final Duration requestTimeout;
    private final String token;
    private final HttpClient client;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public HttpGateway(HttpConfig config) {
        this(endpoint(config.endpoint_url(), config.allow_insecure()), Duration.ofMillis(Math.max(100, config.connect_timeout_ms())),
                Duration.ofMillis(Math.max(100, config.request_timeout_ms())), token(config.token_file()));
        LOG.info("Back-office HTTP gateway to {} (request timeout {} ms{})", endpoint, requestTimeout.toMillis(),
                token == null ? "" : ", bearer token");
    }

    HttpGateway(URI endpoint, Duration connectTimeout, Duration requestTimeout, String token) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.token = token;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI endpoint(String url, boolean allowInsecure) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("back-office HTTP gateway: endpoint.url is not set");
        }
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("back-office HTTP gateway: endpoint.url is not a URL: " + url.trim());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("back-office HTTP gateway: endpoint.url must be an http(s) URL with a host");
        }
        if ("http".equals(u.getScheme()) && !allowInsecure) {
            throw new IllegalArgumentException("back-office HTTP gateway: refusing " + u.getScheme() + "://" + u.getHost()
                    + ": applications (names, ID numbers, photos) would cross the network unencrypted. Use an https:// endpoint.url,"
                    + " or set allow.insecure = true in etc/" + PID + ".cfg for a test back office or a TLS relay on this machine");
        }
        if ("http".equals(u.getScheme())) {
            LOG.warn("Back-office HTTP gateway: allow.insecure = true, applications go to {} unencrypted", u.getHost());
        }
        return u;
    }

    /** The token from a file readable by the owner only (like the payment key files); null if none is configured. */
    static String token(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        Path path = Path.of(file.trim());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("back-office HTTP gateway: token file " + path + " is missing or not readable");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        try {
            if (view != null) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new IllegalArgumentException("back-office HTTP gateway: token file " + path + " has mode "
                            + PosixFilePermissions.toString(perms) + ", which lets group or others read a secret; run: chmod 600 " + path);
                }
            }
            String t = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (t.isEmpty() || t.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                throw new IllegalArgumentException("back-office HTTP gateway: token file " + path + " is empty or holds more than one printable token");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("back-office HTTP gateway: token file " + path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String deliver(Submission s) throws GatewayException {
        String boundary = "----opendmv-" + HexFormat.of().formatHex(bytes(12));
        byte[] body = multipart(s, boundary);
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header(IDEMPOTENCY_KEY, s.idempotencyKey())
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r;
        try {
            r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new GatewayException("back office did not accept a connection in time (" + endpoint.getHost() + ")", true, e);
        } catch (HttpTimeoutException e) {
            throw new GatewayException("back office did not answer within " + requestTimeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new GatewayException("back office unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("delivery interrupted (kiosk stopping)", true, e);
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
        return answer(s.serial(), r.statusCode(), r.body());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    String answer(String serial, int status, byte[] body) throws GatewayException {
        String ack = ack(body);
        if (status >= 200 && status < 300) {
            if (ack == null) {
                throw new GatewayException("back office answered " + status + " without an ack reference", false);
            }
            return ack;
        }
        if (status == 409) {
            if (ack == null) {
                throw new GatewayException("back office answered 409 (conflict) without an ack reference", false);
            }
            LOG.info("Back office had application {} already (409, same idempotency key): ack {}", serial, ack);
            return ack;
        }
        String detail = "back office answered " + status + error(body);
        if (status >= 500 || status == 408 || status == 429) {
            throw new GatewayException(detail, true);
        }
        throw new GatewayException(detail, false);
    }

    private String ack(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_ANSWER) {
            return null;
        }
        try {
            JsonNode n = json.readTree(body);
            JsonNode a = n == null ? null : n.get("ack");
            return a != null && a.isTextual() && !a.asText().isBlank() ? a.asText().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A short plain error text from the answer ({"error": "..."}), never more than 120 characters. */
    private String error(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_ANSWER) {
            return "";
        }
        try {
            JsonNode n = json.readTree(body);
            JsonNode e = n == null ? null : n.get("error");
            if (e != null && e.isTextual()) {
                String t = e.asText().strip();
                return t.isEmpty() ? "" : ": " + (t.length() > 120 ? t.substring(0, 120) : t);
            }
        } catch (IOException ex) {
            // not JSON
        }
        return "";
    }

    static byte[] multipart(Submission s, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, boundary, "application", "application.json", "application/json; charset=UTF-8", s.json());
        for (Submission.Part p : s.parts()) {
            part(out, boundary, "file", p.name(), p.contentType(), p.data());
        }
        ascii(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, String type, byte[] data) {
        ascii(out, "--" + boundary + "\r\n");
        ascii(out, "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename.replace("\"", "") + "\"\r\n");
        ascii(out, "Content-Type: " + type + "\r\n\r\n");
        out.writeBytes(data);
        java.util.Arrays.fill(data, (byte) 0);
        ascii(out, "\r\n");
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
