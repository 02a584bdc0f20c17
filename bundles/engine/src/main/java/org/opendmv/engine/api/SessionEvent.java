package org.opendmv.engine.api;

import java.util.Optional;
import org.opendmv.business.api.spi.StepResult;

/** Something that happened in a session. */
public final class SessionEvent {
    /** Kinds of events, in the order they usually occur. */
    public enum Type {
        STARTED, STEP_ENTERED, STEP_COMPLETED, STEP_INVALID, STEP_BACK,
        /** Part of the current step is done (card read, page scanned, QR code ready); the step stays. */
        STEP_PROGRESS,
        /** A rule refused the citizen; {@link SessionEvent#result()} holds the reason and advice. ENDED follows. */
        REFUSED,
        /** The idle countdown is about to run out: ask "还在吗？". */
        IDLE_WARNING,
        ENDED
    }

    private final Type type;
    private final String sessionId;
    private final String step;
    private final StepResult result;
    private final EndReason endReason;

    public SessionEvent(Type type, String sessionId, String step, StepResult result, EndReason endReason) {
        this.type = type;
        this.sessionId = sessionId;
        this.step = step;
        this.result = result;
        this.endReason = endReason;
    }

    public Type type() {
        return type;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Step type concerned, or null. */
    public String step() {
        return step;
    }

    public Optional<StepResult> result() {
        return Optional.ofNullable(result);
    }

    public Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    @Override
    public String toString() {
        return type + (step == null ? "" : " " + step) + (endReason == null ? "" : " " + endReason);
    }
}
