package org.opendmv.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.ThemeColor;

/** A large menu tile (service group, category or business): title, a smaller line, a coloured edge. */
final class Tile extends Canvas {
    private final KioskTheme theme;
    private final String title;
    private final String subtitle;
    private String icon;
    private boolean pressed;

    Tile(Composite parent, KioskTheme theme, String title, String subtitle, Runnable action) {
        super(parent, SWT.DOUBLE_BUFFERED);
        this.theme = theme;
        this.title = title;
        this.subtitle = subtitle;
        setBackground(parent.getBackground());
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            pressed = true;
            redraw();
        });
        addListener(SWT.MouseUp, e -> {
            boolean was = pressed;
            pressed = false;
            if (!isDisposed()) {
                redraw();
            }
            if (was && releasedInside()) {
                action.run();
            }
        });
    }

    String title() {
        return title;
    }

    /** An icon name for {@link Icons} (a business's descriptor {@code icon}, a category or a group). */
    void icon(String name) {
        this.icon = name;
        redraw();
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        GC gc = new GC(this);
        gc.setFont(theme.bold(TextSize.HEADING));
        Point t = gc.textExtent(title);
        gc.dispose();
        return new Point(wHint == SWT.DEFAULT ? t.x + theme.spacing() * 4 : wHint,
                hHint == SWT.DEFAULT ? theme.touchTarget() * 2 : hHint);
    }

    private void paint(GC gc) {
        Rectangle r = getClientArea();
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int arc = theme.px(24);
        gc.setBackground(getParent().getBackground());
        gc.fillRectangle(r);
        gc.setBackground(theme.color(ThemeColor.SURFACE));
        gc.setAlpha(pressed ? 190 : 255);
        gc.fillRoundRectangle(0, 0, r.width - 1, r.height - 1, arc, arc);
        gc.setForeground(theme.color(ThemeColor.BORDER));
        gc.setLineWidth(theme.px(2));
        gc.drawRoundRectangle(0, 0, r.width - 1, r.height - 1, arc, arc);
        gc.setBackground(theme.color(ThemeColor.PRIMARY));
        gc.fillRoundRectangle(0, 0, theme.px(14), r.height - 1, theme.px(8), theme.px(8));
        int pad = theme.spacing() * 2;
        int iconSize = icon == null ? 0 : Math.min(r.height * 3 / 5, theme.px(110));
        if (icon != null) {
            gc.setFont(theme.bold(TextSize.SMALL));
            Icons.draw(gc, icon, pad + theme.px(14), (r.height - iconSize) / 2, iconSize, theme.color(ThemeColor.PRIMARY),
                    theme.color(ThemeColor.SURFACE), theme.color(ThemeColor.OK));
            pad += iconSize + theme.spacing();
        }
        int maxW = r.width - pad - theme.spacing() * 2 - theme.px(14);
        gc.setFont(theme.bold(TextSize.HEADING));
        gc.setForeground(theme.color(ThemeColor.TEXT));
        String[] lines = Wrap.lines(gc, title, maxW);
        int lineH = gc.getFontMetrics().getHeight();
        gc.setFont(theme.font(TextSize.BODY));
        int subH = gc.getFontMetrics().getHeight();
        int total = lines.length * lineH + (subtitle == null ? 0 : subH + theme.px(6));
        int y = Math.max(theme.px(6), (r.height - total) / 2);
        gc.setFont(theme.bold(TextSize.HEADING));
        for (String l : lines) {
            gc.drawText(l, pad + theme.px(14), y, true);
            y += lineH;
        }
        if (subtitle != null) {
            gc.setFont(theme.font(TextSize.BODY));
            gc.setForeground(theme.color(ThemeColor.MUTED));
            gc.drawText(subtitle, pad + theme.px(14), y + theme.px(6), true);
        }
    }

    /**
     * Where the pointer is now, not the event's coordinates: events synthesised by the window
     * system (XTest, as touch screens and automated walks produce) can carry stale ones.
     */
    private boolean releasedInside() {
        org.eclipse.swt.graphics.Point p = toControl(getDisplay().getCursorLocation());
        return getClientArea().contains(p);
    }
}
