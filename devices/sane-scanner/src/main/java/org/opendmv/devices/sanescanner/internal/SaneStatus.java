package org.opendmv.devices.sanescanner.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * SANE_Status values. {@code scanimage} exits with the status of the failing SANE call, and prints
 * {@code sane_strstatus()} text (in the C locale, which the driver forces) on stderr.
 */
enum SaneStatus {
    GOOD(0, "Success"),
    UNSUPPORTED(1, "Operation not supported"),
    CANCELLED(2, "Operation was cancelled"),
    DEVICE_BUSY(3, "Device busy"),
    INVAL(4, "Invalid argument"),
    EOF(5, "End of file reached"),
    JAMMED(6, "Document feeder jammed"),
    NO_DOCS(7, "Document feeder out of documents"),
    COVER_OPEN(8, "Scanner cover is open"),
    IO_ERROR(9, "Error during device I/O"),
    NO_MEM(10, "Out of memory"),
    ACCESS_DENIED(11, "Access to resource has been denied");

    private final int code;
    private final String text;

    SaneStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    int code() {
        return code;
    }

    static Optional<SaneStatus> ofCode(int code) {
        for (SaneStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The status whose {@code sane_strstatus} text ends {@code message} (case-insensitive). */
    static Optional<SaneStatus> ofMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String m = message.trim().toLowerCase(Locale.ROOT);
        for (SaneStatus s : values()) {
            if (s != GOOD && m.endsWith(s.text.toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
