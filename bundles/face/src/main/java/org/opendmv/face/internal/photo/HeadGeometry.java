package org.opendmv.face.internal.photo;

import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;

/**
 * The head's measures in a photo, from the 68 landmarks (photo pixels).
 * <ul>
 * <li><b>Width</b> = |p16 − p0| × {@link #WIDTH_FACTOR}: jaw points 0 and 16 lie on the face contour at the ear
 * (tragus) level; the head as the photo rules measure it (with ears and hair at the sides) is wider. The factor
 * 1.35 makes the head width/length ratio of the face-api sample faces (0.55–0.62 with the jaw alone × 1.1)
 * match the rules' own ratio (165–189 : 224–260, about 0.73).</li>
 * <li><b>Chin</b> = p8 (menton).</li>
 * <li><b>Top of the hair</b>: measured on a light, even background (the licence photo's white background): going
 * up from the brows above the face centre, the first row where ≥ 90 % of the samples across the middle of the
 * head are background, for 3 rows in a row. Otherwise estimated: brow line − {@link #TOP_FACTOR} × (chin − brow line)
 * (anthropometry: the nasion–menton distance is about half the vertex–menton head length, plus hair).</li>
 * <li><b>Length</b> = chin − top of hair.</li>
 * <li><b>Centre x</b> = (p0 + p16) / 2.</li>
 * </ul>
 */
public record HeadGeometry(double centreX, double top, double chin, double width, boolean topMeasured) {
    public static final double WIDTH_FACTOR = 1.35;
    public static final double TOP_FACTOR = 1.0;
    /** Background: mean of R, G, B at least this, and channel spread at most {@link #BG_SPREAD}. */
    static final int BG_MIN = 200;
    static final int BG_SPREAD = 40;

    public double length() {
        return chin - top;
    }

    public static HeadGeometry of(Frame photo, Landmarks lm) {
        Point p0 = lm.point(0);
        Point p16 = lm.point(16);
        double jaw = Math.hypot(p16.x() - p0.x(), p16.y() - p0.y());
        double width = jaw * WIDTH_FACTOR;
        double centreX = (p0.x() + p16.x()) / 2;
        double chin = lm.point(8).y();
        double brow = 0;
        for (int i = 17; i <= 26; i++) {
            brow += lm.point(i).y();
        }
        brow /= 10;
        double estimate = brow - TOP_FACTOR * (chin - brow);
        double measured = scanHairTop(photo, centreX, jaw, brow);
        boolean ok = !Double.isNaN(measured) && measured < brow
                && measured > estimate - 0.6 * (chin - brow); // a scan far above the estimate hit something else
        return new HeadGeometry(centreX, ok ? measured : estimate, chin, width, ok);
    }

    /** The first background row above the head, or NaN if the scan reaches the top edge without one. */
    static double scanHairTop(Frame f, double centreX, double jaw, double brow) {
        int samples = 15;
        double half = jaw * 0.3;
        int run = 0;
        for (int y = (int) Math.floor(brow); y >= 0; y--) {
            int bg = 0;
            for (int i = 0; i < samples; i++) {
                int x = (int) Math.round(centreX - half + 2 * half * i / (samples - 1));
                if (x < 0 || x >= f.width() || background(f.pixel(x, y))) {
                    bg++;
                }
            }
            if (bg >= 0.9 * samples) {
                run++;
                if (run == 3) {
                    return y + 3; // the last non-background row + 1 = the top of the hair
                }
            } else {
                run = 0;
            }
        }
        return Double.NaN;
    }

    static boolean background(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        return (r + g + b) / 3 >= BG_MIN && max - min <= BG_SPREAD;
    }
}
