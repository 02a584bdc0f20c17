package org.opendmv.devices.api;

/**
 * First status layer (after openHAB): is there a driver handler for the device and has it finished
 * initializing. The core owns the transitions into and out of these states; drivers report
 * {@link #READY} (or an {@link #UNINITIALIZED} error detail) from their handler.
 */
public enum Lifecycle {
    /** No working handler: see the {@link LifecycleDetail} for why (driver missing, bad config, ...). */
    UNINITIALIZED,
    /** A handler has been created and is initializing. */
    INITIALIZING,
    /** The handler is initialized; whether the device can work now is the {@link OperationalState}. */
    READY,
    /** The device instance is being removed from the configuration. */
    REMOVING
}
