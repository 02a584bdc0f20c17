/**
 * Reads a business descriptor ({@code OSGI-INF/business/*.json}) exactly as the kiosk does when
 * a business bundle is deployed: the engine's registry, the test kit and the validator command
 * all go through here, so a mistake is reported the same way everywhere.
 */
@Export
@Version("1.0.0")
package org.opendmv.business.descriptor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
