package org.opendmv.ui.internal.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Layout;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;

/**
 * A finger-sized toggle drawn by hand (GTK ignores colours on native check and radio buttons):
 * selected = primary fill with light text, unselected = surface with a primary border. Long
 * labels wrap to the width the layout gives. The owner decides what a tap means (radio, check)
 * through the {@code onTap} action and sets the state with {@link #setSelected}. In
 * {@code checkbox} mode a tick box is drawn before the text and the text is left-aligned.
 */
final class Toggle extends Canvas {
    private final Theme theme;
    private final boolean checkbox;
    private String text;
    private Runnable onTap;
    private boolean selected;
    private boolean pressed;

    Toggle(Composite parent, Theme theme, String text, boolean checkbox, Runnable onTap) {
        super(parent, SWT.DOUBLE_BUFFERED);
        this.theme = theme;
        this.text = text == null ? "" : text;
        this.checkbox = checkbox;
        this.onTap = onTap;
        setBackground(parent.getBackground());
        setFont(theme.font(TextSize.HEADING));
        setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            if (isEnabled() && e.button == 1) {
                pressed = true;
                redraw();
            }
        });
        addListener(SWT.MouseExit, e -> {
            if (pressed) {
                pressed = false;
                redraw();
            }
        });
        addListener(SWT.MouseUp, e -> {
            boolean was = pressed;
            pressed = false;
            redraw();
            if (was && isEnabled() && getClientArea().contains(toControl(getDisplay().getCursorLocation())) && this.onTap != null) {
                this.onTap.run();
            }
        });
    }

    boolean isSelected() {
        return selected;
    }

    void setSelected(boolean selected) {
        if (this.selected != selected) {
            this.selected = selected;
            redraw();
        }
    }

    String text() {
        return text;
    }

    void setOnTap(Runnable onTap) {
        this.onTap = onTap;
    }

    @Override
    public void setEnabled(boolean enabled) {
        super.setEnabled(enabled);
        redraw();
    }

    private int padX() {
        return theme.spacing() * 3 / 2;
    }

    private int padY() {
        return Math.max(2, theme.spacing() * 3 / 4);
    }

    private int box(GC gc) {
        return checkbox ? gc.getFontMetrics().getHeight() : 0;
    }

    private int boxGap() {
        return checkbox ? theme.spacing() : 0;
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        GC gc = new GC(this);
        try {
            gc.setFont(getFont());
            int lineH = gc.getFontMetrics().getHeight();
            int lead = box(gc) + boxGap();
            int w;
            int lines;
            if (wHint == SWT.DEFAULT) {
                w = gc.textExtent(text).x + lead + 2 * padX();
                lines = 1;
            } else {
                w = wHint;
                lines = Math.max(1, wrap(gc, text, Math.max(1, wHint - lead - 2 * padX())).size());
            }
            w = Math.max(w, checkbox ? theme.touchTarget() : theme.touchTarget() * 3 / 2);
            int h = Math.max(lines * lineH + 2 * padY(), theme.touchTarget());
            return new Point(wHint == SWT.DEFAULT ? w : wHint, hHint == SWT.DEFAULT ? h : hHint);
        } finally {
            gc.dispose();
        }
    }

    private void paint(GC gc) {
        Rectangle r = getClientArea();
        if (r.width <= 0 || r.height <= 0) {
            return;
        }
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        gc.setBackground(getParent().getBackground());
        gc.fillRectangle(r);
        int arc = theme.spacing();
        int line = Math.max(2, theme.spacing() / 6);
        Color fill = theme.color(selected ? ThemeColor.PRIMARY : ThemeColor.SURFACE);
        Color fg = theme.color(selected ? ThemeColor.ON_PRIMARY : ThemeColor.TEXT);
        Color border = theme.color(ThemeColor.PRIMARY);
        if (!isEnabled()) {
            gc.setAlpha(110);
        } else if (pressed) {
            gc.setAlpha(200);
        }
        gc.setBackground(fill);
        gc.fillRoundRectangle(0, 0, r.width - 1, r.height - 1, arc, arc);
        gc.setForeground(border);
        gc.setLineWidth(line);
        gc.drawRoundRectangle(line / 2, line / 2, r.width - 1 - line, r.height - 1 - line, arc, arc);

        gc.setFont(getFont());
        int lineH = gc.getFontMetrics().getHeight();
        int box = box(gc);
        int lead = box + boxGap();
        int avail = Math.max(1, r.width - lead - 2 * padX());
        List<String> lines = wrap(gc, text, avail);
        int textH = lines.size() * lineH;
        int y = (r.height - textH) / 2;
        if (checkbox) {
            int bx = padX();
            int by = (r.height - box) / 2;
            gc.setLineWidth(line);
            gc.setBackground(theme.color(ThemeColor.SURFACE));
            gc.fillRectangle(bx, by, box, box);
            gc.setForeground(selected ? theme.color(ThemeColor.ON_PRIMARY) : border);
            gc.drawRectangle(bx, by, box, box);
            if (selected) {
                gc.setForeground(theme.color(ThemeColor.PRIMARY));
                gc.setLineWidth(Math.max(3, box / 7));
                gc.setLineCap(SWT.CAP_ROUND);
                gc.setLineJoin(SWT.JOIN_ROUND);
                gc.drawPolyline(new int[] {bx + box / 5, by + box / 2, bx + box * 2 / 5, by + box * 3 / 4, bx + box * 4 / 5, by + box / 4});
            }
        }
        gc.setForeground(fg);
        for (String l : lines) {
            int tw = gc.textExtent(l).x;
            int x = checkbox ? padX() + lead : (r.width - tw) / 2;
            gc.drawText(l, x, y, true);
            y += lineH;
        }
    }

    /**
     * Breaks {@code text} into lines no wider than {@code width}: at spaces where possible
     * (English), anywhere otherwise (Chinese has no spaces).
     */
    static List<String> wrap(GC gc, String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            String rest = para;
            while (!rest.isEmpty()) {
                if (gc.textExtent(rest).x <= width) {
                    out.add(rest);
                    break;
                }
                int fit = 1;
                int lo = 1;
                int hi = rest.length();
                while (lo <= hi) { // longest prefix that fits
                    int mid = (lo + hi) >>> 1;
                    if (gc.textExtent(rest.substring(0, mid)).x <= width) {
                        fit = mid;
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                if (Character.isHighSurrogate(rest.charAt(fit - 1)) && fit < rest.length()) {
                    fit = fit > 1 ? fit - 1 : fit + 1;
                }
                int cut = fit;
                int space = rest.lastIndexOf(' ', fit);
                if (space > 0 && fit < rest.length() && rest.charAt(fit) != ' ' && hasNoCjk(rest.substring(space, fit))) {
                    cut = space;
                }
                out.add(rest.substring(0, cut).stripTrailing());
                rest = rest.substring(cut).stripLeading();
            }
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    private static boolean hasNoCjk(String s) {
        return s.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /**
     * Lays its children out in equal columns, as many as fit side by side at their preferred
     * width (at most {@code maxColumns}), balanced so the last row is not a lone orphan; each
     * row is as tall as its tallest child at the column width (labels wrap).
     */
    static final class Flow extends Layout {
        private final int gap;
        private final int maxColumns;

        Flow(int gap, int maxColumns) {
            this.gap = gap;
            this.maxColumns = Math.max(1, maxColumns);
        }

        private static List<Control> children(Composite c) {
            List<Control> out = new ArrayList<>();
            for (Control ch : c.getChildren()) {
                if (ch.getVisible()) {
                    out.add(ch);
                }
            }
            return out;
        }

        private int columns(List<Control> ch, int avail) {
            int n = ch.size();
            int pref = 1;
            for (Control c : ch) {
                pref = Math.max(pref, c.computeSize(SWT.DEFAULT, SWT.DEFAULT).x);
            }
            int cols = avail == SWT.DEFAULT ? n : (avail + gap) / (pref + gap);
            cols = Math.max(1, Math.min(Math.min(n, maxColumns), cols));
            int rows = (n + cols - 1) / cols;
            return Math.max(1, (n + rows - 1) / rows);
        }

        private int arrange(Composite comp, int x0, int y0, int width, boolean move) {
            List<Control> ch = children(comp);
            if (ch.isEmpty()) {
                return 0;
            }
            int cols = columns(ch, width);
            int w = width == SWT.DEFAULT ? SWT.DEFAULT : Math.max(1, (width - (cols - 1) * gap) / cols);
            int y = y0;
            for (int i = 0; i < ch.size(); i += cols) {
                int rowH = 0;
                int end = Math.min(ch.size(), i + cols);
                for (int j = i; j < end; j++) {
                    rowH = Math.max(rowH, ch.get(j).computeSize(w, SWT.DEFAULT).y);
                }
                if (move) {
                    for (int j = i; j < end; j++) {
                        ch.get(j).setBounds(x0 + (j - i) * (w + gap), y, w, rowH);
                    }
                }
                y += rowH + gap;
            }
            return y - gap - y0;
        }

        @Override
        protected Point computeSize(Composite composite, int wHint, int hHint, boolean flushCache) {
            List<Control> ch = children(composite);
            if (ch.isEmpty()) {
                return new Point(wHint == SWT.DEFAULT ? 0 : wHint, hHint == SWT.DEFAULT ? 0 : hHint);
            }
            int width = wHint;
            if (width == SWT.DEFAULT) {
                int cols = columns(ch, SWT.DEFAULT);
                int pref = 1;
                for (Control c : ch) {
                    pref = Math.max(pref, c.computeSize(SWT.DEFAULT, SWT.DEFAULT).x);
                }
                width = cols * pref + (cols - 1) * gap;
            }
            int h = arrange(composite, 0, 0, width, false);
            return new Point(width, hHint == SWT.DEFAULT ? h : hHint);
        }

        @Override
        protected void layout(Composite composite, boolean flushCache) {
            Rectangle r = composite.getClientArea();
            arrange(composite, r.x, r.y, Math.max(1, r.width), true);
        }
    }
}
