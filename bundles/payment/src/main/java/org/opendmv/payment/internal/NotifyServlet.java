package org.opendmv.payment.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.opendmv.payment.spi.NotificationRejected;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /payment/notify/<provider>}: a provider's payment notification. The provider
 * verifies and decrypts it ({@code parseNotification}); the core then handles it exactly as a
 * query result, so duplicates are harmless. Answers as WeChat Pay expects: 200 with no body when
 * handled; 4xx with {@code {"code":"FAIL","message":…}} when rejected (not retried usefully); 500
 * when the store cannot be reached, so the provider retries later.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("opendmv-payment-notify")
@HttpWhiteboardServletPattern("/payment/notify/*")
public final class NotifyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NotifyServlet.class);
    static final int MAX_BODY = 64 * 1024;
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private final transient NotificationHandler handler;

    @Activate
    public NotifyServlet(@Reference NotificationHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        fail(resp, 405, "POST only");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String provider = path.startsWith("/") ? path.substring(1) : path;
        if (!PROVIDER.matcher(provider).matches()) {
            fail(resp, 404, "unknown provider");
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            fail(resp, 413, "body larger than " + MAX_BODY + " bytes");
            return;
        }
        byte[] body = read(req.getInputStream());
        if (body == null) {
            fail(resp, 413, "body larger than " + MAX_BODY + " bytes");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
        }
        answer(provider, headers, body, resp);
    }

    /** Handles one notification and writes the answer (separate for tests without a servlet container). */
    void answer(String provider, Map<String, String> headers, byte[] body, HttpServletResponse resp) throws IOException {
        try {
            handler.notification(provider, headers, body);
            resp.setStatus(200);
        } catch (NotificationRejected e) {
            LOG.warn("Payment notification for {} rejected: {}", provider, e.getMessage());
            fail(resp, 401, e.getMessage());
        } catch (IllegalArgumentException e) {
            fail(resp, 404, e.getMessage());
        } catch (RuntimeException e) {
            // store down or similar: the provider must retry
            LOG.error("Payment notification for {} could not be handled", provider, e);
            fail(resp, 500, "temporarily unavailable");
        }
    }

    /** The body, or null when it is longer than the limit. */
    static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_BODY) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static String json(String message) {
        StringBuilder sb = new StringBuilder("{\"code\":\"FAIL\",\"message\":\"");
        String m = message == null ? "" : message;
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append("\"}").toString();
    }

    private static void fail(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.getOutputStream().write(json(message).getBytes(StandardCharsets.UTF_8));
    }
}
