package org.opendmv.forms.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.internal.FormModel.Box;
import org.opendmv.forms.internal.FormModel.Item;
import org.opendmv.forms.internal.FormModel.Row;

/**
 * Draws a {@link org.opendmv.forms.api.FormTemplate}'s layout under the common header: the fields two
 * per line (label, value), the photo box on the right when the layout has one, then one row of tick
 * boxes per group (an optional row only when the form asks for it), the signature and the footer.
 */
final class GenericFormRenderer {
    private static final float ROW = 26;
    private static final float PHOTO_COL = 74;

    private GenericFormRenderer() {
    }

    /** The printed box rows: one per group, in the order the groups first appear. */
    static List<Row> rows(FilledForm d, FormLayout layout) {
        Map<String, List<Item>> groups = new LinkedHashMap<>();
        for (BoxDef b : layout.boxes()) {
            if (b.optionalRow() != null && !d.rows().contains(b.optionalRow())) {
                continue;
            }
            groups.computeIfAbsent(b.group(), g -> new ArrayList<>())
                    .add(new Box(new FormBox(b.id(), b.group(), b.label(), d.ticked().contains(b.id()))));
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((g, items) -> rows.add(new Row(g, items)));
        return rows;
    }

    /** Every box the generic layout prints, in printed order. */
    static List<FormBox> boxes(FilledForm d, FormLayout layout) {
        List<FormBox> out = new ArrayList<>();
        for (Row r : rows(d, layout)) {
            for (Item i : r.items()) {
                out.add(((Box) i).box());
            }
        }
        return out;
    }

    static void draw(Canvas c, FilledForm d, FormLayout layout, PDImageXObject photo, PDImageXObject signature, float top)
            throws IOException {
        float x0 = PdfFormRenderer.X0;
        float inner = PdfFormRenderer.INNER;
        float width = layout.photo() ? inner - PHOTO_COL : inner;
        float half = width / 2;
        float label = 84;
        float y = top;
        List<FieldDef> fields = layout.fields();
        for (int i = 0; i < fields.size(); i += 2) {
            FieldDef a = fields.get(i);
            if (i + 1 < fields.size()) {
                FieldDef b = fields.get(i + 1);
                PdfFormRenderer.cells(c, x0, y, ROW, label, a.label(), half - label, d.value(a.id()), label, b.label(),
                        half - label, d.value(b.id()));
            } else {
                PdfFormRenderer.cells(c, x0, y, ROW, label, a.label(), width - label, d.value(a.id()));
            }
            y += ROW;
            c.hline(x0, x0 + width, y, Canvas.HAIR);
        }
        if (layout.photo()) {
            float h = Math.max(y - top, PdfFormRenderer.PHOTO_H + 8);
            y = top + h;
            c.vline(x0 + width, top, y, Canvas.HAIR);
            if (photo != null) {
                c.image(photo, x0 + width + (PHOTO_COL - PdfFormRenderer.PHOTO_W) / 2,
                        top + (h - PdfFormRenderer.PHOTO_H) / 2, PdfFormRenderer.PHOTO_W, PdfFormRenderer.PHOTO_H);
            } else {
                c.label("照片", x0 + width, top, PHOTO_COL, h, 10);
            }
        }
        PdfFormRenderer.section(c, "申请人", top, y);
        List<Row> rows = rows(d, layout);
        if (!rows.isEmpty()) {
            float b0 = y;
            y = PdfFormRenderer.flowRows(c, rows, y, 84, 10f, 26f);
            PdfFormRenderer.section(c, "申请事项", b0, y);
        }
        float g0 = y;
        float gh = 90;
        PdfFormRenderer.signatureRow(c, d, signature, y, gh, "申请人签字：", "受理人签字：");
        y += gh;
        PdfFormRenderer.section(c, "签字", g0, y);
        c.rect(PdfFormRenderer.LEFT, top, PdfFormRenderer.RIGHT - PdfFormRenderer.LEFT, y - top, Canvas.THICK);
        PdfFormRenderer.footer(c, d, y, "申请人对申请材料的真实有效性负责。");
    }
}
