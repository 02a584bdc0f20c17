/**
 * Applications, their status history, payment orders, the back-office outbox, and the audit log. Personal
 * data is encrypted at rest.
 */
@Export
@Version("1.4.0")
package org.opendmv.store.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
