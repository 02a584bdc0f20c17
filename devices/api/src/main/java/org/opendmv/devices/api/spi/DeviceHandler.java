package org.opendmv.devices.api.spi;

import org.opendmv.devices.api.Device;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One device instance served by a driver, created by {@link DeviceDriverFactory#createHandler}. The core
 * calls {@link #initialize()} once, then {@link #device()} commands, then {@link #dispose()} once, each
 * on the device's own core thread and bounded by a timeout (5 s by default).
 */
@ConsumerType
public interface DeviceHandler {

    /**
     * Starts the handler. Non-blocking: do slow work (opening a port, loading a model) on
     * {@link DeviceCallback#scheduler()} and report the result through
     * {@link DeviceCallback#statusChanged}. Expected problems (device unplugged, bad setting) are reported
     * as a status, e.g. {@code DeviceStatus.ready(OFFLINE)} or
     * {@code DeviceStatus.uninitialized(CONFIGURATION_ERROR, "port missing")}, never thrown; an exception
     * or a call that does not return in time leaves the device in {@code INITIALIZING_ERROR}.
     */
    void initialize();

    /**
     * Stops the handler, fast: cancel scheduled tasks, release OS handles, stop calling the callback
     * (late calls are dropped anyway). Also called after {@link #initialize()} failed.
     */
    void dispose();

    /**
     * The device object implementing the instance's class interface (e.g.
     * {@link org.opendmv.devices.api.IdCardReader}); often the handler itself. Read once after
     * {@link #initialize()} returns.
     */
    Device device();
}
