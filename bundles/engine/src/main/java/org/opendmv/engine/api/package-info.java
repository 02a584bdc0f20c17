/**
 * The engine as the UI, the console and tests see it: the live business registry and visit
 * sessions with their step machine, deadlines and events.
 */
@Export
@Version("2.0.0")
package org.opendmv.engine.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
