package org.opendmv.central.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.opendmv.central.api.DeviceState;
import org.opendmv.central.api.ErrorEvent;
import org.opendmv.central.api.FleetView;
import org.opendmv.central.api.KioskDetail;
import org.opendmv.central.api.KioskProvisioning;
import org.opendmv.central.api.KioskSummary;
import org.opendmv.central.api.ReceivedApplication;

/**
 * Every SQL statement of the central, on PostgreSQL (schema: {@value Schema#CHANGELOG}). Kiosks and their
 * token hashes, the fleet registry (heartbeats, device states, error events, daily summaries) and the
 * applications delivered by the kiosks, each stored once per idempotency key.
 *
 * <p><b>At rest</b>: the application JSON and its files are stored as received, in {@code bytea} columns. The
 * central does not encrypt them itself (the kiosk does, with a key of its own, because a kiosk stands in a public
 * hall); the central's database belongs on a server in the office's machine room, on an encrypted volume, with
 * PostgreSQL reachable only by the central (see docs/fleet.md). No list or API view returns them.
 */
final class CentralDatabase implements FleetView, KioskProvisioning {
    static final int RECENT_EVENTS = 20;
    private final DataSource ds;
    private final Clock clock;

    /** What became of a delivery. */
    enum Outcome {
        /** New: stored now. */
        STORED,
        /** The same application again (same key, same content): nothing stored, the first ack. */
        REPEAT,
        /** The key is known with other content: refused, nothing stored. */
        DIFFERENT_CONTENT,
        /** The key belongs to another kiosk's application: refused, nothing stored. */
        OTHER_KIOSK
    }

    record Receipt(Outcome outcome, String ack) {
    }

    /** An authenticated kiosk. */
    record Kiosk(String id, String office) {
    }

