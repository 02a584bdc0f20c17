package org.opendmv.console.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.store.api.PaymentOrderChange;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;

/**
 * Asks the order's provider now and records the answer (a payment found completes the
 * application, exactly once). Restricted to the admin role by etc/org.apache.karaf.command.acl.kiosk.cfg.
 */
@Service
@Command(scope = "kiosk", name = "payment-query", description = "Asks the payment provider about one order now; prints old -> new state and its history")
public class PaymentQueryCommand implements Action {
    @Reference
    PaymentService payments;

    @Reference
    PaymentOrders orders;

    @Argument(index = 0, name = "out_trade_no", required = true, description = "The order (see kiosk:payments)")
    @Completion(PaymentOrderCompleter.class)
    String outTradeNo;

    @Override
    public Object execute() {
        run(payments, orders, outTradeNo, System.out);
        return null;
    }

    static void run(PaymentService payments, PaymentOrders orders, String outTradeNo, PrintStream out) {
        PaymentOrderRecord before = Payments.order(orders, outTradeNo);
        PaymentOrder after;
        try {
            after = payments.query(before.outTradeNo());
        } catch (PaymentException e) {
            throw new IllegalStateException("provider '" + before.provider() + "' could not be asked: " + e.getMessage(), e);
        }
        out.println(before.outTradeNo() + ": " + before.state() + " -> " + after.state() + "  " + Payments.yuan(before.amountFen())
                + "  provider " + before.provider() + (after.transactionId() == null ? "" : "  transaction " + after.transactionId())
                + (after.message() == null ? "" : "  (" + after.message() + ")"));
        out.println("history:");
        for (PaymentOrderChange c : orders.orderHistory(before.outTradeNo())) {
            out.println("  " + Payments.TIME.format(c.at()) + "  " + (c.fromState() == null ? "" : c.fromState() + " -> ") + c.toState()
                    + (c.note() == null ? "" : "  " + c.note()));
        }
        for (PaymentRefundRecord r : orders.refunds(before.outTradeNo())) {
            out.println("refund " + r.outRefundNo() + "  " + Payments.yuan(r.amountFen()) + "  " + r.status() + "  "
                    + Payments.TIME.format(r.updatedAt()) + "  asked by " + (r.requestedBy() == null ? "?" : r.requestedBy())
                    + " at " + Payments.TIME.format(r.createdAt()) + (r.reason() == null ? "" : "  reason: " + r.reason())
                    + (r.isUnfinished() ? "  (followed until SUCCESS, CLOSED or ABNORMAL)" : ""));
        }
    }
}
