package org.opendmv.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.store.api.PaidOutcome;
import org.opendmv.store.api.PaymentOrderChange;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;

/** kiosk:payments, kiosk:payment-query, kiosk:refund against in-memory orders and a scripted payment service. */
public class PaymentCommandsTest {
    /** Orders in memory: just what the commands read. */
    static final class Orders implements PaymentOrders {
        final Map<String, PaymentOrderRecord> rows = new LinkedHashMap<>();
        final List<PaymentOrderChange> history = new ArrayList<>();
        final List<PaymentRefundRecord> refunds = new ArrayList<>();
        private long tick = 1_764_000_000L;

        PaymentOrderRecord put(String no, String state, String message) {
            Instant at = Instant.ofEpochSecond(tick++);
            PaymentOrderRecord old = rows.get(no);
            PaymentOrderRecord r = new PaymentOrderRecord(no, no.substring(0, no.indexOf('P')), "sim", 1000, "驾驶证期满换证",
                    "weixin://x", state, at.plusSeconds(300), "PAID".equals(state) || "REFUNDED".equals(state) ? "TX" + no : null, message,
                    old == null ? at : old.createdAt(), at);
            rows.put(no, r);
            history.add(new PaymentOrderChange(no, old == null ? null : old.state(), state, at, null));
            return r;
        }

