package org.opendmv.face.internal.onnx;

import org.opendmv.face.api.Frame;

/** Sampling a frame region into model input tensors. */
final class ImageOps {
    private ImageOps() {
    }

    /**
     * Samples the square/rectangle {@code (sx, sy, sw, sh)} of the frame (may extend beyond it: outside is
     * {@code fill}) bilinearly into an {@code outW}×{@code outH} NHWC float buffer, each channel mapped as
     * {@code v * scale + offset}.
     */
    static float[] sampleNhwc(Frame f, double sx, double sy, double sw, double sh, int outW, int outH, float scale,
            float offset, int fill) {
        float[] out = new float[outW * outH * 3];
        sample(f, sx, sy, sw, sh, outW, outH, scale, offset, fill, out, false);
        return out;
    }

    /** As {@link #sampleNhwc} but planar NCHW. */
    static float[] sampleNchw(Frame f, double sx, double sy, double sw, double sh, int outW, int outH, float scale,
            float offset, int fill) {
        float[] out = new float[outW * outH * 3];
        sample(f, sx, sy, sw, sh, outW, outH, scale, offset, fill, out, true);
        return out;
    }

    private static void sample(Frame f, double sx, double sy, double sw, double sh, int outW, int outH, float scale,
            float offset, int fill, float[] out, boolean planar) {
        byte[] rgb = f.rgb();
        int w = f.width();
        int h = f.height();
        double stepX = sw / outW;
        double stepY = sh / outH;
        int plane = outW * outH;
        float[] px = new float[3];
        for (int oy = 0; oy < outH; oy++) {
            double fy = sy + (oy + 0.5) * stepY - 0.5;
            for (int ox = 0; ox < outW; ox++) {
                double fx = sx + (ox + 0.5) * stepX - 0.5;
                bilinear(rgb, w, h, fx, fy, fill, px);
                int o = oy * outW + ox;
                for (int c = 0; c < 3; c++) {
                    float v = px[c] * scale + offset;
                    if (planar) {
                        out[c * plane + o] = v;
                    } else {
                        out[o * 3 + c] = v;
                    }
                }
            }
        }
    }

    private static void bilinear(byte[] rgb, int w, int h, double fx, double fy, int fill, float[] px) {
        if (fx < -0.5 || fy < -0.5 || fx > w - 0.5 || fy > h - 0.5) {
            px[0] = fill >> 16 & 0xff;
            px[1] = fill >> 8 & 0xff;
            px[2] = fill & 0xff;
            return;
        }
        double cx = Math.max(0, Math.min(w - 1, fx));
        double cy = Math.max(0, Math.min(h - 1, fy));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double ax = cx - x0;
        double ay = cy - y0;
        int i00 = (y0 * w + x0) * 3;
        int i01 = (y0 * w + x1) * 3;
        int i10 = (y1 * w + x0) * 3;
        int i11 = (y1 * w + x1) * 3;
        for (int c = 0; c < 3; c++) {
            double top = (rgb[i00 + c] & 0xff) * (1 - ax) + (rgb[i01 + c] & 0xff) * ax;
            double bottom = (rgb[i10 + c] & 0xff) * (1 - ax) + (rgb[i11 + c] & 0xff) * ax;
            px[c] = (float) (top * (1 - ay) + bottom * ay);
        }
    }
}
