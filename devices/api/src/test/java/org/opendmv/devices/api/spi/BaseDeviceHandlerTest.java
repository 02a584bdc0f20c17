package org.opendmv.devices.api.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;

/** What the core (and so the citizen and operator) sees of a driver written on {@link BaseDeviceHandler}. */
public class BaseDeviceHandlerTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<DeviceErrorEvent> errors = new CopyOnWriteArrayList<>();
    private final DeviceCallback callback = new DeviceCallback() {
        @Override
        public void statusChanged(DeviceStatus status) {
            statuses.add(status);
        }

        @Override
        public void error(DeviceErrorEvent event) {
            errors.add(event);
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    };

    record ReaderConfig(String host, @DefaultValue("7000") int port, @DefaultValue("20ms") Duration poll) {
        ReaderConfig {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535");
            }
        }
    }

    /** A reader whose card read blocks until the test releases it. */
    static final class Reader extends BaseDeviceHandler implements IdCardReader {
        final AtomicInteger polls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch readStarted = new CountDownLatch(1);
        final List<IdCardData> produced = new CopyOnWriteArrayList<>();
        volatile boolean interrupted;
        volatile boolean ignoreInterrupt;
        final AtomicInteger stops = new AtomicInteger();
        ReaderConfig cfg;

        Reader(DeviceInstanceConfig config, DeviceCallback callback) {
            super(config, callback);
        }

        @Override
        protected void start() {
            cfg = config(ReaderConfig.class);
            scheduleWithFixedDelay(() -> {
                polls.incrementAndGet();
                updateStatus(DeviceStatus.ready(OperationalState.ONLINE));
            }, Duration.ZERO, cfg.poll());
        }

        @Override
        protected void stop() {
            stops.incrementAndGet();
        }

        @Override
        public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
            return runCommand(ctx, () -> {
                readStarted.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (!ignoreInterrupt) {
                            throw e;
                        }
                    }
                }
                IdCardData d = IdCardData.builder().name("测试乙").sex(IdCardData.Sex.FEMALE).ethnicity("01")
                        .birthDate(LocalDate.of(1990, 1, 1)).address("测试路2号").idNumber("11010119900101002X")
                        .issuingAuthority("测试分局").validFrom(LocalDate.of(2020, 1, 1)).build();
                produced.add(d);
                return d;
            }, IdCardData::wipe);
        }
    }

    @After
    public void tearDown() {
        scheduler.shutdownNow();
    }

    private Reader reader(Map<String, String> props) {
        return new Reader(DeviceInstanceConfig.of("reader-1", DeviceClass.ID_CARD_READER, "acme", null, props), callback);
    }

    @Test
    public void anEqualStatusIsReportedOnce() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        await("three polls", () -> r.polls.get() >= 3);
        DeviceStatus online = DeviceStatus.ready(OperationalState.ONLINE);
        assertEquals(statuses.toString(), 1, statuses.stream().filter(online::equals).count());
        assertEquals(online, statuses.get(statuses.size() - 1));
        assertEquals(online, r.status());
        assertSame(r, r.device());
        r.dispose();
    }

    @Test
    public void disposeCancelsPollingAndSilencesTheHandler() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        await("first poll", () -> r.polls.get() >= 1);
        r.dispose();
        int polls = r.polls.get();
        Thread.sleep(100); // five poll periods
        assertEquals("no poll after dispose", polls, r.polls.get());
        assertEquals("polling task removed from the scheduler", 0, scheduler.getQueue().size());

        int before = statuses.size();
        r.updateStatus(DeviceStatus.ready(OperationalState.HARDWARE_ERROR));
        r.raiseError("X", "late", org.opendmv.devices.api.ActionHint.MAINTENANCE);
        assertEquals("nothing reaches the core after dispose", before, statuses.size());
        assertTrue(errors.isEmpty());
        r.dispose();
        assertEquals("stop() runs once however often dispose is called", 1, r.stops.get());
        assertTrue(r.schedule(() -> fail("ran after dispose"), Duration.ZERO).isCancelled());
    }

    @Test
    public void aBadConfigurationIsAStatusNotAnException() {
        Reader r = reader(Map.of("host", "127.0.0.1", "port", "99999"));
        r.initialize();
        assertEquals(DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR, "port must be 1-65535"),
                statuses.get(0));
        assertEquals(1, statuses.size());

        statuses.clear();
        Reader missing = reader(Map.of());
        missing.initialize();
        DeviceStatus s = statuses.get(0);
        assertEquals(LifecycleDetail.CONFIGURATION_ERROR, s.detail());
        assertTrue(s.description(), s.description().contains("'host'"));
        DeviceException refused = assertThrows(missing::ensureUsable);
        assertEquals(CompletionCode.DEVICE_NOT_READY, refused.code());
    }

    @Test
    public void aFailingStartIsReportedAndAStartWithoutStatusShowsInitializing() {
        BaseDeviceHandler failing = new BaseDeviceHandler(
                DeviceInstanceConfig.of("p", DeviceClass.RECEIPT_PRINTER, "acme", null, Map.of()), callback) {
            @Override
            protected void start() throws Exception {
                throw new java.io.IOException("port busy");
            }
        };
        failing.initialize();
        assertEquals(Lifecycle.UNINITIALIZED, statuses.get(0).lifecycle());
        assertEquals(LifecycleDetail.INITIALIZING_ERROR, statuses.get(0).detail());

        statuses.clear();
        BaseDeviceHandler quiet = new BaseDeviceHandler(
                DeviceInstanceConfig.of("p", DeviceClass.RECEIPT_PRINTER, "acme", null, Map.of()), callback) {
            @Override
            protected void start() {
            }
        };
        quiet.initialize();
        assertEquals(List.of(DeviceStatus.initializing("starting")), statuses);
        try {
            quiet.device();
            fail("a handler that is not a ReceiptPrinter has no default device");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("ReceiptPrinter"));
        }
    }

    @Test
    public void aCommandPastItsDeadlineTimesOutAndItsLateResultIsWiped() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        r.ignoreInterrupt = true; // a body stuck in I/O that does not react to interrupts
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(Duration.ofSeconds(1)));
        assertTrue(r.readStarted.await(5, TimeUnit.SECONDS));
        assertEquals(CompletionCode.TIMEOUT, failure(read).code());
        await("the body was interrupted", () -> r.interrupted); // interrupted just after the stage completed
        r.release.countDown();
        await("late result", () -> !r.produced.isEmpty());
        await("wiped", () -> r.produced.get(0).isWiped());
        r.dispose();
    }

    @Test
    public void aCancelledCommandCompletesAtOnceWithCanceled() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(30));
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, ctx);
        assertTrue(r.readStarted.await(5, TimeUnit.SECONDS));
        ctx.cancel();
        assertEquals(CompletionCode.CANCELED, failure(read).code());
        await("the body was interrupted", () -> r.interrupted);
        assertTrue("an interrupted body delivers nothing", r.produced.isEmpty());
        r.dispose();
    }

    @Test
    public void aCommandInTimeDeliversItsResult() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        r.release.countDown();
        IdCardData d = r.readCard(ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(Duration.ofSeconds(5)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertFalse(d.isWiped());
        assertEquals("11010119900101002X", d.idNumber());
        r.dispose();
    }

    @Test
    public void disposeFailsARunningCommandAndStopsItsThread() throws Exception {
        Reader r = reader(Map.of("host", "127.0.0.1"));
        r.initialize();
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(Duration.ofSeconds(30)));
        assertTrue(r.readStarted.await(5, TimeUnit.SECONDS));
        r.dispose();
        assertEquals(CompletionCode.DEVICE_NOT_READY, failure(read).code());
        await("command thread gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("opendmv-driver-reader-1-command")));
        assertEquals(CompletionCode.DEVICE_NOT_READY,
                failure(r.readCard(ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(Duration.ofSeconds(1)))).code());
    }

    @Test
    public void aFailingPollDoesNotStopPolling() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        BaseDeviceHandler h = new BaseDeviceHandler(
                DeviceInstanceConfig.of("p", DeviceClass.RECEIPT_PRINTER, "acme", null, Map.of()), callback) {
            @Override
            protected void start() {
                scheduleWithFixedDelay(() -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("flaky");
                }, Duration.ZERO, Duration.ofMillis(5));
            }
        };
        h.initialize();
        await("polling goes on", () -> runs.get() >= 3);
        h.dispose();
    }

    private static DeviceException failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError(e));
        }
        throw new AssertionError("the command succeeded");
    }

    private static DeviceException assertThrows(Runnable r) {
        try {
            r.run();
        } catch (DeviceException e) {
            return e;
        }
        throw new AssertionError("no DeviceException");
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
