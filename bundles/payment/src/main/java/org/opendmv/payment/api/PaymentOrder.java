package org.opendmv.payment.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One payment order.
 *
 * @param outTradeNo    merchant order number, derived from the application serial
 * @param serial        application serial number (流水号)
 * @param amountFen     amount in fen
 * @param description   what the payer sees in the bill
 * @param codeUrl       text to show as a QR code (e.g. {@code weixin://wxpay/bizpayurl?pr=...}), null before PENDING
 * @param state         current state
 * @param expiresAt     last moment the order can be paid
 * @param transactionId provider's transaction id once paid, else null
 * @param message       plain reason for FAILED or CLOSED, else null
 */
public record PaymentOrder(String outTradeNo, String serial, long amountFen, String description, String codeUrl,
        PaymentState state, Instant expiresAt, String transactionId, String message) {
    public PaymentOrder {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(state, "state");
    }

    public PaymentOrder with(PaymentState newState, String newTransactionId, String newMessage) {
        return new PaymentOrder(outTradeNo, serial, amountFen, description, codeUrl, newState, expiresAt,
                newTransactionId == null ? transactionId : newTransactionId, newMessage);
    }
}
