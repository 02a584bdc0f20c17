package org.opendmv.payment.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What the provider says about one order, from a query or a verified notification. The core
 * cross-checks outTradeNo and amountFen against its stored order; the provider has already
 * checked mchid and appid against its own configuration.
 *
 * @param outTradeNo    merchant order number
 * @param state         trade state
 * @param amountFen     the order total the provider recorded (not what a coupon left the payer to pay), or -1 if not given
 * @param transactionId provider's transaction id, or null
 * @param message       provider's description of the state (trade_state_desc), or null
 * @param successTime   when it was paid, or null
 */
public record ProviderStatus(String outTradeNo, TradeState state, long amountFen, String transactionId,
        String message, Instant successTime) {
    public ProviderStatus {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(state, "state");
    }
}
