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
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;
import org.opendmv.store.api.StatusChange;

/** kiosk:outbox, kiosk:outbox-retry, kiosk:application against an in-memory outbox and store. */
public class OutboxCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");
    private static final String A = "20261124K001000001";
    private static final String B = "20261124K001000002";
    private static final String C = "20261124K001000003";

    /** The outbox in memory: what the commands read and retry. */
    static final class Rows implements Outbox {
        final Map<Long, OutboxEntry> rows = new LinkedHashMap<>();
        final List<String> retriedBy = new ArrayList<>();

        void put(OutboxEntry e) {
            rows.put(e.id(), e);
        }

        @Override
        public int recoverInterrupted() {
            return 0;
        }

        @Override
        public List<OutboxEntry> claimDue(Instant now, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<OutboxEntry> markSent(long id, String ackReference) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<OutboxEntry> markFailed(long id, String error, Instant nextAttemptAt, boolean terminal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OutboxEntry retry(long id, String actor) {
            OutboxEntry e = rows.get(id);
            if (SENT.equals(e.state())) {
                throw new IllegalStateException("sent");
            }
            OutboxEntry r = new OutboxEntry(id, e.serial(), e.idempotencyKey(), PENDING, 0, T0.plusSeconds(999), e.lastError(),
                    e.createdAt(), e.sentAt(), null, null, null);
            rows.put(id, r);
            retriedBy.add(actor);
            return r;
        }

        @Override
        public List<OutboxEntry> entries(String state, int max) {
            return rows.values().stream().filter(e -> state == null || e.state().equals(state))
                    .sorted(Comparator.comparing(OutboxEntry::createdAt).reversed()).limit(max).collect(Collectors.toList());
        }

        @Override
        public Optional<OutboxEntry> entry(long id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public Optional<OutboxEntry> entryOf(String serial) {
            return rows.values().stream().filter(e -> e.serial().equals(serial)).findFirst();
        }

        @Override
        public List<OutboxEntry> acknowledgedBefore(Instant cutoff, int max) {
            return List.of();
        }

        @Override
        public void markPurged(long id) {
            throw new UnsupportedOperationException();
        }
    }

    /** Applications in memory. */
    static final class Apps implements ApplicationStore {
        final Map<String, Application> apps = new LinkedHashMap<>();
        final Map<String, List<StatusChange>> history = new LinkedHashMap<>();
        final Map<String, List<String>> attachments = new LinkedHashMap<>();
        final Map<String, String> payments = new LinkedHashMap<>();

        @Override
        public Application submit(NewApplication application) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Application> find(String serial) {
            return Optional.ofNullable(apps.get(serial));
        }

        @Override
        public List<Application> recent(int max) {
            return new ArrayList<>(apps.values());
        }

        @Override
        public List<StatusChange> history(String serial) {
            return history.getOrDefault(serial, List.of());
        }

        @Override
        public void changeStatus(String serial, String status, String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count() {
            return apps.size();
        }

        @Override
        public List<Application> byIdNumber(String idNumber, int max) {
            return List.of();
        }

        @Override
        public List<String> attachmentNames(String serial) {
            return attachments.getOrDefault(serial, List.of());
        }

        @Override
        public Optional<Attachment> attachment(String serial, String name) {
            return Optional.empty();
        }

        @Override
        public void setPaymentReference(String serial, String paymentRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> paymentReference(String serial) {
            return Optional.ofNullable(payments.get(serial));
        }

        @Override
        public void purgePersonalData(String serial, String reason) {
            throw new UnsupportedOperationException();
        }
        @Override
        public boolean changeStatusIf(String serial, String expected, String status, String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancelUnpaid(String serial, String expected, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> fromEarlierRuns(String status) {
            return List.of();
        }

        @Override
        public List<String> serialsWithStatus(String status) {
            return List.of();
        }
    }

    private Rows outbox;
    private Apps store;

    @Before
    public void data() {
        outbox = new Rows();
        outbox.put(new OutboxEntry(1, A, A, Outbox.SENT, 1, null, null, T0, T0, T0.plusSeconds(2), "file:" + A, null));
        outbox.put(new OutboxEntry(2, B, B, Outbox.FAILED, 50, null, "back office answered 400: missing part", T0.plusSeconds(10), T0, null,
                null, null));
        outbox.put(new OutboxEntry(3, C, C, Outbox.PENDING, 2, T0.plusSeconds(60), "back office answered 503", T0.plusSeconds(20), T0,
                null, null, null));
        store = new Apps();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("business.name", "有效期满换证");
        p.put("idcard.name", "测试用户");
        p.put("idcard.idNumber", "11010119900307001X");
        p.put("idcard.address", "北京市东城区示例路1号");
        store.apps.put(A, new Application(A, "dl-renewal", "SUBMITTED", "110101********001X", 1000, T0, p));
        store.history.put(A, List.of(new StatusChange("AWAITING_PAYMENT", null, T0), new StatusChange("PAID", A + "P1", T0.plusSeconds(30)),
                new StatusChange("SUBMITTED", null, T0.plusSeconds(30))));
        store.attachments.put(A, List.of("photo.jpeg", "signature.png"));
        store.payments.put(A, A + "P1");
        store.apps.put(B, new Application(B, "dl-renewal", "SUBMITTED", "110101********002X", 0, T0, Map.of()));
    }

    private static String capture(java.util.function.Consumer<PrintStream> c) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        c.accept(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void outboxListsNewestFirstAndFilters() {
        String all = capture(o -> OutboxCommand.run(outbox, null, 20, o));
        assertTrue(all, all.indexOf(C) < all.indexOf(B) && all.indexOf(B) < all.indexOf(A));
        assertTrue(all, all.contains("file:" + A));
        assertTrue(all, all.contains("back office answered 503"));
        assertTrue(all, all.contains("3 entries shown"));
        String failed = capture(o -> OutboxCommand.run(outbox, "failed", 20, o));
        assertTrue(failed, failed.contains(B) && !failed.contains(A) && !failed.contains(C));
        assertTrue(failed, failed.contains("1 entry shown in state FAILED"));
        refused(() -> OutboxCommand.run(outbox, "DONE", 20, System.out), "unknown state 'DONE'; known: PENDING, SENDING, SENT, FAILED");
        refused(() -> OutboxCommand.run(outbox, null, 0, System.out), "--max must be between 1 and 10000");
    }

    @Test
    public void retryMakesFailedDueAndRefusesSentAndNonsense() {
        assertEquals("FAILED first, then PENDING; never SENT", List.of("2", "3"), OutboxIdCompleter.candidates(outbox));
        String out = capture(o -> OutboxRetryCommand.run(outbox, "2", "console:admin", o));
        assertTrue(out, out.contains("outbox entry 2 (" + B + "): FAILED after 50 attempt(s) -> PENDING, due now"));
        assertTrue(out, out.contains("missing part"));
        assertEquals(List.of("console:admin"), outbox.retriedBy);
        refused(() -> OutboxRetryCommand.run(outbox, "1", "x", System.out), "was delivered already (ack file:" + A + ")");
        refused(() -> OutboxRetryCommand.run(outbox, "99", "x", System.out), "unknown outbox entry 99; see kiosk:outbox");
        refused(() -> OutboxRetryCommand.run(outbox, "abc", "x", System.out), "'abc' is not an outbox id");
        assertEquals("after the retry both are PENDING, newest first", List.of("3", "2"), OutboxIdCompleter.candidates(outbox));
    }

    @Test
    public void applicationShowsHistoryPaymentDeliveryAndMaskedDataOnly() {
        String out = capture(o -> ApplicationCommand.run(store, outbox, A, o));
        assertTrue(out, out.contains("dl-renewal (有效期满换证)"));
        assertTrue(out, out.contains("测**户"));
        assertTrue(out, out.contains("110101********001X"));
        assertTrue(out, out.contains("Payment:       " + A + "P1"));
        assertTrue(out, out.contains("SENT (outbox id 1, 1 attempt(s), ack file:" + A));
        assertTrue(out, out.contains("photo.jpeg, signature.png"));
        assertTrue(out, out.contains("AWAITING_PAYMENT") && out.contains("PAID") && out.contains(A + "P1"));
        assertTrue(out, out.contains("Personal data: kept"));
        assertFalse("no full name", out.contains("测试用户"));
        assertFalse("no full ID", out.contains("11010119900307001X"));
        assertFalse("no address", out.contains("示例路"));

        String purged = capture(o -> ApplicationCommand.run(store, outbox, B, o));
        assertTrue(purged, purged.contains("Personal data: purged"));
        assertTrue(purged, purged.contains("Attachments:   none"));
        assertTrue(purged, purged.contains("FAILED"));
        refused(() -> ApplicationCommand.run(store, outbox, "nope", System.out), "unknown application 'nope'; see kiosk:applications");
        assertEquals(List.of(A, B), ApplicationSerialCompleter.candidates(store));
    }

    @Test
    public void namesAreMasked() {
        assertEquals("测**户", ApplicationCommand.maskName("测试用户"));
        assertEquals("张*", ApplicationCommand.maskName("张三"));
        assertEquals("*", ApplicationCommand.maskName("李"));
        assertEquals("欧*修", ApplicationCommand.maskName("欧阳修"));
    }

    private static void refused(Runnable r, String message) {
        try {
            r.run();
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }
}
