package org.opendmv.upload.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.upload.api.PhotoRejected;
import org.w3c.dom.NodeList;

public class DefaultPhotoNormaliserTest {
    private static final int MIN_BYTES = 14 * 1024;
    private static final int MAX_BYTES = 30 * 1024;

    private static BufferedImage good;
    private static byte[] goodJpeg;

    private final DefaultPhotoNormaliser normaliser = new DefaultPhotoNormaliser(TestPhotos.config());

    @BeforeClass
    public static void photos() throws IOException {
        good = TestPhotos.portrait(1200, 1600, TestPhotos.WHITE_WALL, 42);
        goodJpeg = TestPhotos.jpeg(good, 0.85f);
    }

    // ---- accepted photos -------------------------------------------------------------------

    @Test
    public void goodJpegBecomesLicencePhoto() throws Exception {
        byte[] out = normaliser.normalise(goodJpeg);
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void goodPngBecomesLicencePhoto() throws Exception {
        byte[] out = normaliser.normalise(TestPhotos.encode(good, "png"));
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void largePhotoIsDecodedSubsampledAndStillFits() throws Exception {
        byte[] big = TestPhotos.jpeg(TestPhotos.portrait(3000, 4000, TestPhotos.WHITE_WALL, 7), 0.85f);
        byte[] out = normaliser.normalise(big);
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void exifOrientation6IsApplied() throws Exception {
        byte[] stored = TestPhotos.jpeg(TestPhotos.rotateCounterClockwise(good), 0.85f);
        PhotoRejected withoutExif = reject(stored);
        assertEquals(DefaultPhotoNormaliser.NOT_PORTRAIT, withoutExif.code());

        byte[] tagged = TestPhotos.withOrientation(stored, 6);
        assertEquals(6, DefaultPhotoNormaliser.exifOrientation(tagged));
        byte[] out = normaliser.normalise(tagged);
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void exifOrientation8IsApplied() throws Exception {
        byte[] tagged = TestPhotos.withOrientation(TestPhotos.jpeg(TestPhotos.rotateClockwise(good), 0.85f), 8);
        byte[] out = normaliser.normalise(tagged);
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void exifOrientation3IsApplied() throws Exception {
        byte[] upsideDown = TestPhotos.jpeg(TestPhotos.rotate180(good), 0.85f);
        // shoulders along the top edge: not a white background
        assertEquals(DefaultPhotoNormaliser.BACKGROUND, reject(upsideDown).code());
        byte[] out = normaliser.normalise(TestPhotos.withOrientation(upsideDown, 3));
        assertLicencePhoto(out);
        assertUpright(out);
    }

    @Test
    public void orientMapsEveryExifValue() {
        // 2×3 stored image, pixel value = 10*x + y
        BufferedImage src = new BufferedImage(2, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                src.setRGB(x, y, 10 * x + y);
            }
        }
        assertPixels(DefaultPhotoNormaliser.orient(src, 1), 2, new int[] {0, 10, 1, 11, 2, 12});
        assertPixels(DefaultPhotoNormaliser.orient(src, 2), 2, new int[] {10, 0, 11, 1, 12, 2});
        assertPixels(DefaultPhotoNormaliser.orient(src, 3), 2, new int[] {12, 2, 11, 1, 10, 0});
        assertPixels(DefaultPhotoNormaliser.orient(src, 4), 2, new int[] {2, 12, 1, 11, 0, 10});
        assertPixels(DefaultPhotoNormaliser.orient(src, 5), 3, new int[] {0, 1, 2, 10, 11, 12});
        // 6: rotate 90° clockwise, the stored bottom-left comes to the top-left
        assertPixels(DefaultPhotoNormaliser.orient(src, 6), 3, new int[] {2, 1, 0, 12, 11, 10});
        assertPixels(DefaultPhotoNormaliser.orient(src, 7), 3, new int[] {12, 11, 10, 2, 1, 0});
        // 8: rotate 90° counter-clockwise, the stored top-right comes to the top-left
        assertPixels(DefaultPhotoNormaliser.orient(src, 8), 3, new int[] {10, 11, 12, 0, 1, 2});
    }

    @Test
    public void missingOrBrokenExifMeansNoRotation() {
        assertEquals(1, DefaultPhotoNormaliser.exifOrientation(goodJpeg));
        assertEquals(1, DefaultPhotoNormaliser.exifOrientation(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2}));
    }

    @Test
    public void transparentPngBackgroundCountsAsWhite() throws Exception {
        BufferedImage argb = new BufferedImage(good.getWidth(), good.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < argb.getHeight(); y++) {
            for (int x = 0; x < argb.getWidth(); x++) {
                int p = good.getRGB(x, y);
                boolean background = ((p >> 16) & 0xFF) > 230 && ((p >> 8) & 0xFF) > 230 && (p & 0xFF) > 230;
                argb.setRGB(x, y, background ? 0 : p);
            }
        }
        byte[] out = normaliser.normalise(TestPhotos.encode(argb, "png"));
        assertLicencePhoto(out);
    }

    // ---- rejections ------------------------------------------------------------------------

    @Test
    public void emptyOrNull() {
        assertEquals(DefaultPhotoNormaliser.EMPTY, reject(new byte[0]).code());
        assertEquals(DefaultPhotoNormaliser.EMPTY, reject(null).code());
    }

    @Test
    public void notAnImage() throws Exception {
        byte[] random = new byte[5000];
        new Random(1).nextBytes(random);
        random[0] = 0x00;
        assertEquals(DefaultPhotoNormaliser.NOT_AN_IMAGE, reject(random).code());
        assertEquals(DefaultPhotoNormaliser.NOT_AN_IMAGE,
                reject("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1))
                        .code());
        byte[] gif = TestPhotos.encode(good, "gif");
        assertEquals(DefaultPhotoNormaliser.NOT_AN_IMAGE, reject(gif).code());
        assertEquals(DefaultPhotoNormaliser.NOT_AN_IMAGE, reject(new byte[] {(byte) 0xFF, (byte) 0xD8}).code());
        PhotoRejected r = reject(gif);
        assertEquals("请上传 JPG 或 PNG 格式的照片", r.reason().zh());
    }

    @Test
    public void truncatedJpegIsUnreadable() {
        byte[] half = Arrays.copyOf(goodJpeg, goodJpeg.length / 2);
        assertEquals(DefaultPhotoNormaliser.UNREADABLE, reject(half).code());
    }

    @Test
    public void truncatedPngIsUnreadable() throws Exception {
        byte[] png = TestPhotos.encode(good, "png");
        assertEquals(DefaultPhotoNormaliser.UNREADABLE, reject(Arrays.copyOf(png, png.length / 2)).code());
        assertEquals(DefaultPhotoNormaliser.UNREADABLE, reject(Arrays.copyOf(png, 20)).code());
    }

    @Test
    public void magicBytesFollowedByGarbageAreUnreadable() {
        byte[] fakeJpeg = new byte[2000];
        new Random(2).nextBytes(fakeJpeg);
        fakeJpeg[0] = (byte) 0xFF;
        fakeJpeg[1] = (byte) 0xD8;
        fakeJpeg[2] = (byte) 0xFF;
        assertEquals(DefaultPhotoNormaliser.UNREADABLE, reject(fakeJpeg).code());
        byte[] fakePng = new byte[2000];
        new Random(3).nextBytes(fakePng);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, fakePng, 0, 8);
        assertEquals(DefaultPhotoNormaliser.UNREADABLE, reject(fakePng).code());
    }

    @Test
    public void pngBombIsRejectedFromTheHeader() throws Exception {
        byte[] bomb = TestPhotos.pngClaiming(50_000, 50_000);
        assertTrue("the bomb is tiny on the wire: " + bomb.length, bomb.length < 1000);
        assertEquals(DefaultPhotoNormaliser.TOO_LARGE, reject(bomb).code());
    }

    @Test
    public void jpegBombIsRejectedFromTheHeader() throws Exception {
        byte[] small = TestPhotos.jpeg(TestPhotos.portrait(120, 160, TestPhotos.WHITE_WALL, 3), 0.8f);
        assertEquals(DefaultPhotoNormaliser.TOO_LARGE, reject(TestPhotos.jpegClaiming(small, 50_000, 50_000)).code());
    }

    /** A 1000x24000 strip is under max.pixels and portrait, but no portrait photo: refused from the header, never decoded. */
    @Test
    public void anExtremeAspectIsRefusedFromTheHeaderBeforeDecoding() throws Exception {
        int[] decoded = {0};
        DefaultPhotoNormaliser counting = new DefaultPhotoNormaliser(TestPhotos.config(), (reader, param) -> {
            decoded[0]++;
            return reader.read(0, param);
        });
        for (byte[] strip : new byte[][] {TestPhotos.pngClaiming(1000, 24_000),
                TestPhotos.jpegClaiming(goodJpeg, 1000, 24_000)}) {
            try {
                counting.normalise(strip);
                fail("a strip was accepted");
            } catch (PhotoRejected e) {
                assertEquals(DefaultPhotoNormaliser.ASPECT, e.code());
                assertTrue(e.reason().zh(), e.reason().zh().contains("细长"));
                assertTrue(e.reason().en(), e.reason().en().contains("tall and narrow"));
            }
        }
        assertEquals("nothing decoded", 0, decoded[0]);
        // a 9:21 phone photo still passes
        assertLicencePhoto(counting.normalise(TestPhotos.jpeg(TestPhotos.portrait(900, 2100, TestPhotos.WHITE_WALL, 8), 0.85f)));
        assertEquals(1, decoded[0]);
    }

    @Test
    public void maxAspectIsConfigurable() throws Exception {
        DefaultPhotoNormaliser strict = new DefaultPhotoNormaliser(TestPhotos.config("max_aspect", 1.5));
        byte[] tall = TestPhotos.jpeg(TestPhotos.portrait(900, 1600, TestPhotos.WHITE_WALL, 9), 0.85f);
        try {
            strict.normalise(tall);
            fail();
        } catch (PhotoRejected e) {
            assertEquals(DefaultPhotoNormaliser.ASPECT, e.code());
        }
        try {
            new DefaultPhotoNormaliser(TestPhotos.config("max_aspect", 0.5));
            fail("max.aspect below 1 would refuse every portrait");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    /** The decoding slot is given back whatever the decoder throws, OutOfMemoryError included. */
    @Test
    public void anErrorWhileDecodingFreesTheSlot() throws Exception {
        boolean[] fail = {true};
        DefaultPhotoNormaliser oneSlot = new DefaultPhotoNormaliser(TestPhotos.config("max_concurrent", 1), (reader, param) -> {
            if (fail[0]) {
                throw new OutOfMemoryError("Java heap space (test)");
            }
            return reader.read(0, param);
        });
        try {
            oneSlot.normalise(goodJpeg);
            fail("the Error is not swallowed here");
        } catch (OutOfMemoryError expected) {
            // the servlet answers it
        }
        assertEquals(1, oneSlot.freeSlots());
        fail[0] = false;
        assertLicencePhoto(oneSlot.normalise(goodJpeg)); // would wait 30 s and be BUSY if the slot were lost
        assertEquals(1, oneSlot.freeSlots());
    }

    @Test
    public void maxPixelsIsConfigurable() {
        DefaultPhotoNormaliser strict = new DefaultPhotoNormaliser(TestPhotos.config("max_pixels", 1_000_000L));
        assertEquals(DefaultPhotoNormaliser.TOO_LARGE, reject(strict, goodJpeg).code());
    }

    @Test
    public void tooSmall() throws Exception {
        byte[] tiny = TestPhotos.jpeg(TestPhotos.portrait(200, 300, TestPhotos.WHITE_WALL, 4), 0.9f);
        PhotoRejected r = reject(tiny);
        assertEquals(DefaultPhotoNormaliser.TOO_SMALL, r.code());
        assertTrue(r.reason().zh().contains("600×800"));
        assertTrue(r.reason().en().contains("600×800"));
    }

    @Test
    public void landscapeIsNotPortrait() throws Exception {
        byte[] landscape = TestPhotos.jpeg(TestPhotos.portrait(1600, 1200, TestPhotos.WHITE_WALL, 5), 0.85f);
        assertEquals(DefaultPhotoNormaliser.NOT_PORTRAIT, reject(landscape).code());
        byte[] square = TestPhotos.jpeg(TestPhotos.portrait(1200, 1200, TestPhotos.WHITE_WALL, 5), 0.85f);
        assertEquals(DefaultPhotoNormaliser.NOT_PORTRAIT, reject(square).code());
    }

    @Test
    public void blueBackground() throws Exception {
        byte[] blue = TestPhotos.jpeg(TestPhotos.portrait(1200, 1600, new Color(67, 142, 219), 6), 0.85f);
        PhotoRejected r = reject(blue);
        assertEquals(DefaultPhotoNormaliser.BACKGROUND, r.code());
        assertEquals("请在白色背景前拍摄", r.reason().zh());
    }

    @Test
    public void paleBlueAndGreyBackgrounds() throws Exception {
        byte[] paleBlue = TestPhotos.jpeg(TestPhotos.portrait(1200, 1600, new Color(200, 228, 255), 6), 0.85f);
        assertEquals(DefaultPhotoNormaliser.BACKGROUND, reject(paleBlue).code());
        byte[] grey = TestPhotos.jpeg(TestPhotos.portrait(1200, 1600, new Color(180, 180, 180), 6), 0.85f);
        assertEquals(DefaultPhotoNormaliser.BACKGROUND, reject(grey).code());
    }

    @Test
    public void plainPhotoHasTooLittleDetail() throws Exception {
        byte[] flat = TestPhotos.encode(TestPhotos.flat(1200, 1600), "png");
        assertEquals(DefaultPhotoNormaliser.TOO_PLAIN, reject(flat).code());
    }

    @Test
    public void qualityStepsDownToFitTheMaximum() throws Exception {
        DefaultPhotoNormaliser smaller = new DefaultPhotoNormaliser(
                TestPhotos.config("jpeg_min_bytes", 10_000, "jpeg_max_bytes", 18_000));
        byte[] out = smaller.normalise(goodJpeg);
        assertTrue("size " + out.length, out.length >= 10_000 && out.length <= 18_000);
        assertEquals(260, ImageIO.read(new ByteArrayInputStream(out)).getWidth());
    }

    @Test
    public void photoThatCannotFitIsTooNoisy() {
        DefaultPhotoNormaliser tight = new DefaultPhotoNormaliser(
                TestPhotos.config("jpeg_min_bytes", 1000, "jpeg_max_bytes", 4000));
        assertEquals(DefaultPhotoNormaliser.TOO_NOISY, reject(tight, goodJpeg).code());
    }

    @Test
    public void modifiedConfigurationApplies() throws Exception {
        DefaultPhotoNormaliser n = new DefaultPhotoNormaliser(TestPhotos.config());
        assertLicencePhoto(n.normalise(goodJpeg));
        n.modified(TestPhotos.config("min_width", 1500, "min_height", 2000));
        assertEquals(DefaultPhotoNormaliser.TOO_SMALL, reject(n, goodJpeg).code());
    }

    @Test
    public void invalidConfigurationIsRefused() {
        Object[][] bad = {
            {"max_pixels", 0L},
            {"min_width", 0},
            {"border_white_min", 256},
            {"border_white_share", 1.5},
            {"border_max_spread", -1},
            {"jpeg_min_bytes", 40_000},
            {"max_concurrent", 0},
        };
        for (Object[] b : bad) {
            try {
                new DefaultPhotoNormaliser(TestPhotos.config(b));
                fail("accepted " + Arrays.toString(b));
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    /** Many phones at once: with one slot they queue, and every one of them still gets its photo. */
    @Test
    public void concurrentUploadsWaitForASlotAndAllSucceed() throws Exception {
        DefaultPhotoNormaliser one = new DefaultPhotoNormaliser(TestPhotos.config("max_concurrent", 1));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> one.normalise(goodJpeg)));
        }
        for (java.util.concurrent.Future<byte[]> f : results) {
            assertTrue(f.get().length <= MAX_BYTES);
        }
        pool.shutdown();
    }

    @Test
    public void cropKeepsTheTopAndCentres() {
        assertEquals(new java.awt.Rectangle(49, 0, 1101, 1600), DefaultPhotoNormaliser.cropFromTop(1200, 1600));
        assertEquals(new java.awt.Rectangle(0, 0, 600, 872), DefaultPhotoNormaliser.cropFromTop(600, 1000));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private PhotoRejected reject(byte[] upload) {
        return reject(normaliser, upload);
    }

    private static PhotoRejected reject(DefaultPhotoNormaliser n, byte[] upload) {
        try {
            byte[] out = n.normalise(upload);
            fail("accepted, " + out.length + " bytes");
            return null;
        } catch (PhotoRejected r) {
            assertNotNull(r.reason());
            assertTrue(r.code() + " has zh", r.reason().has("zh-CN"));
            assertTrue(r.code() + " has en", r.reason().has("en"));
            assertFalse(r.reason().zh().equals(r.reason().en()));
            return r;
        }
    }

    /** 260×378 JPEG, 14-30 KB, JFIF 300 dpi. */
    private static void assertLicencePhoto(byte[] out) throws IOException {
        assertTrue("JPEG magic", (out[0] & 0xFF) == 0xFF && (out[1] & 0xFF) == 0xD8 && (out[2] & 0xFF) == 0xFF);
        assertTrue("size " + out.length, out.length >= MIN_BYTES && out.length <= MAX_BYTES);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(out))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertTrue(readers.hasNext());
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                assertEquals("jpeg", reader.getFormatName().toLowerCase());
                BufferedImage img = reader.read(0);
                assertEquals(260, img.getWidth());
                assertEquals(378, img.getHeight());
                assertEquals(3, img.getColorModel().getNumComponents());
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
                NodeList jfif = root.getElementsByTagName("app0JFIF");
                assertEquals(1, jfif.getLength());
                IIOMetadataNode app0 = (IIOMetadataNode) jfif.item(0);
                assertEquals("1", app0.getAttribute("resUnits"));
                assertEquals("300", app0.getAttribute("Xdensity"));
                assertEquals("300", app0.getAttribute("Ydensity"));
            } finally {
                reader.dispose();
            }
        }
    }

    /** White at the top, skin in the face, dark shoulders at the bottom centre. */
    private static void assertUpright(byte[] out) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(out));
        int top = img.getRGB(10, 4);
        assertTrue("white top-left " + Integer.toHexString(top), sum(top) > 3 * 220);
        int face = img.getRGB(130, 170);
        int r = (face >> 16) & 0xFF;
        int b = face & 0xFF;
        assertTrue("skin in the face " + Integer.toHexString(face), r > 150 && r > b + 30);
        int shoulders = img.getRGB(130, 372);
        assertTrue("dark shoulders " + Integer.toHexString(shoulders), sum(shoulders) < 3 * 90);
    }

    private static int sum(int p) {
        return ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
    }

    private static void assertPixels(BufferedImage img, int width, int[] expected) {
        assertEquals(width, img.getWidth());
        assertEquals(expected.length / width, img.getHeight());
        int[] actual = new int[expected.length];
        for (int i = 0; i < expected.length; i++) {
            actual[i] = img.getRGB(i % width, i / width) & 0xFFFFFF;
        }
        assertArrayEquals(expected, actual);
    }
}
