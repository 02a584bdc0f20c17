/**
 * The central's view of the fleet and its kiosk provisioning.
 *
 * <ul>
 * <li>{@link org.opendmv.central.api.FleetView}: kiosks (office, last heartbeat, versions, device states, error
 * events) and the applications they delivered — counts, states and references only, never personal data.</li>
 * <li>{@link org.opendmv.central.api.KioskProvisioning}: registers a kiosk and issues its bearer token (shown
 * once; the central keeps only its SHA-256), renews or revokes it.</li>
 * </ul>
 */
@Export
@Version("0.1.0")
package org.opendmv.central.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
