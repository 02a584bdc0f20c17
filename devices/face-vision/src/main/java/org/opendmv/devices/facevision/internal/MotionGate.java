package org.opendmv.devices.facevision.internal;

/**
 * The motion gate: over its first {@link GateLimits#motionWindowFrames()} frames with a face, a living face
 * changes — the landmarks' shape moves (expressions, breathing, the model's response to sensor noise) or the
 * face's pixels do. A video of a still image, or a photo held perfectly still, changes neither: that is a
 * spoof. A photo moved by hand passes this gate but cannot blink, open its mouth or turn: the challenges stop it.
 */
final class MotionGate {
    /** The gate's verdict so far. */
    enum Verdict { UNDECIDED, LIVE_MOTION, STILL }

    private final GateLimits limits;
    private Shape68 lastShape;
    private float[] lastGrey;
    private double maxShape;
    private double maxPixels;
    private int frames;
    private Verdict verdict = Verdict.UNDECIDED;

    MotionGate(GateLimits limits) {
        this.limits = limits;
    }

    /**
     * One frame with a face: its landmarks and its face box as grey levels of a fixed size (see
     * {@link Gates#grey}). Consecutive calls compare consecutive frames with a face.
     */
    Verdict update(Shape68 shape, float[] grey) {
        if (verdict != Verdict.UNDECIDED) {
            return verdict;
        }
        if (lastShape != null) {
            maxShape = Math.max(maxShape, shape.nonRigidChange(lastShape));
        }
        if (lastGrey != null && grey != null && grey.length == lastGrey.length) {
            maxPixels = Math.max(maxPixels, Gates.meanAbsDiff(grey, lastGrey));
        }
        lastShape = shape;
        lastGrey = grey;
        frames++;
        if (maxShape >= limits.minShapeMotion() || maxPixels >= limits.minPixelMotion()) {
            verdict = Verdict.LIVE_MOTION;
        } else if (frames >= limits.motionWindowFrames()) {
            verdict = Verdict.STILL;
        }
        return verdict;
    }

    Verdict verdict() {
        return verdict;
    }

    /** Largest shape change seen (over the interocular distance). */
    double maxShapeChange() {
        return maxShape;
    }

    /** Largest mean grey difference seen. */
    double maxPixelChange() {
        return maxPixels;
    }
}
