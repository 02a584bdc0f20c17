package org.opendmv.devices.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

/**
 * One generated portrait (102×126 PNG, the size of an ID card photo): a drawn face, no real person. Use it
 * as the card photo of {@link VirtualIdCard}, as a liveness reference photo, or as a scanned page.
 */
public final class SyntheticPortrait {
    /** Width of the portrait in pixels. */
    public static final int WIDTH = 102;
    /** Height of the portrait in pixels. */
    public static final int HEIGHT = 126;

    private static final byte[] PNG = render();

    private SyntheticPortrait() {
    }

    /** The portrait as PNG bytes (a fresh copy each call: a driver may wipe it). */
    public static byte[] png() {
        return PNG.clone();
    }

    /** The portrait as an image. */
    public static BufferedImage image() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xE8F0FF));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(0x2B2B2B));
            g.fillOval(22, 10, 58, 50); // hair
            g.setColor(new Color(0xF1C9A5));
            g.fillOval(27, 22, 48, 60); // face
            g.fillRect(44, 78, 14, 14); // neck
            g.setColor(new Color(0x1F3A93));
            g.fillRoundRect(14, 90, 74, 40, 24, 24); // shoulders
            g.setColor(Color.BLACK);
            g.fillOval(38, 44, 6, 5);
            g.fillOval(58, 44, 6, 5);
            g.drawArc(42, 58, 18, 10, 200, 140);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Strings that betray the portrait in a log: a stretch of its Base64 text, of its hexadecimal bytes and
     * of {@code Arrays.toString(bytes)}, taken from the middle of the image (not the PNG header, which every
     * PNG shares).
     */
    public static String[] logTraces() {
        String b64 = Base64.getEncoder().encodeToString(PNG);
        StringBuilder hex = new StringBuilder();
        for (int i = 200; i < 232; i++) {
            hex.append(String.format("%02x", PNG[i] & 0xFF));
        }
        StringBuilder dec = new StringBuilder();
        for (int i = 200; i < 216; i++) {
            dec.append(i == 200 ? "" : ", ").append(PNG[i]);
        }
        return new String[] {b64.substring(b64.length() / 2, b64.length() / 2 + 48), hex.toString(), dec.toString()};
    }

    private static byte[] render() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image(), "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
