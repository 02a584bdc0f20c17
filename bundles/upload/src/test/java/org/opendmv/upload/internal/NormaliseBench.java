package org.opendmv.upload.internal;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Benchmark, not a test (run by bench/upload.sh): normalises a synthetic 12-megapixel phone JPEG
 * (3000×4000, quality 0.92, sensor-like noise) N times with the default photo settings and prints
 * the median, p90 and the input size. With a second argument it also writes that JPEG there, for
 * the upload load test.
 */
public final class NormaliseBench {
    private NormaliseBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        byte[] jpeg = phoneJpeg(3000, 4000);
        if (args.length > 1) {
            Files.write(Path.of(args[1]), jpeg);
        }
        DefaultPhotoNormaliser n = new DefaultPhotoNormaliser(TestPhotos.config());
        for (int i = 0; i < 3; i++) {
            n.normalise(jpeg); // warm-up (JIT, ImageIO plugins)
        }
        long[] ms = new long[runs];
        int outBytes = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            outBytes = n.normalise(jpeg).length;
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("normalise 12 MP JPEG (3000x4000, %.1f MB): median %d ms, p90 %d ms, min %d ms over %d runs; result %d bytes%n",
                jpeg.length / 1048576.0, ms[runs / 2], ms[Math.min(runs - 1, runs * 9 / 10)], ms[0], runs, outBytes);
    }

    /** Head and shoulders on a white wall, with a soft light gradient and per-pixel noise as a phone sensor gives. */
    static byte[] phoneJpeg(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(252, 252, 250), w, h, new Color(244, 245, 246)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(40, 40, 60));
        g.fillRoundRect(w * 5 / 24, h * 21 / 32, w * 7 / 12, h * 7 / 16, w / 4, w / 4);
        g.setColor(new Color(225, 180, 150));
        g.fillOval(w / 3, h * 7 / 32, w / 3, h * 13 / 40);
        g.dispose();
        Random r = new Random(12);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int d = r.nextInt(7) - 3;
                int p = row[x];
                int red = clamp(((p >> 16) & 255) + d), green = clamp(((p >> 8) & 255) + d), blue = clamp((p & 255) + d);
                row[x] = (red << 16) | (green << 8) | blue;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        ImageWriter wr = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = wr.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.92f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            wr.setOutput(ios);
            wr.write(null, new IIOImage(img, null, null), p);
        }
        wr.dispose();
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
