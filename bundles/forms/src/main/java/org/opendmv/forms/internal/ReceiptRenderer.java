package org.opendmv.forms.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.opendmv.forms.api.ReceiptContent;
import org.opendmv.forms.api.ReceiptContent.Align;
import org.opendmv.forms.api.ReceiptContent.Line;
import org.opendmv.forms.api.ReceiptData;

/**
 * The receipt (受理凭条): title, business, serial, masked applicant, fee ¥x.xx and payment reference,
 * date and time, kiosk, a footer; lines wrapped to the printer's width in half-width columns (a CJK
 * character takes two). Only masked personal data goes on paper.
 */
final class ReceiptRenderer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Settings settings;

    ReceiptRenderer(Settings settings) {
        this.settings = settings;
    }

    ReceiptContent render(ReceiptData d) {
        int cols = settings.receiptColumns();
        List<Line> out = new ArrayList<>();
        for (String l : wrap(settings.receiptTitle(), cols)) {
            out.add(new Line(l, Align.CENTER, true));
        }
        if (settings.officeName() != null) {
            for (String l : wrap(settings.officeName(), cols)) {
                out.add(new Line(l, Align.CENTER, false));
            }
        }
        out.add(Line.left("-".repeat(cols)));
        add(out, "业务：" + d.businessName(), cols, false);
        add(out, "流水号：" + d.serial(), cols, true);
        if (d.applicantName() != null && !d.applicantName().isBlank()) {
            add(out, "申请人：" + maskName(d.applicantName().strip()), cols, false);
        }
        if (d.idNumber() != null && !d.idNumber().isBlank()) {
            add(out, "身份证号：" + maskId(d.idNumber().strip()), cols, false);
        }
        add(out, "金额：" + fee(d.feeFen()) + (d.feeFen() == 0 ? "（免费）" : ""), cols, false);
        if (d.paymentRef() != null && !d.paymentRef().isBlank()) {
            add(out, "支付单号：" + d.paymentRef().strip(), cols, false);
        }
        add(out, "时间：" + TIME.format(d.dateTime()), cols, false);
        if (d.kioskId() != null && !d.kioskId().isBlank()) {
            add(out, "自助机：" + d.kioskId(), cols, false);
        }
        out.add(Line.left("-".repeat(cols)));
        if (settings.receiptFooter() != null && !settings.receiptFooter().isBlank()) {
            add(out, settings.receiptFooter(), cols, false);
        }
        out.add(new Line("扫码查询办理进度", Align.CENTER, false));
        return new ReceiptContent(out, qr(d.serial()));
    }

    String qr(String serial) {
        return settings.qrTemplate().replace("{serial}", serial);
    }

    /** ¥10.00 from 1000 fen. */
    static String fee(long fen) {
        return String.format("¥%d.%02d", fen / 100, fen % 100);
    }

    /** 测*户, 张*, *: first and last character kept for three or more. */
    static String maskName(String name) {
        int[] cps = name.codePoints().toArray();
        if (cps.length <= 1) {
            return "*";
        }
        StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return b.append('*').toString();
        }
        b.append("*".repeat(cps.length - 2));
        return b.appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** 110101********001X: first 6 and last 4 kept (an already masked number stays as it is). */
    static String maskId(String id) {
        if (id.length() < 10) {
            return "****";
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    private static void add(List<Line> out, String text, int cols, boolean bold) {
        for (String l : wrap(text, cols)) {
            out.add(new Line(l, Align.LEFT, bold));
        }
    }

    /** Columns of a code point on a receipt printer: 1 for ASCII and half-width forms, 2 otherwise. */
    static int columns(int cp) {
        return cp < 0x1100 || (cp >= 0xFF61 && cp <= 0xFFDC) ? 1 : 2;
    }

    static List<String> wrap(String text, int cols) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (int cp : text.codePoints().toArray()) {
            if (Character.isISOControl(cp)) {
                cp = ' ';
            }
            int w = columns(cp);
            if (used + w > cols && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            line.appendCodePoint(cp);
            used += w;
        }
        lines.add(line.toString());
        return lines;
    }
}
