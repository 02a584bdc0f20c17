package org.opendmv.payment.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * @param outTradeNo  merchant order number (6–32 letters, digits, _ - |)
 * @param amountFen   total in fen, positive
 * @param description what the payer sees (≤127 bytes for WeChat)
 * @param timeExpire  last moment the order can be paid
 * @param notifyUrl   where the provider should send its notification; null to use the provider's configured one
 */
public record OrderRequest(String outTradeNo, long amountFen, String description, Instant timeExpire, String notifyUrl) {
    public OrderRequest {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeExpire, "timeExpire");
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }
}
