package org.opendmv.devices.sim.internal;

import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.spi.DeviceCallback;

/**
 * Simulated face camera with liveness and 1:1 comparison. The outcome is scripted ({@value #KEY_OUTCOME}
 * or {@code kiosk:sim fail <id> PASS|FAIL|NO_FACE|SPOOF}); the sequence of events is the real one:
 * PRESENT_FACE_PROMPT, FACE_DETECTED, LIVENESS_ACTION(BLINK), then the verdict after about two latencies.
 * A reference photo that is neither PNG nor JPEG fails with INVALID_REFERENCE_PHOTO.
 */
final class SimLivenessDetector extends SimDevice implements LivenessDetector {
    /** Per-instance key: PASS, FAIL, NO_FACE or SPOOF (default PASS). */
    static final String KEY_OUTCOME = "sim.liveness.outcome";
    /** Per-instance key: match score for PASS, in [0, 1] (default 0.93; raised to the threshold if lower). */
    static final String KEY_SCORE = "sim.liveness.score";
    /** Per-instance key: match score for FAIL, in [0, 1] (default 0.31; lowered below the threshold if higher). */
    static final String KEY_FAIL_SCORE = "sim.liveness.fail.score";

    // guarded by lock
    private LivenessResult.Outcome configuredOutcome;
    private LivenessResult.Outcome outcome;
    private double passScore;
    private double failScore;

    SimLivenessDetector(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control) {
        super(config, callback, control, "SIM-FACE");
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        configuredOutcome = c.enumValue(KEY_OUTCOME, LivenessResult.Outcome.class, LivenessResult.Outcome.PASS);
        passScore = c.fraction(KEY_SCORE, 0.93);
        failScore = c.fraction(KEY_FAIL_SCORE, 0.31);
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
            synchronized (lock) {
                o = outcome;
                pass = passScore;
                fail = failScore;
            }
            long step = latency();
            op.ctx().event(IntermediateEvent.PRESENT_FACE_PROMPT);
            if (o == LivenessResult.Outcome.NO_FACE) {
                op.after(2 * step, () -> op.complete(LivenessResult.noFace()));
                return;
            }
            op.after(step, () -> {
                op.ctx().event(IntermediateEvent.FACE_DETECTED);
                op.ctx().event(IntermediateEvent.LIVENESS_ACTION.withDetail("BLINK"));
                op.after(step, () -> op.complete(result(o, ref != null, req.matchThreshold(), pass, fail)));
            });
        });
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
