package org.opendmv.devices.serialsam.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * The driver on one end of a real pseudo-terminal pair (socat), an emulated SAM reader on the
 * other, speaking GA/T 467 frames byte by byte.
 */
public class SerialPtyIntegrationTest {
    private Process socat;
    private Path dir;
    private SerialPort emulatorPort;
    private Thread emulator;
    private volatile boolean cardPresent = true;
    /** One-shot faults for the next READ answer. */
    private volatile String nextReadFault = "";
    private ScheduledExecutorService scheduler;
    private DeviceHandler handler;
    private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        Assume.assumeTrue("socat is not installed (Debian package socat)", Files.isExecutable(Path.of("/usr/bin/socat")));
        dir = Files.createTempDirectory("pty");
        plugIn();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    /** A fresh socat pty pair on the same link names (a new /dev/pts each time) and the emulator on ttyB. */
    private void plugIn() throws Exception {
        Files.deleteIfExists(dir.resolve("ttyA"));
        Files.deleteIfExists(dir.resolve("ttyB"));
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("ttyA"), "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile())).start();
        for (int i = 0; i < 100 && !(Files.exists(dir.resolve("ttyA")) && Files.exists(dir.resolve("ttyB"))); i++) {
            Thread.sleep(50);
        }
        emulatorPort = SerialPort.getCommPort(dir.resolve("ttyB").toRealPath().toString());
        emulatorPort.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        assertTrue("emulator opens ttyB", emulatorPort.openPort());
        emulator = new Thread(this::emulate, "sam-emulator");
        emulator.setDaemon(true);
        emulator.start();
    }

