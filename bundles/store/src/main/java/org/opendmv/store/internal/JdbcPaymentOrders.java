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
import org.opendmv.store.api.Application;
import org.opendmv.store.api.PaidOutcome;
import org.opendmv.store.api.PaymentOrderChange;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;

/**
 * Payment orders in plain JDBC (portable SQL). Every change is one transaction: the row update
 * and its history row commit together; {@link #markPaid} also changes the application in the same
 * transaction. Row locks taken by the guarded UPDATEs serialise concurrent callers, so a second
 * caller sees the first one's result and changes nothing.
 */
final class JdbcPaymentOrders implements PaymentOrders {
    static final Set<String> STATES = Set.of(CREATED, PENDING, PAID, CLOSED, FAILED, REFUNDED);
    private static final String COLUMNS = "out_trade_no, serial, provider, amount_fen, description, code_url, state,"
            + " expires_at, transaction_id, message, created_at, updated_at";

    private final DataSource ds;
    private final Clock clock;

    JdbcPaymentOrders(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    private <T> T tx(String what, Jdbc.Work<T> work) {
        return Jdbc.tx(ds, what, work);
    }

    private static void requireState(String s) {
        if (!STATES.contains(s)) {
            throw new IllegalArgumentException("unknown payment state '" + s + "'; known: " + String.join(", ", STATES));
        }
    }

    @Override
    public PaymentOrderRecord insert(String outTradeNo, String serial, String provider, long amountFen, String description,
            Instant expiresAt) {
        if (outTradeNo == null || !outTradeNo.matches("[0-9A-Za-z_|*-]{6,32}")) {
            throw new IllegalArgumentException("out_trade_no must be 6-32 letters, digits, _ - | *");
        }
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Instant now = clock.instant();
        return tx("store the payment order", c -> {
            // locks the application row: a concurrent cancel waits, then sees this order (and keeps the application)
            try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET updated_at = ? WHERE serial = ?"
                    + " AND status = ? AND payment_ref IS NULL AND purged_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, serial);
                ps.setString(3, Application.AWAITING_PAYMENT);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement q = c.prepareStatement("SELECT status FROM applications WHERE serial = ?")) {
                        q.setString(1, serial);
                        try (ResultSet rs = q.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalArgumentException("no application with serial " + serial);
                            }
                            throw new IllegalStateException("no payment order for application " + serial + ": it is "
                                    + rs.getString(1) + ", not " + Application.AWAITING_PAYMENT);
                        }
                    }
                }
            }
            if (read(c, outTradeNo).isPresent()) {
                throw new IllegalArgumentException("payment order " + outTradeNo + " exists already");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_order (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,NULL,?,?,NULL,NULL,?,?)")) {
                ps.setString(1, outTradeNo);
                ps.setString(2, serial);
                ps.setString(3, Jdbc.clip(provider, 32));
                ps.setLong(4, amountFen);
                ps.setString(5, Jdbc.clip(description == null ? "" : description, 256));
                ps.setString(6, CREATED);
                ps.setTimestamp(7, Timestamp.from(expiresAt));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
            }
            history(c, outTradeNo, null, CREATED, now, "provider " + provider);
            JdbcStore.insertAudit(c, now, "kiosk", "payment.create", outTradeNo + " " + serial + " " + amountFen + " fen");
            return read(c, outTradeNo).orElseThrow();
        });
    }

    @Override
    public Optional<PaymentOrderRecord> changeState(String outTradeNo, String expectedState, String newState, String codeUrl,
            String message, String note) {
        requireState(expectedState);
        requireState(newState);
        Instant now = clock.instant();
        return tx("change the payment order", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payment_order SET state = ?, code_url = COALESCE(?, code_url),"
                    + " message = ?, updated_at = ? WHERE out_trade_no = ? AND state = ?")) {
                ps.setString(1, newState);
                ps.setString(2, Jdbc.clip(codeUrl, 512));
                ps.setString(3, Jdbc.clip(message, 256));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, outTradeNo);
                ps.setString(6, expectedState);
                if (ps.executeUpdate() == 0) {
                    return Optional.<PaymentOrderRecord>empty();
                }
            }
            history(c, outTradeNo, expectedState, newState, now, note);
            if (!expectedState.equals(newState)) {
                JdbcStore.insertAudit(c, now, "kiosk", "payment.state", outTradeNo + " " + expectedState + " -> " + newState);
            }
            return read(c, outTradeNo);
        });
    }

    @Override
    public Optional<PaymentOrderRecord> order(String outTradeNo) {
        try (Connection c = ds.getConnection()) {
            return read(c, outTradeNo);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the payment order: " + e.getMessage(), e);
        }
    }

    private static Optional<PaymentOrderRecord> read(Connection c, String outTradeNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM payment_order WHERE out_trade_no = ?")) {
            ps.setString(1, outTradeNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static PaymentOrderRecord row(ResultSet rs) throws SQLException {
        return new PaymentOrderRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getString(10),
                rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant());
    }

    private List<PaymentOrderRecord> list(String where, int max, String... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM payment_order " + where)) {
            if (max > 0) {
                ps.setMaxRows(max);
            }
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<PaymentOrderRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read payment orders: " + e.getMessage(), e);
        }
    }

    @Override
    public List<PaymentOrderRecord> ordersOf(String serial) {
        return list("WHERE serial = ? ORDER BY created_at, out_trade_no", 0, serial);
    }

    @Override
    public List<PaymentOrderRecord> recentOrders(int max, String state) {
        if (state == null) {
            return list("ORDER BY updated_at DESC, out_trade_no DESC", max);
        }
        requireState(state);
        return list("WHERE state = ? ORDER BY updated_at DESC, out_trade_no DESC", max, state);
    }

    @Override
    public List<PaymentOrderRecord> openOrders() {
        return list("WHERE state IN ('" + CREATED + "', '" + PENDING + "') ORDER BY created_at, out_trade_no", 0);
    }

    @Override
    public List<PaymentOrderRecord> paidNotApplied() {
        return list("WHERE state = '" + PAID + "' AND serial IN (SELECT a.serial FROM applications a WHERE a.payment_ref IS NULL)"
                + " ORDER BY created_at, out_trade_no", 0);
    }

    @Override
    public List<PaymentOrderChange> orderHistory(String outTradeNo) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT from_state, to_state, changed_at, note FROM payment_order_history WHERE out_trade_no = ? ORDER BY id")) {
            ps.setString(1, outTradeNo);
            List<PaymentOrderChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PaymentOrderChange(outTradeNo, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the payment history: " + e.getMessage(), e);
        }
    }

    @Override
    public PaidOutcome markPaid(String outTradeNo, String transactionId, String note) {
        Instant now = clock.instant();
        return tx("record the payment", c -> {
            // the guarded UPDATE locks the order row: a concurrent markPaid waits here and then finds it PAID
            boolean orderChanged;
            String from = null;
            // a paid order drops the message of an earlier state (金额不符, 订单已关闭, ...)
            try (PreparedStatement ps = c.prepareStatement("UPDATE payment_order SET state = ?, transaction_id = COALESCE(?, transaction_id),"
                    + " message = NULL, updated_at = ? WHERE out_trade_no = ? AND state IN (?, ?, ?, ?)")) {
                ps.setString(1, PAID);
                ps.setString(2, Jdbc.clip(transactionId, 64));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, outTradeNo);
                ps.setString(5, CREATED);
                ps.setString(6, PENDING);
                ps.setString(7, CLOSED);
                ps.setString(8, FAILED);
                orderChanged = ps.executeUpdate() == 1;
            }
            if (orderChanged) {
                // the state before this transaction, from the last history row
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT to_state FROM payment_order_history WHERE out_trade_no = ? ORDER BY id DESC")) {
                    ps.setMaxRows(1);
                    ps.setString(1, outTradeNo);
                    try (ResultSet rs = ps.executeQuery()) {
                        from = rs.next() ? rs.getString(1) : null;
                    }
                }
                history(c, outTradeNo, from, PAID, now, note);
                JdbcStore.insertAudit(c, now, "kiosk", "payment.state", outTradeNo + " " + from + " -> " + PAID);
            }
            PaymentOrderRecord order = read(c, outTradeNo)
                    .orElseThrow(() -> new IllegalArgumentException("no payment order " + outTradeNo));
            boolean applicationChanged = false;
            boolean purged = false;
            if (PAID.equals(order.state())) {
                try (PreparedStatement ps = c.prepareStatement("SELECT purged_at FROM applications WHERE serial = ?")) {
                    ps.setString(1, order.serial());
                    try (ResultSet rs = ps.executeQuery()) {
                        purged = rs.next() && rs.getTimestamp(1) != null;
                    }
                }
                String status = purged ? Application.PAID : Application.SUBMITTED;
                // locks the application row; only the first caller finds payment_ref empty
                try (PreparedStatement ps = c.prepareStatement("UPDATE applications SET payment_ref = ?, status = ?, updated_at = ?"
                        + " WHERE serial = ? AND payment_ref IS NULL")) {
                    ps.setString(1, outTradeNo);
                    ps.setString(2, status);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setString(4, order.serial());
                    applicationChanged = ps.executeUpdate() == 1;
                }
                if (applicationChanged) {
                    JdbcStore.insertStatus(c, order.serial(), Application.PAID, outTradeNo, now);
                    if (!purged) {
                        JdbcStore.insertStatus(c, order.serial(), Application.SUBMITTED, null, now);
                        // the back-office hand-over commits with the payment and SUBMITTED
                        JdbcOutbox.enqueue(c, order.serial(), now);
                    }
                    JdbcStore.insertAudit(c, now, "kiosk", "application.paid", order.serial() + " " + outTradeNo
                            + (purged ? " (after the visit was given up)" : ""));
                }
            }
            String ref;
            try (PreparedStatement ps = c.prepareStatement("SELECT payment_ref FROM applications WHERE serial = ?")) {
                ps.setString(1, order.serial());
                try (ResultSet rs = ps.executeQuery()) {
                    ref = rs.next() ? rs.getString(1) : null;
                }
            }
            return new PaidOutcome(order, orderChanged, applicationChanged, ref, purged);
        });
    }

    @Override
    public boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason) {
        Instant now = clock.instant();
        return tx("store the refund", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM payment_refund WHERE out_refund_no = ?")) {
                ps.setString(1, outRefundNo);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_refund (out_refund_no, out_trade_no, amount_fen, reason,"
                    + " status, refund_id, created_at, updated_at) VALUES (?,?,?,?,?,NULL,?,?)")) {
                ps.setString(1, outRefundNo);
                ps.setString(2, outTradeNo);
                ps.setLong(3, amountFen);
                ps.setString(4, Jdbc.clip(reason, 256));
                ps.setString(5, "REQUESTED");
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setTimestamp(7, Timestamp.from(now));
                ps.executeUpdate();
            }
            JdbcStore.insertAudit(c, now, "kiosk", "payment.refund", outRefundNo + " " + amountFen + " fen");
            return true;
        });
    }

    @Override
    public void updateRefund(String outRefundNo, String status, String refundId) {
        Instant now = clock.instant();
        tx("update the refund", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payment_refund SET status = ?, refund_id = COALESCE(?, refund_id),"
                    + " updated_at = ? WHERE out_refund_no = ?")) {
                ps.setString(1, Jdbc.clip(status, 16));
                ps.setString(2, Jdbc.clip(refundId, 64));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, outRefundNo);
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("no refund " + outRefundNo);
                }
            }
            return null;
        });
    }

    @Override
    public List<PaymentRefundRecord> refunds(String outTradeNo) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT out_refund_no, out_trade_no, amount_fen,"
                + " reason, status, refund_id, created_at, updated_at FROM payment_refund WHERE out_trade_no = ? ORDER BY created_at, out_refund_no")) {
            ps.setString(1, outTradeNo);
            List<PaymentRefundRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PaymentRefundRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read refunds: " + e.getMessage(), e);
        }
    }

    private static void history(Connection c, String outTradeNo, String from, String to, Instant at, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO payment_order_history (out_trade_no, from_state, to_state, changed_at, note) VALUES (?,?,?,?,?)")) {
            ps.setString(1, outTradeNo);
            ps.setString(2, from);
            ps.setString(3, to);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, Jdbc.clip(note, 256));
            ps.executeUpdate();
        }
    }
}
