package org.opendmv.devices.sim.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.SignatureResult;
import org.opendmv.devices.api.spi.DeviceCallback;

/**
 * Simulated signature pad: SIGN_PROMPT, then one STROKE_ADDED(k) per latency, then a 600×200 PNG of the
 * strokes. EMPTY_SIGNATURE makes the signer confirm without signing (USER_ERROR + EMPTY_SIGNATURE).
 */
final class SimSignaturePad extends SimDevice implements SignaturePad {
    /** Per-instance key: strokes per signature (default 3, 1..20). */
    static final String KEY_STROKES = "sim.signature.strokes";

    private final AtomicLong signatures = new AtomicLong();
    // guarded by lock
    private int strokes;
    private boolean empty;

    SimSignaturePad(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control) {
        super(config, callback, control, "SIM-PAD");
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        strokes = c.range(KEY_STROKES, 3, 1, 20);
    }

    @Override
    void resetScript() {
        empty = false;
    }

    @Override
    void applyScript(SimState state) {
        empty = state == SimState.EMPTY_SIGNATURE;
    }

    @Override
    DeviceStatus withSubstatus(DeviceStatus s) {
        return s;
    }

    @Override
    String scriptSummary() {
        synchronized (lock) {
            return "strokes=" + strokes + (empty ? " EMPTY_SIGNATURE" : "");
        }
    }

    @Override
    public CompletionStage<SignatureResult> capture(SignatureRequest request, CommandContext ctx) {
        return start(ctx, op -> {
            int n;
            boolean none;
            synchronized (lock) {
                n = strokes;
                none = empty;
            }
            long step = latency();
            op.ctx().event(IntermediateEvent.SIGN_PROMPT);
            if (none) {
                op.after(step, () -> op.fail(new DeviceException(CompletionCode.USER_ERROR, CaptureError.EMPTY_SIGNATURE,
                        "confirmed without signing")));
                return;
            }
            long seed = 7919L * signatures.incrementAndGet() + id().hashCode();
            stroke(op, 1, n, step, seed);
        });
    }

    private void stroke(SimOperation<SignatureResult> op, int k, int total, long step, long seed) {
        op.after(step, () -> {
            op.ctx().event(IntermediateEvent.STROKE_ADDED.withDetail(Integer.toString(k)));
            if (k >= total) {
                op.complete(SignatureResult.of(SimImages.signature(total, seed), total));
            } else {
                stroke(op, k + 1, total, step, seed);
            }
        });
    }
}
