package org.opendmv.devices.serialsam.internal;

/** A malformed frame from the SAM module. */
final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind { BAD_LENGTH, BAD_CHECKSUM, BAD_DATA, SILENCE }

    final Kind kind;

    FrameException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }
}
