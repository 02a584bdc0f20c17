package org.opendmv.business.api.spi;

import java.util.Objects;
import java.util.Optional;
import org.opendmv.business.api.LocalizedText;

/** Outcome of a rule: eligible, or a refusal with a plain reason and what to do instead. */
public final class RuleResult {
    private static final RuleResult OK = new RuleResult(true, null, null, null, null);

    private final boolean eligible;
    private final String code;
    private final LocalizedText reason;
    private final LocalizedText advice;
    private final String field;

    private RuleResult(boolean eligible, String code, LocalizedText reason, LocalizedText advice, String field) {
        this.eligible = eligible;
        this.code = code;
        this.reason = reason;
        this.advice = advice;
        this.field = field;
    }

    public static RuleResult eligible() {
        return OK;
    }

    /**
     * @param code   stable machine code, e.g. {@code LICENCE_SUSPENDED}
     * @param reason why, in words a citizen understands
     * @param advice what to do instead (go to a counter, which business, which document)
     */
    public static RuleResult refuse(String code, LocalizedText reason, LocalizedText advice) {
        return new RuleResult(false, Objects.requireNonNull(code), Objects.requireNonNull(reason), advice, null);
    }

    /**
     * The applicant may continue but a form answer is not acceptable (e.g. a downgrade target the
     * licence does not permit): the FORM step shows {@code reason} next to {@code field} and lets
     * the citizen correct it. At CHECK, before the form is filled, rules should not return this.
     */
    public static RuleResult invalidField(String field, String code, LocalizedText reason) {
        return new RuleResult(false, Objects.requireNonNull(code), Objects.requireNonNull(reason), null,
                Objects.requireNonNull(field));
    }

    public boolean isEligible() {
        return eligible;
    }

    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public Optional<LocalizedText> reason() {
        return Optional.ofNullable(reason);
    }

    public Optional<LocalizedText> advice() {
        return Optional.ofNullable(advice);
    }

    /** The form field at fault, for {@link #invalidField}; empty for a refusal of the whole business. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    @Override
    public String toString() {
        return eligible ? "eligible" : (field != null ? "invalid:" + field + ":" : "refused:") + code;
    }
}
