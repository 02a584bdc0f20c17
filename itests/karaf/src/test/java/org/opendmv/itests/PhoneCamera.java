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

    /**
     * Decodes the QR code in a screenshot, as a phone camera would: frame after frame from a little nearer or
     * farther until one reads. ZXing's detector alone misreads some perfectly drawn codes at one exact scale
     * (ChecksumException on a code that decodes at 0.8x; seen in UiIT), which a phone never meets twice.
     */
    static String readQr(Path screenshot) throws Exception {
        BufferedImage full = ImageIO.read(screenshot.toFile());
        Exception first = null;
        for (double scale : new double[] {1.0, 0.9, 0.8, 0.75, 0.66, 0.5}) {
            int w = (int) Math.round(full.getWidth() * scale);
            int h = (int) Math.round(full.getHeight() * scale);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(full, 0, 0, w, h, null);
            g.dispose();
            int[] px = img.getRGB(0, 0, w, h, null, 0, w);
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, px)))).getText();
            } catch (com.google.zxing.ReaderException e) {
                first = first == null ? e : first;
            }
        }
        throw new AssertionError("no QR code readable in " + screenshot + " at any distance", first);
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

    /**
     * A 1200×1600 head-and-shoulders phone photo of a real person (face-api's MIT sample photo sample6, second woman
     * from the left, face box from face-api's detector) cut out in front of a wall of the given colour, framed so
     * that the licence-photo face rules (FLOWS.md §5) accept it and only the background decides.
     */
    static byte[] portrait(Color background) throws IOException {
        BufferedImage group;
        java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("opendmv.test.fixtures"),
                "org.opendmv.face-models-test-faces.jar");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile());
                InputStream in = zip.getInputStream(zip.getEntry("org/opendmv/face/testfaces/sample6.jpg"))) {
            group = ImageIO.read(in);
        }
        double bx = 681, by = 321, bw = 160, bh = 307;
        int w = 1200;
        int h = 1600;
        double s = w / (bw * 3.4);
        double fx = 0.5 * w;
        double fy = 0.2 * h;
        double fw = bw * s;
        double fh = bh * s;
        java.awt.geom.Area person = new java.awt.geom.Area(new java.awt.geom.Ellipse2D.Double(fx - fw * 0.75, fy - fh * 0.3, fw * 1.5, fh * 1.45));
        person.add(new java.awt.geom.Area(new java.awt.geom.Ellipse2D.Double(fx - fw * 1.6, fy + fh * 0.95, fw * 3.2, fh * 2)));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setClip(person);
        g.drawImage(group, (int) Math.round(fx - bx * s - bw * s / 2), (int) Math.round(fy - by * s),
                (int) Math.round(group.getWidth() * s), (int) Math.round(group.getHeight() * s), null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
