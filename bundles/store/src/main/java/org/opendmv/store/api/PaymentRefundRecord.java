package org.opendmv.store.api;

import java.time.Instant;

/**
 * A refund asked for (one row of {@code payment_refund}).
 *
 * @param outRefundNo merchant refund number (the provider's idempotency key), {@code <outTradeNo>R<n>}
 * @param outTradeNo  the refunded order
 * @param amountFen   refunded amount in fen
 * @param reason      reason given by staff, or null
 * @param status      REQUESTED until the provider answers, then its status (SUCCESS, PROCESSING, CLOSED, ABNORMAL)
 * @param refundId    provider's refund id, or null
 * @param createdAt   when staff asked
 * @param updatedAt   last change
 */
public record PaymentRefundRecord(String outRefundNo, String outTradeNo, long amountFen, String reason, String status,
        String refundId, Instant createdAt, Instant updatedAt) {
}
