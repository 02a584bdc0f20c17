package org.opendmv.devices.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

public class DeviceManagerImplTest {
    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);

    private DeviceManagerImpl mgr;
    private Recorder rec;
    private final List<TestDriver> drivers = new ArrayList<>();

    @Before
    public void setUp() {
        mgr = new DeviceManagerImpl(LIFECYCLE_TIMEOUT);
        rec = new Recorder();
        mgr.addListener(rec);
    }

    @After
    public void tearDown() {
        drivers.forEach(d -> d.releaseHang.countDown());
        mgr.deactivate();
    }

    private TestDriver driver(String type) {
        return driver(type, Set.of(DeviceClass.ID_CARD_READER));
    }

    private TestDriver driver(String type, Set<DeviceClass> classes) {
        TestDriver d = new TestDriver(type, classes);
        drivers.add(d);
        return d;
    }

    private static DeviceInstance instance(String id, String type) {
        Map<String, Object> p = new HashMap<>();
        p.put(DeviceInstanceConfig.DEVICE_ID, id);
        p.put(DeviceInstanceConfig.DEVICE_CLASS, "ID_CARD_READER");
        p.put(DeviceInstanceConfig.DRIVER_TYPE, type);
        return new DeviceInstance(p);
    }

    private static boolean readyOnline(DeviceStatus s) {
        return s.lifecycle() == Lifecycle.READY && s.operational() == OperationalState.ONLINE;
    }

    private static boolean missing(DeviceStatus s) {
        return s.lifecycle() == Lifecycle.UNINITIALIZED && s.detail() == LifecycleDetail.DRIVER_MISSING;
    }

    private static boolean initError(DeviceStatus s) {
        return s.lifecycle() == Lifecycle.UNINITIALIZED && s.detail() == LifecycleDetail.INITIALIZING_ERROR;
    }

    private IdCardReader reader() {
        return mgr.role(IdCardReader.class).orElseThrow();
    }

    private static CompletionStage<IdCardData> read(IdCardReader r, CommandContext ctx) {
        return r.readCard(ReadCardRequest.WITH_PHOTO, ctx);
    }

    /** Waits for the stage and returns its failure; fails the test if it succeeds or never completes. */
    private static DeviceException failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(Recorder.WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError("not a DeviceException", e.getCause()));
        }
        fail("command succeeded");
        return null;
    }

    private static <T> T success(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(Recorder.WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    public void factoryArrivesDeviceBecomesReadyOnline() throws Exception {
        mgr.bindInstance(instance("r1", "test"));
        DeviceStatus s = rec.next("r1");
        assertTrue("never-present driver shows DRIVER_MISSING: " + s, missing(s));

        IdCardReader r = reader();
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(r, CommandContext.withTimeout(LONG))).code());

        mgr.bindFactory(driver("test"));
        assertEquals(Lifecycle.INITIALIZING, rec.next("r1").lifecycle());
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY/ONLINE");

        IdCardData card = success(read(r, CommandContext.withTimeout(LONG)));
        assertEquals("110105199001010011", card.idNumber());
        DeviceView v = mgr.device("r1").orElseThrow();
        assertTrue(v.status().isUsable());
        assertEquals("Test", v.info().vendor());
        assertEquals("idCardReader", v.role());
        assertEquals("Test", r.info().vendor());
        assertTrue(r.status().isUsable());
    }

    @Test
    public void factoryLeavesDriverMissingAndComesBackRebuilt() throws Exception {
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        IdCardReader r = reader();
        TestDriver.Handler first = d.last();

        mgr.unbindFactory(d);
        rec.await("r1", DeviceManagerImplTest::missing, "DRIVER_MISSING");
        assertTrue("handler disposed", first.disposed.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(r, CommandContext.withTimeout(LONG))).code());

        mgr.bindFactory(d);
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY again");
        assertEquals(2, d.handlers.size());
        assertNotSame(first, d.last());
        assertSame("flows keep the same proxy", r, reader());
        success(read(r, CommandContext.withTimeout(LONG)));

        // the history an operator reads with kiosk:device-events, newest first
        java.util.List<org.opendmv.devices.manager.api.DeviceStatusEvent> history = mgr.recentStatusEvents(50);
        assertTrue(history.toString(), readyOnline(history.get(0).current()));
        assertTrue(history.stream().anyMatch(e -> missing(e.current())));
        assertEquals(1, mgr.recentStatusEvents(1).size());
        assertTrue(mgr.recentStatusEvents(-3).isEmpty());
    }

    @Test
    public void initializeThatThrowsGivesInitializingErrorAndOthersKeepWorking() throws Exception {
        TestDriver bad = driver("bad");
        bad.init = TestDriver.Init.THROW;
        mgr.bindFactory(bad);
        mgr.bindFactory(driver("good"));
        mgr.bindInstance(instance("bad1", "bad"));
        DeviceStatus s = rec.await("bad1", DeviceManagerImplTest::initError, "INITIALIZING_ERROR");
        assertTrue(s.description(), s.description().contains("SAM module not found"));
        assertTrue("failed handler is disposed", bad.last().disposed.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));

        mgr.bindInstance(instance("good1", "good"));
        rec.await("good1", DeviceManagerImplTest::readyOnline, "READY");
        success(read(mgr.byId("good1").map(IdCardReader.class::cast).orElseThrow(), CommandContext.withTimeout(LONG)));
    }

    @Test
    public void initializeThatHangsGivesErrorWithinTimeoutAndRebuildIsNotBlocked() throws Exception {
        TestDriver hanging = driver("test");
        hanging.init = TestDriver.Init.HANG;
        mgr.bindFactory(hanging);
        long t0 = System.nanoTime();
        mgr.bindInstance(instance("r1", "test"));
        DeviceStatus s = rec.await("r1", DeviceManagerImplTest::initError, "INITIALIZING_ERROR");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("reported after the timeout, not before: " + waitedMs, waitedMs >= LIFECYCLE_TIMEOUT.toMillis());
        assertTrue(s.description(), s.description().contains("did not return"));
        assertTrue("hung thread was interrupted",
                hanging.last().interrupted.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));

        // the manager keeps working: a fixed driver of the same type is used at once, on a fresh thread
        mgr.unbindFactory(hanging);
        TestDriver fixed = driver("test");
        mgr.bindFactory(fixed);
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY with fixed driver");
        success(read(reader(), CommandContext.withTimeout(LONG)));
    }

    @Test
    public void commandExceedingDeadlineCompletesWithTimeoutAndStopsDriver() throws Exception {
        TestDriver d = driver("test");
        CountDownLatch driverCancelled = new CountDownLatch(1);
        d.read = ctx -> {
            CompletableFuture<IdCardData> never = new CompletableFuture<>();
            ctx.onCancel(driverCancelled::countDown);
            return never; // a driver that waits for a card forever
        };
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");

        CommandContext ctx = CommandContext.withTimeout(Duration.ofMillis(100));
        DeviceException e = failure(read(reader(), ctx));
        assertEquals(CompletionCode.TIMEOUT, e.code());
        assertFalse("TIMEOUT is not CANCELED: the caller's context stays uncancelled", ctx.isCancelled());
        assertTrue("driver's context was cancelled", driverCancelled.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));

        // the queue is free again
        d.read = ctx2 -> CompletableFuture.completedFuture(TestDriver.card());
        success(read(reader(), CommandContext.withTimeout(LONG)));
    }

    @Test
    public void cancelledCommandCompletesWithCanceled() throws Exception {
        TestDriver d = driver("test");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch driverCancelled = new CountDownLatch(1);
        d.read = ctx -> {
            started.countDown();
            CompletableFuture<IdCardData> f = new CompletableFuture<>();
            ctx.onCancel(() -> {
                driverCancelled.countDown();
                f.completeExceptionally(new DeviceException(CompletionCode.CANCELED, "stopped"));
            });
            return f;
        };
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        IdCardReader r = reader();

        CommandContext running = CommandContext.withTimeout(LONG);
        CompletionStage<IdCardData> first = read(r, running);
        assertTrue(started.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));
        CommandContext queued = CommandContext.withTimeout(LONG);
        CompletionStage<IdCardData> second = read(r, queued);

        queued.cancel(); // cancelled while waiting in the queue: the driver never sees it
        assertEquals(CompletionCode.CANCELED, failure(second).code());
        running.cancel();
        assertEquals(CompletionCode.CANCELED, failure(first).code());
        assertTrue(driverCancelled.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    public void driverExceptionsAreMappedToCompletionCodes() throws Exception {
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        IdCardReader r = reader();

        Map<CompletionCode, Function<CommandContext, CompletionStage<IdCardData>>> cases = new java.util.LinkedHashMap<>();
        cases.put(CompletionCode.INVALID_DATA, ctx -> {
            throw new IllegalArgumentException("bad request");
        });
        cases.put(CompletionCode.UNSUPPORTED, ctx -> {
            throw new UnsupportedOperationException();
        });
        cases.put(CompletionCode.HARDWARE_ERROR, ctx -> CompletableFuture.failedFuture(new IOException("port closed")));
        cases.put(CompletionCode.INTERNAL_ERROR, ctx -> {
            throw new NullPointerException();
        });
        for (Map.Entry<CompletionCode, Function<CommandContext, CompletionStage<IdCardData>>> c : cases.entrySet()) {
            d.read = c.getValue();
            assertEquals(c.getKey(), failure(read(r, CommandContext.withTimeout(LONG))).code());
        }

        d.read = ctx -> null;
        assertEquals(CompletionCode.INTERNAL_ERROR, failure(read(r, CommandContext.withTimeout(LONG))).code());

        d.read = ctx -> CompletableFuture.failedFuture(new DeviceException(CompletionCode.USER_ERROR,
                IdCardReader.ReadCardError.NO_MEDIA, "card removed"));
        DeviceException e = failure(read(r, CommandContext.withTimeout(LONG)));
        assertEquals(CompletionCode.USER_ERROR, e.code());
        assertTrue(e.hasErrorCode(IdCardReader.ReadCardError.NO_MEDIA));
        assertEquals(ActionHint.RETRY, e.hint());
    }

    @Test
    public void lateCallbacksFromDisposedHandlerAreDropped() throws Exception {
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        TestDriver.Handler old = d.last();

        mgr.unbindFactory(d);
        rec.await("r1", DeviceManagerImplTest::missing, "DRIVER_MISSING");
        assertTrue(old.disposed.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));

        old.callback.statusChanged(DeviceStatus.ready(OperationalState.ONLINE));
        old.callback.error(DeviceErrorEvent.of("r1", DeviceClass.ID_CARD_READER, "LATE", "", ActionHint.CLEAR));
        assertTrue(missing(mgr.device("r1").orElseThrow().status()));

        // events are delivered in order, so whatever the late calls produced would come before these
        mgr.bindFactory(d);
        assertEquals(Lifecycle.INITIALIZING, rec.next("r1").lifecycle());
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        assertTrue("late error was dropped", rec.errors.isEmpty());
    }

    @Test
    public void commandsRunOneAtATimeOnTheDeviceThread() throws Exception {
        TestDriver d = driver("test");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.read = ctx -> {
            threads.add(Thread.currentThread().getName());
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            // completes asynchronously, like a driver working on its scheduler
            return CompletableFuture.supplyAsync(() -> {
                running.decrementAndGet();
                return TestDriver.card();
            }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        };
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        IdCardReader r = reader();
        List<CompletionStage<IdCardData>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(read(r, CommandContext.withTimeout(LONG)));
        }
        for (CompletionStage<IdCardData> s : all) {
            success(s);
        }
        assertEquals(1, maxRunning.get());
        assertEquals(List.of("opendmv-device-r1", "opendmv-device-r1", "opendmv-device-r1"), threads);
    }

    @Test
    public void deviceThatIsNotUsableRefusesWithDeviceNotReady() throws Exception {
        TestDriver d = driver("test");
        d.init = TestDriver.Init.OFFLINE;
        AtomicInteger calls = new AtomicInteger();
        d.read = ctx -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(TestDriver.card());
        };
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", s -> s.lifecycle() == Lifecycle.READY, "READY/OFFLINE");
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(reader(), CommandContext.withTimeout(LONG))).code());
        assertEquals(0, calls.get());

        d.last().report(DeviceStatus.ready(OperationalState.ONLINE));
        success(read(reader(), CommandContext.withTimeout(LONG)));
        assertEquals(1, calls.get());
    }

    @Test
    public void errorEventsReachWhiteboardListenersWithTheInstanceIdentity() throws Exception {
        Recorder whiteboard = new Recorder();
        mgr.bindListener(whiteboard);
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        d.last().callback.error(DeviceErrorEvent.of("whatever", DeviceClass.RECEIPT_PRINTER, "SAM_FAULT",
                "SAM not answering", ActionHint.MAINTENANCE));
        DeviceErrorEvent e = whiteboard.errors.poll(Recorder.WAIT_MS, TimeUnit.MILLISECONDS);
        assertEquals("r1", e.deviceId());
        assertEquals(DeviceClass.ID_CARD_READER, e.deviceClass());
        assertEquals(ActionHint.MAINTENANCE, e.hint());
        assertEquals("SAM_FAULT", rec.errors.poll(Recorder.WAIT_MS, TimeUnit.MILLISECONDS).errorCode());
        whiteboard.await("r1", DeviceManagerImplTest::readyOnline, "whiteboard saw status too");
        mgr.unbindListener(whiteboard);
    }

    @Test
    public void reconfiguredDeviceWaitsForOldHandlerToBeDisposed() throws Exception {
        TestDriver d = driver("test");
        d.disposeMillis = 50; // a driver closing a serial port
        mgr.bindFactory(d);
        DeviceInstance v1 = instance("r1", "test");
        mgr.bindInstance(v1);
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");

        // DS replaces the component on a configuration change: unbind old, bind new
        mgr.unbindInstance(v1);
        assertEquals(Lifecycle.REMOVING, rec.next("r1").lifecycle());
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY after reconfiguration");
        assertEquals(List.of("create r1", "dispose-start r1", "dispose-end r1", "create r1"), d.journal);
        success(read(reader(), CommandContext.withTimeout(LONG)));
    }

    @Test
    public void roleLookupPrefersUsableDeviceAndChecksType() throws Exception {
        TestDriver good = driver("good");
        TestDriver off = driver("off");
        off.init = TestDriver.Init.OFFLINE;
        mgr.bindFactory(good);
        mgr.bindFactory(off);
        mgr.bindInstance(instance("a-offline", "off"));
        mgr.bindInstance(instance("b-online", "good"));
        rec.await("b-online", DeviceManagerImplTest::readyOnline, "READY");
        rec.await("a-offline", s -> s.lifecycle() == Lifecycle.READY, "READY/OFFLINE");

        assertEquals("b-online", reader().info().instanceId());
        assertFalse(mgr.role("idCardReader", ReceiptPrinter.class).isPresent());
        assertFalse(mgr.role(ReceiptPrinter.class).isPresent());
        assertEquals(List.of("a-offline", "b-online"),
                mgr.devices().stream().map(DeviceView::id).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    public void roleRankChoosesAmongUsableDevices() throws Exception {
        TestDriver good = driver("good");
        mgr.bindFactory(good);
        Map<String, Object> spare = new HashMap<>();
        spare.put(DeviceInstanceConfig.DEVICE_ID, "a-spare");
        spare.put(DeviceInstanceConfig.DEVICE_CLASS, "ID_CARD_READER");
        spare.put(DeviceInstanceConfig.DRIVER_TYPE, "good");
        spare.put("role.rank", "-1");
        mgr.bindInstance(new DeviceInstance(spare));
        mgr.bindInstance(instance("b-main", "good"));
        rec.await("a-spare", DeviceManagerImplTest::readyOnline, "READY");
        rec.await("b-main", DeviceManagerImplTest::readyOnline, "READY");
        assertEquals("the higher rank serves the role", "b-main", reader().info().instanceId());
    }

    // ---- identity roles fail closed (kiosk.mode, simulators, fallback) ----

    private static final Set<DeviceClass> ALL = EnumSet.allOf(DeviceClass.class);

    private static DeviceInstance instance(String id, DeviceClass c, String type, String... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put(DeviceInstanceConfig.DEVICE_ID, id);
        p.put(DeviceInstanceConfig.DEVICE_CLASS, c.name());
        p.put(DeviceInstanceConfig.DRIVER_TYPE, type);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new DeviceInstance(p);
    }

    private static boolean refusedSimulator(DeviceStatus s) {
        return s.lifecycle() == Lifecycle.UNINITIALIZED && s.detail() == LifecycleDetail.CONFIGURATION_ERROR
                && "SIMULATOR_IN_PRODUCTION".equals(s.substatus("refused").orElse(null));
    }

    /** The shipped set: every class on the simulator. */
    private TestDriver simulatorsForEveryClass() {
        TestDriver sim = driver("sim", ALL);
        mgr.bindFactory(sim);
        for (DeviceClass c : DeviceClass.values()) {
            mgr.bindInstance(instance(c.role(), c, "sim"));
        }
        return sim;
    }

    @Test
    public void productionModeRefusesTheSimulatorForIdCardAndLivenessButNotForOtherRoles() throws Exception {
        mgr.settings().modified(Map.of("kiosk.mode", "production"));
        assertEquals(KioskMode.PRODUCTION, mgr.mode());
        TestDriver sim = simulatorsForEveryClass();

        for (DeviceClass c : EnumSet.of(DeviceClass.DOCUMENT_SCANNER, DeviceClass.RECEIPT_PRINTER, DeviceClass.SIGNATURE_PAD)) {
            rec.await(c.role(), DeviceManagerImplTest::readyOnline, c + " on the simulator is allowed");
        }
        DeviceStatus reader = rec.await("idCardReader", DeviceManagerImplTest::refusedSimulator, "reader refused");
        assertTrue(reader.description(), reader.description().contains("a simulator may not read ID cards in production mode"));
        assertTrue(reader.description(), reader.description().contains("生产模式下不允许模拟器读取身份证"));
        DeviceStatus camera = rec.await("livenessDetector", DeviceManagerImplTest::refusedSimulator, "liveness refused");
        assertTrue(camera.description(), camera.description().contains("a simulator may not check faces"));
        assertFalse("the simulator never got the reader", sim.journal.contains("create idCardReader"));
        assertFalse("the simulator never got the camera", sim.journal.contains("create livenessDetector"));

        DeviceException e = failure(read(reader(), CommandContext.withTimeout(LONG)));
        assertEquals(CompletionCode.DEVICE_NOT_READY, e.code());
        assertEquals("waiting will not help: the citizen is sent to a counter", ActionHint.MAINTENANCE, e.hint());
        assertTrue(mgr.role(ReceiptPrinter.class).orElseThrow().status().isUsable());
        // a driver arriving later does not sneak it in either
        mgr.bindFactory(driver("other"));
        assertTrue(refusedSimulator(mgr.device("idCardReader").orElseThrow().status()));
    }

    @Test
    public void switchingModeLiveRefusesAndReleasesTheSimulatorIdentityDevices() throws Exception {
        TestDriver sim = simulatorsForEveryClass();
        for (DeviceClass c : DeviceClass.values()) {
            rec.await(c.role(), DeviceManagerImplTest::readyOnline, c + " online in demo mode");
        }
        assertEquals(KioskMode.DEMO, mgr.mode());
        TestDriver.Handler demoReader = sim.handlers.stream().filter(h -> h.config.id().equals("idCardReader")).findFirst().orElseThrow();
        int created = sim.handlers.size();

        mgr.settings().modified(Map.of("kiosk.mode", "production"));
        rec.await("idCardReader", DeviceManagerImplTest::refusedSimulator, "reader refused");
        rec.await("livenessDetector", DeviceManagerImplTest::refusedSimulator, "camera refused");
        assertTrue("the simulator's reader handler was disposed", demoReader.disposed.await(Recorder.WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(reader(), CommandContext.withTimeout(LONG))).code());
        assertEquals("printer, scanner and pad were left alone", created, sim.handlers.size());
        assertTrue(mgr.device("receiptPrinter").orElseThrow().status().isUsable());

        // back to demo (the key removed counts as demo): the simulator serves again
        mgr.settings().modified(Map.of());
        rec.await("idCardReader", DeviceManagerImplTest::readyOnline, "reader back on the simulator");
        rec.await("livenessDetector", DeviceManagerImplTest::readyOnline, "camera back on the simulator");
        success(read(reader(), CommandContext.withTimeout(LONG)));
        assertEquals(created + 2, sim.handlers.size());
    }

    @Test
    public void anUnknownModeFailsClosedAsProduction() {
        assertEquals(KioskMode.DEMO, KioskMode.of(Map.of()));
        assertEquals(KioskMode.DEMO, KioskMode.of(Map.of("kiosk.mode", " Demo ")));
        assertEquals(KioskMode.PRODUCTION, KioskMode.of(Map.of("kiosk.mode", "production")));
        assertEquals(KioskMode.PRODUCTION, KioskMode.of(Map.of("kiosk.mode", "prod")));
        assertTrue(KioskMode.isUnknown(Map.of("kiosk.mode", "prod")));
        assertFalse(KioskMode.isUnknown(Map.of("kiosk.mode", "PRODUCTION")));
    }

    @Test
    public void whenTheRealReadersDriverGoesAwayTheRoleDoesNotMoveToTheSimulator() throws Exception {
        TestDriver acme = driver("acme");
        TestDriver sim = driver("sim");
        mgr.bindFactory(acme);
        mgr.bindFactory(sim);
        mgr.bindInstance(instance("acme-reader", DeviceClass.ID_CARD_READER, "acme"));
        mgr.bindInstance(instance("id-card-reader", DeviceClass.ID_CARD_READER, "sim", "role.rank", "-1"));
        rec.await("acme-reader", DeviceManagerImplTest::readyOnline, "real reader");
        rec.await("id-card-reader", DeviceManagerImplTest::readyOnline, "simulated reader");
        IdCardReader served = reader();
        assertEquals("acme-reader", served.info().instanceId());

        mgr.unbindFactory(acme);
        rec.await("acme-reader", DeviceManagerImplTest::missing, "DRIVER_MISSING");
        IdCardReader now = reader();
        assertEquals("the role stays with the real reader", "acme-reader", now.info().instanceId());
        assertEquals(LifecycleDetail.DRIVER_MISSING, now.status().detail());
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(now, CommandContext.withTimeout(LONG))).code());
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read(served, CommandContext.withTimeout(LONG))).code());

        // equal rank: the real device is the primary whatever the ids say
        mgr.bindInstance(instance("a-sim-reader", DeviceClass.ID_CARD_READER, "sim"));
        rec.await("a-sim-reader", DeviceManagerImplTest::readyOnline, "second simulated reader");
        assertEquals("acme-reader", reader().info().instanceId());

        mgr.bindFactory(acme);
        rec.await("acme-reader", DeviceManagerImplTest::readyOnline, "real reader back");
        assertEquals("acme-reader", reader().info().instanceId());
        success(read(reader(), CommandContext.withTimeout(LONG)));
    }

    @Test
    public void aRealSpareStillStandsInAndASimulatorOnlyWhenConfiguredTo() throws Exception {
        TestDriver acme = driver("acme", EnumSet.of(DeviceClass.ID_CARD_READER, DeviceClass.RECEIPT_PRINTER));
        TestDriver spare = driver("spare");
        TestDriver sim = driver("sim", ALL);
        mgr.bindFactory(acme);
        mgr.bindFactory(spare);
        mgr.bindFactory(sim);
        mgr.bindInstance(instance("main-reader", DeviceClass.ID_CARD_READER, "acme"));
        mgr.bindInstance(instance("spare-reader", DeviceClass.ID_CARD_READER, "spare", "role.rank", "-1"));
        mgr.bindInstance(instance("main-printer", DeviceClass.RECEIPT_PRINTER, "acme"));
        mgr.bindInstance(instance("sim-printer", DeviceClass.RECEIPT_PRINTER, "sim", "role.rank", "-1", "role.fallback", "true"));
        for (String id : List.of("main-reader", "spare-reader", "main-printer", "sim-printer")) {
            rec.await(id, DeviceManagerImplTest::readyOnline, id);
        }
        assertEquals("main-printer", mgr.role(ReceiptPrinter.class).orElseThrow().info().instanceId());

        mgr.unbindFactory(acme);
        rec.await("main-reader", DeviceManagerImplTest::missing, "DRIVER_MISSING");
        rec.await("main-printer", DeviceManagerImplTest::missing, "DRIVER_MISSING");
        assertEquals("a real spare reader stands in", "spare-reader", reader().info().instanceId());
        assertEquals("the operator allowed the simulated printer to stand in", "sim-printer",
                mgr.role(ReceiptPrinter.class).orElseThrow().info().instanceId());
    }

    @Test
    public void roleFallbackIsNotHonouredForIdentityRolesInProduction() {
        DeviceInstanceConfig simReader = DeviceInstance.parse(Map.of(DeviceInstanceConfig.DEVICE_ID, "r",
                DeviceInstanceConfig.DEVICE_CLASS, "ID_CARD_READER", DeviceInstanceConfig.DRIVER_TYPE, "sim", "role.fallback", "true"));
        DeviceInstanceConfig plainSim = DeviceInstance.parse(Map.of(DeviceInstanceConfig.DEVICE_ID, "r",
                DeviceInstanceConfig.DEVICE_CLASS, "ID_CARD_READER", DeviceInstanceConfig.DRIVER_TYPE, "sim"));
        assertTrue(RolePolicy.mayStandIn(simReader, KioskMode.DEMO));
        assertFalse(RolePolicy.mayStandIn(simReader, KioskMode.PRODUCTION));
        assertFalse(RolePolicy.mayStandIn(plainSim, KioskMode.DEMO));
        assertTrue(RolePolicy.refused(plainSim, KioskMode.PRODUCTION));
        assertFalse(RolePolicy.refused(plainSim, KioskMode.DEMO));
    }

    @Test
    public void instanceConfigurationIsParsedForTheDriver() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "org.opendmv.device~printer");
        p.put("service.factoryPid", "org.opendmv.device");
        p.put("component.id", 12L);
        p.put("felix.fileinstall.filename", "file:/etc/x.cfg");
        p.put(DeviceInstanceConfig.DEVICE_CLASS, "receiptPrinter");
        p.put(DeviceInstanceConfig.DRIVER_TYPE, "escpos");
        p.put("port", "/dev/ttyUSB0");
        p.put("baud", 115200);
        p.put("codepages", new String[] {"GB18030", "UTF-8"});
        DeviceInstanceConfig c = DeviceInstance.parse(p);
        assertEquals("org.opendmv.device~printer", c.id());
        assertEquals(DeviceClass.RECEIPT_PRINTER, c.deviceClass());
        assertEquals("receiptPrinter", c.role());
        assertEquals(115200, c.intProperty("baud", 0));
        assertEquals("GB18030,UTF-8", c.property("codepages").orElseThrow());
        assertFalse(c.properties().containsKey("service.pid"));
        assertFalse(c.properties().containsKey("felix.fileinstall.filename"));

        p.put(DeviceInstanceConfig.DEVICE_CLASS, "toaster");
        try {
            DeviceInstance.parse(p);
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("toaster"));
        }
    }

    @Test
    public void aResultArrivingAfterTheCallerGaveUpIsWiped() {
        org.opendmv.devices.api.IdCardData late = org.opendmv.devices.api.IdCardData.builder().name("测试甲")
                .sex(org.opendmv.devices.api.IdCardData.Sex.MALE).ethnicity("汉").birthDate(java.time.LocalDate.of(1985, 4, 12))
                .address("北京市").idNumber("110101198504120019").issuingAuthority("某局")
                .validFrom(java.time.LocalDate.of(2020, 1, 1)).photoWlt(new byte[] {1, 2, 3}).build();
        DriverSession.wipeLate(late);
        assertTrue(late.isWiped());
        org.opendmv.devices.api.SignatureResult sig = org.opendmv.devices.api.SignatureResult.of(new byte[] {9, 9}, 1);
        DriverSession.wipeLate(sig);
        DriverSession.wipeLate("not personal data");
    }

    @Test
    public void aDriversHintOnATimeoutIsKept() throws Exception {
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");
        // a driver that gives up by itself and says the device needs a moment to recover
        d.read = ctx -> CompletableFuture.failedFuture(new DeviceException(CompletionCode.TIMEOUT, null,
                "reader is rebooting", ActionHint.SUSPEND, null));
        DeviceException e = failure(read(reader(), CommandContext.withTimeout(LONG)));
        assertEquals(CompletionCode.TIMEOUT, e.code());
        assertEquals("the driver's hint, not RETRY", ActionHint.SUSPEND, e.hint());

        // a driver that stops on the caller's deadline (its own context expired) with its own hint: TIMEOUT, hint kept
        CommandContext expired = CommandContext.withTimeout(Duration.ofMillis(1));
        Thread.sleep(5);
        DeviceException late = CompletionMapper.map(new DeviceException(CompletionCode.CANCELED, null, "stopped",
                ActionHint.CLEAR, null), expired);
        assertEquals(CompletionCode.TIMEOUT, late.code());
        assertEquals(ActionHint.CLEAR, late.hint());
    }

    @Test
    public void aBrokenOrAbsentDeviceSendsTheCitizenToTheCounter() throws Exception {
        TestDriver d = driver("test");
        mgr.bindFactory(d);
        mgr.bindInstance(instance("r1", "test"));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "READY");

        d.last().report(DeviceStatus.ready(OperationalState.HARDWARE_ERROR));
        rec.await("r1", s -> s.operational() == OperationalState.HARDWARE_ERROR, "HARDWARE_ERROR");
        DeviceException broken = failure(read(reader(), CommandContext.withTimeout(LONG)));
        assertEquals(CompletionCode.DEVICE_NOT_READY, broken.code());
        assertEquals("not 'try later'", ActionHint.MAINTENANCE, broken.hint());

        d.last().report(DeviceStatus.ready(OperationalState.NO_DEVICE));
        rec.await("r1", s -> s.operational() == OperationalState.NO_DEVICE, "NO_DEVICE");
        assertEquals(ActionHint.MAINTENANCE, failure(read(reader(), CommandContext.withTimeout(LONG))).hint());

        // the driver says what its error needs: that hint is the citizen's action
        d.last().callback.error(DeviceErrorEvent.of("r1", DeviceClass.ID_CARD_READER, "CARD_JAMMED", "card stuck",
                ActionHint.CLEAR));
        rec.errors.poll(Recorder.WAIT_MS, TimeUnit.MILLISECONDS);
        assertEquals(ActionHint.CLEAR, failure(read(reader(), CommandContext.withTimeout(LONG))).hint());

        // a device that is merely offline may come back: try later, as before
        d.last().report(DeviceStatus.ready(OperationalState.OFFLINE));
        rec.await("r1", s -> s.operational() == OperationalState.OFFLINE, "OFFLINE");
        assertEquals(ActionHint.SUSPEND, failure(read(reader(), CommandContext.withTimeout(LONG))).hint());

        // recovered: a later fault is out of service again, the old hint forgotten
        d.last().report(DeviceStatus.ready(OperationalState.ONLINE));
        rec.await("r1", DeviceManagerImplTest::readyOnline, "back ONLINE");
        d.last().report(DeviceStatus.ready(OperationalState.HARDWARE_ERROR));
        rec.await("r1", s -> s.operational() == OperationalState.HARDWARE_ERROR, "HARDWARE_ERROR again");
        assertEquals(ActionHint.MAINTENANCE, failure(read(reader(), CommandContext.withTimeout(LONG))).hint());
    }
}
