package org.opendmv.devices.pcsc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.RecordingCallback;
import org.opendmv.devices.testkit.VirtualIdCard;

/**
 * Through the real stack: javax.smartcardio → pcscd → vsmartcard vpcd → the testkit's {@link VirtualIdCard}
 * written in Java ({@link VpcdCard}). The generic checks (deadline, cancel, dispose, configuration errors,
 * no personal data in the log) are in {@link PcscConformanceTest}; these are the PC/SC reader's own.
 */
public class PcscStackTest {
    private RecordingCallback callback;
    private DeviceHandler handler;
    private VpcdCard card;

    @BeforeClass
    public static void startPcscd() throws Exception {
        PcscStack.start();
    }

    @Before
    public void setUp() {
        callback = new RecordingCallback();
    }

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.dispose();
        }
        callback.close();
        if (card != null) {
            card.close();
        }
    }

    private IdCardReader start() throws Exception {
        handler = new PcscDriverFactory().createHandler(DeviceInstanceConfig.of("pcsc-1", DeviceClass.ID_CARD_READER, "pcsc-idcard",
                null, Map.of("reader", PcscStack.READER)), callback);
        handler.initialize();
        callback.awaitStatus(s -> s.operational() == OperationalState.ONLINE, Duration.ofSeconds(5));
        assertTrue("model is the reader found: " + handler.device().info().model(),
                handler.device().info().model().startsWith(PcscStack.READER));
        PcscStack.awaitVpcd();
        PcscStack.awaitNoCard();
        return (IdCardReader) handler.device();
    }

    private VpcdCard insert() {
        card = new VpcdCard(PcscStack.VPCD_PORT);
        card.insert();
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
        try (VpcdCard card = insert()) {
            IdCardData c = read(r, Duration.ofSeconds(10));
            assertEquals(VirtualIdCard.ID_NUMBER, c.idNumber());
            assertEquals(VirtualIdCard.NAME, c.name());
            assertArrayEquals(VirtualIdCard.wlt(), c.photoWlt().orElseThrow());
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
        try (VpcdCard card = insert()) {
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
        try (VpcdCard card = insert()) {
            card.truncateAt = 100;
            DeviceException e = failure(r);
            assertEquals(CompletionCode.INVALID_DATA, e.code());
            assertEquals("INVALID_MEDIA", e.errorCode().orElseThrow());
        }
    }

    @Test
    public void cardRemovedMidReadIsTyped() throws Exception {
        IdCardReader r = start();
        try (VpcdCard card = insert()) {
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
