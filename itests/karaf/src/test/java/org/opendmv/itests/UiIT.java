package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.ui.api.KioskUi;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The touch UI in the real distribution on a virtual display: a citizen's walk through three
 * businesses by touching controls (pointer events through the X server), asserting what each
 * screen shows, with a screenshot of every screen in each of the three layouts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UiIT extends KioskTestSupport {
    private static final String[] LAYOUTS = {"1920x1080", "1280x1024", "1080x1920"};

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ConfigurationAdmin configAdmin;

    private int shot;
    /** The walk leaves at PAY with the payment provider gone (see {@link #leavingPayWhileThePaymentCannotBeConfirmed}). */
    private volatile boolean leaveAtPay;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(Arrays.asList(super.config()));
        o.add(editConfigurationFilePut("etc/org.opendmv.devices.sim.cfg", "default.latency.ms", "20"));
        o.add(editConfigurationFilePut("etc/org.opendmv.payment.sim.cfg", "pay.after.ms", "1500"));
        o.add(editConfigurationFilePut("etc/org.opendmv.ui.cfg", "layout", "1920x1080"));
        // the QR code the phone scans must point at this container's HTTP port
        o.add(editConfigurationFilePut("etc/org.opendmv.upload.cfg", "public.base.url", "http://127.0.0.1:" + httpPort()));
        // slow enough records to see (and photograph) the CHECK screen
        o.add(editConfigurationFilePut("etc/org.opendmv.records.sim.cfg", "latency.ms", "1500"));
        o.add(systemProperty("opendmv.test.screenshots").value(System.getProperty("screenshots.dir", "target/screenshots")));
        return o.toArray(new Option[0]);
    }

    /** Each test starts like a fresh citizen: no card on the reader, no visit running. */
    @org.junit.Before
    public void noCardNoVisit() throws Exception {
        console("kiosk:sim card-remove");
        sessions.sessions().forEach(x -> {
            try {
                x.cancel();
            } catch (IllegalStateException e) {
                // ended meanwhile
            }
        });
    }

    private KioskUi ui() throws Exception {
        await("the touch UI (the container needs DISPLAY; ./kiosk test starts Xvfb)", 60_000,
                () -> bundleContext.getServiceReference(KioskUi.class) != null);
        return bundleContext.getService(bundleContext.getServiceReference(KioskUi.class));
    }

    @Test
    public void citizenWalksThreeBusinessesInEveryLayout() throws Exception {
        await("the 12 businesses", 60_000, () -> registry.businesses().size() >= 12);
        KioskUi ui = ui();
        for (String layout : LAYOUTS) {
            layout(ui, layout);
            shot = 0;
            walk(ui, layout, "dl-renewal", "driver-licence", "adult-male");
            walk(ui, layout, "mv-plate-replace", "motor-vehicle", "adult-male");
            walk(ui, layout, "dl-cancel", "driver-licence", "adult-male");
        }
        layout(ui, "1920x1080");
    }

    @Test
    public void refusalSaysWhyAndWhatToDo() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        toBusinessList(ui, "driver-licence", "1920x1080", "refusal");
        ui.tap("business.dl-renewal");
        awaitScreen(ui, "visit:IDENTIFY");
        console("kiosk:sim card-insert dl-suspended");
        awaitId(ui, "identify.agree");
        ui.tap("identify.agree");
        awaitScreen(ui, "ended");
        String text = ui.screenText();
        assertTrue(text, ui.text("result.title").orElse("").contains("暂不能办理"));
        assertTrue(text, ui.visibleIds().contains("result.advice"));
        shoot(ui, "1920x1080", "refusal", "ended");
        console("kiosk:sim card-remove");
        ui.tap("result.home");
        awaitScreen(ui, "home");
    }

    /**
     * The face check as the citizen sees it: the camera picture with the face box, the challenge in large type,
     * progress and countdown, then "passed"; a check without a live face offers another try with the tries
     * left, then the counter; a live face that is not the card holder's is sent to the counter at once.
     */
    @Test
    public void faceCheckShowsTheCameraTheChallengesAndClearOutcomes() throws Exception {
        KioskUi ui = ui();
        List<String> challenges = List.of("眨眨眼", "请向左转头", "请向右转头", "张张嘴");
        try {
            // an action takes 8 latencies: 3.2 s, long enough to see and photograph
            console("kiosk:sim delay liveness-detector 400");
            for (String layout : new String[] {"1080x1920", "1280x1024", "1920x1080"}) {
                layout(ui, layout);
                shot = 0;
                toIdentifyConsent(ui, layout, "face-check");
                ui.tap("identify.agree");
                awaitId(ui, "identify.camera");
                await("a challenge in large type", 30_000, () -> challenges.contains(ui.text("identify.challenge").orElse("")));
                await("the countdown", 10_000, () -> ui.text("identify.countdown").orElse("").matches("还剩 \\d+ 秒"));
                assertTrue(ui.screenText(), ui.text("identify.progress").orElse("").matches("第 [12] 项，共 2 项"));
                // a second into a challenge of 3.2 s the simulated person is doing it
                await("a second into it", 10_000, () -> ui.text("identify.countdown").orElse("").equals("还剩 4 秒"));
                Thread.sleep(600);
                shoot(ui, layout, "face-check", "identify-challenge");
                await("passed", 30_000, () -> ids(ui).contains("identify.passed"));
                shoot(ui, layout, "face-check", "identify-passed");
                awaitScreen(ui, "visit:CHECK");
                toHome(ui);
            }
            // the camera's advice: the simulated person stands too far away at first
            org.osgi.service.cm.Configuration camera = configAdmin.listConfigurations("(device.id=liveness-detector)")[0];
            Dictionary<String, Object> props = camera.getProperties();
            props.put("sim.liveness.guidance", "TOO_FAR");
            camera.update(props);
            try {
                Thread.sleep(2000); // the device is rebuilt with its new configuration (and its configured latency)
                console("kiosk:sim delay liveness-detector 400");
                toIdentifyConsent(ui, "1920x1080", "face-guidance");
                ui.tap("identify.agree");
                await("the advice", 30_000, () -> ui.text("identify.guidance").orElse("").equals("请靠近一点"));
                Thread.sleep(500);
                shoot(ui, "1920x1080", "face-guidance", "identify-guidance");
                await("passed", 30_000, () -> ids(ui).contains("identify.passed"));
                awaitScreen(ui, "visit:CHECK");
                toHome(ui);
            } finally {
                props.remove("sim.liveness.guidance");
                camera.update(props);
                Thread.sleep(2000);
                console("kiosk:sim delay liveness-detector 400");
            }
            // the same in English
            ui.tap("header.language");
            await("English header", 10_000, () -> ui.text("header.title").orElse("").equals("Vehicle Office Self-Service"));
            List<String> english = List.of("Blink your eyes", "Turn your head to the left", "Turn your head to the right", "Open your mouth");
            try {
                toIdentifyConsent(ui, "1920x1080", "face-check-en");
                ui.tap("identify.agree");
                await("a challenge in English", 30_000, () -> english.contains(ui.text("identify.challenge").orElse("")));
                assertTrue(ui.screenText(), ui.text("identify.progress").orElse("").matches("Step [12] of 2"));
                await("a second into it", 10_000, () -> ui.text("identify.countdown").orElse("").equals("4 seconds left"));
                Thread.sleep(600);
                shoot(ui, "1920x1080", "face-check-en", "identify-challenge");
                await("passed", 30_000, () -> ids(ui).contains("identify.passed"));
                assertEquals(Optional.of("Identity verified"), ui.text("identify.passed"));
                awaitScreen(ui, "visit:CHECK");
                toHome(ui);
            } finally {
                ui.tap("header.language");
                await("Chinese header", 10_000, () -> ui.text("header.title").orElse("").equals("车管所自助服务"));
            }

            // no live face: try again with the tries left, then the counter
            console("kiosk:sim delay liveness-detector 20");
            console("kiosk:sim fail liveness-detector SPOOF");
            toIdentifyConsent(ui, "1920x1080", "face-spoof");
            ui.tap("identify.agree");
            awaitId(ui, "identify.retry");
            assertEquals(ui.screenText(), Optional.of("您还可以再试 2 次"), ui.text("identify.attempts-left"));
            assertTrue(ui.text("identify.reason").orElse("").contains("真人"));
            shoot(ui, "1920x1080", "face-spoof", "identify-retry");
            ui.tap("identify.retry");
            await("second try", 30_000, () -> ui.text("identify.attempts-left").orElse("").equals("您还可以再试 1 次"));
            ui.tap("identify.retry");
            awaitScreen(ui, "ended");
            assertTrue(ui.screenText(), ui.screenText().contains("人工窗口"));
            shoot(ui, "1920x1080", "face-spoof", "no-tries-left");
            console("kiosk:sim card-remove");
            ui.tap("result.home");
            awaitScreen(ui, "home");

            // a live face, but not the card holder's: straight to the counter
            console("kiosk:sim fail liveness-detector FAIL");
            toIdentifyConsent(ui, "1920x1080", "face-other");
            ui.tap("identify.agree");
            awaitScreen(ui, "ended");
            String text = ui.screenText();
            assertTrue(text, text.contains("无法确认您是持证人本人"));
            assertTrue(text, ui.text("result.advice").orElse("").contains("人工窗口"));
            assertFalse("no other try", ids(ui).contains("identify.retry"));
            shoot(ui, "1920x1080", "face-other", "identify-not-holder");
            console("kiosk:sim card-remove");
            ui.tap("result.home");
            awaitScreen(ui, "home");
        } finally {
            console("kiosk:sim reset");
        }
    }

    /** A driving licence renewal up to the consent to face recognition. */
    private void toIdentifyConsent(KioskUi ui, String layout, String code) throws Exception {
        toBusinessList(ui, "driver-licence", layout, code);
        ui.tap("business.dl-renewal");
        awaitScreen(ui, "visit:IDENTIFY");
        console("kiosk:sim card-insert adult-male");
        awaitId(ui, "identify.agree");
    }

    @Test
    public void englishElderModeHelpAndCancel() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        toHome(ui);
        ui.tap("header.language");
        await("English header", 10_000, () -> ui.text("header.title").orElse("").equals("Vehicle Office Self-Service"));
        ui.tap("header.elder");
        await("elder mode button", 10_000, () -> ui.text("header.elder").orElse("").equals("Standard"));
        ui.tap("home.vehicle-office");
        awaitScreen(ui, "category");
        assertEquals(Optional.of("Driving licence"), ui.text("category.driver-licence"));
        ui.tap("category.driver-licence");
        awaitScreen(ui, "businesses");
        shoot(ui, "1920x1080", "english-elder", "businesses");
        ui.tap("business.dl-renewal");
        awaitScreen(ui, "visit:IDENTIFY");
        awaitId(ui, "identify.prompt");
        assertTrue(ui.screenText(), ui.text("identify.prompt").orElse("").contains("ID card"));
        ui.tap("header.help");
        awaitId(ui, "help.close");
        assertTrue(ui.text("help.step").orElse("").contains("Place your ID card"));
        shoot(ui, "1920x1080", "english-elder", "help");
        ui.tap("help.close");
        await("help closed", 10_000, () -> !ids(ui).contains("help.close"));
        // elder mode gives the step more time
        Session s = sessions.sessions().get(0);
        long left = java.time.Duration.between(java.time.Instant.now(), s.idleDeadline()).getSeconds();
        assertTrue("elder pace: " + left + " s", left > 120);
        ui.tap("visit.cancel");
        awaitScreen(ui, "ended");
        assertEquals(Optional.of("Cancelled"), ui.text("result.title"));
        assertTrue("the visit is gone", sessions.sessions().isEmpty());
        ui.tap("header.elder");
        ui.tap("header.language");
        await("Chinese header", 10_000, () -> ui.text("header.title").orElse("").equals("车管所自助服务"));
    }

    @Test
    public void deviceProblemIsShownInPlainWords() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        console("kiosk:sim fail document-scanner JAMMED");
        try {
            toBusinessList(ui, "driver-licence", "1920x1080", "device");
            ui.tap("business.dl-cancel");
            awaitScreen(ui, "visit:IDENTIFY");
            console("kiosk:sim card-insert adult-male");
            awaitId(ui, "identify.agree");
            ui.tap("identify.agree");
            awaitScreen(ui, "visit:FORM");
            fillForm(ui, registry.business("dl-cancel").orElseThrow(), "1920x1080", "device");
            awaitScreen(ui, "visit:MATERIALS");
            awaitId(ui, "materials.licence.scan");
            // a touch can be lost while the screen is still being laid out (seen once in CI): touch
            // again, as a citizen would; the jam itself must always be reported
            for (int i = 0; i < 3 && !ids(ui).contains("visit.problem"); i++) {
                assertTrue(ui.tap("materials.licence.scan"));
                long until = System.currentTimeMillis() + 8000;
                while (System.currentTimeMillis() < until && !ids(ui).contains("visit.problem")) {
                    Thread.sleep(200);
                }
            }
            awaitId(ui, "visit.problem");
            String problem = ui.text("visit.problem").orElse("");
            assertTrue(problem, problem.contains("高拍仪"));
            assertFalse("no stack trace on screen", ui.screenText().contains("Exception"));
            shoot(ui, "1920x1080", "device", "scanner-jammed");
        } finally {
            console("kiosk:sim reset");
            if (ids(ui).contains("visit.cancel")) {
                ui.tap("visit.cancel");
            }
            console("kiosk:sim card-remove");
        }
    }

    @Test
    public void aBrokenReaderSendsTheCitizenToTheCounter() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        toBusinessList(ui, "driver-licence", "1920x1080", "driver");
        ui.tap("business.dl-renewal");
        awaitScreen(ui, "visit:IDENTIFY");
        awaitId(ui, "identify.prompt");
        console("kiosk:sim fail id-card-reader HARDWARE_ERROR");
        try {
            awaitId(ui, "visit.problem.action");
            assertTrue(ui.text("visit.problem").orElse(""), ui.text("visit.problem").orElse("").contains("身份证阅读器"));
            // not "try later": nobody fixes a broken reader while the citizen waits
            assertEquals("本机暂停服务，请到人工窗口办理", ui.text("visit.problem.action").orElse(""));
            shoot(ui, "1920x1080", "driver", "reader-hardware-error");
        } finally {
            console("kiosk:sim reset");
        }
        if (ids(ui).contains("visit.cancel")) {
            ui.tap("visit.cancel");
            awaitScreen(ui, "ended");
        }
    }

    @Test
    public void driverRemovedDuringAVisitIsExplainedAndTheShellKeepsRunning() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        org.osgi.framework.Bundle sim = Arrays.stream(bundleContext.getBundles())
                .filter(x -> x.getSymbolicName().equals("org.opendmv.devices.sim")).findFirst().orElseThrow();
        toBusinessList(ui, "driver-licence", "1920x1080", "driver");
        ui.tap("business.dl-renewal");
        awaitScreen(ui, "visit:IDENTIFY");
        awaitId(ui, "identify.prompt");
        sim.stop();
        try {
            awaitId(ui, "visit.problem");
            assertTrue(ui.text("visit.problem").orElse(""), ui.text("visit.problem").orElse("").contains("身份证阅读器"));
            shoot(ui, "1920x1080", "driver", "reader-missing");
        } finally {
            sim.start();
        }
        await("the problem clears when the driver is back", 30_000, () -> !ids(ui).contains("visit.problem"));
        assertEquals("visit:IDENTIFY", ui.screen());
        ui.tap("visit.cancel");
        awaitScreen(ui, "ended");
    }

    @Test
    public void idleVisitAsksAreYouStillThereThenEndsAndClears() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        org.osgi.service.cm.Configuration engine = configAdmin.getConfiguration("org.opendmv.engine", null);
        Dictionary<String, Object> old = engine.getProperties();
        Dictionary<String, Object> fast = new Hashtable<>();
        // IDENTIFY waits 90 s and warns 20 s before the end: at 40 % the warning comes after 16 s
        fast.put("idle.scale.percent", 40);
        engine.update(fast);
        try {
            Thread.sleep(500);
            toBusinessList(ui, "driver-licence", "1920x1080", "idle");
            ui.tap("business.dl-renewal");
            awaitScreen(ui, "visit:IDENTIFY");
            awaitId(ui, "idle.continue");
            assertEquals(Optional.of("还在吗？"), ui.text("idle.title"));
            shoot(ui, "1920x1080", "idle", "still-there");
            ui.tap("idle.continue");
            await("warning gone", 10_000, () -> !ids(ui).contains("idle.continue"));
            assertEquals("visit:IDENTIFY", ui.screen());
            // nobody touches it again: the visit ends and says so
            await("timed out", 90_000, () -> ui.screen().equals("ended"));
            assertTrue(ui.screenText(), ui.text("result.text").orElse("").contains("已清除"));
            assertTrue(sessions.sessions().isEmpty());
            shoot(ui, "1920x1080", "idle", "ended");
        } finally {
            engine.update(old == null ? new Hashtable<>() : old);
        }
    }

    @Test
    public void hotDeployedBusinessAppearsAndRemovedOneDisappearsWithoutRestart() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        toBusinessList(ui, "driver-licence", "1920x1080", "hot-deploy");
        assertFalse(ids(ui).contains("business.sample-hello"));
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy", "sample-business.jar");
        Path tmp = deploy.resolveSibling("sample-business.tmp");
        Files.copy(Path.of(System.getProperty("opendmv.test.fixtures"), "org.opendmv.itests.sample-business.jar"), tmp,
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy, StandardCopyOption.ATOMIC_MOVE);
        try {
            // the list on screen updates itself; nobody touches the kiosk
            awaitId(ui, "business.sample-hello");
            shoot(ui, "1920x1080", "hot-deploy", "business-added");
        } finally {
            Files.deleteIfExists(deploy);
        }
        await("gone from the screen", 30_000, () -> !ids(ui).contains("business.sample-hello"));
        assertEquals("businesses", ui.screen());
    }

    /**
     * Issue 1/6: a citizen who leaves PAY while the kiosk cannot confirm that the order is closed is
     * told that the payment is being confirmed, sees the serial and gets a slip; the application stays.
     */
    @Test
    public void leavingPayWhileThePaymentCannotBeConfirmed() throws Exception {
        KioskUi ui = ui();
        layout(ui, "1920x1080");
        await("the 12 businesses", 60_000, () -> registry.businesses().size() >= 12);
        org.osgi.service.cm.Configuration simPay = configAdmin.getConfiguration("org.opendmv.payment.sim", null);
        java.util.Dictionary<String, Object> before = simPay.getProperties();
        java.util.Dictionary<String, Object> never = before == null ? new java.util.Hashtable<>() : before;
        never.put("outcome", "NEVER");
        simPay.update(never);
        leaveAtPay = true;
        try {
            walk(ui, "1920x1080", "dl-renewal", "driver-licence", "adult-male");
        } finally {
            leaveAtPay = false;
            never.put("outcome", "PAY");
            simPay.update(never);
        }
    }

    private void leaveUnsettled(KioskUi ui, String layout, String code) throws Exception {
        org.osgi.framework.Bundle provider = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "org.opendmv.payment.sim".equals(b.getSymbolicName())).findFirst().orElseThrow();
        // the payment provider becomes unreachable while the QR code is on screen
        provider.stop();
        try {
            ui.tap("visit.cancel");
            await("the outcome screen", 60_000, () -> ui.screen().equals("ended"));
            String text = ui.screenText();
            assertEquals(text, Optional.of("支付结果确认中"), ui.text("result.title"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{8}[A-Z0-9]{1,12}\\d{6})")
                    .matcher(ui.text("result.text").orElse(""));
            assertTrue(text, m.find());
            assertTrue(text, ui.text("result.advice").orElse("").contains("凭条已打印"));
            shoot(ui, layout, code, "pay-unsettled");
            String apps = console("kiosk:applications");
            assertTrue(apps, apps.lines().anyMatch(l -> l.contains(m.group(1)) && l.contains("PAYMENT_UNSETTLED")));
        } finally {
            provider.start();
        }
        console("kiosk:sim card-remove");
        ui.tap("result.home");
        awaitScreen(ui, "home");
    }

    // --- the walk ---

    private void walk(KioskUi ui, String layout, String code, String category, String card) throws Exception {
        BusinessDescriptor b = registry.business(code).orElseThrow();
        toBusinessList(ui, category, layout, code);
        assertTrue(ui.visibleIds().toString(), ids(ui).contains("business." + code));
        ui.tap("business." + code);
        awaitScreen(ui, "visit:IDENTIFY");
        awaitId(ui, "identify.prompt");
        assertTrue(ui.text("visit.business").orElse(""), ui.text("visit.business").orElse("").equals(b.name().zh()));
        shoot(ui, layout, code, "identify-card");
        console("kiosk:sim card-insert " + card);
        awaitId(ui, "identify.agree");
        assertTrue(ui.text("identify.who").orElse("").contains("********"));
        shoot(ui, layout, code, "identify-consent");
        // a face check that takes a moment, as a real camera does, so its screen can be seen
        console("kiosk:sim delay liveness-detector 150");
        try {
            ui.tap("identify.agree");
            awaitId(ui, "identify.camera");
            shoot(ui, layout, code, "identify-liveness");
        } finally {
            console("kiosk:sim delay liveness-detector 20");
        }
        awaitScreen(ui, "visit:CHECK");
        awaitId(ui, "check.title");
        shoot(ui, layout, code, "check");
        String last = "visit:CHECK";
        long end = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < end) {
            String screen = ui.screen();
            if (screen.equals("ended")) {
                assertEquals(ui.screenText(), Optional.of("办理完成，谢谢！"), ui.text("result.title"));
                shoot(ui, layout, code, "ended");
                console("kiosk:sim card-remove");
                ui.tap("result.home");
                awaitScreen(ui, "home");
                return;
            }
            if (!screen.equals(last)) {
                last = screen;
                Thread.sleep(300);
            }
            switch (screen) {
                case "visit:FORM":
                    fillForm(ui, b, layout, code);
                    break;
                case "visit:MATERIALS":
                    for (MaterialSpec m : b.materials()) {
                        if (m.required()) {
                            awaitId(ui, "materials." + m.code() + ".scan");
                            ui.tap("materials." + m.code() + ".scan");
                            awaitId(ui, "materials." + m.code() + ".retake");
                        }
                    }
                    shoot(ui, layout, code, "materials");
                    ui.tap("materials.next");
                    awaitLeave(ui, screen);
                    break;
                case "visit:PHOTO":
                    phone(ui, layout, code);
                    awaitLeave(ui, screen);
                    break;
                case "visit:SIGN":
                    awaitId(ui, "sign.canvas");
                    ui.stroke("sign.canvas", 0.2, 0.6, 0.35, 0.3, 0.5, 0.7, 0.65, 0.35, 0.8, 0.6);
                    ui.tap("sign.agree");
                    shoot(ui, layout, code, "sign");
                    ui.tap("sign.submit");
                    awaitLeave(ui, screen);
                    break;
                case "visit:PAY":
                    awaitId(ui, "pay.qr");
                    if (leaveAtPay) {
                        leaveUnsettled(ui, layout, code);
                        return;
                    }
                    // the fee may depend on the form (fee.by.*): the screen shows what the order asks
                    Object fen = sessions.sessions().isEmpty() ? null : sessions.sessions().get(0).data().get("pay.amountFen");
                    if (fen != null) {
                        long f = ((Number) fen).longValue();
                        assertTrue(ui.text("pay.amount").orElse(""), ui.text("pay.amount").orElse("").contains(
                                String.format("%d.%02d", f / 100, f % 100)));
                    }
                    shoot(ui, layout, code, "pay");
                    awaitLeave(ui, screen);
                    break;
                case "visit:RECEIPT":
                    awaitId(ui, "receipt.serial");
                    await("receipt printed", 20_000, () -> ui.screenText().contains("凭条已打印"));
                    String serial = ui.text("receipt.serial").orElse("");
                    assertTrue(serial, serial.matches(".*\\d{8}.*"));
                    shoot(ui, layout, code, "receipt");
                    ui.tap("receipt.done");
                    awaitLeave(ui, screen);
                    break;
                default:
                    Thread.sleep(100);
                    break;
            }
        }
        fail(code + " did not finish; screen " + ui.screen() + ":\n" + ui.screenText());
    }

    /**
     * The citizen's phone: reads the QR code off the screen (ZXing on the screenshot, not the
     * widget's data), sends a photo with a blue background (refused, and the kiosk says why), then
     * a good one, and accepts it on the kiosk.
     */
    private void phone(KioskUi ui, String layout, String code) throws Exception {
        awaitId(ui, "photo.qr");
        Path shotFile = shoot(ui, layout, code, "photo-qr");
        String url = PhoneCamera.readQr(shotFile);
        assertTrue(url, url.matches("http://127\\.0\\.0\\.1:" + System.getProperty("opendmv.test.http.port") + "/upload/[A-Za-z0-9_-]{43}"));
        assertEquals(200, PhoneCamera.get(url).status);
        PhoneCamera.Response bad = PhoneCamera.post(url, "image/jpeg", PhoneCamera.portrait(new java.awt.Color(40, 90, 200)));
        assertEquals(bad.body, 422, bad.status);
        assertTrue(bad.body, bad.body.contains("BACKGROUND"));
        // the kiosk says why as well, next to the QR code
        awaitId(ui, "photo.error");
        assertTrue(ui.text("photo.error").orElse(""), ui.text("photo.error").orElse("").contains("背景"));
        shoot(ui, layout, code, "photo-rejected");
        PhoneCamera.Response good = PhoneCamera.post(url, "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE));
        assertEquals(good.body, 200, good.status);
        assertEquals("a ticket works once", 404, PhoneCamera.post(url, "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE)).status);
        awaitId(ui, "photo.accept");
        shoot(ui, layout, code, "photo-review");
        ui.tap("photo.accept");
    }

    private void fillForm(KioskUi ui, BusinessDescriptor b, String layout, String code) throws Exception {
        awaitId(ui, "form.next");
        // pre-fill arrives just after the form: wait for the first pre-filled tag
        if (b.fields().stream().anyMatch(f -> f.prefill().isPresent())) {
            await("pre-filled values", 10_000, () -> ids(ui).stream().anyMatch(i -> i.endsWith(".prefilled")));
        }
        Map<String, Integer> choice = new LinkedHashMap<>();
        Session s = sessions.sessions().get(0);
        for (int attempt = 0; attempt < 8; attempt++) {
            for (FieldSpec f : b.fields()) {
                if (!f.required()) {
                    continue;
                }
                if (f.type() == FieldType.CHOICE || f.type() == FieldType.MULTI_CHOICE || f.type() == FieldType.PLATE) {
                    List<String> values = new ArrayList<>();
                    if (f.type() == FieldType.PLATE) {
                        values.addAll(Arrays.asList(String.valueOf(s.data().getOrDefault("check.plates", "")).split(",")));
                    } else {
                        f.options().stream().map(ChoiceOption::value).forEach(values::add);
                    }
                    if (!choice.containsKey(f.name()) || ids(ui).contains("form." + f.name() + ".error")) {
                        int i = choice.merge(f.name(), choice.containsKey(f.name()) ? 1 : 0, Integer::sum);
                        String id = "form." + f.name() + "." + values.get(Math.min(i, values.size() - 1));
                        assertTrue(id + " in " + ids(ui), ui.tap(id));
                    }
                }
            }
            if (attempt == 0 && b.field("landline").isPresent()) {
                // an optional field typed on the on-screen keyboard
                for (int i = 0; i < 3 && !ids(ui).contains("key.done"); i++) {
                    ui.tap("form.landline");
                    Thread.sleep(500);
                }
                awaitId(ui, "key.done");
                shoot(ui, layout, code, "form-keyboard");
                for (char c : "01012345678".toCharArray()) {
                    ui.tap("key." + c);
                }
                assertEquals(Optional.of("01012345678"), ui.text("form.landline"));
                ui.tap("key.done");
                await("keyboard hidden", 10_000, () -> !ids(ui).contains("key.done"));
            }
            if (attempt == 0) {
                shoot(ui, layout, code, "form");
            }
            ui.tap("form.next");
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until && ui.screen().equals("visit:FORM")
                    && ids(ui).stream().noneMatch(i -> i.endsWith(".error") && !i.equals("sign.error"))) {
                Thread.sleep(100);
            }
            if (!ui.screen().equals("visit:FORM")) {
                return;
            }
            shoot(ui, layout, code, "form-errors-" + attempt);
        }
        fail("the form was not accepted: " + ui.screenText());
    }

    /** From wherever the kiosk is to the home screen, as staff or the next citizen would. */
    private void toHome(KioskUi ui) throws Exception {
        for (int i = 0; i < 5 && !ui.screen().equals("home"); i++) {
            String screen = ui.screen();
            if (screen.startsWith("visit:")) {
                ui.tap("visit.cancel");
                awaitScreen(ui, "ended");
            } else if (screen.equals("ended")) {
                ui.tap("result.home");
            } else if (screen.equals("attract")) {
                ui.tap("attract.start");
            } else if (ids(ui).contains("nav.back")) {
                ui.tap("nav.back");
            }
            Thread.sleep(300);
        }
        awaitScreen(ui, "home");
    }

    private void toBusinessList(KioskUi ui, String category, String layout, String code) throws Exception {
        if (ui.screen().equals("attract") && code.equals("dl-renewal")) {
            shoot(ui, layout, "navigation", "attract");
        }
        toHome(ui);
        if (code.equals("dl-renewal")) {
            shoot(ui, layout, "navigation", "home");
        }
        ui.tap("home.vehicle-office");
        awaitScreen(ui, "category");
        if (code.equals("dl-renewal")) {
            shoot(ui, layout, "navigation", "category");
        }
        ui.tap("category." + category);
        awaitScreen(ui, "businesses");
        shoot(ui, layout, "navigation", "businesses-" + category);
    }

    // --- helpers ---

    private void layout(KioskUi ui, String layout) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.opendmv.ui", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        p.put("layout", layout);
        c.update(p);
        await("layout " + layout, 20_000, () -> ui.layout().equals(layout));
        Thread.sleep(500);
    }

    private static List<String> ids(KioskUi ui) {
        return ui.visibleIds();
    }

    private static void awaitScreen(KioskUi ui, String screen) throws Exception {
        try {
            await("screen " + screen, 30_000, () -> ui.screen().equals(screen));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (on " + ui.screen() + ":\n" + ui.screenText() + ")", e);
        }
    }

    private static void awaitLeave(KioskUi ui, String screen) throws Exception {
        try {
            await("leaving " + screen, 30_000, () -> !ui.screen().equals(screen));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (still:\n" + ui.screenText() + ")", e);
        }
    }

    private static void awaitId(KioskUi ui, String id) throws Exception {
        try {
            await(id + " on screen", 30_000, () -> ui.visibleIds().contains(id));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (" + ui.screen() + ": " + ui.visibleIds() + "\n" + ui.screenText() + ")", e);
        }
    }

    private Path shoot(KioskUi ui, String layout, String code, String what) throws Exception {
        Thread.sleep(250); // let animations and late layout settle
        Path dir = Path.of(System.getProperty("opendmv.test.screenshots", "target/screenshots"), layout);
        Files.createDirectories(dir);
        String name = String.format("%02d-%s-%s.png", ++shot, code, what);
        ui.screenshot(dir.resolve(name));
        assertTrue(Files.size(dir.resolve(name)) > 1000);
        return dir.resolve(name);
    }

}
