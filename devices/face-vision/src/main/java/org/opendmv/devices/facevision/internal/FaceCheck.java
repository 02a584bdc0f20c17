package org.opendmv.devices.facevision.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.LivenessDetector.LivenessError;
import org.opendmv.devices.api.LivenessResult.Outcome;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;

/**
 * One liveness check with face match, headless: frames from a {@link FrameSource} → detection → passive gates →
 * the challenges → the best frame's embedding against the reference photo's. Every frame is wiped once it has
 * been looked at (and shown), the best one after the match, the decoded reference photo too.
 *
 * <p>Phases: <b>positioning</b> (until one usable face holds for a few frames; {@code FACE_GUIDANCE} says what
 * to change) → <b>challenges</b> (each asked with {@code LIVENESS_ACTION}, the countdown refreshed each second,
 * {@code LIVENESS_ACTION_PASSED} when done) → <b>match</b>. The motion gate runs from the first usable frame:
 * a face that does not move at all ends the check as a spoof.
 */
final class FaceCheck {
    /** Where a check reports its progress: device events, and each frame with the face box for the preview. */
    interface Progress {
        void event(IntermediateEvent event);

        /** The frame just looked at (wiped after the call: copy what you keep) and the face box, if one. */
        default void frame(Frame frame, Optional<Box> face) {
        }
    }

    private static final int POSITION_FRAMES = 3;

    private final FaceAnalyzer analyzer;
    private final CheckSettings settings;

    FaceCheck(FaceAnalyzer analyzer, CheckSettings settings) {
        this.analyzer = analyzer;
        this.settings = settings;
    }

