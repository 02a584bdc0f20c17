package org.opendmv.business.api.spi;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepSpec;
import org.osgi.annotation.versioning.ProviderType;

/** The session as one step sees it. Implemented by the engine. */
@ProviderType
public interface StepContext {
    String sessionId();

    BusinessDescriptor business();

    StepSpec step();

    Locale locale();

    /** Data collected so far (read-only view); keys are namespaced, e.g. {@code form.mobile}. */
    Map<String, Object> data();

    /** Rules listed by the business and currently available, keyed by id. */
    Map<String, EligibilityRule> rules();

    /** The engine's clock: "today" for date rules, so tests and simulations can fix it. */
    Clock clock();

    /**
     * Delivers input to this step later, from any thread (a device result, a photo upload): the
     * engine calls {@link StepType#submit} with it as if the UI had. Ignored once the session has
     * left this step or ended, so a late device result cannot land in the wrong step.
     */
    void post(Map<String, Object> input);

    /**
     * How long this step waits for the citizen now: its idle timeout after the kiosk's scaling and
     * the visit's pace (elder mode is slower). A step whose work must end with the countdown (a
     * payment order's expiry) uses this, not {@link StepSpec#idleTimeout()}.
     *
     * @since 1.2
     */
    default java.time.Duration effectiveIdleTimeout() {
        return step().idleTimeout().orElse(java.time.Duration.ofSeconds(120));
    }
}
