package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.StoreStatus;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CoreIT extends KioskTestSupport {
    @Inject
    FeaturesService features;
    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ApplicationStore store;
    @Inject
    AuditLog audit;
    @Inject
    StoreStatus storeStatus;
    @Inject
    DeviceManager devices;
    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    public void coreFeaturesAreInstalled() throws Exception {
        for (String f : new String[] {"opendmv-core", "opendmv-engine", "opendmv-store", "opendmv-devices", "opendmv-console", "opendmv-health"}) {
            assertTrue(f, features.isInstalled(features.getFeature(f)));
        }
    }

    @Test
    public void derbyIsMigratedUnderData() throws Exception {
        assertTrue(storeStatus.database(), storeStatus.database().startsWith("Apache Derby"));
        // every change set of the changelog, the payment tables (005) among them
        assertTrue(storeStatus.appliedMigrations().toString(), storeStatus.appliedMigrations().size() >= 5
                && storeStatus.appliedMigrations().stream().anyMatch(m -> String.valueOf(m).contains("005-payment-orders")));
        assertTrue(Files.isDirectory(Path.of(System.getProperty("karaf.data"), "derby", "kiosk")));
        long before = store.count();
        String serial = store.submit(new NewApplication("itest", null, 0, Map.of("k", "v"))).serial();
        assertEquals(before + 1, store.count());
        assertEquals("v", store.find(serial).orElseThrow().payload().get("k"));
        assertTrue(audit.latest(5).stream().anyMatch(a -> a.subject().startsWith(serial)));
        Path key = Path.of(System.getProperty("karaf.etc"), "keys", "store.key");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    /** Issue 1/6 item 2: touching the store's configuration is not a restart (visits and their orders go on). */
    @Test
    public void aStoreConfigurationChangeDoesNotRestartTheStore() throws Exception {
        org.osgi.framework.ServiceReference<ApplicationStore> before = bundleContext.getServiceReference(ApplicationStore.class);
        Object id = before.getProperty("service.id");
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.opendmv.store", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new java.util.Hashtable<>() : c.getProperties();
        p.put("note", "touched by an operator " + System.nanoTime());
        c.update(p);
        Thread.sleep(2000); // Config Admin delivers asynchronously; a restart would be over by now
        org.osgi.framework.ServiceReference<ApplicationStore> after = bundleContext.getServiceReference(ApplicationStore.class);
        assertNotNull("the store is still there", after);
        assertEquals("the same store service: not restarted", id, after.getProperty("service.id"));
        String serial = store.submit(new NewApplication("itest", null, 0, Map.of("k", "v"))).serial();
        assertEquals("v", store.find(serial).orElseThrow().payload().get("k"));
    }

    /** Liquibase's look-up of optional services (opencsv for loadData, ...) no longer fills the first-boot log. */
    @Test
    public void aFirstBootTakesTheBuildTimeSchemaAndLeavesLiquibaseStopped() throws Exception {
        assertTrue(storeStatus.appliedMigrations().toString(), storeStatus.appliedMigrations().contains("009-refund-requested-by"));
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("the store says where its schema came from",
                log.contains("a new database from the build-time schema, Liquibase not needed"));
        assertFalse("Liquibase did not run", log.contains("DATABASECHANGELOG"));
        Bundle liquibase = java.util.Arrays.stream(bundleContext.getBundles()).filter(b -> "org.liquibase.core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        assertTrue("installed for a later migration, not started", liquibase.getState() != Bundle.ACTIVE);
        assertTrue("a key of this kiosk's own", Files.exists(Path.of(System.getProperty("karaf.etc"), "keys", "store.key")));
    }

    @Test
    public void frameworkExportsSmartcardio() {
        BundleWiring wiring = bundleContext.getBundle(0).adapt(BundleWiring.class);
        assertTrue(wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(c -> "javax.smartcardio".equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))));
    }

    @Test
    public void noDefaultConsoleUserAndSshOnLoopback() throws Exception {
        String users = Files.readString(Path.of(System.getProperty("karaf.etc"), "users.properties"));
        assertFalse(users, users.lines().anyMatch(l -> l.matches("\\s*karaf\\s*=.*")));
        Dictionary<String, Object> shell = configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties();
        assertEquals("127.0.0.1", shell.get("sshHost"));
        Dictionary<String, Object> mgmt = configAdmin.getConfiguration("org.apache.karaf.management", null).getProperties();
        assertEquals("127.0.0.1", mgmt.get("rmiRegistryHost"));
    }

    @Test
    public void healthEndpointAnswersJson() throws Exception {
        // ready means ready: the first 200 (awaited by KioskTestSupport) already lists every business
        assertTrue(registry.businesses().toString(), registry.businesses().size() >= 12);
        String body = httpGet("/api/health");
        assertTrue(body, body.startsWith("200 "));
        assertTrue(body, body.matches("(?s).*\"status\" : \"(UP|DEGRADED)\".*"));
        assertTrue(body, body.contains("\"businesses\" : " + registry.businesses().size()));
        assertTrue(body, body.contains("\"devices\" : ["));
        assertTrue(body, body.contains("\"store\" : \"Apache Derby"));
        // a fresh install generated its kiosk id once and kept it in etc/
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"kioskId\" : \"([0-9A-Z]{8})\"").matcher(body);
        assertTrue(body, id.find());
        String cfg = Files.readString(Path.of(System.getProperty("karaf.etc"), "org.opendmv.kiosk.cfg"));
        assertTrue(cfg, cfg.contains("kiosk.id = " + id.group(1)));
        String serial = store.submit(new NewApplication("itest", null, 0, Map.of())).serial();
        assertTrue(serial, serial.matches("\\d{8}" + id.group(1) + "\\d{6}"));
        assertTrue(httpGet("/api/nothing-here").startsWith("404"));
    }

    @Test
    public void consoleCommandsAnswer() throws Exception {
        String b = console("kiosk:businesses");
        assertTrue(b, b.contains("Code") && b.contains("business(es)"));
        String d = console("kiosk:devices");
        assertTrue(d, d.contains("Lifecycle") && d.contains("device(s)"));
        String s = console("kiosk:sessions");
        assertTrue(s, s.contains("0 active visit(s)"));
        String inv = console("kiosk:businesses --invalid");
        assertTrue(inv, inv.contains("invalid descriptor(s)"));
    }

    @Test
    public void consoleRefusesBadInputClearly() throws Exception {
        try {
            console("kiosk:businesses no-such-business");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no business with code 'no-such-business'; see kiosk:businesses", e.getMessage());
        }
        try {
            console("kiosk:sessions --cancel");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("needs a visit id"));
        }
        try {
            console("kiosk:sessions --cancel deadbeef");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no active visit with id 'deadbeef'", e.getMessage());
        }
        try {
            console("kiosk:devices no-such-device");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("no device with id"));
        }
        assertNotNull(devices.devices());
        assertNotNull(sessions.sessions());
    }
}
