package org.opendmv.forms.api;

import java.util.List;
import java.util.Objects;

/**
 * A field a form layout prints, identified by a published id.
 *
 * @param id            stable published id, e.g. {@code applicant.address}, {@code dl.downgrade.targetClass}
 * @param label         the printed label, e.g. 邮寄地址
 * @param maxLength     longest value printed (characters); a longer one is refused, never cut off
 * @param defaultSource where the engine takes the value when a descriptor's {@code fill} does not say:
 *                      application data keys separated by {@code |}, the first present wins
 *                      ({@code form.address|idcard.address}); null when only {@code fill} gives it a value
 */
public record FieldDef(String id, String label, int maxLength, String defaultSource) {

    public FieldDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        if (maxLength <= 0) {
            throw new IllegalArgumentException("field " + id + ": maxLength must be positive");
        }
    }

    /** The default source keys, in order; empty when there is none. */
    public List<String> defaultSources() {
        return defaultSource == null || defaultSource.isBlank() ? List.of() : List.of(defaultSource.split("\\|"));
    }
}
