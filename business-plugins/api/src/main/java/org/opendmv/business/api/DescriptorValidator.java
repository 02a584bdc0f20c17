package org.opendmv.business.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a descriptor for mistakes an integrator can make. Returns plain-language problems;
 * an empty list means the descriptor is usable. Step types are not checked here: their
 * availability is a runtime matter (a step-type bundle may arrive later).
 */
public final class DescriptorValidator {
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,47}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private static final Pattern STEP = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");

    private DescriptorValidator() {
    }

    public static List<String> validate(BusinessDescriptor d) {
        List<String> p = new ArrayList<>();
        if (d.code() == null || !CODE.matcher(d.code()).matches()) {
            p.add("code '" + d.code() + "' must be 2-48 chars of a-z, 0-9 and '-'");
        }
        if (!d.name().has(LocalizedText.ZH)) {
            p.add("name.zh-CN is missing");
        }
        if (d.category() == null || d.category().isBlank()) {
            p.add("category is missing");
        }
        d.icon().ifPresent(icon -> {
            if (!BusinessIcons.known(icon)) {
                p.add("icon '" + icon + "' is not one the kiosk draws; use one of " + String.join(", ", BusinessIcons.NAMES));
            }
        });
        if (d.steps().isEmpty()) {
            p.add("steps is empty");
        }
        Set<String> stepSeen = new HashSet<>();
        for (StepSpec s : d.steps()) {
            if (!STEP.matcher(s.type()).matches()) {
                p.add("step type '" + s.type() + "' must be upper-case letters, digits and '_'");
            }
            if (!stepSeen.add(s.type())) {
                p.add("step " + s.type() + " is listed twice");
            }
            s.idleTimeout().ifPresent(t -> {
                if (t.isNegative() || t.isZero()) {
                    p.add("step " + s.type() + " idle timeout must be positive");
                }
            });
        }
        if (d.feeFen() < 0) {
            p.add("feeFen must not be negative");
        }
        if (d.feeFen() > 0 && !stepSeen.contains(StepTypes.PAY)) {
            p.add("feeFen is " + d.feeFen() + " but there is no PAY step");
        }
        if (stepSeen.contains(StepTypes.PHOTO) && !d.photoNeeded()) {
            p.add("PHOTO step without photoSpec");
        }
        Set<String> names = new HashSet<>();
        for (FieldSpec f : d.fields()) {
            if (!NAME.matcher(f.name()).matches()) {
                p.add("field name '" + f.name() + "' is not a valid identifier");
            }
            if (!names.add(f.name())) {
                p.add("field '" + f.name() + "' is declared twice");
            }
            if (!f.label().has(LocalizedText.ZH)) {
                p.add("field '" + f.name() + "' has no zh-CN label");
            }
            if ((f.type() == FieldType.CHOICE || f.type() == FieldType.MULTI_CHOICE) && f.options().isEmpty()) {
                p.add("field '" + f.name() + "' is a choice without options");
            }
            if (f.maxLength() > 0 && f.minLength() > f.maxLength()) {
                p.add("field '" + f.name() + "' minLength > maxLength");
            }
            f.pattern().ifPresent(rx -> {
                try {
                    Pattern.compile(rx);
                } catch (PatternSyntaxException e) {
                    p.add("field '" + f.name() + "' pattern does not compile: " + e.getDescription());
                }
            });
        }
        if (!d.fields().isEmpty() && !stepSeen.contains(StepTypes.FORM)) {
            p.add("fields are declared but there is no FORM step");
        }
        Set<String> mats = new HashSet<>();
        for (MaterialSpec m : d.materials()) {
            if (!mats.add(m.code())) {
                p.add("material '" + m.code() + "' is declared twice");
            }
            if (m.minPages() < 0 || m.maxPages() < 1 || m.minPages() > m.maxPages()) {
                p.add("material '" + m.code() + "' page limits must satisfy 0 <= minPages <= maxPages, maxPages >= 1");
            }
        }
        return p;
    }
}
