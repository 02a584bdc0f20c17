package org.opendmv.devices.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * The driver conformance suite. A vendor adds ONE test class per device class the driver serves:
 *
 * <pre>{@code
 * public class AcmeReaderConformanceTest extends DriverConformanceTest {
 *     private AcmeEmulator emulator;                      // your device emulator, started per test
 *
 *     @Override
 *     protected DriverUnderTest driver() throws Exception {
 *         emulator = AcmeEmulator.start();
 *         return DriverUnderTest.of(new AcmeReaderHandlerFactory(), DeviceClass.ID_CARD_READER)
 *                 .config(Map.of("host", "127.0.0.1", "port", String.valueOf(emulator.port())))
 *                 .badConfig(Map.of("host", "127.0.0.1", "port", "not-a-port"))
 *                 .presentMedia(() -> emulator.insert(VirtualIdCard.textBlock(), VirtualIdCard.wlt()));
 *     }
 *
 *     @After
 *     public void stopEmulator() {
 *         emulator.close();
 *     }
 * }
 * }</pre>
 *
 * Each test creates a handler through the factory with a {@link RecordingCallback}, exactly as the core does,
 * and checks what the kiosk relies on:
 * <ol>
 * <li>{@code initialize()} returns at once (under 2.5 s, half the core's lifecycle timeout: it must not block on the device) and a status is
 * reported;</li>
 * <li>with the good configuration the device becomes READY and usable, and {@code info()} has the
 * instance's id, class and driver type;</li>
 * <li>a bad configuration gives {@code UNINITIALIZED / CONFIGURATION_ERROR}, never an exception;</li>
 * <li>the class's command works and its result obeys the class contract (ID card reader: a parsed
 * {@code IdCardData} with a valid GB 11643 number, by default {@link VirtualIdCard}'s data; printer: a print
 * result; scanner: pages with decodable images; signature pad: strokes and an image; liveness detector: a
 * consistent verdict);</li>
 * <li>a command stops when the deadline of its {@link CommandContext} passes and when it is cancelled (the
 * driver gets a derived context that the core cancels at the deadline, as in the kiosk);</li>
 * <li>a result arriving after the deadline is never delivered, and the next command gets fresh data;</li>
 * <li>{@code dispose()} can be called twice, silences the callback, and every thread the driver started
 * ends;</li>
 * <li>a disposed device refuses commands with {@code DEVICE_NOT_READY} instead of hanging;</li>
 * <li>no personal data ({@link VirtualIdCard#personalData()} plus {@link DriverUnderTest#personalData})
 * reaches the log during any of these (captured with {@link LogCapture}).</li>
 * </ol>
 * A check that needs a hook the driver did not give is skipped ({@code Assume}) with a message naming it.
 */
public abstract class DriverConformanceTest {
    /** How long a test waits for a command that should complete. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** How late after its deadline or cancellation a command may still complete. */
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final ScheduledExecutorService CORE_TIMER = coreTimer();

    private final List<String> personalData = new CopyOnWriteArrayList<>();

    /** Fails the test when personal data reaches the log. */
    @Rule
    public final LogCapture log = LogCapture.forbiddingLive(personalData);

    private DriverUnderTest driver;
    private ClassContract contract;
    private final List<DeviceHandler> handlers = new ArrayList<>();
    private final List<RecordingCallback> callbacks = new ArrayList<>();
    private final List<IntermediateEvent> events = new CopyOnWriteArrayList<>();

    /**
     * Describes the driver; called before each test (start your emulator here, stop it in an {@code @After}
     * method of your class).
     */
    protected abstract DriverUnderTest driver() throws Exception;

    @Before
    public final void describeDriver() throws Exception {
        driver = driver();
        assertNotNull("driver() returned null", driver);
        personalData.addAll(driver.personalData());
        assertTrue(driver.factory().driverType() + " does not list " + driver.deviceClass() + " in supportedClasses()",
                driver.factory().supportedClasses().contains(driver.deviceClass()));
        contract = ClassContract.of(driver.deviceClass());
    }

    @After
    public final void disposeHandlers() {
        for (DeviceHandler h : handlers) {
            try {
                h.dispose();
            } catch (RuntimeException e) {
                // the dispose check reports this; here we only clean up
            }
        }
        callbacks.forEach(RecordingCallback::close);
    }

    /** The driver under test, as {@link #driver()} returned it (for subclasses adding their own checks). */
    protected final DriverUnderTest driverUnderTest() {
        return driver;
    }

    // ---- the checks ----

    @Test
    public void initializeReturnsPromptlyAndReportsAStatus() throws Exception {
        RecordingCallback cb = callback();
        DeviceHandler h = create(driver.goodConfig(), cb);
        long t0 = System.nanoTime();
        h.initialize();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("initialize() blocked for " + ms + " ms: open the device on the scheduler "
                + "(BaseDeviceHandler.execute) instead", ms < 2500);
        cb.awaitStatus(s -> true, driver.readyWithin());
    }

    @Test
    public void becomesUsableWithTheGoodConfiguration() throws Exception {
        DeviceHandler h = started();
        Device d = h.device();
        assertNotNull("device() returned null", d);
        assertTrue("device() is not a " + driver.deviceClass().type().getSimpleName(),
                driver.deviceClass().type().isInstance(d));
        DeviceInfo info = d.info();
        assertEquals("info().instanceId()", driver.goodConfig().id(), info.instanceId());
        assertEquals("info().deviceClass()", driver.deviceClass(), info.deviceClass());
        assertEquals("info().driverType()", driver.factory().driverType(), info.driverType());
        assertTrue("device().status() is not usable though the last reported status is", d.status().isUsable());
    }

    @Test
    public void aBadConfigurationGivesConfigurationErrorNotAnException() throws Exception {
        assumeTrue("skipped: driver() gave no DriverUnderTest.badConfig(...) to check", driver.badConfig().isPresent());
        RecordingCallback cb = callback();
        DeviceHandler h;
        try {
            h = create(driver.badConfig().get(), cb);
            h.initialize();
        } catch (RuntimeException e) {
            throw new AssertionError("a bad configuration must be reported as status CONFIGURATION_ERROR, "
                    + "not thrown: " + e, e);
        }
        DeviceStatus s = cb.awaitStatus(st -> st.detail() == LifecycleDetail.CONFIGURATION_ERROR, driver.readyWithin());
        assertTrue("the configuration error has no description telling the operator what is wrong",
                !s.description().isBlank());
    }

    @Test
    public void performsItsCommandAsTheClassContractSays() throws Exception {
        DeviceHandler h = started();
        driver.presentMedia();
        Object result = succeed(invoke(h.device(), COMMAND_TIMEOUT, null));
        try {
            contract.verify(result, driver);
        } finally {
            contract.wipe(result);
        }
    }

    @Test
    public void aCommandStopsWhenItsDeadlinePasses() throws Exception {
        String how = holdOrSkip();
        DeviceHandler h = started();
        hold();
        try {
            Duration deadline = Duration.ofMillis(500);
            long t0 = System.nanoTime();
            CompletionStage<?> stage = invoke(h.device(), deadline, null);
            DeviceException e = failure(stage, deadline.plus(GRACE), "a command held (" + how + ") did not stop "
                    + GRACE.toSeconds() + " s after its deadline");
            assertTrue("a command past its deadline failed with " + e.code() + ", expected TIMEOUT (or CANCELED: "
                    + "the core cancels the driver's context at the deadline)",
                    e.code() == CompletionCode.TIMEOUT || e.code() == CompletionCode.CANCELED);
            assertTrue("the command failed before its deadline",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= deadline.toMillis() - 50);
        } finally {
            release();
        }
    }

    @Test
    public void aCommandStopsWhenCancelled() throws Exception {
        String how = holdOrSkip();
        DeviceHandler h = started();
        hold();
        try {
            CommandContext[] caller = new CommandContext[1];
            CompletionStage<?> stage = invoke(h.device(), Duration.ofSeconds(60), caller);
            Thread.sleep(200);
            assertTrue("a held command (" + how + ") completed by itself", !stage.toCompletableFuture().isDone());
            caller[0].cancel();
            DeviceException e = failure(stage, GRACE, "a cancelled command did not stop within " + GRACE.toSeconds() + " s");
            assertEquals("a cancelled command must fail with CANCELED", CompletionCode.CANCELED, e.code());
        } finally {
            release();
        }
    }

    @Test
    public void aResultArrivingAfterTheDeadlineIsNeverDeliveredAndTheNextCommandGetsFreshData() throws Exception {
        holdOrSkip();
        DeviceHandler h = started();
        hold();
        Duration deadline = Duration.ofMillis(400);
        CompletionStage<?> late = invoke(h.device(), deadline, null);
        failure(late, deadline.plus(GRACE), "a held command did not stop after its deadline");
        release();
        driver.presentMedia();
        Thread.sleep(300); // room for a late result to (wrongly) arrive somewhere
        assertTrue("the timed-out command's stage changed", late.toCompletableFuture().isCompletedExceptionally());
        Object result = succeed(invoke(h.device(), COMMAND_TIMEOUT, null));
        try {
            contract.verify(result, driver);
        } finally {
            contract.wipe(result);
        }
    }

    @Test
    public void disposeIsIdempotentSilencesTheDriverAndStopsItsThreads() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        RecordingCallback cb = callback();
        DeviceHandler h = create(driver.goodConfig(), cb);
        h.initialize();
        cb.awaitStatus(DeviceStatus::isUsable, driver.readyWithin());
        driver.presentMedia();
        contract.wipe(succeed(invoke(h.device(), COMMAND_TIMEOUT, null))); // let the driver start its threads
        try {
            h.dispose();
            h.dispose();
        } catch (RuntimeException e) {
            throw new AssertionError("dispose() threw: " + e, e);
        }
        int reported = cb.statuses().size();
        int errors = cb.errors().size();
        Thread.sleep(300);
        assertEquals("statuses were reported after dispose()", reported, cb.statuses().size());
        assertEquals("error events were reported after dispose()", errors, cb.errors().size());
        cb.close(); // the core stops the device's scheduler after dispose
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Thread> leaked;
        do {
            leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !ignored(t)).collect(Collectors.toList());
            if (leaked.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        fail("threads still running 5 s after dispose(): " + leaked.stream()
                .map(t -> t.getName() + " at " + top(t)).collect(Collectors.joining("; ")));
    }

    @Test
    public void aDisposedDeviceRefusesCommands() throws Exception {
        DeviceHandler h = started();
        Device d = h.device();
        h.dispose();
        driver.presentMedia();
        DeviceException e = failure(invoke(d, null, null), GRACE,
                "a command on a disposed device neither failed nor completed within " + GRACE.toSeconds() + " s");
        assertEquals("a disposed device must refuse commands with DEVICE_NOT_READY", CompletionCode.DEVICE_NOT_READY,
                e.code());
    }

    // ---- plumbing ----

    private RecordingCallback callback() {
        RecordingCallback cb = new RecordingCallback();
        callbacks.add(cb);
        return cb;
    }

    private DeviceHandler create(DeviceInstanceConfig cfg, RecordingCallback cb) {
        DeviceHandler h = driver.factory().createHandler(cfg, cb);
        assertNotNull("createHandler returned null", h);
        handlers.add(h);
        return h;
    }

    /** A handler on the good configuration, initialized and usable. */
    private DeviceHandler started() throws InterruptedException {
        RecordingCallback cb = callback();
        DeviceHandler h = create(driver.goodConfig(), cb);
        h.initialize();
        cb.awaitStatus(DeviceStatus::isUsable, driver.readyWithin());
        return h;
    }

    private String holdOrSkip() {
        if (driver.hold().isPresent()) {
            return "DriverUnderTest.holdCommands";
        }
        assumeTrue("skipped: " + driver.deviceClass() + " commands do not wait for a person; give "
                + "DriverUnderTest.holdCommands(hold, release) to check deadlines, cancellation and late results",
                contract.waitsForMedia());
        assumeTrue("skipped: give DriverUnderTest.presentMedia(...) (or holdCommands) so that a command can be "
                + "held by not presenting media", driver.hasPresentMedia());
        return "no media presented";
    }

    private void hold() {
        driver.hold().ifPresent(Runnable::run);
    }

    private void release() {
        driver.release().ifPresent(Runnable::run);
    }

    /**
     * Runs the class's command as the core does: the driver gets a context derived from the caller's,
     * cancelled by the core's timer at the deadline.
     */
    private CompletionStage<?> invoke(Device d, Duration timeout, CommandContext[] callerOut) {
        CommandContext caller = timeout == null ? CommandContext.builder().events(events::add).build()
                : CommandContext.withTimeout(timeout, events::add);
        if (callerOut != null) {
            callerOut[0] = caller;
        }
        CommandContext driverCtx = caller.derive();
        if (timeout != null) {
            CORE_TIMER.schedule(driverCtx::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            CompletionStage<?> stage = contract.run(d, driverCtx);
            assertNotNull("a command returned a null stage", stage);
            return stage;
        } catch (RuntimeException e) {
            // the core treats a thrown exception like a failed stage
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Object succeed(CompletionStage<?> stage) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get(COMMAND_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the command failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the command did not complete within its deadline");
        }
    }

    private static DeviceException failure(CompletionStage<?> stage, Duration within, String message)
            throws InterruptedException {
        Object value;
        try {
            value = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError(
                    "a command failed with " + e.getCause() + " instead of a DeviceException", e.getCause()));
        } catch (TimeoutException e) {
            throw new AssertionError(message);
        }
        throw new AssertionError("the command succeeded (" + (value == null ? "null" : value.getClass().getSimpleName())
                + ") where it had to fail");
    }

    private static boolean ignored(Thread t) {
        String n = t.getName();
        return n.startsWith(RecordingCallback.SCHEDULER_THREAD_PREFIX) || n.startsWith("testkit-")
                || n.startsWith("ForkJoinPool.commonPool") || n.equals("process reaper") || n.equals("Attach Listener")
                || n.equals("Common-Cleaner") || n.startsWith("surefire") || n.startsWith("Time-limited test");
    }

    private static String top(Thread t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].toString();
    }

    private static ScheduledExecutorService coreTimer() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "testkit-core-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
