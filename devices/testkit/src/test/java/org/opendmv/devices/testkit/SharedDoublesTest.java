package org.opendmv.devices.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.logging.Logger;

import javax.imageio.ImageIO;

import org.junit.Test;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardTextBlock;
import org.opendmv.devices.api.OperationalState;

public class SharedDoublesTest {

    @Test
    public void theVirtualCardHasAValidNumberMatchingItsBirthDateAndSex() {
        assertTrue(Gb11643.isValid(VirtualIdCard.ID_NUMBER));
        assertEquals(VirtualIdCard.BIRTH_DATE, Gb11643.birthDate(VirtualIdCard.ID_NUMBER).orElseThrow());
        assertEquals("odd sequence digit = male", 1, (VirtualIdCard.ID_NUMBER.charAt(16) - '0') % 2);
        // the GB 11643 example number, and a wrong check character
        assertTrue(Gb11643.isValid("11010519491231002X"));
        assertFalse(Gb11643.isValid("110105194912310021"));
        assertFalse("no 13th month", Gb11643.isValid("110105194913310026"));
    }

    @Test
    public void theVirtualCardsTextBlockParsesBackToTheCard() {
        IdCardData d = IdCardTextBlock.parse(VirtualIdCard.textBlock(), VirtualIdCard.wlt());
        assertTrue(VirtualIdCard.matches(d));
        assertEquals(VirtualIdCard.VALID_UNTIL, d.validUntil().orElseThrow());
        assertArrayEquals(VirtualIdCard.wlt(), d.photoWlt().orElseThrow());
        IdCardData full = VirtualIdCard.cardData();
        assertTrue(VirtualIdCard.matches(full));
        full.wipe();
        assertTrue(full.isWiped());
    }

    @Test
    public void thePortraitIsAnIdPhotoSizedPng() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(SyntheticPortrait.png()));
        assertEquals(SyntheticPortrait.WIDTH, img.getWidth());
        assertEquals(SyntheticPortrait.HEIGHT, img.getHeight());
        byte[] a = SyntheticPortrait.png();
        a[100] = 0;
        assertFalse("each call is a fresh copy", a[100] == SyntheticPortrait.png()[100] && a[100] != 0);
    }

    @Test
    public void theLogCaptureFindsPersonalDataInJulAndSlf4jAndStderr() throws Throwable {
        assertCaught(() -> Logger.getLogger("x").fine("card " + VirtualIdCard.ID_NUMBER));
        assertCaught(() -> org.slf4j.LoggerFactory.getLogger("y").info("name {}", VirtualIdCard.NAME));
        assertCaught(() -> System.err.println("photo " + java.util.Base64.getEncoder().encodeToString(SyntheticPortrait.png())));
        assertCaught(() -> System.getLogger("z").log(System.Logger.Level.DEBUG, "at " + VirtualIdCard.ADDRESS));
        // and lets a masked number through
        LogCapture clean = LogCapture.forbidding(VirtualIdCard.personalData());
        clean.apply(statement(() -> Logger.getLogger("x").info("card " + VirtualIdCard.cardData().maskedIdNumber())),
                Description.EMPTY).evaluate();
    }

    @Test
    public void theRecordingCallbackWaitsForAStatus() throws Exception {
        try (RecordingCallback cb = new RecordingCallback()) {
            cb.scheduler().schedule(() -> cb.statusChanged(DeviceStatus.ready(OperationalState.ONLINE)), 50,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            assertEquals(DeviceStatus.ready(OperationalState.ONLINE), cb.awaitStatus(DeviceStatus::isUsable, Duration.ofSeconds(5)));
            assertEquals(1, cb.statuses().size());
        }
    }

    private static void assertCaught(Runnable logging) throws Throwable {
        LogCapture capture = LogCapture.forbidding(VirtualIdCard.personalData());
        try {
            capture.apply(statement(logging), Description.EMPTY).evaluate();
        } catch (AssertionError e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("personal data reached the log"));
            return;
        }
        throw new AssertionError("the capture missed it");
    }

    private static Statement statement(Runnable r) {
        return new Statement() {
            @Override
            public void evaluate() {
                r.run();
            }
        };
    }
}
