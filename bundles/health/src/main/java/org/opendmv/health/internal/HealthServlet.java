package org.opendmv.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.opendmv.devices.api.DeviceManager;
import org.opendmv.devices.api.DeviceView;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.store.api.StoreStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/health: UP when the engine, store and device manager run and every device is
 * usable; DEGRADED when a device is not. Only counts and states: no personal data.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("opendmv-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BusinessRegistry registry;
    private final transient SessionManager sessions;
    private final transient DeviceManager devices;
    private final transient StoreStatus store;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public HealthServlet(@Reference BusinessRegistry registry, @Reference SessionManager sessions,
            @Reference DeviceManager devices, @Reference StoreStatus store) {
        this.registry = registry;
        this.sessions = sessions;
        this.devices = devices;
        this.store = store;
    }

    ObjectNode health() {
        ObjectNode root = json.createObjectNode();
        ArrayNode devs = root.putArray("devices");
        boolean allUsable = true;
        for (DeviceView d : devices.devices()) {
            ObjectNode n = devs.addObject();
            n.put("id", d.id());
            n.put("class", d.deviceClass().name());
            n.put("role", d.role());
            n.put("driver", d.driverType());
            n.put("lifecycle", d.status().lifecycle().name());
            n.put("detail", d.status().detail().name());
            n.put("state", d.status().operational().name());
            allUsable &= d.status().isUsable();
        }
        root.put("status", allUsable ? "UP" : "DEGRADED");
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

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode body = health();
        if (!HallExposureFilter.isLoopback(req.getRemoteAddr())) {
            // other machines see only the status; details for this machine (README "Network exposure")
            body = json.createObjectNode().set("status", body.get("status"));
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writerWithDefaultPrettyPrinter().writeValue(resp.getOutputStream(), body);
    }
}
