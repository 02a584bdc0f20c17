package org.opendmv.face.api;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * One image: RGB24, row-major, 3 bytes per pixel (R, G, B), no padding. Kept in memory only; {@link #wipe()}
 * zeroes the pixels once the frame is no longer needed (privacy rules of FLOWS.md).
 */
public final class Frame {
    private final int width;
    private final int height;
    private final byte[] rgb;
    private final long timestampNanos;

    /**
     * @param rgb the pixels, {@code width * height * 3} bytes; not copied (the frame owns them)
     * @param timestampNanos capture time, monotonic nanoseconds from the source's start (or {@link System#nanoTime()})
     */
    public Frame(int width, int height, byte[] rgb, long timestampNanos) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + (width * height * 3)
                    + " bytes, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.timestampNanos = timestampNanos;
    }

    /** Copies an image (any type) into a new frame. */
    public static Frame of(BufferedImage img, long timestampNanos) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        byte[] rgb = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                rgb[o++] = (byte) (p >> 16);
                rgb[o++] = (byte) (p >> 8);
                rgb[o++] = (byte) p;
            }
        }
        Arrays.fill(row, 0);
        return new Frame(w, h, rgb, timestampNanos);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels themselves (not a copy). */
    public byte[] rgb() {
        return rgb;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The red, green and blue of one pixel as 0xRRGGBB. */
    public int pixel(int x, int y) {
        int i = (y * width + x) * 3;
        return (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
    }

    /** A new {@link BufferedImage#TYPE_INT_RGB} copy of the pixels. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i += 3) {
                row[x] = (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        Arrays.fill(row, 0);
        return img;
    }

    /** Zeroes the pixels. */
    public void wipe() {
        Arrays.fill(rgb, (byte) 0);
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + " @" + timestampNanos + "ns]"; // never the pixels
    }
}
