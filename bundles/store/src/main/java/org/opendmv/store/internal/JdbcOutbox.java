package org.opendmv.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;

/**
 * The back-office outbox in plain JDBC. {@link #enqueue} runs inside the caller's transaction (the one
 * that appends SUBMITTED); every other change is its own transaction with a guarded UPDATE
 * (compare-and-set on the state), so concurrent callers never both win.
 */
final class JdbcOutbox implements Outbox {
    static final Set<String> STATES = Set.of(PENDING, SENDING, SENT, FAILED);
    private static final String COLUMNS = "id, serial, idempotency_key, state, attempts, next_attempt_at, last_error,"
            + " created_at, sent_at, acknowledged_at, ack_reference, purged_at";

    private final DataSource ds;
    private final Clock clock;

    JdbcOutbox(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /**
     * Adds the row of a just SUBMITTED application, due now, on the caller's connection and in its
     * transaction. Idempotent: an application that has a row keeps it (serial is unique).
     *
     * @return true if a row was written
     */
    static boolean enqueue(Connection c, String serial, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (serial, idempotency_key, state, attempts,"
                + " next_attempt_at, created_at) VALUES (?,?,?,0,?,?)")) {
            ps.setString(1, serial);
            ps.setString(2, serial);
            ps.setString(3, PENDING);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
        JdbcStore.insertAudit(c, now, "kiosk", "outbox.enqueue", serial);
        return true;
    }

    private <T> T tx(String what, Jdbc.Work<T> work) {
        return Jdbc.tx(ds, what, work);
    }

    private static OutboxEntry row(ResultSet rs) throws SQLException {
        return new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                Jdbc.instant(rs.getTimestamp(6)), rs.getString(7), Jdbc.instant(rs.getTimestamp(8)), Jdbc.instant(rs.getTimestamp(9)),
                Jdbc.instant(rs.getTimestamp(10)), rs.getString(11), Jdbc.instant(rs.getTimestamp(12)));
    }

