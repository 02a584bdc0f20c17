package org.opendmv.business.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one business is: code, names, category, ordered steps, form fields, materials, fee and
 * photo spec. Immutable. Built by the engine from a bundle's JSON descriptor, or in code with
 * {@link #builder(String)}; check with {@link DescriptorValidator} before use.
 */
public final class BusinessDescriptor {
    private final String code;
    private final LocalizedText name;
    private final String category;
    private final String icon;
    private final List<StepSpec> steps;
    private final List<FieldSpec> fields;
    private final List<MaterialSpec> materials;
    private final long feeFen;
    private final String photoSpec;
    private final List<String> rules;
    private final Map<String, String> properties;
    private final Map<String, LocalizedText> texts;
    private final FormSpec form;

    private BusinessDescriptor(Builder b) {
        this.code = b.code;
        this.name = b.name;
        this.category = b.category;
        this.icon = b.icon;
        this.steps = List.copyOf(b.steps);
        this.fields = List.copyOf(b.fields);
        this.materials = List.copyOf(b.materials);
        this.feeFen = b.feeFen;
        this.photoSpec = b.photoSpec;
        this.rules = List.copyOf(b.rules);
        this.properties = Map.copyOf(b.properties);
        this.texts = Map.copyOf(b.texts);
        this.form = b.form;
    }

    /** Copy with other properties; every other field is copied as is (add new fields here too). */
    private BusinessDescriptor(BusinessDescriptor d, Map<String, String> properties) {
        this.code = d.code;
        this.name = d.name;
        this.category = d.category;
        this.icon = d.icon;
        this.steps = d.steps;
        this.fields = d.fields;
        this.materials = d.materials;
        this.feeFen = d.feeFen;
        this.photoSpec = d.photoSpec;
        this.rules = d.rules;
        this.properties = Map.copyOf(properties);
        this.texts = d.texts;
        this.form = d.form;
    }

    /**
     * The same business with these properties instead of its own, e.g. the rule parameters in
     * effect for one visit (Config Admin over descriptor over rule default).
     *
     * @since 1.2
     */
    public BusinessDescriptor withProperties(Map<String, String> newProperties) {
        return new BusinessDescriptor(this, newProperties);
    }

    public static Builder builder(String code) {
        return new Builder(code);
    }

    /** Unique code, lower-case letters, digits and '-', e.g. {@code dl-renewal}. */
    public String code() {
        return code;
    }

    /** Names, zh-CN mandatory, English expected. */
    public LocalizedText name() {
        return name;
    }

    /** Category, e.g. {@link Categories#DRIVER_LICENCE}. */
    public String category() {
        return category;
    }

    /** Icon name from the UI theme, or a bundle entry path. */
    public Optional<String> icon() {
        return Optional.ofNullable(icon);
    }

    /** Ordered steps of the visit. */
    public List<StepSpec> steps() {
        return steps;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public Optional<FieldSpec> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public List<MaterialSpec> materials() {
        return materials;
    }

    /** Fee in fen (1 元 = 100 fen); 0 means the PAY step is skipped. */
    public long feeFen() {
        return feeFen;
    }

    /** Reference to a photo specification (e.g. {@code driver-licence}), empty when no photo is needed. */
    public Optional<String> photoSpec() {
        return Optional.ofNullable(photoSpec);
    }

    public boolean photoNeeded() {
        return photoSpec != null;
    }

    /** Ids of eligibility rules ({@link org.opendmv.business.api.spi.EligibilityRule#id()}) run at CHECK. */
    public List<String> rules() {
        return rules;
    }

    /** Free business data (form type, business type code 业务类型, reason codes...). */
    public Map<String, String> properties() {
        return properties;
    }

    /** Property by name, or {@code fallback}. */
    public String property(String key, String fallback) {
        return properties.getOrDefault(key, fallback);
    }

    /**
     * Named texts shown during the visit: {@code declaration} (申告 text signed at SIGN),
     * {@code consent} (face-recognition consent at IDENTIFY), {@code notice} (shown before the
     * form, e.g. an irreversible-change warning), {@code done} (after the receipt).
     */
    public Map<String, LocalizedText> texts() {
        return texts;
    }

    public Optional<LocalizedText> text(String key) {
        return Optional.ofNullable(texts.get(key));
    }

    /**
     * The official (or template) form the business prints and what is ticked and filled on it; empty for a
     * business that stores no application.
     *
     * @since 1.2
     */
    public Optional<FormSpec> form() {
        return Optional.ofNullable(form);
    }

    @Override
    public String toString() {
        return "Business[" + code + "]";
    }

    /** Builder; see the getters for the meaning of each value. */
    public static final class Builder {
        private final String code;
        private LocalizedText name = LocalizedText.of(Map.of());
        private String category;
        private String icon;
        private List<StepSpec> steps = List.of();
        private List<FieldSpec> fields = List.of();
        private List<MaterialSpec> materials = List.of();
        private long feeFen;
        private String photoSpec;
        private List<String> rules = List.of();
        private Map<String, String> properties = Map.of();
        private Map<String, LocalizedText> texts = Map.of();
        private FormSpec form;

        private Builder(String code) {
            this.code = code;
        }

        public Builder name(LocalizedText v) { this.name = Objects.requireNonNull(v); return this; }
        public Builder category(String v) { this.category = v; return this; }
        public Builder icon(String v) { this.icon = v; return this; }
        public Builder steps(List<StepSpec> v) { this.steps = v; return this; }
        public Builder fields(List<FieldSpec> v) { this.fields = v; return this; }
        public Builder materials(List<MaterialSpec> v) { this.materials = v; return this; }
        public Builder feeFen(long v) { this.feeFen = v; return this; }
        public Builder photoSpec(String v) { this.photoSpec = v; return this; }
        public Builder rules(List<String> v) { this.rules = v; return this; }
        public Builder properties(Map<String, String> v) { this.properties = v; return this; }
        public Builder texts(Map<String, LocalizedText> v) { this.texts = v; return this; }
        /** @since 1.2 */
        public Builder form(FormSpec v) { this.form = v; return this; }

        public BusinessDescriptor build() {
            return new BusinessDescriptor(this);
        }
    }
}
