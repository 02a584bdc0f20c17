/**
 * Extension points for business bundles: eligibility rules that data cannot express, and new
 * step types. Both are plain OSGi services (register with DS {@code @Component}).
 */
@Export
@Version("1.3.0")
package org.opendmv.business.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
