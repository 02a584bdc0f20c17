package org.opendmv.devices.facevision.internal;

import java.util.Arrays;

/**
 * The 68 facial landmarks (iBUG 300-W order) of one face in one frame, in frame pixels, and the measures the
 * challenges read from them. Frames are as the camera sees them (not mirrored): point 36 (the subject's right
 * eye corner) is on the image's left.
 *
 * <ul>
 * <li>{@link #eyeAspectRatio()}: Soukupová and Čech's EAR, mean of both eyes: (|p2−p6| + |p3−p5|) / (2·|p1−p4|);
 * about 0.25–0.35 open, below 0.15 closed.</li>
 * <li>{@link #mouthAspectRatio()}: mean inner-lip opening (61–67, 62–66, 63–65) over the mouth width (48–54);
 * about 0–0.1 closed, above 0.35 wide open.</li>
 * <li>{@link #yaw()}: where the nose tip (30) sits between the two sides of the face outline (jaw points 0 and
 * 16) and between the outer eye corners (36 and 45), mapped to [−1, 1]; 0 frontal, positive when the subject
 * turns their head to <b>their own left</b> (the nose moves towards jaw point 16, on the image's right). On the
 * mirrored preview the citizen sees their head move to the left of the screen: that is {@code TURN_LEFT}.</li>
 * </ul>
 */
final class Shape68 {
    static final int POINTS = 68;

    private final double[] x;
    private final double[] y;

    Shape68(double[] x, double[] y) {
        if (x.length != POINTS || y.length != POINTS) {
            throw new IllegalArgumentException("68 landmarks expected");
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    double x(int i) {
        return x[i];
    }

    double y(int i) {
        return y[i];
    }

    double[] xs() {
        return x.clone();
    }

    double[] ys() {
        return y.clone();
    }

    private double dist(int a, int b) {
        return Math.hypot(x[a] - x[b], y[a] - y[b]);
    }

    /** Eye aspect ratio of one eye whose six points start at {@code first} (36 right eye, 42 left eye). */
    double eyeAspectRatio(int first) {
        double width = dist(first, first + 3);
        if (width <= 0) {
            return 0;
        }
        return (dist(first + 1, first + 5) + dist(first + 2, first + 4)) / (2 * width);
    }

    /** Mean EAR of both eyes. */
    double eyeAspectRatio() {
        return (eyeAspectRatio(36) + eyeAspectRatio(42)) / 2;
    }

    /** Inner-lip opening over mouth width. */
    double mouthAspectRatio() {
        double width = dist(48, 54);
        if (width <= 0) {
            return 0;
        }
        return (dist(61, 67) + dist(62, 66) + dist(63, 65)) / (3 * width);
    }

    /** Head yaw in [−1, 1], positive towards the subject's own left (see the class comment). */
    double yaw() {
        double jaw = position(x[30], x[0], x[16]);
        double eyes = position(x[30], x[36], x[45]);
        return Math.max(-1, Math.min(1, (jaw + eyes) - 1)); // each position is 0.5 when frontal
    }

    private static double position(double v, double from, double to) {
        double span = to - from;
        if (span == 0) {
            return 0.5;
        }
        return (v - from) / span;
    }

    /** Distance between the outer eye corners, the scale of the face. */
    double interocular() {
        return dist(36, 45);
    }

    /**
     * How much the shape changed from {@code previous}, after removing translation, scale and rotation
     * (a similarity alignment), as the mean point displacement over the interocular distance. A rigid photo
     * moved in front of the camera changes little; a living face's expressions and the landmark jitter of a
     * real sensor change it.
     */
    double nonRigidChange(Shape68 previous) {
        double[][] a = normalised(previous);
        double[][] b = normalised(this);
        // optimal rotation of b onto a (2-D Procrustes)
        double num = 0;
        double den = 0;
        for (int i = 0; i < POINTS; i++) {
            num += b[0][i] * a[1][i] - b[1][i] * a[0][i];
            den += b[0][i] * a[0][i] + b[1][i] * a[1][i];
        }
        double theta = Math.atan2(num, den);
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double sum = 0;
        for (int i = 0; i < POINTS; i++) {
            double bx = c * b[0][i] - s * b[1][i];
            double by = s * b[0][i] + c * b[1][i];
            sum += Math.hypot(bx - a[0][i], by - a[1][i]);
        }
        return sum / POINTS;
    }

    /** Centred on the mean point, scaled so the interocular distance is 1. */
    private static double[][] normalised(Shape68 s) {
        double mx = Arrays.stream(s.x).average().orElse(0);
        double my = Arrays.stream(s.y).average().orElse(0);
        double scale = s.interocular();
        if (scale <= 0) {
            scale = 1;
        }
        double[][] out = new double[2][POINTS];
        for (int i = 0; i < POINTS; i++) {
            out[0][i] = (s.x[i] - mx) / scale;
            out[1][i] = (s.y[i] - my) / scale;
        }
        return out;
    }
}
