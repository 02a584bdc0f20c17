package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionState;

public class SessionTest {
    private Registry registry;
    private SessionManagerImpl engine;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** Stands in for a card read: completes with a byte[] and forbids going back. */
    static final class CardStep implements StepType {
        byte[] lastPhoto;

        @Override
        public String id() {
            return "IDENTIFY";
        }

        @Override
        public boolean allowsBackAfter() {
            return false;
        }

        @Override
        public StepResult submit(StepContext ctx, Map<String, Object> input) {
            if ("refuse".equals(input.get("mode"))) {
                return StepResult.refused(RuleResult.refuse("SUSPENDED", LocalizedText.of("驾驶证被暂扣", "Licence suspended"),
                        LocalizedText.of("请到窗口办理", "Please go to a counter")));
            }
            if ("boom".equals(input.get("mode"))) {
                throw new IllegalStateException("driver fault");
            }
            lastPhoto = new byte[] {1, 2, 3};
            return StepResult.completed(Map.of("idcard.photo", lastPhoto, "idcard.idNumber", "11010519491231002X"));
        }
    }

    /** Records application serials like RECEIPT would. */
    static final class FakeReceipt implements StepType {
        @Override
        public String id() {
            return "RECEIPT";
        }

        @Override
        public boolean allowsBackAfter() {
            return false;
        }

        @Override
        public StepResult submit(StepContext ctx, Map<String, Object> input) {
            return StepResult.completed(Map.of(SessionImpl.SERIAL_KEY, "20261124K001000001"));
        }
    }

    private final CardStep card = new CardStep();

    @Before
    public void setUp() {
        registry = new Registry();
        registry.addBundle(7, "acme", "1", List.of(RegistryTest.res("good.json")));
        start(TestConfigs.engine(600, 120, 20, 2));
    }

    private void start(EngineConfig cfg) {
        engine = new SessionManagerImpl(registry, cfg);
        engine.addStepType(new FormStep());
        engine.addStepType(new FakeReceipt());
        engine.addListener((s, e) -> events.add(e.toString()));
    }

    @After
    public void tearDown() {
        engine.deactivate();
    }

