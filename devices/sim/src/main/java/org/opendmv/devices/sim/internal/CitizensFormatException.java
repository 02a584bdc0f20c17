package org.opendmv.devices.sim.internal;

/** The citizens resource is malformed (bad JSON, missing or invalid field). Never carries personal data. */
public final class CitizensFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    CitizensFormatException(String message) {
        super(message);
    }

    CitizensFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
