package org.opendmv.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.store.api.KioskIdentity;
import org.opendmv.store.api.StoreStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/health: 503 STARTING (with what it waits for) until the kiosk is ready
 * ({@link ReadinessMonitor}); then UP when every device is usable, DEGRADED when one is not, and
 * 503 DOWN if a core service went away later. The first UP answer lists every business. Only
 * counts and states: no personal data.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("opendmv-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String STARTING = "STARTING";
    static final String DOWN = "DOWN";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile BusinessRegistry registry;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SessionManager sessions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DeviceManager devices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile StoreStatus store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile KioskIdentity identity;
    private final transient ReadinessMonitor readiness;
    private final transient ObjectMapper json = new ObjectMapper();
    /** demo | production: whether simulators may serve the identity roles (device manager). */
    @Reference
    private transient KioskModeSetting kioskMode;

    @Activate
    public HealthServlet(@Reference ReadinessMonitor readiness) {
        this.readiness = readiness;
    }

    /** For tests: fixed services. */
    HealthServlet(ReadinessMonitor readiness, BusinessRegistry registry, SessionManager sessions, DeviceManager devices,
            StoreStatus store, KioskIdentity identity) {
        this(readiness);
        this.registry = registry;
        this.sessions = sessions;
        this.devices = devices;
        this.store = store;
        this.identity = identity;
    }

    ObjectNode health() {
        KioskIdentity identity = this.identity;
        String kioskId = identity == null ? null : identity.kioskId();
        List<String> waits = readiness.check();
        if (!waits.isEmpty()) {
            return notServing(STARTING, kioskId, waits);
        }
        BusinessRegistry registry = this.registry;
        SessionManager sessions = this.sessions;
        DeviceManager devices = this.devices;
        StoreStatus store = this.store;
        List<String> missing = new ArrayList<>();
        if (registry == null) {
            missing.add("business registry");
        }
        if (sessions == null) {
            missing.add("session manager");
        }
        if (devices == null) {
            missing.add("device manager");
        }
        if (store == null) {
            missing.add("store");
        }
        if (!missing.isEmpty()) {
            return notServing(DOWN, kioskId, missing);
        }
        ObjectNode root = json.createObjectNode();
        root.put("kioskId", kioskId);
        ArrayNode devs = root.putArray("devices");
        boolean allUsable = true;
        for (DeviceView d : devices.devices()) {
            ObjectNode n = devs.addObject();
            n.put("id", d.id());
            n.put("class", d.deviceClass().name());
            n.put("role", d.role());
            n.put("driver", d.driverType());
            // what the driver reports of the hardware; null until it knows
            n.put("vendor", d.info().vendor().isEmpty() ? null : d.info().vendor());
            n.put("model", d.info().model().isEmpty() ? null : d.info().model());
            n.put("firmware", d.info().firmware().orElse(null));
            n.put("serialNumber", d.info().serialNumber().orElse(null));
            n.put("lifecycle", d.status().lifecycle().name());
            n.put("detail", d.status().detail().name());
            n.put("state", d.status().operational().name());
            // a device the kiosk refuses (e.g. a simulator as ID card reader in production mode) says why
            d.status().substatus("refused").ifPresent(r -> {
                n.put("refused", r);
                n.put("description", d.status().description());
            });
            allUsable &= d.status().isUsable();
        }
        root.put("status", allUsable ? "UP" : "DEGRADED");
        KioskModeSetting mode = kioskMode;
        if (mode != null) {
            root.put("mode", mode.mode());
        }
        root.put("businesses", registry.businesses().size());
        root.put("invalidBusinesses", registry.invalid().size());
        ArrayNode codes = root.putArray("businessCodes");
        registry.businesses().forEach(b -> codes.add(b.code()));
        root.put("sessions", sessions.sessions().size());
        root.put("store", store.database());
        root.put("migrations", store.appliedMigrations().size());
        // keep "status" first for humans reading curl output
        ObjectNode ordered = json.createObjectNode();
        ordered.set("status", root.get("status"));
        ordered.setAll(root);
        return ordered;
    }

    private ObjectNode notServing(String status, String kioskId, List<String> waitingFor) {
        ObjectNode root = json.createObjectNode();
        root.put("status", status);
        root.put("kioskId", kioskId);
        ArrayNode w = root.putArray("waitingFor");
        waitingFor.forEach(w::add);
        return root;
    }

    /** 503 while the kiosk cannot serve (scripts and load balancers wait for 200). */
    static int httpStatus(ObjectNode body) {
        String status = body.path("status").asText();
        return STARTING.equals(status) || DOWN.equals(status) ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                : HttpServletResponse.SC_OK;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode body = health();
        int status = httpStatus(body);
        if (!HallExposureFilter.isLoopback(req.getRemoteAddr())) {
            // other machines see only the status; details for this machine (README "Network exposure")
            body = json.createObjectNode().set("status", body.get("status"));
        }
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writerWithDefaultPrettyPrinter().writeValue(resp.getOutputStream(), body);
    }
}
