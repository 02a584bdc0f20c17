package org.opendmv.business.api;

import java.util.Objects;

/** One option of a choice field: the stored value and its label. */
public final class ChoiceOption {
    private final String value;
    private final LocalizedText label;

    public ChoiceOption(String value, LocalizedText label) {
        this.value = Objects.requireNonNull(value, "value");
        this.label = label == null ? LocalizedText.of(value, value) : label;
    }

    public String value() {
        return value;
    }

    public LocalizedText label() {
        return label;
    }
}
