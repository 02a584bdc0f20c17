package org.opendmv.store.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored payment order (one row of {@code payment_order}). Holds no personal data: the serial,
 * amounts, the provider's ids and a plain message.
 *
 * @param outTradeNo    merchant order number (primary key), {@code <serial>P<attempt>}
 * @param serial        the application it pays for
 * @param provider      payment provider id (e.g. {@code sim}, {@code wechat}) the order was placed with
 * @param amountFen     amount in fen
 * @param description   what the payer sees in the bill
 * @param codeUrl       text of the QR code once the provider gave one, else null
 * @param state         one of {@link PaymentOrders#CREATED}, {@link PaymentOrders#PENDING}, {@link PaymentOrders#PAID},
 *                      {@link PaymentOrders#CLOSED}, {@link PaymentOrders#FAILED}, {@link PaymentOrders#REFUNDED}
 * @param expiresAt     last moment the order can be paid
 * @param transactionId provider's transaction id once paid, else null
 * @param message       plain note for staff (reason of a failure, "金额不符", "退款处理中"), else null
 * @param createdAt     when the row was written
 * @param updatedAt     last change
 */
public record PaymentOrderRecord(String outTradeNo, String serial, String provider, long amountFen, String description,
        String codeUrl, String state, Instant expiresAt, String transactionId, String message, Instant createdAt,
        Instant updatedAt) {
    public PaymentOrderRecord {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(state, "state");
    }

    /** CREATED or PENDING: the provider may still report a payment. */
    public boolean isOpen() {
        return PaymentOrders.CREATED.equals(state) || PaymentOrders.PENDING.equals(state);
    }
}
