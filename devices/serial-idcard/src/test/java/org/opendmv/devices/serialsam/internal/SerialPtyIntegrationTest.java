package org.opendmv.devices.serialsam.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.RecordingCallback;
import org.opendmv.devices.testkit.VirtualIdCard;

/**
 * The driver on one end of a real pseudo-terminal pair (socat), an emulated SAM reader
 * ({@link SamPtyEmulator}) on the other, speaking GA/T 467 frames byte by byte. The generic checks
 * (deadline, cancel, dispose, configuration errors, no personal data in the log) are in
 * {@link SerialSamConformanceTest}; these are the serial reader's own.
 */
public class SerialPtyIntegrationTest {
    private SamPtyEmulator sam;
    private RecordingCallback callback;
    private DeviceHandler handler;

    @Before
    public void setUp() throws Exception {
        sam = new SamPtyEmulator(true);
        callback = new RecordingCallback();
    }

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.dispose();
        }
        if (callback != null) {
            callback.close();
        }
        if (sam != null) {
            sam.close();
        }
    }

    private IdCardReader start() throws Exception {
        return start(java.util.Map.of("serial.port", sam.port(), "reply.timeout.ms", "800", "poll.ms", "100"));
    }

    private IdCardReader start(java.util.Map<String, String> properties) throws Exception {
        DeviceInstanceConfig cfg = DeviceInstanceConfig.of("reader-1", DeviceClass.ID_CARD_READER, "serial-idcard", null, properties);
        handler = new SerialSamDriverFactory().createHandler(cfg, callback);
        handler.initialize();
        callback.awaitStatus(s -> s.operational() == OperationalState.ONLINE, Duration.ofSeconds(5));
        return (IdCardReader) handler.device();
    }

    private static IdCardData read(IdCardReader r, CommandContext ctx) throws Exception {
        return r.readCard(ReadCardRequest.WITH_PHOTO, ctx).toCompletableFuture().get();
    }

    @Test
    public void readsASyntheticCardEndToEnd() throws Exception {
        IdCardReader r = start();
        IdCardData c = read(r, CommandContext.withTimeout(Duration.ofSeconds(5)));
        assertEquals(VirtualIdCard.ID_NUMBER, c.idNumber());
        assertEquals(VirtualIdCard.NAME, c.name());
        assertEquals(1024, c.photoWlt().orElseThrow().length);
        long[] times = new long[20];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).wipe();
            times[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(times);
        System.out.println("serial SAM read through a pty, median of 20: " + times[10] + " ms");
    }

    @Test
    public void waitsForTheCardWithAPrompt() throws Exception {
        IdCardReader r = start();
        sam.cardPresent = false;
        List<IntermediateEvent> events = new CopyOnWriteArrayList<>();
        callback.scheduler().schedule(() -> sam.cardPresent = true, 400, java.util.concurrent.TimeUnit.MILLISECONDS);
        IdCardData c = read(r, CommandContext.withTimeout(Duration.ofSeconds(5), events::add));
        assertEquals(VirtualIdCard.NAME, c.name());
        assertTrue(events.toString(), events.contains(IntermediateEvent.INSERT_CARD_PROMPT) && events.contains(IntermediateEvent.MEDIA_INSERTED));
    }

    @Test
    public void badChecksumGarbageAndSilenceAreTypedAndTheReaderRecovers() throws Exception {
        IdCardReader r = start();
        sam.nextReadFault = "checksum";
        expectHardwareError(r);
        assertEquals(VirtualIdCard.ID_NUMBER, read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).idNumber());
        sam.nextReadFault = "garbage";
        assertEquals("resynchronised over garbage", VirtualIdCard.NAME, read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
        sam.nextReadFault = "silence";
        expectHardwareError(r);
        Thread.sleep(300); // let the late bytes of nothing drain
        assertEquals(VirtualIdCard.NAME, read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
    }

    @Test
    public void noCardBeforeTheDeadlineEndsTheCommand() throws Exception {
        IdCardReader r = start();
        sam.cardPresent = false;
        try {
            read(r, CommandContext.withTimeout(Duration.ofMillis(700)));
            fail();
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), DeviceException.find(e).isPresent() || e.getCause() instanceof java.util.concurrent.CancellationException);
        }
    }

    /** Unplugged while idle, the reader is reported lost; plugged in again (a new pty behind the same link), it is ONLINE and reads. */
    @Test
    public void aReplugBringsTheReaderBackOnline() throws Exception {
        IdCardReader r = start(java.util.Map.of("serial.port", sam.link().toString(), "reply.timeout.ms", "500",
                "poll.ms", "100", "check.ms", "200", "reopen.min.ms", "100", "reopen.max.ms", "400"));
        assertEquals(VirtualIdCard.NAME, read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
        int online = callback.statuses().size();
        sam.unplug();
        int lostAt = awaitStatus(s -> s.operational() != OperationalState.ONLINE, online);
        assertTrue(callback.statuses().get(lostAt).toString(), callback.statuses().get(lostAt).operational() == OperationalState.HARDWARE_ERROR
                || callback.statuses().get(lostAt).operational() == OperationalState.NO_DEVICE);
        expectHardwareError(r);
        sam.plugIn();
        awaitStatus(s -> s.operational() == OperationalState.ONLINE, lostAt + 1);
        assertEquals(VirtualIdCard.ID_NUMBER, read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).idNumber());
    }

    /** Index of the first status from {@code from} on that matches, waiting up to 10 s. */
    private int awaitStatus(java.util.function.Predicate<DeviceStatus> p, int from) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (int j = from; j < callback.statuses().size(); j++) {
                if (p.test(callback.statuses().get(j))) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        fail("no such status after index " + from + ": " + callback.statuses());
        return -1;
    }

    private static void expectHardwareError(IdCardReader r) throws Exception {
        try {
            read(r, CommandContext.withTimeout(Duration.ofSeconds(5)));
            fail("expected a typed error");
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.HARDWARE_ERROR, DeviceException.codeOf(e));
        }
    }
}
