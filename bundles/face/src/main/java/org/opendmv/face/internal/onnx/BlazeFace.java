package org.opendmv.face.internal.onnx;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Point;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * MediaPipe BlazeFace, front (short-range) model, 128×128 NHWC input in [-1,1]. The frame is letterboxed (aspect
 * kept, grey padding) into the input. 896 anchors: a 16×16 grid with 2 anchors per cell (stride 8, output
 * {@code Identity:0}/{@code Identity_2:0}) then an 8×8 grid with 6 per cell (stride 16, {@code Identity_1:0}/
 * {@code Identity_3:0}); anchor centres at the cell centres, anchor size 1 (MediaPipe's
 * {@code fixed_anchor_size}). Each anchor regresses 16 values in input pixels: box centre offset x, y, width,
 * height, then six keypoints (x, y). Scores are logits (sigmoid). Overlapping detections (IoU ≥ 0.3) are merged by
 * MediaPipe's weighted non-maximum suppression.
 */
public final class BlazeFace implements AutoCloseable {
    static final int SIZE = 128;
    static final double IOU = 0.3;
    private static final float[][] ANCHORS = anchors();

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;

    public BlazeFace(OrtEnvironment env, byte[] model, OrtSession.SessionOptions options) throws OrtException {
        this.env = env;
        this.session = env.createSession(model, options);
        this.inputName = session.getInputNames().iterator().next();
    }

    /** Anchor centres in [0,1] input coordinates: 16×16×2 then 8×8×6. */
    static float[][] anchors() {
        List<float[]> a = new ArrayList<>();
        int[][] layers = {{16, 2}, {8, 6}};
        for (int[] l : layers) {
            int n = l[0];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    for (int k = 0; k < l[1]; k++) {
                        a.add(new float[] {(x + 0.5f) / n, (y + 0.5f) / n});
                    }
                }
            }
        }
        return a.toArray(new float[0][]);
    }

    /** Faces with score ≥ minScore, largest first, in frame pixels. */
    public List<Face> detect(Frame frame, double minScore) throws OrtException {
        double scale = (double) SIZE / Math.max(frame.width(), frame.height());
        double side = SIZE / scale; // the square of the frame that maps onto the input
        double sx = (frame.width() - side) / 2;
        double sy = (frame.height() - side) / 2;
        float[] input = ImageOps.sampleNhwc(frame, sx, sy, side, side, SIZE, SIZE, 2f / 255f, -1f, 0x808080);
        float[] s16;
        float[] s8;
        float[] b16;
        float[] b8;
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, SIZE, SIZE, 3});
                OrtSession.Result r = session.run(Map.of(inputName, t))) {
            s16 = flat(r, "Identity:0");
            s8 = flat(r, "Identity_1:0");
            b16 = flat(r, "Identity_2:0");
            b8 = flat(r, "Identity_3:0");
        }
        List<Raw> raws = new ArrayList<>();
        decode(s16, b16, 0, minScore, raws);
        decode(s8, b8, 512, minScore, raws);
        List<Raw> merged = weightedNms(raws);
        List<Face> faces = new ArrayList<>();
        for (Raw r : merged) {
            // input [0,1] -> frame pixels
            double cx = sx + r.v[0] * side;
            double cy = sy + r.v[1] * side;
            double w = r.v[2] * side;
            double h = r.v[3] * side;
            List<Point> kps = new ArrayList<>(6);
            for (int k = 0; k < 6; k++) {
                kps.add(new Point(sx + r.v[4 + 2 * k] * side, sy + r.v[5 + 2 * k] * side));
            }
            faces.add(new Face(new Box(cx - w / 2, cy - h / 2, w, h), r.score, kps));
        }
        faces.sort(Comparator.comparingDouble((Face f) -> f.box().width() * f.box().height()).reversed());
        return faces;
    }

    private static float[] flat(OrtSession.Result r, String name) throws OrtException {
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow(() -> new OrtException("BlazeFace output missing: " + name));
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    /** A candidate: centre x, y, w, h, 6 keypoints (x, y), all in [0,1] input coordinates. */
    static final class Raw {
        final float[] v;
        double score;

        Raw(float[] v, double score) {
            this.v = v;
            this.score = score;
        }

        double iou(Raw o) {
            double ix = Math.max(0, Math.min(v[0] + v[2] / 2, o.v[0] + o.v[2] / 2) - Math.max(v[0] - v[2] / 2, o.v[0] - o.v[2] / 2));
            double iy = Math.max(0, Math.min(v[1] + v[3] / 2, o.v[1] + o.v[3] / 2) - Math.max(v[1] - v[3] / 2, o.v[1] - o.v[3] / 2));
            double inter = ix * iy;
            double union = v[2] * v[3] + o.v[2] * o.v[3] - inter;
            return union <= 0 ? 0 : inter / union;
        }
    }

    static void decode(float[] scores, float[] boxes, int anchorOffset, double minScore, List<Raw> out) {
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            double logit = Math.max(-80, Math.min(80, scores[i]));
            double score = 1 / (1 + Math.exp(-logit));
            if (score < minScore) {
                continue;
            }
            float[] a = ANCHORS[anchorOffset + i];
            int b = i * 16;
            float[] v = new float[16];
            v[0] = a[0] + boxes[b] / SIZE;
            v[1] = a[1] + boxes[b + 1] / SIZE;
            v[2] = boxes[b + 2] / SIZE;
            v[3] = boxes[b + 3] / SIZE;
            if (v[2] <= 0 || v[3] <= 0) {
                continue;
            }
            for (int k = 0; k < 6; k++) {
                v[4 + 2 * k] = a[0] + boxes[b + 4 + 2 * k] / SIZE;
                v[5 + 2 * k] = a[1] + boxes[b + 5 + 2 * k] / SIZE;
            }
            out.add(new Raw(v, score));
        }
    }

    /** MediaPipe's weighted NMS: each cluster (IoU ≥ 0.3 with its best) is averaged, weighted by score. */
    static List<Raw> weightedNms(List<Raw> in) {
        List<Raw> rest = new ArrayList<>(in);
        rest.sort(Comparator.comparingDouble((Raw r) -> r.score).reversed());
        List<Raw> out = new ArrayList<>();
        while (!rest.isEmpty()) {
            Raw best = rest.get(0);
            List<Raw> cluster = new ArrayList<>();
            List<Raw> keep = new ArrayList<>();
            for (Raw r : rest) {
                (best.iou(r) >= IOU ? cluster : keep).add(r);
            }
            float[] acc = new float[16];
            double total = 0;
            for (Raw r : cluster) {
                for (int k = 0; k < 16; k++) {
                    acc[k] += (float) (r.v[k] * r.score);
                }
                total += r.score;
            }
            for (int k = 0; k < 16; k++) {
                acc[k] /= (float) total;
            }
            out.add(new Raw(acc, best.score));
            rest = keep;
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