        @Override
        public PaymentOrderRecord insert(String outTradeNo, String serial, String provider, long amountFen, String description, Instant expiresAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PaymentOrderRecord> changeState(String outTradeNo, String expectedState, String newState, String codeUrl, String message,
                String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PaymentOrderRecord> order(String outTradeNo) {
            return Optional.ofNullable(rows.get(outTradeNo));
        }

        @Override
        public List<PaymentOrderRecord> ordersOf(String serial) {
            return rows.values().stream().filter(r -> r.serial().equals(serial)).collect(Collectors.toList());
        }

        @Override
        public List<PaymentOrderRecord> recentOrders(int max, String state) {
            return rows.values().stream().filter(r -> state == null || r.state().equals(state))
                    .sorted(Comparator.comparing(PaymentOrderRecord::updatedAt).reversed()).limit(max).collect(Collectors.toList());
        }

        @Override
        public List<PaymentOrderRecord> openOrders() {
            return List.of();
        }

        @Override
        public List<PaymentOrderRecord> paidNotApplied() {
            return List.of();
        }

        @Override
        public List<PaymentOrderChange> orderHistory(String outTradeNo) {
            return history.stream().filter(h -> h.outTradeNo().equals(outTradeNo)).collect(Collectors.toList());
        }

        @Override
        public PaidOutcome markPaid(String outTradeNo, String transactionId, String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateRefund(String outRefundNo, String status, String refundId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PaymentRefundRecord> refunds(String outTradeNo) {
            return refunds.stream().filter(r -> r.outTradeNo().equals(outTradeNo)).collect(Collectors.toList());
        }
    }

    /** Answers queries with {@link #nextState} and refunds as a provider that says PROCESSING. */
    final class Payments implements PaymentService {
        String nextState;
        boolean down;
        final List<String> refunded = new ArrayList<>();
        String lastReason;

        private PaymentOrder api(PaymentOrderRecord r) {
            return new PaymentOrder(r.outTradeNo(), r.serial(), r.amountFen(), r.description(), r.codeUrl(), PaymentState.valueOf(r.state()),
                    r.expiresAt(), r.transactionId(), r.message());
        }

        @Override
        public PaymentOrder query(String outTradeNo) {
            if (down) {
                throw new PaymentException("payment provider unavailable (TIMEOUT): no answer in 10 s");
            }
            return api(nextState == null ? orders.rows.get(outTradeNo) : orders.put(outTradeNo, nextState, null));
        }

        @Override
        public PaymentOrder refund(String outTradeNo, String reason) {
            if (down) {
                throw new PaymentException("payment provider unavailable (SYSTEM_ERROR): try later");
            }
            refunded.add(outTradeNo);
            lastReason = reason;
            orders.refunds.add(new PaymentRefundRecord(outTradeNo + "R1", outTradeNo, 1000, reason, "PROCESSING", "RF1", Instant.now(), Instant.now()));
            return api(orders.put(outTradeNo, "REFUNDED", "退款处理中"));
        }

        @Override
        public PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PaymentOrder> find(String outTradeNo) {
            return orders.order(outTradeNo).map(this::api);
        }

        @Override
        public List<PaymentOrder> forSerial(String serial) {
            return List.of();
        }

        @Override
        public PaymentOrder close(String outTradeNo) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(PaymentListener listener) {
        }

        @Override
        public void removeListener(PaymentListener listener) {
        }
        @Override
        public org.opendmv.payment.api.Settlement abandon(String serial) {
            throw new UnsupportedOperationException();
        }
    }

    private final Orders orders = new Orders();
    private final Payments payments = new Payments();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private static final String A = "20261124K001000001P1";
    private static final String B = "20261124K001000002P1";
    private static final String C = "20261124K001000003P1";

    @Before
    public void setUp() {
        orders.put(A, "CREATED", null);
        orders.put(A, "PENDING", null);
        orders.put(B, "PENDING", null);
        orders.put(B, "PAID", null);
        orders.put(C, "PENDING", "金额不符");
    }

    private PrintStream out() {
        buf.reset();
        return new PrintStream(buf, true, StandardCharsets.UTF_8);
    }

    private String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void bad(String expected, Runnable r) {
        try {
            r.run();
            fail("expected an error containing " + expected);
        } catch (IllegalArgumentException | IllegalStateException e) {
            assertTrue(e.getMessage() + " should contain " + expected, e.getMessage().contains(expected));
            assertFalse("one line: " + e.getMessage(), e.getMessage().contains("\n"));
        }
    }

    @Test
    public void paymentsListsNewestFirstWithoutPersonalData() {
        PaymentsCommand.run(orders, null, 20, out());
        String t = text();
        assertTrue(t, t.indexOf(C) < t.indexOf(B) && t.indexOf(B) < t.indexOf(A));
        assertTrue(t, t.contains("¥10.00") && t.contains("sim") && t.contains("金额不符") && t.contains("3 order(s) shown"));
        assertFalse(t, t.contains("驾驶证") || t.contains("weixin://"));
        PaymentsCommand.run(orders, "paid", 20, out());
        assertTrue(text(), text().contains(B) && !text().contains(A) && text().contains("1 order(s) shown in state PAID"));
        PaymentsCommand.run(orders, null, 1, out());
        assertTrue(text().contains("1 order(s) shown"));
        bad("unknown state 'DONE'; known: CREATED, PENDING, PAID, CLOSED, FAILED, REFUNDED", () -> PaymentsCommand.run(orders, "DONE", 20, out()));
        bad("--max must be between 1 and 10000", () -> PaymentsCommand.run(orders, null, 0, out()));
    }

    @Test
    public void paymentQueryPrintsOldAndNewStateAndHistory() {
        payments.nextState = "PAID";
        PaymentQueryCommand.run(payments, orders, " " + A + " ", out());
        String t = text();
        assertTrue(t, t.startsWith(A + ": PENDING -> PAID  ¥10.00  provider sim  transaction TX" + A));
        assertTrue(t, t.contains("history:") && t.contains("CREATED") && t.contains("PENDING -> PAID"));
        payments.down = true;
        bad("provider 'sim' could not be asked: payment provider unavailable (TIMEOUT)", () -> PaymentQueryCommand.run(payments, orders, A, out()));
        bad("unknown order 'nope'; see kiosk:payments", () -> PaymentQueryCommand.run(payments, orders, "nope", out()));
        bad("missing out_trade_no", () -> PaymentQueryCommand.run(payments, orders, " ", out()));
    }

    @Test
    public void refundOnlyForPaidOrdersAndSaysWhatItDid() {
        bad("order " + A + " is PENDING; only a PAID order can be refunded", () -> RefundCommand.run(payments, orders, A, null, out()));
        bad("unknown order 'nope'", () -> RefundCommand.run(payments, orders, "nope", "x", out()));
        bad("--reason is longer than 80 characters", () -> RefundCommand.run(payments, orders, B, "x".repeat(81), out()));
        payments.down = true;
        bad("refund of " + B + " failed: payment provider unavailable (SYSTEM_ERROR)", () -> RefundCommand.run(payments, orders, B, null, out()));
        assertEquals("PAID", orders.rows.get(B).state());
        payments.down = false;
        RefundCommand.run(payments, orders, B, "  办理失败  ", out());
        assertEquals("refund of " + B + " (¥10.00, application 20261124K001000002, provider sim): PAID -> REFUNDED (退款处理中)\n", text());
        assertEquals("办理失败", payments.lastReason);
        RefundCommand.run(payments, orders, B, null, out());
        assertEquals(B + " was refunded already (退款处理中)\n", text());
        assertEquals("asked once", List.of(B), payments.refunded);
        payments.nextState = null;
        PaymentQueryCommand.run(payments, orders, B, out());
        assertTrue(text(), text().contains("refund " + B + "R1  ¥10.00  PROCESSING"));
    }

    @Test
    public void completerOffersRecentOrders() {
        assertEquals(List.of(C, B, A), PaymentOrderCompleter.candidates(orders));
        assertEquals("¥0.05", org.opendmv.console.internal.Payments.yuan(5));
        assertEquals("¥-1.00", org.opendmv.console.internal.Payments.yuan(-100));
    }
}