    private static Optional<OutboxEntry> read(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private List<OutboxEntry> list(String where, int max, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox " + where)) {
            if (max > 0) {
                ps.setMaxRows(max);
            }
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Instant) {
                    ps.setTimestamp(i + 1, Timestamp.from((Instant) args[i]));
                } else {
                    ps.setString(i + 1, (String) args[i]);
                }
            }
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox: " + e.getMessage(), e);
        }
    }

    @Override
    public int recoverInterrupted() {
        Instant now = clock.instant();
        return tx("recover the outbox", c -> {
            List<String> serials = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT serial FROM outbox WHERE state = ?")) {
                ps.setString(1, SENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        serials.add(rs.getString(1));
                    }
                }
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, next_attempt_at = ?,"
                    + " last_error = ? WHERE state = ?")) {
                ps.setString(1, PENDING);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, "interrupted (kiosk stopped during the delivery); delivered again with the same idempotency key");
                ps.setString(4, SENDING);
                n = ps.executeUpdate();
            }
            for (String s : serials) {
                JdbcStore.insertAudit(c, now, "kiosk", "outbox.recover", s + " SENDING -> PENDING");
            }
            return n;
        });
    }

    @Override
    public List<OutboxEntry> claimDue(Instant now, int max) {
        if (max < 1) {
            return List.of();
        }
        List<OutboxEntry> due = list("WHERE state IN ('" + PENDING + "', '" + FAILED + "') AND next_attempt_at IS NOT NULL"
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id", max, now);
        List<OutboxEntry> claimed = new ArrayList<>();
        for (OutboxEntry e : due) {
            tx("claim an outbox row", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, attempts = attempts + 1, sent_at = ?"
                        + " WHERE id = ? AND state = ?")) {
                    ps.setString(1, SENDING);
                    ps.setTimestamp(2, Timestamp.from(clock.instant()));
                    ps.setLong(3, e.id());
                    ps.setString(4, e.state());
                    if (ps.executeUpdate() == 1) {
                        read(c, e.id()).ifPresent(claimed::add);
                    }
                }
                return null;
            });
        }
        return claimed;
    }

    @Override
    public Optional<OutboxEntry> markSent(long id, String ackReference) {
        Instant now = clock.instant();
        return tx("mark the outbox row sent", c -> {
            Optional<OutboxEntry> before = read(c, id);
            if (before.isEmpty() || SENT.equals(before.get().state())) {
                return before;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, next_attempt_at = NULL, last_error = NULL,"
                    + " acknowledged_at = ?, ack_reference = ? WHERE id = ? AND state <> ?")) {
                ps.setString(1, SENT);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, Jdbc.clip(ackReference, 128));
                ps.setLong(4, id);
                ps.setString(5, SENT);
                if (ps.executeUpdate() == 1) {
                    JdbcStore.insertAudit(c, now, "kiosk", "outbox.sent", before.get().serial() + " ack " + Jdbc.clip(ackReference, 128));
                }
            }
            return read(c, id);
        });
    }

    @Override
    public Optional<OutboxEntry> markFailed(long id, String error, Instant nextAttemptAt, boolean terminal) {
        Instant now = clock.instant();
        return tx("mark the outbox row failed", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?"
                    + " WHERE id = ? AND state = ?")) {
                ps.setString(1, terminal ? FAILED : PENDING);
                ps.setTimestamp(2, terminal ? null : Jdbc.ts(nextAttemptAt));
                ps.setString(3, Jdbc.clip(error == null ? "unknown error" : error, 512));
                ps.setLong(4, id);
                ps.setString(5, SENDING);
                if (ps.executeUpdate() == 1 && terminal) {
                    Optional<OutboxEntry> e = read(c, id);
                    JdbcStore.insertAudit(c, now, "kiosk", "outbox.failed",
                            e.map(OutboxEntry::serial).orElse("?") + " after " + e.map(OutboxEntry::attempts).orElse(0) + " attempt(s)");
                }
            }
            return read(c, id);
        });
    }

    @Override
    public OutboxEntry retry(long id, String actor) {
        Instant now = clock.instant();
        return tx("retry the outbox row", c -> {
            OutboxEntry e = read(c, id).orElseThrow(() -> new IllegalArgumentException("no outbox entry " + id));
            if (SENT.equals(e.state())) {
                throw new IllegalStateException("outbox entry " + id + " (" + e.serial() + ") was delivered already (ack "
                        + e.ackReference() + ")");
            }
            if (SENDING.equals(e.state())) {
                throw new IllegalStateException("outbox entry " + id + " (" + e.serial() + ") is being delivered right now");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ?"
                    + " WHERE id = ? AND state = ?")) {
                ps.setString(1, PENDING);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setLong(3, id);
                ps.setString(4, e.state());
                if (ps.executeUpdate() == 0) {
                    throw new IllegalStateException("outbox entry " + id + " changed meanwhile; try again");
                }
            }
            JdbcStore.insertAudit(c, now, actor == null || actor.isBlank() ? "kiosk" : actor, "outbox.retry",
                    e.serial() + " " + e.state() + " after " + e.attempts() + " attempt(s)");
            return read(c, id).orElseThrow();
        });
    }

    @Override
    public List<OutboxEntry> entries(String state, int max) {
        if (state == null) {
            return list("ORDER BY created_at DESC, id DESC", max);
        }
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown outbox state '" + state + "'; known: PENDING, SENDING, SENT, FAILED");
        }
        return list("WHERE state = ? ORDER BY created_at DESC, id DESC", max, state);
    }

    @Override
    public Optional<OutboxEntry> entry(long id) {
        try (Connection c = ds.getConnection()) {
            return read(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<OutboxEntry> entryOf(String serial) {
        return list("WHERE serial = ?", 1, serial).stream().findFirst();
    }

    @Override
    public List<OutboxEntry> acknowledgedBefore(Instant cutoff, int max) {
        return list("WHERE state = '" + SENT + "' AND purged_at IS NULL AND acknowledged_at IS NOT NULL AND acknowledged_at <= ?"
                + " ORDER BY acknowledged_at, id", max, cutoff);
    }

    @Override
    public void markPurged(long id) {
        Instant now = clock.instant();
        tx("record the purge", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET purged_at = ? WHERE id = ? AND purged_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
