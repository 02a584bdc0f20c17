package org.opendmv.forms.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a form offers: its published box and field ids, and short codes that stand for boxes (the
 * 业务类型/原因 codes of 机动车驾驶证申请表, e.g. {@code CA} → {@code dl.business.renewal}). A business
 * descriptor's {@code form} section names these ids; the engine checks them when the business is deployed.
 *
 * @param id     the form kind, e.g. {@value OfficialForms#DRIVER_LICENCE}; lower-case letters, digits and '-'
 * @param title  the printed title, e.g. 机动车驾驶证申请表
 * @param photo  whether the form has a photo box
 * @param boxes  every tick box in printed order
 * @param fields every field
 * @param codes  code → the boxes it ticks
 */
public record FormLayout(String id, String title, boolean photo, List<BoxDef> boxes, List<FieldDef> fields,
        Map<String, List<String>> codes) {

    public FormLayout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("form id must be lower-case letters, digits and '-': " + id);
        }
        boxes = List.copyOf(boxes);
        fields = List.copyOf(fields);
        Map<String, List<String>> c = new LinkedHashMap<>();
        (codes == null ? Map.<String, List<String>>of() : codes).forEach((k, v) -> c.put(k, List.copyOf(v)));
        codes = java.util.Collections.unmodifiableMap(c);
        Set<String> ids = new LinkedHashSet<>();
        for (BoxDef b : boxes) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("form " + id + ": box " + b.id() + " twice");
            }
        }
        for (BoxDef b : boxes) {
            for (String p : b.parents()) {
                if (!ids.contains(p)) {
                    throw new IllegalArgumentException("form " + id + ": box " + b.id() + " has an unknown parent " + p);
                }
            }
        }
        Set<String> fieldIds = new LinkedHashSet<>();
        for (FieldDef f : fields) {
            if (!fieldIds.add(f.id())) {
                throw new IllegalArgumentException("form " + id + ": field " + f.id() + " twice");
            }
        }
        codes.forEach((k, v) -> {
            if (ids.contains(k)) {
                throw new IllegalArgumentException("form " + id + ": code " + k + " is also a box id");
            }
            for (String b : v) {
                if (!ids.contains(b)) {
                    throw new IllegalArgumentException("form " + id + ": code " + k + " names an unknown box " + b);
                }
            }
        });
    }

    public Optional<BoxDef> box(String boxId) {
        return boxes.stream().filter(b -> b.id().equals(boxId)).findFirst();
    }

    public Optional<FieldDef> field(String fieldId) {
        return fields.stream().filter(f -> f.id().equals(fieldId)).findFirst();
    }

    /** The box ids a box id or a code stands for; empty when it is neither. */
    public List<String> expand(String boxOrCode) {
        if (box(boxOrCode).isPresent()) {
            return List.of(boxOrCode);
        }
        return codes.getOrDefault(boxOrCode, List.of());
    }

    /** Every box id, in printed order. */
    public List<String> boxIds() {
        List<String> out = new ArrayList<>();
        boxes.forEach(b -> out.add(b.id()));
        return out;
    }
}
