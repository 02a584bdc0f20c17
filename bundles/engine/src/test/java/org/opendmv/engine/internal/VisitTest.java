package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.engine.api.Aftermath;
import org.opendmv.payment.api.PaymentOrder;
import java.time.Instant;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionState;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;
import org.opendmv.store.api.Application;

/** Whole visits through the real step types, with in-memory devices, records, store and payment. */
public class VisitTest {
    static final String ID = "110101198504120019";
    static final LocalDate BIRTH = LocalDate.of(1985, 4, 12);

    private Registry registry;
    private SessionManagerImpl engine;
    private final Fakes.Records records = new Fakes.Records();
    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Payments payments = new Fakes.Payments();
    private final Aftermaths aftermaths = new Aftermaths();
    private final AtomicReference<IdCardData> nextCard = new AtomicReference<>();
    private final AtomicInteger cardReads = new AtomicInteger();
    private final AtomicReference<LivenessResult> nextFace = new AtomicReference<>(LivenessResult.pass(0.93));
    private final AtomicReference<RuleResult> ruleAnswer = new AtomicReference<>(RuleResult.eligible());
    private final List<IdCardData> cardsHandedOut = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger faceChecks = new AtomicInteger();
    private final AtomicReference<CommandContext> faceCtx = new AtomicReference<>();
    private final List<IntermediateEvent> faceEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Queue<LivenessResult> faceResults = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private IdentifyStep identify;
    private volatile boolean scannerJammed;
    private volatile boolean paperOut;
    private final List<org.opendmv.devices.api.Receipt> printed = Collections.synchronizedList(new ArrayList<>());

    @Before
    public void setUp() {
        registry = new Registry();
        registry.addCheck((d, id) -> FormChecks.problems(d, org.opendmv.forms.api.OfficialForms::layout,
                org.opendmv.forms.api.OfficialForms.ids()));
        registry.addBundle(7, "acme", "1", List.of(RegistryTest.res("visit-driver.json"), RegistryTest.res("visit-vehicle.json")));
        engine = new SessionManagerImpl(registry, TestConfigs.engine(600, 60, 10, 2));
        IdCardReader reader = Fakes.device(IdCardReader.class, () -> {
            cardReads.incrementAndGet();
            IdCardData c = nextCard.get();
            if (c == null) {
                return new CompletableFuture<>();
            }
            c = copy(c);
            cardsHandedOut.add(c);
            return CompletableFuture.completedFuture(c);
        });
        // a camera that counts its checks, sends the events it is given, then answers the queued verdicts (else nextFace)
        LivenessDetector face = (LivenessDetector) java.lang.reflect.Proxy.newProxyInstance(LivenessDetector.class.getClassLoader(),
                new Class<?>[] {LivenessDetector.class}, (p, m, a) -> {
                    if (m.getName().equals("checkLiveness")) {
                        faceChecks.incrementAndGet();
                        CommandContext cc = (CommandContext) a[1];
                        faceCtx.set(cc);
                        faceEvents.forEach(cc::event);
                        LivenessResult next = faceResults.poll();
                        next = next != null ? next : nextFace.get();
                        return next == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(next);
                    }
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("toString") ? "fake camera" : m.getName().equals("hashCode") ? 2 : p == a[0];
                    }
                    if (m.getReturnType().getName().equals("java.util.concurrent.CompletionStage")) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        DocumentScanner scanner = Fakes.device(DocumentScanner.class, () -> scannerJammed
                ? CompletableFuture.failedFuture(new DeviceException(CompletionCode.HARDWARE_ERROR, "MEDIA_JAM", "jam", org.opendmv.devices.api.ActionHint.CLEAR, null))
                : CompletableFuture.completedFuture(new ScanResult(List.of(ScannedPage.of(new byte[] {(byte) 0xff, (byte) 0xd8, 1}, "image/jpeg", 10, 10)))));
        // a printer that keeps what it was asked to print, and can run out of paper
        ReceiptPrinter printer = (ReceiptPrinter) java.lang.reflect.Proxy.newProxyInstance(ReceiptPrinter.class.getClassLoader(),
                new Class<?>[] {ReceiptPrinter.class}, (p, m, a) -> {
                    if (m.getName().equals("print")) {
                        if (paperOut) {
                            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.HARDWARE_ERROR, "PAPER_OUT", "no paper",
                                    org.opendmv.devices.api.ActionHint.CLEAR, null));
                        }
                        printed.add((org.opendmv.devices.api.Receipt) a[0]);
                        return CompletableFuture.completedFuture(new PrintResult(PaperStatus.FULL));
                    }
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("toString") ? "fake printer" : m.getName().equals("hashCode") ? 1 : p == a[0];
                    }
                    if (m.getReturnType().getName().equals("java.util.concurrent.CompletionStage")) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        var dm = Fakes.devices(reader, face, scanner, printer);
        Applications apps = new Applications(store, null, registry);
        payments.store = store;
        identify = new IdentifyStep(TestConfigs.identify(0.8, 3, true), dm);
        engine.addStepType(identify);
        engine.addStepType(new CheckStep(records));
        engine.addStepType(new FormStep());
        engine.addStepType(new MaterialsStep(dm));
        engine.addStepType(new PhotoStep());
        engine.addStepType(new SignStep(apps, null));
        PayStep pay = new PayStep(apps, payments);
        pay.aftermaths = aftermaths;
        pay.devices = dm;
        engine.aftermaths = aftermaths;
        engine.addStepType(pay);
        engine.addStepType(new ReceiptStep(apps, dm));
        engine.addRule(rule("test.rule"));
        engine.addRule(new EligibilityRule() {
            @Override
            public String id() {
                return "test.vehicle";
            }

            @Override
            public RuleResult evaluate(RuleContext ctx) {
                VehicleRecord v = ctx.fact(Facts.VEHICLE, VehicleRecord.class).orElse(null);
                if (v == null) {
                    return RuleResult.refuse("NO_VEHICLE", LocalizedText.of("无车", "No vehicle"), LocalizedText.of("窗口", "Counter"));
                }
                return v.status().equals("A") ? RuleResult.eligible()
                        : RuleResult.refuse("VEHICLE_STATUS_" + v.status(), LocalizedText.of("车辆状态异常", "Vehicle blocked"), LocalizedText.of("窗口", "Counter"));
            }
        });
        engine.addListener((s, e) -> events.add(e.toString()));
        records.drivers.put(ID, new DriverRecord(ID, "110100000001", List.of("C1"), null, null, LocalDate.now().plusDays(60), "A", 0,
                null, null, null, null, false, "13800000001", "100010", null));
        nextCard.set(Fakes.card(ID, BIRTH, IdCardData.Sex.MALE, LocalDate.now().plusYears(5)));
    }

