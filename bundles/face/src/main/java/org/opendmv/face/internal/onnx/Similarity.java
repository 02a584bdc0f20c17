package org.opendmv.face.internal.onnx;

/** similarity = max(0, 1 − d / 1.2), d the Euclidean distance of the L2-normalised embeddings. */
public final class Similarity {
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
        return Math.max(0, 1 - Math.sqrt(d) / 1.2);
    }

    private static double norm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        return Math.sqrt(n);
    }
}
