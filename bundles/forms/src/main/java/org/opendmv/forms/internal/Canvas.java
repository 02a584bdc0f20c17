package org.opendmv.forms.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.opendmv.forms.internal.FormModel.Box;
import org.opendmv.forms.internal.FormModel.Fill;
import org.opendmv.forms.internal.FormModel.Group;
import org.opendmv.forms.internal.FormModel.Item;
import org.opendmv.forms.internal.FormModel.Text;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Drawing primitives on one page with y measured from the top edge (points). Text goes through
 * {@link #safe} so that a character the font lacks becomes '?' instead of an exception.
 */
final class Canvas {
    static final float HAIR = 0.5f;
    static final float THICK = 1.2f;
    private static final String OPENERS = "（(“‘《〈【[";
    private static final String CLOSERS = "，。；：、）)”’》〉】]！？,.;:!?";

    private final PDPageContentStream cs;
    private final PDType0Font font;
    private final CjkFont glyphs;
    private final float pageHeight;
    private final String tick;

    Canvas(PDPageContentStream cs, PDType0Font font, CjkFont glyphs, float pageHeight) {
        this.cs = cs;
        this.font = font;
        this.glyphs = glyphs;
        this.pageHeight = pageHeight;
        this.tick = glyphs.supports('√') ? "√" : "X";
    }

    private float y(float top) {
        return pageHeight - top;
    }

    /** The text with unsupported or control characters replaced by '?'. */
    String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == ' ' || (!Character.isISOControl(cp) && glyphs.supports(cp))) {
                b.appendCodePoint(cp);
            } else if (Character.isWhitespace(cp)) {
                b.append(' ');
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    float width(String s, float size) {
        try {
            return font.getStringWidth(safe(s)) / 1000f * size;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text with its baseline at {@code baseline} (from the top). */
    void text(String s, float x, float baseline, float size) throws IOException {
        String t = safe(s);
        if (t.isEmpty()) {
            return;
        }
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y(baseline));
        cs.showText(t);
        cs.endText();
    }

    /** Faux-bold text (fill and stroke). */
    void bold(String s, float x, float baseline, float size) throws IOException {
        cs.saveGraphicsState();
        cs.setLineWidth(size * 0.035f);
        cs.beginText();
        cs.setRenderingMode(RenderingMode.FILL_STROKE);
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y(baseline));
        cs.showText(safe(s));
        cs.endText();
        cs.restoreGraphicsState();
    }

    /** Invisible text (for text extraction only). */
    private void hidden(String s, float x, float baseline, float size) throws IOException {
        cs.saveGraphicsState();
        cs.beginText();
        cs.setRenderingMode(RenderingMode.NEITHER);
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y(baseline));
        cs.showText(s);
        cs.endText();
        cs.restoreGraphicsState();
    }

    void centered(String s, float x, float w, float baseline, float size, boolean bold) throws IOException {
        float tw = width(s, size);
        if (bold) {
            bold(s, x + (w - tw) / 2, baseline, size);
        } else {
            text(s, x + (w - tw) / 2, baseline, size);
        }
    }

    void rect(float x, float top, float w, float h, float lineWidth) throws IOException {
        cs.setLineWidth(lineWidth);
        cs.addRect(x, y(top + h), w, h);
        cs.stroke();
    }

    void hline(float x1, float x2, float top, float lineWidth) throws IOException {
        cs.setLineWidth(lineWidth);
        cs.moveTo(x1, y(top));
        cs.lineTo(x2, y(top));
        cs.stroke();
    }

    void vline(float x, float top, float bottom, float lineWidth) throws IOException {
        cs.setLineWidth(lineWidth);
        cs.moveTo(x, y(top));
        cs.lineTo(x, y(bottom));
        cs.stroke();
    }

    /**
     * A tick box of side {@code s} with its top-left corner at (x, top). A ticked box gets a drawn tick;
     * for text extraction an invisible "√" (ticked) or "□" (empty) sits in the box.
     */
    void box(float x, float top, float s, boolean ticked) throws IOException {
        rect(x, top, s, s, 0.6f);
        if (ticked) {
            cs.saveGraphicsState();
            cs.setLineWidth(s * 0.16f);
            cs.setLineCapStyle(1);
            cs.setLineJoinStyle(1);
            cs.moveTo(x + s * 0.18f, y(top + s * 0.55f));
            cs.lineTo(x + s * 0.42f, y(top + s * 0.82f));
            cs.lineTo(x + s * 0.95f, y(top - s * 0.05f));
            cs.stroke();
            cs.restoreGraphicsState();
        }
        hidden(ticked ? tick : "□", x, top + s * 0.85f, s);
    }

    /** Characters stacked vertically, centred in the column (section headings such as 申请人信息). */
    void vertical(String s, float x, float w, float top, float h, float size) throws IOException {
        int[] cps = s.codePoints().toArray();
        float step = Math.min(size * 1.35f, (h - 4) / Math.max(1, cps.length));
        float total = step * cps.length;
        float start = top + (h - total) / 2 + step * 0.8f;
        for (int i = 0; i < cps.length; i++) {
            centered(new String(Character.toChars(cps[i])), x, w, start + i * step, Math.min(size, step), true);
        }
    }

    /** Wraps text to lines no wider than {@code w} (character by character; CJK has no spaces). */
    List<String> wrap(String s, float size, float w) {
        List<String> lines = new ArrayList<>();
        for (String para : s.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            int[] cps = safe(para).codePoints().toArray();
            for (int cp : cps) {
                String next = line + new String(Character.toChars(cp));
                // closing punctuation may hang into the margin rather than start a line
                if (width(next, size) > w && line.length() > 0 && CLOSERS.indexOf(cp) < 0) {
                    String carry = "";
                    int last = line.codePointBefore(line.length());
                    if (OPENERS.indexOf(last) >= 0 && line.length() > 1) {
                        carry = new String(Character.toChars(last));
                        line.setLength(line.length() - carry.length());
                    }
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(carry);
                    if (cp == ' ') {
                        continue;
                    }
                }
                line.appendCodePoint(cp);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * A value fitted into a cell: the largest size from {@code max} down to {@code min} at which the
     * wrapped text fits; at {@code min} the text is cut with "…". Vertically centred, left-aligned with padding.
     */
    void fit(String s, float x, float top, float w, float h, float max, float min) throws IOException {
        if (s == null || s.isBlank()) {
            return;
        }
        float pad = 3;
        for (float size = max; size >= min - 0.01f; size -= 0.5f) {
            List<String> lines = wrap(s, size, w - 2 * pad);
            float lh = size * 1.2f;
            if (lines.size() * lh <= h - 2 || size <= min + 0.01f) {
                int max_lines = Math.max(1, (int) ((h - 2) / lh));
                if (lines.size() > max_lines) {
                    List<String> cut = new ArrayList<>(lines.subList(0, max_lines));
                    String last = cut.get(max_lines - 1);
                    while (!last.isEmpty() && width(last + "…", size) > w - 2 * pad) {
                        last = last.substring(0, last.offsetByCodePoints(last.length(), -1));
                    }
                    cut.set(max_lines - 1, last + "…");
                    lines = cut;
                }
                float block = lines.size() * lh;
                float base = top + (h - block) / 2 + size * 0.95f;
                for (int i = 0; i < lines.size(); i++) {
                    text(lines.get(i), x + pad, base + i * lh, size);
                }
                return;
            }
        }
    }

    /** A label centred in its cell (shrinks to fit the width). */
    void label(String s, float x, float top, float w, float h, float size) throws IOException {
        float sz = size;
        while (sz > 5 && width(s, sz) > w - 4) {
            sz -= 0.5f;
        }
        centered(s, x, w, top + h / 2 + sz * 0.36f, sz, false);
    }

    /** An image fitted into the box, keeping its aspect ratio, centred. */
    void image(PDImageXObject img, float x, float top, float w, float h) throws IOException {
        float scale = Math.min(w / img.getWidth(), h / img.getHeight());
        float iw = img.getWidth() * scale;
        float ih = img.getHeight() * scale;
        cs.drawImage(img, x + (w - iw) / 2, y(top + (h - ih) / 2 + ih), iw, ih);
    }

    /** A QR code as filled squares (crisp at any zoom), top-left at (x, top), {@code size} wide. */
    void qr(String payload, float x, float top, float size) throws IOException {
        BitMatrix m;
        try {
            Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
            hints.put(EncodeHintType.MARGIN, 0);
            hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
            hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
            m = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("serial cannot be encoded as a QR code", e);
        }
        float mod = size / m.getWidth();
        cs.saveGraphicsState();
        for (int r = 0; r < m.getHeight(); r++) {
            int c = 0;
            while (c < m.getWidth()) {
                if (!m.get(c, r)) {
                    c++;
                    continue;
                }
                int start = c;
                while (c < m.getWidth() && m.get(c, r)) {
                    c++;
                }
                cs.addRect(x + start * mod, y(top + (r + 1) * mod), (c - start) * mod + 0.01f, mod + 0.01f);
            }
        }
        cs.fill();
        cs.restoreGraphicsState();
    }

    // ------------------------------------------------------------------ flowing rows of tick boxes

    private float itemWidth(Item i, float size) {
        if (i instanceof Box b) {
            return size + 2 + width(b.box().label(), size);
        } else if (i instanceof Text t) {
            return width(t.text(), size);
        } else if (i instanceof Fill f) {
            return Math.max(f.minWidth(), f.value() == null ? 0 : width(f.value(), size) + 8);
        } else {
            Group g = (Group) i;
            float w = 0;
            for (Item c : g.items()) {
                w += itemWidth(c, size) + gap(c, size, true);
            }
            return w;
        }
    }

    private static float gap(Item i, float size, boolean inGroup) {
        if (i instanceof Text) {
            return 1;
        }
        return inGroup ? size * 0.45f : size * 1.1f;
    }

    /** Places the items; returns the number of lines. Draws only when {@code draw}. */
    int flow(List<Item> items, float x, float top, float w, float size, float lineHeight, boolean draw) throws IOException {
        float[] pos = {x, 0};
        int[] line = {0};
        for (Item i : items) {
            float iw = itemWidth(i, size);
            if (i instanceof Group g && iw > w) {
                for (Item c : g.items()) {
                    place(c, x, top, w, size, lineHeight, draw, pos, line, true);
                }
                pos[0] += size * 0.65f;
                continue;
            }
            place(i, x, top, w, size, lineHeight, draw, pos, line, false);
        }
        return line[0] + 1;
    }

    private void place(Item i, float x, float top, float w, float size, float lh, boolean draw, float[] pos, int[] line,
            boolean inGroup) throws IOException {
        float iw = itemWidth(i, size);
        if (pos[0] > x && pos[0] + iw > x + w) {
            line[0]++;
            pos[0] = x;
        }
        if (draw) {
            drawItem(i, pos[0], top + line[0] * lh, size, lh);
        }
        pos[0] += iw + gap(i, size, inGroup);
    }

    private void drawItem(Item i, float x, float lineTop, float size, float lh) throws IOException {
        float base = lineTop + lh / 2 + size * 0.36f;
        if (i instanceof Box b) {
            box(x, base - size * 0.86f, size * 0.95f, b.box().ticked());
            text(b.box().label(), x + size + 2, base, size);
        } else if (i instanceof Text t) {
            text(t.text(), x, base, size);
        } else if (i instanceof Fill f) {
            float fw = itemWidth(f, size);
            hline(x, x + fw, base + 2, HAIR);
            if (f.value() != null) {
                text(f.value(), x + 4, base, size);
            }
        } else {
            float cx = x;
            for (Item c : ((Group) i).items()) {
                drawItem(c, cx, lineTop, size, lh);
                cx += itemWidth(c, size) + gap(c, size, true);
            }
        }
    }
}
