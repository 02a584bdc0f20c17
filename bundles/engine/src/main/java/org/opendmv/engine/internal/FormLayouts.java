package org.opendmv.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.OfficialForms;

/** The form layouts a descriptor may name: the official two and the {@link FormTemplate} services present. */
final class FormLayouts {
    private final Map<FormTemplate, FormLayout> templates = new ConcurrentHashMap<>();

    /** Adds a template; returns its layout, or null when it was ignored (an official id, or a broken template). */
    FormLayout add(FormTemplate t) {
        FormLayout l;
        try {
            l = t.layout();
        } catch (RuntimeException e) {
            return null;
        }
        if (l == null || OfficialForms.ids().contains(l.id())) {
            return null;
        }
        templates.put(t, l);
        return l;
    }

    void remove(FormTemplate t) {
        templates.remove(t);
    }

    Optional<FormLayout> layout(String kind) {
        Optional<FormLayout> o = OfficialForms.layout(kind);
        return o.isPresent() ? o : templates.values().stream().filter(l -> l.id().equals(kind)).findFirst();
    }

    /** Installed form ids, sorted. */
    List<String> ids() {
        TreeSet<String> ids = new TreeSet<>(OfficialForms.ids());
        templates.values().forEach(l -> ids.add(l.id()));
        return new ArrayList<>(ids);
    }
}
