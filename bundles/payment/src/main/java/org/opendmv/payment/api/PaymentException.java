package org.opendmv.payment.api;

/** The provider could not be reached or refused the request; the message is safe to show staff. */
public class PaymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PaymentException(String message, Throwable cause) {
        super(message, cause);
    }

    public PaymentException(String message) {
        super(message);
    }
}
