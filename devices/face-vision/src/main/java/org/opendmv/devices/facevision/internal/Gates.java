package org.opendmv.devices.facevision.internal;

import java.util.Optional;

/** The per-frame passive gates: size, centring, brightness and sharpness of one face box in an RGB24 frame. */
final class Gates {
    private Gates() {
    }

    /**
     * The first gate {@code box} (x, y, w, h in pixels) fails in a {@code width}×{@code height} RGB24 frame, or
     * empty if the face is usable.
     */
    static Optional<Guidance> check(byte[] rgb, int width, int height, double[] box, GateLimits limits) {
        double fw = box[2] / width;
        if (fw < limits.minFaceWidth()) {
            return Optional.of(Guidance.TOO_FAR);
        }
        if (fw > limits.maxFaceWidth()) {
            return Optional.of(Guidance.TOO_CLOSE);
        }
        double cx = (box[0] + box[2] / 2) / width - 0.5;
        double cy = (box[1] + box[3] / 2) / height - 0.5;
        if (Math.abs(cx) > limits.maxOffCentre() || Math.abs(cy) > limits.maxOffCentre()) {
            return Optional.of(Guidance.OFF_CENTRE);
        }
        float[] grey = grey(rgb, width, height, box, 96);
        if (grey == null) {
            return Optional.of(Guidance.OFF_CENTRE);
        }
        if (mean(grey) < limits.minBrightness()) {
            return Optional.of(Guidance.TOO_DARK);
        }
        if (laplacianVariance(grey, 96) < limits.minSharpness()) {
            return Optional.of(Guidance.BLURRED);
        }
        return Optional.empty();
    }

    /**
     * The face box resampled (nearest pixel) to {@code size}×{@code size} grey levels (BT.601 luma), or
     * {@code null} if the box lies outside the frame.
     */
    static float[] grey(byte[] rgb, int width, int height, double[] box, int size) {
        int x0 = (int) Math.max(0, Math.floor(box[0]));
        int y0 = (int) Math.max(0, Math.floor(box[1]));
        int x1 = (int) Math.min(width, Math.ceil(box[0] + box[2]));
        int y1 = (int) Math.min(height, Math.ceil(box[1] + box[3]));
        if (x1 - x0 < 2 || y1 - y0 < 2) {
            return null;
        }
        float[] out = new float[size * size];
        for (int j = 0; j < size; j++) {
            int y = y0 + (int) ((j + 0.5) * (y1 - y0) / size);
            for (int i = 0; i < size; i++) {
                int x = x0 + (int) ((i + 0.5) * (x1 - x0) / size);
                int p = (y * width + x) * 3;
                out[j * size + i] = 0.299f * (rgb[p] & 0xFF) + 0.587f * (rgb[p + 1] & 0xFF) + 0.114f * (rgb[p + 2] & 0xFF);
            }
        }
        return out;
    }

    static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }

    /** Variance of the 4-neighbour Laplacian: low for a blurred image. */
    static double laplacianVariance(float[] g, int size) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = 1; y < size - 1; y++) {
            for (int x = 1; x < size - 1; x++) {
                int i = y * size + x;
                double l = g[i - 1] + g[i + 1] + g[i - size] + g[i + size] - 4 * g[i];
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double m = sum / n;
        return sq / n - m * m;
    }

    /** Mean absolute difference of two equally sized grey images. */
    static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
