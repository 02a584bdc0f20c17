package org.opendmv.payment.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Orders for application fees. Thread-safe. */
@ProviderType
public interface PaymentService {
    /**
     * Creates an order for the application and asks the provider for a QR code. Calling it again
     * for the same serial while an order is still open returns that order: one application is
     * never charged twice.
     *
     * <p>The order is stored (CREATED) before the provider is asked; calling it again after a
     * failure retries the same out_trade_no. May block on the provider: never call it while
     * holding a lock a citizen waits on.
     *
     * @throws PaymentException if the provider cannot be reached (the order stays CREATED and is retried)
     */
    PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt);

    Optional<PaymentOrder> find(String outTradeNo);

    /** Orders of one application, oldest first. */
    List<PaymentOrder> forSerial(String serial);

    /** Asks the provider for the current state and records it. May block on the provider. */
    PaymentOrder query(String outTradeNo);

    /**
     * Closes an unpaid order (then queries once: a payment that raced the close is kept). May block
     * on the provider: never call it while holding a lock a citizen waits on.
     */
    PaymentOrder close(String outTradeNo);

    /**
     * Refunds a PAID order in full. The first refund is {@code out_refund_no = out_trade_no + "R1"}; a
     * refund that failed finally (the provider refused it, or it ended CLOSED or ABNORMAL) is
     * retried with the next number (R2, R3, …); a request whose answer was lost (network failure)
     * is repeated with the <em>same</em> number, so it is never carried out twice. Only a refund the
     * provider reports SUCCESS makes the order REFUNDED; a PROCESSING one leaves it PAID with the
     * message 退款处理中 and is followed by the core (refund query with backoff, also after a
     * restart) until it ends. Asking while a refund is PROCESSING sends nothing new. A REFUNDED
     * order is returned as it is.
     *
     * @param reason shown to the payer, or null
     * @throws PaymentException for an unknown order, an order that is not PAID, a refusal, or a provider that cannot be reached
     * @since 1.1
     */
    PaymentOrder refund(String outTradeNo, String reason);

    /**
     * The visit of this application left PAY without a confirmed payment. Closes its open orders (each
     * close ends with one more query: a payment that raced it wins) and cancels the application and
     * purges its personal data <em>only</em> when the provider confirmed every order closed and unpaid
     * (a compare-and-set: a payment recorded meanwhile wins). Otherwise the application is parked as
     * PAYMENT_UNSETTLED, data kept, and this service settles it later (paid: SUBMITTED once; confirmed
     * closed: cancelled and purged). Safe to call again. May block on the provider.
     *
     * @throws IllegalArgumentException for an unknown serial
     * @throws PaymentException if the application store is not available (nothing changed)
     * @since 1.2
     */
    Settlement abandon(String serial);

    /**
     * {@link #refund(String, String)}, recording who asked (audit log and the order's history).
     *
     * @param requestedBy the console user, or null for "system"
     * @since 1.2
     */
    default PaymentOrder refund(String outTradeNo, String reason, String requestedBy) {
        return refund(outTradeNo, reason);
    }

    void addListener(PaymentListener listener);

    void removeListener(PaymentListener listener);
}
