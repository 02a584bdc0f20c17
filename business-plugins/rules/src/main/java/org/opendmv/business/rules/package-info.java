/**
 * Helpers for eligibility rules of the standard businesses: rule parameters read from the
 * descriptor (so [S3]/[I] facts stay data an integrator can change), status-code names, licence
 * class permissions, date windows and ready-made refusal texts in zh-CN and English.
 */
@Export
@Version("1.1.0")
package org.opendmv.business.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