    @Test
    public void formThenReceiptCompletesAndSkipsPayWhenFree() {
        Session s = engine.start("test-renewal", Locale.SIMPLIFIED_CHINESE);
        assertEquals("FORM", s.currentStep().orElseThrow().type());
        StepResult bad = s.submit(Map.of("mobile", "123"));
        assertEquals(StepResult.Kind.INVALID, bad.kind());
        assertEquals("请输入11位手机号码", bad.errors().get("mobile").zh());
        assertEquals("FORM", s.currentStep().orElseThrow().type());
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("mobile", "13812345678", "cls", "C2", "evil", "x")).kind());
        assertEquals("fee 0 skips PAY", "RECEIPT", s.currentStep().orElseThrow().type());
        assertEquals("13812345678", s.data().get("form.mobile"));
        assertFalse("undeclared input is not kept", s.data().containsKey("form.evil"));
        s.submit(Map.of());
        assertEquals(SessionState.COMPLETED, s.state());
        assertEquals("20261124K001000001", s.applicationSerial().orElseThrow());
        assertTrue("data wiped when the visit ends", s.data().isEmpty());
        assertTrue(engine.sessions().isEmpty());
        assertEquals(List.of("STARTED", "STEP_ENTERED FORM", "STEP_INVALID FORM", "STEP_COMPLETED FORM",
                "STEP_ENTERED RECEIPT", "STEP_COMPLETED RECEIPT", "ENDED COMPLETED"), events);
        try {
            s.submit(Map.of());
            fail();
        } catch (IllegalStateException e) {
            assertEquals("the visit has ended (COMPLETED)", e.getMessage());
        }
    }

    @Test
    public void backFollowsThePathButNeverPastACardRead() {
        registry.addBundle(8, "acme.card", "1", List.of(new Registry.Resource() {
            @Override
            public String path() {
                return "card.json";
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(("{\"code\":\"card-biz\",\"name\":{\"zh-CN\":\"刷卡业务\"},"
                        + "\"category\":\"x\",\"steps\":[\"FORM\",\"IDENTIFY\",\"RECEIPT\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }));
        assertEquals(List.of("step type IDENTIFY"), engine.readiness("card-biz"));
        try {
            engine.start("card-biz", null);
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("step type IDENTIFY"));
        }
        engine.addStepType(card);
        Session s = engine.start("card-biz", null);
        assertFalse(s.canGoBack());
        s.submit(Map.of());
        assertTrue(s.canGoBack());
        s.back();
        assertEquals("FORM", s.currentStep().orElseThrow().type());
        s.submit(Map.of());
        s.submit(Map.of());
        assertEquals("RECEIPT", s.currentStep().orElseThrow().type());
        assertFalse("no going back past a card read", s.canGoBack());
        try {
            s.back();
            fail();
        } catch (IllegalStateException expected) {
            assertEquals("going back is not possible from this step", expected.getMessage());
        }
        byte[] photo = card.lastPhoto;
        s.cancel();
        assertEquals(EndReason.CANCELLED, s.endReason().orElseThrow());
        assertEquals("photo bytes are zeroed", 0, photo[0] + photo[1] + photo[2]);
    }

    @Test
    public void aStepThatThrowsGivesACalmMessageAndTheVisitGoesOn() {
        engine.addStepType(card);
        registry.addBundle(8, "acme.card", "1", List.of(inline("{\"code\":\"card-only\",\"name\":{\"zh-CN\":\"刷卡\"},\"category\":\"x\",\"steps\":[\"IDENTIFY\",\"RECEIPT\"]}")));
        Session s = engine.start("card-only", null);
        StepResult r = s.submit(Map.of("mode", "boom"));
        assertEquals(StepResult.Kind.INVALID, r.kind());
        assertTrue(r.errors().get("").zh().startsWith("系统繁忙"));
        assertEquals(SessionState.ACTIVE, s.state());
        StepResult refused = s.submit(Map.of("mode", "refuse"));
        assertEquals("请到窗口办理", refused.refusal().advice().orElseThrow().zh());
        assertEquals(EndReason.REFUSED, s.endReason().orElseThrow());
        assertTrue(events.toString(), events.contains("REFUSED IDENTIFY"));
    }

    @Test
    public void idleWarningThenAbandon() throws Exception {
        registry.addBundle(8, "acme.fast", "1", List.of(inline("{\"code\":\"fast\",\"name\":{\"zh-CN\":\"快\"},\"category\":\"x\","
                + "\"steps\":[{\"type\":\"FORM\",\"idleTimeoutSeconds\":2}]}")));
        engine.deactivate();
        start(TestConfigs.engine(600, 120, 1, 2));
        CountDownLatch ended = new CountDownLatch(1);
        engine.addListener((s, e) -> {
            if (e.type() == SessionEvent.Type.ENDED) {
                ended.countDown();
            }
        });
        Session s = engine.start("fast", null);
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertEquals(EndReason.IDLE_TIMEOUT, s.endReason().orElseThrow());
        List<String> types = events.stream().map(x -> x.split(" ")[0]).collect(Collectors.toList());
        assertTrue(types.toString(), types.indexOf("IDLE_WARNING") > 0 && types.indexOf("IDLE_WARNING") < types.indexOf("ENDED"));
    }

    @Test
    public void elderPaceGivesEveryStepMoreTime() {
        Session s = engine.start("test-renewal", null);
        long normal = java.time.Duration.between(java.time.Instant.now(), s.idleDeadline()).getSeconds();
        s.pace(150);
        long elder = java.time.Duration.between(java.time.Instant.now(), s.idleDeadline()).getSeconds();
        assertTrue(normal + " s then " + elder + " s", elder >= normal * 3 / 2 - 1 && elder <= normal * 3 / 2 + 1);
        for (int bad : new int[] {0, 49, 401, -100}) {
            try {
                s.pace(bad);
                fail("pace " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("pace must be 50-400 %"));
            }
        }
        s.cancel();
    }

    @Test
    public void visitLimitEndsTheVisit() throws Exception {
        engine.deactivate();
        start(TestConfigs.engine(10, 120, 0, 2));
        Session s = engine.start("test-renewal", null);
        assertTrue(s.visitDeadline().isAfter(s.startedAt()));
        assertEquals(10, java.time.Duration.between(s.startedAt(), s.visitDeadline()).getSeconds());
        // the limit itself is exercised through SessionImpl.end, which the timer calls
        ((SessionImpl) s).end(EndReason.VISIT_TIMEOUT);
        assertEquals(EndReason.VISIT_TIMEOUT, s.endReason().orElseThrow());
    }

    @Test
    public void removingTheBusinessEndsItsVisitsPolitely() {
        Session s = engine.start("test-renewal", null);
        registry.removeBundle(7);
        assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
        assertEquals("该业务已暂停办理，请联系工作人员", s.endReason().get().message().zh());
        try {
            engine.start("test-renewal", null);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no business with code 'test-renewal'", e.getMessage());
        }
    }

    @Test
    public void concurrentVisitsAreBounded() {
        engine.start("test-renewal", null);
        engine.start("test-renewal", null);
        try {
            engine.start("test-renewal", null);
            fail();
        } catch (IllegalStateException e) {
            assertEquals("the kiosk is already serving 2 visit(s)", e.getMessage());
        }
        engine.deactivate();
        assertTrue(events.stream().anyMatch(e -> e.equals("ENDED FORM SHUTDOWN")));
        start(TestConfigs.engine(600, 120, 20, 2));
    }

    static Registry.Resource inline(String json) {
        return new Registry.Resource() {
            @Override
            public String path() {
                return "inline.json";
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        };
    }

    /** A visit keeps the rule parameters in effect when it started; a change applies to the next visit. */
    @Test
    public void aVisitSnapshotsTheRuleParametersInEffectAtItsStart() {
        java.util.concurrent.atomic.AtomicReference<String> configured = new java.util.concurrent.atomic.AtomicReference<>("120");
        engine.businessSettings = new org.opendmv.engine.api.BusinessSettings() {
            @Override
            public List<org.opendmv.engine.api.EffectiveParameter> parameters(String code) {
                return List.of();
            }

            @Override
            public org.opendmv.business.api.BusinessDescriptor forNextVisit(org.opendmv.business.api.BusinessDescriptor b) {
                Map<String, String> p = new java.util.HashMap<>(b.properties());
                p.put("rule.windowDaysBefore", configured.get());
                return b.withProperties(p);
            }
        };
        Session first = engine.start("test-renewal", Locale.SIMPLIFIED_CHINESE);
        configured.set("30");
        Session second = engine.start("test-renewal", Locale.SIMPLIFIED_CHINESE);
        assertEquals("120", first.business().property("rule.windowDaysBefore", null));
        assertEquals("30", second.business().property("rule.windowDaysBefore", null));
        assertEquals("the rest of the descriptor is the registry's", "CA", first.business().property("businessType", null));
        assertEquals(registry.business("test-renewal").orElseThrow().steps(), first.business().steps());
        assertEquals("the registry's descriptor is unchanged", null, registry.business("test-renewal").orElseThrow().property("rule.windowDaysBefore", null));
        first.cancel();
        second.cancel();
    }

    // --- upgrades ---

    /** A rule that says which bundle's copy ran. */
    static final class VersionRule implements org.opendmv.business.api.spi.EligibilityRule {
        final String version;
        final List<String> ran;

        VersionRule(String version, List<String> ran) {
            this.version = version;
            this.ran = ran;
        }

        @Override
        public String id() {
            return "up.rule";
        }

        @Override
        public RuleResult evaluate(org.opendmv.business.api.spi.RuleContext ctx) {
            ran.add(version + " for " + ctx.business().name().zh());
            return RuleResult.eligible();
        }
    }

    private static Registry.Resource upgradable(String name) {
        return inline("{\"code\":\"up\",\"name\":{\"zh-CN\":\"" + name + "\"},\"category\":\"x\","
                + "\"steps\":[\"FORM\",\"RECEIPT\"],\"rules\":[\"up.rule\"]}");
    }

    private static Map<String, Object> from(long bundle) {
        return Map.of(org.osgi.framework.Constants.SERVICE_BUNDLEID, bundle);
    }

    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final VersionRule rule1 = new VersionRule("1.0.0", ran);
    private final VersionRule rule2 = new VersionRule("1.0.1", ran);

    /** Version 1.0.0 from bundle 20 with its rule, a visit on it at FORM, then 1.0.1 from bundle 21 with its own copy of the rule. */
    private Session visitThenUpgrade(int graceSeconds) {
        engine.deactivate();
        start(TestConfigs.engine(600, 120, 20, 4, graceSeconds));
        registry.addBundle(20, "acme.up", "1.0.0", List.of(upgradable("旧版")));
        engine.bindRule(rule1, from(20));
        Session old = engine.start("up", null);
        assertEquals("FORM", old.currentStep().orElseThrow().type());
        registry.addBundle(21, "acme.up", "1.0.1", List.of(upgradable("新版")));
        engine.bindRule(rule2, from(21));
        return old;
    }

    @Test
    public void aVisitFinishesOnTheVersionAndRuleItStartedWithWhileNewVisitsTakeTheNewOne() {
        Session old = visitThenUpgrade(10);
        assertEquals("1.0.0", old.businessSource().orElseThrow().version());
        Session fresh = engine.start("up", null);
        assertEquals("新版", fresh.business().name().zh());
        assertEquals("1.0.1", fresh.businessSource().orElseThrow().version());

        assertEquals(StepResult.Kind.COMPLETED, old.submit(Map.of()).kind());
        assertEquals(StepResult.Kind.COMPLETED, fresh.submit(Map.of()).kind());
        assertEquals(List.of("1.0.0 for 旧版", "1.0.1 for 新版"), ran);
        old.submit(Map.of());
        assertEquals(SessionState.COMPLETED, old.state());
        assertEquals("旧版", old.business().name().zh());
    }

    @Test
    public void aVisitWhoseRuleLeavesBeforeItRanEndsAsUpgradedWithItsDataWiped() throws Exception {
        Session old = visitThenUpgrade(0);
        Session fresh = engine.start("up", null);
        registry.removeBundle(20);
        engine.unbindRule(rule1, from(20));
        await(() -> old.state() != SessionState.ACTIVE);
        assertEquals(EndReason.BUSINESS_UPGRADED, old.endReason().orElseThrow());
        assertEquals("该业务已更新，请重新开始办理", old.endReason().get().message().zh());
        assertTrue(old.data().isEmpty());
        assertEquals("the new version's visit goes on", SessionState.ACTIVE, fresh.state());
        assertEquals(StepResult.Kind.COMPLETED, fresh.submit(Map.of()).kind());
        assertEquals(List.of("1.0.1 for 新版"), ran);
    }

    @Test
    public void aVisitPastItsRulesGoesOnWhenTheyLeave() {
        Session old = visitThenUpgrade(0);
        old.submit(Map.of("mobile", "13812345678"));
        assertEquals("RECEIPT", old.currentStep().orElseThrow().type());
        assertTrue(old.canGoBack());
        engine.unbindRule(rule1, from(20));
        assertEquals(SessionState.ACTIVE, old.state());
        assertFalse("no going back to a step whose rule has left", old.canGoBack());
        old.submit(Map.of());
        assertEquals(SessionState.COMPLETED, old.state());
    }

    @Test
    public void aRuleLeavingWhileTheBusinessIsGoneWaitsForTheGraceThenEndsAsRemoved() throws Exception {
        engine.deactivate();
        start(TestConfigs.engine(600, 120, 20, 4, 1));
        registry.addBundle(20, "acme.up", "1.0.0", List.of(upgradable("旧版")));
        engine.bindRule(rule1, from(20));
        Session s = engine.start("up", null);
        engine.unbindRule(rule1, from(20));
        registry.removeBundle(20);
        StepResult meanwhile = s.submit(Map.of());
        assertEquals(StepResult.Kind.INVALID, meanwhile.kind());
        assertEquals("该业务正在更新，请稍候", meanwhile.errors().get("").zh());
        await(() -> s.state() != SessionState.ACTIVE);
        assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
        assertTrue(ran.isEmpty());
    }

    @Test
    public void anInPlaceUpdateWithinTheGraceKeepsADescriptorOnlyVisit() throws Exception {
        engine.deactivate();
        start(TestConfigs.engine(600, 120, 20, 4, 1));
        Session s = engine.start("test-renewal", null);
        registry.removeBundle(7);
        registry.addBundle(8, "acme", "1", List.of(RegistryTest.res("good.json")));
        Thread.sleep(1500);
        assertEquals(SessionState.ACTIVE, s.state());
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("mobile", "13812345678")).kind());
        s.submit(Map.of());
        assertEquals(SessionState.COMPLETED, s.state());
    }

    @Test
    public void removingTheBusinessEndsItsVisitsAfterTheGrace() throws Exception {
        engine.deactivate();
        start(TestConfigs.engine(600, 120, 20, 4, 1));
        Session s = engine.start("test-renewal", null);
        long t0 = System.nanoTime();
        registry.removeBundle(7);
        assertEquals(SessionState.ACTIVE, s.state());
        await(() -> s.state() != SessionState.ACTIVE);
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 900);
        assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out");
            }
            Thread.sleep(20);
        }
    }
}
