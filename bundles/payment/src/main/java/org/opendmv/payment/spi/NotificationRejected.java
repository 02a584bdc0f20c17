package org.opendmv.payment.spi;

/** A notification that is not authentic, is stale, or cannot be decrypted; the message says which. */
public class NotificationRejected extends Exception {
    private static final long serialVersionUID = 1L;

    public NotificationRejected(String message, Throwable cause) {
        super(message, cause);
    }

    public NotificationRejected(String message) {
        super(message);
    }
}
