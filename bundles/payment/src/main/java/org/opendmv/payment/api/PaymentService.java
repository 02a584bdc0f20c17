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
     * Refunds a PAID order in full (out_refund_no = out_trade_no + "R1", so asking again repeats the
     * same refund, never a second one). The order becomes REFUNDED when the provider accepts the
     * refund (SUCCESS, or PROCESSING: then its message says so); otherwise it stays PAID and its
     * message says why. A REFUNDED order is returned as it is.
     *
     * @param reason shown to the payer, or null
     * @throws PaymentException for an unknown order, an order that is not PAID, or a provider that cannot be reached
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

    void addListener(PaymentListener listener);

    void removeListener(PaymentListener listener);
}
