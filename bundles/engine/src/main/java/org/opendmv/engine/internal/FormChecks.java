package org.opendmv.engine.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FormSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FormLayout;

/**
 * Deploy-time checks of a descriptor's {@code form} section against the form's published layout, so a
 * business whose form cannot be printed is refused when it arrives, never after a citizen has paid.
 * Pure: no OSGi; the registry and {@code kiosk:business-validate} call it with their own layout lookup.
 */
public final class FormChecks {
    /** Marks the problem of a form kind not installed (yet): the business is read again when a template arrives. */
    public static final String FORM_MISSING = "FORM_MISSING";
    /** Application data a {@code fill} source may name besides {@code form.<field>}. */
    public static final List<String> DATA_PREFIXES = List.of("idcard.", "driver.", "vehicle.");
    /** Longest text assumed for a TEXT or ADDRESS field without {@code maxLength}. */
    static final int UNBOUNDED_TEXT = 200;

    private FormChecks() {
    }

    /** Steps after which a visit has stored an application (and so needs a form). */
    static boolean storesApplication(BusinessDescriptor d) {
        return d.steps().stream().map(StepSpec::type).anyMatch(t -> t.equals("SIGN") || t.equals("RECEIPT"));
    }

    /**
     * Every problem of the descriptor's form, phrased for {@code kiosk:businesses --invalid}; empty when fine.
     *
     * @param layouts   form kind → layout (official forms and installed templates)
     * @param installed the installed form kinds, for the message when the kind is unknown
     */
    public static List<String> problems(BusinessDescriptor d, Function<String, Optional<FormLayout>> layouts,
            Collection<String> installed) {
        List<String> p = new ArrayList<>();
        Optional<FormSpec> spec = d.form();
        if (spec.isEmpty()) {
            if (storesApplication(d)) {
                p.add("form is missing: a business that stores an application says which form it prints, e.g. "
                        + "\"form\": {\"kind\": \"driver-licence\", \"tick\": [\"CA\"]}");
            }
            return p;
        }
        FormSpec f = spec.get();
        Optional<FormLayout> found = layouts.apply(f.kind());
        if (found.isEmpty()) {
            p.add(FORM_MISSING + ": form '" + f.kind() + "' is not installed (installed: " + String.join(", ", installed)
                    + "); the business is read again when a bundle provides it");
            return p;
        }
        FormLayout l = found.get();
        Set<String> always = expand(l, f.tick(), "form.tick", p);
        if (always.stream().map(id -> l.box(id).orElseThrow()).noneMatch(b -> b.kind() == BoxDef.Kind.BUSINESS)) {
            String example = l.boxes().stream().filter(b -> b.kind() == BoxDef.Kind.BUSINESS).map(BoxDef::id).findFirst()
                    .orElse("?");
            p.add("form.tick ticks no business box of form '" + l.id() + "' (e.g. '" + example + "')");
        }
        parents(l, always, always, "form.tick", p);
        f.tickByAnswer().forEach((field, options) -> {
            String where = "form.tickByAnswer." + field;
            Optional<FieldSpec> fs = d.field(field);
            if (fs.isEmpty()) {
                p.add(where + ": the business has no field '" + field + "'");
                return;
            }
            List<String> declared = fs.get().options().stream().map(ChoiceOption::value).toList();
            if (declared.isEmpty()) {
                p.add(where + ": '" + field + "' is not a choice field (no options)");
                return;
            }
            options.forEach((option, boxes) -> {
                if (!declared.contains(option)) {
                    p.add(where + "." + option + ": '" + option + "' is not an option of '" + field + "' (options: "
                            + String.join(", ", declared) + ")");
                }
                Set<String> ticked = expand(l, boxes, where + "." + option, p);
                Set<String> all = new LinkedHashSet<>(always);
                all.addAll(ticked);
                parents(l, ticked, all, where + "." + option, p);
            });
            for (String o : declared) {
                if (!options.containsKey(o)) {
                    p.add(where + " does not say what to tick for option '" + o + "' (an empty list ticks nothing)");
                }
            }
        });
        f.tickWhenUnanswered().forEach((field, boxes) -> {
            String where = "form.tickWhenUnanswered." + field;
            if (d.field(field).isEmpty()) {
                p.add(where + ": the business has no field '" + field + "'");
            }
            Set<String> ticked = expand(l, boxes, where, p);
            Set<String> all = new LinkedHashSet<>(always);
            all.addAll(ticked);
            parents(l, ticked, all, where, p);
        });
        f.fill().forEach((target, source) -> {
            if (l.field(target).isEmpty()) {
                p.add("form.fill: '" + target + "' is not a field of form '" + l.id() + "'" + hint(target,
                        l.fields().stream().map(FieldDef::id).toList()));
                return;
            }
            for (String s : source.split("\\|")) {
                String key = s.strip();
                boolean formField = key.startsWith("form.") && d.field(key.substring(5)).isPresent();
                if (!formField && DATA_PREFIXES.stream().noneMatch(key::startsWith)) {
                    p.add("form.fill." + target + ": source '" + key + "' is neither form.<a field of this business> "
                            + "nor application data (idcard.*, driver.*, vehicle.*)");
                }
            }
        });
        for (FieldDef target : l.fields()) {
            String source = f.fill().getOrDefault(target.id(), target.defaultSource());
            if (source == null) {
                continue;
            }
            for (String s : source.split("\\|")) {
                String key = s.strip();
                if (!key.startsWith("form.")) {
                    continue;
                }
                Optional<FieldSpec> fs = d.field(key.substring(5));
                int max = fs.map(FormChecks::maxLength).orElse(0);
                if (max > target.maxLength()) {
                    p.add("form field '" + target.id() + "' holds at most " + target.maxLength() + " characters but its source "
                            + key + " allows " + max + (fs.get().maxLength() > 0 ? "" : " (no maxLength)")
                            + ": set the field's maxLength to " + target.maxLength() + " or less");
                }
            }
        }
        return p;
    }

    /** How long a field's answer can be; 0 when its type bounds it (mobile, postcode, plate...). */
    private static int maxLength(FieldSpec f) {
        if (f.maxLength() > 0) {
            return f.maxLength();
        }
        return f.type() == FieldType.TEXT || f.type() == FieldType.ADDRESS ? UNBOUNDED_TEXT : 0;
    }

    private static Set<String> expand(FormLayout l, List<String> entries, String where, List<String> p) {
        Set<String> out = new LinkedHashSet<>();
        for (String e : entries) {
            List<String> boxes = l.expand(e);
            if (boxes.isEmpty()) {
                List<String> known = new ArrayList<>(l.boxIds());
                known.addAll(l.codes().keySet());
                p.add(where + ": '" + e + "' is not a box or code of form '" + l.id() + "'" + hint(e, known));
            }
            out.addAll(boxes);
        }
        return out;
    }

    private static void parents(FormLayout l, Set<String> boxes, Set<String> ticked, String where, List<String> p) {
        for (String id : boxes) {
            BoxDef b = l.box(id).orElseThrow();
            if (!b.parents().isEmpty() && b.parents().stream().noneMatch(ticked::contains)) {
                p.add(where + ": box '" + id + "' is ticked without its business box ("
                        + String.join(" or ", b.parents()) + ")");
            }
        }
    }

    /** " (did you mean 'x'?)" for the nearest known id, or "". */
    static String hint(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int dist = distance(wrong, k);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
