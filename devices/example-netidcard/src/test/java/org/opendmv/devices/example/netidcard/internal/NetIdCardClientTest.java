package org.opendmv.devices.example.netidcard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.example.netidcard.emulator.NetIdCardEmulator;

/** The protocol of README.md, client against emulator. */
public class NetIdCardClientTest {
    private NetIdCardEmulator reader;
    private NetIdCardClient client;

    @Before
    public void start() throws IOException {
        reader = NetIdCardEmulator.start(0);
        client = new NetIdCardClient(reader.host(), reader.port(), Duration.ofSeconds(2));
    }

    @After
    public void stop() throws IOException {
        client.close();
        reader.close();
    }

    @Test
    public void infoNamesVendorModelFirmwareAndSerial() throws IOException {
        Map<String, String> info = client.info();
        assertEquals("NetID-1", info.get("model"));
        assertEquals("1.4.2", info.get("firmware"));
        assertEquals("EMU-" + reader.port(), info.get("serial"));
    }

    @Test
    public void aCardIsParsedWithItsPhoto() throws IOException {
        IdCardData card = client.read(Duration.ofSeconds(1), true, CommandContext.withTimeout(Duration.ofSeconds(5)));
        assertEquals("110101198504120019", card.idNumber());
        assertEquals(IdCardData.Sex.MALE, card.sex());
        assertEquals(LocalDate.of(1985, 4, 12), card.birthDate());
        assertEquals(LocalDate.of(2040, 5, 1), card.validUntil().orElseThrow());
        byte[] png = card.photo().orElseThrow();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        card.wipe();
    }

    @Test
    public void textOnlyLeavesThePhotoOutAndLongTermHasNoEnd() throws IOException {
        Map<String, String> longTerm = NetIdCardEmulator.syntheticCard();
        longTerm.put("until", "长期");
        reader.insertCard(longTerm);
        IdCardData card = client.read(Duration.ofSeconds(1), false, CommandContext.withTimeout(Duration.ofSeconds(5)));
        assertTrue(card.isLongTerm());
        assertFalse(card.photo().isPresent());
    }

    @Test
    public void noCardWithinTheWaitIsATimeout() throws IOException {
        reader.removeCard();
        assertCode(CompletionCode.TIMEOUT, () -> client.read(Duration.ofMillis(200), false, CommandContext.withTimeout(Duration.ofSeconds(5))));
    }

    @Test
    public void readerErrorsMapToCompletionCodes() throws IOException {
        String[][] cases = {{"CHIP", "HARDWARE_ERROR", "CHIP_ERROR"}, {"NOTIDCARD", "INVALID_DATA", "INVALID_MEDIA"},
            {"REMOVED", "USER_ERROR", "NO_MEDIA"}};
        for (String[] c : cases) {
            reader.failNextRead(c[0]);
            DeviceException e = assertCode(CompletionCode.valueOf(c[1]),
                    () -> client.read(Duration.ofSeconds(1), false, CommandContext.withTimeout(Duration.ofSeconds(5))));
            assertEquals(c[2], e.errorCode().orElseThrow());
        }
    }

    @Test
    public void aMalformedCardIsInvalidDataWithoutItsValues() {
        Map<String, String> bad = NetIdCardEmulator.syntheticCard();
        bad.put("birth", "1985-04-12");
        reader.insertCard(bad);
        DeviceException e = assertCode(CompletionCode.INVALID_DATA,
                () -> client.read(Duration.ofSeconds(1), false, CommandContext.withTimeout(Duration.ofSeconds(5))));
        assertFalse(e.getMessage(), e.getMessage().contains("1985"));
    }

    @Test
    public void cancellingClosesTheConnectionAtOnce() throws Exception {
        reader.removeCard();
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(30));
        new Thread(() -> sleepThen(300, ctx::cancel)).start();
        long t0 = System.nanoTime();
        try {
            client.read(Duration.ofSeconds(20), false, ctx);
            fail("read returned");
        } catch (IOException expected) {
            // the socket was closed under the read
        }
        assertTrue("stopped within 5 s", System.nanoTime() - t0 < 5_000_000_000L);
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static DeviceException assertCode(CompletionCode code, Read read) {
        try {
            read.run();
        } catch (DeviceException e) {
            assertEquals(code, e.code());
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no " + code);
    }

    private static void sleepThen(long ms, Runnable r) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            return;
        }
        r.run();
    }
}
