package org.opendmv.payment.spi;

import java.util.Objects;

/**
 * @param outTradeNo  the paid order
 * @param outRefundNo merchant refund number (idempotency key of the refund)
 * @param refundFen   amount to refund in fen
 * @param totalFen    the order's total in fen
 * @param reason      shown to the payer, or null
 */
public record RefundRequest(String outTradeNo, String outRefundNo, long refundFen, long totalFen, String reason) {
    public RefundRequest {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(outRefundNo, "outRefundNo");
        if (refundFen <= 0 || refundFen > totalFen) {
            throw new IllegalArgumentException("refund must be positive and at most the total");
        }
    }
}
