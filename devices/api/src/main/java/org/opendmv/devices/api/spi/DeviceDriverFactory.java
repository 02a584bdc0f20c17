package org.opendmv.devices.api.spi;

import java.util.Set;

import org.opendmv.devices.api.DeviceClass;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a driver bundle and registered as an OSGi service; the core tracks these services
 * dynamically and creates one {@link DeviceHandler} per configured device instance whose
 * {@code driver.type} equals {@link #driverType()}.
 *
 * <p>Unregistering the service (bundle stop, update, uninstall) disposes its handlers; their devices show
 * {@link org.opendmv.devices.api.LifecycleDetail#DRIVER_MISSING} until a factory of the same type returns.
 */
@ConsumerType
public interface DeviceDriverFactory {

    /** Driver type id, stable across versions, e.g. {@code "sim"} or {@code "huashi-cvr100"}. */
    String driverType();

    /** Device classes this driver can serve. */
    Set<DeviceClass> supportedClasses();

    /**
     * Creates a handler for one instance. Must be quick and must not touch hardware; that belongs in
     * {@link DeviceHandler#initialize()}. Called on a core thread, bounded by the core's lifecycle timeout.
     *
     * @param config the instance configuration; its class is one of {@link #supportedClasses()}
     * @param callback for status and error reports; valid until the handler is disposed
     */
    DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback);
}
