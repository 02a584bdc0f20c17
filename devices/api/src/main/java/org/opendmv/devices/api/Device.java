package org.opendmv.devices.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A piece of kiosk hardware. Every device class interface ({@link IdCardReader}, {@link ReceiptPrinter},
 * ...) extends this one and adds its commands.
 *
 * <p>Drivers implement the class interfaces; business flows receive them from the
 * the core's {@code DeviceManager}, which hands out a stable wrapper that queues commands, enforces deadlines and
 * keeps working (refusing with {@link CompletionCode#DEVICE_NOT_READY}) while the driver is missing.
 */
@ConsumerType
public interface Device {

    /** Identity of the device: instance id, class, driver type, vendor, model. Never {@code null}. */
    DeviceInfo info();

    /**
     * Current status snapshot. A driver returns the status it last reported through
     * {@link org.opendmv.devices.api.spi.DeviceCallback#statusChanged(DeviceStatus)}; the wrapper handed to
     * flows returns the core's view, which also covers a missing driver.
     */
    DeviceStatus status();
}
