package org.opendmv.payment.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.payment.api.Settlement;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.internal.StandaloneStore;

/** The payment core with a fake provider (a real class, below) and a real Derby store. */
public class StoredPaymentServiceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ApplicationStore apps;
    private PaymentOrders orders;
    private final FakeProvider fake = new FakeProvider();
    private final List<StoredPaymentService> services = new ArrayList<>();
    private final List<PaymentOrder> heard = new CopyOnWriteArrayList<>();
    private StoredPaymentService pay;
    private String serial;

    static PaymentConfig config(long pollInitial, long pollMax) {
        return config(pollInitial, pollMax, 0L);
    }

    static PaymentConfig config(long pollInitial, long pollMax, long reconcileIntervalS) {
        Map<String, Object> v = Map.of("provider", "fake", "poll_initial_ms", pollInitial, "poll_max_ms", pollMax,
                "reconcile_interval_s", reconcileIntervalS, "refund_poll_max_s", 1L);
        return (PaymentConfig) Proxy.newProxyInstance(PaymentConfig.class.getClassLoader(), new Class<?>[] {PaymentConfig.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }

    private EmbeddedDataSource ds;

    /** The store as a new JVM opens it: same database, a new run. */
    private StandaloneStore openStore() throws Exception {
        return StandaloneStore.open(ds, tmp.getRoot().toPath().resolve("keys/store.key"), "K001");
    }

    @Before
    public void setUp() throws Exception {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        StandaloneStore store = openStore();
        apps = store.applications();
        orders = store.payments();
        serial = newApplication();
        pay = service(20, 80);
        pay.addListener(heard::add);
    }

    private String newApplication() {
        return apps.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.mobile", "13812345678"),
                Application.AWAITING_PAYMENT, Map.of())).serial();
    }

    private StoredPaymentService service(long pollInitial, long pollMax) {
        StoredPaymentService s = new StoredPaymentService(orders, config(pollInitial, pollMax), Clock.systemUTC());
        s.addProvider(fake, Map.of(PaymentProvider.PROVIDER, "fake"));
        services.add(s);
        return s;
    }

    @After
    public void tearDown() {
        services.forEach(StoredPaymentService::deactivate);
        System.clearProperty(TestPause.PROPERTY);
        TestPause.millis = 60_000;
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private PaymentOrder create() {
        return pay.create(serial, 1000, "驾驶证期满换证", Instant.now().plusSeconds(60));
    }

    private String state(String no) {
        return orders.order(no).orElseThrow().state();
    }

    private List<String> statuses() {
        return apps.history(serial).stream().map(s -> s.status()).collect(Collectors.toList());
    }

    private long heardPaid(String no) {
        return heard.stream().filter(o -> o.outTradeNo().equals(no) && o.state() == PaymentState.PAID).count();
    }

    private static final List<String> PAID_ONCE = List.of(Application.AWAITING_PAYMENT, Application.PAID, Application.SUBMITTED);

    @Test
    public void theOrderRowIsCommittedBeforeTheProviderIsCalledAndARetryReusesIt() {
        AtomicReference<String> seenByProvider = new AtomicReference<>();
        fake.onCreate = r -> seenByProvider.set(orders.order(r.outTradeNo()).map(PaymentOrderRecord::state).orElse("MISSING"));
        fake.failCreate = new ProviderException(true, "SYSTEM_ERROR", "try later");
        try {
            create();
            fail();
        } catch (PaymentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unavailable (SYSTEM_ERROR)"));
        }
        assertEquals("CREATED", seenByProvider.get());
        String no = serial + "P1";
        PaymentOrderRecord row = orders.order(no).orElseThrow();
        assertEquals("stays CREATED for the retry", "CREATED", row.state());
        assertTrue(row.message().contains("SYSTEM_ERROR"));
        fake.failCreate = null;
        PaymentOrder o = create();
        assertEquals("the retry reuses the out_trade_no", no, o.outTradeNo());
        assertEquals(PaymentState.PENDING, o.state());
        assertEquals("weixin://wxpay/bizpayurl?pr=FAKE" + no, o.codeUrl());
        assertNull(o.message());
        assertEquals(List.of(no, no), fake.creates);
        assertEquals(1, orders.ordersOf(serial).size());
    }

    @Test
    public void createIsIdempotentPerApplication() throws Exception {
        fake.createDelayMs = 0;
        PaymentOrder o = create();
        assertEquals(serial + "P1", o.outTradeNo());
        assertEquals(o, create());
        assertEquals("one provider call", 1, fake.creates.size());
        fake.pay(o.outTradeNo());
        await("paid", () -> "PAID".equals(state(o.outTradeNo())));
        PaymentOrder again = create();
        assertEquals("a paid order is returned, never a second charge", PaymentState.PAID, again.state());
        assertEquals(o.outTradeNo(), again.outTradeNo());
        assertEquals(1, fake.creates.size());
    }

    @Test
    public void badInputIsRefused() {
        for (String s : new String[] {null, "", "abc", "../../x", "20261124K001000003; DROP"}) {
            try {
                pay.create(s, 500, "x", Instant.now().plusSeconds(60));
                fail(s);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("serial"));
            }
        }
        try {
            pay.create(serial, 0, "x", Instant.now().plusSeconds(60));
            fail();
        } catch (IllegalArgumentException expected) {
            assertEquals("amount must be positive", expected.getMessage());
        }
        try {
            pay.query("nope");
            fail();
        } catch (PaymentException expected) {
            assertEquals("unknown order nope", expected.getMessage());
        }
    }

    @Test
    public void pollingFindsThePaymentAndPaysTheApplicationOnce() throws Exception {
        PaymentOrder o = create();
        assertTrue(pay.polling(o.outTradeNo()));
        fake.pay(o.outTradeNo());
        await("paid", () -> heardPaid(o.outTradeNo()) == 1);
        assertEquals("TX" + o.outTradeNo(), pay.find(o.outTradeNo()).orElseThrow().transactionId());
        assertEquals(PAID_ONCE, statuses());
        assertEquals(o.outTradeNo(), apps.paymentReference(serial).orElseThrow());
        assertEquals(Application.SUBMITTED, apps.find(serial).orElseThrow().status());
        await("polling stops", () -> !pay.polling(o.outTradeNo()));
        int queries = fake.queries.size();
        Thread.sleep(200);
        assertEquals("no more queries once PAID", queries, fake.queries.size());
        assertEquals(List.of("CREATED", "PENDING", "PAID"), orders.orderHistory(o.outTradeNo()).stream().map(h -> h.toState()).collect(Collectors.toList()));
    }

    @Test
    public void aNotificationPaysAndDuplicatesAreHarmless() throws Exception {
        pay = service(60_000, 60_000);
        pay.addListener(heard::add);
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        byte[] body = o.outTradeNo().getBytes(StandardCharsets.UTF_8);
        pay.notification("fake", Map.of("x-fake-signature", "ok"), body);
        assertEquals("PAID", state(o.outTradeNo()));
        pay.notification("fake", Map.of("x-fake-signature", "ok"), body);
        pay.notification("fake", Map.of("x-fake-signature", "ok"), body);
        assertEquals(1, heardPaid(o.outTradeNo()));
        assertEquals(PAID_ONCE, statuses());
        assertEquals(3, orders.orderHistory(o.outTradeNo()).size());
        try {
            pay.notification("fake", Map.of("x-fake-signature", "forged"), body);
            fail();
        } catch (NotificationRejected expected) {
            assertEquals("bad signature", expected.getMessage());
        }
        try {
            pay.notification("alipay", Map.of(), body);
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("no payment provider 'alipay'"));
        }
        // an authentic notification for an order this kiosk does not know changes nothing
        pay.notification("fake", Map.of("x-fake-signature", "ok"), "20991231K001000001P1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void aWrongAmountIsNeverMarkedPaidNorFailed() throws Exception {
        PaymentOrder o = create();
        fake.pay(o.outTradeNo(), 1);
        PaymentOrder after = pay.query(o.outTradeNo());
        assertEquals("state stays", PaymentState.PENDING, after.state());
        assertEquals(StoredPaymentService.AMOUNT_MISMATCH, after.message());
        assertFalse(apps.paymentReference(serial).isPresent());
        assertEquals(List.of(Application.AWAITING_PAYMENT), statuses());
        await("polling stops for a flagged order", () -> !pay.polling(o.outTradeNo()));
        // asking again does not flag twice
        pay.query(o.outTradeNo());
        assertEquals(3, orders.orderHistory(o.outTradeNo()).size());
        assertEquals("a flagged order is shown again, not replaced", o.outTradeNo(), create().outTradeNo());
        assertEquals(0, pay.reconcile());
        assertEquals("PENDING", state(o.outTradeNo()));
    }

    @Test
    public void atExpiryTheOrderIsClosedAndAPaymentThatRacedTheCloseWins() throws Exception {
        fake.payOnClose = true;
        PaymentOrder o = pay.create(serial, 1000, "x", Instant.now().plusMillis(300));
        await("paid", () -> heardPaid(o.outTradeNo()) == 1);
        assertEquals(List.of(o.outTradeNo()), fake.closes);
        assertEquals(PAID_ONCE, statuses());
    }

    @Test
    public void atExpiryAnUnpaidOrderIsClosedAndANewOneCanFollow() throws Exception {
        PaymentOrder o = pay.create(serial, 1000, "x", Instant.now().plusMillis(200));
        await("closed", () -> "CLOSED".equals(state(o.outTradeNo())));
        assertEquals(List.of(o.outTradeNo()), fake.closes);
        assertEquals(TradeState.CLOSED, fake.orders.get(o.outTradeNo()).state);
        assertEquals("订单已过期", pay.find(o.outTradeNo()).orElseThrow().message());
        PaymentOrder next = create();
        assertEquals(serial + "P2", next.outTradeNo());
        assertEquals(PaymentState.PENDING, next.state());
    }

    @Test
    public void closeOnDemandThenLastQuery() {
        pay = service(60_000, 60_000);
        PaymentOrder o = create();
        assertEquals(PaymentState.CLOSED, pay.close(o.outTradeNo()).state());
        assertEquals(PaymentState.CLOSED, pay.close(o.outTradeNo()).state());
        assertEquals("a closed order is not closed twice", 1, fake.closes.size());
        String serial2 = newApplication();
        PaymentOrder p = pay.create(serial2, 1000, "x", Instant.now().plusSeconds(60));
        fake.payOnClose = true;
        assertEquals(PaymentState.PAID, pay.close(p.outTradeNo()).state());
        assertEquals(p.outTradeNo(), apps.paymentReference(serial2).orElseThrow());
    }

    @Test
    public void providerFailuresAndClosures() throws Exception {
        pay = service(60_000, 60_000);
        PaymentOrder o = create();
        fake.orders.get(o.outTradeNo()).state = TradeState.PAYERROR;
        assertEquals(PaymentState.FAILED, pay.query(o.outTradeNo()).state());
        assertTrue(pay.find(o.outTradeNo()).orElseThrow().message().startsWith("支付失败"));
        PaymentOrder second = create();
        assertEquals(serial + "P2", second.outTradeNo());
        fake.orders.get(second.outTradeNo()).state = TradeState.REVOKED;
        assertEquals(PaymentState.CLOSED, pay.query(second.outTradeNo()).state());
        fake.failCreate = new ProviderException(false, "INVALID_REQUEST", "bad description");
        try {
            create();
            fail();
        } catch (PaymentException e) {
            assertTrue(e.getMessage().contains("refused the order (INVALID_REQUEST)"));
        }
        assertEquals("FAILED", state(serial + "P3"));
        fake.failCreate = null;
        fake.failQuery = new ProviderException(true, "TIMEOUT", "slow");
        PaymentOrder fourth = create();
        try {
            pay.query(fourth.outTradeNo());
            fail();
        } catch (PaymentException e) {
            assertTrue(e.getMessage().contains("unavailable (TIMEOUT)"));
        }
        assertEquals("PENDING", state(fourth.outTradeNo()));
    }

    @Test
    public void theReconcilerCompletesAPaymentTheProviderHasExactlyOnce() throws Exception {
        // nobody polls (as after a crash): the reconciler finds it
        pay = service(60_000, 60_000);
        pay.addListener(heard::add);
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        assertEquals(1, pay.reconcile());
        assertEquals(0, pay.reconcile());
        assertEquals("PAID", state(o.outTradeNo()));
        assertEquals(PAID_ONCE, statuses());
        assertEquals(1, heardPaid(o.outTradeNo()));
    }

    /** After a restart nobody is at the kiosk: an unpaid order of the old run is closed at once, its application cancelled and purged. */
    @Test
    public void afterARestartAnUnpaidOrderIsClosedAndItsApplicationCancelled() throws Exception {
        PaymentOrder o = create();
        StoredPaymentService restarted = service(60_000, 60_000);
        restarted.applications = openStore().applications();
        restarted.reconcile();
        assertEquals("CLOSED", state(o.outTradeNo()));
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, Application.CANCELLED), statuses());
        assertTrue("personal data purged", apps.find(serial).orElseThrow().payload().isEmpty());
    }

    /**
     * The store opens on its own thread, so after a restart its application store may be bound after the provider
     * appeared and reconciled without it: the old run's order is closed as soon as the store is there, not at the
     * next periodic reconciliation (300 s by default; PaymentCrashIT waited 120 s for it in vain).
     */
    @Test
    public void afterARestartTheOrderIsClosedOnceTheApplicationStoreArrivesLate() throws Exception {
        PaymentOrder o = create();
        StoredPaymentService restarted = new StoredPaymentService(orders, config(60_000, 60_000, 3600), Clock.systemUTC());
        services.add(restarted);
        restarted.addProvider(fake, Map.of(PaymentProvider.PROVIDER, "fake")); // reconciles without the store
        Thread.sleep(300);
        assertEquals("without the store an open order is only asked for", "PENDING", state(o.outTradeNo()));
        restarted.bindApplications(openStore().applications());
        await("the old run's order closed", () -> "CLOSED".equals(state(o.outTradeNo())));
        await("its application cancelled", () -> statuses().contains(Application.CANCELLED));
    }

    /** ... but one the citizen paid just before the restart is completed, not cancelled. */
    @Test
    public void afterARestartAnOrderPaidMeanwhileIsCompletedNotCancelled() throws Exception {
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        // the crashed run is gone before its poller saw the payment (it raced the reconciler here: CI saw both orders)
        pay.deactivate();
        StoredPaymentService restarted = service(60_000, 60_000);
        restarted.applications = openStore().applications();
        restarted.reconcile();
        assertEquals("PAID", state(o.outTradeNo()));
        assertEquals("parked as unsettled, then completed once", List.of(Application.AWAITING_PAYMENT,
                Application.PAYMENT_UNSETTLED, Application.PAID, Application.SUBMITTED), statuses());
    }

    @Test
    public void twoReconcilersAtOnceApplyAPaidOrderExactlyOnce() throws Exception {
        StoredPaymentService a = service(60_000, 60_000);
        StoredPaymentService b = service(60_000, 60_000);
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String s = newApplication();
            serials.add(s);
            PaymentOrder o = a.create(s, 1000, "x", Instant.now().plusSeconds(60));
            fake.pay(o.outTradeNo());
        }
        // and one whose order row says PAID but whose application was never updated (kill -9 in between)
        String crashed = newApplication();
        PaymentOrder c = a.create(crashed, 1000, "x", Instant.now().plusSeconds(60));
        fake.pay(c.outTradeNo());
        orders.changeState(c.outTradeNo(), "PENDING", "PAID", null, null, "crash test");
        serials.add(crashed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (StoredPaymentService s : List.of(a, b, a, b)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return s.reconcile();
                }));
            }
            go.countDown();
            for (Future<Integer> f : runs) {
                assertNotNull(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (String s : serials) {
            assertEquals(s, List.of(Application.AWAITING_PAYMENT, Application.PAID, Application.SUBMITTED),
                    apps.history(s).stream().map(x -> x.status()).collect(Collectors.toList()));
        }
        assertTrue(orders.paidNotApplied().isEmpty());
    }

    @Test
    public void aCreatedOrderTheProviderNeverSawIsClosedOnceExpired() {
        pay = service(60_000, 60_000);
        String no = serial + "P1";
        // the JVM died between the insert and the provider call
        orders.insert(no, serial, "fake", 1000, "x", Instant.now().plusSeconds(60));
        pay.reconcile();
        assertEquals("not expired yet: left for a retry", "CREATED", state(no));
        String serial2 = newApplication();
        String old = serial2 + "P1";
        orders.insert(old, serial2, "fake", 1000, "x", Instant.now().minusSeconds(1));
        assertEquals(1, pay.reconcile());
        assertEquals("CLOSED", state(old));
        assertFalse("nothing to close at the provider", fake.closes.contains(old));
        assertEquals("a retry of the fresh one reuses it", no, create().outTradeNo());
    }

    @Test
    public void refunds() throws Exception {
        pay = service(60_000, 60_000);
        PaymentOrder o = create();
        try {
            pay.refund(o.outTradeNo(), "x");
            fail();
        } catch (PaymentException e) {
            assertEquals("order " + o.outTradeNo() + " is PENDING; only a PAID order can be refunded", e.getMessage());
        }
        fake.pay(o.outTradeNo());
        pay.query(o.outTradeNo());
        fake.refundStatus = "SUCCESS";
        PaymentOrder r = pay.refund(o.outTradeNo(), "办理失败");
        assertEquals(PaymentState.REFUNDED, r.state());
        assertEquals("已退款", r.message());
        assertEquals(o.outTradeNo() + "R1", fake.refunds.get(0).outRefundNo());
        assertEquals(1000, fake.refunds.get(0).refundFen());
        assertEquals("办理失败", fake.refunds.get(0).reason());
        assertEquals(PaymentState.REFUNDED, pay.refund(o.outTradeNo(), null).state());
        assertEquals("no second provider call", 1, fake.refunds.size());
        assertEquals("SUCCESS", orders.refunds(o.outTradeNo()).get(0).status());
        assertEquals("nobody named: system", "system", orders.refunds(o.outTradeNo()).get(0).requestedBy());
        // the provider's REFUND state leaves it REFUNDED
        pay.query(o.outTradeNo());
        assertEquals("REFUNDED", state(o.outTradeNo()));
        try {
            pay.refund("nope", null);
            fail();
        } catch (PaymentException e) {
            assertEquals("unknown order nope", e.getMessage());
        }
    }

    private String paidOrder() throws Exception {
        PaymentOrder o = pay.create(newApplication(), 1000, "驾驶证期满换证", Instant.now().plusSeconds(60));
        fake.pay(o.outTradeNo());
        pay.query(o.outTradeNo());
        assertEquals("PAID", state(o.outTradeNo()));
        return o.outTradeNo();
    }

    private String message(String no) {
        return orders.order(no).orElseThrow().message();
    }

    private String refundStatus(String no, int index) {
        return orders.refunds(no).get(index).status();
    }

    @Test
    public void aProcessingRefundIsFollowedAndOnlyItsSuccessMakesTheOrderRefunded() throws Exception {
        pay = service(20, 80);
        pay.addListener(heard::add);
        String no = paidOrder();
        fake.refundStatus = "PROCESSING";
        PaymentOrder r = pay.refund(no, "办理失败", "alice");
        assertEquals("PROCESSING is not REFUNDED", PaymentState.PAID, r.state());
        assertEquals("退款处理中 (" + no + "R1)", r.message());
        assertEquals("PROCESSING", refundStatus(no, 0));
        assertEquals("alice", orders.refunds(no).get(0).requestedBy());
        await("the refund is queried again and again", () -> fake.refundQueries.size() >= 3);
        assertEquals("still PAID while the provider says PROCESSING", "PAID", state(no));
        // asking again sends no second refund while one is under way
        assertEquals(PaymentState.PAID, pay.refund(no, "again", "bob").state());
        assertEquals(1, fake.refunds.size());
        // a query of the order (trade state REFUND) does not make it REFUNDED either
        pay.query(no);
        assertEquals("PAID", state(no));

        fake.refundStates.put(no + "R1", "SUCCESS");
        await("REFUNDED after the refund query says SUCCESS", () -> "REFUNDED".equals(state(no)));
        assertEquals("已退款", message(no));
        assertEquals("SUCCESS", refundStatus(no, 0));
        await("listeners hear of it", () -> heard.stream().anyMatch(o -> o.outTradeNo().equals(no) && o.state() == PaymentState.REFUNDED));
        assertTrue("the history names who asked", orders.orderHistory(no).stream()
                .anyMatch(h -> "REFUNDED".equals(h.toState()) && h.note().contains("asked by alice")));
        int queries = fake.refundQueries.size();
        Thread.sleep(100);
        assertEquals("no more queries once it ended", queries, fake.refundQueries.size());
        assertEquals(1, fake.refunds.size());
    }

    @Test
    public void abnormalAndClosedRefundsLeaveTheOrderPaidAndARetryTakesANewNumber() throws Exception {
        pay = service(20, 80);
        String no = paidOrder();
        fake.refundStatus = "PROCESSING";
        pay.refund(no, "办理失败", "alice");
        fake.refundStates.put(no + "R1", "ABNORMAL");
        await("ABNORMAL noted", () -> ("退款异常 (" + no + "R1)：款项未能退回，请在商户平台处理").equals(message(no)));
        assertEquals("PAID", state(no));
        assertEquals("ABNORMAL", refundStatus(no, 0));

        PaymentOrder second = pay.refund(no, "办理失败", "bob");
        assertEquals("never the number of a refund that failed finally", no + "R2", fake.refunds.get(1).outRefundNo());
        assertEquals(PaymentState.PAID, second.state());
        fake.refundStates.put(no + "R2", "CLOSED");
        await("CLOSED noted", () -> ("退款已关闭 (" + no + "R2)：款项未退回，可重新退款").equals(message(no)));
        assertEquals("PAID", state(no));
        assertEquals("CLOSED", refundStatus(no, 1));
        assertEquals("bob", orders.refunds(no).get(1).requestedBy());

        fake.refundStatus = "SUCCESS";
        assertEquals(PaymentState.REFUNDED, pay.refund(no, null, "carol").state());
        assertEquals(no + "R3", fake.refunds.get(2).outRefundNo());
        assertEquals(List.of("ABNORMAL", "CLOSED", "SUCCESS"),
                orders.refunds(no).stream().map(x -> x.status()).collect(Collectors.toList()));
    }

    @Test
    public void aRefundWhoseAnswerWasLostIsRepeatedWithTheSameNumber() throws Exception {
        pay = service(20, 80);
        String no = paidOrder();
        fake.failRefund = new ProviderException(true, "TIMEOUT", "no answer");
        try {
            pay.refund(no, "办理失败", "alice");
            fail();
        } catch (PaymentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unavailable (TIMEOUT)") && e.getMessage().contains(no + "R1"));
        }
        assertEquals("REQUESTED", refundStatus(no, 0));
        // the follower asks: the provider never saw it
        await("the lost request is found unknown", () -> "退款未完成，请重试".equals(message(no)));
        fake.failRefund = null;
        fake.refundStatus = "SUCCESS";
        assertEquals(PaymentState.REFUNDED, pay.refund(no, "another reason", "bob").state());
        assertEquals("the same number again", List.of(no + "R1", no + "R1"),
                fake.refunds.stream().map(x -> x.outRefundNo()).collect(Collectors.toList()));
        assertEquals("the same content again", "办理失败", fake.refunds.get(1).reason());
        assertEquals(1, orders.refunds(no).size());

        // carried out, answer lost: the follower finds it without a second request
        String other = paidOrder();
        fake.refunds.clear();
        fake.failRefund = new ProviderException(true, "IO", "connection reset");
        fake.lostRefundAnswer = true;
        fake.refundStatus = "PROCESSING";
        try {
            pay.refund(other, null, "alice");
            fail();
        } catch (PaymentException expected) {
            // reported to staff
        }
        await("found PROCESSING by the query", () -> "PROCESSING".equals(refundStatus(other, 0)));
        fake.refundStates.put(other + "R1", "SUCCESS");
        await("then SUCCESS", () -> "REFUNDED".equals(state(other)));
        assertEquals(1, fake.refunds.size());

        // a refusal is final: the next attempt has a new number
        String third = paidOrder();
        fake.lostRefundAnswer = false;
        fake.failRefund = new ProviderException(false, "NOT_ENOUGH", "基本账户余额不足");
        try {
            pay.refund(third, null, "alice");
            fail();
        } catch (PaymentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("refused the refund (NOT_ENOUGH)"));
        }
        assertEquals("REFUSED", refundStatus(third, 0));
        assertEquals("退款被拒绝 (NOT_ENOUGH)", message(third));
        fake.failRefund = null;
        fake.refundStatus = "SUCCESS";
        assertEquals(PaymentState.REFUNDED, pay.refund(third, null, "alice").state());
        assertEquals(third + "R2", orders.refunds(third).get(1).outRefundNo());
    }

    @Test
    public void unfinishedRefundsArePickedUpAgainAfterARestart() throws Exception {
        pay = service(20, 80);
        String no = paidOrder();
        fake.refundStatus = "PROCESSING";
        pay.refund(no, null, "alice");
        // a crash between writing a refund and asking the provider
        String other = paidOrder();
        orders.insertRefund(other + "R1", other, 1000, null, "bob");
        pay.deactivate();
        fake.refundStates.put(no + "R1", "SUCCESS");
        int queries = fake.refundQueries.size();
        Thread.sleep(100);
        assertEquals("nobody follows it while the kiosk is down", queries, fake.refundQueries.size());
        assertEquals("PAID", state(no));

        service(20, 80);
        await("REFUNDED after the restart", () -> "REFUNDED".equals(state(no)));
        await("the unsent one is reported", () -> "退款未完成，请重试".equals(message(other)));
        assertEquals("REQUESTED", refundStatus(other, 0));
    }

    @Test
    public void aRefundMadeElsewhereLeavesThePaidOrderPaidWithANote() throws Exception {
        pay = service(60_000, 60_000);
        String no = paidOrder();
        fake.orders.get(no).state = TradeState.REFUND;
        pay.query(no);
        assertEquals("PAID", state(no));
        assertEquals("退款由商户平台发起，请在商户平台核对", message(no));
    }

    @Test
    public void pausePointBeforeTheProviderCallHoldsWithTheRowCommitted() throws Exception {
        pay = service(60_000, 60_000);
        System.setProperty(TestPause.PROPERTY, TestPause.BEFORE_PROVIDER_CREATE);
        TestPause.millis = 500;
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<PaymentOrder> f = one.submit(this::create);
            await("row", () -> orders.order(serial + "P1").isPresent());
            assertEquals("CREATED", state(serial + "P1"));
            assertTrue("provider not asked yet", fake.creates.isEmpty());
            assertEquals(PaymentState.PENDING, f.get().state());
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    public void pausePointBetweenSuccessAndApply() throws Exception {
        pay = service(60_000, 60_000);
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        System.setProperty(TestPause.PROPERTY, TestPause.PAID_BEFORE_APPLY);
        TestPause.millis = 500;
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<PaymentOrder> f = one.submit(() -> pay.query(o.outTradeNo()));
            Thread.sleep(200);
            assertEquals("provider said SUCCESS, nothing applied yet", "PENDING", state(o.outTradeNo()));
            assertEquals(PaymentState.PAID, f.get().state());
        } finally {
            one.shutdownNow();
        }
    }

    // --- the notify servlet ---

    private static final class Response {
        int status;
        final StringBuilder body = new StringBuilder();

        javax.servlet.http.HttpServletResponse proxy() {
            return (javax.servlet.http.HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.servlet.http.HttpServletResponse.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "setStatus":
                                status = (Integer) a[0];
                                return null;
                            case "getOutputStream":
                                return new javax.servlet.ServletOutputStream() {
                                    @Override
                                    public void write(int b) {
                                        body.append((char) b);
                                    }

                                    @Override
                                    public void write(byte[] b, int off, int len) {
                                        body.append(new String(b, off, len, StandardCharsets.UTF_8));
                                    }

                                    @Override
                                    public boolean isReady() {
                                        return true;
                                    }

                                    @Override
                                    public void setWriteListener(javax.servlet.WriteListener l) {
                                    }
                                };
                            default:
                                return null;
                        }
                    });
        }
    }

    @Test
    public void notifyServletAnswersAsWeChatExpects() throws Exception {
        pay = service(60_000, 60_000);
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        NotifyServlet servlet = new NotifyServlet(pay);
        byte[] body = o.outTradeNo().getBytes(StandardCharsets.UTF_8);
        Response ok = new Response();
        servlet.answer("fake", Map.of("x-fake-signature", "ok"), body, ok.proxy());
        assertEquals(200, ok.status);
        assertEquals("", ok.body.toString());
        assertEquals("PAID", state(o.outTradeNo()));
        Response forged = new Response();
        servlet.answer("fake", Map.of(), body, forged.proxy());
        assertEquals(401, forged.status);
        assertEquals("{\"code\":\"FAIL\",\"message\":\"bad signature\"}", forged.body.toString());
        Response unknown = new Response();
        servlet.answer("nope", Map.of(), body, unknown.proxy());
        assertEquals(404, unknown.status);
        Response down = new Response();
        new NotifyServlet((p, h, b) -> {
            throw new IllegalStateException("could not read the payment order: connection refused");
        }).answer("fake", new HashMap<>(), body, down.proxy());
        assertEquals("store down: the provider retries", 500, down.status);
        assertTrue(down.body.toString().contains("\"code\":\"FAIL\""));
        assertNull(NotifyServlet.read(new java.io.ByteArrayInputStream(new byte[NotifyServlet.MAX_BODY + 1])));
        assertEquals(NotifyServlet.MAX_BODY, NotifyServlet.read(new java.io.ByteArrayInputStream(new byte[NotifyServlet.MAX_BODY])).length);
        assertEquals("{\"code\":\"FAIL\",\"message\":\"a \\\"b\\\" \\\\ \\u000a\"}", NotifyServlet.json("a \"b\" \\ \n"));
    }

    // --- leaving PAY unpaid (issue 1/6 items 1, 2, 11) ---

    private Application app() {
        return apps.find(serial).orElseThrow();
    }

    private void assertKept() {
        assertEquals("the personal data stay", "13812345678", app().payload().get("form.mobile"));
    }

    @Test
    public void leavingPayAfterAConfirmedCloseCancelsAndPurges() {
        pay.applications = apps;
        PaymentOrder o = create();
        assertEquals(Settlement.CANCELLED, pay.abandon(serial));
        assertEquals("CLOSED", state(o.outTradeNo()));
        assertEquals(Application.CANCELLED, app().status());
        assertTrue("personal data purged", app().payload().isEmpty());
        assertEquals("asking again changes nothing", Settlement.CANCELLED, pay.abandon(serial));
    }

    @Test
    public void aSingle500OnTheCloseParksTheApplicationAndALatePaymentIsSubmittedOnce() throws Exception {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.failClose = new ProviderException(true, "SYSTEM_ERROR", "HTTP 500");
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertEquals(Application.PAYMENT_UNSETTLED, app().status());
        assertKept();
        assertEquals("the order can still be paid", "PENDING", state(o.outTradeNo()));
        fake.failClose = null;
        // the citizen pays on the phone after the visit ended; the poller finds it
        fake.pay(o.outTradeNo());
        await("paid", () -> "PAID".equals(state(o.outTradeNo())));
        await("submitted", () -> Application.SUBMITTED.equals(app().status()));
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, Application.PAID, Application.SUBMITTED),
                statuses());
        assertKept();
        assertEquals(Settlement.PAID, pay.abandon(serial));
        assertEquals("still once", 1, statuses().stream().filter(Application.SUBMITTED::equals).count());
    }

    @Test
    public void anUnreachableProviderAtCloseAndLastQueryLosesNothingAndTheReconcilerCancelsLater() {
        pay = service(60_000, 60_000);
        pay.applications = apps;
        PaymentOrder o = create();
        fake.failClose = new ProviderException(true, "CONNECT", "connection refused");
        fake.failQuery = new ProviderException(true, "CONNECT", "connection refused");
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertEquals(Application.PAYMENT_UNSETTLED, app().status());
        assertKept();
        fake.failClose = null;
        fake.failQuery = null;
        pay.reconcile();
        assertEquals("CLOSED", state(o.outTradeNo()));
        assertEquals(Application.CANCELLED, app().status());
        assertTrue(app().payload().isEmpty());
    }

    @Test
    public void aPayerStillPayingKeepsTheApplication() throws Exception {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.orders.get(o.outTradeNo()).state = TradeState.USERPAYING;
        fake.failClose = new ProviderException(false, "TRADE_ERROR", "the payer is paying");
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertKept();
        fake.failClose = null;
        fake.pay(o.outTradeNo());
        await("submitted", () -> Application.SUBMITTED.equals(app().status()));
    }

    @Test
    public void aRefusedCloseKeepsTheApplication() {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.failClose = new ProviderException(false, "INVALID_REQUEST", "cannot close");
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertEquals("PENDING", state(o.outTradeNo()));
        assertKept();
    }

    @Test
    public void aMissingProviderKeepsTheApplication() {
        pay.applications = apps;
        create();
        pay.removeProvider(fake, Map.of(PaymentProvider.PROVIDER, "fake"));
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertKept();
        pay.addProvider(fake, Map.of(PaymentProvider.PROVIDER, "fake"));
        pay.reconcile();
        assertEquals(Application.CANCELLED, app().status());
    }

    @Test
    public void aPaymentNotifiedBeforeTheCancelWins() throws Exception {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.pay(o.outTradeNo());
        pay.notification("fake", Map.of("x-fake-signature", "ok"), o.outTradeNo().getBytes(StandardCharsets.UTF_8));
        assertEquals(Settlement.PAID, pay.abandon(serial));
        assertEquals(PAID_ONCE, statuses());
        assertKept();
    }

    @Test
    public void aPaymentRacingTheCloseWins() {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.payOnClose = true;
        assertEquals(Settlement.PAID, pay.abandon(serial));
        assertEquals("PAID", state(o.outTradeNo()));
        assertEquals(Application.SUBMITTED, app().status());
        assertFalse(statuses().contains(Application.CANCELLED));
    }

    @Test
    public void aComponentRestartIsNotAKioskRestart() throws Exception {
        PaymentOrder o = create();
        // the payment component (or its bundle) restarts in the same run: the citizen is still at PAY
        StoredPaymentService again = service(60_000, 60_000);
        again.applications = apps;
        again.reconcile();
        assertEquals("PENDING", state(o.outTradeNo()));
        assertEquals(Application.AWAITING_PAYMENT, app().status());
        assertKept();
        assertEquals("a retry returns the same open order", o.outTradeNo(),
                again.create(serial, 1000, "驾驶证期满换证", Instant.now().plusSeconds(60)).outTradeNo());
    }

    @Test
    public void afterARestartAnApplicationThatNeverReachedAnOrderIsCancelled() throws Exception {
        StoredPaymentService restarted = service(60_000, 60_000);
        restarted.applications = openStore().applications();
        restarted.reconcile();
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, Application.CANCELLED), statuses());
        assertTrue(app().payload().isEmpty());
    }

    @Test
    public void noOrderForACancelledApplication() {
        pay.applications = apps;
        assertEquals(Settlement.CANCELLED, pay.abandon(serial));
        try {
            create();
            fail("an order for a cancelled application");
        } catch (PaymentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("CANCELLED"));
        }
        assertTrue(fake.creates.isEmpty());
        assertTrue(orders.ordersOf(serial).isEmpty());
    }

    @Test
    public void anOrderWhoseCreateMayStillLandIsNotTakenAsClosed() throws Exception {
        pay.applications = apps;
        fake.failCreate = new ProviderException(true, "TIMEOUT", "request timed out");
        try {
            create();
            fail();
        } catch (PaymentException expected) {
            // the order stays CREATED; the provider may still carry the request out
        }
        String no = orders.ordersOf(serial).get(0).outTradeNo();
        assertEquals(Settlement.UNSETTLED, pay.abandon(serial));
        assertEquals("CREATED", state(no));
        assertKept();
        // it did land: the provider has a payable order, which must be closed, not forgotten
        fake.failCreate = null;
        fake.createNative(new org.opendmv.payment.spi.OrderRequest(no, 1000, "x", Instant.now().plusSeconds(60), null));
        pay.reconcile();
        assertEquals(TradeState.CLOSED, fake.orders.get(no).state);
        assertEquals("CLOSED", state(no));
        assertEquals(Application.CANCELLED, app().status());
    }

    @Test
    public void aWrongAmountDoesNotStopPollingAndAGenuinePaymentStillCounts() throws Exception {
        pay.applications = apps;
        PaymentOrder o = create();
        fake.pay(o.outTradeNo(), 1);
        await("flagged", () -> orders.order(o.outTradeNo()).orElseThrow().message() != null
                && orders.order(o.outTradeNo()).orElseThrow().message().startsWith(StoredPaymentService.AMOUNT_MISMATCH));
        // no notification and no reconciler here: only a poll that goes on can find the genuine payment
        fake.pay(o.outTradeNo(), 1000);
        await("paid", () -> "PAID".equals(state(o.outTradeNo())));
        assertNull("the old message is gone", orders.order(o.outTradeNo()).orElseThrow().message());
        assertEquals(PAID_ONCE, statuses());
    }
}
