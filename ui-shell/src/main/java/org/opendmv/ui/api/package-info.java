/**
 * What a bundle needs to add a screen to the kiosk's touch UI: a {@link org.opendmv.ui.api.StepView}
 * service per step type, drawn with the shell's {@link org.opendmv.ui.api.Theme} so every screen
 * looks the same. Views run on the SWT UI thread only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.opendmv.ui.api;
