package org.opendmv.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.osgi.service.component.annotations.Component;

/**
 * FORM: validates the descriptor's fields. Values are stored as {@code form.<name>}; input
 * keys the descriptor does not declare are ignored so a UI cannot smuggle data in.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.FORM)
public final class FormStep implements StepType {
    static final String PREFIX = "form.";

    @Override
    public String id() {
        return StepTypes.FORM;
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        Map<String, LocalizedText> errors = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : ctx.business().fields()) {
            Object raw = input.get(f.name());
            String v = raw == null ? null : String.valueOf(raw).strip();
            Optional<LocalizedText> err = FieldValidation.check(f, v);
            if (err.isPresent()) {
                errors.put(f.name(), err.get());
            } else if (v != null && !v.isEmpty()) {
                values.put(PREFIX + f.name(), v);
            }
        }
        return errors.isEmpty() ? StepResult.completed(values) : StepResult.invalid(errors);
    }
}
