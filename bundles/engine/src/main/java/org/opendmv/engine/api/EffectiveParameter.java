package org.opendmv.engine.api;

import java.util.Optional;

/**
 * One rule parameter of a business as the next visit sees it, with where it comes from and,
 * when Config Admin holds a value that was refused, that value and why.
 */
public final class EffectiveParameter {
    /** Where the value in effect comes from; the first one present wins. */
    public enum Source {
        /** Config Admin (PID {@code org.opendmv.business.<code>}, or its {@code etc/} file). */
        CONFIG,
        /** The descriptor's {@code properties}. */
        DESCRIPTOR,
        /** The default the rule declares in its metatype. */
        RULE_DEFAULT,
        /** Nothing: a required parameter without a value (the business is refused at deploy). */
        NONE
    }

    private final String key;
    private final String value;
    private final Source source;
    private final String where;
    private final String refusedValue;
    private final String refusal;

    public EffectiveParameter(String key, String value, Source source, String where, String refusedValue, String refusal) {
        this.key = key;
        this.value = value;
        this.source = source;
        this.where = where;
        this.refusedValue = refusedValue;
        this.refusal = refusal;
    }

    public String key() {
        return key;
    }

    /** The value in effect; null only for {@link Source#NONE}. */
    public String value() {
        return value;
    }

    public Source source() {
        return source;
    }

    /** The file or resource the value comes from (a {@code .cfg} file, the descriptor path), or the PID. */
    public String where() {
        return where;
    }

    /** A value Config Admin holds that was refused (the value in effect is the last good one). */
    public Optional<String> refusedValue() {
        return Optional.ofNullable(refusedValue);
    }

    /** Why {@link #refusedValue()} was refused, e.g. {@code must be a whole number 50..100}. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public String toString() {
        return key + "=" + value + " (" + source + (where == null ? "" : " " + where) + ")"
                + (refusal == null ? "" : " refused \"" + refusedValue + "\": " + refusal);
    }
}
