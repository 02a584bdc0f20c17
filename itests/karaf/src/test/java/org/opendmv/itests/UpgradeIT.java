package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessVersion;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.engine.api.SessionState;
import org.opendmv.store.api.ApplicationStore;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;

/**
 * What docs/upgrade.md tells an operator to do: drop a higher version of a business bundle into
 * deploy/ under another file name while a citizen is half-way through a visit.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class UpgradeIT extends KioskTestSupport {
    private static final String CODE = "sample-hello";
    private static final String BSN = "org.opendmv.itests.sample-business";
    private static final long LIMIT_MS = 30_000;

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ApplicationStore store;

    private static Path deployDir() {
        return Path.of(System.getProperty("karaf.base"), "deploy");
    }

    private static Path retiredDir() {
        return Path.of(System.getProperty("karaf.data"), "businesses", "retired");
    }

    /** Copies a fixture jar into deploy/ under the given name, atomically. */
    private static Path drop(String fixture, String fileName) throws Exception {
        Path target = deployDir().resolve(fileName);
        Path tmp = target.resolveSibling(fileName + ".tmp");
        Files.copy(Path.of(System.getProperty("opendmv.test.fixtures"), "org.opendmv.itests." + fixture + ".jar"), tmp,
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    @After
    public void clean() throws Exception {
        Files.deleteIfExists(deployDir().resolve("sample-business.jar"));
        Files.deleteIfExists(deployDir().resolve("sample-hello-0.2.0.jar"));
        await("deploy/ emptied", LIMIT_MS, () -> registry.versions(CODE).isEmpty());
        if (Files.isDirectory(retiredDir())) {
            try (Stream<Path> s = Files.list(retiredDir())) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Session s : sessions.sessions()) {
            s.cancel();
        }
    }

    private String current() {
        return registry.versions(CODE).stream().filter(BusinessVersion::isCurrent).map(v -> v.source().version()).findFirst().orElse("-");
    }

    @Test
    public void aVisitPausedAtFormFinishesOnTheOldVersionWhileNewVisitsTakeTheNewOne() throws Exception {
        Path v1 = drop("sample-business", "sample-business.jar");
        await("version 1 to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        String v1Version = current();
        assertTrue(v1Version, v1Version.startsWith("0.1.0"));

        String paused = console("kiosk:simulate --card adult-male --pause-at FORM " + CODE);
        Matcher m = Pattern.compile("PAUSED (\\S+) at FORM").matcher(paused);
        assertTrue(paused, m.find());
        String id = m.group(1);
        Session old = sessions.session(id).orElseThrow();
        assertEquals("FORM", old.currentStep().orElseThrow().type());

        // the upgrade: another file name, same Bundle-SymbolicName, higher Bundle-Version
        drop("sample-business-v2", "sample-hello-0.2.0.jar");
        await("version 2 to become current", LIMIT_MS, () -> "0.2.0".equals(current()));
        List<Bundle> both = Stream.of(bundleContext.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).toList();
        assertEquals("both versions installed side by side (Karaf's default org.osgi.framework.bsnversion)", 2, both.size());
        String shown = console("kiosk:businesses " + CODE);
        assertTrue(shown, shown.contains("versions:  0.2.0 current, " + v1Version + " retired (1 visit)"));
        assertTrue(shown, shown.contains("示例业务：登记联系电话（第二版）"));
        assertTrue("the paused visit kept its version", Files.exists(v1));
        assertEquals(SessionState.ACTIVE, old.state());

        Session fresh = sessions.start(CODE, Locale.SIMPLIFIED_CHINESE);
        assertEquals("示例业务：登记联系电话（第二版）", fresh.business().name().zh());
        assertEquals("0.2.0", fresh.businessSource().orElseThrow().version());
        fresh.cancel();

        String resumed = console("kiosk:simulate --resume " + id);
        assertTrue(resumed, resumed.contains("Resuming " + id + " (" + CODE + " " + v1Version + ") at FORM"));
        Matcher serial = Pattern.compile("COMPLETED，流水号 serial (\\S+)").matcher(resumed);
        assertTrue(resumed, serial.find());
        assertEquals(SessionState.COMPLETED, old.state());
        assertEquals("示例业务：登记联系电话", old.business().name().zh());
        assertEquals(CODE, store.find(serial.group(1)).orElseThrow().businessCode());

        // with its last visit over, the old jar leaves deploy/ and fileinstall uninstalls it
        Path moved = retiredDir().resolve("sample-business.jar");
        await("the old jar to be moved to data/businesses/retired", LIMIT_MS, () -> Files.exists(moved) && !Files.exists(v1));
        await("the old version to be uninstalled", LIMIT_MS, () -> registry.versions(CODE).size() == 1);
        await("fileinstall to uninstall it", LIMIT_MS,
                () -> Stream.of(bundleContext.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).count() == 1);
        String after = console("kiosk:businesses " + CODE);
        assertTrue(after, after.contains("versions:  0.2.0 current") && !after.contains("retired"));
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("the log says where the old jar went", log.contains("has no visits left: moved "));
    }

    @Test
    public void removingTheBusinessEndsItsVisitAfterTheGrace() throws Exception {
        Path jar = drop("sample-business-v2", "sample-hello-0.2.0.jar");
        await("business to appear", LIMIT_MS, () -> registry.business(CODE).isPresent());
        Session s = sessions.start(CODE, Locale.SIMPLIFIED_CHINESE);
        Files.delete(jar);
        await("business to disappear", LIMIT_MS, () -> registry.business(CODE).isEmpty());
        long t0 = System.nanoTime();
        assertEquals("the visit waits for the grace (upgrade.grace.seconds = 10)", SessionState.ACTIVE, s.state());
        await("the visit to end", LIMIT_MS, () -> s.state() != SessionState.ACTIVE);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("ended after " + waited + " ms", waited >= 5_000);
        assertEquals(EndReason.BUSINESS_REMOVED, s.endReason().orElseThrow());
        assertTrue(s.data().isEmpty());
        assertFalse(sessions.session(s.id()).isPresent());
    }
}
