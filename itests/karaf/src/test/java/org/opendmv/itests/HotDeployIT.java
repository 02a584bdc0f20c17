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
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** What an integrator does: drop a business bundle into deploy/, and take it away again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends KioskTestSupport {
    private static final String CODE = "sample-hello";
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
        await("deploy/ emptied", LIMIT_MS, () -> registry.business(CODE).isEmpty() && registry.invalid().isEmpty());
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
}
