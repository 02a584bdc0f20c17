package org.opendmv.devices.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One challenge of a liveness check (since 2.1): the {@link LivenessAction}, its 1-based position
 * {@link #index() k} and the number {@link #count() n} of challenges in the check. Writes and reads the
 * details of {@link IntermediateEvent#LIVENESS_ACTION} ({@code "<ACTION>;<k>/<n>;<secondsLeft>"}) and
 * {@link IntermediateEvent#LIVENESS_ACTION_PASSED} ({@code "<ACTION>;<k>/<n>"}), so that a driver and a UI
 * agree on the format:
 *
 * <pre>{@code
 * LivenessChallenge c = LivenessChallenge.of(LivenessAction.TURN_LEFT, 2, 3);
 * ctx.event(c.prompt(5));      // LIVENESS_ACTION(TURN_LEFT;2/3;5)
 * ctx.event(c.passed());       // LIVENESS_ACTION_PASSED(TURN_LEFT;2/3)
 * }</pre>
 */
public final class LivenessChallenge {
    private final LivenessAction action;
    private final int index;
    private final int count;

    private LivenessChallenge(LivenessAction action, int index, int count) {
        this.action = Objects.requireNonNull(action, "action");
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("need 1 <= k <= n: " + index + "/" + count);
        }
        this.index = index;
        this.count = count;
    }

    /** Challenge {@code index} (1-based) of {@code count}. */
    public static LivenessChallenge of(LivenessAction action, int index, int count) {
        return new LivenessChallenge(action, index, count);
    }

    public LivenessAction action() {
        return action;
    }

    /** 1-based position {@code k} of this challenge. */
    public int index() {
        return index;
    }

    /** Number {@code n} of challenges in the check. */
    public int count() {
        return count;
    }

    /** {@link IntermediateEvent#LIVENESS_ACTION} asking for this action, {@code secondsLeft} (≥ 0) to do it. */
    public IntermediateEvent prompt(int secondsLeft) {
        if (secondsLeft < 0) {
            throw new IllegalArgumentException("secondsLeft < 0: " + secondsLeft);
        }
        return IntermediateEvent.LIVENESS_ACTION.withDetail(position() + ";" + secondsLeft);
    }

    /** {@link IntermediateEvent#LIVENESS_ACTION_PASSED} for this challenge. */
    public IntermediateEvent passed() {
        return IntermediateEvent.LIVENESS_ACTION_PASSED.withDetail(position());
    }

    private String position() {
        return action.name() + ";" + index + "/" + count;
    }

    /**
     * The challenge a {@code LIVENESS_ACTION} or {@code LIVENESS_ACTION_PASSED} event is about; empty for other
     * events, unknown actions or a malformed detail. A bare action (the detail before 2.1) reads as 1/1.
     */
    public static Optional<LivenessChallenge> parse(IntermediateEvent event) {
        if (event == null || event.detail().isEmpty()
                || !(event.is(IntermediateEvent.LIVENESS_ACTION) || event.is(IntermediateEvent.LIVENESS_ACTION_PASSED))) {
            return Optional.empty();
        }
        String[] parts = event.detail().get().split(";", -1);
        try {
            LivenessAction action = LivenessAction.valueOf(parts[0].trim());
            if (parts.length == 1) {
                return Optional.of(of(action, 1, 1));
            }
            String[] kn = parts[1].split("/", -1);
            if (kn.length != 2) {
                return Optional.empty();
            }
            return Optional.of(of(action, Integer.parseInt(kn[0].trim()), Integer.parseInt(kn[1].trim())));
        } catch (IllegalArgumentException malformed) { // includes NumberFormatException
            return Optional.empty();
        }
    }

    /** The seconds left of a {@code LIVENESS_ACTION} event; empty for other events or without a countdown. */
    public static OptionalInt secondsLeft(IntermediateEvent event) {
        if (event == null || !event.is(IntermediateEvent.LIVENESS_ACTION) || event.detail().isEmpty()) {
            return OptionalInt.empty();
        }
        String[] parts = event.detail().get().split(";", -1);
        if (parts.length < 3) {
            return OptionalInt.empty();
        }
        try {
            int s = Integer.parseInt(parts[2].trim());
            return s >= 0 ? OptionalInt.of(s) : OptionalInt.empty();
        } catch (NumberFormatException malformed) {
            return OptionalInt.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LivenessChallenge && ((LivenessChallenge) o).action == action
                && ((LivenessChallenge) o).index == index && ((LivenessChallenge) o).count == count;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, index, count);
    }

    @Override
    public String toString() {
        return position();
    }
}
