package org.opendmv.console.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;

/**
 * Refunds a PAID order in full. Asks for no confirmation (it must work in batch mode) but says
 * exactly what it did. Restricted to the admin role by etc/org.apache.karaf.command.acl.kiosk.cfg.
 */
@Service
@Command(scope = "kiosk", name = "refund", description = "Refunds a PAID payment order in full (admin only)")
public class RefundCommand implements Action {
    @Reference
    PaymentService payments;

    @Reference
    PaymentOrders orders;

    @Argument(index = 0, name = "out_trade_no", required = true, description = "The PAID order (see kiosk:payments --state PAID)")
    @Completion(PaymentOrderCompleter.class)
    String outTradeNo;

    @Option(name = "-r", aliases = "--reason", description = "Reason shown to the payer (at most 80 characters)")
    String reason;

    @Override
    public Object execute() {
        run(payments, orders, outTradeNo, reason, System.out);
        return null;
    }

    static void run(PaymentService payments, PaymentOrders orders, String outTradeNo, String reason, PrintStream out) {
        PaymentOrderRecord before = Payments.order(orders, outTradeNo);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > 80) {
            throw new IllegalArgumentException("--reason is longer than 80 characters");
        }
        if ("REFUNDED".equals(before.state())) {
            out.println(before.outTradeNo() + " was refunded already" + (before.message() == null ? "" : " (" + before.message() + ")"));
            return;
        }
        if (!"PAID".equals(before.state())) {
            throw new IllegalArgumentException("order " + before.outTradeNo() + " is " + before.state() + "; only a PAID order can be refunded");
        }
        PaymentOrder after;
        try {
            after = payments.refund(before.outTradeNo(), why);
        } catch (PaymentException e) {
            throw new IllegalStateException("refund of " + before.outTradeNo() + " failed: " + e.getMessage(), e);
        }
        out.println("refund of " + before.outTradeNo() + " (" + Payments.yuan(before.amountFen()) + ", application " + before.serial()
                + ", provider " + before.provider() + "): " + before.state() + " -> " + after.state()
                + (after.message() == null ? "" : " (" + after.message() + ")"));
    }
}
