package org.opendmv.engine.internal;

import java.time.Clock;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepContext;

/** A step context whose data includes what the step is about to complete with. */
final class DataOverlay implements StepContext {
    private final StepContext base;
    private final Map<String, Object> data;

    DataOverlay(StepContext base, Map<String, Object> data) {
        this.base = base;
        this.data = Collections.unmodifiableMap(data);
    }

    @Override
    public String sessionId() {
        return base.sessionId();
    }

    @Override
    public BusinessDescriptor business() {
        return base.business();
    }

    @Override
    public StepSpec step() {
        return base.step();
    }

    @Override
    public Locale locale() {
        return base.locale();
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public Map<String, EligibilityRule> rules() {
        return base.rules();
    }

    @Override
    public Clock clock() {
        return base.clock();
    }

    @Override
    public void post(Map<String, Object> input) {
        base.post(input);
    }
}
