package org.opendmv.face.internal.photo;

import java.util.Optional;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.PhotoVerdict;

/**
 * FLOWS.md §5 on measured head geometry: output 260×378 px; head width 165–189 px; head length 224–260 px; top of
 * the hair 10–20 px below the top edge; centred. Chooses the scale s (output px per photo px) and the crop.
 * <ol>
 * <li>s must put the length in [224, 260] and, if possible at the same time, the width in [165, 189]; when the
 * two ranges do not overlap (an unusual width/length estimate) the length decides.</li>
 * <li>Preferred s: the length at 242 px (mid-range), clamped into the allowed range.</li>
 * <li>s above {@link #MAX_UPSCALE} → {@link PhotoVerdict#HEAD_TOO_SMALL} (the head has too few pixels: the
 * citizen is too far from the camera).</li>
 * <li>Crop: 260/s × 378/s, centred horizontally on the head, the hair top 15 px (output) below its top edge.
 * If even the smallest allowed crop is larger than the photo → {@link PhotoVerdict#HEAD_TOO_LARGE} (too close);
 * if it does not fit inside the photo at any allowed scale and 10–20 px hair margin →
 * {@link PhotoVerdict#OFF_CENTRE}.</li>
 * </ol>
 */
public final class PhotoRules {
    public static final int OUT_W = 260;
    public static final int OUT_H = 378;
    public static final double HEAD_W_MIN = 165;
    public static final double HEAD_W_MAX = 189;
    public static final double HEAD_L_MIN = 224;
    public static final double HEAD_L_MAX = 260;
    public static final double HAIR_MIN = 10;
    public static final double HAIR_MAX = 20;
    /** Largest enlargement of the photo: the head must be at least 224 / 1.25 ≈ 180 px long in the upload. */
    public static final double MAX_UPSCALE = 1.25;

    private PhotoRules() {
    }

    public static PhotoVerdict decide(HeadGeometry h, int photoW, int photoH) {
        double lo = HEAD_L_MIN / h.length();
        double hi = HEAD_L_MAX / h.length();
        double wlo = Math.max(lo, HEAD_W_MIN / h.width());
        double whi = Math.min(hi, HEAD_W_MAX / h.width());
        if (wlo <= whi) {
            lo = wlo;
            hi = whi;
        }
        if (lo > MAX_UPSCALE) {
            return new PhotoVerdict(false, PhotoVerdict.HEAD_TOO_SMALL, Optional.empty());
        }
        hi = Math.min(hi, MAX_UPSCALE);
        double preferred = Math.max(lo, Math.min(hi, 242 / h.length()));
        // smallest crop = largest scale
        if (OUT_W / hi > photoW + 0.5 || OUT_H / hi > photoH + 0.5) {
            return new PhotoVerdict(false, PhotoVerdict.HEAD_TOO_LARGE, Optional.of(crop(h, preferred, 15)));
        }
        // try the preferred scale first, then towards smaller crops, each with hair margins 15, 10..20
        int steps = 16;
        for (int i = 0; i <= steps; i++) {
            double s = preferred + (hi - preferred) * i / steps;
            for (double margin : new double[] {15, 12.5, 17.5, 10, 20}) {
                Box c = crop(h, s, margin);
                if (c.x() >= -0.5 && c.y() >= -0.5 && c.right() <= photoW + 0.5 && c.bottom() <= photoH + 0.5) {
                    return new PhotoVerdict(true, PhotoVerdict.OK, Optional.of(clamp(c, photoW, photoH)));
                }
            }
        }
        return new PhotoVerdict(false, PhotoVerdict.OFF_CENTRE, Optional.of(crop(h, preferred, 15)));
    }

    static Box crop(HeadGeometry h, double s, double hairMargin) {
        double cw = OUT_W / s;
        double ch = OUT_H / s;
        return new Box(h.centreX() - cw / 2, h.top() - hairMargin / s, cw, ch);
    }

    private static Box clamp(Box c, int w, int h) {
        double x = Math.max(0, Math.min(c.x(), w - c.width()));
        double y = Math.max(0, Math.min(c.y(), h - c.height()));
        return new Box(x, y, Math.min(c.width(), w), Math.min(c.height(), h));
    }
}
