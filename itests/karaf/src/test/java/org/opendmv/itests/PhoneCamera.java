package org.opendmv.itests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** What a citizen's phone does in the tests: read a QR code off the screen, open it, send a photo. */
final class PhoneCamera {
    private PhoneCamera() {
    }

    static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    /** Decodes the QR code in a screenshot, as a phone camera would. */
    static String readQr(Path screenshot) throws Exception {
        BufferedImage img = ImageIO.read(screenshot.toFile());
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), px)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    static Response get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        return answer(c);
    }

    static Response post(String url, String type, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", type);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        return answer(c);
    }

    private static Response answer(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, body);
    }

    /** A synthetic 1200×1600 head-and-shoulders photo on the given background, with some texture. */
    static byte[] portrait(Color background) throws IOException {
        BufferedImage img = new BufferedImage(1200, 1600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, 1200, 1600);
        g.setColor(new Color(40, 40, 60));
        g.fillRoundRect(250, 1050, 700, 700, 300, 300);
        g.setColor(new Color(225, 180, 150));
        g.fillOval(400, 350, 400, 520);
        g.setColor(new Color(30, 30, 30));
        g.fillArc(390, 320, 420, 300, 0, 180);
        Random r = new Random(7);
        for (int i = 0; i < 20000; i++) {
            int x = 400 + r.nextInt(400);
            int y = 350 + r.nextInt(1250);
            int rgb = img.getRGB(x, y);
            if (rgb != background.getRGB()) {
                img.setRGB(x, y, rgb ^ (r.nextInt(16) * 0x010101));
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
