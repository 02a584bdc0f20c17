package org.opendmv.backoffice.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.NewApplication;

/** Synthetic applications (no real person), images, and a clock the tests move. */
final class TestData {
    /** Synthetic: valid check character, not a real person. */
    static final String ID = "11010119900307001X";

    private TestData() {
    }

    static Map<String, Object> payload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("business.code", "dl-renewal");
        p.put("business.name", "有效期满换证");
        p.put("idcard.name", "测试用户");
        p.put("idcard.idNumber", ID);
        p.put("idcard.sex", "男");
        p.put("idcard.birthDate", "1990-03-07");
        p.put("idcard.address", "北京市东城区示例路1号");
        p.put("form.mobile", "13800000000");
        p.put("driver.archiveNo", "110100000001");
        p.put("driver.classes", "C1");
        p.putAll(print());
        return p;
    }

    /** What the engine stores at SIGN for dl-renewal (its descriptor's form section, resolved). */
    static Map<String, Object> print() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("print.kind", "driver-licence");
        p.put("print.ticked", java.util.List.of("dl.business.renewal"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("applicant.name", "idcard.name");
        fields.put("applicant.idNumber", "idcard.idNumber");
        fields.put("applicant.sex", "idcard.sex");
        fields.put("applicant.birthDate", "idcard.birthDate");
        fields.put("applicant.address", "form.address|idcard.address");
        fields.put("applicant.mobile", "form.mobile");
        fields.put("driver.archiveNo", "driver.archiveNo");
        fields.put("driver.classes", "driver.classes");
        p.put("print.fields", fields);
        p.put("print.rows", java.util.List.of());
        return p;
    }

    static NewApplication free() {
        Map<String, Attachment> a = new LinkedHashMap<>();
        a.put("photo.jpeg", new Attachment("image/jpeg", jpeg()));
        a.put("signature.png", new Attachment("image/png", png()));
        a.put("material.medical.1.jpg", new Attachment("image/jpeg", jpeg()));
        return new NewApplication("dl-renewal", ID, 0, payload(), "SUBMITTED", a);
    }

    static byte[] jpeg() {
        return image("jpeg", BufferedImage.TYPE_INT_RGB);
    }

    static byte[] png() {
        return image("png", BufferedImage.TYPE_INT_ARGB);
    }

    private static byte[] image(String format, int type) {
        BufferedImage img = new BufferedImage(120, 160, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(30, 20, 60, 70);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Submission submission(String serial) {
        return new Submission(serial, serial, "dl-renewal", ("{\"serial\":\"" + serial + "\"}").getBytes(StandardCharsets.UTF_8),
                List.of(new Submission.Part("form.pdf", "application/pdf", "%PDF-1.7 test".getBytes(StandardCharsets.US_ASCII)),
                        new Submission.Part("photo.jpeg", "image/jpeg", jpeg())));
    }

    /** A clock that stands still until moved. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
