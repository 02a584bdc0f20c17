package org.opendmv.central.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.Part;
import org.opendmv.central.api.DeviceState;
import org.opendmv.central.api.ErrorEvent;
import org.opendmv.central.api.KioskDetail;
import org.opendmv.central.api.KioskSummary;
import org.opendmv.central.api.ReceivedApplication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /central/api/*}:
 * <ul>
 * <li>{@code POST /central/api/applications} — the receiver of the kiosks' back-office HTTP gateway
 * (bundles/backoffice {@code HttpGateway}): {@code multipart/form-data} with a part {@code application} and one
 * part {@code file} per file, {@code Idempotency-Key}, {@code Authorization: Bearer <kiosk token>}. Answers
 * 201 {@code {"ack"}} when stored, 409 with the same ack for a repeat (same key, same content), 422 for a key
 * reused with other content, 401 without a valid token, 403 for another kiosk's application, 411 without a
 * length, 413 when larger than {@code max.request.bytes}, 415 when not multipart, 400 when malformed, 503 when
 * the database is unavailable (the kiosk retries). Nothing is ever stored twice; no answer and no log line
 * quotes the data.</li>
 * <li>{@code GET /central/api/kiosks}, {@code GET /central/api/kiosks/<id>},
 * {@code GET /central/api/applications?kiosk=<id>[&max=N]}, {@code GET /central/api/attention} (the fleet's devices
 * that need someone) — JSON, without personal data.</li>
 * </ul>
 * Multipart parts are kept in memory (threshold 256 MiB, above any accepted request), so personal data is not
 * written to the servlet container's temporary files.
 */
