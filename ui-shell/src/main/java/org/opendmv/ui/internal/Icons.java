package org.opendmv.ui.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.opendmv.business.api.BusinessIcons;

/**
 * Flat vector icons drawn with the theme's colours, so they scale with elder mode and need no
 * image files: a base glyph (licence card, car, plate, sticker, building) and a small badge for
 * the action (renew, replace, cancel, downgrade, postpone, exchange). The names a descriptor may
 * use are {@link BusinessIcons#NAMES} (the deploy-time check refuses others); a category or group
 * name of another bundle falls back to the licence card.
 */
final class Icons {
    /** The home screen's group tile. */
    static final String VEHICLE_OFFICE = "vehicle-office";

    private Icons() {
    }

    /** Every name drawn with its own glyph and badge: the descriptors' names and the group tile. */
    static Set<String> names() {
        Set<String> all = new LinkedHashSet<>(BusinessIcons.NAMES);
        all.add(VEHICLE_OFFICE);
        return all;
    }

    /** Draws icon {@code name} in the square (x, y, size). */
    static void draw(GC gc, String name, int x, int y, int size, Color primary, Color light, Color accent) {
        String n = name == null ? "" : name;
        gc.setAntialias(SWT.ON);
        gc.setLineCap(SWT.CAP_ROUND);
        gc.setLineJoin(SWT.JOIN_ROUND);
        int s = size;
        if (n.equals(VEHICLE_OFFICE)) {
            building(gc, x, y, s, primary, light);
            return;
        }
        if (n.startsWith("plate")) {
            plate(gc, x, y, s, primary, light);
        } else if (n.startsWith("inspection")) {
            sticker(gc, x, y, s, primary, light);
        } else if (n.startsWith("vehicle") || n.equals("motor-vehicle")) {
            car(gc, x, y, s, primary, light);
        } else {
            card(gc, x, y, s, primary, light);
        }
        int b = s * 2 / 5;
        int bx = x + s - b;
        int by = y + s - b;
        if (n.endsWith("renew")) {
            badge(gc, bx, by, b, accent, light, "↻");
        } else if (n.endsWith("replace")) {
            badge(gc, bx, by, b, accent, light, "+");
        } else if (n.endsWith("cancel")) {
            badge(gc, bx, by, b, accent, light, "×");
        } else if (n.endsWith("downgrade")) {
            badge(gc, bx, by, b, accent, light, "↓");
        } else if (n.endsWith("postpone")) {
            badge(gc, bx, by, b, accent, light, "");
            clock(gc, bx, by, b, light);
        } else if (n.endsWith("exchange")) {
            badge(gc, bx, by, b, accent, light, "⇄");
        }
    }

    private static void card(GC gc, int x, int y, int s, Color primary, Color light) {
        int h = s * 5 / 8;
        int top = y + (s - h) / 2;
        gc.setBackground(primary);
        gc.fillRoundRectangle(x, top, s * 9 / 10, h, s / 8, s / 8);
        gc.setBackground(light);
        gc.fillOval(x + s / 10, top + h / 5, s / 4, s / 4);
        gc.fillRectangle(x + s / 10, top + h * 3 / 4, s / 4, s / 16);
        gc.fillRectangle(x + s * 2 / 5, top + h / 4, s * 2 / 5, s / 16);
        gc.fillRectangle(x + s * 2 / 5, top + h / 2, s * 2 / 5, s / 16);
    }

    private static void car(GC gc, int x, int y, int s, Color primary, Color light) {
        gc.setBackground(primary);
        int body = y + s / 2;
        gc.fillRoundRectangle(x, body - s / 10, s * 9 / 10, s / 4, s / 8, s / 8);
        gc.fillPolygon(new int[] {x + s / 6, body - s / 10, x + s / 4, y + s / 4, x + s * 2 / 3, y + s / 4, x + s * 3 / 4, body - s / 10});
        gc.setBackground(light);
        gc.fillPolygon(new int[] {x + s / 4, body - s / 9, x + s / 3 - 2, y + s / 3, x + s * 3 / 5, y + s / 3, x + s * 2 / 3, body - s / 9});
        gc.setBackground(primary);
        gc.fillOval(x + s / 8, body + s / 10, s / 5, s / 5);
        gc.fillOval(x + s * 3 / 5, body + s / 10, s / 5, s / 5);
        gc.setBackground(light);
        gc.fillOval(x + s / 8 + s / 15, body + s / 10 + s / 15, s / 15, s / 15);
        gc.fillOval(x + s * 3 / 5 + s / 15, body + s / 10 + s / 15, s / 15, s / 15);
    }

    private static void plate(GC gc, int x, int y, int s, Color primary, Color light) {
        int h = s * 2 / 5;
        int top = y + (s - h) / 2;
        gc.setBackground(primary);
        gc.fillRoundRectangle(x, top, s * 9 / 10, h, s / 10, s / 10);
        gc.setForeground(light);
        gc.setLineWidth(Math.max(1, s / 30));
        gc.drawRoundRectangle(x + s / 20, top + s / 20, s * 9 / 10 - s / 10, h - s / 10, s / 12, s / 12);
        gc.setBackground(light);
        for (int i = 0; i < 4; i++) {
            gc.fillRectangle(x + s / 7 + i * s / 6, top + h / 3, s / 12, h / 3);
        }
    }

    private static void sticker(GC gc, int x, int y, int s, Color primary, Color light) {
        gc.setBackground(primary);
        gc.fillOval(x + s / 20, y + s / 20, s * 4 / 5, s * 4 / 5);
        gc.setForeground(light);
        gc.setLineWidth(Math.max(2, s / 12));
        int cx = x + s / 20 + s * 2 / 5;
        int cy = y + s / 20 + s * 2 / 5;
        gc.drawPolyline(new int[] {cx - s / 5, cy, cx - s / 20, cy + s / 7, cx + s / 5, cy - s / 7});
    }

    private static void building(GC gc, int x, int y, int s, Color primary, Color light) {
        gc.setBackground(primary);
        gc.fillPolygon(new int[] {x + s / 2, y + s / 10, x + s - s / 20, y + s / 3, x + s / 20, y + s / 3});
        gc.fillRectangle(x + s / 10, y + s * 4 / 5, s * 4 / 5, s / 10);
        for (int i = 0; i < 4; i++) {
            gc.fillRectangle(x + s / 6 + i * s / 5, y + s * 2 / 5, s / 10, s * 2 / 5 - s / 20);
        }
        gc.setBackground(light);
        gc.fillOval(x + s / 2 - s / 14, y + s / 5, s / 7, s / 10);
    }

    /** Clock hands inside a badge: "later" (not every CJK font has a clock glyph). */
    private static void clock(GC gc, int x, int y, int b, Color light) {
        gc.setForeground(light);
        gc.setLineWidth(Math.max(2, b / 10));
        int cx = x + b / 2;
        int cy = y + b / 2;
        gc.drawOval(x + b / 5, y + b / 5, b * 3 / 5, b * 3 / 5);
        gc.drawLine(cx, cy, cx, y + b / 3);
        gc.drawLine(cx, cy, x + b * 2 / 3, cy);
    }

    private static void badge(GC gc, int x, int y, int b, Color accent, Color light, String mark) {
        gc.setBackground(light);
        gc.fillOval(x - 2, y - 2, b + 4, b + 4);
        gc.setBackground(accent);
        gc.fillOval(x, y, b, b);
        gc.setForeground(light);
        org.eclipse.swt.graphics.Point t = gc.textExtent(mark);
        gc.drawText(mark, x + (b - t.x) / 2, y + (b - t.y) / 2, true);
    }
}
