package org.opendmv.devices.sanescanner.internal;

/** Typed failure of a parser of scanner output (image headers, device lists). */
final class ScanOutputException extends Exception {
    private static final long serialVersionUID = 1L;

    ScanOutputException(String message) {
        super(message);
    }
}
