package org.opendmv.face.internal.onnx;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * face-api's 68-point landmark net and its 128-D recognition net (dlib's ResNet), converted to ONNX by
 * tools/face-models/build.py. Both take NHWC RGB 0..255 (the mean subtraction is inside the graph).
 * <ul>
 * <li>Landmarks: input 112×112, a square crop around the detector's box ({@link #LANDMARK_CROP} × the box side,
 * centred on the box); output 136 = 68 (x, y) in [0,1] of the crop.</li>
 * <li>Recognition: input 150×150, face-api's "dlib alignment" crop from the landmarks: the centres of the two
 * eyes and the mouth; side = mean eye-to-mouth distance / 0.45, top-left = their centroid − (0.5, 0.43) × side;
 * output 128 values, L2-normalised here.</li>
 * </ul>
 */
public final class FaceNets implements AutoCloseable {
    static final int LM_SIZE = 112;
    static final int REC_SIZE = 150;
    /** Landmark crop side relative to the BlazeFace box side (BlazeFace's box is tighter than face-api's SSD box, models.md §2). */
    static final double LANDMARK_CROP = 1.25;
    /** Centre shift of the landmark crop, in box sides, downwards (negative: up, to include the forehead as face-api's SSD box does). */
    static final double LANDMARK_SHIFT_Y = -0.05;

    private final OrtEnvironment env;
    private final OrtSession landmarks;
    private final OrtSession recognition;

    public FaceNets(OrtEnvironment env, byte[] landmarkModel, byte[] recognitionModel, OrtSession.SessionOptions o)
            throws OrtException {
        this.env = env;
        this.landmarks = env.createSession(landmarkModel, o);
        OrtSession rec = null;
        try {
            rec = env.createSession(recognitionModel, o);
        } finally {
            if (rec == null) {
                landmarks.close();
            }
        }
        this.recognition = rec;
    }

    /** The square crop the landmark net sees for a detected face. */
    static Box landmarkCrop(Face face) {
        Box b = face.box();
        double side = Math.max(b.width(), b.height()) * LANDMARK_CROP;
        double cx = b.centreX();
        double cy = b.centreY() + LANDMARK_SHIFT_Y * b.height();
        return new Box(cx - side / 2, cy - side / 2, side, side);
    }

    public Landmarks landmarks(Frame frame, Face face) throws OrtException {
        Box c = landmarkCrop(face);
        float[] in = ImageOps.sampleNhwc(frame, c.x(), c.y(), c.width(), c.height(), LM_SIZE, LM_SIZE, 1f, 0f, 0);
        float[] out = run(landmarks, in, LM_SIZE);
        List<Point> pts = new ArrayList<>(68);
        for (int i = 0; i < 68; i++) {
            pts.add(new Point(c.x() + out[2 * i] * c.width(), c.y() + out[2 * i + 1] * c.height()));
        }
        return new Landmarks(pts);
    }

    /** face-api's dlib-style alignment box (not rotated). */
    static Box alignedBox(Landmarks lm) {
        Point a = centre(lm, 36, 42);
        Point b = centre(lm, 42, 48);
        Point m = centre(lm, 48, 68);
        double eyeToMouth = (dist(a, m) + dist(b, m)) / 2;
        double size = eyeToMouth / 0.45;
        double rx = (a.x() + b.x() + m.x()) / 3;
        double ry = (a.y() + b.y() + m.y()) / 3;
        return new Box(rx - 0.5 * size, ry - 0.43 * size, size, size);
    }

    public float[] embedding(Frame frame, Landmarks lm) throws OrtException {
        Box c = alignedBox(lm);
        float[] in = ImageOps.sampleNhwc(frame, c.x(), c.y(), c.width(), c.height(), REC_SIZE, REC_SIZE, 1f, 0f, 0);
        float[] d = run(recognition, in, REC_SIZE);
        double n = 0;
        for (float v : d) {
            n += v * v;
        }
        n = Math.sqrt(n);
        if (n > 0) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (d[i] / n);
            }
        }
        return d;
    }

    private float[] run(OrtSession s, float[] in, int size) throws OrtException {
        String name = s.getInputNames().iterator().next();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {1, size, size, 3});
                OrtSession.Result r = s.run(Map.of(name, t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } finally {
            java.util.Arrays.fill(in, 0f);
        }
    }

    static Point centre(Landmarks lm, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += lm.point(i).x();
            y += lm.point(i).y();
        }
        return new Point(x / (to - from), y / (to - from));
    }

    static double dist(Point a, Point b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    @Override
    public void close() throws OrtException {
        try {
            landmarks.close();
        } finally {
            recognition.close();
        }
    }
}
