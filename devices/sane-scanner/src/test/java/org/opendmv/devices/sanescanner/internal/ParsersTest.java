package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.Test;

/** The parsers of scanimage output on known inputs. */
public class ParsersTest {

    static byte[] encode(String format, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out));
        return out.toByteArray();
    }

    @Test
    public void jpegAndPngSizesComeFromTheHeader() throws Exception {
        assertArrayEquals(new int[] {31, 17}, ImageHeaders.size(encode("jpeg", 31, 17), ImageHeaders.JPEG));
        assertArrayEquals(new int[] {2480, 3}, ImageHeaders.size(encode("png", 2480, 3), ImageHeaders.PNG));
    }

    @Test
    public void brokenImagesAreTypedErrors() throws Exception {
        byte[] jpeg = encode("jpeg", 8, 8);
        byte[][] bad = {new byte[0], {(byte) 0xff, (byte) 0xd8}, Arrays.copyOf(jpeg, 30), encode("png", 4, 4)};
        for (byte[] b : bad) {
            try {
                ImageHeaders.size(b, ImageHeaders.JPEG);
                fail("accepted " + b.length + " bytes");
            } catch (ScanOutputException expected) {
                // typed
            }
        }
        try {
            ImageHeaders.size(jpeg, ImageHeaders.PNG);
            fail("JPEG is not PNG");
        } catch (ScanOutputException expected) {
            // typed
        }
    }

    @Test
    public void deviceListFromScanimageF() {
        List<DeviceList.Entry> l = DeviceList.parse("test:0\tNoname\tfrontend-tester\tvirtual device\n"
                + "genesys:libusb:001:004\tCanon\tLiDE 220\tflatbed scanner\n"
                + "No scanners were identified.\n\tx\ty\tz\n");
        assertEquals(2, l.size());
        assertEquals(new DeviceList.Entry("genesys:libusb:001:004", "Canon", "LiDE 220", "flatbed scanner"), l.get(1));
        assertTrue(DeviceList.parse("").isEmpty());
        assertTrue(DeviceList.parse(null).isEmpty());
    }

    @Test
    public void scanimageStderrOfABatchWithAJam() {
        ScanimageLog log = new ScanimageLog();
        String[] lines = ("Scanning 2 pages, incrementing by 1, numbering from 1\nScanning page 1\n"
                + "Scanned page 1. (scanner status = 5)\nScanning page 2\nscanimage: sane_read: Document feeder jammed\n"
                + "Scanned page 2. (scanner status = 6)\nBatch terminated, 1 page scanned").split("\n");
        int[] pages = Arrays.stream(lines).mapToInt(log::accept).toArray();
        assertEquals(1, pages[2]);
        assertEquals(0, pages[5]);
        assertEquals(SaneStatus.JAMMED, log.status().orElseThrow());
        assertEquals(1, log.lastGoodPage());
        assertFalse(log.openFailed());
    }

    @Test
    public void scanimageStderrOfAMissingDeviceAndABadOption() {
        ScanimageLog log = new ScanimageLog();
        log.accept("scanimage: open of device test:9 failed: Invalid argument");
        assertTrue(log.openFailed());
        assertEquals(SaneStatus.INVAL, log.status().orElseThrow());
        ScanimageLog bad = new ScanimageLog();
        bad.accept("scanimage: unrecognized option '--no-such-option=1'");
        assertTrue(bad.badOption());
    }

    @Test
    public void saneStatusByCodeAndText() {
        assertEquals(SaneStatus.COVER_OPEN, SaneStatus.ofCode(8).orElseThrow());
        assertTrue(SaneStatus.ofCode(12).isEmpty());
        assertEquals(SaneStatus.NO_DOCS, SaneStatus.ofMessage("sane_start: Document feeder out of documents").orElseThrow());
        assertTrue(SaneStatus.ofMessage("Success").isEmpty());
    }
}
