package org.opendmv.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;

/**
 * FORM: the descriptor's fields. On entry the values it can pre-fill (from the ID card and the
 * records: a field's {@code prefill} source) arrive as progress data {@code form.<name>}, with
 * their names in {@code form.prefilled}. Submitted values are validated per field, then the
 * business's rules run again with the answers (e.g. a downgrade target the licence permits);
 * a rule's field error is shown next to the field. Input keys the descriptor does not declare are
 * ignored, so a UI cannot smuggle data in.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.FORM)
public final class FormStep implements StepType {
    static final String PREFIX = Facts.FORM_PREFIX;
    static final String PREFILLED = "form.prefilled";
    /** Descriptor property naming the plate field of a vehicle business. */
    static final String PLATE_FIELD = "form.plateField";

    @Override
    public String id() {
        return StepTypes.FORM;
    }

    @Override
    public void enter(StepContext ctx) {
        if (!ctx.data().containsKey(PREFILLED) && ctx.business().fields().stream().anyMatch(f -> f.prefill().isPresent())) {
            ctx.post(Map.of("prefill", true));
        }
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        if (Boolean.TRUE.equals(input.get("prefill")) && input.size() == 1) {
            return prefill(ctx);
        }
        BusinessDescriptor b = ctx.business();
        Map<String, LocalizedText> errors = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : b.fields()) {
            Object raw = input.get(f.name());
            String v = raw == null ? null : String.valueOf(raw).strip();
            if (v != null && f.type() == FieldType.PLATE) {
                v = v.toUpperCase();
            }
            Optional<LocalizedText> err = FieldValidation.check(f, v);
            if (err.isPresent()) {
                errors.put(f.name(), err.get());
            } else if (v != null && !v.isEmpty()) {
                values.put(PREFIX + f.name(), v);
            }
        }
        if (!errors.isEmpty()) {
            return StepResult.invalid(errors);
        }
        Map<String, Object> facts = new LinkedHashMap<>(ctx.data());
        facts.putAll(values);
        if (CheckStep.vehicleBusiness(b)) {
            String field = b.property(PLATE_FIELD, "plateNumber");
            Object plate = values.get(PREFIX + field);
            VehicleRecord chosen = eligibleVehicles(ctx).stream().filter(v -> v.plate().equals(plate)).findFirst().orElse(null);
            if (chosen == null) {
                return StepResult.invalid(Map.of(field, LocalizedText.of("请从可办理的车辆中选择号牌：" + ctx.data().getOrDefault(Facts.ELIGIBLE_PLATES, ""),
                        "Choose one of the eligible plates: " + ctx.data().getOrDefault(Facts.ELIGIBLE_PLATES, ""))));
            }
            facts.put(Facts.VEHICLE, chosen);
            values.put(Facts.VEHICLE, chosen);
        }
        RuleResult r = Rules.evaluate(b, ctx.rules(), facts, LocalDate.now(ctx.clock()));
        if (!r.isEligible()) {
            if (r.field().isPresent()) {
                return StepResult.invalid(Map.of(r.field().get(), r.reason().orElse(LocalizedText.of("请修改", "Please correct this"))));
            }
            return StepResult.refused(r);
        }
        Long fee = Fees.fromForm(b, values);
        if (fee != null) {
            values.put(Fees.KEY, fee);
        }
        return StepResult.completed(values);
    }

    @SuppressWarnings("unchecked")
    private static List<VehicleRecord> eligibleVehicles(StepContext ctx) {
        Object v = ctx.data().get(CheckStep.VEHICLES_OK);
        return v instanceof List ? (List<VehicleRecord>) v : List.of();
    }

    private StepResult prefill(StepContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (FieldSpec f : ctx.business().fields()) {
            if (ctx.data().containsKey(PREFIX + f.name()) || f.prefill().isEmpty()) {
                continue;
            }
            String v = resolve(f.prefill().get(), ctx.data());
            if (v != null && !v.isBlank() && FieldValidation.check(f, v).isEmpty()) {
                out.put(PREFIX + f.name(), v);
                names.add(f.name());
            }
        }
        out.put(PREFILLED, String.join(",", names));
        return StepResult.progress(out);
    }

    /**
     * A pre-fill source: a session key, {@code records.driver.<field>}, or {@code check.plates}
     * (first plate); several separated by {@code |} are tried in order.
     */
    static String resolve(String sources, Map<String, Object> data) {
        for (String s : sources.split("\\|")) {
            String v = resolveOne(s.strip(), data);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String resolveOne(String source, Map<String, Object> data) {
        if (source.equals(Facts.ELIGIBLE_PLATES)) {
            Object p = data.get(Facts.ELIGIBLE_PLATES);
            return p == null ? null : Arrays.stream(String.valueOf(p).split(",")).findFirst().orElse(null);
        }
        if (source.startsWith("records.driver.")) {
            Object d = data.get(Facts.DRIVER);
            if (!(d instanceof DriverRecord)) {
                return null;
            }
            DriverRecord r = (DriverRecord) d;
            switch (source.substring("records.driver.".length())) {
                case "mobile": return r.mobile();
                case "postcode": return r.postcode();
                case "address": return r.address();
                case "classes": return r.classesText();
                case "archiveNo": return r.archiveNo();
                default: return null;
            }
        }
        Object v = data.get(source);
        return v instanceof String || v instanceof Number || v instanceof LocalDate ? String.valueOf(v) : null;
    }
}
