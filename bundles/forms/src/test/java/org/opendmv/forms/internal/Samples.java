package org.opendmv.forms.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

import javax.imageio.ImageIO;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.OfficialForms;

/** Synthetic test data: a made-up applicant, a drawn photo and a drawn signature. No real person. */
final class Samples {
    static final String SERIAL = "20261124K001000042";
    /** Synthetic: valid check character, not a real person. */
    static final String ID = "11010119900307001X";

    private Samples() {
    }

    /** 260 × 378 px JPEG (the licence photo size): white background, a grey head-and-shoulders silhouette. */
    static byte[] photo() {
        BufferedImage img = new BufferedImage(260, 378, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 260, 378);
        g.setColor(new Color(40, 50, 70));
        Path2D body = new Path2D.Double();
        body.moveTo(20, 378);
        body.curveTo(25, 290, 80, 270, 130, 268);
        body.curveTo(180, 270, 235, 290, 240, 378);
        body.closePath();
        g.fill(body);
        g.setColor(new Color(225, 190, 160));
        g.fill(new Ellipse2D.Double(80, 70, 100, 140));
        g.fillRect(112, 190, 36, 70);
        g.setColor(new Color(30, 25, 20));
        g.fill(new Ellipse2D.Double(76, 52, 108, 70));
        g.setColor(new Color(60, 40, 30));
        g.fillOval(104, 128, 12, 8);
        g.fillOval(144, 128, 12, 8);
        g.setStroke(new BasicStroke(3));
        g.drawArc(112, 168, 36, 16, 200, 140);
        g.dispose();
        return encode(img, "jpg");
    }

    /** A 600 × 200 px PNG with transparency: a scribbled signature in dark blue. */
    static byte[] signature() {
        BufferedImage img = new BufferedImage(600, 200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(20, 30, 110));
        g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new CubicCurve2D.Double(40, 140, 90, 20, 130, 40, 150, 150));
        g.draw(new CubicCurve2D.Double(150, 150, 170, 60, 230, 50, 250, 120));
        g.draw(new CubicCurve2D.Double(250, 120, 280, 170, 320, 40, 360, 90));
        g.draw(new CubicCurve2D.Double(360, 90, 400, 150, 440, 60, 470, 100));
        g.draw(new CubicCurve2D.Double(470, 100, 500, 140, 530, 120, 570, 80));
        g.draw(new CubicCurve2D.Double(60, 170, 200, 185, 400, 175, 540, 160));
        g.dispose();
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete, synthetic driver-licence application (dl-renewal unless changed). */
    static Sample driver(String business) {
        return new Sample(business)
                .businessName("驾驶证期满换证")
                .applicantName("测试用户")
                .idNumber(ID)
                .sex("1")
                .birthDate(LocalDate.of(1990, 3, 7))
                .address("北京市东城区示例街道测试胡同88号院3号楼2单元501室")
                .mobile("13800000000")
                .landline("010-00000000")
                .postcode("100010")
                .email("test@example.com")
                .archiveNo("110100000001")
                .licenceClass("C1")
                .date(LocalDate.of(2026, 11, 24))
                .photoJpeg(photo())
                .signaturePng(signature())
                .kioskId("K001")
                .delivery("onsite");
    }

    /** A complete, synthetic vehicle application (mv-plate-replace unless changed). */
    static Sample vehicle(String business) {
        return new Sample(business)
                .businessName("补领机动车号牌")
                .applicantName("测试用户")
                .idNumber(ID)
                .address("北京市东城区示例街道测试胡同88号院3号楼2单元501室")
                .mobile("13800000000")
                .postcode("100010")
                .plateNumber("京A12345")
                .plateType("02")
                .vinLast4("0042")
                .reason("lost")
                .plateSide("front")
                .tempPlate(true)
                .delivery("mail")
                .date(LocalDate.of(2026, 11, 24))
                .signaturePng(signature())
                .kioskId("K001");
    }

    /**
     * One of the 12 businesses' applications, ticked as its descriptor's {@code form} section says
     * (the same tick/tickByAnswer/tickWhenUnanswered as business-plugins/*&#47;OSGI-INF/business/*.json):
     * the forms bundle itself knows no business code.
     */
    static final class Sample {
        private final String code;
        private final Map<String, String> values = new LinkedHashMap<>();
        private String businessName;
        private String reason;
        private String plateSide;
        private Boolean tempPlate;
        private String delivery;
        private String targetClass;
        private String reasonDetail;
        private LocalDate date;
        private byte[] photo;
        private byte[] signature;
        private String kioskId;

        Sample(String code) {
            this.code = code;
        }

        String code() { return code; }
        String kind() { return code.startsWith("dl-") ? OfficialForms.DRIVER_LICENCE : OfficialForms.VEHICLE_PLATE; }

