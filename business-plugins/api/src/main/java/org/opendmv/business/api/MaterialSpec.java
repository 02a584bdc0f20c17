package org.opendmv.business.api;

import java.util.Objects;

/** A supporting document to scan: code, name, whether required, and page limits. */
public final class MaterialSpec {
    private final String code;
    private final LocalizedText name;
    private final boolean required;
    private final int minPages;
    private final int maxPages;

    public MaterialSpec(String code, LocalizedText name, boolean required, int minPages, int maxPages) {
        this.code = Objects.requireNonNull(code, "code");
        this.name = name == null ? LocalizedText.of(code, code) : name;
        this.required = required;
        this.minPages = minPages;
        this.maxPages = maxPages;
    }

    public String code() {
        return code;
    }

    public LocalizedText name() {
        return name;
    }

    public boolean required() {
        return required;
    }

    public int minPages() {
        return minPages;
    }

    public int maxPages() {
        return maxPages;
    }
}
