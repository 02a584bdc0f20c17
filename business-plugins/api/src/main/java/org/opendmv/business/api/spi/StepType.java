package org.opendmv.business.api.spi;

import java.time.Duration;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of step (IDENTIFY, FORM, PAY...). The engine ships the standard ones; a bundle may
 * register more as OSGi services and list them in a descriptor's steps. A UI bundle adds a
 * matching view for a new step type.
 */
@ConsumerType
public interface StepType {
    /** Service property naming the step type; must equal {@link #id()}. */
    String STEP_TYPE = "step.type";

    /** Upper-case id used in descriptors. */
    String id();

    /**
     * Whether the citizen may go back to an earlier step once this step is done. False for
     * steps that cannot be undone: a card read, a payment, a submission.
     */
    default boolean allowsBackAfter() {
        return true;
    }

    /** Idle time before the "还在吗？" warning and then abandonment, unless the descriptor overrides it. */
    default Duration defaultIdleTimeout() {
        return Duration.ofSeconds(120);
    }

    /** Called when the session enters the step (arm devices, pre-fill). Must not block. */
    default void enter(StepContext context) {
    }

    /**
     * Input for the step (form values, a device result, a confirmation). Returns completed,
     * invalid with per-field messages, or refused. Must not block for long.
     */
    StepResult submit(StepContext context, Map<String, Object> input);

    /** Called when the session leaves the step, whatever the reason (disarm devices). */
    default void exit(StepContext context) {
    }
}
