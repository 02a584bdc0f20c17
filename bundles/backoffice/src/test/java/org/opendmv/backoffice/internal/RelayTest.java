package org.opendmv.backoffice.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.forms.api.ApplicationForms;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.ReceiptContent;
import org.opendmv.forms.api.ReceiptData;
import org.opendmv.forms.internal.FormsComponent;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;
import org.opendmv.store.internal.StandaloneStore;

/** The relay against a real Derby store (the outbox written with SUBMITTED), scripted gateways and a moved clock. */
public class RelayTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ApplicationStore store;
    private AuditLog audit;
    private Outbox outbox;
    private TestData.MutableClock clock;
    private final Relay.Settings settings = new Relay.Settings("scripted", 5, 20, 10, 300, 4, 30, 3600);

    /** Records what it gets; answers from a script, then acknowledges. */
    static final class Scripted implements BackOfficeGateway {
        final ConcurrentLinkedQueue<GatewayException> failures = new ConcurrentLinkedQueue<>();
        final List<Submission> seen = new ArrayList<>();
        final List<String> jsons = new ArrayList<>();

        @Override
        public String deliver(Submission s) throws GatewayException {
            seen.add(s);
            jsons.add(s.jsonText());
            GatewayException f = failures.poll();
            if (f != null) {
                throw f;
            }
            return "ACK-" + s.idempotencyKey();
        }
    }

    /** Forms without PDFBox, for the tests that do not look at the PDF. */
    static final class StubForms implements ApplicationForms {
        @Override
        public byte[] render(FilledForm data) {
            return ("%PDF-stub " + data.serial()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public List<FormBox> boxes(FilledForm data) {
            return List.of();
        }

        @Override
        public java.util.Optional<FormLayout> layout(String kind) {
            return java.util.Optional.empty();
        }

        @Override
        public ReceiptContent receipt(ReceiptData data) {
            throw new UnsupportedOperationException();
        }
    }

    @Before
    public void openStore() throws Exception {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        StandaloneStore s = StandaloneStore.open(ds, tmp.getRoot().toPath().resolve("keys/store.key"), "K001");
        store = s.applications();
        outbox = s.outbox();
        audit = s.audit();
        // the store stamps new outbox rows with the real time: the relay's clock starts well after it, so an
        // application submitted seconds into a slow test is still due (at +1 s one was left PENDING on a loaded CI)
        clock = new TestData.MutableClock(Instant.now().plusSeconds(3600));
    }

    private boolean auditContains(String action) {
        return audit.latest(100).stream().anyMatch(e -> e.action().equals(action));
    }

    private Relay relay(BackOfficeGateway g, ApplicationForms forms, Relay.Settings st) {
        Relay r = new Relay(store, outbox, forms, st, clock);
        r.addGateway(g, Map.of(BackOfficeGateway.PROPERTY, st.gateway()));
        return r;
    }

    @Test
    public void aSubmittedApplicationIsDeliveredWithItsJsonFormAndAttachments() throws Exception {
        Application a = store.submit(TestData.free());
        assertEquals(Outbox.PENDING, outbox.entryOf(a.serial()).orElseThrow().state());
        Scripted g = new Scripted();
        Relay r = relay(g, new FormsComponent(), settings);
        assertEquals(1, r.deliverDue());
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.SENT, e.state());
        assertEquals("ACK-" + a.serial(), e.ackReference());
        assertEquals(1, e.attempts());
        assertNotNull(e.acknowledgedAt());
        assertNull(e.nextAttemptAt());

        JsonNode doc = new ObjectMapper().readTree(g.jsons.get(0));
        assertEquals(a.serial(), doc.get("serial").asText());
        assertEquals(a.serial(), doc.get("idempotencyKey").asText());
        assertEquals("K001", doc.get("kioskId").asText());
        assertEquals("dl-renewal", doc.get("businessCode").asText());
        assertEquals(TestData.ID, doc.get("application").get("idcard.idNumber").asText());
        assertEquals("SUBMITTED", doc.get("statusHistory").get(0).get("status").asText());
        assertEquals(4, doc.get("files").size());
        assertEquals("form.pdf", doc.get("files").get(0).get("name").asText());
        assertEquals(64, doc.get("files").get(0).get("sha256").asText().length());

        Submission s = g.seen.get(0);
        assertEquals(List.of("form.pdf", "material.medical.1.jpg", "photo.jpeg", "signature.png"),
                s.parts().stream().map(Submission.Part::name).toList());
        assertEquals(0, r.deliverDue());
        assertEquals("delivered once", 1, g.seen.size());
    }

    @Test
    public void theRenderedFormNamesTheSerialAndTicksTheBusiness() throws Exception {
        Application a = store.submit(TestData.free());
        FileDropGateway drop = new FileDropGateway(tmp.getRoot().toPath().resolve("outgoing"));
        Relay r = new Relay(store, outbox, new FormsComponent(), new Relay.Settings("file-drop", 5, 20, 10, 300, 4, 30, 3600), clock);
        r.addGateway(drop, Map.of(BackOfficeGateway.PROPERTY, "file-drop"));
        assertEquals(1, r.deliverDue());
        Path dir = drop.folder().resolve(a.serial());
        try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(dir.resolve("form.pdf")))) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text, text.contains(a.serial()));
            assertTrue(text, text.replace(" ", "").contains("√有效期满换证"));
        }
        assertTrue(Files.isRegularFile(dir.resolve("photo.jpeg")));
        assertTrue(Files.isRegularFile(dir.resolve("signature.png")));
        assertEquals("file:" + a.serial(), outbox.entryOf(a.serial()).orElseThrow().ackReference());
    }

    /** Stored before forms came from descriptors: no print.* in the payload. */
    private static NewApplication legacy() {
        NewApplication n = TestData.free();
        Map<String, Object> p = new java.util.LinkedHashMap<>(n.payload());
        p.keySet().removeIf(k -> k.startsWith("print."));
        return new NewApplication(n.businessCode(), TestData.ID, 0, p, "SUBMITTED", n.attachments());
    }

    @Test
    public void anApplicationStoredWithoutItsFormIsResolvedThroughTheEngineElseFailsForGood() throws Exception {
        Application a = store.submit(legacy());
        FileDropGateway drop = new FileDropGateway(tmp.getRoot().toPath().resolve("outgoing"));
        Relay.Settings st = new Relay.Settings("file-drop", 5, 20, 10, 300, 4, 30, 3600);
        Relay r = new Relay(store, outbox, new FormsComponent(), st, clock);
        r.addGateway(drop, Map.of(BackOfficeGateway.PROPERTY, "file-drop"));
        // the business is installed: the engine resolves its form from the descriptor
        r.printResolver = payload -> "dl-renewal".equals(payload.get("business.code")) ? TestData.print() : Map.of();
        assertEquals(1, r.deliverDue());
        try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(drop.folder().resolve(a.serial()).resolve("form.pdf")))) {
            assertTrue(new PDFTextStripper().getText(pdf).replace(" ", "").contains("√有效期满换证"));
        }
        // without the business (or without the engine) it cannot be rendered, and retrying will not help
        Application b = store.submit(legacy());
        r.printResolver = payload -> Map.of();
        r.deliverDue();
        OutboxEntry e = outbox.entryOf(b.serial()).orElseThrow();
        assertEquals(Outbox.FAILED, e.state());
        assertTrue(e.lastError(), e.lastError().contains("stored without its form (print.kind)"));
        Application c = store.submit(legacy());
        r.printResolver = null;
        r.deliverDue();
        assertEquals(Outbox.FAILED, outbox.entryOf(c.serial()).orElseThrow().state());
    }

    @Test
    public void temporaryFailuresBackOffExponentiallyThenFailForStaffWhoRetry() {
        Application a = store.submit(TestData.free());
        Scripted g = new Scripted();
        for (int i = 0; i < 4; i++) {
            g.failures.add(new GatewayException("back office answered 503", true));
        }
        Relay r = relay(g, new StubForms(), settings);
        assertEquals(0, r.deliverDue());
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.PENDING, e.state());
        assertEquals(1, e.attempts());
        assertEquals("back office answered 503", e.lastError());
        assertEquals(clock.instant().plusSeconds(10), e.nextAttemptAt());
        assertEquals("not due yet", 0, r.deliverDue());
        assertEquals(1, g.seen.size());
        long[] waits = {10, 20, 40};
        for (int i = 0; i < waits.length; i++) {
            clock.advance(Duration.ofSeconds(waits[i]));
            r.deliverDue();
            e = outbox.entryOf(a.serial()).orElseThrow();
            assertEquals(i + 2, e.attempts());
        }
        assertEquals("4 attempts: FAILED", Outbox.FAILED, e.state());
        assertNull(e.nextAttemptAt());
        clock.advance(Duration.ofDays(1));
        assertEquals("a FAILED row waits for staff", 0, r.deliverDue());
        assertEquals(4, g.seen.size());
        assertTrue(auditContains("outbox.failed"));

        OutboxEntry retried = outbox.retry(e.id(), "admin");
        assertEquals(Outbox.PENDING, retried.state());
        assertEquals(0, retried.attempts());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, r.deliverDue());
        assertEquals(Outbox.SENT, outbox.entryOf(a.serial()).orElseThrow().state());
        try {
            outbox.retry(e.id(), "admin");
            throw new AssertionError("retried a SENT entry");
        } catch (IllegalStateException ex) {
            assertTrue(ex.getMessage(), ex.getMessage().contains("delivered already"));
        }
    }

    @Test
    public void backOffIsCapped() {
        Relay.Settings s = new Relay.Settings("x", 5, 20, 10, 300, 4, 30, 3600);
        assertEquals(Duration.ofSeconds(10), Relay.backoff(1, s));
        assertEquals(Duration.ofSeconds(80), Relay.backoff(4, s));
        assertEquals(Duration.ofSeconds(300), Relay.backoff(6, s));
        assertEquals(Duration.ofSeconds(300), Relay.backoff(1000, s));
    }

    @Test
    public void aNonTemporaryErrorFailsAtOnce() {
        Application a = store.submit(TestData.free());
        Scripted g = new Scripted();
        g.failures.add(new GatewayException("back office answered 400: missing part", false));
        relay(g, new StubForms(), settings).deliverDue();
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.FAILED, e.state());
        assertEquals("back office answered 400: missing part", e.lastError());
    }

    @Test
    public void withoutItsGatewayTheRelayWaitsAndTheVisitIsNotAffected() {
        Application a = store.submit(TestData.free());
        Relay r = new Relay(store, outbox, new StubForms(), settings, clock);
        assertEquals(0, r.deliverDue());
        assertEquals(Outbox.PENDING, outbox.entryOf(a.serial()).orElseThrow().state());
        assertEquals(0, outbox.entryOf(a.serial()).orElseThrow().attempts());
    }

    @Test
    public void aDeliveryInterruptedByACrashIsDeliveredAgainWithTheSameKey() {
        Application a = store.submit(TestData.free());
        // the relay claimed the row, the gateway was called, then the kiosk died (no markSent)
        List<OutboxEntry> claimed = outbox.claimDue(clock.instant(), 10);
        assertEquals(1, claimed.size());
        assertEquals(Outbox.SENDING, outbox.entryOf(a.serial()).orElseThrow().state());
        assertEquals("a SENDING row is not claimed twice", 0, outbox.claimDue(clock.instant(), 10).size());
        // next start
        assertEquals(1, outbox.recoverInterrupted());
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.PENDING, e.state());
        assertTrue(e.lastError(), e.lastError().contains("interrupted"));
        Scripted g = new Scripted();
        assertEquals(1, relay(g, new StubForms(), settings).deliverDue());
        assertEquals(a.serial(), g.seen.get(0).idempotencyKey());
        assertEquals(2, outbox.entryOf(a.serial()).orElseThrow().attempts());
    }

    @Test
    public void retentionPurgesOnceAfterTheConfiguredDays() {
        Application a = store.submit(TestData.free());
        Application b = store.submit(TestData.free());
        Relay r = relay(new Scripted(), new StubForms(), settings);
        assertEquals(2, r.deliverDue());
        assertEquals("not yet", 0, r.purgeExpired());
        clock.advance(Duration.ofDays(29));
        assertEquals(0, r.purgeExpired());
        clock.advance(Duration.ofDays(1).plusSeconds(5));
        assertEquals(2, r.purgeExpired());
        for (Application x : List.of(a, b)) {
            assertTrue(store.find(x.serial()).orElseThrow().payload().isEmpty());
            assertEquals(List.of(), store.attachmentNames(x.serial()));
            assertNotNull(outbox.entryOf(x.serial()).orElseThrow().purgedAt());
            assertEquals("masked ID kept", "110101********001X", store.find(x.serial()).orElseThrow().maskedIdNumber());
        }
        assertEquals("once", 0, r.purgeExpired());
        assertTrue(auditContains("application.purge"));
    }

    @Test
    public void retentionZeroPurgesRightAfterTheAcknowledgement() {
        Application a = store.submit(TestData.free());
        Relay r = relay(new Scripted(), new StubForms(), new Relay.Settings("scripted", 5, 20, 10, 300, 4, 0, 3600));
        assertEquals("nothing acknowledged yet", 0, r.purgeExpired());
        r.deliverDue();
        assertEquals(1, r.purgeExpired());
        assertTrue(store.find(a.serial()).orElseThrow().payload().isEmpty());
    }

    // ---- retention of the copies outside the database ------------------------------------

    private Relay fileDropRelay(FileDropGateway g, List<Path> tempFolders) {
        Relay.Settings st = new Relay.Settings(FileDropGateway.NAME, 5, 20, 10, 300, 4, 30, 3600, 30, tempFolders);
        Relay r = new Relay(store, outbox, new StubForms(), audit, st, clock);
        r.addGateway(g, Map.of(BackOfficeGateway.PROPERTY, FileDropGateway.NAME));
        return r;
    }

    private List<String> auditSubjects(String action) {
        return audit.latest(200).stream().filter(e -> e.action().equals(action)).map(e -> e.subject()).toList();
    }

    /** Audit subjects name the serial and what went; never the name, ID number or address inside. */
    private void assertNoPersonalDataIn(List<String> subjects) {
        for (String s : subjects) {
            assertFalse(s, s.contains(TestData.ID) || s.contains("测试用户") || s.contains("示例路"));
        }
    }

    @Test
    public void fileDropFoldersGoWhenCollectedOrAfterTheRetentionAndEachRemovalIsAudited() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("outgoing");
        FileDropGateway g = new FileDropGateway(out);
        Application a = store.submit(TestData.free());
        Application b = store.submit(TestData.free());
        Application c = store.submit(TestData.free());
        Relay r = fileDropRelay(g, List.of());
        assertEquals(3, r.deliverDue());
        assertTrue(Files.readString(out.resolve(a.serial()).resolve("application.json")).contains(TestData.ID)); // plaintext
        // the back office acknowledges a with a file, b by renaming; c is never collected
        Files.writeString(out.resolve(a.serial()).resolve(FileDropGateway.COLLECTED), "BO-4711");
        Files.move(out.resolve(b.serial()), out.resolve(b.serial() + FileDropGateway.COLLECTED_SUFFIX));
        r.purgeExpired();
        assertFalse(Files.exists(out.resolve(a.serial())));
        assertFalse(Files.exists(out.resolve(b.serial() + FileDropGateway.COLLECTED_SUFFIX)));
        assertTrue("not collected, not expired", Files.isDirectory(out.resolve(c.serial())));
        List<String> removed = auditSubjects("retention.filedrop");
        assertTrue(removed.toString(), removed.stream().anyMatch(x -> x.startsWith(a.serial() + ": collected by the back office")));
        assertTrue(removed.toString(), removed.stream().anyMatch(x -> x.startsWith(b.serial() + ": collected by the back office")));
        clock.advance(Duration.ofDays(29));
        r.purgeExpired();
        assertTrue(Files.isDirectory(out.resolve(c.serial())));
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        r.purgeExpired();
        assertFalse("removed 30 days after its delivery", Files.exists(out.resolve(c.serial())));
        removed = auditSubjects("retention.filedrop");
        assertTrue(removed.toString(), removed.stream().anyMatch(x -> x.startsWith(c.serial() + ": not collected within 30 day(s)")
                && x.endsWith("file(s) removed")));
        assertEquals(3, removed.size());
        assertNoPersonalDataIn(removed);
        r.purgeExpired();
        assertEquals("once", 3, auditSubjects("retention.filedrop").size());
    }

    @Test
    public void nothingOfADeliveryTheOutboxHasNotRecordedIsRemoved() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("outgoing");
        FileDropGateway g = new FileDropGateway(out);
        // written, but the kiosk died before recording it: the row is still PENDING, the folder must stay whole
        Application pending = store.submit(TestData.free());
        g.deliver(TestData.submission(pending.serial()));
        Files.writeString(out.resolve(pending.serial()).resolve(FileDropGateway.COLLECTED), "");
        // failed for staff after a partial hand-over
        Application failed = store.submit(TestData.free());
        g.deliver(TestData.submission(failed.serial()));
        outbox.markFailed(outbox.claimDue(clock.instant(), 20).stream().filter(e -> e.serial().equals(failed.serial()))
                .findFirst().orElseThrow().id(), "test", clock.instant(), true);
        Relay r = fileDropRelay(g, List.of());
        clock.advance(Duration.ofDays(400));
        r.purgeExpired();
        for (Application x : List.of(pending, failed)) {
            assertTrue(x.serial(), Files.isRegularFile(out.resolve(x.serial()).resolve("photo.jpeg")));
        }
        assertEquals(List.of(), auditSubjects("retention.filedrop"));
    }

    /** A scan folder left by a process that was killed is removed when the relay starts, and audited. */
    @Test
    public void aCrashLeftScanFolderIsRemovedAtStart() throws Exception {
        Path temp = Files.createDirectory(tmp.getRoot().toPath().resolve("temp"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = Files.createDirectory(temp.resolve("opendmv-scan-p" + gone.pid() + "-81723"));
        Files.write(left.resolve("page-1.jpg"), TestData.jpeg());
        Files.writeString(left.resolve("scanimage.err"), "Scanned page 1.");
        Path live = Files.createDirectory(temp.resolve("opendmv-scan-p" + ProcessHandle.current().pid() + "-5"));
        Path other = Files.createDirectory(temp.resolve("someone-elses"));
        RelayConfig config = (RelayConfig) java.lang.reflect.Proxy.newProxyInstance(RelayConfig.class.getClassLoader(),
                new Class<?>[] {RelayConfig.class}, (proxy, m, args) -> m.getName().equals("temp_folders") ? temp.toString()
                        : m.getDefaultValue());
        Relay r = new Relay(store, outbox, new StubForms(), audit, config);
        try {
            for (int i = 0; i < 200 && Files.exists(left); i++) {
                Thread.sleep(50);
            }
            assertFalse("removed at start", Files.exists(left));
        } finally {
            r.deactivate();
        }
        assertTrue("a live process's folder is its own", Files.isDirectory(live));
        assertTrue(Files.isDirectory(other));
        List<String> removed = auditSubjects("retention.temp");
        assertEquals(removed.toString(), 1, removed.size());
        assertEquals(left.getFileName() + ": left by process " + gone.pid() + ", which has ended; 2 file(s) removed", removed.get(0));
    }

    @Test
    public void anApplicationPurgedBeforeDeliveryFailsForStaff() {
        Application a = store.submit(TestData.free());
        store.purgePersonalData(a.serial(), "test");
        relay(new Scripted(), new StubForms(), settings).deliverDue();
        OutboxEntry e = outbox.entryOf(a.serial()).orElseThrow();
        assertEquals(Outbox.FAILED, e.state());
        assertTrue(e.lastError(), e.lastError().contains("purged"));
    }

    @Test
    public void awaitingPaymentIsNotInTheOutboxUntilSubmitted() {
        NewApplication paid = new NewApplication("dl-renewal", TestData.ID, 1000, TestData.payload(), Application.AWAITING_PAYMENT, Map.of());
        Application a = store.submit(paid);
        assertFalse(outbox.entryOf(a.serial()).isPresent());
        store.changeStatus(a.serial(), Application.PAID, "X");
        assertFalse(outbox.entryOf(a.serial()).isPresent());
        store.changeStatus(a.serial(), Application.SUBMITTED, null);
        assertTrue(outbox.entryOf(a.serial()).isPresent());
    }

    /** The relay with the real HTTP gateway: the first answer is too slow (after the back office has it), the retry is a duplicate. */
    @Test
    public void overHttpTheBackOfficeRecordsEachApplicationOnceAlthoughTheRelayRetries() throws Exception {
        Application a = store.submit(TestData.free());
        Application b = store.submit(TestData.free());
        try (FakeBackOffice bo = new FakeBackOffice()) {
            bo.slowMillis = 1500;
            bo.faults.add(FakeBackOffice.Fault.RECORD_THEN_SLOW);
            bo.faults.add(FakeBackOffice.Fault.STATUS_500);
            HttpGateway http = new HttpGateway(bo.uri(), Duration.ofSeconds(1), Duration.ofMillis(500), null);
            Relay.Settings st = new Relay.Settings("http", 5, 20, 10, 300, 10, 30, 3600);
            Relay r = relay(http, new StubForms(), st);
            assertEquals(0, r.deliverDue());
            assertEquals(Outbox.PENDING, outbox.entryOf(a.serial()).orElseThrow().state());
            assertTrue(outbox.entryOf(a.serial()).orElseThrow().lastError().contains("did not answer"));
            assertTrue(outbox.entryOf(b.serial()).orElseThrow().lastError().contains("503"));
            clock.advance(Duration.ofSeconds(10));
            Thread.sleep(1200); // the slow answer ends
            assertEquals(2, r.deliverDue());
            assertEquals(Outbox.SENT, outbox.entryOf(a.serial()).orElseThrow().state());
            assertEquals(bo.acks.get(a.serial()), outbox.entryOf(a.serial()).orElseThrow().ackReference());
            assertEquals(bo.acks.get(b.serial()), outbox.entryOf(b.serial()).orElseThrow().ackReference());
            assertEquals(4, bo.requests.get());
            assertEquals("each application recorded once", 2, bo.recorded.size());
            assertEquals(2, bo.keysSeen.stream().filter(a.serial()::equals).count());
            assertTrue(bo.recordedText(a.serial()).contains("\"serial\" : \"" + a.serial() + "\""));
        }
    }
}
