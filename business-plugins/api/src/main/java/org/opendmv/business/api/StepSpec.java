package org.opendmv.business.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One step of a business: the step type and an optional idle timeout that overrides the type's. */
public final class StepSpec {
    private final String type;
    private final Duration idleTimeout;

    public StepSpec(String type, Duration idleTimeout) {
        this.type = Objects.requireNonNull(type, "type");
        this.idleTimeout = idleTimeout;
    }

    public static StepSpec of(String type) {
        return new StepSpec(type, null);
    }

    /** Step type id, e.g. {@link StepTypes#FORM}. */
    public String type() {
        return type;
    }

    public Optional<Duration> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    @Override
    public String toString() {
        return type;
    }
}
