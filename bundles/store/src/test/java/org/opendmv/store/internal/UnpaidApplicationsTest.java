package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.PaymentOrders;

/** What happens to an application whose visit left PAY unpaid: compare-and-set, never over a payment. */
public class UnpaidApplicationsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource ds;
    private JdbcStore store;
    private JdbcPaymentOrders orders;
    private String serial;

    @Before
    public void setUp() throws Exception {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        store = newStore("run-1");
        orders = new JdbcPaymentOrders(ds, Clock.systemDefaultZone());
        serial = submit();
    }

    private JdbcStore newStore(String bootId) throws Exception {
        JdbcStore s = new JdbcStore(ds, StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key")), "K001",
                Clock.systemDefaultZone());
        s.bootId(bootId);
        return s;
    }

    private String submit() {
        return store.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.mobile", "13812345678"),
                Application.AWAITING_PAYMENT, Map.of())).serial();
    }

    private List<String> statuses() {
        return store.history(serial).stream().map(s -> s.status()).collect(Collectors.toList());
    }

    private void order(String no) {
        orders.insert(no, serial, "sim", 1000, "驾驶证期满换证", Instant.now().plusSeconds(300));
    }

    @Test
    public void changeStatusIfIsACompareAndSet() {
        assertTrue(store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, "left PAY"));
        assertFalse("the status is no longer AWAITING_PAYMENT",
                store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.CANCELLED, "late"));
        assertEquals(Application.PAYMENT_UNSETTLED, store.find(serial).orElseThrow().status());
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED), statuses());
        try {
            store.changeStatusIf("20990101K001999999", Application.AWAITING_PAYMENT, Application.CANCELLED, null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no application"));
        }
    }

    @Test
    public void cancelUnpaidCancelsAndPurgesInOneStep() {
        assertTrue(store.cancelUnpaid(serial, Application.AWAITING_PAYMENT, "visit ended"));
        Application a = store.find(serial).orElseThrow();
        assertEquals(Application.CANCELLED, a.status());
        assertTrue("personal data purged", a.payload().isEmpty());
        assertEquals("application.purge", store.latest(1).get(0).action());
        assertFalse("once only", store.cancelUnpaid(serial, Application.AWAITING_PAYMENT, "again"));
    }

    @Test
    public void anOpenOrderKeepsTheApplication() {
        order(serial + "P1");
        assertFalse("the order can still be paid", store.cancelUnpaid(serial, Application.AWAITING_PAYMENT, "visit ended"));
        Application a = store.find(serial).orElseThrow();
        assertEquals(Application.AWAITING_PAYMENT, a.status());
        assertEquals("13812345678", a.payload().get("form.mobile"));
        orders.changeState(serial + "P1", PaymentOrders.CREATED, PaymentOrders.CLOSED, null, "订单已关闭", "closed");
        assertTrue("closed orders do not keep it", store.cancelUnpaid(serial, Application.AWAITING_PAYMENT, "visit ended"));
    }

    @Test
    public void aPaymentRecordedFirstWinsOverTheCancel() {
        order(serial + "P1");
        store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, "left PAY");
        orders.markPaid(serial + "P1", "TX1", "notification");
        assertFalse(store.cancelUnpaid(serial, Application.PAYMENT_UNSETTLED, "visit ended"));
        assertEquals(Application.SUBMITTED, store.find(serial).orElseThrow().status());
        assertEquals("13812345678", store.find(serial).orElseThrow().payload().get("form.mobile"));
        assertFalse(statuses().contains(Application.CANCELLED));
    }

    @Test
    public void noOrderForAnApplicationThatIsNotAwaitingPayment() {
        assertTrue(store.cancelUnpaid(serial, Application.AWAITING_PAYMENT, "visit ended"));
        try {
            order(serial + "P1");
            fail("an order for a cancelled application");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("CANCELLED"));
        }
        assertTrue(orders.ordersOf(serial).isEmpty());
    }

    @Test
    public void aPaidOrderDropsTheMessageOfAnEarlierState() {
        order(serial + "P1");
        orders.changeState(serial + "P1", PaymentOrders.CREATED, PaymentOrders.CLOSED, null, "订单已关闭", "closed");
        assertNotNull(orders.order(serial + "P1").orElseThrow().message());
        orders.markPaid(serial + "P1", "TX1", "late notification");
        assertEquals(PaymentOrders.PAID, orders.order(serial + "P1").orElseThrow().state());
        assertNull(orders.order(serial + "P1").orElseThrow().message());
    }

    @Test
    public void earlierRunsAreTheOnesWithAnotherBootId() throws Exception {
        assertTrue("stored by this run", store.fromEarlierRuns(Application.AWAITING_PAYMENT).isEmpty());
        JdbcStore restarted = newStore("run-2");
        assertEquals(List.of(serial), restarted.fromEarlierRuns(Application.AWAITING_PAYMENT));
        assertTrue(restarted.fromEarlierRuns(Application.SUBMITTED).isEmpty());
    }
}