    /** The reader is unplugged: the socat pair and the emulator go away. */
    private void unplug() throws Exception {
        if (emulator != null) {
            emulator.interrupt();
            emulator.join(2000);
            emulator = null;
        }
        if (emulatorPort != null) {
            emulatorPort.closePort();
            emulatorPort = null;
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor();
            socat = null;
        }
    }

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.dispose();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        unplug();
    }

    private void emulate() {
        byte[] buf = new byte[512];
        List<Byte> in = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            int n = emulatorPort.readBytes(buf, buf.length);
            if (n < 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                in.add(buf[i]);
            }
            // a command frame: preamble(5) len(2) cmd para chk
            while (in.size() >= 10) {
                if ((in.get(0) & 0xFF) != 0xAA || (in.get(4) & 0xFF) != 0x69) {
                    in.remove(0);
                    continue;
                }
                int cmd = in.get(7) & 0xFF;
                int para = in.get(8) & 0xFF;
                in.subList(0, 10).clear();
                answer(cmd, para);
            }
        }
    }

    private void answer(int cmd, int para) {
        byte[] out;
        if (cmd == 0x12) {
            out = SamFrame.response(0, 0, SamFrame.OK, new byte[16]);
        } else if (cmd == 0x20 && para == 0x01) {
            out = SamFrame.response(0, 0, cardPresent ? SamFrame.FOUND : SamFrame.NO_CARD, new byte[] {0, 0, 0, 0});
        } else if (cmd == 0x20 && para == 0x02) {
            out = SamFrame.response(0, 0, SamFrame.OK, new byte[8]);
        } else if (cmd == 0x30) {
            String fault = nextReadFault;
            nextReadFault = "";
            out = SamFrame.response(0, 0, SamFrame.OK, SamFrameTest.readAnswer());
            if (fault.equals("checksum")) {
                out[out.length - 1] ^= 0x33;
            } else if (fault.equals("garbage")) {
                byte[] g = new byte[out.length + 7];
                System.arraycopy(new byte[] {0x01, (byte) 0xAA, (byte) 0xAA, 0x42, 0x00, 0x7F, (byte) 0x96}, 0, g, 0, 7);
                System.arraycopy(out, 0, g, 7, out.length);
                out = g;
            } else if (fault.equals("silence")) {
                return;
            }
        } else {
            out = SamFrame.response(0, 0, 0x41, new byte[0]);
        }
        emulatorPort.writeBytes(out, out.length);
    }

    private IdCardReader start() throws Exception {
        return start(java.util.Map.of("serial.port", dir.resolve("ttyA").toRealPath().toString(), "reply.timeout.ms", "800", "poll.ms", "100"));
    }

    private IdCardReader start(java.util.Map<String, String> properties) throws Exception {
        DeviceInstanceConfig cfg = DeviceInstanceConfig.of("reader-1", DeviceClass.ID_CARD_READER, "serial-idcard", null, properties);
        handler = new SerialSamDriverFactory().createHandler(cfg, new DeviceCallback() {
            @Override
            public void statusChanged(DeviceStatus status) {
                statuses.add(status);
            }

            @Override
            public void error(DeviceErrorEvent event) {
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }
        });
        handler.initialize();
        for (int i = 0; i < 100 && statuses.stream().noneMatch(s -> s.operational() == OperationalState.ONLINE); i++) {
            Thread.sleep(50);
        }
        assertTrue("reader online: " + statuses, statuses.stream().anyMatch(s -> s.operational() == OperationalState.ONLINE));
        return (IdCardReader) handler.device();
    }

    private static IdCardData read(IdCardReader r, CommandContext ctx) throws Exception {
        return r.readCard(ReadCardRequest.WITH_PHOTO, ctx).toCompletableFuture().get();
    }

    @Test
    public void readsASyntheticCardEndToEnd() throws Exception {
        IdCardReader r = start();
        IdCardData c = read(r, CommandContext.withTimeout(Duration.ofSeconds(5)));
        assertEquals("110101198504120019", c.idNumber());
        assertEquals("测试甲", c.name());
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
        cardPresent = false;
        List<IntermediateEvent> events = new CopyOnWriteArrayList<>();
        scheduler.schedule(() -> cardPresent = true, 400, java.util.concurrent.TimeUnit.MILLISECONDS);
        IdCardData c = read(r, CommandContext.withTimeout(Duration.ofSeconds(5), events::add));
        assertEquals("测试甲", c.name());
        assertTrue(events.toString(), events.contains(IntermediateEvent.INSERT_CARD_PROMPT) && events.contains(IntermediateEvent.MEDIA_INSERTED));
    }

    @Test
    public void badChecksumGarbageAndSilenceAreTypedAndTheReaderRecovers() throws Exception {
        IdCardReader r = start();
        nextReadFault = "checksum";
        expectHardwareError(r);
        assertEquals("110101198504120019", read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).idNumber());
        nextReadFault = "garbage";
        assertEquals("resynchronised over garbage", "测试甲", read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
        nextReadFault = "silence";
        expectHardwareError(r);
        Thread.sleep(300); // let the late bytes of nothing drain
        assertEquals("测试甲", read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
    }

    @Test
    public void noCardBeforeTheDeadlineEndsTheCommand() throws Exception {
        IdCardReader r = start();
        cardPresent = false;
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
        IdCardReader r = start(java.util.Map.of("serial.port", dir.resolve("ttyA").toString(), "reply.timeout.ms", "500",
                "poll.ms", "100", "check.ms", "200", "reopen.min.ms", "100", "reopen.max.ms", "400"));
        assertEquals("测试甲", read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).name());
        int online = statuses.size();
        unplug();
        int lostAt = awaitStatus(s -> s.operational() != OperationalState.ONLINE, online);
        assertTrue(statuses.get(lostAt).toString(), statuses.get(lostAt).operational() == OperationalState.HARDWARE_ERROR
                || statuses.get(lostAt).operational() == OperationalState.NO_DEVICE);
        expectHardwareError(r);
        plugIn();
        awaitStatus(s -> s.operational() == OperationalState.ONLINE, lostAt + 1);
        assertEquals("110101198504120019", read(r, CommandContext.withTimeout(Duration.ofSeconds(5))).idNumber());
    }

    /** Index of the first status from {@code from} on that matches, waiting up to 10 s. */
    private int awaitStatus(java.util.function.Predicate<DeviceStatus> p, int from) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (int j = from; j < statuses.size(); j++) {
                if (p.test(statuses.get(j))) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        fail("no such status after index " + from + ": " + statuses);
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
