package org.opendmv.devices.manager.api;

import org.opendmv.devices.api.DeviceErrorEvent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives device status changes and unsolicited errors. Register with
 * {@link DeviceManager#addListener(DeviceListener)} or as an OSGi service (whiteboard).
 *
 * <p>Events are delivered in order on one core thread: return quickly, and hand UI work over to the UI
 * thread. Exceptions are logged and ignored.
 */
@ConsumerType
public interface DeviceListener {

    /** A device's status changed. */
    default void statusChanged(DeviceStatusEvent event) {
    }

    /** A device reported an unsolicited error. */
    default void error(DeviceErrorEvent event) {
    }
}
