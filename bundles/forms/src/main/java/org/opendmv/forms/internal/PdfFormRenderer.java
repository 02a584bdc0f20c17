package org.opendmv.forms.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.OfficialForms;
import org.opendmv.forms.internal.FormModel.Item;
import org.opendmv.forms.internal.FormModel.Row;

/**
 * Draws 机动车驾驶证申请表 and 机动车牌证申请表 on one A4 portrait page with PDFBox primitives:
 * a header (serial, kiosk, date, title, QR code of the serial), then a ruled table whose sections
 * carry vertical headings, as on the printed forms.
 */
final class PdfFormRenderer {
    static final float PAGE_W = PDRectangle.A4.getWidth();
    static final float PAGE_H = PDRectangle.A4.getHeight();
    static final float LEFT = 34;
    static final float RIGHT = PAGE_W - 34;
    static final float SECTION = 22;
    static final float X0 = LEFT + SECTION;
    static final float INNER = RIGHT - X0;
    static final float LABEL = 9f;
    static final float VALUE = 10.5f;
    static final float QR = 62;
    /** Photo box: 22 mm × 32 mm as on the licence. */
    static final float PHOTO_W = 22 / 25.4f * 72;
    static final float PHOTO_H = 32 / 25.4f * 72;

    private static final Map<String, String> PLATE_TYPES = Map.ofEntries(Map.entry("01", "大型汽车"),
            Map.entry("02", "小型汽车"), Map.entry("03", "使馆汽车"), Map.entry("04", "领馆汽车"), Map.entry("05", "境外汽车"),
            Map.entry("06", "外籍汽车"), Map.entry("07", "普通摩托车"), Map.entry("08", "轻便摩托车"), Map.entry("13", "低速车"),
            Map.entry("14", "拖拉机"), Map.entry("15", "挂车"), Map.entry("16", "教练汽车"), Map.entry("22", "临时行驶车"),
            Map.entry("51", "大型新能源汽车"), Map.entry("52", "小型新能源汽车"));

    static final String DL_DECLARATION = "本人申告不具有下列不得申请机动车驾驶证的情形：（1）有器质性心脏病、癫痫病、美尼尔氏症、眩晕症、癔病、"
            + "震颤麻痹、精神病、痴呆以及影响肢体活动的神经系统疾病等妨碍安全驾驶疾病的；（2）三年内有吸食、注射毒品行为或者解除强制隔离戒毒措施未满三年，"
            + "或者长期服用依赖性精神药品成瘾尚未戒除的；（3）造成交通事故后逃逸构成犯罪的；（4）饮酒后或者醉酒驾驶机动车发生重大交通事故构成犯罪的；"
            + "（5）醉酒驾驶机动车或者饮酒后驾驶营运机动车依法被吊销机动车驾驶证未满五年的；（6）醉酒驾驶营运机动车依法被吊销机动车驾驶证未满十年的；"
            + "（7）因其他情形依法被吊销机动车驾驶证未满二年的；（8）驾驶许可依法被撤销未满三年的；（9）法律、行政法规规定的其他情形。"
            + "\n上述内容本人已认真阅读，申告内容属实；提交的申请材料真实有效，如有隐瞒或者虚假，愿意承担相应的法律责任。";
    static final String VP_NOTICE = "机动车所有人应当按照规定申领、使用机动车号牌、行驶证和检验合格标志；不得伪造、变造或者使用伪造、变造的"
            + "机动车号牌、行驶证、检验合格标志，不得使用其他机动车的号牌、行驶证和检验合格标志；不得擅自改变机动车外形和已登记的有关技术数据。";

    private final Settings settings;

    PdfFormRenderer(Settings settings) {
        this.settings = settings;
    }

    /** Renders a checked form (see {@link Layouts#check}) of the given layout. */
    byte[] render(FilledForm d, FormLayout layout) {
        boolean official = FormModel.official(d);
        // the model first: a bad form fails before any font or file is touched
        List<Row> rows = official ? FormModel.rows(d) : List.of();
        List<Item> extras = official ? FormModel.kioskExtras(d) : List.of();
        boolean dl = d.kind().equals(OfficialForms.DRIVER_LICENCE);
        try (CjkFont cjk = CjkFont.open(settings.fontPaths(), settings.fontName()); PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType0Font font = cjk.embed(doc);
            PDImageXObject photo = layout.photo() && d.photoJpeg() != null ? photo(doc, d.photoJpeg()) : null;
            PDImageXObject signature = d.signaturePng() == null ? null : signature(doc, d.signaturePng());
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                Canvas c = new Canvas(cs, font, cjk, PAGE_H);
                float top = header(c, d, layout.title());
                if (!official) {
                    GenericFormRenderer.draw(c, d, layout, photo, signature, top);
                } else if (dl) {
                    driverLicence(c, d, rows, extras, photo, signature, top);
                } else {
                    vehiclePlate(c, d, rows, extras, signature, top);
                }
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(layout.title() + " " + d.serial());
            info.setSubject(layout.id());
            info.setCreator("OpenDMV Kiosk" + (d.kioskId() == null ? "" : " " + d.kioskId()));
            info.setCreationDate(Calendar.getInstance());
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the " + layout.title() + " of " + d.serial() + " could not be rendered", e);
        }
    }

