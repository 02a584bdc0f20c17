package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.PaidOutcome;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;

/** Payment orders against a real Derby, as the store's other tests. */
public class PaymentOrdersTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private JdbcStore store;
    private JdbcPaymentOrders orders;
    private String serial;

    @Before
    public void setUp() throws Exception {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        store = new JdbcStore(ds, StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key")), "K001",
                Clock.systemDefaultZone());
        orders = new JdbcPaymentOrders(ds, Clock.systemDefaultZone());
        serial = store.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.mobile", "13812345678"),
                Application.AWAITING_PAYMENT, Map.of())).serial();
    }

    private PaymentOrderRecord order(String no) {
        return orders.insert(no, serial, "sim", 1000, "驾驶证期满换证", Instant.now().plusSeconds(300));
    }

    private List<String> statuses() {
        return store.history(serial).stream().map(s -> s.status()).collect(Collectors.toList());
    }

    @Test
    public void insertIsCreatedAndCommitted() {
        PaymentOrderRecord o = order(serial + "P1");
        assertEquals(PaymentOrders.CREATED, o.state());
        assertEquals(serial, o.serial());
        assertEquals("sim", o.provider());
        assertNull(o.codeUrl());
        assertTrue(o.isOpen());
        assertEquals(o, orders.order(serial + "P1").orElseThrow());
        assertEquals(List.of(o), orders.openOrders());
        assertEquals(1, orders.orderHistory(o.outTradeNo()).size());
        assertNull(orders.orderHistory(o.outTradeNo()).get(0).fromState());
        assertEquals("payment.create", store.latest(1).get(0).action());
        try {
            order(serial + "P1");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("exists already"));
        }
        try {
            orders.insert("20990101K001999999P1", "20990101K001999999", "sim", 100, "x", Instant.now());
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no application with serial 20990101K001999999", e.getMessage());
        }
        try {
            orders.insert("bad no!", serial, "sim", 100, "x", Instant.now());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("out_trade_no"));
        }
    }

    @Test
    public void changeStateIsCompareAndSetWithHistory() {
        String no = order(serial + "P1").outTradeNo();
        PaymentOrderRecord p = orders.changeState(no, "CREATED", "PENDING", "weixin://wxpay/bizpayurl?pr=X", null, "QR code").orElseThrow();
        assertEquals("PENDING", p.state());
        assertEquals("weixin://wxpay/bizpayurl?pr=X", p.codeUrl());
        assertFalse("not CREATED any more", orders.changeState(no, "CREATED", "FAILED", null, "x", null).isPresent());
        PaymentOrderRecord flagged = orders.changeState(no, "PENDING", "PENDING", null, "金额不符", "amount 1 fen").orElseThrow();
        assertEquals("PENDING", flagged.state());
        assertEquals("金额不符", flagged.message());
        assertEquals("code url kept", p.codeUrl(), flagged.codeUrl());
        assertEquals(List.of("CREATED", "PENDING", "PENDING"), orders.orderHistory(no).stream().map(h -> h.toState()).collect(Collectors.toList()));
        assertEquals(List.of(flagged), orders.recentOrders(10, "PENDING"));
        assertTrue(orders.recentOrders(10, "PAID").isEmpty());
        assertEquals(List.of(flagged), orders.ordersOf(serial));
        try {
            orders.changeState(no, "PENDING", "MAYBE", null, null, null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("unknown payment state 'MAYBE'"));
        }
    }

    @Test
    public void markPaidChangesOrderAndApplicationOnce() {
        String no = order(serial + "P1").outTradeNo();
        orders.changeState(no, "CREATED", "PENDING", "weixin://x", null, null);
        PaidOutcome first = orders.markPaid(no, "4200001", "query");
        assertTrue(first.orderChanged());
        assertTrue(first.applicationChanged());
        assertFalse(first.paidTwice());
        assertFalse(first.applicationGivenUp());
        assertEquals("PAID", first.order().state());
        assertEquals("4200001", first.order().transactionId());
        assertEquals(no, store.paymentReference(serial).orElseThrow());
        assertEquals(List.of("AWAITING_PAYMENT", "PAID", "SUBMITTED"), statuses());
        assertEquals("SUBMITTED", store.find(serial).orElseThrow().status());
        PaidOutcome second = orders.markPaid(no, "4200001", "notification");
        assertFalse(second.orderChanged());
        assertFalse(second.applicationChanged());
        assertEquals(List.of("AWAITING_PAYMENT", "PAID", "SUBMITTED"), statuses());
        assertEquals(List.of("CREATED", "PENDING", "PAID"), orders.orderHistory(no).stream().map(h -> h.toState()).collect(Collectors.toList()));
        assertEquals("PENDING", orders.orderHistory(no).get(2).fromState());
        assertTrue(orders.openOrders().isEmpty());
        assertTrue(orders.paidNotApplied().isEmpty());
    }

    @Test
    public void aSecondPaidOrderIsRecordedButDoesNotPayTheApplicationAgain() {
        String a = order(serial + "P1").outTradeNo();
        String b = order(serial + "P2").outTradeNo();
        orders.markPaid(a, "T1", null);
        PaidOutcome o = orders.markPaid(b, "T2", null);
        assertTrue(o.orderChanged());
        assertFalse(o.applicationChanged());
        assertTrue("paid twice: staff refunds one", o.paidTwice());
        assertEquals(a, store.paymentReference(serial).orElseThrow());
    }

    @Test
    public void paidWinsOverClosedButNotOverRefunded() {
        String no = order(serial + "P1").outTradeNo();
        orders.changeState(no, "CREATED", "CLOSED", null, "closed", null);
        assertTrue(orders.markPaid(no, "T", "raced the close").orderChanged());
        orders.changeState(no, "PAID", "REFUNDED", null, null, null);
        PaidOutcome again = orders.markPaid(no, "T", null);
        assertFalse(again.orderChanged());
        assertEquals("REFUNDED", again.order().state());
    }

    @Test
    public void aPaidOrderWhoseApplicationWasNotUpdatedIsFoundAndCompletedOnce() throws Exception {
        String no = order(serial + "P1").outTradeNo();
        // as if the JVM died after the order row changed but before the application did (older code path)
        orders.changeState(no, "CREATED", "PAID", null, null, "crash test");
        assertEquals(1, orders.paidNotApplied().size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PaidOutcome>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<PaidOutcome> c = () -> {
                    go.await();
                    return orders.markPaid(no, "T", "reconciler");
                };
                all.add(pool.submit(c));
            }
            go.countDown();
            int applied = 0;
            for (Future<PaidOutcome> f : all) {
                applied += f.get().applicationChanged() ? 1 : 0;
            }
            assertEquals("exactly once", 1, applied);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("AWAITING_PAYMENT", "PAID", "SUBMITTED"), statuses());
        assertTrue(orders.paidNotApplied().isEmpty());
    }

    @Test
    public void concurrentMarkPaidOnAnOpenOrderPaysExactlyOnce() throws Exception {
        String no = order(serial + "P1").outTradeNo();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PaidOutcome>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return orders.markPaid(no, "T", null);
                }));
            }
            go.countDown();
            int orderChanges = 0;
            int appChanges = 0;
            for (Future<PaidOutcome> f : all) {
                orderChanges += f.get().orderChanged() ? 1 : 0;
                appChanges += f.get().applicationChanged() ? 1 : 0;
            }
            assertEquals(1, orderChanges);
            assertEquals(1, appChanges);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("AWAITING_PAYMENT", "PAID", "SUBMITTED"), statuses());
        assertEquals(2, orders.orderHistory(no).size());
    }

    @Test
    public void paymentAfterTheVisitWasGivenUpIsKeptForStaff() {
        String no = order(serial + "P1").outTradeNo();
        store.changeStatus(serial, Application.CANCELLED, "visit ended before payment");
        store.purgePersonalData(serial, "unpaid");
        PaidOutcome o = orders.markPaid(no, "T", "late");
        assertTrue(o.applicationChanged());
        assertTrue(o.applicationGivenUp());
        assertEquals(List.of("AWAITING_PAYMENT", "CANCELLED", "PAID"), statuses());
        assertEquals(no, store.paymentReference(serial).orElseThrow());
    }

    @Test
    public void refundsAreRecordedOnce() {
        String no = order(serial + "P1").outTradeNo();
        orders.markPaid(no, "T", null);
        assertTrue(orders.insertRefund(no + "R1", no, 1000, "办理失败"));
        assertFalse(orders.insertRefund(no + "R1", no, 1000, "again"));
        assertEquals("REQUESTED", orders.refunds(no).get(0).status());
        orders.updateRefund(no + "R1", "PROCESSING", "5030001");
        assertEquals("PROCESSING", orders.refunds(no).get(0).status());
        assertEquals("5030001", orders.refunds(no).get(0).refundId());
        assertEquals("办理失败", orders.refunds(no).get(0).reason());
        try {
            orders.updateRefund("nope", "SUCCESS", null);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no refund nope", e.getMessage());
        }
    }

    @Test
    public void refundsNameWhoAskedAndUnfinishedOnesCanBeFound() {
        String no = order(serial + "P1").outTradeNo();
        orders.markPaid(no, "T", null);
        assertTrue(orders.insertRefund(no + "R1", no, 1000, "办理失败", "alice"));
        assertEquals("alice", orders.refunds(no).get(0).requestedBy());
        assertEquals("the audit names the console user", "alice payment.refund " + no + "R1 1000 fen",
                store.latest(1).get(0).actor() + " " + store.latest(1).get(0).action() + " " + store.latest(1).get(0).subject());
        assertEquals(List.of(no + "R1"), unfinished());
        orders.updateRefund(no + "R1", PaymentOrders.REFUND_PROCESSING, "5030001");
        assertEquals("payment.refund.status", store.latest(1).get(0).action());
        assertEquals(no + "R1 REQUESTED -> PROCESSING", store.latest(1).get(0).subject());
        assertEquals(List.of(no + "R1"), unfinished());
        orders.updateRefund(no + "R1", PaymentOrders.REFUND_CLOSED, null);
        assertEquals(List.of(), unfinished());
        assertTrue(orders.insertRefund(no + "R2", no, 1000, null, null));
        assertEquals("nobody named: system", "system", orders.refunds(no).get(1).requestedBy());
        assertTrue(orders.refunds(no).get(1).isUnfinished());
        assertFalse(orders.refunds(no).get(0).isUnfinished());
        assertEquals(List.of(no + "R2"), unfinished());
    }

    private List<String> unfinished() {
        return orders.unfinishedRefunds().stream().map(r -> r.outRefundNo()).collect(Collectors.toList());
    }
}
