package org.opendmv.forms.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A form outside the two official ones, contributed by a bundle as an OSGi service. The forms bundle
 * draws it with its generic layout: header (serial, kiosk, date, title, QR code of the serial), one
 * cell per field, one row of boxes per group (optional rows only on request), the photo when the layout
 * has one, the signature and a footer. A business descriptor uses it with {@code "form": {"kind": "<id>"}};
 * the business waits (listed as {@code FORM_MISSING}) until the template is registered.
 *
 * <p>A template cannot replace an official form: one with the id of {@link OfficialForms} is ignored.
 */
@ConsumerType
public interface FormTemplate {
    /** The layout; the same value every time. */
    FormLayout layout();
}
