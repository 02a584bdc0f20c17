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

    /**
     * The texture of the two eye regions: the mean standard deviation of the grey levels in the box around each
     * eye's six landmarks (36–41, 42–47), widened by a tenth of the eye's width. High for an open eye (white sclera,
     * dark iris, lashes), low for a closed lid; NaN if an eye lies outside the frame.
     */
    static double eyeTexture(byte[] rgb, int width, int height, Shape68 s) {
        double sum = 0;
        for (int first : new int[] {36, 42}) {
            double x0 = Double.MAX_VALUE;
            double x1 = -Double.MAX_VALUE;
            double y0 = Double.MAX_VALUE;
            double y1 = -Double.MAX_VALUE;
            for (int i = first; i < first + 6; i++) {
                x0 = Math.min(x0, s.x(i));
                x1 = Math.max(x1, s.x(i));
                y0 = Math.min(y0, s.y(i));
                y1 = Math.max(y1, s.y(i));
            }
            double m = (x1 - x0) * 0.1;
            float[] g = region(rgb, width, height, x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m, 24, 12);
            if (g == null) {
                return Double.NaN;
            }
            double mean = mean(g);
            double var = 0;
            for (float v : g) {
                var += (v - mean) * (v - mean);
            }
            sum += Math.sqrt(var / g.length);
        }
        return sum / 2;
    }

    /** A region resampled (nearest pixel) to {@code cols}×{@code rows} grey levels, or null if outside the frame. */
    private static float[] region(byte[] rgb, int width, int height, double bx, double by, double bw, double bh,
            int cols, int rows) {
        if (bx < 0 || by < 0 || bx + bw > width || by + bh > height || bw < 2 || bh < 1) {
            return null;
        }
        float[] out = new float[cols * rows];
        for (int j = 0; j < rows; j++) {
            int y = (int) (by + (j + 0.5) * bh / rows);
            for (int i = 0; i < cols; i++) {
                int x = (int) (bx + (i + 0.5) * bw / cols);
                int p = (y * width + x) * 3;
                out[j * cols + i] = 0.299f * (rgb[p] & 0xFF) + 0.587f * (rgb[p + 1] & 0xFF) + 0.114f * (rgb[p + 2] & 0xFF);
            }
        }
        return out;
    }
}
