package org.opendmv.payment.api;

/** What became of an application whose visit left PAY without a confirmed payment ({@link PaymentService#abandon}). */
public enum Settlement {
    /** Every order was confirmed closed and unpaid: the application is CANCELLED, its personal data purged. */
    CANCELLED,
    /** An order turned out paid: the application is PAID and SUBMITTED (once). */
    PAID,
    /**
     * The provider could not confirm (unreachable, close refused, the payer still paying, an order
     * awaiting staff): the application is PAYMENT_UNSETTLED with its data kept, and the payment core
     * settles it later.
     */
    UNSETTLED
}
