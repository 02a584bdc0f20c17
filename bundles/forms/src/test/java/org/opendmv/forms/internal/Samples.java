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

import org.opendmv.forms.api.FormData;

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
    static FormData.Builder driver(String business) {
        return FormData.builder(SERIAL, business)
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
    static FormData.Builder vehicle(String business) {
        return FormData.builder(SERIAL, business)
                .businessName("补领机动车号牌")
                .applicantName("测试用户")
                .idNumber(ID)
                .sex("1")
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
}
