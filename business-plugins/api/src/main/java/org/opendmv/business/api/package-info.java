/**
 * Business descriptor model: what a business bundle declares (code, names, category, steps,
 * form fields, materials, fee, photo spec). A business bundle ships a JSON descriptor named
 * by the {@code OpenDMV-Business} manifest header; the engine's extender finds it.
 */
@Export
@Version("1.2.0")
package org.opendmv.business.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
