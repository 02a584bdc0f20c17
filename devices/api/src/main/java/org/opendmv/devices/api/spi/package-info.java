/**
 * Driver SPI: how a vendor bundle plugs hardware into the kiosk (lifecycle after openHAB's
 * {@code ThingHandlerFactory}/{@code ThingHandler}).
 *
 * <h2>Writing a driver</h2>
 * Extend {@link org.opendmv.devices.api.spi.BaseDeviceHandler} (since 1.1): it does status, polling,
 * dispose, configuration errors, deadlines and wiping of late results for you, and reads typed
 * configuration with {@link org.opendmv.devices.api.spi.DeviceInstanceConfig#as(Class)}. What it does, step
 * by step:
 * <ol>
 * <li>In a bundle that exports nothing (all code in an {@code internal} package), register a
 * {@link org.opendmv.devices.api.spi.DeviceDriverFactory} as an OSGi service, e.g. a DS
 * {@code @Component(service = DeviceDriverFactory.class)}, returning your {@code driverType()}
 * ({@code "acme-idcard"}) and supported classes.</li>
 * <li>{@code createHandler(config, callback)} returns a new {@link org.opendmv.devices.api.spi.DeviceHandler}
 * per configured device instance; read your own keys with {@code config.property("port")}.</li>
 * <li>{@code initialize()} returns quickly: open the device on {@code callback.scheduler()} and report
 * {@code callback.statusChanged(DeviceStatus.ready(ONLINE))}, or {@code ready(OFFLINE)} / an
 * {@code uninitialized(CONFIGURATION_ERROR, ...)} status; do not throw for expected problems.</li>
 * <li>{@code device()} returns your implementation of the class interface (e.g.
 * {@link org.opendmv.devices.api.IdCardReader}); commands report progress with
 * {@code ctx.event(...)}, stop when {@code ctx} is cancelled, and fail with
 * {@link org.opendmv.devices.api.DeviceException}.</li>
 * <li>{@code dispose()} is fast: cancel your tasks, release OS handles (port, PC/SC context), and stop
 * calling the callback.</li>
 * </ol>
 * The core creates, initializes and disposes handlers on its own threads with a timeout, runs one command
 * at a time per device, and keeps the device instance (its configuration under the factory PID
 * {@value org.opendmv.devices.api.spi.DeviceInstanceConfig#FACTORY_PID}) when your bundle is updated: the
 * device shows {@code DRIVER_MISSING} meanwhile and is rebuilt when the factory returns.
 */
@Export
@Version("1.1.0")
package org.opendmv.devices.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
