package org.opendmv.engine.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FormSpec;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;

/**
 * Resolves a descriptor's {@code form} section against a visit's answers into what the application
 * stores for printing: {@code print.kind}, {@code print.ticked} (box ids), {@code print.fields} (form field →
 * the data keys its value comes from: never the values, so personal data is stored once) and
 * {@code print.rows} (optional rows the section mentions).
 */
final class FormPrint {
    private FormPrint() {
    }

    static Map<String, Object> resolve(BusinessDescriptor d, FormLayout l, Map<String, ?> data) {
        FormSpec f = d.form().orElseThrow(() -> new IllegalStateException("business " + d.code() + " has no form"));
        Set<String> ticked = new LinkedHashSet<>();
        f.tick().forEach(t -> ticked.addAll(l.expand(t)));
        Set<String> fields = new LinkedHashSet<>(f.tickByAnswer().keySet());
        fields.addAll(f.tickWhenUnanswered().keySet());
        for (String field : fields) {
            List<String> answers = answers(data.get(Facts.FORM_PREFIX + field));
            if (answers.isEmpty()) {
                f.tickWhenUnanswered().getOrDefault(field, List.of()).forEach(t -> ticked.addAll(l.expand(t)));
            } else {
                Map<String, List<String>> options = f.tickByAnswer().getOrDefault(field, Map.of());
                for (String a : answers) {
                    options.getOrDefault(a, List.of()).forEach(t -> ticked.addAll(l.expand(t)));
                }
            }
        }
        Set<String> mentioned = new LinkedHashSet<>();
        f.tick().forEach(t -> mentioned.addAll(l.expand(t)));
        f.tickByAnswer().values().forEach(m -> m.values().forEach(v -> v.forEach(t -> mentioned.addAll(l.expand(t)))));
        f.tickWhenUnanswered().values().forEach(v -> v.forEach(t -> mentioned.addAll(l.expand(t))));
        Set<String> rows = new LinkedHashSet<>();
        for (String id : mentioned) {
            l.box(id).map(b -> b.optionalRow()).ifPresent(r -> rows.add(r));
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (FieldDef fd : l.fields()) {
            String s = f.fill().getOrDefault(fd.id(), fd.defaultSource());
            if (s != null && !s.isBlank()) {
                sources.put(fd.id(), s);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(FilledForm.PRINT_KIND, l.id());
        out.put(FilledForm.PRINT_TICKED, new ArrayList<>(ticked));
        out.put(FilledForm.PRINT_FIELDS, sources);
        out.put(FilledForm.PRINT_ROWS, new ArrayList<>(rows));
        return out;
    }

    private static List<String> answers(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null && !String.valueOf(v).isBlank()) {
            for (String s : String.valueOf(v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
