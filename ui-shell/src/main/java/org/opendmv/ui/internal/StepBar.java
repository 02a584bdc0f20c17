package org.opendmv.ui.internal;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.opendmv.business.api.StepSpec;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.ThemeColor;

/** 步骤条: numbered circles joined by a line, done steps ticked, the current one filled, names below. */
final class StepBar extends Canvas {
    private final KioskTheme theme;
    private final KioskWindow window;
    private List<StepSpec> steps = List.of();
    private int current;

    StepBar(Composite parent, KioskTheme theme, KioskWindow window) {
        super(parent, SWT.DOUBLE_BUFFERED);
        this.theme = theme;
        this.window = window;
        setBackground(parent.getBackground());
        setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        addPaintListener(e -> paint(e.gc));
    }

    void show(List<StepSpec> steps, int current) {
        this.steps = steps;
        this.current = current;
        redraw();
    }

    /** The text of the step bar, for screen readers of the test kind. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i == current ? "▶" : i < current ? "✓" : "·").append(name(steps.get(i).type())).append(' ');
        }
        return sb.toString().trim();
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        GC gc = new GC(this);
        gc.setFont(theme.font(TextSize.SMALL));
        int h = gc.getFontMetrics().getHeight() * 2;
        gc.dispose();
        return new Point(wHint == SWT.DEFAULT ? 400 : wHint, theme.px(48) + theme.px(10) + h);
    }

    private void paint(GC gc) {
        if (steps.isEmpty()) {
            return;
        }
        Rectangle r = getClientArea();
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int n = steps.size();
        int slot = r.width / n;
        int d = theme.px(44);
        int cy = d / 2 + theme.px(2);
        gc.setLineWidth(theme.px(4));
        for (int i = 0; i < n - 1; i++) {
            gc.setForeground(theme.color(i < current ? ThemeColor.OK : ThemeColor.BORDER));
            gc.drawLine(slot * i + slot / 2 + d / 2, cy, slot * (i + 1) + slot / 2 - d / 2, cy);
        }
        for (int i = 0; i < n; i++) {
            int cx = slot * i + slot / 2;
            ThemeColor fill = i < current ? ThemeColor.OK : i == current ? ThemeColor.PRIMARY : ThemeColor.SURFACE;
            gc.setBackground(theme.color(fill));
            gc.fillOval(cx - d / 2, cy - d / 2, d, d);
            gc.setForeground(theme.color(i > current ? ThemeColor.BORDER : fill));
            gc.setLineWidth(theme.px(3));
            gc.drawOval(cx - d / 2, cy - d / 2, d, d);
            gc.setFont(theme.bold(TextSize.SMALL));
            gc.setForeground(theme.color(i > current ? ThemeColor.MUTED : ThemeColor.ON_PRIMARY));
            String mark = i < current ? "✓" : String.valueOf(i + 1);
            Point m = gc.textExtent(mark);
            gc.drawText(mark, cx - m.x / 2, cy - m.y / 2, true);
            gc.setFont(i == current ? theme.bold(TextSize.SMALL) : theme.font(TextSize.SMALL));
            gc.setForeground(theme.color(i == current ? ThemeColor.PRIMARY : ThemeColor.MUTED));
            int y = cy + d / 2 + theme.px(8);
            for (String line : Wrap.lines(gc, name(steps.get(i).type()), slot - theme.px(8))) {
                Point t = gc.textExtent(line);
                gc.drawText(line, cx - t.x / 2, y, true);
                y += gc.getFontMetrics().getHeight();
            }
        }
    }

    String name(String type) {
        switch (type) {
            case "IDENTIFY": return window.t("身份核验", "Identity");
            case "CHECK": return window.t("资格核查", "Check");
            case "FORM": return window.t("填写申请", "Form");
            case "MATERIALS": return window.t("材料扫描", "Documents");
            case "PHOTO": return window.t("上传照片", "Photo");
            case "SIGN": return window.t("确认签名", "Sign");
            case "PAY": return window.t("缴费", "Pay");
            case "RECEIPT": return window.t("完成", "Done");
            default: return type;
        }
    }
}
