package org.opendmv.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.ThemeColor;

/**
 * A flat, finger-sized button drawn by hand: GTK ignores background colours on native buttons,
 * and a kiosk needs the same look on every machine. Fires on release inside the button, like a
 * phone; a pressed look gives feedback at once.
 */
final class TouchButton extends Canvas {
    private final KioskTheme theme;
    private final ButtonStyle style;
    private String text;
    private Runnable action;
    private boolean pressed;
    private boolean enabledLook = true;

    TouchButton(Composite parent, KioskTheme theme, String text, ButtonStyle style, Runnable action) {
        super(parent, SWT.DOUBLE_BUFFERED);
        this.theme = theme;
        this.style = style;
        this.text = text;
        this.action = action;
        setBackground(parent.getBackground());
        setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            if (isEnabled()) {
                pressed = true;
                redraw();
            }
        });
        addListener(SWT.MouseUp, e -> {
            boolean was = pressed;
            pressed = false;
            redraw();
            Rectangle r = getClientArea();
            if (was && isEnabled() && releasedInside() && this.action != null) {
                this.action.run();
            }
        });
    }

    String text() {
        return text;
    }

    void setText(String text) {
        this.text = text;
        redraw();
    }

    @Override
    public void setEnabled(boolean enabled) {
        super.setEnabled(enabled);
        enabledLook = enabled;
        redraw();
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        GC gc = new GC(this);
        gc.setFont(theme.bold(TextSize.HEADING));
        Point t = gc.textExtent(text);
        gc.dispose();
        int w = Math.max(t.x + theme.spacing() * 4, theme.touchTarget() * 2);
        int h = Math.max(t.y + theme.spacing() * 2, theme.touchTarget());
        return new Point(wHint == SWT.DEFAULT ? w : wHint, hHint == SWT.DEFAULT ? h : hHint);
    }

    private void paint(GC gc) {
        Rectangle r = getClientArea();
        Color fill;
        Color fg;
        switch (style) {
            case PRIMARY:
                fill = theme.color(ThemeColor.PRIMARY);
                fg = theme.color(ThemeColor.ON_PRIMARY);
                break;
            case DANGER:
                fill = theme.color(ThemeColor.SURFACE);
                fg = theme.color(ThemeColor.ERROR);
                break;
            default:
                fill = theme.color(ThemeColor.SURFACE);
                fg = theme.color(ThemeColor.PRIMARY);
                break;
        }
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int arc = theme.px(20);
        gc.setBackground(getParent().getBackground());
        gc.fillRectangle(r);
        gc.setAlpha(enabledLook ? (pressed ? 200 : 255) : 110);
        gc.setBackground(fill);
        gc.fillRoundRectangle(0, 0, r.width - 1, r.height - 1, arc, arc);
        if (style != ButtonStyle.PRIMARY) {
            gc.setForeground(fg);
            gc.setLineWidth(theme.px(3));
            gc.drawRoundRectangle(theme.px(1), theme.px(1), r.width - 1 - theme.px(3), r.height - 1 - theme.px(3), arc, arc);
        }
        gc.setFont(theme.bold(TextSize.HEADING));
        gc.setForeground(fg);
        Point t = gc.textExtent(text);
        gc.drawText(text, (r.width - t.x) / 2, (r.height - t.y) / 2, true);
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
