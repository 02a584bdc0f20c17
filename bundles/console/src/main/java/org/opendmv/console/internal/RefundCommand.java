package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;

/**
 * Refunds a PAID order in full. Asks for no confirmation (it must work in batch mode) but says
 * exactly what it did; the refund's audit entry and the order's history name the console user.
 * Restricted to the admin role by etc/org.apache.karaf.command.acl.kiosk.cfg.
 *
 * <p>Karaf stops reading options at the first argument, so {@code kiosk:refund <no> --reason x}
 * (the documented order) would be "too many arguments": whatever follows the order number is
 * taken here and read as {@code --reason}/{@code -r} by this command itself. Both orders work.
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

    @Argument(index = 1, name = "--reason text", required = false, multiValued = true,
            description = "The options may also follow the order number: kiosk:refund <out_trade_no> --reason text")
    List<String> trailing;

    @Option(name = "-r", aliases = "--reason", description = "Reason shown to the payer (at most 80 characters)")
    String reason;

    @Override
    public Object execute() {
        run(payments, orders, outTradeNo, reason(reason, trailing), currentUser(), System.out);
        return null;
    }

    /** The reason from {@code --reason} before the order number or from the words after it. */
    static String reason(String before, List<String> after) {
        if (after == null || after.isEmpty()) {
            return before;
        }
        String found = null;
        for (int i = 0; i < after.size(); i++) {
            String a = after.get(i);
            String value;
            if (a.equals("-r") || a.equals("--reason")) {
                if (i + 1 >= after.size()) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                value = after.get(++i);
            } else if (a.startsWith("--reason=") || a.startsWith("-r=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else {
                throw new IllegalArgumentException("unexpected '" + a + "' after the order number; only --reason text may follow it "
                        + "(quote a reason with spaces)");
            }
            if (found != null || before != null) {
                throw new IllegalArgumentException("--reason given twice");
            }
            found = value;
        }
        return found;
    }

    /** The console user (the JAAS Subject of the shell session), or "system" when there is none. */
    static String currentUser() {
        String user = ShellUtil.getCurrentUserName();
        return user == null || user.isBlank() ? "system" : user;
    }

    static void run(PaymentService payments, PaymentOrders orders, String outTradeNo, String reason, PrintStream out) {
        run(payments, orders, outTradeNo, reason, "system", out);
    }

    static void run(PaymentService payments, PaymentOrders orders, String outTradeNo, String reason, String user, PrintStream out) {
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
            after = payments.refund(before.outTradeNo(), why, user);
        } catch (PaymentException e) {
            throw new IllegalStateException("refund of " + before.outTradeNo() + " failed: " + e.getMessage(), e);
        }
        out.println("refund of " + before.outTradeNo() + " (" + Payments.yuan(before.amountFen()) + ", application " + before.serial()
                + ", provider " + before.provider() + ") asked by " + user + ": " + before.state() + " -> " + after.state()
                + (after.message() == null ? "" : " (" + after.message() + ")"));
        if (after.message() != null && after.message().startsWith("退款处理中")) {
            out.println("not refunded yet: the kiosk follows the refund until the provider says SUCCESS, CLOSED or ABNORMAL; "
                    + "see kiosk:payment-query " + before.outTradeNo());
        }
    }
}
