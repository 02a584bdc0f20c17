package org.opendmv.devices.facevision.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic 68-point landmark sets (iBUG order, camera view: the subject's right eye on the image's left) of a
 * face with eyes open or closed, mouth open or closed, the head turned; with an optional seeded jitter like a
 * real landmark model's.
 */
final class SyntheticFace {
    static final long FRAME_NANOS = 66_666_667L; // 15 fps

    double eyeHeight = 0.06; // EAR = 5 x this: 0.30 open
    double mouth = 0.0; // inner-lip half opening; MAR = 2 x this / 0.7
    double turn = 0.0; // nose offset in face units: positive towards jaw point 16 (the subject's own left)
    double jitter = 0.0; // pixels
    double centreX = 320;
    double centreY = 240;
    double scale = 60; // pixels per face unit (the jaw is 2 units wide)
    private final Random random = new Random(7);

    SyntheticFace open() {
        eyeHeight = 0.06;
        return this;
    }

    SyntheticFace closed() {
        eyeHeight = 0.01;
        return this;
    }

    Shape68 shape() {
        double[] x = new double[68];
        double[] y = new double[68];
        for (int i = 0; i <= 16; i++) {
            double t = Math.PI - i * Math.PI / 16;
            x[i] = Math.cos(t);
            y[i] = -0.2 + 1.2 * Math.sin(t);
        }
        for (int i = 0; i < 5; i++) {
            set(x, y, 17 + i, -0.8 + 0.15 * i, -0.6);
            set(x, y, 22 + i, 0.2 + 0.15 * i, -0.6);
        }
        for (int i = 0; i < 4; i++) {
            set(x, y, 27 + i, 0, -0.4 + 0.2 * i);
        }
        for (int i = 0; i < 5; i++) {
            set(x, y, 31 + i, -0.2 + 0.1 * i, 0.3);
        }
        eye(x, y, 36, -0.65);
        eye(x, y, 42, 0.25);
        // outer lip 48..59, inner lip 60..67
        set(x, y, 48, -0.35, 0.6);
        set(x, y, 49, -0.22, 0.55 - mouth);
        set(x, y, 50, -0.1, 0.52 - mouth);
        set(x, y, 51, 0, 0.52 - mouth);
        set(x, y, 52, 0.1, 0.52 - mouth);
        set(x, y, 53, 0.22, 0.55 - mouth);
        set(x, y, 54, 0.35, 0.6);
        set(x, y, 55, 0.22, 0.67 + mouth);
        set(x, y, 56, 0.1, 0.7 + mouth);
        set(x, y, 57, 0, 0.7 + mouth);
        set(x, y, 58, -0.1, 0.7 + mouth);
        set(x, y, 59, -0.22, 0.67 + mouth);
        set(x, y, 60, -0.25, 0.6);
        set(x, y, 61, -0.1, 0.6 - mouth);
        set(x, y, 62, 0, 0.6 - mouth);
        set(x, y, 63, 0.1, 0.6 - mouth);
        set(x, y, 64, 0.25, 0.6);
        set(x, y, 65, 0.1, 0.6 + mouth);
        set(x, y, 66, 0, 0.6 + mouth);
        set(x, y, 67, -0.1, 0.6 + mouth);
        // a turn moves the inner features, the nose most, relative to the outline
        for (int i = 17; i < 68; i++) {
            x[i] += (i >= 27 && i <= 35 ? 1.0 : 0.5) * turn;
        }
        for (int i = 0; i < 68; i++) {
            x[i] = centreX + scale * x[i] + (jitter > 0 ? random.nextGaussian() * jitter : 0);
            y[i] = centreY + scale * y[i] + (jitter > 0 ? random.nextGaussian() * jitter : 0);
        }
        return new Shape68(x, y);
    }

    private void eye(double[] x, double[] y, int first, double left) {
        double cy = -0.3;
        set(x, y, first, left, cy);
        set(x, y, first + 1, left + 0.13, cy - eyeHeight);
        set(x, y, first + 2, left + 0.27, cy - eyeHeight);
        set(x, y, first + 3, left + 0.4, cy);
        set(x, y, first + 4, left + 0.27, cy + eyeHeight);
        set(x, y, first + 5, left + 0.13, cy + eyeHeight);
    }

    private static void set(double[] x, double[] y, int i, double px, double py) {
        x[i] = px;
        y[i] = py;
    }

    /** {@code n} frames of the current pose. */
    List<Shape68> frames(int n) {
        List<Shape68> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(shape());
        }
        return out;
    }
}
