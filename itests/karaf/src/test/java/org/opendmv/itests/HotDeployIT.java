package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.engine.api.SessionState;
import org.opendmv.store.api.ApplicationStore;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/** What an integrator does: drop a business bundle into deploy/, and take it away again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotDeployIT extends KioskTestSupport {
    private static final String CODE = "sample-hello";
    /** A business none of the 12 is, printing boxes none of them prints (登记证书 补领). */
    private static final String OUTSIDE = "outside-cert-replace";
    private static final java.util.regex.Pattern SERIAL = java.util.regex.Pattern.compile("流水号 serial (\\d{8}[A-Z0-9]{1,12}\\d{6})");
    // generous: fileinstall polls every second; bench/ measures the real latency
    private static final long LIMIT_MS = 30_000;

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ApplicationStore store;

    private Path deployed(String name) {
        return Path.of(System.getProperty("karaf.base"), "deploy", name + ".jar");
    }

    private Path deploy(String name) throws Exception {
        Path target = deployed(name);
        Path tmp = target.resolveSibling(name + ".tmp");
        Files.copy(Path.of(System.getProperty("opendmv.test.fixtures"), "org.opendmv.itests." + name + ".jar"), tmp,
                StandardCopyOption.REPLACE_EXISTING);
        // atomic rename: fileinstall never sees a half-written jar
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    @After
    public void cleanDeploy() throws Exception {
        Files.deleteIfExists(deployed("sample-business"));
        Files.deleteIfExists(deployed("broken-business"));
        Files.deleteIfExists(deployed("bad-forms-business"));
        Files.deleteIfExists(deployed("outside-business"));
        await("deploy/ emptied", LIMIT_MS, () -> registry.business(CODE).isEmpty() && registry.business(OUTSIDE).isEmpty()
                && registry.invalid().isEmpty());
    }

    @Test
    public void droppedBundleAppearsEverywhereAndDisappearsWhenDeleted() throws Exception {
        assertFalse(registry.business(CODE).isPresent());
        Path jar = deploy("sample-business");
        long ms = await("business to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        System.out.println("hot-deploy appear latency ms=" + ms);
        assertTrue(console("kiosk:businesses").contains(CODE));
        assertTrue(console("kiosk:businesses " + CODE).contains("readiness: READY"));
        String health = httpGet("/api/health");
        assertTrue(health, health.contains("\"" + CODE + "\""));

        Files.delete(jar);
        ms = await("business to disappear", LIMIT_MS, () -> registry.business(CODE).isEmpty());
        System.out.println("hot-deploy disappear latency ms=" + ms);
        assertFalse(console("kiosk:businesses").contains(CODE));
        assertFalse(httpGet("/api/health").contains("\"" + CODE + "\""));
    }

    @Test
    public void aVisitOnTheDeployedBusinessBecomesAnApplication() throws Exception {
        deploy("sample-business");
        await("business to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        Session s = sessions.start(CODE, Locale.SIMPLIFIED_CHINESE);
        assertTrue(console("kiosk:sessions").contains(s.id()));
        StepResult bad = s.submit(Map.of("mobile", "0000", "postcode", "abc"));
        assertEquals(StepResult.Kind.INVALID, bad.kind());
        assertEquals("请输入11位手机号码", bad.errors().get("mobile").zh());
        assertEquals("邮政编码为6位数字", bad.errors().get("postcode").zh());
        assertEquals(StepResult.Kind.COMPLETED, s.submit(Map.of("mobile", "13812345678")).kind());
        assertEquals("fee 0 skips PAY", "RECEIPT", s.currentStep().orElseThrow().type());
        await("receipt printed", LIMIT_MS, () -> s.data().containsKey("receipt.printed"));
        s.submit(Map.of("done", true));
        assertEquals(SessionState.COMPLETED, s.state());
        String serial = s.applicationSerial().orElseThrow();
        assertEquals("13812345678", store.find(serial).orElseThrow().payload().get("form.mobile"));
        assertTrue(s.data().isEmpty());
    }

    @Test
    public void aVisitInProgressEndsPolitelyWhenItsBusinessIsRemoved() throws Exception {
        Path jar = deploy("sample-business");
        await("business to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        Session s = sessions.start(CODE, Locale.SIMPLIFIED_CHINESE);
        Files.delete(jar);
        await("visit to end", LIMIT_MS, () -> s.state() != SessionState.ACTIVE);
        assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
        assertEquals("该业务已暂停办理，请联系工作人员", s.endReason().get().message().zh());
        assertTrue(sessions.sessions().isEmpty());
    }

    @Test
    public void brokenDescriptorIsRefusedAndListedWithoutDisturbingOthers() throws Exception {
        deploy("sample-business");
        await("business to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        int before = registry.businesses().size();
        deploy("broken-business");
        await("broken descriptor to be refused", LIMIT_MS, () -> !registry.invalid().isEmpty());
        InvalidBusiness bad = registry.invalid().get(0);
        assertEquals("org.opendmv.itests.broken-business", bad.source().symbolicName());
        assertTrue(bad.problems().toString(), bad.problems().contains("unknown key 'fee'"));
        assertTrue(bad.problems().toString(), bad.problems().stream().anyMatch(p -> p.contains("'PHONE'")));
        assertTrue("the JSON Schema is checked in Karaf too: " + bad.problems(), bad.problems().contains("name.zh-CN is missing")
                && bad.problems().stream().anyMatch(p -> p.startsWith("schema: fields[0].minLength: ")));
        assertEquals(before, registry.businesses().size());
        assertTrue(registry.business(CODE).isPresent());
        String listed = console("kiosk:businesses --invalid");
        assertTrue(listed, listed.contains("unknown key 'fee'") && listed.contains("1 invalid descriptor(s)"));
        assertTrue(console("kiosk:businesses").contains("1 invalid (kiosk:businesses --invalid)"));
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("a clear log line", log.contains("Business descriptor org.opendmv.itests.broken-business")
                && log.contains("refused: "));
    }

    /** kiosk:business-validate judges a jar as the registry will, before anything is deployed. */
    @Test
    public void aBundleIsValidatedBeforeItIsDeployed() throws Exception {
        Path fixtures = Path.of(System.getProperty("opendmv.test.fixtures"));
        String good = console("kiosk:business-validate " + fixtures.resolve("org.opendmv.itests.sample-business.jar"));
        assertTrue(good, good.contains("OK: 1 business(es), 0 problems"));
        assertTrue(good, good.contains("org.opendmv.itests.sample-business"));
        assertFalse("validating installs nothing", registry.business(CODE).isPresent());

        String bad = console("kiosk:business-validate " + fixtures.resolve("org.opendmv.itests.broken-business.jar").toUri());
        assertTrue(bad, bad.contains("FAILED: "));
        assertTrue(bad, bad.contains("unknown key 'fee'"));
        assertTrue(bad, bad.contains("fields[0].type 'PHONE' is not one of"));
        assertTrue("nothing refused in the registry either", registry.invalid().isEmpty());

        try {
            console("kiosk:business-validate " + fixtures.resolve("no-such.jar"));
            org.junit.Assert.fail("a missing file was validated");
        } catch (Exception e) {
            assertTrue(e.toString(), String.valueOf(e.getMessage()).contains("no such file"));
        }
    }

    @Test
    public void descriptorsWhoseFormCannotBePrintedAreRefusedAtDeployTimeWithTheReason() throws Exception {
        deploy("bad-forms-business");
        await("three descriptors refused", LIMIT_MS, () -> registry.invalid().size() == 3);
        java.util.Map<String, java.util.List<String>> byCode = new java.util.HashMap<>();
        registry.invalid().forEach(i -> byCode.put(i.code(), i.problems()));
        assertTrue(byCode.toString(), byCode.get("bad-box").contains(
                "form.tick: 'vp.cert.replase' is not a box or code of form 'vehicle-plate' (did you mean 'vp.cert.replace'?)"));
        assertTrue(byCode.toString(), byCode.get("bad-fill").stream().anyMatch(
                p -> p.startsWith("form.fill: 'applicant.telephone' is not a field of form 'vehicle-plate'")));
        assertTrue(byCode.toString(), byCode.get("bad-shape").stream().anyMatch(p -> p.contains("form.boxes")));
        assertTrue(byCode.toString(), byCode.get("bad-shape").stream().anyMatch(p -> p.contains("form.tick")));
        assertTrue(registry.business("bad-box").isEmpty());
        String listed = console("kiosk:businesses --invalid");
        assertTrue(listed, listed.contains("vp.cert.replase") && listed.contains("applicant.telephone")
                && listed.contains("3 invalid descriptor(s)"));
    }

    @Test
    public void aPaidVisitOfABusinessOutsideTheTwelveReachesTheBackOfficeWithItsBoxesTicked() throws Exception {
        deploy("outside-business");
        await("business to appear", LIMIT_MS, () -> registry.business(OUTSIDE).isPresent());
        Path answers = Files.createTempFile("answers", ".properties");
        Files.writeString(answers, "plateNumber=京A12345\nreason=notobtained\nphone=13800000000\n",
                java.nio.charset.StandardCharsets.UTF_8);
        String out = console("kiosk:simulate --card adult-male --answers " + answers + " " + OUTSIDE);
        Files.delete(answers);
        java.util.regex.Matcher m = SERIAL.matcher(out);
        assertTrue(out, out.contains("COMPLETED") && m.find());
        String serial = m.group(1);
        assertEquals(org.opendmv.store.api.Application.SUBMITTED, store.find(serial).orElseThrow().status());
        Path pdf = Path.of(System.getProperty("karaf.data"), "backoffice", "outgoing", serial, "form.pdf");
        await("form.pdf in the back office's file drop", 60_000, () -> Files.isRegularFile(pdf));
        Process p = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(text, 0, p.waitFor());
        String cert = text.lines().filter(l -> l.contains("登记证书") && l.contains("补领")).findFirst().orElse("");
        String compact = cert.replaceAll("\\s+", "");
        assertTrue(text, compact.contains("√补领") && compact.contains("√未获得") && compact.contains("□丢失"));
        assertTrue(text, text.contains("机动车牌证申请表") && text.contains("京A12345") && text.contains("13800000000"));
        assertEquals(text, 2, text.chars().filter(c -> c == '√').count());
    }
}
