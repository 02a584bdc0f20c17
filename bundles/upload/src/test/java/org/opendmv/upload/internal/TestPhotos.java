package org.opendmv.upload.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Synthetic photos and files for the normaliser tests, all made in memory. */
final class TestPhotos {
    static final Color WHITE_WALL = new Color(246, 246, 244);

    private TestPhotos() {
    }

    /** The configuration with its defaults, except the given properties (keyed by method name). */
    static PhotoConfig config(Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return (PhotoConfig) Proxy.newProxyInstance(PhotoConfig.class.getClassLoader(), new Class<?>[] {PhotoConfig.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return PhotoConfig.class;
                        case "toString":
                            return "PhotoConfig" + values;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return values.containsKey(method.getName()) ? values.get(method.getName())
                                    : method.getDefaultValue();
                    }
                });
    }

    /**
     * A passport-style person: white-ish background, skin-coloured oval head with dark hair, a neck
     * and dark shoulders reaching the bottom corners, with texture and sensor-like noise so the
     * JPEG is not trivially small.
     */
    static BufferedImage portrait(int w, int h, Color background, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, w, h);

        // shoulders and shirt with a woven texture
        Ellipse2D shoulders = new Ellipse2D.Double(-0.10 * w, 0.74 * h, 1.20 * w, 0.70 * h);
        g.setColor(new Color(34, 40, 58));
        g.fill(shoulders);
        g.setClip(shoulders);
        for (int i = 0; i < 900; i++) {
            g.setColor(jitter(rnd, new Color(40, 48, 70), 18));
            g.setStroke(new BasicStroke(1 + rnd.nextInt(4)));
            double x = rnd.nextDouble() * w;
            double y = 0.72 * h + rnd.nextDouble() * 0.30 * h;
            g.draw(new Line2D.Double(x, y, x + rnd.nextGaussian() * 30, y + rnd.nextGaussian() * 30));
        }
        g.setClip(null);

        // neck
        Color skin = new Color(226, 176, 146);
        g.setColor(skin.darker());
        g.fill(new Rectangle2D.Double(0.40 * w, 0.50 * h, 0.20 * w, 0.28 * h));

        // head with blotchy skin texture
        Ellipse2D head = new Ellipse2D.Double(0.225 * w, 0.045 * h, 0.55 * w, 0.56 * h);
        g.setColor(skin);
        g.fill(head);
        g.setClip(head);
        for (int i = 0; i < 1400; i++) {
            g.setColor(jitter(rnd, skin, 14));
            double r = (4 + rnd.nextInt(18)) * w / 1200.0;
            g.fill(new Ellipse2D.Double(0.2 * w + rnd.nextDouble() * 0.6 * w, rnd.nextDouble() * 0.62 * h, r, r));
        }
        // hair: the top of the head, in strands
        g.clip(new Rectangle2D.Double(0, 0, w, 0.17 * h));
        g.setColor(new Color(28, 22, 20));
        g.fill(head);
        for (int i = 0; i < 1500; i++) {
            g.setColor(jitter(rnd, new Color(45, 36, 30), 20));
            g.setStroke(new BasicStroke(1 + rnd.nextInt(3)));
            double x = 0.22 * w + rnd.nextDouble() * 0.56 * w;
            double y = rnd.nextDouble() * 0.17 * h;
            g.draw(new Line2D.Double(x, y, x + rnd.nextGaussian() * 25, y + 10 + rnd.nextDouble() * 40));
        }
        g.setClip(null);

        // eyes, brows, nose, mouth
        g.setColor(new Color(40, 30, 28));
        g.fill(new Ellipse2D.Double(0.37 * w, 0.30 * h, 0.08 * w, 0.03 * h));
        g.fill(new Ellipse2D.Double(0.55 * w, 0.30 * h, 0.08 * w, 0.03 * h));
        g.setStroke(new BasicStroke(Math.max(2, w / 150f)));
        g.draw(new Line2D.Double(0.36 * w, 0.27 * h, 0.46 * w, 0.265 * h));
        g.draw(new Line2D.Double(0.54 * w, 0.265 * h, 0.64 * w, 0.27 * h));
        g.setColor(new Color(190, 130, 110));
        g.draw(new Line2D.Double(0.50 * w, 0.33 * h, 0.49 * w, 0.40 * h));
        g.setColor(new Color(170, 80, 80));
        g.fill(new Ellipse2D.Double(0.43 * w, 0.45 * h, 0.14 * w, 0.03 * h));
        g.dispose();

        // sensor noise everywhere, background included
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int n = (int) Math.round(rnd.nextGaussian() * 4);
                img.setRGB(x, y, (clamp(((p >> 16) & 0xFF) + n) << 16) | (clamp(((p >> 8) & 0xFF) + n) << 8)
                        | clamp((p & 0xFF) + n));
            }
        }
        return img;
    }

    /** A flat drawing with no texture at all: white background, grey oval, grey shoulders. */
    static BufferedImage flat(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 200, 200));
        g.fillOval(w / 4, h / 20, w / 2, h / 2);
        g.fillOval(-w / 10, h * 3 / 4, w * 6 / 5, h * 7 / 10);
        g.dispose();
        return img;
    }

    private static Color jitter(Random rnd, Color c, int amount) {
        int d = (int) Math.round(rnd.nextGaussian() * amount);
        return new Color(clamp(c.getRed() + d), clamp(c.getGreen() + d + rnd.nextInt(5) - 2),
                clamp(c.getBlue() + d + rnd.nextInt(5) - 2));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The stored form of an image that a viewer must turn 90° clockwise (EXIF orientation 6). */
    static BufferedImage rotateCounterClockwise(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst.setRGB(y, w - 1 - x, src.getRGB(x, y));
            }
        }
        return dst;
    }

    /** The stored form of an image that a viewer must turn 90° counter-clockwise (EXIF orientation 8). */
    static BufferedImage rotateClockwise(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst.setRGB(h - 1 - y, x, src.getRGB(x, y));
            }
        }
        return dst;
    }

    static BufferedImage rotate180(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst.setRGB(w - 1 - x, h - 1 - y, src.getRGB(x, y));
            }
        }
        return dst;
    }

    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, bytes)) {
            throw new IOException("no writer for " + format);
        }
        return bytes.toByteArray();
    }

    /** The JPEG with an EXIF APP1 segment holding the given orientation tag. */
    static byte[] withOrientation(byte[] jpeg, int orientation) throws IOException {
        TiffOutputSet exif = new TiffOutputSet();
        TiffOutputDirectory root = exif.getOrCreateRootDirectory();
        root.removeField(TiffTagConstants.TIFF_TAG_ORIENTATION);
        root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        return out.toByteArray();
    }

    /** A well-formed PNG whose IHDR claims the given size, with a tiny IDAT: a decompression bomb. */
    static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[64 * 1024]); // zeros: the start of a huge black image
        deflater.finish();
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        byte[] idat = new byte[n];
        System.arraycopy(buffer, 0, idat, 0, n);
        chunk(png, "IDAT", idat);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(typeBytes);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A copy of the JPEG whose SOF0 header claims the given size (the scan data stays small). */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("no marker at " + i);
            }
            int marker = b[i + 1] & 0xFF;
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xC0) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return b;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no SOF0");
    }
}
