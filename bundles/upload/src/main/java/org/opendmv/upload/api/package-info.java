/** The phone photo upload: one-time tickets for a visit and the licence-photo normaliser. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.opendmv.upload.api;