@Component(service = Servlet.class, configurationPid = CentralComponent.PID)
@HttpWhiteboardServletName("opendmv-central-api")
@HttpWhiteboardServletPattern("/central/api/*")
@HttpWhiteboardServletMultipart(enabled = true, fileSizeThreshold = CentralApiServlet.IN_MEMORY)
public final class CentralApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int IN_MEMORY = 256 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CentralApiServlet.class);
    private static final String JSON = "application/json; charset=UTF-8";

    private final transient CentralDatabase db;
    private final transient DeliveryReader reader = new DeliveryReader();
    private final transient ObjectMapper json = new ObjectMapper();
    private final transient Clock clock;
    private volatile long maxRequestBytes;
    private volatile Duration offlineAfter;

    @Activate
    public CentralApiServlet(@Reference CentralComponent central, CentralConfig config) {
        this(central.database(), Clock.systemUTC(), config.max_request_bytes(), config.offline_after_seconds());
    }

    CentralApiServlet(CentralDatabase db, Clock clock, long maxRequestBytes, int offlineAfterSeconds) {
        this.db = db;
        this.clock = clock;
        limits(maxRequestBytes, offlineAfterSeconds);
    }

    @Modified
    void modified(CentralConfig config) {
        limits(config.max_request_bytes(), config.offline_after_seconds());
    }

    private void limits(long maxRequestBytes, int offlineAfterSeconds) {
        this.maxRequestBytes = Math.max(1024, Math.min(maxRequestBytes, IN_MEMORY));
        this.offlineAfter = Duration.ofSeconds(Math.max(5, offlineAfterSeconds));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/applications".equals(req.getPathInfo())) {
            error(resp, 404, "no such resource");
            return;
        }
        try {
            receive(req, resp);
        } catch (Refused r) {
            if (r.status == 401) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"opendmv-central\"");
            }
            LOG.info("Delivery refused with {}: {}", r.status, r.getMessage());
            error(resp, r.status, r.getMessage());
        } catch (SQLException e) {
            LOG.warn("Delivery not stored, central database unavailable: {} (SQLState {})", e.getClass().getSimpleName(), e.getSQLState());
            resp.setHeader("Retry-After", "30");
            error(resp, 503, "central database unavailable, try again later");
        }
    }

    private void receive(HttpServletRequest req, HttpServletResponse resp) throws Refused, SQLException, IOException {
        Optional<CentralDatabase.Kiosk> kiosk = db.authenticate(Tokens.bearer(req.getHeader("Authorization")));
        if (kiosk.isEmpty()) {
            throw new Refused(401, "a valid kiosk token is required (Authorization: Bearer, issued by central:kiosk-add)");
        }
        long length = req.getContentLengthLong();
        if (length < 0) {
            throw new Refused(411, "Content-Length required");
        }
        if (length > maxRequestBytes) {
            throw new Refused(413, "delivery of " + length + " bytes is larger than the central accepts (" + maxRequestBytes + ")");
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new Refused(415, "multipart/form-data expected");
        }
        List<DeliveryReader.Part> parts = new ArrayList<>();
        try {
            for (Part p : req.getParts()) {
                try (InputStream in = p.getInputStream()) {
                    parts.add(new DeliveryReader.Part(p.getName(), p.getSubmittedFileName(), p.getContentType(), in.readAllBytes()));
                }
            }
        } catch (IOException | ServletException | IllegalStateException | IllegalArgumentException e) {
            throw new Refused(400, "malformed multipart/form-data");
        }
        Delivery d = reader.read(req.getHeader("Idempotency-Key"), kiosk.get().id(), parts);
        CentralDatabase.Receipt r = db.receive(d);
        ObjectNode answer = json.createObjectNode();
        switch (r.outcome()) {
            case STORED -> {
                LOG.info("Application {} ({}) from kiosk {} stored with {} file(s), ack {}", d.serial(), d.businessCode(), d.kioskId(),
                        d.files().size(), r.ack());
                answer.put("ack", r.ack());
                send(resp, 201, answer);
            }
            case REPEAT -> {
                LOG.info("Application {} from kiosk {} received again (same key, same content): ack {}", d.serial(), d.kioskId(), r.ack());
                answer.put("ack", r.ack());
                answer.put("error", "already received");
                send(resp, 409, answer);
            }
            default -> throw new Refused(422, "idempotency key already used for a different application; nothing stored");
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if ("/kiosks".equals(path)) {
                send(resp, 200, kiosks());
            } else if (path.startsWith("/kiosks/") && path.indexOf('/', 8) < 0) {
                Optional<KioskDetail> k = db.kiosk(path.substring(8));
                if (k.isEmpty()) {
                    error(resp, 404, "no such kiosk");
                } else {
                    send(resp, 200, detail(k.get()));
                }
            } else if ("/applications".equals(path)) {
                applications(req, resp);
            } else if ("/attention".equals(path)) {
                send(resp, 200, attention());
            } else {
                error(resp, 404, "no such resource");
            }
        } catch (IllegalStateException e) {
            LOG.warn("Fleet API: central database unavailable: {}", e.getMessage());
            error(resp, 503, "central database unavailable");
        }
    }

    private void applications(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String kiosk = req.getParameter("kiosk");
        if (kiosk != null && !Names.KIOSK_ID.matcher(kiosk).matches()) {
            error(resp, 400, "kiosk must be a kiosk id");
            return;
        }
        int max = 100;
        String m = req.getParameter("max");
        if (m != null) {
            try {
                max = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 1000) {
                error(resp, 400, "max must be between 1 and 1000");
                return;
            }
        }
        ObjectNode o = json.createObjectNode();
        ArrayNode list = o.putArray("applications");
        for (ReceivedApplication a : db.applications(kiosk, max)) {
            ObjectNode n = list.addObject();
            n.put("serial", a.serial());
            n.put("kioskId", a.kioskId());
            n.put("businessCode", a.businessCode());
            n.put("receivedAt", a.receivedAt().toString());
            n.put("ack", a.ack());
            n.put("files", a.files());
        }
        send(resp, 200, o);
    }

    ObjectNode kiosks() {
        ObjectNode o = json.createObjectNode();
        ArrayNode list = o.putArray("kiosks");
        int online = 0;
        Instant now = clock.instant();
        Map<String, String> versions = db.versions();
        for (KioskSummary k : db.kiosks()) {
            ObjectNode n = list.addObject();
            boolean on = summary(n, k, now);
            online += on ? 1 : 0;
            versionsSummary(n, versions.get(k.id()));
        }
        o.put("online", online);
        o.put("offline", list.size() - online);
        return o;
    }

    /** A group and the installed features (not the bundles: too long for a list); null before the first heartbeat. */
    private void versionsSummary(ObjectNode n, String versionsJson) {
        JsonNode v = null;
        try {
            v = versionsJson == null ? null : json.readTree(versionsJson);
        } catch (IOException e) {
            LOG.warn("Fleet API: versions of kiosk {} unreadable ({})", n.get("id").asText(), e.getClass().getSimpleName());
        }
        n.set("group", v == null ? null : v.get("group"));
        n.set("features", v == null ? null : v.get("features"));
    }

    /** Online = not revoked, and a heartbeat within {@code offlineAfter}; the API, the page and /metrics agree on it. */
    static boolean online(KioskSummary k, Instant now, Duration offlineAfter) {
        return !k.revoked() && k.lastHeartbeat() != null && !k.lastHeartbeat().isBefore(now.minus(offlineAfter));
    }

    private boolean summary(ObjectNode n, KioskSummary k, Instant now) {
        boolean online = online(k, now, offlineAfter);
        n.put("id", k.id());
        n.put("office", k.office());
        n.put("online", online);
        n.put("lastHeartbeat", k.lastHeartbeat() == null ? null : k.lastHeartbeat().toString());
        n.put("registeredAt", k.registeredAt().toString());
        n.put("revoked", k.revoked());
        return online;
    }

    /** The fleet's devices that need someone (not ONLINE or BUSY), with the kiosk and what staff should do. */
    ObjectNode attention() {
        ObjectNode o = json.createObjectNode();
        ArrayNode list = o.putArray("devices");
        for (CentralDatabase.FleetDevice f : db.devicesNeedingAttention()) {
            ObjectNode x = list.addObject();
            x.put("kioskId", f.kioskId());
            x.put("office", f.office());
            device(x, f.device());
        }
        return o;
    }

    private static void device(ObjectNode x, DeviceState s) {
        x.put("deviceId", s.deviceId());
        x.put("deviceClass", s.deviceClass());
        x.put("state", s.state());
        x.put("actionHint", s.actionHint());
        x.put("detail", s.detail());
        x.put("changedAt", s.changedAt().toString());
    }

    ObjectNode detail(KioskDetail d) throws IOException {
        ObjectNode n = json.createObjectNode();
        summary(n, d.kiosk(), clock.instant());
        JsonNode versions = d.versionsJson() == null ? null : json.readTree(d.versionsJson());
        n.set("versions", versions);
        ArrayNode devices = n.putArray("devices");
        for (DeviceState s : d.devices()) {
            device(devices.addObject(), s);
        }
        ArrayNode events = n.putArray("recentEvents");
        for (ErrorEvent e : d.recentEvents()) {
            ObjectNode x = events.addObject();
            x.put("seq", e.seq());
            x.put("deviceId", e.deviceId());
            x.put("code", e.code());
            x.put("actionHint", e.actionHint());
            x.put("detail", e.detail());
            x.put("occurredAt", e.occurredAt().toString());
        }
        n.put("applicationsToday", d.applicationsToday());
        return n;
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.put("error", message);
        send(resp, status, o);
    }

    private void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        byte[] b = json.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
