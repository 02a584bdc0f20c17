/**
 * Driver conformance suite and shared test doubles for device drivers (JUnit 4, test scope).
 *
 * <p>A vendor adds one test class extending {@link org.opendmv.devices.testkit.DriverConformanceTest}
 * and describes the driver with {@link org.opendmv.devices.testkit.DriverUnderTest}. The doubles
 * ({@link org.opendmv.devices.testkit.RecordingCallback}, {@link org.opendmv.devices.testkit.VirtualIdCard},
 * {@link org.opendmv.devices.testkit.SyntheticPortrait}) are for the driver's own unit tests as well.
 */
@Export
@Version("1.0.0")
package org.opendmv.devices.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
