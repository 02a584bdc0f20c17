package org.opendmv.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;

/** The idle screen: what the kiosk does, and a pulsing "touch to start". Any touch opens the home screen. */
final class AttractView {
    private final Canvas canvas;
    private final KioskWindow window;
    private int frame;

    AttractView(Composite page, KioskWindow window) {
        this.window = window;
        KioskTheme theme = window.theme;
        canvas = new Canvas(page, SWT.DOUBLE_BUFFERED);
        canvas.setData(Theme.TEST_ID, "attract.start");
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.setBackground(theme.color(ThemeColor.BACKGROUND));
        canvas.addPaintListener(e -> paint(e.gc, theme));
        canvas.addListener(SWT.MouseUp, e -> window.showHome());
        animate();
    }

    private void animate() {
        if (canvas.isDisposed()) {
            return;
        }
        frame = (frame + 1) % 40;
        canvas.redraw();
        window.display.timerExec(60, this::animate);
    }

    private void paint(GC gc, KioskTheme theme) {
        Rectangle r = canvas.getClientArea();
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int cx = r.width / 2;
        int y = r.height / 6;
        y = centred(gc, theme.bold(TextSize.HUGE), theme.color(ThemeColor.PRIMARY), window.t("车管所自助服务", "Vehicle Office Self-Service"), cx, y, r.width);
        y += theme.spacing();
        y = centred(gc, theme.font(TextSize.HEADING), theme.color(ThemeColor.TEXT),
                window.t("驾驶证 · 机动车业务  刷身份证即可办理", "Driving licence and vehicle services with your ID card"), cx, y, r.width);
        int radius = Math.min(r.width, r.height) / 7;
        int cy = y + radius + theme.spacing() * 3;
        double phase = Math.sin(frame / 40.0 * Math.PI * 2);
        int ring = radius + (int) (theme.px(18) * (1 + phase));
        gc.setBackground(theme.color(ThemeColor.BORDER));
        gc.fillOval(cx - ring, cy - ring, ring * 2, ring * 2);
        gc.setBackground(theme.color(ThemeColor.PRIMARY));
        gc.fillOval(cx - radius, cy - radius, radius * 2, radius * 2);
        gc.setFont(theme.bold(TextSize.TITLE));
        gc.setForeground(theme.color(ThemeColor.ON_PRIMARY));
        String touch = window.t("开始", "Start");
        Point t = gc.textExtent(touch);
        gc.drawText(touch, cx - t.x / 2, cy - t.y / 2, true);
        centred(gc, theme.bold(TextSize.TITLE), theme.color(ThemeColor.TEXT), window.t("请轻触屏幕开始办理", "Touch the screen to begin"),
                cx, cy + ring + theme.spacing() * 2, r.width);
    }

    private static int centred(GC gc, org.eclipse.swt.graphics.Font font, org.eclipse.swt.graphics.Color color, String text, int cx, int y,
            int width) {
        gc.setFont(font);
        gc.setForeground(color);
        int h = gc.getFontMetrics().getHeight();
        for (String line : Wrap.lines(gc, text, width * 9 / 10)) {
            Point p = gc.textExtent(line);
            gc.drawText(line, cx - p.x / 2, y, true);
            y += h;
        }
        return y;
    }
}
