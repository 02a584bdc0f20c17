package org.opendmv.devices.facevision.internal;

/**
 * One challenge's state machine, fed with the face's landmarks frame by frame. Each challenge first needs
 * the neutral state (eyes open, facing the camera, mouth closed) for {@link ChallengeLimits#confirmFrames()}
 * frames, then the action for as many frames — so a one-frame glitch of the landmark model never counts, a
 * head already turned when the challenge starts must come back first, and a turn to the wrong side does
 * nothing. Time is the frames' own timestamps, never the wall clock.
 */
final class Challenge {
    /** Where the challenge stands. */
    enum State { PENDING, PASSED, TIMED_OUT }

    private enum Phase { NEUTRAL, ACTION, REOPEN }

    private final Action action;
    private final long limitNanos;
    private final ChallengeLimits limits;
    private long startNanos = Long.MIN_VALUE;
    private State state = State.PENDING;
    private Phase phase = Phase.NEUTRAL;
    private int run; // consecutive frames in the state the current phase waits for
    private double earSum; // eyes open in the neutral phase: the blink's baseline
    private int earCount;
    private double texSum; // eye texture in the neutral phase: the blink's second baseline
    private int texCount;
    private double yawSum; // facing the camera in the neutral phase: the turn's baseline
    private int yawCount;

    Challenge(Action action, long limitNanos, ChallengeLimits limits) {
        if (limitNanos <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.action = action;
        this.limitNanos = limitNanos;
        this.limits = limits;
    }

    Action action() {
        return action;
    }

    State state() {
        return state;
    }

    boolean started() {
        return startNanos != Long.MIN_VALUE;
    }

    /** Starts the clock at {@code nanos} (the timestamp of the first frame the challenge is shown for). */
    void start(long nanos) {
        if (!started()) {
            startNanos = nanos;
        }
    }

    /** Time left at {@code nanos}, zero once over. */
    long remainingNanos(long nanos) {
        if (!started()) {
            return limitNanos;
        }
        return Math.max(0, limitNanos - (nanos - startNanos));
    }

    /**
     * One frame: {@code shape} is the face's landmarks, or {@code null} when no usable face was in the frame
     * (only the clock runs then, and a run of confirming frames is broken).
     */
    State update(long nanos, Shape68 shape) {
        return update(nanos, shape, Double.NaN);
    }

    /**
     * One frame, with the eyes' texture ({@link Gates#eyeTexture}, NaN if unknown): a blink is seen in the eye
     * aspect ratio or in the texture of the eye regions (an open eye's sclera, iris and lashes against a closed
     * lid's even skin), whichever drops — some landmark models place the eyelids from the face's shape rather than
     * from the eye itself.
     */
    State update(long nanos, Shape68 shape, double eyeTexture) {
        if (state != State.PENDING) {
            return state;
        }
        start(nanos);
        if (nanos - startNanos > limitNanos) {
            state = State.TIMED_OUT;
            return state;
        }
        if (shape == null) {
            run = 0;
            return state;
        }
        switch (action) {
            case BLINK:
                blink(shape.eyeAspectRatio(), eyeTexture);
                break;
            case TURN_LEFT:
            case TURN_RIGHT:
                double yaw = shape.yaw();
                double sign = action == Action.TURN_LEFT ? 1 : -1;
                boolean neutral = Math.abs(yaw) <= limits.frontalYaw();
                if (phase == Phase.NEUTRAL && neutral) {
                    yawSum += yaw;
                    yawCount++;
                }
                // turned: relative to where the head was while facing the camera
                hold(neutral, yawCount > 0 && sign * (yaw - yawSum / yawCount) >= limits.turnYaw());
                break;
            case OPEN_MOUTH:
            default:
                double mar = shape.mouthAspectRatio();
                hold(mar <= limits.mouthClosed(), mar >= limits.mouthOpen());
                break;
        }
        return state;
    }

    /** Neutral for n frames, then the action for n frames. */
    private void hold(boolean neutral, boolean acting) {
        boolean wanted = phase == Phase.NEUTRAL ? neutral : acting;
        run = wanted ? run + 1 : 0;
        if (run >= limits.confirmFrames()) {
            run = 0;
            if (phase == Phase.NEUTRAL) {
                phase = Phase.ACTION;
            } else {
                state = State.PASSED;
            }
        }
    }

    /**
     * Open for n frames (the baselines), closed for n frames, open again for n frames. "Closed" is the lower of
     * EAR / its baseline and texture / its baseline at most {@link ChallengeLimits#closedRatio()}; "open again"
     * both back to at least {@link ChallengeLimits#reopenRatio()}.
     */
    private void blink(double ear, double texture) {
        boolean tex = !Double.isNaN(texture);
        switch (phase) {
            case NEUTRAL:
                if (ear >= limits.minOpenEar()) {
                    run++;
                    earSum += ear;
                    earCount++;
                    if (tex) {
                        texSum += texture;
                        texCount++;
                    }
                } else {
                    run = 0;
                }
                if (run >= limits.confirmFrames()) {
                    run = 0;
                    phase = Phase.ACTION;
                }
                break;
            case ACTION:
                double r = openness(ear, texture);
                if (r <= limits.closedRatio()) {
                    run++;
                } else {
                    if (r >= limits.reopenRatio() && run == 0) { // still open: keep the baselines current
                        earSum += ear;
                        earCount++;
                        if (tex) {
                            texSum += texture;
                            texCount++;
                        }
                    }
                    run = 0;
                }
                if (run >= limits.confirmFrames()) {
                    run = 0;
                    phase = Phase.REOPEN;
                }
                break;
            case REOPEN:
            default:
                run = reopened(ear, texture) ? run + 1 : 0;
                if (run >= limits.confirmFrames()) {
                    state = State.PASSED;
                }
                break;
        }
    }

    /** The lower of the two openness ratios (1 = as open as the baseline). */
    private double openness(double ear, double texture) {
        double r = ear / (earSum / earCount);
        if (!Double.isNaN(texture) && texCount > 0 && texSum > 0) {
            r = Math.min(r, texture / (texSum / texCount));
        }
        return r;
    }

    private boolean reopened(double ear, double texture) {
        boolean eyes = ear / (earSum / earCount) >= limits.reopenRatio();
        if (!Double.isNaN(texture) && texCount > 0 && texSum > 0) {
            eyes &= texture / (texSum / texCount) >= limits.reopenRatio();
        }
        return eyes;
    }
}
