package org.opendmv.ui.internal;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;

/**
 * The kiosk's one theme: calm government blue on light grey, Noto Sans CJK, sizes scaled to the
 * screen height (so 1080×1920 portrait and 1280×1024 get the same proportions) and by elder mode.
 * Owns its fonts and colours; {@link #dispose()} frees them.
 */
final class KioskTheme implements Theme {
    static final String FONT_FAMILY = "Noto Sans CJK SC";
    private final Display display;
    private final double scale;
    private final Map<ThemeColor, Color> colors = new EnumMap<>(ThemeColor.class);
    private final Map<TextSize, Font> fonts = new EnumMap<>(TextSize.class);
    private final Map<TextSize, Font> bolds = new EnumMap<>(TextSize.class);

    /** @param shortSide the screen's shorter side in pixels; elder mode adds 25 % */
    KioskTheme(Display display, int shortSide, boolean elder) {
        this.display = display;
        this.scale = shortSide / 1080.0 * (elder ? 1.25 : 1.0);
        rgb(ThemeColor.BACKGROUND, 0xF2F5FA);
        rgb(ThemeColor.SURFACE, 0xFFFFFF);
        rgb(ThemeColor.PRIMARY, 0x1F5FAE);
        rgb(ThemeColor.ON_PRIMARY, 0xFFFFFF);
        rgb(ThemeColor.TEXT, 0x1C2430);
        rgb(ThemeColor.MUTED, 0x5B6675);
        rgb(ThemeColor.OK, 0x1E8E3E);
        rgb(ThemeColor.WARNING, 0xB06000);
        rgb(ThemeColor.ERROR, 0xC5221F);
        rgb(ThemeColor.BORDER, 0xD3DAE6);
        for (TextSize s : TextSize.values()) {
            fonts.put(s, new Font(display, new FontData(FONT_FAMILY, points(s), SWT.NORMAL)));
            bolds.put(s, new Font(display, new FontData(FONT_FAMILY, points(s), SWT.BOLD)));
        }
    }

    private void rgb(ThemeColor role, int v) {
        colors.put(role, new Color(display, new RGB((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)));
    }

    /** Type sizes in points for a 1080-pixel short side. */
    private int points(TextSize s) {
        int base;
        switch (s) {
            case HUGE: base = 40; break;
            case TITLE: base = 26; break;
            case HEADING: base = 19; break;
            case BODY: base = 15; break;
            case SMALL: default: base = 12; break;
        }
        return Math.max(9, (int) Math.round(base * scale));
    }

    double scale() {
        return scale;
    }

    int px(int atFullHd) {
        return Math.max(1, (int) Math.round(atFullHd * scale));
    }

    @Override
    public Font font(TextSize size) {
        return fonts.get(size);
    }

    @Override
    public Font bold(TextSize size) {
        return bolds.get(size);
    }

    @Override
    public Color color(ThemeColor role) {
        return colors.get(role);
    }

    @Override
    public int spacing() {
        return px(16);
    }

    @Override
    public int touchTarget() {
        return px(88);
    }

    @Override
    public Control button(Composite parent, String id, String text, ButtonStyle style, Runnable action) {
        TouchButton b = new TouchButton(parent, this, text, style, action);
        b.setData(TEST_ID, id);
        return b;
    }

    @Override
    public Label label(Composite parent, String text, TextSize size) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text == null ? "" : text);
        l.setFont(font(size));
        l.setForeground(color(ThemeColor.TEXT));
        l.setBackground(parent.getBackground());
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = 10; // wrap to the column instead of growing it
        l.setLayoutData(gd);
        return l;
    }

    @Override
    public Composite card(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setBackground(color(ThemeColor.SURFACE));
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = spacing() * 2;
        gl.marginHeight = spacing() * 2;
        gl.verticalSpacing = spacing();
        c.setLayout(gl);
        c.addPaintListener(e -> {
            e.gc.setForeground(color(ThemeColor.BORDER));
            e.gc.setLineWidth(Math.max(1, px(2)));
            org.eclipse.swt.graphics.Rectangle r = c.getClientArea();
            e.gc.drawRectangle(0, 0, r.width - 1, r.height - 1);
        });
        c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
        return c;
    }

    @Override
    public void paint(Control control) {
        control.setBackground(color(ThemeColor.BACKGROUND));
        if (control instanceof Composite) {
            for (Control c : ((Composite) control).getChildren()) {
                if (!(c instanceof TouchButton)) {
                    paint(c);
                }
            }
        }
    }

    /** A dialog-like panel (help, "还在吗？"): a thick primary frame so it stands out from the page. */
    void frame(org.eclipse.swt.widgets.Composite c) {
        c.addPaintListener(e -> {
            org.eclipse.swt.graphics.Rectangle r = c.getClientArea();
            int w = px(6);
            e.gc.setLineWidth(w);
            e.gc.setForeground(color(ThemeColor.PRIMARY));
            e.gc.drawRectangle(w / 2, w / 2, r.width - w, r.height - w);
        });
    }

    void dispose() {
        colors.values().forEach(Color::dispose);
        fonts.values().forEach(Font::dispose);
        bolds.values().forEach(Font::dispose);
    }
}
