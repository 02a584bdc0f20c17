package org.opendmv.payment.api;

/** Life of an order: CREATED → PENDING (QR shown) → PAID | CLOSED | FAILED; PAID → REFUNDED. */
public enum PaymentState {
    CREATED, PENDING, PAID, CLOSED, FAILED, REFUNDED;

    /** No further change is expected without an operator (refund). */
    public boolean isFinal() {
        return this == PAID || this == CLOSED || this == FAILED || this == REFUNDED;
    }
}
