package org.opendmv.devices.facevision.internal;

import java.util.ArrayList;
import java.util.List;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;

/**
 * A {@link FaceAnalyzer} that plays a scripted citizen instead of running models, so the driver and the pipeline
 * can be tested without them. Camera frames are those of size {@link #cameraWidth}×{@link #cameraHeight}; any other
 * image is a reference photo with one face. The citizen in front of the camera, while {@link #present}, performs
 * every action in turn (neutral, blink, neutral, turn left, neutral, turn right, neutral, open mouth), so every
 * challenge order passes within one cycle of 28 frames.
 */
final class ScriptedAnalyzer implements FaceAnalyzer {
    static final float[] PERSON_A = unit(1);
    static final float[] PERSON_B = unit(2);

    final int cameraWidth;
    final int cameraHeight;
    volatile boolean present;
    volatile boolean frozen; // a still photo: no change at all
    volatile int faces = 1;
    volatile double faceWidth = 0.3; // of the frame width
    volatile float[] cameraPerson = PERSON_A;
    volatile float[] referencePerson = PERSON_A;
    volatile boolean referenceHasFace = true;
    private final SyntheticFace citizen = new SyntheticFace();
    private int tick;

    ScriptedAnalyzer(int cameraWidth, int cameraHeight) {
        this.cameraWidth = cameraWidth;
        this.cameraHeight = cameraHeight;
        citizen.jitter = 0.4;
    }

    private boolean camera(Frame f) {
        return f.width() == cameraWidth && f.height() == cameraHeight;
    }

    @Override
    public List<Face> detect(Frame frame) {
        if (!camera(frame)) {
            return referenceHasFace ? List.of(face(frame.width() / 2.0, frame.height() / 2.0, frame.width() * 0.6))
                    : List.of();
        }
        if (!present) {
            return List.of();
        }
        List<Face> out = new ArrayList<>();
        double w = cameraWidth * faceWidth;
        out.add(face(cameraWidth / 2.0, cameraHeight / 2.0, w));
        for (int i = 1; i < faces; i++) {
            out.add(face(cameraWidth * 0.15, cameraHeight * 0.3, w * 0.6));
        }
        return out;
    }

    private static Face face(double cx, double cy, double w) {
        return new Face(new Box(cx - w / 2, cy - w / 2, w, w), 0.95,
                List.of(new Point(cx - w / 5, cy - w / 6), new Point(cx + w / 5, cy - w / 6), new Point(cx, cy),
                        new Point(cx, cy + w / 4), new Point(cx - w / 2, cy), new Point(cx + w / 2, cy)));
    }

    @Override
    public synchronized Landmarks landmarks(Frame frame, Face face) {
        SyntheticFace f = citizen;
        f.centreX = face.box().centreX();
        f.centreY = face.box().y() + face.box().height() * 0.35;
        f.scale = face.box().width() / 2.2;
        f.open();
        f.mouth = 0;
        f.turn = 0;
        if (frozen) {
            double j = f.jitter;
            f.jitter = 0;
            Landmarks l = of(f.shape());
            f.jitter = j;
            return l;
        }
        int phase = tick++ % 28;
        if (phase >= 4 && phase < 7) {
            f.closed();
        } else if (phase >= 11 && phase < 14) {
            f.turn = 0.4;
        } else if (phase >= 18 && phase < 21) {
            f.turn = -0.4;
        } else if (phase >= 25) {
            f.mouth = 0.2;
        }
        return of(f.shape());
    }

    private static Landmarks of(Shape68 s) {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            p.add(new Point(s.x(i), s.y(i)));
        }
        return new Landmarks(p);
    }

    @Override
    public float[] embedding(Frame frame, Face face) {
        return (camera(frame) ? cameraPerson : referencePerson).clone();
    }

    @Override
    public double similarity(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.max(0, 1 - Math.sqrt(d) / 1.2);
    }

    private static float[] unit(int axis) {
        float[] v = new float[128];
        v[axis] = 1;
        return v;
    }
}
