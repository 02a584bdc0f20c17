package org.opendmv.devices.api.spi;

import java.util.concurrent.ScheduledExecutorService;

import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the core to each {@link DeviceHandler}: where the driver reports status and errors, and
 * where it runs background work. Calls after the handler was disposed are ignored.
 */
@ProviderType
public interface DeviceCallback {

    /**
     * Reports the device's full current status (not a diff); the core publishes a change event when it
     * differs from the previous one. Callable from any thread.
     */
    void statusChanged(DeviceStatus status);

    /**
     * Reports an unsolicited error (paper out, SAM not answering). The event's device id and class are
     * set to the instance's by the core.
     */
    void error(DeviceErrorEvent event);

    /**
     * A scheduler for this handler's background work (polling, slow initialization). Owned by the core:
     * do not shut it down; tasks still pending when the handler is disposed are cancelled by the core.
     */
    ScheduledExecutorService scheduler();
}
