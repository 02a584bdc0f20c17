package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.engine.api.SessionState;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The 12 businesses in the running distribution, driven like a citizen with the simulators
 * (kiosk:simulate): one accepted and one refused visit each, a visit abandoned by timeout, and a
 * business removed during a visit and installed again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessesIT extends KioskTestSupport {
    private static final Pattern SERIAL = Pattern.compile("流水号 serial (\\d{8}[A-Z0-9]{1,12}\\d{6})");
    /** business, card that is accepted, card that is refused, refusal code. */
    private static final String[][] CASES = {
        {"dl-renewal", "adult-male", "dl-suspended", "LICENCE_STATUS_D"},
        {"dl-renewal-postpone", "adult-male", "dl-postponed", "ALREADY_POSTPONED"},
        {"dl-downgrade", "adult-male", "long-term", "NO_LOWER_CLASS"},
        {"dl-medical-postpone", "elderly", "adult-male", "NOT_REQUIRED"},
        {"dl-review-postpone", "adult-female", "adult-male", "NOT_REQUIRED"},
        {"dl-replace-lost", "adult-male", "dl-lapsed", "EXPIRED_TOO_LONG"},
        {"dl-cancel", "adult-male", "dl-suspended", "LICENCE_STATUS_D"},
        {"mv-inspection-sticker", "adult-male", "mv-fleet", "NO_ELIGIBLE_VEHICLE"},
        {"mv-licence-replace", "adult-male", "mv-seized", "VEHICLE_STATUS_K"},
        {"mv-licence-exchange", "adult-male", "adult-female", "NO_VEHICLE"},
        {"mv-plate-replace", "adult-male", "mv-seized", "VEHICLE_STATUS_K"},
        {"mv-plate-exchange", "adult-male", "mv-seized", "VEHICLE_STATUS_K"},
    };

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ApplicationStore store;
    @Inject
    ConfigurationAdmin configAdmin;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(Arrays.asList(super.config()));
        // fast simulators: the visits test the flow, bench/ measures speed
        o.add(editConfigurationFilePut("etc/org.opendmv.devices.sim.cfg", "default.latency.ms", "20"));
        o.add(editConfigurationFilePut("etc/org.opendmv.payment.sim.cfg", "pay.after.ms", "300"));
        return o.toArray(new Option[0]);
    }

    private void awaitBusinesses() throws InterruptedException {
        await("12 businesses", 60_000, () -> Arrays.stream(CASES).allMatch(c -> registry.business(c[0]).isPresent()
                && sessions.readiness(c[0]).isEmpty()));
    }

    @Test
    public void everyBusinessAcceptsAnEligibleCitizen() throws Exception {
        awaitBusinesses();
        for (String[] c : CASES) {
            String out = console("kiosk:simulate --card " + c[1] + " " + c[0]);
            Matcher m = SERIAL.matcher(out);
            assertTrue(c[0] + " with " + c[1] + ":\n" + out, out.contains("办理完成 COMPLETED") && m.find());
            Application a = store.find(m.group(1)).orElseThrow();
            assertEquals(c[0], a.businessCode());
            assertEquals(c[0] + " status", Application.SUBMITTED, a.status());
            assertFalse("the full ID number never reaches the console", out.matches("(?s).*\\d{17}[\\dX].*"));
            System.out.println("== " + c[0] + "\n" + out);
        }
        String list = console("kiosk:applications -n 50");
        assertTrue(list, list.contains("110101********0019"));
        assertFalse(list, list.contains("110101198504120019"));
    }

    @Test
    public void everyBusinessRefusesAnIneligibleCitizenWithAReason() throws Exception {
        awaitBusinesses();
        long before = store.count();
        for (String[] c : CASES) {
            String out = console("kiosk:simulate --card " + c[2] + " " + c[0]);
            assertTrue(c[0] + " with " + c[2] + ":\n" + out, out.contains("不予受理 REFUSED") && out.contains("[" + c[3] + "]")
                    && out.contains("建议 advice:"));
        }
        assertEquals("a refused visit stores nothing", before, store.count());
    }

    @Test
    public void downgradeAnswersFromAFile() throws Exception {
        awaitBusinesses();
        Path answers = Files.createTempFile("answers", ".properties");
        Files.writeString(answers, "targetClass=B2\n", StandardCharsets.UTF_8);
        String out = console("kiosk:simulate --card adult-male --answers " + answers + " dl-downgrade");
        assertTrue(out, out.contains("TARGET_NOT_PERMITTED") || out.contains("targetClass"));
        Files.writeString(answers, "targetClass=C2\n", StandardCharsets.UTF_8);
        out = console("kiosk:simulate --card adult-male --answers " + answers + " dl-downgrade");
        Matcher m = SERIAL.matcher(out);
        assertTrue(out, m.find());
        assertEquals("C2", store.find(m.group(1)).orElseThrow().payload().get("form.targetClass"));
        Files.delete(answers);
    }

    @Test
    public void simulateWithoutCardWaitsForACardOnTheConfiguredReader() throws Exception {
        awaitBusinesses();
        console("kiosk:sim card-remove");
        java.util.concurrent.CompletableFuture<String> visit = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return console("kiosk:simulate --step-timeout 120 dl-renewal");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // the visit sits in IDENTIFY waiting for a card; nothing is put on the reader for it
        await("a visit waiting for a card", 30_000, () -> sessions.sessions().stream()
                .anyMatch(x -> x.business().code().equals("dl-renewal") && x.currentStep().map(st -> st.type()).orElse("").equals("IDENTIFY")));
        Thread.sleep(2000);
        assertFalse("still waiting without a card", visit.isDone());
        // the citizen puts a card on the reader (here the simulator's, as an operator would with kiosk:sim)
        console("kiosk:sim card-insert adult-male");
        String out = visit.get(120, java.util.concurrent.TimeUnit.SECONDS);
        console("kiosk:sim card-remove");
        assertTrue(out, out.contains("未指定 --card：请将身份证放在阅读器 id-card-reader (driver sim"));
        assertTrue(out, out.contains("No --card: waiting for a physical ID card on reader id-card-reader (driver sim"));
        assertTrue(out, out.contains("place the card on the reader; waiting up to 120 s (--step-timeout)"));
        assertTrue(out, out.contains("办理完成 COMPLETED"));
        String reader = console("kiosk:devices id-card-reader");
        assertTrue("what the reader reports shows in kiosk:devices: " + reader, reader.contains("Firmware:      sim-1")
                && reader.contains("Serial number: SIM-id-card-reader"));
        String health = httpGet("/api/health");
        assertTrue(health, health.contains("\"firmware\" : \"sim-1\"") && health.contains("\"serialNumber\" : \"SIM-id-card-reader\""));
    }

    @Test
    public void simulateRejectsBadInputClearly() throws Exception {
        awaitBusinesses();
        expectError("kiosk:simulate --card adult-male no-such-business", "no-such-business");
        expectError("kiosk:simulate --card nobody dl-renewal", "unknown profile 'nobody'");
        expectError("kiosk:simulate --card adult-male --answers /no/such/file dl-renewal", "answers file not found");
        expectError("kiosk:simulate --card adult-male --repeat 0 dl-renewal", "--repeat must be between");
        expectError("kiosk:simulate --repeat 5 dl-renewal", "--repeat needs --card: a benchmark cannot wait for a physical card");
        expectError("kiosk:simulate --card", "--card");
        expectError("kiosk:applications -n 0", "--max must be between");
    }

    private void expectError(String command, String fragment) throws Exception {
        try {
            String out = console(command);
            fail(command + " printed: " + out);
        } catch (Exception e) {
            assertTrue(command + " -> " + e.getMessage(), String.valueOf(e.getMessage()).contains(fragment));
        }
    }

    @Test
    public void visitAbandonedByTimeoutLeavesNoPersonalData() throws Exception {
        awaitBusinesses();
        org.osgi.service.cm.Configuration engine = configAdmin.getConfiguration("org.opendmv.engine", null);
        Dictionary<String, Object> old = engine.getProperties();
        sessions.sessions().forEach(Session::cancel);
        Dictionary<String, Object> fast = new Hashtable<>();
        fast.put("idle.scale.percent", 3);
        engine.update(fast);
        try {
            Thread.sleep(500);
            long before = store.count();
            console("kiosk:sim card-insert adult-male");
            Session s = sessions.start("dl-renewal", Locale.SIMPLIFIED_CHINESE);
            await("card read", 30_000, () -> "CONSENT".equals(s.data().get("identify.phase")));
            s.submit(Map.of("consent", true));
            await("the form", 30_000, () -> s.currentStep().map(x -> x.type().equals("FORM")).orElse(false));
            assertEquals("110101198504120019", s.data().get("idcard.idNumber"));
            await("abandoned", 60_000, () -> s.state() != SessionState.ACTIVE);
            assertEquals(EndReason.IDLE_TIMEOUT, s.endReason().orElseThrow());
            assertTrue("nothing left in memory", s.data().isEmpty());
            assertEquals("nothing stored", before, store.count());
            await("the visit to leave the list", 10_000, () -> sessions.sessions().isEmpty());
        } finally {
            console("kiosk:sim card-remove");
            if (old == null) {
                engine.delete();
            } else {
                engine.update(old);
            }
        }
    }

    @Test
    public void businessRemovedDuringAVisitEndsItPolitelyAndIsUsableAgainOnceReinstalled() throws Exception {
        awaitBusinesses();
        Bundle bundle = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "org.opendmv.business.dl-cancel".equals(b.getSymbolicName())).findFirst().orElseThrow();
        console("kiosk:sim card-insert adult-male");
        Session s = sessions.start("dl-cancel", Locale.SIMPLIFIED_CHINESE);
        try {
            bundle.stop();
            await("visit to end", 60_000, () -> s.state() != SessionState.ACTIVE);
            assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
            assertTrue(s.data().isEmpty());
            assertFalse(registry.business("dl-cancel").isPresent());
        } finally {
            if (s.state() == SessionState.ACTIVE) {
                s.cancel();
            }
            console("kiosk:sim card-remove");
        }
        long t0 = System.nanoTime();
        bundle.start();
        await("dl-cancel back", 60_000, () -> registry.business("dl-cancel").isPresent() && sessions.readiness("dl-cancel").isEmpty());
        System.out.println("restart latency ms=" + (System.nanoTime() - t0) / 1_000_000);
        String out = console("kiosk:simulate --card adult-male dl-cancel");
        assertTrue(out, out.contains("办理完成 COMPLETED"));
    }
}
