package org.opendmv.face.internal.onnx;

/**
 * similarity = max(0, 1 − 0.58·d), d the Euclidean distance of the L2-normalised embeddings. Calibrated so that the
 * kiosk's default match threshold 0.80 (engine PID org.opendmv.engine.identify, match.threshold) is d = 0.345, which is
 * dlib's raw descriptor distance ≈ 0.5 (raw norms ≈ 1.45): stricter than dlib's usual 0.6 (→ 0.76), because a kiosk must
 * prefer sending a citizen to the counter over accepting somebody else (tools/face-models/README.md, docs/face.md).
 */
public final class Similarity {
    /** 0.2 / 0.345: similarity 0.80 at normalised distance 0.345. */
    static final double SLOPE = 0.58;

    private Similarity() {
    }

    public static double of(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different sizes: " + a.length + " and " + b.length);
        }
        double na = norm(a);
        double nb = norm(b);
        if (na == 0 || nb == 0) {
            return 0;
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            double q = a[i] / na - b[i] / nb;
            d += q * q;
        }
        return Math.max(0, 1 - SLOPE * Math.sqrt(d));
    }

    private static double norm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        return Math.sqrt(n);
    }
}