    /** A fresh card object per read, as a reader gives: the engine wipes the one it got. */
    private static IdCardData copy(IdCardData c) {
        return Fakes.card(c.idNumber(), c.birthDate(), c.sex(), c.validUntil().orElse(null));
    }

    @After
    public void tearDown() {
        engine.deactivate();
    }

    private EligibilityRule rule(String id) {
        return new EligibilityRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public RuleResult evaluate(RuleContext ctx) {
                if (ctx.fact("form.target", String.class).map("B2"::equals).orElse(false)) {
                    return RuleResult.invalidField("target", "TARGET_NOT_PERMITTED", LocalizedText.of("不能选B2", "Not B2"));
                }
                return ruleAnswer.get();
            }
        };
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 10000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String step(Session s) {
        return s.currentStep().map(x -> x.type()).orElse("-");
    }

    private Session throughIdentify(String business) {
        Session s = engine.start(business, Locale.SIMPLIFIED_CHINESE);
        await("card read", () -> "CONSENT".equals(s.data().get("identify.phase")));
        assertEquals(ID, s.data().get(Facts.ID_NUMBER));
        assertEquals(BIRTH, s.data().get(Facts.BIRTH_DATE));
        assertFalse("no going back past the card", s.canGoBack());
        s.submit(Map.of("consent", true));
        await("liveness", () -> !"IDENTIFY".equals(step(s)));
        return s;
    }

