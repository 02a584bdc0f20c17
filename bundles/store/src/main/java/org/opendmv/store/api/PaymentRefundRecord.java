package org.opendmv.store.api;

import java.time.Instant;

/**
 * A refund asked for (one row of {@code payment_refund}).
 *
 * @param outRefundNo merchant refund number (the provider's idempotency key), {@code <outTradeNo>R<n>}
 * @param outTradeNo  the refunded order
 * @param amountFen   refunded amount in fen
 * @param reason      reason given by staff, or null
 * @param status      REQUESTED until the provider answers, then its status (SUCCESS, PROCESSING, CLOSED, ABNORMAL), or
 *                    REFUSED when the provider refused the request (see the {@code REFUND_*} constants of {@link PaymentOrders})
 * @param refundId    provider's refund id, or null
 * @param createdAt   when staff asked
 * @param updatedAt   last change
 * @param requestedBy who asked (console user name, or "system"); null for refunds recorded before it was kept
 */
public record PaymentRefundRecord(String outRefundNo, String outTradeNo, long amountFen, String reason, String status,
        String refundId, Instant createdAt, Instant updatedAt, String requestedBy) {

    /** Without the requester (as before 1.4). */
    public PaymentRefundRecord(String outRefundNo, String outTradeNo, long amountFen, String reason, String status,
            String refundId, Instant createdAt, Instant updatedAt) {
        this(outRefundNo, outTradeNo, amountFen, reason, status, refundId, createdAt, updatedAt, null);
    }

    /** Still to be settled by the provider: REQUESTED (no answer yet) or PROCESSING. */
    public boolean isUnfinished() {
        return PaymentOrders.REFUND_REQUESTED.equals(status) || PaymentOrders.REFUND_PROCESSING.equals(status);
    }
}
