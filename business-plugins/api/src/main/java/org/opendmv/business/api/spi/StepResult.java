package org.opendmv.business.api.spi;

import java.util.Map;
import java.util.Objects;
import org.opendmv.business.api.LocalizedText;

/** Outcome of {@link StepType#submit}. */
public final class StepResult {
    /** What happened. */
    public enum Kind {
        /** Step done; {@link #data()} is merged into the session. */
        COMPLETED,
        /** Input not acceptable; {@link #errors()} says why, per field (key "" for the whole step). */
        INVALID,
        /** The citizen cannot continue with this business; {@link #refusal()} says why and what to do. */
        REFUSED,
        /**
         * Part of the step is done (a card was read, a page scanned, consent given); {@link #data()}
         * is merged into the session and the step stays current.
         */
        PROGRESS
    }

    /**
     * Value that removes a key from the session's data when it appears in {@link #data()} (a
     * retaken scan, a rejected photo). The removed value is wiped if it holds personal data.
     */
    public static final Object REMOVE = new Object() {
        @Override
        public String toString() {
            return "REMOVE";
        }
    };

    private final Kind kind;
    private final Map<String, Object> data;
    private final Map<String, LocalizedText> errors;
    private final RuleResult refusal;

    private StepResult(Kind kind, Map<String, Object> data, Map<String, LocalizedText> errors, RuleResult refusal) {
        this.kind = kind;
        this.data = data;
        this.errors = errors;
        this.refusal = refusal;
    }

    public static StepResult completed(Map<String, Object> data) {
        return new StepResult(Kind.COMPLETED, Map.copyOf(data), Map.of(), null);
    }

    /** Partial progress inside the step; the data is merged and the idle countdown restarts. */
    public static StepResult progress(Map<String, Object> data) {
        return new StepResult(Kind.PROGRESS, Map.copyOf(data), Map.of(), null);
    }

    public static StepResult invalid(Map<String, LocalizedText> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("invalid without errors");
        }
        return new StepResult(Kind.INVALID, Map.of(), Map.copyOf(errors), null);
    }

    public static StepResult refused(RuleResult refusal) {
        if (Objects.requireNonNull(refusal).isEligible()) {
            throw new IllegalArgumentException("refused with an eligible result");
        }
        return new StepResult(Kind.REFUSED, Map.of(), Map.of(), refusal);
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, Object> data() {
        return data;
    }

    public Map<String, LocalizedText> errors() {
        return errors;
    }

    public RuleResult refusal() {
        return refusal;
    }

    @Override
    public String toString() {
        return kind + (kind == Kind.INVALID ? errors.keySet().toString() : "");
    }
}
