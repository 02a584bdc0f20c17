package org.opendmv.central.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.opendmv.central.api.KioskSummary;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the fleet for Prometheus, in the text exposition format 0.0.4, read from the database at
 * each scrape. Labels are states and business codes only — no kiosk ids (a fleet of hundreds would make hundreds
 * of series per metric; the page and the API have the per-kiosk view) and never personal data. 503 while the
 * database is unavailable, so the scrape fails ({@code up == 0}) instead of reporting zeros.
 */
@Component(service = Servlet.class, configurationPid = CentralComponent.PID)
@HttpWhiteboardServletName("opendmv-central-metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient CentralDatabase db;
    private final transient Clock clock;
    private volatile Duration offlineAfter;

    @Activate
    public MetricsServlet(@Reference CentralComponent central, CentralConfig config) {
        this(central.database(), Clock.systemUTC(), config.offline_after_seconds());
    }

    MetricsServlet(CentralDatabase db, Clock clock, int offlineAfterSeconds) {
        this.db = db;
        this.clock = clock;
        offlineAfter(offlineAfterSeconds);
    }

    @Modified
    void modified(CentralConfig config) {
        offlineAfter(config.offline_after_seconds());
    }

    private void offlineAfter(int seconds) {
        // as the API: the page and /metrics must count the same kiosks online
        offlineAfter = Duration.ofSeconds(Math.max(5, seconds));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try {
            body = text().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            LOG.warn("/metrics: central database unavailable: {}", e.getMessage());
            resp.sendError(503, "central database unavailable");
            return;
        }
        resp.setStatus(200);
        resp.setContentType(CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The exposition text. */
    String text() {
        Instant now = clock.instant();
        long online = 0;
        long offline = 0;
        for (KioskSummary k : db.kiosks()) {
            if (CentralApiServlet.online(k, now, offlineAfter)) {
                online++;
            } else {
                offline++;
            }
        }
        StringBuilder b = new StringBuilder(512);
        header(b, "opendmv_kiosks", "gauge", "Registered kiosks: online = a heartbeat within offline.after.seconds; revoked kiosks count as offline");
        sample(b, "opendmv_kiosks", "state", "online", online);
        sample(b, "opendmv_kiosks", "state", "offline", offline);
        header(b, "opendmv_devices", "gauge", "Devices of the registered kiosks by their last reported state (ONLINE, BUSY, HARDWARE_ERROR, ...)");
        for (Map.Entry<String, Long> e : db.devicesByState().entrySet()) {
            sample(b, "opendmv_devices", "state", e.getKey(), e.getValue());
        }
        header(b, "opendmv_applications_total", "counter", "Applications received from the kiosks (each stored once), by business code");
        for (Map.Entry<String, Long> e : db.applicationsByBusiness().entrySet()) {
            sample(b, "opendmv_applications_total", "business", e.getKey(), e.getValue());
        }
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder b, String name, String label, String value, long n) {
        b.append(name).append('{').append(label).append("=\"").append(labelValue(value)).append("\"} ").append(n).append('\n');
    }

    /** Label values escape backslash, double quote and line feed (exposition format 0.0.4). */
    static String labelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
