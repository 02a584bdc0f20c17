package org.opendmv.ui.internal.views;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;

/**
 * A date for a touch screen: year, month and day each with large − and + buttons (no native
 * date picker, no typing). Starts empty; the first tap on any button starts from today. Month
 * and day wrap around within their own part, the year stays within 1900–2100 (the range
 * {@link org.opendmv.business.api.FieldValidation} accepts). The value is ISO {@code yyyy-MM-dd}.
 */
final class DateInput extends Composite {
    private static final int MIN_YEAR = 1900;
    private static final int MAX_YEAR = 2100;

    private enum Part { YEAR, MONTH, DAY }

    private final ViewContext ctx;
    private final Runnable onChange;
    private final Label[] values = new Label[3];
    private LocalDate date;

    DateInput(Composite parent, ViewContext ctx, String id, Runnable onChange) {
        super(parent, SWT.NONE);
        this.ctx = ctx;
        this.onChange = onChange;
        Theme theme = ctx.theme();
        setBackground(parent.getBackground());
        setData(Theme.TEST_ID, id);
        setLayout(new Toggle.Flow(theme.spacing(), 3));
        setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        for (Part p : Part.values()) {
            String name = p.name().toLowerCase();
            Composite box = new Composite(this, SWT.NONE);
            box.setBackground(getBackground());
            GridLayout gl = new GridLayout(3, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.horizontalSpacing = theme.spacing() / 2;
            box.setLayout(gl);
            button(box, id + "." + name + ".minus", "\u2212", () -> step(p, -1));
            Label v = new Label(box, SWT.CENTER);
            v.setFont(theme.bold(TextSize.HEADING));
            v.setForeground(theme.color(ThemeColor.TEXT));
            v.setBackground(getBackground());
            v.setData(Theme.TEST_ID, id + "." + name);
            v.setText(format(p, p == Part.YEAR ? 2088 : 28)); // a wide value, so the layout does not jump
            Point wide = v.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            v.setText(format(p, -1));
            Point empty = v.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            gd.widthHint = Math.max(wide.x, empty.x);
            v.setLayoutData(gd);
            values[p.ordinal()] = v;
            button(box, id + "." + name + ".plus", "+", () -> step(p, 1));
        }
    }

    private void button(Composite box, String id, String text, Runnable action) {
        Theme theme = ctx.theme();
        Control b = theme.button(box, id, text, ButtonStyle.SECONDARY, action);
        GridData gd = new GridData(SWT.CENTER, SWT.CENTER, false, false);
        gd.widthHint = theme.touchTarget();
        gd.heightHint = theme.touchTarget();
        b.setLayoutData(gd);
    }

    private String format(Part p, int v) {
        switch (p) {
            case YEAR:
                return String.format(ctx.t("%s 年", "Year %s"), v < 0 ? "----" : String.valueOf(v));
            case MONTH:
                return String.format(ctx.t("%s 月", "Month %s"), v < 0 ? "--" : String.format("%02d", v));
            default:
                return String.format(ctx.t("%s 日", "Day %s"), v < 0 ? "--" : String.format("%02d", v));
        }
    }

    private void step(Part p, int delta) {
        ctx.touched();
        if (date == null) {
            date = LocalDate.now();
        } else {
            int y = date.getYear();
            int m = date.getMonthValue();
            int d = date.getDayOfMonth();
            switch (p) {
                case YEAR:
                    y = Math.max(MIN_YEAR, Math.min(MAX_YEAR, y + delta));
                    break;
                case MONTH:
                    m = Math.floorMod(m - 1 + delta, 12) + 1;
                    break;
                default:
                    d = Math.floorMod(d - 1 + delta, date.lengthOfMonth()) + 1;
                    break;
            }
            int len = LocalDate.of(y, m, 1).lengthOfMonth();
            date = LocalDate.of(y, m, Math.min(d, len));
        }
        show();
        onChange.run();
    }

    private void show() {
        values[0].setText(format(Part.YEAR, date == null ? -1 : date.getYear()));
        values[1].setText(format(Part.MONTH, date == null ? -1 : date.getMonthValue()));
        values[2].setText(format(Part.DAY, date == null ? -1 : date.getDayOfMonth()));
    }

    /** ISO date, or "" while nothing was chosen. */
    String value() {
        return date == null ? "" : date.toString();
    }

    /** Sets the date from ISO text; anything unreadable leaves it empty. Does not fire the change action. */
    void value(String iso) {
        LocalDate d = null;
        if (iso != null && !iso.isBlank()) {
            try {
                d = LocalDate.parse(iso.strip());
                if (d.getYear() < MIN_YEAR || d.getYear() > MAX_YEAR) {
                    d = null;
                }
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        date = d;
        show();
    }
}
