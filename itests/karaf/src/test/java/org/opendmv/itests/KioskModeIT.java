package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.ui.api.KioskUi;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * kiosk.mode in the real distribution: production refuses the simulator as ID card reader and
 * liveness camera (and says so in /api/health), live and back; no role falls back to a simulator
 * when the real reader's driver leaves; the screen shows demo mode.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KioskModeIT extends KioskTestSupport {
    private static final String[] IDENTITY = {"id-card-reader", "liveness-detector"};
    private static final String[] OTHERS = {"document-scanner", "signature-pad", "receipt-printer"};

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() {
        java.util.List<org.ops4j.pax.exam.Option> o = new java.util.ArrayList<>(java.util.Arrays.asList(super.config()));
        o.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut("etc/org.opendmv.ui.cfg", "layout", "1920x1080"));
        // this container's store is created by Derby and migrated by Liquibase in OSGi, as with the template off
        // (or a kiosk's database from an older version): the other containers take the build-time schema
        o.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut("etc/org.opendmv.store.cfg",
                "database.template", "false"));
        o.add(org.ops4j.pax.exam.CoreOptions.systemProperty("opendmv.test.screenshots")
                .value(System.getProperty("screenshots.dir", "target/screenshots")));
        return o.toArray(new org.ops4j.pax.exam.Option[0]);
    }

    @Inject
    DeviceManager devices;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    org.opendmv.engine.api.BusinessRegistry registry;

    private DeviceView view(String id) {
        return devices.device(id).orElseThrow(() -> new AssertionError("no device " + id));
    }

    private boolean all(String[] ids, java.util.function.Predicate<DeviceStatus> p) {
        return java.util.Arrays.stream(ids).allMatch(i -> devices.device(i).map(v -> p.test(v.status())).orElse(false));
    }

    private static boolean refused(DeviceStatus s) {
        return s.detail() == LifecycleDetail.CONFIGURATION_ERROR
                && "SIMULATOR_IN_PRODUCTION".equals(s.substatus("refused").orElse(null));
    }

    private void setMode(String mode) throws Exception {
        Configuration cfg = configAdmin.getConfiguration("org.opendmv.kiosk", "?");
        Dictionary<String, Object> props = cfg.getProperties() == null ? new Hashtable<>() : cfg.getProperties();
        props.put("kiosk.mode", mode);
        cfg.update(props);
    }

    /** config:* commands need the manager role (etc/org.apache.karaf.command.acl.config.cfg). */
    private String consoleAsManager(String command) throws Exception {
        // Karaf's principal classes live in lib/boot, exported by the system bundle
        Class<?> role = bundleContext.getBundle(0).loadClass("org.apache.karaf.jaas.boot.principal.RolePrincipal");
        Class<?> user = bundleContext.getBundle(0).loadClass("org.apache.karaf.jaas.boot.principal.UserPrincipal");
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add((java.security.Principal) user.getConstructor(String.class).newInstance("itest-manager"));
        subject.getPrincipals().add((java.security.Principal) role.getConstructor(String.class).newInstance("manager"));
        return javax.security.auth.Subject.doAs(subject, (java.security.PrivilegedExceptionAction<String>) () -> console(command));
    }

    @After
    public void backToDemo() throws Exception {
        setMode("demo");
        await("simulators back online", 30_000, () -> all(IDENTITY, DeviceStatus::isUsable));
    }

    @Inject
    org.opendmv.store.api.StoreStatus storeStatus;

    /** Liquibase in the container (started for the migration only): its progress logged, no service look-up noise. */
    @Test
    public void withoutTheTemplateLiquibaseMigratesAFirstBootQuietly() throws Exception {
        assertTrue(storeStatus.appliedMigrations().toString(), storeStatus.appliedMigrations().contains("009-refund-requested-by"));
        String log = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("Liquibase's own progress is logged", log.contains("DATABASECHANGELOG"));
        assertFalse("not the template", log.contains("from the build-time schema"));
        assertFalse("no opencsv stack trace", log.contains("opencsv"));
        assertFalse("no service look-up noise", log.contains("Cannot load service"));
    }

    @Test
    public void productionModeRefusesTheSimulatorForIdentityRolesAndHealthSaysSo() throws Exception {
        await("simulators online", 30_000, () -> all(IDENTITY, DeviceStatus::isUsable) && all(OTHERS, DeviceStatus::isUsable));
        String demoHealth = httpGet("/api/health");
        assertTrue(demoHealth, demoHealth.contains("\"mode\" : \"demo\""));
        assertFalse(demoHealth, demoHealth.contains("\"refused\""));

        setMode("production");
        await("simulated identity devices refused", 30_000, () -> all(IDENTITY, KioskModeIT::refused));
        assertTrue("the simulator still serves scanner, pad and printer", all(OTHERS, DeviceStatus::isUsable));
        assertTrue(view("id-card-reader").status().description(),
                view("id-card-reader").status().description().contains("a simulator may not read ID cards in production mode"));

        // health reads org.opendmv.kiosk itself: Config Admin may reach it a moment after the device manager
        await("health in production mode", 30_000, () -> {
            try {
                return httpGet("/api/health").contains("\"mode\" : \"production\"");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String health = httpGet("/api/health");
        assertTrue(health, health.startsWith("200 "));
        assertTrue(health, health.contains("\"mode\" : \"production\""));
        assertTrue(health, health.contains("\"status\" : \"DEGRADED\""));
        assertTrue(health, health.contains("\"refused\" : \"SIMULATOR_IN_PRODUCTION\""));
        assertTrue(health, health.contains("a simulator may not read ID cards in production mode"));
        assertTrue(health, health.contains("a simulator may not check faces in production mode"));
        String listed = console("kiosk:devices id-card-reader");
        assertTrue(listed, listed.contains("CONFIGURATION_ERROR") && listed.contains("refused=SIMULATOR_IN_PRODUCTION"));

        // a citizen's visit cannot get past the card reader
        IdCardReader reader = devices.role(IdCardReader.class).orElseThrow();
        try {
            reader.readCard(ReadCardRequest.TEXT_ONLY, CommandContext.withTimeout(Duration.ofSeconds(10))).toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            fail("a refused simulator read a card");
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.DEVICE_NOT_READY, DeviceException.codeOf(e));
        }

        // the citizen's visit stops at the reader and is sent to a counter
        await("dl-renewal registered", 60_000, () -> registry.businesses().stream().anyMatch(b -> b.code().equals("dl-renewal")));
        String visit = console("kiosk:simulate --card adult-male --step-timeout 5 dl-renewal");
        assertFalse(visit, visit.contains("✓ IDENTIFY"));
        assertTrue(visit, visit.contains("身份证阅读器故障，暂停服务，请到人工窗口办理"));

        // back to demo the way an operator does it
        consoleAsManager("config:property-set -p org.opendmv.kiosk kiosk.mode demo");
        await("simulators back online", 30_000, () -> all(IDENTITY, DeviceStatus::isUsable));
        await("health back in demo mode", 30_000, () -> {
            try {
                String h = httpGet("/api/health");
                return h.contains("\"mode\" : \"demo\"") && !h.contains("\"refused\"");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /** A real ID card reader as a vendor would ship it, reduced to what this test needs. */
    static final class ItestReaderFactory implements DeviceDriverFactory {
        @Override
        public String driverType() {
            return "itest-reader";
        }

        @Override
        public Set<DeviceClass> supportedClasses() {
            return EnumSet.of(DeviceClass.ID_CARD_READER);
        }

        @Override
        public DeviceHandler createHandler(DeviceInstanceConfig cfg, DeviceCallback cb) {
            DeviceInfo info = DeviceInfo.builder(cfg.id(), DeviceClass.ID_CARD_READER, driverType()).vendor("itest").model("R1").build();
            IdCardReader reader = new IdCardReader() {
                @Override
                public DeviceInfo info() {
                    return info;
                }

                @Override
                public DeviceStatus status() {
                    return DeviceStatus.ready(OperationalState.ONLINE);
                }

                @Override
                public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
                    return CompletableFuture.completedFuture(IdCardData.builder().name("测试").sex(IdCardData.Sex.MALE)
                            .ethnicity("汉").birthDate(LocalDate.of(1990, 1, 1)).address("测试地址")
                            .idNumber("110105199001010011").issuingAuthority("测试公安局")
                            .validFrom(LocalDate.of(2020, 1, 1)).validUntil(LocalDate.of(2040, 1, 1)).build());
                }
            };
            return new DeviceHandler() {
                @Override
                public void initialize() {
                    cb.statusChanged(DeviceStatus.ready(OperationalState.ONLINE));
                }

                @Override
                public void dispose() {
                }

                @Override
                public IdCardReader device() {
                    return reader;
                }
            };
        }
    }

    @Test
    public void whenTheRealReadersDriverLeavesTheRoleDoesNotFallBackToTheSimulator() throws Exception {
        await("simulators online", 30_000, () -> all(IDENTITY, DeviceStatus::isUsable));
        ServiceRegistration<DeviceDriverFactory> driver =
                bundleContext.registerService(DeviceDriverFactory.class, new ItestReaderFactory(), null);
        Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("device.id", "itest-reader-1");
        props.put("device.class", "ID_CARD_READER");
        props.put("driver.type", "itest-reader");
        props.put("role.rank", "1");
        cfg.update(props);
        try {
            await("real reader online", 30_000, () -> devices.device("itest-reader-1").map(v -> v.status().isUsable()).orElse(false));
            assertEquals("itest-reader-1", devices.role(IdCardReader.class).orElseThrow().info().instanceId());

            driver.unregister();
            driver = null;
            await("DRIVER_MISSING", 30_000, () -> view("itest-reader-1").status().detail() == LifecycleDetail.DRIVER_MISSING);
            assertTrue("the simulator is still there and online", view("id-card-reader").status().isUsable());
            IdCardReader served = devices.role(IdCardReader.class).orElseThrow();
            assertEquals("the role stays with the real reader", "itest-reader-1", served.info().instanceId());
            assertEquals(LifecycleDetail.DRIVER_MISSING, served.status().detail());
            console("kiosk:sim card-insert adult-male");
            try {
                served.readCard(ReadCardRequest.TEXT_ONLY, CommandContext.withTimeout(Duration.ofSeconds(10))).toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
                fail("a card was read although the real reader's driver is gone");
            } catch (ExecutionException e) {
                assertEquals(CompletionCode.DEVICE_NOT_READY, DeviceException.codeOf(e));
            }
            // the visit tells the citizen instead of reading the simulator's card
            await("dl-renewal registered", 60_000, () -> registry.businesses().stream().anyMatch(b -> b.code().equals("dl-renewal")));
            String visit = console("kiosk:simulate --card adult-male --step-timeout 5 dl-renewal");
            assertFalse(visit, visit.contains("✓ IDENTIFY"));
            assertTrue(visit, visit.contains("身份证阅读器"));
        } finally {
            console("kiosk:sim card-remove");
            if (driver != null) {
                driver.unregister();
            }
            cfg.delete();
        }
        await("instance removed", 30_000, () -> devices.device("itest-reader-1").isEmpty());
        assertEquals("id-card-reader", devices.role(IdCardReader.class).orElseThrow().info().instanceId());
    }

    @Test
    public void theTouchScreenShowsDemoModeAndNothingInProduction() throws Exception {
        String display = System.getenv("DISPLAY");
        Assume.assumeTrue("no DISPLAY: the touch UI is not running", display != null && !display.isBlank());
        await("the touch UI", 60_000, () -> bundleContext.getServiceReference(KioskUi.class) != null);
        KioskUi ui = bundleContext.getService(bundleContext.getServiceReference(KioskUi.class));
        Path dir = Path.of(System.getProperty("opendmv.test.screenshots", "target/screenshots"), "mode");
        Files.createDirectories(dir);

        await("the demo marker", 30_000, () -> ui.visibleIds().contains("header.demo"));
        assertEquals("演示模式 / DEMO", ui.text("header.demo").orElse("").trim());
        Thread.sleep(250); // let the paint go out
        ui.screenshot(dir.resolve("demo.png"));

        setMode("production");
        await("no marker in production", 30_000, () -> !ui.visibleIds().contains("header.demo"));
        Thread.sleep(250);
        ui.screenshot(dir.resolve("production.png"));

        setMode("demo");
        await("the marker back", 30_000, () -> ui.visibleIds().contains("header.demo"));
    }
}
