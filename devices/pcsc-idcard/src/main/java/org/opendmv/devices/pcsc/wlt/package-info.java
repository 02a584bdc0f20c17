/** The one thing a licensed WLT photo decoder vendor implements. */
@Export
@Version("1.0.0")
package org.opendmv.devices.pcsc.wlt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
