package org.opendmv.business.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The descriptor's {@code form} section: which form the business prints and what goes on it. Box ids,
 * codes and form field ids are the ones the forms API publishes ({@code org.opendmv.forms.api.OfficialForms},
 * or a bundle's {@code FormTemplate}); the engine checks them when the business is deployed.
 *
 * @param kind               the form, e.g. {@code driver-licence}, {@code vehicle-plate}
 * @param tick               boxes or codes always ticked (e.g. {@code ["CA"]}, {@code ["vp.cert.replace"]})
 * @param tickByAnswer       field name → option value → boxes or codes ticked when the citizen chose it
 * @param tickWhenUnanswered field name → boxes or codes ticked when the field has no answer
 * @param fill               form field id → source (application data key such as {@code form.phone},
 *                           {@code idcard.address}; alternatives separated by {@code |}), overriding the form's default
 */
public record FormSpec(String kind, List<String> tick, Map<String, Map<String, List<String>>> tickByAnswer,
        Map<String, List<String>> tickWhenUnanswered, Map<String, String> fill) {

    public FormSpec {
        Objects.requireNonNull(kind, "kind");
        tick = tick == null ? List.of() : List.copyOf(tick);
        Map<String, Map<String, List<String>>> by = new LinkedHashMap<>();
        if (tickByAnswer != null) {
            tickByAnswer.forEach((f, m) -> {
                Map<String, List<String>> o = new LinkedHashMap<>();
                m.forEach((k, v) -> o.put(k, List.copyOf(v)));
                by.put(f, java.util.Collections.unmodifiableMap(o));
            });
        }
        tickByAnswer = java.util.Collections.unmodifiableMap(by);
        Map<String, List<String>> un = new LinkedHashMap<>();
        if (tickWhenUnanswered != null) {
            tickWhenUnanswered.forEach((k, v) -> un.put(k, List.copyOf(v)));
        }
        tickWhenUnanswered = java.util.Collections.unmodifiableMap(un);
        fill = fill == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fill));
    }
}
