package org.opendmv.store.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditEntry;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.StatusChange;
import org.opendmv.store.api.StoreStatus;

/** Plain-JDBC store; portable SQL so the data source can be Derby or PostgreSQL. */
final class JdbcStore implements ApplicationStore, AuditLog, StoreStatus {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DataSource ds;
    private final FieldCipher cipher;
    private final Supplier<String> kioskId;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** This run's id (the framework's UUID, new at every launch); stamped on every application. */
    private volatile String bootId = java.util.UUID.randomUUID().toString();

    JdbcStore(DataSource ds, FieldCipher cipher, String kioskId, Clock clock) {
        this(ds, cipher, constant(KioskIds.requireValid(kioskId, null)), clock);
    }

    /** @param kioskId read at every submission, so a changed id applies to the next serial */
    JdbcStore(DataSource ds, FieldCipher cipher, Supplier<String> kioskId, Clock clock) {
        this.ds = ds;
        this.cipher = cipher;
        this.kioskId = kioskId;
        this.clock = clock;
    }

    /** Sets this run's id (see {@link #fromEarlierRuns}). */
    void bootId(String id) {
        if (id != null && !id.isBlank()) {
            this.bootId = id.length() > 36 ? id.substring(0, 36) : id;
        }
    }

    String bootId() {
        return bootId;
    }

    private static Supplier<String> constant(String id) {
        return () -> id;
    }

    @Override
    public Application submit(NewApplication app) {
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                ZonedDateTime local = now.atZone(ZoneId.systemDefault());
                String day = DAY.format(local);
                long seq = nextSerial(c, "serial-" + day, local.toLocalTime().toNanoOfDay() / NANOS_PER_TICK);
                String serial = day + KioskIds.requireValid(kioskId.get(), null) + String.format("%06d", seq);
                byte[] sealed = cipher.encrypt(json.writeValueAsBytes(app.payload()));
                String idHash = app.idNumber() == null ? null : cipher.lookupHash(app.idNumber());
                String masked = mask(app.idNumber());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications"
                        + " (serial, business_code, status, id_hash, id_masked, fee_fen, payload, created_at, updated_at, boot_id)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, serial);
                    ps.setString(2, app.businessCode());
                    ps.setString(3, app.status());
                    ps.setString(4, idHash);
                    ps.setString(5, masked);
                    ps.setLong(6, app.feeFen());
                    ps.setBytes(7, sealed);
                    ps.setTimestamp(8, Timestamp.from(now));
                    ps.setTimestamp(9, Timestamp.from(now));
                    ps.setString(10, bootId);
                    ps.executeUpdate();
                }
                for (Map.Entry<String, Attachment> a : app.attachments().entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachments (serial, name, mime, data) VALUES (?,?,?,?)")) {
                        ps.setString(1, serial);
                        ps.setString(2, a.getKey());
                        ps.setString(3, a.getValue().mime());
                        byte[] plain = a.getValue().data();
                        ps.setBytes(4, cipher.encrypt(plain));
                        java.util.Arrays.fill(plain, (byte) 0);
                        ps.executeUpdate();
                    }
                }
                insertStatus(c, serial, app.status(), null, now);
                insertAudit(c, now, "kiosk", "application.submit", serial + " " + app.businessCode());
                if (Application.SUBMITTED.equals(app.status())) {
                    // a free business is submitted at once: its back-office hand-over commits with it
                    JdbcOutbox.enqueue(c, serial, now);
                }
                c.commit();
                return new Application(serial, app.businessCode(), app.status(), masked, app.feeFen(), now,
                        app.payload());
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not store the application: " + e.getMessage(), e);
        }
    }

    /** A tenth of a second: 864,000 per day fits the 6 digits of the serial. */
    private static final long NANOS_PER_TICK = 100_000_000L;

    /**
     * The day's next sequence number, never below the time of day in tenths of a second.
     *
     * <p>Why: the database is not the only memory of serials. WeChat Pay keeps every out_trade_no
     * (serial + "P" + n) and the back office every serial as its idempotency key. If this kiosk
     * were reinstalled with an empty database (same kiosk id) a counter restarting at 1 would
     * hand out that day's serials again. The clock survives a wipe: a serial issued after the
     * wipe is at least the tenth of a second it is issued in, while every serial issued before
     * was at most its own tenth of a second plus the backlog of a burst (more than ten
     * applications in one second, far above what a kiosk does). So serials never repeat unless
     * the clock (or the time zone) is set back across a database wipe. Within one database the
     * counter alone guarantees it, whatever the clock does.
     */
    private long nextSerial(Connection c, String name, long floor) throws SQLException {
        long next;
        // the UPDATE locks the row until commit: concurrent submissions queue here
        try (PreparedStatement up = c.prepareStatement("UPDATE counters SET value = CASE WHEN value + 1 < CAST(? AS BIGINT)"
                + " THEN CAST(? AS BIGINT) ELSE value + 1 END WHERE name = ?")) {
            up.setLong(1, floor);
            up.setLong(2, floor);
            up.setString(3, name);
            if (up.executeUpdate() == 0) {
                next = Math.max(1, floor);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)")) {
                    ins.setString(1, name);
                    ins.setLong(2, next);
                    ins.executeUpdate();
                }
            } else {
                try (PreparedStatement q = c.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        next = rs.getLong(1);
                    }
                }
            }
        }
        if (next > 999_999) {
            throw new IllegalStateException("serial numbers of " + name + " are used up (999999)");
        }
        return next;
    }

    @Override
    public Optional<Application> find(String serial) {
        List<Application> l = query("SELECT serial, business_code, status, id_masked, fee_fen, created_at, payload"
                + " FROM applications WHERE serial = ?", 1, serial);
        return l.stream().findFirst();
    }

    @Override
    public List<Application> recent(int max) {
        return query("SELECT serial, business_code, status, id_masked, fee_fen, created_at, payload"
                + " FROM applications ORDER BY created_at DESC, serial DESC", max, null);
    }

    private List<Application> query(String sql, int max, String arg) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(max);
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<Application> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] sealed = rs.getBytes(7);
                    Map<String, Object> payload = sealed == null ? Map.of() : json.readValue(cipher.decrypt(sealed), MAP);
                    out.add(new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getTimestamp(6).toInstant(), payload));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not read applications: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StatusChange> history(String serial) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status, note, changed_at FROM application_status WHERE serial = ? ORDER BY id")) {
            ps.setString(1, serial);
            List<StatusChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatusChange(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read status history: " + e.getMessage(), e);
        }
    }

    @Override
    public void changeStatus(String serial, String status, String note) {
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET status = ?, updated_at = ? WHERE serial = ?")) {
                ps.setString(1, status);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, serial);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    throw new IllegalArgumentException("no application with serial " + serial);
                }
                insertStatus(c, serial, status, note, now);
                insertAudit(c, now, "kiosk", "application.status", serial + " " + status);
                if (Application.SUBMITTED.equals(status)) {
                    JdbcOutbox.enqueue(c, serial, now);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change status: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean changeStatusIf(String serial, String expected, String status, String note) {
        Instant now = clock.instant();
        return Jdbc.tx(ds, "change status", c -> {
            if (!casStatus(c, serial, expected, status, now, false)) {
                return false;
            }
            insertStatus(c, serial, status, note, now);
            insertAudit(c, now, "kiosk", "application.status", serial + " " + expected + " -> " + status);
            if (Application.SUBMITTED.equals(status)) {
                JdbcOutbox.enqueue(c, serial, now);
            }
            return true;
        });
    }

    @Override
    public boolean cancelUnpaid(String serial, String expected, String reason) {
        Instant now = clock.instant();
        return Jdbc.tx(ds, "cancel the application", c -> {
            // the guarded UPDATE locks the row: markPaid waits for it, or it finds payment_ref set
            if (!casStatus(c, serial, expected, Application.CANCELLED, now, true)) {
                return false;
            }
            insertStatus(c, serial, Application.CANCELLED, truncate(reason, 256), now);
            insertAudit(c, now, "kiosk", "application.status", serial + " " + expected + " -> " + Application.CANCELLED);
            purge(c, serial, reason, now);
            return true;
        });
    }

    /** The guarded status UPDATE; {@code unpaidOnly}: also no payment reference and no open, paid or refunded order. */
    private static boolean casStatus(Connection c, String serial, String expected, String status, Instant now, boolean unpaidOnly)
            throws SQLException {
        String sql = "UPDATE applications SET status = ?, updated_at = ? WHERE serial = ? AND status = ?";
        if (unpaidOnly) {
            sql += " AND payment_ref IS NULL AND NOT EXISTS (SELECT 1 FROM payment_order o WHERE o.serial = applications.serial"
                    + " AND o.state IN ('CREATED', 'PENDING', 'PAID', 'REFUNDED'))";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, serial);
            ps.setString(4, expected);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM applications WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw new IllegalArgumentException("no application with serial " + serial);
                }
            }
        }
        return false;
    }

    @Override
    public List<String> fromEarlierRuns(String status) {
        return strings("list applications", "SELECT serial FROM applications WHERE status = ? AND (boot_id IS NULL OR boot_id <> ?)"
                + " ORDER BY created_at, serial", status, bootId);
    }

    @Override
    public List<String> serialsWithStatus(String status) {
        return strings("list applications", "SELECT serial FROM applications WHERE status = ? ORDER BY created_at, serial", status);
    }

    /** The first column of every row of a query with string parameters. */
    private List<String> strings(String what, String sql, String... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Application> byIdNumber(String idNumber, int max) {
        if (idNumber == null) {
            return List.of();
        }
        return query("SELECT serial, business_code, status, id_masked, fee_fen, created_at, payload"
                + " FROM applications WHERE id_hash = ? ORDER BY created_at DESC, serial DESC", max, cipher.lookupHash(idNumber));
    }

    @Override
    public List<String> attachmentNames(String serial) {
        return strings("list attachments", "SELECT name FROM attachments WHERE serial = ? ORDER BY name", serial);
    }

    @Override
    public Optional<Attachment> attachment(String serial, String name) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT mime, data FROM attachments WHERE serial = ? AND name = ?")) {
            ps.setString(1, serial);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] plain = cipher.decrypt(rs.getBytes(2));
                Attachment a = new Attachment(rs.getString(1), plain);
                java.util.Arrays.fill(plain, (byte) 0);
                return Optional.of(a);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read an attachment: " + e.getMessage(), e);
        }
    }

    @Override
    public void setPaymentReference(String serial, String paymentRef) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE applications SET payment_ref = ?, updated_at = ? WHERE serial = ?")) {
            ps.setString(1, paymentRef);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, serial);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("no application with serial " + serial);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the payment: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> paymentReference(String serial) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT payment_ref FROM applications WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the payment: " + e.getMessage(), e);
        }
    }

    @Override
    public void purgePersonalData(String serial, String reason) {
        Instant now = clock.instant();
        Jdbc.tx(ds, "purge", c -> {
            purge(c, serial, reason, now);
            return null;
        });
    }

    /** Deletes payload, attachments and ID hash of one application; the audit names what, never the data. */
    private static void purge(Connection c, String serial, String reason, Instant now) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM attachments WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM attachments WHERE serial = ?")) {
            ps.setString(1, serial);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE applications SET payload = NULL, id_hash = NULL, purged_at = ?, updated_at = ? WHERE serial = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, serial);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("no application with serial " + serial);
            }
        }
        insertAudit(c, now, "kiosk", "application.purge", serial + " payload,id-hash"
                + (names.isEmpty() ? "" : "," + String.join(",", names)) + " (" + truncate(reason, 80) + ")");
    }

    @Override
    public long count() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM applications");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count applications: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String actor, String action, String subject) {
        try (Connection c = ds.getConnection()) {
            insertAudit(c, clock.instant(), actor, action, subject);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the audit log: " + e.getMessage(), e);
        }
    }

    @Override
    public List<AuditEntry> latest(int max) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT logged_at, actor, action, subject FROM audit_log ORDER BY id DESC")) {
            ps.setMaxRows(max);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    @Override
    public String database() {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    @Override
    public List<String> appliedMigrations() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            return List.of();
        }
    }

    static void insertStatus(Connection c, String serial, String status, String note, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO application_status (serial, status, note, changed_at) VALUES (?,?,?,?)")) {
            ps.setString(1, serial);
            ps.setString(2, status);
            ps.setString(3, note);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    static void insertAudit(Connection c, Instant at, String actor, String action, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (logged_at, actor, action, subject) VALUES (?,?,?,?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, truncate(actor, 64));
            ps.setString(3, truncate(action, 64));
            ps.setString(4, truncate(subject, 256));
            ps.executeUpdate();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String mask(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() < 10) {
            return "****";
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }
}
