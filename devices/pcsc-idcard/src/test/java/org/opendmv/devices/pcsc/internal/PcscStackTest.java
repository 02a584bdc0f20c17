package org.opendmv.devices.pcsc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/** Through the real stack: javax.smartcardio → pcscd → vsmartcard vpcd → a card written in Java. */
public class PcscStackTest {
    private static final int VPCD_PORT = 35963;
    private static Process pcscd;

    private ScheduledExecutorService scheduler;
    private DeviceHandler handler;
    private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @BeforeClass
    public static void startPcscd() throws Exception {
        Assume.assumeTrue("pcscd and vsmartcard-vpcd are not installed",
                Files.isExecutable(Path.of("/usr/sbin/pcscd")) && Files.exists(Path.of("/etc/reader.conf.d/vpcd")));
        if (!Files.exists(Path.of("/run/pcscd/pcscd.comm"))) {
            // no systemd here: start our own daemon, and stop only that one
            pcscd = new ProcessBuilder("/usr/sbin/pcscd", "-f", "-a").redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("pcscd", ".log").toFile()).start();
        }
        for (int i = 0; i < 100 && !Files.exists(Path.of("/run/pcscd/pcscd.comm")); i++) {
            Thread.sleep(100);
        }
        Assume.assumeTrue("pcscd did not come up", Files.exists(Path.of("/run/pcscd/pcscd.comm")));
    }

    @AfterClass
    public static void stopPcscd() throws Exception {
        if (pcscd != null) {
            pcscd.destroy();
            pcscd.waitFor();
        }
    }

    @Before
    public void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @After
    public void tearDown() {
        if (handler != null) {
            handler.dispose();
        }
        scheduler.shutdownNow();
    }

    private IdCardReader start() throws Exception {
        handler = new PcscDriverFactory().createHandler(
                DeviceInstanceConfig.of("pcsc-1", DeviceClass.ID_CARD_READER, "pcsc-idcard", null, Map.of("reader", "Virtual PCD 00 00")),
                new DeviceCallback() {
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
        for (int i = 0; i < 100 && !listening(VPCD_PORT); i++) {
            Thread.sleep(50);
        }
        return (IdCardReader) handler.device();
    }

    private VirtualIdCard insert() throws Exception {
        VirtualIdCard card = new VirtualIdCard(VPCD_PORT);
        Thread.sleep(300); // pcscd polls the virtual reader
        return card;
    }

    private static IdCardData read(IdCardReader r, Duration d) throws Exception {
        return r.readCard(ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(d)).toCompletableFuture().get();
    }

    private static DeviceException failure(IdCardReader r) throws Exception {
        try {
            read(r, Duration.ofSeconds(10));
            fail("expected a typed error");
            return null;
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError(e.getCause()));
        }
    }

    @Test
    public void readsTheSyntheticCardEndToEnd() throws Exception {
        IdCardReader r = start();
        try (VirtualIdCard card = insert()) {
            IdCardData c = read(r, Duration.ofSeconds(10));
            assertEquals(VirtualIdCard.ID, c.idNumber());
            assertEquals("测试甲", c.name());
            assertEquals(1024, c.photoWlt().orElseThrow().length);
            assertTrue("no WLT decoder: photo absent", c.photo().isEmpty());
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                read(r, Duration.ofSeconds(10)).wipe();
                t[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            java.util.Arrays.sort(t);
            System.out.println("PC/SC read through pcscd + vpcd, median of 20: " + t[10] + " ms");
        }
    }

    @Test
    public void unexpectedStatusWordsAreTyped() throws Exception {
        IdCardReader r = start();
        try (VirtualIdCard card = insert()) {
            card.readSw = 0x6982;
            DeviceException e = failure(r);
            assertEquals(CompletionCode.HARDWARE_ERROR, e.code());
            assertEquals("CHIP_ERROR", e.errorCode().orElseThrow());
            card.readSw = 0x9000;
            card.selectSw = 0x6A82;
            e = failure(r);
            assertEquals(CompletionCode.INVALID_DATA, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("not a resident ID card"));
        }
    }

    @Test
    public void truncatedDataIsInvalidMedia() throws Exception {
        IdCardReader r = start();
        try (VirtualIdCard card = insert()) {
            card.truncateAt = 100;
            DeviceException e = failure(r);
            assertEquals(CompletionCode.INVALID_DATA, e.code());
            assertEquals("INVALID_MEDIA", e.errorCode().orElseThrow());
        }
    }

    @Test
    public void cardRemovedMidReadIsTyped() throws Exception {
        IdCardReader r = start();
        try (VirtualIdCard card = insert()) {
            card.removeAfterReads = 2;
            DeviceException e = failure(r);
            assertTrue(e.toString(), e.code() == CompletionCode.USER_ERROR || e.code() == CompletionCode.HARDWARE_ERROR);
        }
    }

    @Test
    public void noCardWithinTheDeadline() throws Exception {
        IdCardReader r = start();
        try {
            read(r, Duration.ofMillis(800));
            fail();
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), DeviceException.find(e).isPresent());
        }
    }
}
