package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionState;

public class RetiredBundlesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Registry registry = new Registry();
    private final SessionManagerImpl engine = new SessionManagerImpl(registry, TestConfigs.engine(600, 120, 20, 4));
    private final List<String> retired = Collections.synchronizedList(new ArrayList<>());
    private RetiredBundles retiring;

    @After
    public void tearDown() {
        if (retiring != null) {
            retiring.deactivate();
        }
        engine.deactivate();
    }

    private static Registry.Resource biz(String code, String name) {
        return SessionTest.inline("{\"code\":\"" + code + "\",\"name\":{\"zh-CN\":\"" + name + "\"},\"category\":\"x\",\"steps\":[\"FORM\"]}");
    }

    private void start() {
        assertTrue(registry.invalid().toString(), registry.invalid().isEmpty());
        engine.addStepType(new FormStep());
        retiring = new RetiredBundles(registry, engine, v -> retired.add(v.source().bundleId() + " " + v.source().version()));
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void aRetiredBundleIsTakenAwayOnlyOnceItsLastVisitEnded() throws Exception {
        start();
        registry.addBundle(20, "acme.up", "1.0.0", List.of(biz("up", "旧版")));
        Session old = engine.start("up", Locale.SIMPLIFIED_CHINESE);
        registry.addBundle(21, "acme.up", "1.0.1", List.of(biz("up", "新版")));
        Thread.sleep(300);
        assertTrue("a visit still runs on 1.0.0", retired.isEmpty());
        Session fresh = engine.start("up", Locale.SIMPLIFIED_CHINESE);
        fresh.submit(Map.of());
        assertEquals(SessionState.COMPLETED, fresh.state());
        Thread.sleep(300);
        assertTrue("a visit on the new version changes nothing", retired.isEmpty());
        old.submit(Map.of());
        assertEquals(SessionState.COMPLETED, old.state());
        await(() -> !retired.isEmpty());
        assertEquals(List.of("20 1.0.0"), retired);
    }

    @Test
    public void anOlderVersionArrivingLaterIsTakenAwayAtOnce() throws Exception {
        start();
        registry.addBundle(21, "acme.up", "1.0.1", List.of(biz("up", "新版")));
        registry.addBundle(20, "acme.up", "1.0.0", List.of(biz("up", "旧版")));
        await(() -> !retired.isEmpty());
        assertEquals(List.of("20 1.0.0"), retired);
        assertEquals("新版", registry.business("up").orElseThrow().name().zh());
    }

    @Test
    public void aBundleThatStillProvidesACurrentBusinessStays() throws Exception {
        start();
        registry.addBundle(20, "acme.two", "1.0.0", List.of(biz("aa", "甲"), biz("bb", "乙")));
        // 1.0.1 drops business b: bundle 20 still provides its current version
        registry.addBundle(21, "acme.two", "1.0.1", List.of(biz("aa", "甲2")));
        Thread.sleep(300);
        assertTrue(registry.invalid().toString(), registry.invalid().isEmpty());
        assertTrue(retired.isEmpty());
        assertTrue(registry.providesCurrent(20));
        assertTrue(RetiredBundles.idle(registry, List.of()).isEmpty());
    }

    @Test
    public void aJarInDeployIsMovedToRetiredAndOthersAreLeftWhereTheyAre() throws Exception {
        Path deploy = tmp.newFolder("deploy").toPath();
        Path elsewhere = tmp.newFolder("system").toPath();
        Path retiredDir = tmp.getRoot().toPath().resolve("data/businesses/retired");
        Path jar = Files.write(deploy.resolve("acme-up-1.0.0.jar"), new byte[] {1});
        Path other = Files.write(elsewhere.resolve("acme-up-1.0.0.jar"), new byte[] {2});
        assertEquals(jar.toRealPath(), RetiredBundles.deployedJar(jar.toUri().toString(), deploy).toRealPath());
        assertNull(RetiredBundles.deployedJar(other.toUri().toString(), deploy));
        assertNull(RetiredBundles.deployedJar("mvn:acme/acme-up/1.0.0", deploy));

        Path moved = RetiredBundles.moveAway(jar, retiredDir);
        assertEquals(retiredDir.resolve("acme-up-1.0.0.jar"), moved);
        assertFalse(Files.exists(jar));
        Path again = Files.write(deploy.resolve("acme-up-1.0.0.jar"), new byte[] {3});
        assertEquals("an earlier one of the same name is kept", retiredDir.resolve("acme-up-1.0.0-2.jar"),
                RetiredBundles.moveAway(again, retiredDir));
        assertEquals(1, Files.readAllBytes(moved)[0]);
    }
}
