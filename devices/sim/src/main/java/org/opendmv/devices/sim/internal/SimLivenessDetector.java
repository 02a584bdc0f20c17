package org.opendmv.devices.sim.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Simulated face camera with liveness and 1:1 comparison. The outcome is scripted ({@value #KEY_OUTCOME}
 * or {@code kiosk:sim fail <id> PASS|FAIL|NO_FACE|SPOOF}); the sequence of events is a challenge-response
 * driver's: PRESENT_FACE_PROMPT, after a latency FACE_DETECTED, then for each of {@value #KEY_CHALLENGES}
 * random actions {@code LIVENESS_ACTION(<ACTION>;<k>/<n>;<secondsLeft>)} (again each second while the
 * simulated person takes {@value #KEY_ACTION_MS} ms to do it) and {@code LIVENESS_ACTION_PASSED}, then the
 * verdict after a latency. SPOOF stops after the first action's time, undone (a photo does not blink);
 * NO_FACE answers after two latencies without a face. While it looks it publishes a {@link CameraPreview} of
 * a drawn face (no photo of anyone) doing the actions; FAIL draws somebody else.
 * A reference photo that is neither PNG nor JPEG fails with INVALID_REFERENCE_PHOTO.
 */
final class SimLivenessDetector extends SimDevice implements LivenessDetector {
    /** Per-instance key: PASS, FAIL, NO_FACE or SPOOF (default PASS). */
    static final String KEY_OUTCOME = "sim.liveness.outcome";
    /** Per-instance key: match score for PASS, in [0, 1] (default 0.93; raised to the threshold if lower). */
    static final String KEY_SCORE = "sim.liveness.score";
    /** Per-instance key: match score for FAIL, in [0, 1] (default 0.31; lowered below the threshold if higher). */
    static final String KEY_FAIL_SCORE = "sim.liveness.fail.score";
    /** Per-instance key: number of challenges, 1–4 (default 2). */
    static final String KEY_CHALLENGES = "sim.liveness.challenges";
    /** Per-instance key: time limit shown for each challenge, in whole seconds, 1–60 (default 5). */
    static final String KEY_SECONDS = "sim.liveness.seconds";
    /** Per-instance key: how long the simulated person takes for an action, in ms (default 8 latencies). */
    static final String KEY_ACTION_MS = "sim.liveness.action.ms";
    /** Per-instance key: seed of the challenge order (default: random each time). */
    static final String KEY_SEED = "sim.liveness.seed";
    /**
     * Per-instance key: advice the camera gives before the first challenge (a {@link FaceGuidance} name, e.g.
     * TOO_FAR: the drawn person stands too far away for one action's time, then steps closer). Default none.
     */
    static final String KEY_GUIDANCE = "sim.liveness.guidance";
    /** Preview frames a second. */
    static final int FPS = 10;

    // guarded by lock
    private LivenessResult.Outcome configuredOutcome;
    private LivenessResult.Outcome outcome;
    private double passScore;
    private double failScore;
    private int challenges;
    private int seconds;
    private int actionMs; // -1: 8 latencies
    private Random random;
    private FaceGuidance guidance;
    private final SimCameraPreview preview = new SimCameraPreview();
    private final BundleContext bundleContext;
    private ServiceRegistration<CameraPreview> registration;
    /** What the drawn person does now; null while the camera is off. */
    private volatile Scene scene;

    /** Drawn-person state of a running check. */
    private static final class Scene {
        final boolean other;
        volatile boolean present;
        volatile LivenessAction action;
        volatile long actionStart;
        volatile long actionNanos;
        volatile boolean still;
        volatile FaceGuidance guidance;

        Scene(boolean other) {
            this.other = other;
        }
    }

    SimLivenessDetector(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control) {
        this(config, callback, control, null);
    }

    /** With a bundle context, the preview is registered as an OSGi service while the device exists. */
    SimLivenessDetector(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control, BundleContext bundleContext) {
        super(config, callback, control, "SIM-FACE");
        this.bundleContext = bundleContext;
    }

    @Override
    protected void start() {
        super.start();
        if (bundleContext != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CameraPreview.DEVICE_CLASS_PROPERTY, DeviceClass.LIVENESS_DETECTOR.name());
            props.put(CameraPreview.DEVICE_ID_PROPERTY, id());
            ServiceRegistration<CameraPreview> r = bundleContext.registerService(CameraPreview.class, preview, props);
            synchronized (lock) {
                registration = r;
            }
        }
    }

    @Override
    void onDispose() {
        ServiceRegistration<CameraPreview> r;
        synchronized (lock) {
            r = registration;
            registration = null;
        }
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        scene = null;
    }

    /** The simulated camera picture (registered as a service when running in OSGi). */
    CameraPreview preview() {
        return preview;
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        configuredOutcome = c.enumValue(KEY_OUTCOME, LivenessResult.Outcome.class, LivenessResult.Outcome.PASS);
        passScore = c.fraction(KEY_SCORE, 0.93);
        failScore = c.fraction(KEY_FAIL_SCORE, 0.31);
        challenges = c.range(KEY_CHALLENGES, 2, 1, LivenessAction.values().length);
        seconds = c.range(KEY_SECONDS, 5, 1, 60);
        actionMs = c.raw().property(KEY_ACTION_MS, "").isBlank() ? -1 : c.nonNegative(KEY_ACTION_MS, 0);
        guidance = c.enumValue(KEY_GUIDANCE, FaceGuidance.class, null);
        String seed = c.raw().property(KEY_SEED, "").trim();
        try {
            random = seed.isEmpty() ? new Random() : new Random(Long.parseLong(seed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY_SEED + " must be a whole number: " + seed);
        }
    }

    @Override
    void resetScript() {
        outcome = configuredOutcome;
    }

    @Override
    void applyScript(SimState state) {
        outcome = LivenessResult.Outcome.valueOf(state.name());
    }

    @Override
    DeviceStatus withSubstatus(DeviceStatus s) {
        return s;
    }

    @Override
    String scriptSummary() {
        synchronized (lock) {
            return "outcome=" + outcome;
        }
    }

    LivenessResult.Outcome outcome() {
        synchronized (lock) {
            return outcome;
        }
    }

    @Override
    public CompletionStage<LivenessResult> checkLiveness(LivenessRequest request, CommandContext ctx) {
        LivenessRequest req = request == null ? LivenessRequest.liveOnly() : request;
        return start(ctx, op -> {
            byte[] ref = req.referencePhoto().orElse(null);
            if (ref != null && !isImage(ref)) {
                throw new DeviceException(CompletionCode.INVALID_DATA, LivenessError.INVALID_REFERENCE_PHOTO,
                        "reference photo is neither PNG nor JPEG");
            }
            LivenessResult.Outcome o;
            double pass;
            double fail;
            List<LivenessAction> actions;
            int limit;
            long step = latency();
            long doMs;
            FaceGuidance advice;
            synchronized (lock) {
                advice = guidance;
                o = outcome;
                pass = passScore;
                fail = failScore;
                List<LivenessAction> all = new ArrayList<>(List.of(LivenessAction.values()));
                Collections.shuffle(all, random);
                actions = List.copyOf(all.subList(0, challenges));
                limit = seconds;
                doMs = actionMs >= 0 ? actionMs : 8 * step;
            }
            Scene sc = new Scene(o == LivenessResult.Outcome.FAIL);
            sc.still = o == LivenessResult.Outcome.SPOOF;
            scene = sc;
            ScheduledFuture<?> frames = scheduleWithFixedDelay(() -> frame(sc), Duration.ZERO, Duration.ofMillis(1000 / FPS));
            op.result().whenComplete((r, e) -> {
                frames.cancel(false);
                if (scene == sc) {
                    scene = null;
                }
            });
            op.ctx().event(IntermediateEvent.PRESENT_FACE_PROMPT);
            if (o == LivenessResult.Outcome.NO_FACE) {
                op.after(2 * step, () -> op.complete(LivenessResult.noFace()));
                return;
            }
            op.after(step, () -> {
                sc.present = true;
                op.ctx().event(IntermediateEvent.FACE_DETECTED);
                Runnable challenges = () -> challenge(op, sc, actions, 0, limit, doMs, () -> op.after(step,
                        () -> op.complete(result(o, ref != null, req.matchThreshold(), pass, fail))));
                if (advice == null) {
                    challenges.run();
                    return;
                }
                // the advice, about once a second, until the person has followed it
                sc.guidance = advice;
                op.ctx().event(advice.event());
                for (long t = 1000; t < doMs; t += 1000) {
                    op.after(t, () -> op.ctx().event(advice.event()));
                }
                op.after(doMs, () -> {
                    sc.guidance = null;
                    challenges.run();
                });
            });
        });
    }

    /** Challenge {@code i}: the prompt, a countdown each second, then done (or, for a spoof, the end). */
    private void challenge(SimOperation<LivenessResult> op, Scene sc, List<LivenessAction> actions, int i, int limit,
            long doMs, Runnable then) {
        LivenessChallenge c = LivenessChallenge.of(actions.get(i), i + 1, actions.size());
        sc.action = c.action();
        sc.actionNanos = Math.max(1, doMs) * 1_000_000L;
        sc.actionStart = System.nanoTime();
        op.ctx().event(c.prompt(limit));
        for (int s = 1; s < limit && s * 1000L < doMs; s++) {
            int left = limit - s;
            op.after(s * 1000L, () -> op.ctx().event(c.prompt(left)));
        }
        op.after(doMs, () -> {
            if (sc.still) {
                op.complete(LivenessResult.spoof()); // the picture never did the action
                return;
            }
            sc.action = null;
            op.ctx().event(c.passed());
            if (i + 1 < actions.size()) {
                challenge(op, sc, actions, i + 1, limit, doMs, then);
            } else {
                then.run();
            }
        });
    }

    /** Draws and publishes one frame, if anyone watches. */
    private void frame(Scene sc) {
        if (!preview.watched() || scene != sc) {
            return;
        }
        if (!sc.present) {
            preview.publish(SimFace.draw(SimFace.Pose.nobody()));
            return;
        }
        LivenessAction a = sc.action;
        double amount = 0;
        if (a != null && !sc.still) {
            // the person reacts after a third of the time, does it, and comes back
            double t = (System.nanoTime() - sc.actionStart) / (double) sc.actionNanos;
            amount = t < 0.3 ? 0 : t > 0.95 ? 0 : Math.sin(Math.PI * (t - 0.3) / 0.65);
        }
        double turn = a == LivenessAction.TURN_LEFT ? -amount : a == LivenessAction.TURN_RIGHT ? amount : 0;
        FaceGuidance g = sc.guidance;
        double scale = g == FaceGuidance.TOO_FAR ? 0.55 : g == FaceGuidance.TOO_CLOSE ? 1.7 : 1.0;
        SimFace.Pose p = new SimFace.Pose(true, scale, turn, a == LivenessAction.BLINK ? amount : 0,
                a == LivenessAction.OPEN_MOUTH ? amount : 0, sc.other);
        preview.publish(SimFace.draw(p));
    }

    static LivenessResult result(LivenessResult.Outcome o, boolean compare, double threshold, double pass, double fail) {
        switch (o) {
            case SPOOF:
                return LivenessResult.spoof();
            case NO_FACE:
                return LivenessResult.noFace();
            case FAIL:
                return compare ? LivenessResult.fail(Math.max(0.0, Math.min(fail, threshold - 0.05)))
                        : new LivenessResult(LivenessResult.Outcome.FAIL, true, OptionalDouble.empty());
            case PASS:
            default:
                return compare ? LivenessResult.pass(Math.min(1.0, Math.max(pass, threshold))) : LivenessResult.passLiveOnly();
        }
    }

    private static boolean isImage(byte[] b) {
        boolean png = b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        boolean jpeg = b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
        return png || jpeg;
    }
}