    /**
     * The reference photo's embedding (PNG or JPEG bytes, e.g. the 102×126 chip photo). The bytes are the
     * caller's and left as they are (an ID card's photo is reused for a retry); the decoded pixels are wiped.
     *
     * @throws DeviceException INVALID_DATA / INVALID_REFERENCE_PHOTO if it cannot be decoded or shows no face
     */
    float[] referenceEmbedding(byte[] photo) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(photo));
        } catch (IOException | RuntimeException e) {
            img = null;
        }
        if (img == null) {
            throw new DeviceException(CompletionCode.INVALID_DATA, LivenessError.INVALID_REFERENCE_PHOTO,
                    "reference photo cannot be decoded / 证件照无法解码");
        }
        Frame f = Frame.of(img, 0);
        wipe(img);
        try {
            List<Face> faces = analyzer.detect(f);
            if (faces.isEmpty()) {
                throw new DeviceException(CompletionCode.INVALID_DATA, LivenessError.INVALID_REFERENCE_PHOTO,
                        "no face in the reference photo / 证件照中未检测到人脸");
            }
            return analyzer.embedding(f, faces.get(0));
        } finally {
            f.wipe();
        }
    }

    /** Zeroes a decoded image's pixels where the raster allows it. */
    static void wipe(BufferedImage img) {
        var buf = img.getRaster().getDataBuffer();
        if (buf instanceof DataBufferByte) {
            for (int b = 0; b < buf.getNumBanks(); b++) {
                Arrays.fill(((DataBufferByte) buf).getData(b), (byte) 0);
            }
        } else if (buf instanceof DataBufferInt) {
            for (int b = 0; b < buf.getNumBanks(); b++) {
                Arrays.fill(((DataBufferInt) buf).getData(b), 0);
            }
        } else {
            img.getRaster().setRect(img.getRaster().createCompatibleWritableRaster());
        }
    }

    /**
     * Runs the check.
     *
     * @param reference the reference embedding ({@link #referenceEmbedding}), or null for liveness only; zeroed
     *        when the check ends
     * @param requestThreshold the caller's threshold, unless the settings override it
     * @param stop polled between frames: true ends the check at once with an {@link InterruptedException}-free
     *        {@link DeviceException} CANCELED
     */
    CheckReport run(FrameSource source, float[] reference, double requestThreshold, Progress progress,
            BooleanSupplier stop) throws IOException {
        double threshold = settings.matchThreshold().orElse(requestThreshold);
        Run r = new Run(progress, threshold);
        try {
            return r.loop(source, reference, stop);
        } finally {
            r.wipeAll();
            if (reference != null) {
                Arrays.fill(reference, 0f);
            }
        }
    }

    /** The state of one running check. */
    private final class Run implements ChallengeSequence.Listener {
        private final Progress progress;
        private final double threshold;
        private final ChallengeSequence sequence;
        private final MotionGate motion;
        private long t0 = Long.MIN_VALUE;
        private boolean faceShown;
        private boolean anyFace;
        private Guidance guidance;
        private Guidance lastGuidance;
        private long guidanceSent;
        private long now; // the current frame's time
        private int goodRun;
        private boolean challenging;
        private Box lastBox;
        private float[] anchor; // embedding of the first usable face
        private boolean jumped;
        private Frame best;
        private Face bestFace;
        private double bestQuality = -1;
        private int frames;
        private boolean currentHadFace;

        Run(Progress progress, double threshold) {
            this.progress = progress;
            this.threshold = threshold;
            List<Action> actions = ChallengeSequence.draw(
                    ChallengeSequence.random(settings.seed().isPresent() ? settings.seed().getAsLong() : null),
                    settings.challengeCount());
            this.sequence = new ChallengeSequence(actions, settings.perChallenge(), settings.challengeLimits(), this);
            this.motion = new MotionGate(settings.gateLimits());
        }

        @Override
        public void asked(Action action, int k, int n, int secondsLeft) {
            progress.event(challenge(action, k, n).prompt(secondsLeft));
        }

        @Override
        public void passed(Action action, int k, int n) {
            progress.event(challenge(action, k, n).passed());
            currentHadFace = false;
        }

        private LivenessChallenge challenge(Action a, int k, int n) {
            return LivenessChallenge.of(LivenessAction.valueOf(a.name()), k, n);
        }

        CheckReport loop(FrameSource source, float[] reference, BooleanSupplier stop) throws IOException {
            progress.event(IntermediateEvent.PRESENT_FACE_PROMPT);
            while (true) {
                if (stop.getAsBoolean()) {
                    throw new DeviceException(CompletionCode.CANCELED, "check stopped / 检测已停止");
                }
                Optional<Frame> next = source.next(settings.frameTimeout());
                if (next.isEmpty()) {
                    return end(challenging ? CheckReport.Reason.END_OF_VIDEO : noFaceReason(), reference);
                }
                Frame frame = next.get();
                frames++;
                CheckReport.Reason verdict;
                try {
                    verdict = step(frame);
                } finally {
                    if (frame != best) {
                        frame.wipe();
                    }
                }
                if (verdict != null) {
                    return end(verdict, reference);
                }
            }
        }

        private CheckReport.Reason noFaceReason() {
            return anyFace ? CheckReport.Reason.NO_USABLE_FACE : CheckReport.Reason.NO_FACE;
        }

        /** One frame; a reason when the check is over. */
        private CheckReport.Reason step(Frame frame) {
            if (t0 == Long.MIN_VALUE) {
                t0 = frame.timestampNanos();
            }
            long t = frame.timestampNanos() - t0;
            now = t;
            List<Face> faces = analyzer.detect(frame);
            Face face = faces.size() == 1 ? faces.get(0) : null;
            progress.frame(frame, faces.isEmpty() ? Optional.empty() : Optional.of(faces.get(0).box()));
            if (faces.isEmpty()) {
                if (faceShown) {
                    progress.event(IntermediateEvent.FACE_LOST);
                    faceShown = false;
                }
                guidance = null;
                goodRun = 0;
            } else {
                anyFace = true;
                if (!faceShown) {
                    progress.event(IntermediateEvent.FACE_DETECTED);
                    faceShown = true;
                }
            }
            Shape68 shape = null;
            if (faces.size() > 1) {
                guide(Guidance.MULTIPLE_FACES);
            } else if (face != null) {
                shape = usable(frame, face);
            }
            if (shape != null && anchor == null) {
                anchor = analyzer.embedding(frame, face);
            }
            if (shape != null && jumped) { // the box jumped: make sure it is still the same person
                jumped = false;
                if (!samePerson(frame, face)) {
                    return CheckReport.Reason.PERSON_CHANGED;
                }
            }
            if (shape != null) {
                float[] grey = Gates.grey(frame.rgb(), frame.width(), frame.height(), box(face), 96);
                if (motion.update(shape, grey) == MotionGate.Verdict.STILL) {
                    return CheckReport.Reason.STILL_IMAGE;
                }
                keepIfBest(frame, face, shape);
            }
            if (!challenging) {
                goodRun = shape == null ? 0 : goodRun + 1;
                if (goodRun >= POSITION_FRAMES) {
                    challenging = true;
                } else if (t > settings.positionTimeout().toNanos()) {
                    return noFaceReason();
                }
                if (!challenging) {
                    return null;
                }
            }
            Challenge current = sequence.current();
            if (shape != null) {
                currentHadFace = true;
            }
            long passedBefore = passedCount();
            sequence.update(t, shape,
                    shape == null ? Double.NaN : Gates.eyeTexture(frame.rgb(), frame.width(), frame.height(), shape));
            if (shape != null && passedCount() > passedBefore && !samePerson(frame, face)) {
                return CheckReport.Reason.PERSON_CHANGED; // whoever did this challenge is not who started
            }
            if (sequence.done()) {
                if (sequence.passed()) {
                    return CheckReport.Reason.MATCHED; // provisional: the match decides
                }
                return current != null && !currentHadFace ? noFaceReason() : CheckReport.Reason.CHALLENGE_FAILED;
            }
            return null;
        }

        private long passedCount() {
            return sequence.challenges().stream().filter(c -> c.state() == Challenge.State.PASSED).count();
        }

        /** Whether the face in this frame is the check's first usable face (the anchor). */
        private boolean samePerson(Frame frame, Face face) {
            float[] now = analyzer.embedding(frame, face);
            try {
                return analyzer.similarity(anchor, now) >= settings.continuityThreshold();
            } finally {
                Arrays.fill(now, 0f);
            }
        }

        /** The face's landmarks if it passes the per-frame gates, else null (and the guidance is sent). */
        private Shape68 usable(Frame frame, Face face) {
            Box b = face.box();
            if (lastBox != null) {
                double jump = Math.hypot(b.centreX() - lastBox.centreX(), b.centreY() - lastBox.centreY()) / lastBox.width();
                if (jump > settings.gateLimits().maxJump()) {
                    jumped = anchor != null;
                    lastBox = b;
                    guide(Guidance.HOLD_STILL);
                    return null;
                }
            }
            lastBox = b;
            Optional<Guidance> g = Gates.check(frame.rgb(), frame.width(), frame.height(), box(face),
                    settings.gateLimits());
            if (g.isPresent()) {
                guide(g.get());
                return null;
            }
            guidance = null;
            Landmarks lm = analyzer.landmarks(frame, face);
            double[] x = new double[Shape68.POINTS];
            double[] y = new double[Shape68.POINTS];
            for (int i = 0; i < Shape68.POINTS; i++) {
                Point p = lm.point(i);
                x[i] = p.x();
                y[i] = p.y();
            }
            return new Shape68(x, y);
        }

        /** Sends the advice when it changes, and again about once a second while it lasts. */
        private void guide(Guidance g) {
            lastGuidance = g;
            if (g != guidance || now - guidanceSent >= 1_000_000_000L) {
                guidance = g;
                guidanceSent = now;
                progress.event(FaceGuidance.valueOf(g.name()).event());
            }
        }

        /** Keeps the most frontal, eyes-open, mouth-closed, best-detected frame for the match. */
        private void keepIfBest(Frame frame, Face face, Shape68 shape) {
            ChallengeLimits cl = settings.challengeLimits();
            double q = face.score() * (1 - Math.min(1, Math.abs(shape.yaw())))
                    * (shape.eyeAspectRatio() >= cl.minOpenEar() ? 1 : 0.5)
                    * (shape.mouthAspectRatio() <= cl.mouthClosed() ? 1 : 0.7);
            if (q > bestQuality) {
                if (best != null) {
                    best.wipe();
                }
                best = frame;
                bestFace = face;
                bestQuality = q;
            }
        }

        private CheckReport end(CheckReport.Reason reason, float[] reference) {
            Outcome outcome;
            OptionalDouble score = OptionalDouble.empty();
            CheckReport.Reason why = reason;
            switch (reason) {
                case MATCHED:
                    float[] live = analyzer.embedding(best, bestFace);
                    try {
                        if (anchor != null && analyzer.similarity(anchor, live) < settings.continuityThreshold()) {
                            why = CheckReport.Reason.PERSON_CHANGED;
                            outcome = Outcome.SPOOF;
                            break;
                        }
                        if (reference == null) {
                            outcome = Outcome.PASS;
                        } else {
                            double s = Math.max(0, Math.min(1, analyzer.similarity(reference, live)));
                            score = OptionalDouble.of(s);
                            outcome = s >= threshold ? Outcome.PASS : Outcome.FAIL;
                            why = outcome == Outcome.PASS ? CheckReport.Reason.MATCHED : CheckReport.Reason.NOT_MATCHING;
                        }
                    } finally {
                        Arrays.fill(live, 0f);
                    }
                    break;
                case NO_FACE:
                case NO_USABLE_FACE:
                    outcome = Outcome.NO_FACE;
                    break;
                default:
                    outcome = Outcome.SPOOF;
                    break;
            }
            List<CheckReport.ChallengeVerdict> verdicts = new ArrayList<>();
            for (Challenge c : sequence.challenges()) {
                String v = !c.started() ? "NOT_REACHED" : c.state() == Challenge.State.PENDING ? "INCOMPLETE" : c.state().name();
                verdicts.add(new CheckReport.ChallengeVerdict(c.action(), v));
            }
            return new CheckReport(outcome, why, verdicts, score, threshold, Optional.ofNullable(lastGuidance), frames);
        }

        void wipeAll() {
            if (best != null) {
                best.wipe();
                best = null;
            }
            if (anchor != null) {
                Arrays.fill(anchor, 0f);
            }
        }
    }

    static double[] box(Face f) {
        Box b = f.box();
        return new double[] {b.x(), b.y(), b.width(), b.height()};
    }
}