        private Sample v(String field, String value) { values.put(field, value); return this; }
        Sample businessName(String v) { businessName = v; return this; }
        Sample applicantName(String v) { return v("applicant.name", v); }
        Sample idNumber(String v) { return v("applicant.idNumber", v); }
        Sample sex(String v) { return v("applicant.sex", v); }
        Sample birthDate(LocalDate v) { return v("applicant.birthDate", v == null ? null : v.toString()); }
        Sample address(String v) { return v("applicant.address", v); }
        Sample mobile(String v) { return v("applicant.mobile", v); }
        Sample landline(String v) { return v("applicant.landline", v); }
        Sample postcode(String v) { return v("applicant.postcode", v); }
        Sample email(String v) { return v("applicant.email", v); }
        Sample archiveNo(String v) { return v("driver.archiveNo", v); }
        Sample licenceClass(String v) { return v("driver.classes", v); }
        Sample plateNumber(String v) { return v("vehicle.plateNumber", v); }
        Sample plateType(String v) { return v("vehicle.plateType", v); }
        Sample vinLast4(String v) { return v("vehicle.vinLast4", v); }
        Sample reason(String v) { reason = v; return this; }
        Sample plateSide(String v) { plateSide = v; return this; }
        Sample tempPlate(Boolean v) { tempPlate = v; return this; }
        Sample delivery(String v) { delivery = v; return this; }
        Sample targetClass(String v) { targetClass = v; return this; }
        Sample reasonDetail(String v) { reasonDetail = v; return this; }
        Sample date(LocalDate v) { date = v; return this; }
        Sample photoJpeg(byte[] v) { photo = v; return this; }
        Sample signaturePng(byte[] v) { signature = v; return this; }
        Sample kioskId(String v) { kioskId = v; return this; }

        /** The ticked boxes and codes, as the business's descriptor resolves its answers. */
        List<String> ticks() {
            List<String> t = new ArrayList<>();
            switch (code) {
                case "dl-renewal-postpone", "dl-medical-postpone", "dl-review-postpone" -> {
                    t.add(Map.of("dl-renewal-postpone", "SA", "dl-medical-postpone", "SC", "dl-review-postpone", "SE").get(code));
                    if (reason != null) {
                        t.add("dl.reason.postpone." + reason);
                    }
                }
                case "dl-downgrade" -> t.add("CD");
                case "dl-renewal" -> t.add("CA");
                case "dl-replace-lost" -> t.add("other".equals(reason) ? "CZ" : "CF");
                case "dl-cancel" -> t.add("GA");
                case "mv-inspection-sticker" -> {
                    t.add("vp.sticker.apply");
                    if (reason != null) {
                        t.add("vp.sticker.apply." + reason);
                    }
                }
                case "mv-licence-replace", "mv-plate-replace" -> {
                    String b = code.equals("mv-plate-replace") ? "vp.plate.replace" : "vp.licence.replace";
                    t.add(b);
                    if (reason != null) {
                        t.add(b + "." + reason);
                    }
                }
                case "mv-licence-exchange" -> t.add("vp.licence.exchange");
                case "mv-plate-exchange" -> t.add("vp.plate.exchange");
                default -> throw new IllegalArgumentException(code);
            }
            if (code.startsWith("mv-plate-") && plateSide != null) {
                String b = code.equals("mv-plate-replace") ? "vp.plate.replace" : "vp.plate.exchange";
                if (!plateSide.equals("back")) {
                    t.add(b + ".front");
                }
                if (!plateSide.equals("front")) {
                    t.add(b + ".back");
                }
            }
            if (delivery != null) {
                t.add("kiosk.delivery." + delivery);
            }
            if (code.startsWith("mv-plate-") && tempPlate != null) {
                t.add(tempPlate ? "kiosk.temp-plate.yes" : "kiosk.temp-plate.no");
            }
            return t;
        }

        FilledForm.Builder builder() {
            FormLayout layout = OfficialForms.layout(kind()).orElseThrow();
            FilledForm.Builder b = FilledForm.builder(SERIAL, kind()).businessName(businessName).date(date).kioskId(kioskId)
                    .photoJpeg(photo).signaturePng(signature);
            for (String t : ticks()) {
                List<String> boxes = layout.expand(t);
                b.tick(boxes.isEmpty() ? new String[] {t} : boxes.toArray(String[]::new));
            }
            values.forEach(b::value);
            if (code.equals("dl-downgrade")) {
                b.value("dl.downgrade.targetClass", targetClass);
            }
            if (code.contains("postpone")) {
                b.value("dl.postpone.reasonDetail", reasonDetail);
            }
            if (code.startsWith("mv-plate-")) {
                b.row("kiosk.temp-plate");
            }
            return b;
        }

        FilledForm build() {
            return builder().build();
        }
    }
}