    CentralDatabase(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    // ---- provisioning

    @Override
    public String addKiosk(String kioskId, String office) {
        Names.kioskId(kioskId);
        Names.office(office);
        String token = Tokens.newToken();
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO kiosks (id, office, token_hash, registered_at, token_issued_at)"
                        + " VALUES (?,?,?,?,?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, kioskId);
            ps.setString(2, office);
            ps.setString(3, Tokens.hash(token));
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("kiosk " + kioskId + " is registered already (central:kiosk-token " + kioskId
                        + " issues a new token)");
            }
            return token;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    @Override
    public String renewToken(String kioskId) {
        Names.kioskId(kioskId);
        String token = Tokens.newToken();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE kiosks SET token_hash = ?, token_issued_at = ?, revoked_at = NULL WHERE id = ?")) {
            ps.setString(1, Tokens.hash(token));
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, kioskId);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("no kiosk " + kioskId);
            }
            return token;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean revoke(String kioskId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, kioskId);
            return ps.executeUpdate() > 0 || kiosk(kioskId).isPresent();
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    /** The kiosk a bearer token belongs to, if it is well-formed, known and not revoked. */
    Optional<Kiosk> authenticate(String token) throws SQLException {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, office FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL")) {
            ps.setString(1, Tokens.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Kiosk(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    // ---- applications

    /** Stores a delivery once per idempotency key, in one transaction with its files. */
    Receipt receive(Delivery d) throws SQLException {
        String ack = "central:" + Tokens.newToken().substring(Tokens.PREFIX.length(), Tokens.PREFIX.length() + 16);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Long id = null;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications (idempotency_key, kiosk_id, serial, business_code,"
                        + " content_sha256, ack, received_at, application) VALUES (?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")) {
                    ps.setString(1, d.idempotencyKey());
                    ps.setString(2, d.kioskId());
                    ps.setString(3, d.serial());
                    ps.setString(4, d.businessCode());
                    ps.setString(5, d.fingerprint());
                    ps.setString(6, ack);
                    ps.setTimestamp(7, Timestamp.from(clock.instant()));
                    ps.setBytes(8, d.applicationJson());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            id = rs.getLong(1);
                        }
                    }
                }
                Receipt r;
                if (id == null) {
                    r = existing(c, d);
                } else {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO application_files (application_id, position, name, content_type,"
                            + " size, sha256, data) VALUES (?,?,?,?,?,?,?)")) {
                        int pos = 0;
                        for (Delivery.File f : d.files()) {
                            ps.setLong(1, id);
                            ps.setInt(2, pos++);
                            ps.setString(3, f.name());
                            ps.setString(4, f.contentType());
                            ps.setLong(5, f.data().length);
                            ps.setString(6, f.sha256());
                            ps.setBytes(7, f.data());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    r = new Receipt(Outcome.STORED, ack);
                }
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Receipt existing(Connection c, Delivery d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kiosk_id, content_sha256, ack FROM applications WHERE idempotency_key = ?")) {
            ps.setString(1, d.idempotencyKey());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("application with idempotency key vanished during the delivery");
                }
                if (!d.kioskId().equals(rs.getString(1))) {
                    return new Receipt(Outcome.OTHER_KIOSK, null);
                }
                if (!d.fingerprint().equals(rs.getString(2))) {
                    return new Receipt(Outcome.DIFFERENT_CONTENT, null);
                }
                return new Receipt(Outcome.REPEAT, rs.getString(3));
            }
        }
    }

    @Override
    public List<ReceivedApplication> applications(String kioskId, int max) {
        int n = Math.max(1, Math.min(1000, max));
        String sql = "SELECT a.serial, a.kiosk_id, a.business_code, a.received_at, a.ack,"
                + " (SELECT COUNT(*) FROM application_files f WHERE f.application_id = a.id)"
                + " FROM applications a" + (kioskId == null ? "" : " WHERE a.kiosk_id = ?") + " ORDER BY a.received_at DESC, a.id DESC LIMIT " + n;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (kioskId != null) {
                ps.setString(1, kioskId);
            }
            List<ReceivedApplication> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReceivedApplication(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), rs.getString(5),
                            rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    // ---- fleet registry (written by the MQTT ingest)

    /**
     * A heartbeat of a registered kiosk; an older one than the last (a catch-up arriving late) does not move the
     * last heartbeat back. Returns false for a kiosk that is not registered (nothing stored).
     */
    boolean heartbeat(String kioskId, Instant at, long seq, String versionsJson) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE kiosks SET last_heartbeat = ?, last_seq = ?,"
                        + " versions = COALESCE(CAST(? AS jsonb), versions)"
                        + " WHERE id = ? AND (last_heartbeat IS NULL OR last_heartbeat <= ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, seq);
            if (versionsJson == null) {
                ps.setNull(3, Types.VARCHAR);
            } else {
                ps.setString(3, versionsJson);
            }
            ps.setString(4, kioskId);
            ps.setTimestamp(5, Timestamp.from(at));
            return ps.executeUpdate() > 0 || known(c, kioskId);
        }
    }

    /** The latest state of each device; a report older than the stored one is ignored per device. */
    boolean deviceStates(String kioskId, List<DeviceState> states) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!known(c, kioskId)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_states (kiosk_id, device_id, device_class, state, action_hint,"
                    + " detail, changed_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (kiosk_id, device_id) DO UPDATE SET"
                    + " device_class = EXCLUDED.device_class, state = EXCLUDED.state, action_hint = EXCLUDED.action_hint,"
                    + " detail = EXCLUDED.detail, changed_at = EXCLUDED.changed_at WHERE device_states.changed_at <= EXCLUDED.changed_at")) {
                for (DeviceState s : states) {
                    ps.setString(1, kioskId);
                    ps.setString(2, s.deviceId());
                    ps.setString(3, s.deviceClass());
                    ps.setString(4, s.state());
                    ps.setString(5, s.actionHint());
                    ps.setString(6, s.detail());
                    ps.setTimestamp(7, Timestamp.from(s.changedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        }
    }

    /** An error event, once per (kiosk, seq): a re-delivered message (MQTT QoS 1) is not counted twice. */
    boolean event(String kioskId, ErrorEvent e) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO error_events (kiosk_id, seq, device_id, code, action_hint, detail,"
                        + " occurred_at, received_at) SELECT ?,?,?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = ?)"
                        + " ON CONFLICT (kiosk_id, seq) DO NOTHING")) {
            ps.setString(1, kioskId);
            ps.setLong(2, e.seq());
            ps.setString(3, e.deviceId());
            ps.setString(4, e.code());
            ps.setString(5, e.actionHint());
            ps.setString(6, e.detail());
            ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            ps.setString(9, kioskId);
            return ps.executeUpdate() > 0;
        }
    }

    /** A kiosk's daily counts (JSON object of counts only); a later summary of the same day replaces it. */
    boolean dailySummary(String kioskId, LocalDate day, String countsJson) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!known(c, kioskId)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_summaries (kiosk_id, day, counts, received_at)"
                    + " VALUES (?,?,CAST(? AS jsonb),?) ON CONFLICT (kiosk_id, day) DO UPDATE SET counts = EXCLUDED.counts,"
                    + " received_at = EXCLUDED.received_at")) {
                ps.setString(1, kioskId);
                ps.setObject(2, day);
                ps.setString(3, countsJson);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return true;
        }
    }

    /** The action hint of the latest error event of a device (what staff should do about it), or null. */
    String lastHint(String kioskId, String deviceId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT action_hint FROM error_events WHERE kiosk_id = ? AND device_id = ?"
                        + " ORDER BY occurred_at DESC, seq DESC LIMIT 1")) {
            ps.setString(1, kioskId);
            ps.setString(2, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * A kiosk's whole device picture at {@code at}: replaces the stored one in one transaction, unless a newer report
     * was stored already (a re-delivered older report changes nothing). Returns false for an unregistered kiosk.
     */
    boolean replaceDevices(String kioskId, Instant at, List<DeviceState> states) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int newer;
                try (PreparedStatement ps = c.prepareStatement("UPDATE kiosks SET devices_reported_at = ? WHERE id = ?"
                        + " AND (devices_reported_at IS NULL OR devices_reported_at <= ?)")) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, kioskId);
                    ps.setTimestamp(3, Timestamp.from(at));
                    newer = ps.executeUpdate();
                }
                if (newer == 0) {
                    boolean known = known(c, kioskId);
                    c.rollback();
                    return known;
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_states WHERE kiosk_id = ?")) {
                    ps.setString(1, kioskId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_states (kiosk_id, device_id, device_class, state,"
                        + " action_hint, detail, changed_at) VALUES (?,?,?,?,?,?,?)")) {
                    for (DeviceState s : states) {
                        ps.setString(1, kioskId);
                        ps.setString(2, s.deviceId());
                        ps.setString(3, s.deviceClass());
                        ps.setString(4, s.state());
                        ps.setString(5, s.actionHint());
                        ps.setString(6, s.detail());
                        ps.setTimestamp(7, Timestamp.from(s.changedAt()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean known(Connection c, String kioskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM kiosks WHERE id = ?")) {
            ps.setString(1, kioskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- queries

    @Override
    public List<KioskSummary> kiosks() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, office, registered_at, last_heartbeat, revoked_at FROM kiosks ORDER BY office, id");
                ResultSet rs = ps.executeQuery()) {
            List<KioskSummary> out = new ArrayList<>();
            while (rs.next()) {
                out.add(summary(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    private static KioskSummary summary(ResultSet rs) throws SQLException {
        return new KioskSummary(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getTimestamp(5) != null);
    }

    @Override
    public Optional<KioskDetail> kiosk(String kioskId) {
        if (kioskId == null || !Names.KIOSK_ID.matcher(kioskId).matches()) {
            return Optional.empty();
        }
        try (Connection c = ds.getConnection()) {
            KioskSummary k;
            String versions;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, office, registered_at, last_heartbeat, revoked_at, versions::text"
                    + " FROM kiosks WHERE id = ?")) {
                ps.setString(1, kioskId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    k = summary(rs);
                    versions = rs.getString(6);
                }
            }
            List<DeviceState> devices = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, device_class, state, action_hint, detail, changed_at"
                    + " FROM device_states WHERE kiosk_id = ? ORDER BY device_id")) {
                ps.setString(1, kioskId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        devices.add(new DeviceState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                instant(rs, 6)));
                    }
                }
            }
            List<ErrorEvent> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, device_id, code, action_hint, detail, occurred_at FROM error_events"
                    + " WHERE kiosk_id = ? ORDER BY occurred_at DESC, seq DESC LIMIT " + RECENT_EVENTS)) {
                ps.setString(1, kioskId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new ErrorEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                instant(rs, 6)));
                    }
                }
            }
            long today;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM applications WHERE kiosk_id = ? AND received_at >= ?")) {
                ps.setString(1, kioskId);
                Instant midnight = LocalDate.now(clock.withZone(zone())).atStartOfDay(zone()).toInstant();
                ps.setTimestamp(2, Timestamp.from(midnight));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    today = rs.getLong(1);
                }
            }
            return Optional.of(new KioskDetail(k, versions, List.copyOf(devices), List.copyOf(events), today));
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    /** A device of some kiosk, for the fleet-wide lists. */
    record FleetDevice(String kioskId, String office, DeviceState device) {
    }

    /**
     * The devices of the whole fleet that need someone: every state but {@code ONLINE} and {@code BUSY} (a printer
     * printing is fine), by office and kiosk.
     */
    List<FleetDevice> devicesNeedingAttention() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT d.kiosk_id, k.office, d.device_id, d.device_class, d.state, d.action_hint,"
                        + " d.detail, d.changed_at FROM device_states d JOIN kiosks k ON k.id = d.kiosk_id"
                        + " WHERE d.state NOT IN ('ONLINE', 'BUSY') AND k.revoked_at IS NULL ORDER BY k.office, d.kiosk_id, d.device_id");
                ResultSet rs = ps.executeQuery()) {
            List<FleetDevice> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new FleetDevice(rs.getString(1), rs.getString(2), new DeviceState(rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), instant(rs, 8))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    /** Each kiosk's last reported versions (JSON: group, uptimeSeconds, features, bundles), by kiosk id; absent before a heartbeat. */
    Map<String, String> versions() {
        return byKey("SELECT id, versions::text FROM kiosks WHERE versions IS NOT NULL", rs -> rs.getString(2));
    }

    /** Devices of the fleet's registered (not revoked) kiosks, by state. */
    Map<String, Long> devicesByState() {
        return byKey("SELECT d.state, COUNT(*) FROM device_states d JOIN kiosks k ON k.id = d.kiosk_id WHERE k.revoked_at IS NULL"
                + " GROUP BY d.state ORDER BY d.state", rs -> rs.getLong(2));
    }

    /** Applications received (stored once each), by business code. */
    Map<String, Long> applicationsByBusiness() {
        return byKey("SELECT business_code, COUNT(*) FROM applications GROUP BY business_code ORDER BY business_code", rs -> rs.getLong(2));
    }

    private interface Column<T> {
        T get(ResultSet rs) throws SQLException;
    }

    private <T> Map<String, T> byKey(String sql, Column<T> value) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            Map<String, T> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), value.get(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("central database: " + e.getMessage(), e);
        }
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
