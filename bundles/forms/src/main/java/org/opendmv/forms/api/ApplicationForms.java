package org.opendmv.forms.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Renders the official application form of a submitted application as a one-page A4 PDF, and the
 * content of the kiosk receipt. Configuration PID {@code org.opendmv.forms} (font path, receipt QR).
 */
@ProviderType
public interface ApplicationForms {

    /**
     * The PDF (one A4 portrait page) of the form {@link FilledForm#kind()}: one of {@link OfficialForms}
     * or a registered {@link FormTemplate}. Chinese text uses an embedded, subsetted TrueType CJK font.
     *
     * @throws IllegalArgumentException bad data (a box or field the form does not have, a value longer than
     *                                  its field, photo not a JPEG, signature not a PNG, image that cannot be
     *                                  decoded); the message names the field, never the value
     * @throws IllegalStateException    the form's template is not installed, or no usable CJK font (the
     *                                  message names the Debian package to install); trying later may work
     */
    byte[] render(FilledForm data);

    /**
     * Every tick box the form prints, in printed order, with the ones {@link #render} ticks. Pure: no
     * font, no PDF. Same checks as {@link #render}.
     *
     * @throws IllegalArgumentException a box or field the form does not have, a value too long
     * @throws IllegalStateException    the form's template is not installed
     */
    List<FormBox> boxes(FilledForm data);

    /** The layout of a form kind: an official form or an installed {@link FormTemplate}; empty if neither. */
    Optional<FormLayout> layout(String kind);

    /** The receipt: text lines for the receipt printer and the QR payload to look the application up. */
    ReceiptContent receipt(ReceiptData data);
}
