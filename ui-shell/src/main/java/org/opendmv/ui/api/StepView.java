package org.opendmv.ui.api;

import org.eclipse.swt.widgets.Composite;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The screen for one step type, registered as an OSGi service with the property
 * {@value #STEP_TYPE} = the step type id (for example {@code FORM}). A bundle that adds a step
 * type to the engine adds its view the same way; the shell picks the view with the highest
 * service ranking, so a bundle can also replace a built-in view.
 */
@ConsumerType
public interface StepView {
    /** Service property naming the step type this view draws. */
    String STEP_TYPE = "opendmv.ui.step.type";

    /**
     * Builds the step's widgets inside {@code parent} (which has a {@code GridLayout} of one
     * column and the theme's background). Called on the UI thread when the step is entered.
     */
    StepPanel open(Composite parent, ViewContext context);
}
