/**
 * What the core offers flows, the UI, the console and health checks about devices: the device registry
 * ({@link org.opendmv.devices.manager.api.DeviceManager}), snapshots and status events. Drivers never use
 * this package; it is kept apart from {@code org.opendmv.devices.api} so that its changes do not force
 * every driver to be rebuilt.
 */
@Export
@Version("1.0.0")
package org.opendmv.devices.manager.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
