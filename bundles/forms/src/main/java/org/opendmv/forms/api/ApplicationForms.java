package org.opendmv.forms.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Renders the official application form of a submitted application as a one-page A4 PDF, and the
 * content of the kiosk receipt. Configuration PID {@code org.opendmv.forms} (font path, receipt QR).
 */
@ProviderType
public interface ApplicationForms {

    /**
     * The PDF (one A4 portrait page) of the form {@link FormKind#forBusiness} names for the business.
     * Chinese text uses an embedded, subsetted TrueType CJK font.
     *
     * @throws IllegalArgumentException bad data (unknown business, an unknown reason value, photo not a JPEG,
     *                                  signature not a PNG, image that cannot be decoded); the message names the field
     * @throws IllegalStateException    no usable CJK font (the message names the Debian package to install)
     */
    byte[] render(FormData data);

    /**
     * Every tick box of the form in printed order, with the ones {@link #render} ticks for this
     * business and reason. Pure: no font, no PDF.
     *
     * @throws IllegalArgumentException unknown business or reason
     */
    List<FormBox> boxes(FormData data);

    /** The receipt: text lines for the receipt printer and the QR payload to look the application up. */
    ReceiptContent receipt(ReceiptData data);
}
