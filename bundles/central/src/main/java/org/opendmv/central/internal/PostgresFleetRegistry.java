package org.opendmv.central.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendmv.central.api.DeviceState;
import org.opendmv.fleet.api.DailySummary;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetRegistry;
import org.opendmv.fleet.api.Heartbeat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The fleet registry on PostgreSQL: what the MQTT ingest (bundles/central-mqtt) receives from the kiosks, stored in
 * the central's tables. Repeats are harmless (at-least-once delivery): a heartbeat or device report older than the
 * stored one changes nothing, an error event counts once per (kiosk, seq), a day's summary replaces the earlier one.
 * A message of a kiosk that is not registered (central:kiosk-add) is refused with an exception, which the ingest
 * counts and logs; a database failure likewise.
 */
@Component(service = FleetRegistry.class)
public final class PostgresFleetRegistry implements FleetRegistry {
    private final CentralDatabase db;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public PostgresFleetRegistry(@Reference CentralComponent central) {
        this(central.database());
    }

    PostgresFleetRegistry(CentralDatabase db) {
        this.db = db;
    }

    @Override
    public void heartbeat(Heartbeat h) {
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("group", h.group());
        versions.put("uptimeSeconds", h.uptimeSeconds());
        versions.put("features", new TreeMap<>(h.features()));
        versions.put("bundles", new TreeMap<>(h.bundles()));
        try {
            known(h.kioskId(), db.heartbeat(h.kioskId(), h.at(), h.seq(), json.writeValueAsString(versions)));
        } catch (SQLException | JsonProcessingException e) {
            throw failure(e);
        }
    }

    @Override
    public void deviceStatus(DeviceStatusReport r) {
        try {
            List<DeviceState> states = new ArrayList<>();
            for (org.opendmv.fleet.api.DeviceState d : r.devices()) {
                // not usable: what staff should do, from the device's latest error event
                String hint = d.usable() ? null : db.lastHint(r.kioskId(), d.id());
                states.add(new DeviceState(d.id(), d.deviceClass(), d.operational(), hint, detail(d), r.at()));
            }
            known(r.kioskId(), db.replaceDevices(r.kioskId(), r.at(), states));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Lifecycle, its detail and the substatus, e.g. {@code READY; paper=LOW}; at most 256 characters. */
    static String detail(org.opendmv.fleet.api.DeviceState d) {
        StringBuilder b = new StringBuilder(d.lifecycle());
        if (!"NONE".equals(d.detail())) {
            b.append(' ').append(d.detail());
        }
        new TreeMap<>(d.substatus()).forEach((k, v) -> b.append("; ").append(k).append('=').append(v));
        return b.length() > 256 ? b.substring(0, 256) : b.toString();
    }

    @Override
    public void errorEvent(ErrorEvent e) {
        try {
            if (!db.event(e.kioskId(), new org.opendmv.central.api.ErrorEvent(e.seq(), e.deviceId(), e.errorCode(), e.hint(), null,
                    e.occurredAt()))) {
                // a repeat (same seq) or an unregistered kiosk: only the latter is an error
                known(e.kioskId(), db.kiosk(e.kioskId()).isPresent());
            }
        } catch (SQLException ex) {
            throw failure(ex);
        }
    }

    @Override
    public void dailySummary(DailySummary s) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("sessions", s.sessions());
        counts.put("applications", new TreeMap<>(s.applications()));
        counts.put("paymentFailures", s.paymentFailures());
        try {
            known(s.kioskId(), db.dailySummary(s.kioskId(), s.day(), json.writeValueAsString(counts)));
        } catch (SQLException | JsonProcessingException e) {
            throw failure(e);
        }
    }

    private static void known(String kioskId, boolean known) {
        if (!known) {
            throw new IllegalArgumentException("kiosk " + kioskId + " is not registered at this central (central:kiosk-add): message dropped");
        }
    }

    private static IllegalStateException failure(Exception e) {
        return new IllegalStateException("fleet registry: " + e.getClass().getSimpleName()
                + (e instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : ""), e);
    }
}