    private static PDImageXObject photo(PDDocument doc, byte[] jpeg) {
        BufferedImage img = decode(jpeg, "photoJpeg");
        if (img.getWidth() < 16 || img.getHeight() < 16) {
            throw new IllegalArgumentException("photoJpeg is too small (" + img.getWidth() + "x" + img.getHeight() + ")");
        }
        try {
            return JPEGFactory.createFromByteArray(doc, jpeg);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("photoJpeg cannot be embedded as a JPEG image", e);
        }
    }

    private static PDImageXObject signature(PDDocument doc, byte[] png) {
        BufferedImage img = decode(png, "signaturePng");
        try {
            return LosslessFactory.createFromImage(doc, img);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("signaturePng cannot be embedded", e);
        }
    }

    private static BufferedImage decode(byte[] data, String field) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(field + " cannot be decoded", e);
        }
        if (img == null) {
            throw new IllegalArgumentException(field + " cannot be decoded");
        }
        return img;
    }

    // ------------------------------------------------------------------ header

    private float header(Canvas c, FilledForm d, String title) throws IOException {
        float small = 8.5f;
        c.text("流水号：" + d.serial(), LEFT, 40, small);
        c.text("受理自助机：" + (d.kioskId() == null ? "" : d.kioskId()), LEFT, 53, small);
        c.text("申请日期：" + date(d.date()), LEFT, 66, small);
        c.centered(title, LEFT, RIGHT - LEFT, 58, 20, true);
        String office = settings.officeName();
        if (office != null && !office.isBlank()) {
            c.centered(office, LEFT + 130, RIGHT - LEFT - 260, 76, 9, false);
        }
        c.qr(d.serial(), RIGHT - QR, 18, QR);
        c.centered("流水号二维码", RIGHT - QR, QR, 88, 6.5f, false);
        return 94;
    }

    static LocalDate birthDate(FilledForm d) {
        String b = d.value("applicant.birthDate");
        return b == null ? null : LocalDate.parse(b);
    }

    static String nationality(FilledForm d) {
        String n = d.value("applicant.nationality");
        return n == null ? "中国" : n;
    }

    static String date(LocalDate d) {
        return d == null ? "      年    月    日" : String.format("%d年%02d月%02d日", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    static String sex(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "1", "M", "m", "男" -> "男";
            case "2", "F", "f", "女" -> "女";
            default -> s;
        };
    }

    static String plateType(String t) {
        return t == null ? null : PLATE_TYPES.getOrDefault(t, t);
    }

    // ------------------------------------------------------------------ table helpers

    /** A row of cells from x: pairs of (width, text); even cells are labels, odd ones values. */
    static void cells(Canvas c, float x, float top, float h, Object... wt) throws IOException {
        for (int i = 0; i + 1 < wt.length; i += 2) {
            float w = ((Number) wt[i]).floatValue();
            String t = (String) wt[i + 1];
            boolean label = (i / 2) % 2 == 0;
            if (label) {
                c.label(t, x, top, w, h, LABEL);
            } else {
                c.fit(t, x, top, w, h, VALUE, 6.5f);
            }
            x += w;
            if (i + 2 < wt.length) {
                c.vline(x, top, top + h, Canvas.HAIR);
            }
        }
    }

    /** 18 character boxes for the ID number. */
    static void idBoxes(Canvas c, String id, float x, float top, float w, float h) throws IOException {
        float bw = w / 18;
        for (int i = 0; i < 18; i++) {
            if (i > 0) {
                c.vline(x + i * bw, top + 4, top + h - 4, Canvas.HAIR);
            }
            if (id != null && i < id.length()) {
                c.centered(id.substring(i, i + 1), x + i * bw, bw, top + h / 2 + VALUE * 0.36f, VALUE, false);
            }
        }
    }

    static void section(Canvas c, String title, float top, float bottom) throws IOException {
        c.vertical(title, LEFT, SECTION, top, bottom - top, 9.5f);
        c.vline(X0, top, bottom, Canvas.HAIR);
        c.hline(LEFT, RIGHT, bottom, Canvas.HAIR);
    }

    /** Flowing tick-box rows, each with an optional heading column; returns the bottom. */
    static float flowRows(Canvas c, List<Row> rows, float top, float headingWidth, float size, float lineHeight)
            throws IOException {
        float y = top;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            float x = X0 + headingWidth;
            float w = RIGHT - x - 8;
            int lines = c.flow(r.items(), x + 6, y + 3, w, size, lineHeight, false);
            float h = lines * lineHeight + 6;
            c.flow(r.items(), x + 6, y + 3, w, size, lineHeight, true);
            if (headingWidth > 0) {
                c.label(r.heading(), X0, y, headingWidth, h, 10);
                c.vline(x, y, y + h, Canvas.HAIR);
            }
            y += h;
            if (i < rows.size() - 1) {
                c.hline(X0, RIGHT, y, Canvas.HAIR);
            }
        }
        return y;
    }

    static float paragraph(Canvas c, String text, float top, float size) throws IOException {
        float x = X0 + 6;
        float w = RIGHT - x - 6;
        List<String> lines = c.wrap(text, size, w);
        float lh = size * 1.45f;
        float y = top + 4 + size;
        for (String l : lines) {
            c.text(l, x, y, size);
            y += lh;
        }
        return top + 8 + lines.size() * lh;
    }

    static void signatureRow(Canvas c, FilledForm d, PDImageXObject signature, float top, float h, String who, String other)
            throws IOException {
        float half = INNER / 2;
        float base = top + h - 12;
        c.text(who, X0 + 6, top + 16, LABEL);
        if (signature != null) {
            c.image(signature, X0 + 60, top + 6, 150, h - 26);
        }
        c.text(date(d.date()), X0 + half - 108, base, LABEL);
        c.vline(X0 + half, top, top + h, Canvas.HAIR);
        c.text(other, X0 + half + 6, top + 16, LABEL);
        c.text(date(null), X0 + INNER - 108, base, LABEL);
    }

    // ------------------------------------------------------------------ 机动车驾驶证申请表

    private void driverLicence(Canvas c, FilledForm d, List<Row> rows, List<Item> extras, PDImageXObject photo,
            PDImageXObject signature, float top) throws IOException {
        float photoCol = 74;
        float left = INNER - photoCol;
        float y = top;
        float rh = 26;
        float flow = 9f;
        float line = 19f;
        // 申请人信息
        float a0 = y;
        cells(c, X0, y, rh, 44, "姓名", 128, d.value("applicant.name"), 38, "性别", 40, sex(d.value("applicant.sex")), 56, "出生日期",
                left - 306, date(birthDate(d)));
        c.hline(X0, X0 + left, y += rh, Canvas.HAIR);
        cells(c, X0, y, rh, 44, "国籍", 64, nationality(d), 56, "档案编号", 120, d.value("driver.archiveNo"), 56, "准驾车型",
                left - 340, d.value("driver.classes"));
        c.hline(X0, X0 + left, y += rh, Canvas.HAIR);
        cells(c, X0, y, rh, 72, "身份证明名称", 64, "居民身份证", 34, "号码", left - 170, "");
        idBoxes(c, d.value("applicant.idNumber"), X0 + 170, y, left - 170, rh);
        c.hline(X0, X0 + left, y += rh, Canvas.HAIR);
        cells(c, X0, y, 40, 72, "邮寄地址", left - 72, d.value("applicant.address"));
        y += 40;
        // photo column
        c.vline(X0 + left, a0, y, Canvas.HAIR);
        float ph = y - a0;
        if (photo != null) {
            c.image(photo, X0 + left + (photoCol - PHOTO_W) / 2, a0 + (ph - PHOTO_H) / 2, PHOTO_W, PHOTO_H);
        } else {
            c.label("照片", X0 + left, a0, photoCol, ph, 10);
        }
        c.hline(X0, RIGHT, y, Canvas.HAIR);
        cells(c, X0, y, rh, 56, "移动电话", 120, d.value("applicant.mobile"), 56, "固定电话", 110, d.value("applicant.landline"), 56, "邮政编码",
                INNER - 398, d.value("applicant.postcode"));
        c.hline(X0, RIGHT, y += rh, Canvas.HAIR);
        cells(c, X0, y, rh, 56, "电子信箱", INNER - 56, d.value("applicant.email"));
        y += rh;
        section(c, "申请人信息", a0, y);
        // 申请业务种类
        float b0 = y;
        y = flowRows(c, rows, y, 0, flow, line);
        c.hline(LEFT, RIGHT, y, Canvas.HAIR);
        section(c, "申请业务种类", b0, y);
        // 申请方式 + 代理人
        float m0 = y;
        List<Item> mode = FormModel.applicationMode(d);
        c.flow(mode, X0 + 6, y + 4, INNER - 12, flow, rh - 8, true);
        y += rh;
        c.hline(X0, RIGHT, y, Canvas.HAIR);
        cells(c, X0, y, rh, 72, "代理人/监护人", 90, "", 72, "身份证明号码", 150, "", 56, "联系电话", INNER - 440, "");
        y += rh;
        section(c, "申请方式", m0, y);
        // kiosk
        float k0 = y;
        c.flow(extras, X0 + 6, y + 4, INNER - 12, flow, 28, true);
        y += 36;
        section(c, "领取", k0, y);
        // 申告
        float s0 = y;
        y = paragraph(c, DL_DECLARATION, y, 7.8f);
        section(c, "申告事项", s0, y);
        // signatures
        float g0 = y;
        float gh = 72;
        signatureRow(c, d, signature, y, gh, "申请人签字：", "代理人/监护人签字：");
        y += gh;
        section(c, "签字", g0, y);
        c.rect(LEFT, top, RIGHT - LEFT, y - top, Canvas.THICK);
        footer(c, d, y, "申请人及代理人、监护人对申请材料的真实有效性负责。");
    }

    // ------------------------------------------------------------------ 机动车牌证申请表

    private void vehiclePlate(Canvas c, FilledForm d, List<Row> rows, List<Item> extras, PDImageXObject signature, float top)
            throws IOException {
        float y = top;
        float rh = 34;
        float a0 = y;
        cells(c, X0, y, rh, 72, "姓名/名称", 230, d.value("applicant.name"), 82, "身份证明名称", INNER - 384, "居民身份证");
        c.hline(X0, RIGHT, y += rh, Canvas.HAIR);
        cells(c, X0, y, rh, 72, "身份证明号码", 270, "", 60, "邮政编码", INNER - 402, d.value("applicant.postcode"));
        idBoxes(c, d.value("applicant.idNumber"), X0 + 72, y, 270, rh);
        c.hline(X0, RIGHT, y += rh, Canvas.HAIR);
        cells(c, X0, y, 48, 72, "邮寄地址", INNER - 72, d.value("applicant.address"));
        c.hline(X0, RIGHT, y += 48, Canvas.HAIR);
        cells(c, X0, y, rh, 72, "手机号码", 110, d.value("applicant.mobile"), 60, "固定电话", 100, d.value("applicant.landline"), 60, "电子信箱",
                INNER - 402, d.value("applicant.email"));
        y += rh;
        section(c, "机动车所有人", a0, y);
        float p0 = y;
        cells(c, X0, y, 44, 72, "姓名/名称", 190, d.value("agent.name"), 60, "手机号码", INNER - 322, d.value("agent.mobile"));
        y += 44;
        section(c, "代理人", p0, y);
        float v0 = y;
        cells(c, X0, y, 38, 72, "号牌种类", 110, plateType(d.value("vehicle.plateType")), 60, "号牌号码", 120, d.value("vehicle.plateNumber"), 100,
                "车辆识别代号后4位", INNER - 462, d.value("vehicle.vinLast4"));
        y += 44;
        section(c, "机动车", v0, y);
        float b0 = y;
        y = flowRows(c, rows, y, 84, 10f, 30f);
        c.hline(LEFT, RIGHT, y, Canvas.HAIR);
        section(c, "申请事项", b0, y);
        float k0 = y;
        c.flow(extras, X0 + 6, y + 4, INNER - 12, 10f, 36, true);
        y += 44;
        section(c, "领取", k0, y);
        float g0 = y;
        float gh = 130;
        signatureRow(c, d, signature, y, gh, "机动车所有人签字：", "代理人签字：");
        y += gh;
        section(c, "签字", g0, y);
        float n0 = y;
        y = paragraph(c, VP_NOTICE, y, 10f);
        section(c, "提示", n0, y);
        c.rect(LEFT, top, RIGHT - LEFT, y - top, Canvas.THICK);
        footer(c, d, y, "机动车所有人及代理人对申请材料的真实有效性负责。");
    }

    static void footer(Canvas c, FilledForm d, float y, String responsibility) throws IOException {
        c.text(responsibility, LEFT, y + 16, 9);
        String note = "本表由自助机" + (d.kioskId() == null ? "" : " " + d.kioskId()) + " 根据流水号 " + d.serial()
                + " 生成。";
        c.text(note, LEFT, PAGE_H - 20, 7);
    }
}
