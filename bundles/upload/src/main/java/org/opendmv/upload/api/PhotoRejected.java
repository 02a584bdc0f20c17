package org.opendmv.upload.api;

import java.util.Objects;

import org.opendmv.business.api.LocalizedText;

/** An uploaded photo that cannot become a licence photo, with a reason the citizen can act on. */
public final class PhotoRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final transient LocalizedText reason;

    public PhotoRejected(String code, LocalizedText reason) {
        super(code + ": " + reason.en());
        this.code = Objects.requireNonNull(code);
        this.reason = reason;
    }

    /** Stable code for tests and logs, e.g. {@code NOT_AN_IMAGE}, {@code TOO_SMALL}, {@code BACKGROUND}. */
    public String code() {
        return code;
    }

    /** What the phone page and the kiosk show, zh-CN and en. */
    public LocalizedText reason() {
        return reason;
    }
}
