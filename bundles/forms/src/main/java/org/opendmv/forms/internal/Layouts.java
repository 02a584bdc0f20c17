package org.opendmv.forms.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.OfficialForms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The layouts this bundle can draw: the official two and the registered templates. */
final class Layouts {
    private static final Logger LOG = LoggerFactory.getLogger(Layouts.class);
    private final Map<FormTemplate, FormLayout> templates = new ConcurrentHashMap<>();

    void add(FormTemplate t) {
        FormLayout l = t.layout();
        if (OfficialForms.ids().contains(l.id())) {
            LOG.warn("Form template {} ignored: an official form has that id", l.id());
            return;
        }
        templates.put(t, l);
        LOG.info("Form template {} ({}) available", l.id(), l.title());
    }

    void remove(FormTemplate t) {
        FormLayout l = templates.remove(t);
        if (l != null) {
            LOG.info("Form template {} gone", l.id());
        }
    }

    Optional<FormLayout> layout(String kind) {
        Optional<FormLayout> o = OfficialForms.layout(kind);
        if (o.isPresent()) {
            return o;
        }
        return templates.values().stream().filter(l -> l.id().equals(kind)).findFirst();
    }

    /** The form's layout after checking the form against it. */
    FormLayout checked(FilledForm f) {
        FormLayout l = layout(f.kind()).orElseThrow(() -> new IllegalStateException("form template '" + f.kind()
                + "' is not installed"));
        check(f, l);
        return l;
    }

    /**
     * The form only uses the layout's boxes, fields and rows, and no value is longer than its field.
     *
     * @throws IllegalArgumentException naming the box, field or row (published ids), never a value
     */
    static void check(FilledForm f, FormLayout l) {
        for (String b : f.ticked()) {
            if (l.box(b).isEmpty()) {
                throw new IllegalArgumentException("box '" + b + "' is not on form '" + l.id() + "'");
            }
        }
        for (Map.Entry<String, String> e : f.values().entrySet()) {
            FieldDef def = l.field(e.getKey()).orElseThrow(() -> new IllegalArgumentException("field '" + e.getKey()
                    + "' is not on form '" + l.id() + "'"));
            String v = e.getValue();
            int n = v.codePointCount(0, v.length());
            if (n > def.maxLength()) {
                throw new IllegalArgumentException(def.id() + " is too long (" + n + " characters, at most "
                        + def.maxLength() + ")");
            }
        }
        for (String r : f.rows()) {
            if (l.boxes().stream().map(BoxDef::optionalRow).noneMatch(r::equals)) {
                throw new IllegalArgumentException("row '" + r + "' is not on form '" + l.id() + "'");
            }
        }
    }
}
