package org.opendmv.business.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A form field: name (the key in the application data), label, type, validation, options and
 * an optional pre-fill source (e.g. {@code idcard.address}, {@code records.mobile}).
 */
public final class FieldSpec {
    private final String name;
    private final LocalizedText label;
    private final FieldType type;
    private final boolean required;
    private final String pattern;
    private final int minLength;
    private final int maxLength;
    private final List<ChoiceOption> options;
    private final String prefill;
    private final LocalizedText help;

    private FieldSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.label = b.label == null ? LocalizedText.of(b.name, b.name) : b.label;
        this.type = b.type == null ? FieldType.TEXT : b.type;
        this.required = b.required;
        this.pattern = b.pattern;
        this.minLength = b.minLength;
        this.maxLength = b.maxLength;
        this.options = List.copyOf(b.options);
        this.prefill = b.prefill;
        this.help = b.help;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public LocalizedText label() {
        return label;
    }

    public FieldType type() {
        return type;
    }

    public boolean required() {
        return required;
    }

    /** Extra regular expression the whole value must match, on top of the type's own check. */
    public Optional<String> pattern() {
        return Optional.ofNullable(pattern);
    }

    public int minLength() {
        return minLength;
    }

    /** 0 means no limit. */
    public int maxLength() {
        return maxLength;
    }

    public List<ChoiceOption> options() {
        return options;
    }

    public Optional<String> prefill() {
        return Optional.ofNullable(prefill);
    }

    public Optional<LocalizedText> help() {
        return Optional.ofNullable(help);
    }

    /** Builder; only {@code name} is mandatory. */
    public static final class Builder {
        private final String name;
        private LocalizedText label;
        private FieldType type;
        private boolean required;
        private String pattern;
        private int minLength;
        private int maxLength;
        private List<ChoiceOption> options = List.of();
        private String prefill;
        private LocalizedText help;

        private Builder(String name) {
            this.name = name;
        }

        public Builder label(LocalizedText v) { this.label = v; return this; }
        public Builder type(FieldType v) { this.type = v; return this; }
        public Builder required(boolean v) { this.required = v; return this; }
        public Builder pattern(String v) { this.pattern = v; return this; }
        public Builder minLength(int v) { this.minLength = v; return this; }
        public Builder maxLength(int v) { this.maxLength = v; return this; }
        public Builder options(List<ChoiceOption> v) { this.options = v == null ? List.of() : v; return this; }
        public Builder prefill(String v) { this.prefill = v; return this; }
        public Builder help(LocalizedText v) { this.help = v; return this; }

        public FieldSpec build() {
            return new FieldSpec(this);
        }
    }
}
