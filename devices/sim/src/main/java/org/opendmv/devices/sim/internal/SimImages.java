package org.opendmv.devices.sim.internal;

import javax.imageio.ImageIO;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

import org.opendmv.devices.api.IdCardData;

/**
 * Generated images of the simulators: ID photo placeholder, scanned page, signature. Drawn with
 * {@code java.awt} on a {@link BufferedImage} (works headless; no fonts needed: text uses a built-in 5×7
 * bitmap font) and encoded with ImageIO (no fonts needed, no temp files). Deterministic for a seed.
 */
final class SimImages {
    /** A4 at 150 dpi. */
    static final int PAGE_WIDTH = 1240;
    static final int PAGE_HEIGHT = 1754;
    /** Decoded ID photo size (GA 467 readers decode WLT into 102×126). */
    static final int PHOTO_WIDTH = 102;
    static final int PHOTO_HEIGHT = 126;
    static final int SIGNATURE_WIDTH = 600;
    static final int SIGNATURE_HEIGHT = 200;

    private SimImages() {
    }

    /** A 102×126 colour PNG: white background, shoulders, face, hair grey for older people. */
    static byte[] facePhoto(IdCardData.Sex sex, LocalDate birthDate, LocalDate photoDate, int seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(PHOTO_WIDTH, PHOTO_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PHOTO_WIDTH, PHOTO_HEIGHT);
            int ageAtPhoto = Math.max(0, photoDate.getYear() - birthDate.getYear());
            boolean female = sex == IdCardData.Sex.FEMALE;
            Color hair = ageAtPhoto >= 60 ? new Color(170, 170, 170) : ageAtPhoto >= 45 ? new Color(70, 70, 70)
                    : new Color(25, 20, 15);
            Color skin = new Color(232 - r.nextInt(20), 190 - r.nextInt(20), 160 - r.nextInt(20));
            Color clothes = new Color(30 + r.nextInt(60), 40 + r.nextInt(60), 70 + r.nextInt(90));
            // shoulders
            g.setColor(clothes);
            g.fillOval(6, 96, 90, 70);
            // long hair behind the face
            g.setColor(hair);
            if (female) {
                g.fillRoundRect(22, 22, 58, 82, 30, 30);
            }
            // neck and face
            g.setColor(skin.darker());
            g.fillRect(42, 78, 18, 22);
            g.setColor(skin);
            g.fillOval(29, 26, 44, 58);
            // hair on top
            g.setColor(hair);
            g.fillArc(27, 20, 48, 34, 0, 180);
            // eyes, nose, mouth
            g.setColor(new Color(40, 30, 30));
            g.fillOval(39, 50, 6, 4);
            g.fillOval(57, 50, 6, 4);
            g.setColor(skin.darker());
            g.drawLine(51, 55, 49, 64);
            g.setColor(new Color(170, 80, 80));
            g.fillRoundRect(45, 70, 12, 3, 3, 3);
            if (ageAtPhoto >= 60) {
                g.setColor(skin.darker());
                g.drawLine(36, 46, 44, 46);
                g.drawLine(58, 46, 66, 46);
            }
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /**
     * An A4-proportioned page with "SIMULATED PAGE n", the material code, a frame and grey lines that
     * look like text. Greyscale unless {@code colour}.
     */
    static byte[] page(int pageNumber, int pageCount, String materialCode, boolean colour) {
        BufferedImage img = new BufferedImage(PAGE_WIDTH, PAGE_HEIGHT,
                colour ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PAGE_WIDTH, PAGE_HEIGHT);
            if (colour) {
                g.setColor(new Color(210, 228, 250));
                g.fillRect(60, 60, PAGE_WIDTH - 120, 260);
                g.setColor(new Color(200, 40, 40));
                g.fillOval(PAGE_WIDTH - 300, PAGE_HEIGHT - 360, 180, 180); // a "stamp"
                g.setColor(Color.WHITE);
                g.fillOval(PAGE_WIDTH - 288, PAGE_HEIGHT - 348, 156, 156);
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(4));
            g.drawRect(60, 60, PAGE_WIDTH - 120, PAGE_HEIGHT - 120);
            g.setColor(Color.BLACK);
            drawText(g, "SIMULATED PAGE " + pageNumber, 110, 120, 10);
            drawText(g, pageNumber + " / " + pageCount, 110, 230, 5);
            String code = materialCode == null || materialCode.isBlank() ? "-" : materialCode;
            drawText(g, "MATERIAL " + code, 110, 380, 6);
            g.setColor(new Color(150, 150, 150));
            Random r = new Random(31L * pageNumber + code.hashCode());
            for (int y = 520; y < PAGE_HEIGHT - 200; y += 48) {
                int len = 400 + r.nextInt(PAGE_WIDTH - 640);
                g.fillRect(110, y, len, 14);
            }
            g.setColor(Color.BLACK);
            drawText(g, "OPENDMV SIM SCANNER", 110, PAGE_HEIGHT - 150, 4);
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /** A signature-like PNG of {@code strokes} smooth pen strokes on white. */
    static byte[] signature(int strokes, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(SIGNATURE_WIDTH, SIGNATURE_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int n = Math.max(0, strokes);
            double slot = (SIGNATURE_WIDTH - 80) / (double) Math.max(1, n);
            for (int s = 0; s < n; s++) {
                double x = 40 + s * slot + r.nextDouble() * 10;
                double y = 60 + r.nextDouble() * 80;
                Path2D.Double p = new Path2D.Double();
                p.moveTo(x, y);
                int segments = 2 + r.nextInt(4);
                for (int k = 0; k < segments; k++) {
                    double nx = Math.min(SIGNATURE_WIDTH - 20, x + slot / segments * (0.6 + r.nextDouble()));
                    double ny = 30 + r.nextDouble() * (SIGNATURE_HEIGHT - 60);
                    p.quadTo((x + nx) / 2 + r.nextGaussian() * 20, ny + (r.nextBoolean() ? -50 : 50), nx, ny);
                    x = nx;
                    y = ny;
                }
                g.draw(p);
            }
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /** Draws upper-case text with the built-in 5×7 font; {@code scale} pixels per font dot. */
    static void drawText(Graphics2D g, String text, int x, int y, int scale) {
        int cx = x;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            int[] rows = glyph(c);
            for (int row = 0; row < 7; row++) {
                for (int col = 0; col < 5; col++) {
                    if ((rows[row] & (0x10 >> col)) != 0) {
                        g.fillRect(cx + col * scale, y + row * scale, scale, scale);
                    }
                }
            }
            cx += 6 * scale;
        }
    }

    private static int[] glyph(char c) {
        if (c >= 'A' && c <= 'Z') {
            return LETTERS[c - 'A'];
        }
        if (c >= '0' && c <= '9') {
            return DIGITS[c - '0'];
        }
        switch (c) {
            case ' ':
                return new int[7];
            case '-':
                return new int[] {0, 0, 0, 0x1F, 0, 0, 0};
            case '_':
                return new int[] {0, 0, 0, 0, 0, 0, 0x1F};
            case '.':
                return new int[] {0, 0, 0, 0, 0, 0x0C, 0x0C};
            case '/':
                return new int[] {0, 0x01, 0x02, 0x04, 0x08, 0x10, 0};
            case ':':
                return new int[] {0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0};
            default:
                return new int[] {0x0E, 0x11, 0x01, 0x02, 0x04, 0, 0x04};
        }
    }

    private static final int[][] LETTERS = {
        {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}, {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E},
        {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}, {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C},
        {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}, {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}, {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11},
        {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}, {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C},
        {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F},
        {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}, {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},
        {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}, {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11},
        {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}, {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},
        {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04},
        {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}, {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11},
        {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F},
    };

    private static final int[][] DIGITS = {
        {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
        {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
        {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
        {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
        {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
    };

    /** Largest photo file a test citizen may name. */
    static final int MAX_PHOTO_BYTES = 8 << 20;

    /**
     * A test citizen's photo file as the chip would give it: decoded (PNG or JPEG), cut to the chip photo's
     * proportions around the picture's centre, scaled to 102×126 and encoded as PNG. The file's bytes are wiped
     * once decoded.
     *
     * @throws IOException if the file cannot be read, is too large or is not a picture
     */
    static byte[] chipPhoto(Path file) throws IOException {
        if (Files.size(file) > MAX_PHOTO_BYTES) {
            throw new IOException("photo file larger than " + MAX_PHOTO_BYTES + " bytes");
        }
        byte[] data = Files.readAllBytes(file);
        BufferedImage src;
        try {
            ImageIO.setUseCache(false);
            src = ImageIO.read(new ByteArrayInputStream(data));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
        if (src == null || src.getWidth() < 2 || src.getHeight() < 2) {
            throw new IOException("photo file is not a PNG or JPEG picture");
        }
        // the largest 102:126 rectangle in the middle of the picture
        int w = src.getWidth();
        int h = src.getHeight();
        int cw = Math.min(w, (int) Math.round((double) h * PHOTO_WIDTH / PHOTO_HEIGHT));
        int ch = Math.min(h, (int) Math.round((double) cw * PHOTO_HEIGHT / PHOTO_WIDTH));
        int cx = (w - cw) / 2;
        int cy = (h - ch) / 2;
        BufferedImage out = new BufferedImage(PHOTO_WIDTH, PHOTO_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, PHOTO_WIDTH, PHOTO_HEIGHT, cx, cy, cx + cw, cy + ch, null);
        } finally {
            g.dispose();
        }
        byte[] png = png(out);
        Arrays.fill(((DataBufferByte) out.getRaster().getDataBuffer()).getData(), (byte) 0);
        return png;
    }

    /** PNG through the JDK's ImageIO; the cache is off so no image ever lands in a temp file. */
    static byte[] png(BufferedImage img) {
        ImageIO.setUseCache(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
