package org.opendmv.central.internal;

/** A delivery the receiver refuses: the HTTP status and a short reason without any data from the request. */
final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }
}
