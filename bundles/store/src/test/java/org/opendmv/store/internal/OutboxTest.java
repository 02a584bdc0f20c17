package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;

/** The back-office outbox against a real Derby: written with SUBMITTED, claimed once, recovered after a crash. */
public class OutboxTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource ds;
    private JdbcStore store;
    private JdbcPaymentOrders orders;
    private JdbcOutbox outbox;

    @Before
    public void setUp() throws Exception {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        store = new JdbcStore(ds, StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key")), "K001",
                Clock.systemDefaultZone());
        orders = new JdbcPaymentOrders(ds, Clock.systemDefaultZone());
        outbox = new JdbcOutbox(ds, Clock.systemDefaultZone());
    }

    private Application free() {
        return store.submit(new NewApplication("dl-review-postpone", "11010519491231002X", 0, Map.of("form.mobile", "13812345678")));
    }

    private Application unpaid() {
        return store.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.mobile", "13812345678"),
                Application.AWAITING_PAYMENT, Map.of()));
    }

    private static Instant later() {
        return Instant.now().plusSeconds(1);
    }

    @Test
    public void aFreeApplicationIsQueuedWithItsSubmission() {
        Application a = free();
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.PENDING, e.state());
        assertEquals(a.serial(), e.idempotencyKey());
        assertEquals(0, e.attempts());
        assertNotNull(e.nextAttemptAt());
        assertEquals(e, outbox.entry(e.id()).orElseThrow());
        assertEquals(List.of(e), outbox.entries(null, 10));
        assertEquals(List.of(e), outbox.entries(Outbox.PENDING, 10));
        assertEquals(List.of(), outbox.entries(Outbox.SENT, 10));
    }

    @Test
    public void aPaidApplicationIsQueuedOnceWhenItBecomesSubmitted() {
        Application a = unpaid();
        assertTrue("not before payment", outbox.entryOf(a.serial()).isEmpty());
        orders.insert(a.serial() + "P1", a.serial(), "sim", 1000, "x", Instant.now().plusSeconds(300));
        orders.markPaid(a.serial() + "P1", "TX1", null);
        assertEquals(Outbox.PENDING, outbox.entryOf(a.serial()).orElseThrow().state());
        orders.markPaid(a.serial() + "P1", "TX1", null);
        store.changeStatus(a.serial(), Application.SUBMITTED, "again");
        assertEquals("one row per application", 1, outbox.entries(null, 10).size());

        Application b = unpaid();
        store.changeStatus(b.serial(), Application.PAID, "X");
        assertTrue(outbox.entryOf(b.serial()).isEmpty());
        store.changeStatus(b.serial(), Application.SUBMITTED, null);
        assertTrue(outbox.entryOf(b.serial()).isPresent());
    }

    @Test
    public void aPaymentAfterTheVisitWasGivenUpIsNotQueued() {
        Application a = unpaid();
        // the order was placed, then the visit was given up (a provider that paid a closed order)
        orders.insert(a.serial() + "P1", a.serial(), "sim", 1000, "x", Instant.now().plusSeconds(300));
        store.changeStatus(a.serial(), Application.CANCELLED, "given up");
        store.purgePersonalData(a.serial(), "cancelled");
        assertTrue(orders.markPaid(a.serial() + "P1", "TX1", null).applicationGivenUp());
        assertTrue(outbox.entryOf(a.serial()).isEmpty());
    }

    @Test
    public void theRowCommitsWithSubmittedOrNothingDoes() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("RENAME TABLE outbox TO outbox_gone");
        }
        long before = store.count();
        try {
            free();
            fail("submitted without an outbox");
        } catch (IllegalStateException e) {
            assertEquals("the application rolled back with the outbox row", before, store.count());
        }
        Application a = unpaid();
        try {
            store.changeStatus(a.serial(), Application.SUBMITTED, null);
            fail();
        } catch (IllegalStateException e) {
            assertEquals(Application.AWAITING_PAYMENT, store.find(a.serial()).orElseThrow().status());
        }
        orders.insert(a.serial() + "P1", a.serial(), "sim", 1000, "x", Instant.now().plusSeconds(300));
        try {
            orders.markPaid(a.serial() + "P1", "TX1", null);
            fail();
        } catch (IllegalStateException e) {
            assertFalse("payment rolled back too", orders.order(a.serial() + "P1").orElseThrow().state().equals("PAID"));
            assertTrue(store.paymentReference(a.serial()).isEmpty());
        }
    }

    @Test
    public void claimSentFailedRetry() {
        Application a = free();
        Application b = free();
        List<OutboxEntry> claimed = outbox.claimDue(later(), 1);
        assertEquals(1, claimed.size());
        assertEquals(a.serial(), claimed.get(0).serial());
        assertEquals(Outbox.SENDING, claimed.get(0).state());
        assertEquals(1, claimed.get(0).attempts());
        assertNotNull(claimed.get(0).sentAt());
        assertEquals("not due yet", List.of(), outbox.claimDue(Instant.now().minusSeconds(3600), 10));

        OutboxEntry sent = outbox.markSent(claimed.get(0).id(), "BO-1").orElseThrow();
        assertEquals(Outbox.SENT, sent.state());
        assertEquals("BO-1", sent.ackReference());
        assertNotNull(sent.acknowledgedAt());
        assertNull(sent.nextAttemptAt());
        assertEquals("a second ack changes nothing", sent, outbox.markSent(sent.id(), "BO-2").orElseThrow());

        OutboxEntry eb = outbox.claimDue(later(), 10).get(0);
        assertEquals(b.serial(), eb.serial());
        Instant next = Instant.now().plusSeconds(60);
        OutboxEntry f = outbox.markFailed(eb.id(), "x".repeat(600), next, false).orElseThrow();
        assertEquals(Outbox.PENDING, f.state());
        assertEquals(512, f.lastError().length());
        assertEquals(next, f.nextAttemptAt());
        assertEquals("markFailed needs SENDING", f, outbox.markFailed(eb.id(), "late", next, true).orElseThrow());
        assertEquals(1, outbox.claimDue(next, 10).size());
        OutboxEntry terminal = outbox.markFailed(eb.id(), "400", next, true).orElseThrow();
        assertEquals(Outbox.FAILED, terminal.state());
        assertNull(terminal.nextAttemptAt());
        assertEquals(2, terminal.attempts());
        assertEquals("FAILED waits for staff", List.of(), outbox.claimDue(Instant.now().plusSeconds(86_400), 10));

        OutboxEntry r = outbox.retry(eb.id(), "console:admin");
        assertEquals(Outbox.PENDING, r.state());
        assertEquals(0, r.attempts());
        assertEquals("outbox.retry", store.latest(1).get(0).action());
        assertEquals("console:admin", store.latest(1).get(0).actor());
        try {
            outbox.retry(sent.id(), "x");
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("delivered already"));
        }
        try {
            outbox.retry(9999, "x");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no outbox entry 9999"));
        }
        try {
            outbox.entries("DONE", 1);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown outbox state"));
        }
    }

    @Test
    public void concurrentRelaysNeverClaimTheSameRow() throws Exception {
        for (int i = 0; i < 20; i++) {
            free();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<OutboxEntry>>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> outbox.claimDue(later(), 20));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<List<OutboxEntry>> f : pool.invokeAll(tasks)) {
                f.get().forEach(e -> ids.add(e.id()));
            }
            assertEquals(20, ids.size());
            assertEquals(20, ids.stream().distinct().count());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    public void rowsLeftSendingByACrashAreRecovered() {
        Application a = free();
        outbox.claimDue(later(), 10);
        assertEquals(1, outbox.recoverInterrupted());
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.PENDING, e.state());
        assertEquals(1, e.attempts());
        assertTrue(e.lastError(), e.lastError().contains("same idempotency key"));
        assertEquals(0, outbox.recoverInterrupted());
        // a late acknowledgement after the recovery still counts
        assertEquals(Outbox.SENT, outbox.markSent(e.id(), "BO-1").orElseThrow().state());
    }

    @Test
    public void acknowledgedRowsAreListedForRetentionUntilPurged() {
        Application a = free();
        OutboxEntry e = outbox.claimDue(later(), 10).get(0);
        outbox.markSent(e.id(), "BO-1");
        assertEquals(List.of(), outbox.acknowledgedBefore(Instant.now().minusSeconds(60), 10));
        assertEquals(1, outbox.acknowledgedBefore(later(), 10).size());
        outbox.markPurged(e.id());
        Instant purged = outbox.entry(e.id()).orElseThrow().purgedAt();
        assertNotNull(purged);
        outbox.markPurged(e.id());
        assertEquals("recorded once", purged, outbox.entry(e.id()).orElseThrow().purgedAt());
        assertEquals(List.of(), outbox.acknowledgedBefore(later(), 10));
        assertEquals(a.serial(), outbox.entry(e.id()).orElseThrow().serial());
    }
}
