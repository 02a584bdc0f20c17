package org.opendmv.store.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Payment orders, kept in the same database as the applications so that "the order is paid" and
 * "the application is paid" can change in one transaction ({@link #markPaid}). Every state change
 * appends a history row. No personal data is stored here.
 */
@ProviderType
public interface PaymentOrders {
    String CREATED = "CREATED";
    String PENDING = "PENDING";
    String PAID = "PAID";
    String CLOSED = "CLOSED";
    String FAILED = "FAILED";
    String REFUNDED = "REFUNDED";

    /** Refund statuses ({@link PaymentRefundRecord#status()}): written, the provider has not answered yet. */
    String REFUND_REQUESTED = "REQUESTED";
    /** The provider accepted the refund and is still carrying it out. */
    String REFUND_PROCESSING = "PROCESSING";
    /** The money is back with the payer. */
    String REFUND_SUCCESS = "SUCCESS";
    /** The provider closed the refund: nothing was returned. */
    String REFUND_CLOSED = "CLOSED";
    /** The provider could not return the money (e.g. the payer's bank card is closed); staff act at the merchant platform. */
    String REFUND_ABNORMAL = "ABNORMAL";
    /** The provider refused the request (never carried out). */
    String REFUND_REFUSED = "REFUSED";

    /**
     * Writes a new order in state CREATED and commits it; call it before asking the provider, so a
     * crash after the provider's answer leaves a row the reconciler can find.
     *
     * @throws IllegalArgumentException for an unknown serial or an out_trade_no that exists already
     */
    PaymentOrderRecord insert(String outTradeNo, String serial, String provider, long amountFen, String description,
            Instant expiresAt);

    /**
     * Compare-and-set: moves the order from {@code expectedState} to {@code newState} (equal states:
     * only the message changes and a note is recorded) and appends a history row, in one transaction.
     *
     * @param codeUrl new QR text, or null to keep the stored one
     * @param message new message (null clears it)
     * @param note    history note, or null
     * @return the order after the change, or empty if its state was not {@code expectedState} (or it does not exist)
     */
    Optional<PaymentOrderRecord> changeState(String outTradeNo, String expectedState, String newState, String codeUrl,
            String message, String note);

    Optional<PaymentOrderRecord> order(String outTradeNo);

    /** Orders of one application, oldest first. */
    List<PaymentOrderRecord> ordersOf(String serial);

    /** Most recently changed first; {@code state} null for all states. */
    List<PaymentOrderRecord> recentOrders(int max, String state);

    /** Orders in CREATED or PENDING, oldest first (the reconciler's work list). */
    List<PaymentOrderRecord> openOrders();

    /** PAID orders whose application has no payment reference yet (a crash between the two). */
    List<PaymentOrderRecord> paidNotApplied();

    /** History of one order, oldest first. */
    List<PaymentOrderChange> orderHistory(String outTradeNo);

    /**
     * In one transaction: moves the order to PAID (from CREATED, PENDING, CLOSED or FAILED: a payment
     * the provider confirms always wins; a PAID or REFUNDED order is left as it is), records the
     * transaction id, and — only if the application has no payment reference yet — sets the
     * application's payment reference to the out_trade_no and appends its statuses PAID then SUBMITTED
     * (only PAID if its personal data was purged already: the visit had been given up). Calling it
     * again, or concurrently, changes nothing more: exactly once.
     *
     * @throws IllegalArgumentException for an unknown order
     */
    PaidOutcome markPaid(String outTradeNo, String transactionId, String note);

    /**
     * Records a refund request before the provider is asked.
     *
     * @return false if a refund with this number exists already (it is then left as it is)
     */
    default boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason) {
        return insertRefund(outRefundNo, outTradeNo, amountFen, reason, null);
    }

    /**
     * Records a refund request before the provider is asked; the audit log names who asked.
     *
     * @param requestedBy console user who asked, or null for "system"
     * @return false if a refund with this number exists already (it is then left as it is)
     * @since 1.4
     */
    boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason, String requestedBy);

    /** The provider's answer to a refund (a change of status is audited). */
    void updateRefund(String outRefundNo, String status, String refundId);

    /** Refunds of one order, oldest first. */
    List<PaymentRefundRecord> refunds(String outTradeNo);

    /**
     * Refunds the provider has not settled yet ({@link #REFUND_REQUESTED}, {@link #REFUND_PROCESSING}), oldest first:
     * the refund follower's work list after a restart.
     *
     * @since 1.4
     */
    List<PaymentRefundRecord> unfinishedRefunds();
}
