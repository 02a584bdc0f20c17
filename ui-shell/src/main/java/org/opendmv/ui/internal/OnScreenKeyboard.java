package org.opendmv.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.KeyboardLayout;

/**
 * The on-screen keyboard: a kiosk has no physical one. Keys write into the bound text field;
 * "完成" hides it. Letter layouts leave out I and O where plates do.
 */
final class OnScreenKeyboard {
    private final List<Control> keys = new ArrayList<>();
    private final Composite grid;

    OnScreenKeyboard(Composite area, KioskTheme theme, KioskWindow window, Text field, KeyboardLayout layout, Runnable done) {
        GridLayout al = new GridLayout(1, false);
        al.marginWidth = theme.spacing();
        al.marginHeight = theme.spacing();
        area.setLayout(al);
        String[] rows;
        switch (layout) {
            case DIGITS:
                rows = new String[] {"123", "456", "789", "0"};
                break;
            case ID_NUMBER:
                rows = new String[] {"123", "456", "789", "X0"};
                break;
            case PLATE:
                rows = new String[] {"1234567890", "ABCDEFGHJK", "LMNPQRSTUV", "WXYZ"};
                break;
            default:
                rows = new String[] {"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM -"};
                break;
        }
        int cols = 0;
        for (String r : rows) {
            cols = Math.max(cols, r.length());
        }
        grid = new Composite(area, SWT.NONE);
        grid.setBackground(area.getBackground());
        GridLayout gl = new GridLayout(cols + 1, true);
        gl.horizontalSpacing = theme.px(8);
        gl.verticalSpacing = theme.px(8);
        grid.setLayout(gl);
        boolean narrow = cols <= 3;
        grid.setLayoutData(new GridData(narrow ? SWT.CENTER : SWT.FILL, SWT.CENTER, !narrow, false));
        for (int r = 0; r < rows.length; r++) {
            String row = rows[r];
            for (int i = 0; i < cols; i++) {
                if (i < row.length()) {
                    String k = String.valueOf(row.charAt(i));
                    Control b = theme.button(grid, "key." + (k.equals(" ") ? "space" : k), k.equals(" ") ? "␣" : k,
                            ButtonStyle.SECONDARY, () -> type(field, k));
                    size(b, theme, narrow);
                    keys.add(b);
                } else {
                    new org.eclipse.swt.widgets.Label(grid, SWT.NONE).setBackground(area.getBackground());
                }
            }
            Control side;
            if (r == 0) {
                side = theme.button(grid, "key.delete", window.t("删除", "Del"), ButtonStyle.SECONDARY, () -> delete(field));
            } else if (r == rows.length - 1) {
                side = theme.button(grid, "key.done", window.t("完成", "Done"), ButtonStyle.PRIMARY, done);
            } else if (r == 1) {
                side = theme.button(grid, "key.clear", window.t("清空", "Clear"), ButtonStyle.DANGER, () -> {
                    if (!field.isDisposed()) {
                        field.setText("");
                    }
                });
            } else {
                side = new org.eclipse.swt.widgets.Label(grid, SWT.NONE);
                side.setBackground(area.getBackground());
            }
            size(side, theme, narrow);
            keys.add(side);
        }
    }

    private static void size(Control c, KioskTheme theme, boolean narrow) {
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, false);
        gd.heightHint = theme.px(narrow ? 84 : 72);
        if (narrow) {
            gd.widthHint = theme.px(170);
        }
        c.setLayoutData(gd);
    }

    private static void type(Text field, String k) {
        if (field.isDisposed()) {
            return;
        }
        int limit = field.getTextLimit();
        if (limit > 0 && limit != Text.LIMIT && field.getCharCount() >= limit) {
            return;
        }
        field.insert(k);
        field.notifyListeners(SWT.Modify, new org.eclipse.swt.widgets.Event());
    }

    private static void delete(Text field) {
        if (field.isDisposed()) {
            return;
        }
        String t = field.getText();
        if (!t.isEmpty()) {
            field.setText(t.substring(0, t.offsetByCodePoints(t.length(), -1)));
        }
    }

    void dispose() {
        if (!grid.isDisposed()) {
            grid.dispose();
        }
    }
}
