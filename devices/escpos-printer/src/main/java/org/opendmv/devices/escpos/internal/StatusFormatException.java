package org.opendmv.devices.escpos.internal;

/** A status reply that is not an ESC/POS real-time status byte. */
final class StatusFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    StatusFormatException(String message) {
        super(message);
    }
}
