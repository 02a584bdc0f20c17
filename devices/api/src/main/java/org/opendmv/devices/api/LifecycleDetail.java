package org.opendmv.devices.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why a device is in its {@link Lifecycle} state. Each detail is valid only with some lifecycle values
 * ({@link #appliesTo(Lifecycle)}); {@link DeviceStatus} refuses other pairs, so that e.g. "READY because
 * the driver is missing" cannot be expressed.
 */
public enum LifecycleDetail {
    /** Nothing to add. Valid with every lifecycle. */
    NONE(EnumSet.allOf(Lifecycle.class)),
    /** The handler is still opening the device. */
    NOT_YET_READY(EnumSet.of(Lifecycle.INITIALIZING)),
    /** The configuration is incomplete and waits for an operator. */
    CONFIGURATION_PENDING(EnumSet.of(Lifecycle.UNINITIALIZED, Lifecycle.INITIALIZING)),
    /** No installed driver bundle provides the configured driver type (not installed, or being updated). */
    DRIVER_MISSING(EnumSet.of(Lifecycle.UNINITIALIZED)),
    /** The instance configuration is invalid (unknown property value, unsupported device class, ...). */
    CONFIGURATION_ERROR(EnumSet.of(Lifecycle.UNINITIALIZED)),
    /** Creating or initializing the handler failed or did not return in time. */
    INITIALIZING_ERROR(EnumSet.of(Lifecycle.UNINITIALIZED)),
    /** An operator disabled the device. */
    DISABLED(EnumSet.of(Lifecycle.UNINITIALIZED));

    private final Set<Lifecycle> validWith;

    LifecycleDetail(Set<Lifecycle> validWith) {
        this.validWith = validWith;
    }

    /** Whether this detail may accompany {@code lifecycle}. */
    public boolean appliesTo(Lifecycle lifecycle) {
        return validWith.contains(lifecycle);
    }
}
