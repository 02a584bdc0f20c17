package org.opendmv.store.api;

/**
 * What {@link PaymentOrders#markPaid} did.
 *
 * @param order              the order after the call
 * @param orderChanged       the order moved to PAID in this call
 * @param applicationChanged the application got its payment reference and statuses PAID, SUBMITTED in this call
 * @param applicationPaymentRef the application's payment reference after the call; not the order's own
 *                           out_trade_no means the application was already paid by another order (paid twice:
 *                           one must be refunded)
 * @param applicationGivenUp the application had been cancelled and purged (the visit ended unpaid) before this
 *                           payment arrived: it got the status PAID only; staff refund or call the citizen
 */
public record PaidOutcome(PaymentOrderRecord order, boolean orderChanged, boolean applicationChanged,
        String applicationPaymentRef, boolean applicationGivenUp) {
    /** The application is paid by a different order: this payment is a second one. */
    public boolean paidTwice() {
        return applicationPaymentRef != null && !applicationPaymentRef.equals(order.outTradeNo());
    }
}