    @Test
    public void wholeDriverVisitBecomesAPaidApplicationAndLeavesNothingInMemory() {
        Session s = throughIdentify("visit-driver");
        await("check", () -> "FORM".equals(step(s)));
        assertNotNull("records looked up", s.data().get(Facts.DRIVER));
        await("prefill", () -> s.data().containsKey("form.prefilled"));
        assertEquals("13800000001", s.data().get("form.mobile"));
        assertEquals("address falls back to the ID card", "北京市东城区测试大街1号", s.data().get("form.address"));
        assertEquals("mobile,address", s.data().get("form.prefilled"));

        StepResult r = s.submit(Map.of("mobile", "13800000001", "address", "北京市东城区测试大街1号", "target", "B2"));
        assertEquals("rule's field error shown on the field", StepResult.Kind.INVALID, r.kind());
        assertEquals("不能选B2", r.errors().get("target").zh());
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("mobile", "13800000001", "address", "北京市东城区测试大街1号", "target", "C2")).kind());
        assertTrue("form may be revisited", s.canGoBack());

        assertEquals("MATERIALS", step(s));
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("done", true)).kind());
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("scan", "../../etc/passwd")).kind());
        s.submit(Map.of("scan", "licence"));
        await("scan", () -> s.data().containsKey("materials.licence"));
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("done", true)).kind());

        assertEquals("PHOTO", step(s));
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("accept", true)).kind());
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("photo", "not bytes")).kind());
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("photo", new byte[] {'G', 'I', 'F', '8', '9'})).kind());
        // the upload service gives the screen its QR code and passes on a phone's rejected photo
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("upload.url", "javascript:alert(1)")).kind());
        s.submit(Map.of("upload.url", "http://192.0.2.7:18080/upload/abc", "upload.expiresAt", java.time.Instant.now().plusSeconds(300)));
        assertEquals("http://192.0.2.7:18080/upload/abc", s.data().get("photo.url"));
        StepResult rejected = s.submit(Map.of("upload.rejected", org.opendmv.business.api.LocalizedText.of("请在白色背景前拍摄", "Use a white background")));
        assertEquals("请在白色背景前拍摄", rejected.errors().get("photo").zh());
        s.submit(Map.of("photo", VisitTestImages.JPEG));
        s.submit(Map.of("retry", true));
        assertFalse(s.data().containsKey(Facts.PHOTO));
        assertFalse("a retry needs a new ticket", s.data().containsKey("photo.url"));
        s.submit(Map.of("photo", VisitTestImages.JPEG));
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("accept", true)).kind());

        assertEquals("SIGN", step(s));
        assertEquals(StepResult.Kind.INVALID, s.submit(Map.of("agree", true)).kind());
        assertEquals(0, store.count());
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("signature", VisitTestImages.PNG, "agree", true)).kind());
        String serial = s.applicationSerial().orElseThrow();
        assertEquals(List.of(Application.AWAITING_PAYMENT), store.statuses(serial));
        assertFalse("no going back after the signature", s.canGoBack());

        assertEquals("PAY", step(s));
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        String no = (String) s.data().get("pay.outTradeNo");
        assertEquals(1000L, payments.orders.get(no).amountFen());
        payments.settle(no, PaymentState.PAID);
        payments.settle(no, PaymentState.PAID);
        await("paid", () -> "RECEIPT".equals(step(s)));
        await("printed", () -> Boolean.TRUE.equals(s.data().get("receipt.printed")));
        // what the citizen takes away: serial, business, fee, payment reference, kiosk, QR to look it up
        List<String> lines = printed.get(printed.size() - 1).lines().stream().map(l -> l.text()).collect(java.util.stream.Collectors.toList());
        assertTrue(lines.toString(), lines.contains("流水号：" + serial));
        assertTrue(lines.toString(), lines.contains("金额：10.00 元"));
        assertTrue(lines.toString(), lines.contains("支付单号：" + no));
        assertTrue(lines.toString(), lines.contains("自助机：K001"));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("业务：")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.matches("时间：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}")));
        assertEquals(java.util.Optional.of(serial), printed.get(printed.size() - 1).qrText());
        assertFalse("no personal data on the receipt", lines.toString().contains(ID));
        // out of paper on a second copy: the citizen is told and still has the serial on screen
        paperOut = true;
        s.submit(Map.of("print", true));
        await("paper problem shown", () -> s.data().get("receipt.problem") != null);
        assertEquals(Boolean.FALSE, s.data().get("receipt.printed"));
        assertEquals(serial, s.data().get(Facts.SERIAL));
        paperOut = false;
        s.submit(Map.of("done", true));

        assertEquals(SessionState.COMPLETED, s.state());
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAID, Application.SUBMITTED), store.statuses(serial));
        assertEquals(no, store.paymentReference(serial).orElseThrow());
        assertEquals(java.util.Set.of("photo.jpeg", "signature.png", "material.licence.1.jpg"), new java.util.HashSet<>(store.attachmentNames(serial)));
        Map<String, Object> payload = store.find(serial).orElseThrow().payload();
        assertEquals("C2", payload.get("form.target"));
        assertEquals(ID, payload.get(Facts.ID_NUMBER));
        // what the back office prints, resolved at SIGN from the descriptor's form section: box ids and
        // the keys the values come from, never a second copy of the values
        assertEquals("driver-licence", payload.get("print.kind"));
        assertEquals(List.of("dl.business.downgrade"), payload.get("print.ticked"));
        Map<?, ?> fields = (Map<?, ?>) payload.get("print.fields");
        assertEquals("form.target", fields.get("dl.downgrade.targetClass"));
        assertEquals("form.address|idcard.address", fields.get("applicant.address"));
        assertFalse(fields.containsValue(ID));
        assertEquals("1", payload.get("business.version"));
        assertTrue(s.data().isEmpty());
        assertTrue("the card read is wiped from memory", cardsHandedOut.get(0).isWiped());
    }

    @Test
    public void badCardsAreRefusedAndTheReaderWaitsForAnother() {
        nextCard.set(Fakes.card("110101198504120018", BIRTH, IdCardData.Sex.MALE, LocalDate.now().plusYears(5)));
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("invalid", () -> events.contains("STEP_INVALID IDENTIFY"));
        assertEquals("no hot loop: the reader waits before looking again", 1, cardReads.get());
        await("re-armed", () -> cardReads.get() >= 2);
        assertTrue(cardsHandedOut.get(0).isWiped());
        assertEquals("IDENTIFY", step(s));
        s.cancel();
    }

    @Test
    public void expiredOrInconsistentCards() {
        assertEquals("idcard:ID_EXPIRED", firstError(Fakes.card(ID, BIRTH, IdCardData.Sex.MALE, LocalDate.now().minusDays(1))));
        assertEquals("idcard:ID_INCONSISTENT", firstError(Fakes.card(ID, BIRTH.plusDays(1), IdCardData.Sex.MALE, LocalDate.now().plusYears(1))));
        assertEquals("idcard:ID_INCONSISTENT", firstError(Fakes.card(ID, BIRTH, IdCardData.Sex.FEMALE, LocalDate.now().plusYears(1))));
    }

    private String firstError(IdCardData card) {
        nextCard.set(card);
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        s.addListener((x, e) -> e.result().ifPresent(r -> keys.addAll(r.errors().keySet())));
        await("error", () -> !keys.isEmpty());
        nextCard.set(null);
        s.cancel();
        return keys.get(0);
    }

    @Test
    public void declinedConsentRefusesPolitely() {
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        StepResult r = s.submit(Map.of("consent", false));
        assertEquals(StepResult.Kind.REFUSED, r.kind());
        assertEquals("NO_FACE_CONSENT", r.refusal().code().orElseThrow());
        assertEquals(EndReason.REFUSED, s.endReason().orElseThrow());
    }

    @Test
    public void someoneElsesFaceIsSentToTheCounterAtOnceWithoutAnotherTry() {
        nextFace.set(LivenessResult.fail(0.2));
        List<RuleResult> refusals = Collections.synchronizedList(new ArrayList<>());
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        s.addListener((x, e) -> e.result().filter(r -> r.kind() == StepResult.Kind.REFUSED).ifPresent(r -> refusals.add(r.refusal())));
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("refused", () -> s.state() != SessionState.ACTIVE);
        assertEquals(EndReason.REFUSED, s.endReason().orElseThrow());
        await("refusal event", () -> events.contains("REFUSED IDENTIFY"));
        assertEquals("one look only: retrying would help an impostor", 1, faceChecks.get());
        await("refusal", () -> !refusals.isEmpty());
        assertEquals("FACE_NOT_HOLDER", refusals.get(0).code().orElseThrow());
        assertTrue(refusals.get(0).advice().orElseThrow().zh().contains("人工窗口"));
    }

    @Test
    public void noLiveFaceCanBeTriedAgainWithTheAttemptsLeftThenTheCounter() {
        identify.retryPauseMs = 60_000; // only the citizen's button starts the camera again
        nextFace.set(LivenessResult.spoof());
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("retry offered", () -> "RETRY".equals(s.data().get("identify.phase")));
        assertEquals("SPOOF", s.data().get("identify.outcome"));
        assertEquals(2, s.data().get("identify.attemptsLeft"));
        assertEquals(1, faceChecks.get());
        nextFace.set(LivenessResult.noFace());
        s.submit(Map.of("retry", true));
        await("second look", () -> faceChecks.get() == 2);
        await("retry offered again", () -> Integer.valueOf(1).equals(s.data().get("identify.attemptsLeft")));
        assertEquals("NO_FACE", s.data().get("identify.outcome"));
        assertEquals("RETRY", s.data().get("identify.phase"));
        s.submit(Map.of("retry", true));
        await("refused", () -> s.state() != SessionState.ACTIVE);
        assertEquals(3, faceChecks.get());
        assertEquals(EndReason.REFUSED, s.endReason().orElseThrow());
    }

    @Test
    public void afterAFailedCheckTheCameraLooksAgainByItselfAndAPassIsShownBeforeMovingOn() {
        identify.retryPauseMs = 300;
        faceResults.add(LivenessResult.noFace());
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("passed shown", () -> "PASSED".equals(s.data().get("identify.phase")));
        assertEquals(2, faceChecks.get());
        assertFalse("the failure is cleared", s.data().containsKey("identify.outcome"));
        assertEquals("IDENTIFY", step(s));
        await("next step", () -> !"IDENTIFY".equals(step(s)));
        assertEquals(0.93, (Double) s.data().get(Facts.LIVENESS_SCORE), 1e-9);
        s.cancel();
    }

    @Test
    public void theCameraStartsOnlyAfterConsent() throws InterruptedException {
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        Thread.sleep(200);
        assertEquals("no frame before the citizen agrees", 0, faceChecks.get());
        s.submit(Map.of("consent", true));
        await("camera", () -> faceChecks.get() == 1);
        s.cancel();
    }

    @Test
    public void challengesCountdownAndGuidanceReachTheUiButNoOtherDetail() {
        nextFace.set(null); // the check runs until the test ends it
        faceEvents.addAll(List.of(IntermediateEvent.PRESENT_FACE_PROMPT, IntermediateEvent.FACE_DETECTED,
                LivenessChallenge.of(LivenessAction.TURN_LEFT, 2, 3).prompt(4), FaceGuidance.TOO_FAR.event()));
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("challenge", () -> "TURN_LEFT;2/3;4".equals(s.data().get("identify.challenge")));
        await("guidance", () -> "TOO_FAR".equals(s.data().get("identify.guidance")));
        CommandContext cc = faceCtx.get();
        cc.event(LivenessChallenge.of(LivenessAction.TURN_LEFT, 2, 3).passed());
        await("passed", () -> "TURN_LEFT;2/3".equals(s.data().get("identify.challengePassed")));
        assertFalse("guidance is over once the action is done", s.data().containsKey("identify.guidance"));
        // details the UI does not know, or that do not parse, are not passed on
        cc.event(IntermediateEvent.of("X_VENDOR_NAME").withDetail("张三"));
        cc.event(IntermediateEvent.LIVENESS_ACTION.withDetail(ID));
        cc.event(IntermediateEvent.FACE_GUIDANCE.withDetail(ID));
        cc.event(LivenessChallenge.of(LivenessAction.BLINK, 3, 3).prompt(5));
        await("next challenge", () -> "BLINK;3/3;5".equals(s.data().get("identify.challenge")));
        for (Map.Entry<String, Object> e : s.data().entrySet()) {
            if (e.getKey().startsWith("identify.")) {
                assertFalse(e.toString(), String.valueOf(e.getValue()).contains("张三") || String.valueOf(e.getValue()).contains(ID));
            }
        }
        assertFalse(s.data().containsKey("identify.guidance"));
        // which of the four events above was handled last is up to the worker pool (they overtake each other;
        // a clean-clone run saw X_VENDOR_NAME last): the prompt shown is what counts, checked above
        s.cancel();
    }

    @Test
    public void deviceEventsHandledOutOfOrderDropOnlyOlderEventsOfTheSameType() {
        nextFace.set(null); // the check runs until the test ends it
        Session s = engine.start("visit-driver", Locale.SIMPLIFIED_CHINESE);
        await("card", () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("camera", () -> faceChecks.get() == 1);
        long base = Long.MAX_VALUE / 2; // above the sequence numbers of the real events of this JVM
        // posted events overtake each other: newer advice is handled before an older challenge prompt
        s.submit(Map.of(DeviceCalls.EVENT, "FACE_GUIDANCE", DeviceCalls.EVENT_DETAIL, "TOO_FAR", DeviceCalls.EVENT_SEQ, base + 2));
        s.submit(Map.of(DeviceCalls.EVENT, "LIVENESS_ACTION", DeviceCalls.EVENT_DETAIL, "TURN_LEFT;2/3;4", DeviceCalls.EVENT_SEQ, base + 1));
        assertEquals("the older prompt is still shown", "TURN_LEFT;2/3;4", s.data().get("identify.challenge"));
        assertEquals("TOO_FAR", s.data().get("identify.guidance"));
        // an older prompt of the same type than the one shown is stale
        s.submit(Map.of(DeviceCalls.EVENT, "LIVENESS_ACTION", DeviceCalls.EVENT_DETAIL, "TURN_LEFT;2/3;5", DeviceCalls.EVENT_SEQ, base));
        assertEquals("TURN_LEFT;2/3;4", s.data().get("identify.challenge"));
        s.cancel();
    }

    @Test
    public void recordsDownOrRuleFailureRefusesAndStoresNothing() {
        records.down = true;
        Session s = throughIdentify("visit-driver");
        await("refused", () -> s.state() != SessionState.ACTIVE);
        assertEquals(EndReason.REFUSED, s.endReason().orElseThrow());
        records.down = false;
        ruleAnswer.set(null);
        Session s2 = throughIdentify("visit-driver");
        await("refused", () -> s2.state() != SessionState.ACTIVE);
        assertEquals(EndReason.REFUSED, s2.endReason().orElseThrow());
        assertEquals(0, store.count());
    }

    @Test
    public void refusalCarriesReasonAndAdvice() {
        ruleAnswer.set(RuleResult.refuse("LICENCE_STATUS_D", LocalizedText.of("驾驶证暂扣", "Suspended"), LocalizedText.of("请到窗口", "Counter")));
        List<RuleResult> refusals = Collections.synchronizedList(new ArrayList<>());
        engine.addListener((x, e) -> {
            if (e.type() == SessionEvent.Type.REFUSED) {
                refusals.add(e.result().orElseThrow().refusal());
            }
        });
        Session s = throughIdentify("visit-driver");
        await("refused", () -> !refusals.isEmpty());
        assertEquals("LICENCE_STATUS_D", refusals.get(0).code().orElseThrow());
        assertEquals("请到窗口", refusals.get(0).advice().orElseThrow().zh());
        assertTrue(s.data().isEmpty());
    }

    @Test
    public void vehicleBusinessOffersOnlyEligibleVehiclesAndPricesByAnswer() {
        records.vehicles.put(ID, List.of(vehicle("京A12345", "A"), vehicle("京C20001", "K")));
        Session s = throughIdentify("visit-vehicle");
        await("form", () -> s.data().containsKey("form.prefilled"));
        assertEquals("京A12345", s.data().get(Facts.ELIGIBLE_PLATES));
        assertEquals("京A12345", s.data().get("form.plateNumber"));
        StepResult r = s.submit(Map.of("plateNumber", "京C20001", "side", "front"));
        assertEquals(StepResult.Kind.INVALID, r.kind());
        assertTrue(r.errors().containsKey("plateNumber"));
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("plateNumber", "京a12345", "side", "front")).kind());
        assertEquals(5000L, s.data().get("fee.fen"));
        s.submit(Map.of("signature", VisitTestImages.PNG, "agree", true));
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        assertEquals(5000L, payments.orders.get((String) s.data().get("pay.outTradeNo")).amountFen());
        // stored before PAY with the boxes its answers tick
        Map<String, Object> stored = store.find((String) s.data().get(Facts.SERIAL)).orElseThrow().payload();
        assertEquals(List.of("vp.plate.exchange", "vp.plate.exchange.front"), stored.get("print.ticked"));
        s.cancel();
    }

    @Test
    public void vehicleBusinessWithNoEligibleVehicleIsRefusedWithEveryReason() {
        records.vehicles.put(ID, List.of(vehicle("京C20001", "K"), vehicle("京C20002", "C")));
        List<RuleResult> refusals = Collections.synchronizedList(new ArrayList<>());
        engine.addListener((x, e) -> e.result().filter(r -> r.kind() == StepResult.Kind.REFUSED).ifPresent(r -> refusals.add(r.refusal())));
        throughIdentify("visit-vehicle");
        await("refused", () -> !refusals.isEmpty());
        assertEquals("NO_ELIGIBLE_VEHICLE", refusals.get(0).code().orElseThrow());
        records.vehicles.clear();
        refusals.clear();
        throughIdentify("visit-vehicle");
        await("refused", () -> !refusals.isEmpty());
        assertEquals("NO_VEHICLE", refusals.get(0).code().orElseThrow());
    }

    @Test
    public void leavingUnpaidCancelsTheApplicationPurgesItAndClosesTheOrder() {
        Session s = toPay();
        String serial = s.applicationSerial().orElseThrow();
        String no = (String) s.data().get("pay.outTradeNo");
        s.cancel();
        // the order is closed at the provider off the session's lock
        await("cancelled", () -> store.statuses(serial).contains(Application.CANCELLED));
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, Application.CANCELLED), store.statuses(serial));
        assertEquals(List.of(serial), store.purged);
        assertTrue(store.attachmentNames(serial).isEmpty());
        assertEquals(List.of(no), payments.closed);
        await("the next screen knows", () -> engine.aftermath(s.id()).map(a -> a.state() == Aftermath.State.CANCELLED).orElse(false));
        assertFalse("no slip for a cancelled visit", engine.aftermath(s.id()).orElseThrow().slipPrinted());
        assertTrue(printed.isEmpty());
    }

    /** Issue 1/6: a close the provider cannot confirm never destroys an application that can still be paid. */
    @Test
    public void leavingPayWhileTheCloseCannotBeConfirmedKeepsTheApplicationAndPrintsASlip() {
        payments.closeUnconfirmed = true;
        Session s = toPay();
        String serial = s.applicationSerial().orElseThrow();
        String no = (String) s.data().get("pay.outTradeNo");
        s.cancel();
        await("settled", () -> engine.aftermath(s.id()).map(a -> a.state() != Aftermath.State.CONFIRMING).orElse(false));
        Aftermath a = engine.aftermath(s.id()).orElseThrow();
        assertEquals(Aftermath.State.UNSETTLED, a.state());
        assertEquals(serial, a.serial());
        assertTrue(a.slipPrinted());
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED), store.statuses(serial));
        assertTrue("nothing purged", store.purged.isEmpty());
        assertFalse("attachments kept", store.attachmentNames(serial).isEmpty());
        String slip = printed.get(printed.size() - 1).lines().stream().map(l -> l.text()).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(slip, slip.contains("流水号：" + serial));
        assertTrue(slip, slip.contains("支付结果确认中"));
        // the citizen had paid: it is submitted later, exactly once
        payments.orders.put(no, payments.orders.get(no).with(PaymentState.PAID, "TX", null));
        assertEquals(org.opendmv.payment.api.Settlement.PAID, payments.abandon(serial));
        assertEquals(1, store.statuses(serial).stream().filter(Application.SUBMITTED::equals).count());
    }

    @Test
    public void leavingPayWithoutAPaymentServiceParksTheApplication() {
        Session s = toPay();
        String serial = s.applicationSerial().orElseThrow();
        PayStep.settleUnpaid(null, store, serial, s.id());
        assertEquals(Application.PAYMENT_UNSETTLED, store.find(serial).orElseThrow().status());
        assertTrue(store.purged.isEmpty());
        s.cancel();
    }

    @Test
    public void theOrderExpiresWithTheCountdownTheCitizenSees() {
        Session s = toPayWithoutWaiting(150);
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        PaymentOrder o = payments.orders.values().iterator().next();
        long orderSeconds = java.time.Duration.between(Instant.now(), o.expiresAt()).getSeconds();
        long countdown = java.time.Duration.between(Instant.now(), s.idleDeadline()).getSeconds();
        assertTrue("order " + orderSeconds + " s, countdown " + countdown + " s", Math.abs(orderSeconds - countdown) <= 5);
        s.cancel();
    }

    @Test
    public void paymentThatRacesTheCloseIsKept() {
        Session s = toPay();
        String serial = s.applicationSerial().orElseThrow();
        String no = (String) s.data().get("pay.outTradeNo");
        // the provider reports PAID only when asked during the close
        payments.orders.put(no, payments.orders.get(no).with(PaymentState.PAID, "TX", null));
        s.cancel();
        await("kept", () -> store.statuses(serial).contains(Application.SUBMITTED));
        assertEquals(List.of(Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, Application.PAID, Application.SUBMITTED),
                store.statuses(serial));
        assertTrue(store.purged.isEmpty());
    }

    @Test
    public void failedOrderCanBeRetriedWithANewOne() {
        Session s = toPay();
        String first = (String) s.data().get("pay.outTradeNo");
        payments.settle(first, PaymentState.FAILED);
        await("failed", () -> "FAILED".equals(s.data().get("pay.state")));
        s.submit(Map.of("retry", true));
        await("new order", () -> !first.equals(s.data().get("pay.outTradeNo")));
        String second = (String) s.data().get("pay.outTradeNo");
        payments.settle(second, PaymentState.PAID);
        await("paid", () -> "RECEIPT".equals(step(s)));
        s.cancel();
    }

    @Test
    public void paymentProviderDownShowsRetry() {
        payments.failCreate = true;
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        engine.addListener((x, e) -> e.result().ifPresent(r -> keys.addAll(r.errors().keySet())));
        Session s = toPayWithoutWaiting();
        await("error", () -> keys.contains("pay:RETRY"));
        payments.failCreate = false;
        s.submit(Map.of("retry", true));
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        s.cancel();
    }

    @Test
    public void aSlowPaymentProviderDoesNotLockTheVisit() throws Exception {
        payments.createDelayMs = 2000;
        Session s = toPayWithoutWaiting();
        await("creating", () -> payments.creating.get() == 1);
        // the screen keeps reading the visit while the provider is busy
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            java.util.concurrent.Future<Object> read = reader.submit(() -> s.data().get("pay.state"));
            assertEquals("CREATING", read.get(1, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue("read in " + (System.nanoTime() - t0) / 1_000_000 + " ms", (System.nanoTime() - t0) < 500_000_000L);
            assertEquals("PAY", step(s));
            assertEquals(1, payments.creating.get());
            assertEquals("Retry during the creation waits politely", StepResult.Kind.INVALID, s.submit(Map.of("retry", true)).kind());
        } finally {
            reader.shutdownNow();
        }
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        assertEquals("one order only", 1, payments.orders.size());
        s.cancel();
    }

    @Test
    public void aTemporaryFailureThenRetryKeepsTheOutTradeNo() {
        payments.failCreate = true;
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        engine.addListener((x, e) -> e.result().ifPresent(r -> keys.addAll(r.errors().keySet())));
        Session s = toPayWithoutWaiting();
        await("error", () -> keys.contains("pay:RETRY"));
        String serial = s.applicationSerial().orElseThrow();
        assertEquals(PaymentState.CREATED, payments.orders.get(serial + "P1").state());
        assertEquals("CREATING", s.data().get("pay.state"));
        payments.failCreate = false;
        s.submit(Map.of("retry", true));
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        assertEquals("the same out_trade_no", serial + "P1", s.data().get("pay.outTradeNo"));
        assertEquals(1, payments.orders.size());
        payments.settle(serial + "P1", PaymentState.PAID);
        await("paid", () -> "RECEIPT".equals(step(s)));
        s.cancel();
    }

    @Test
    public void checkAsksTheProviderOffTheLock() {
        Session s = toPay();
        String no = (String) s.data().get("pay.outTradeNo");
        payments.orders.put(no, payments.orders.get(no).with(PaymentState.PAID, "TX", null));
        assertEquals(StepResult.Kind.PROGRESS, s.submit(Map.of("check", true)).kind());
        await("paid", () -> "RECEIPT".equals(step(s)));
        s.cancel();
    }

    @Test
    public void aSlowRecordsBackEndDoesNotLockTheVisit() throws Exception {
        records.gate = new java.util.concurrent.CountDownLatch(1);
        try {
            Session s = throughIdentify("visit-driver");
            assertTrue("look-up started", records.entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
            // the screen keeps reading the visit while the back end is busy
            java.util.concurrent.Future<String> read = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> step(s) + " " + s.data().containsKey(Facts.DRIVER));
            assertEquals("CHECK false", read.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("input during the check waits politely", StepResult.Kind.INVALID, s.submit(Map.of("x", 1)).kind());
            records.gate.countDown();
            await("form", () -> "FORM".equals(step(s)));
            assertNotNull(s.data().get(Facts.DRIVER));
            s.cancel();
        } finally {
            records.gate.countDown();
            records.gate = null;
        }
    }

    @Test
    public void scannerJamIsReportedWithTheRightAction() {
        scannerJammed = true;
        Session s = throughIdentify("visit-driver");
        await("form", () -> s.data().containsKey("form.prefilled"));
        s.submit(Map.of("mobile", "13800000001", "address", "北京市东城区测试大街1号", "target", "C2"));
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        s.addListener((x, e) -> e.result().ifPresent(r -> keys.addAll(r.errors().keySet())));
        s.submit(Map.of("scan", "licence"));
        await("jam", () -> !keys.isEmpty());
        assertEquals("a jam needs staff", "device:CLEAR", keys.get(0));
        await("the scan no longer shown as running", () -> !s.data().containsKey("materials.scanning"));
        scannerJammed = false;
        s.submit(Map.of("scan", "licence"));
        await("scanned once cleared", () -> s.data().containsKey("materials.licence"));
        s.back();
        assertEquals("FORM", step(s));
        s.cancel();
    }

    @Test
    public void visitAbandonedByTimeoutLeavesNoPersonalData() {
        registry.addBundle(9, "acme.idle", "1", List.of(SessionTest.inline("{\"code\":\"idle\",\"name\":{\"zh-CN\":\"闲置\"},"
                + "\"category\":\"x\",\"steps\":[\"IDENTIFY\",{\"type\":\"FORM\",\"idleTimeoutSeconds\":2},\"RECEIPT\"],"
                + "\"form\":{\"kind\":\"driver-licence\",\"tick\":[\"CA\"]},"
                + "\"fields\":[{\"name\":\"mobile\",\"label\":\"手机\",\"type\":\"MOBILE\",\"required\":true}]}")));
        Session s = throughIdentify("idle");
        assertEquals("FORM", step(s));
        assertEquals(ID, s.data().get(Facts.ID_NUMBER));
        s.submit(Map.of("mobile", "12"));
        await("idle end", () -> s.state() != SessionState.ACTIVE);
        assertEquals(EndReason.IDLE_TIMEOUT, s.endReason().orElseThrow());
        assertTrue(s.data().isEmpty());
        assertTrue("card data wiped", cardsHandedOut.stream().allMatch(IdCardData::isWiped));
        assertEquals("nothing stored", 0, store.count());
    }

    private Session toPayWithoutWaiting() {
        return toPayWithoutWaiting(100);
    }

    private Session toPayWithoutWaiting(int pace) {
        Session s = throughIdentify("visit-driver");
        s.pace(pace);
        await("form", () -> s.data().containsKey("form.prefilled"));
        s.submit(Map.of("mobile", "13800000001", "address", "北京市东城区测试大街1号", "target", "C2"));
        s.submit(Map.of("scan", "licence"));
        await("scan", () -> s.data().containsKey("materials.licence"));
        s.submit(Map.of("done", true));
        s.submit(Map.of("photo", VisitTestImages.JPEG));
        s.submit(Map.of("accept", true));
        s.submit(Map.of("signature", VisitTestImages.PNG, "agree", true));
        assertEquals("PAY", step(s));
        return s;
    }

    private Session toPay() {
        Session s = toPayWithoutWaiting();
        await("order", () -> "PENDING".equals(s.data().get("pay.state")));
        return s;
    }

    private static VehicleRecord vehicle(String plate, String status) {
        return new VehicleRecord(plate, "02", "K33", "A", 5, LocalDate.now().minusYears(4), LocalDate.now().plusDays(30), status, 0, 0,
                false, false, LocalDate.now().plusDays(100), LocalDate.now().plusDays(100), "1234");
    }
}
