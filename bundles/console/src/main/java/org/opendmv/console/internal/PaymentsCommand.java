package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;

/** Stored payment orders, most recently changed first. No personal data: serials, amounts, states. */
@Service
@Command(scope = "kiosk", name = "payments", description = "Lists payment orders (most recently changed first)")
public class PaymentsCommand implements Action {
    @Reference
    PaymentOrders orders;

    @Option(name = "-s", aliases = "--state", description = "Only orders in this state: CREATED, PENDING, PAID, CLOSED, FAILED, REFUNDED")
    String state;

    @Option(name = "-n", aliases = "--max", description = "How many to list (1-10000, default 20)")
    int max = 20;

    @Option(name = "--refunding", description = "Only orders with a refund the provider has not settled yet (REQUESTED or PROCESSING)")
    boolean refunding;

    @Override
    public Object execute() {
        run(orders, state, max, refunding, System.out);
        return null;
    }

    static void run(PaymentOrders orders, String state, int max, PrintStream out) {
        run(orders, state, max, false, out);
    }

    static void run(PaymentOrders orders, String state, int max, boolean refunding, PrintStream out) {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("--max must be between 1 and 10000");
        }
        String s = state == null ? null : Payments.state(state).name();
        List<PaymentOrderRecord> list;
        if (refunding) {
            Set<String> nos = new LinkedHashSet<>();
            orders.unfinishedRefunds().forEach(r -> nos.add(r.outTradeNo()));
            List<PaymentOrderRecord> found = new ArrayList<>();
            for (String no : nos) {
                orders.order(no).filter(o -> s == null || s.equals(o.state())).ifPresent(found::add);
            }
            list = found.subList(0, Math.min(max, found.size()));
        } else {
            list = orders.recentOrders(max, s);
        }
        ShellTable t = new ShellTable();
        t.column("out_trade_no");
        t.column("Serial");
        t.column("Amount").alignRight();
        t.column("State");
        t.column("Provider");
        t.column("Updated");
        t.column("Refund");
        t.column("Message");
        for (PaymentOrderRecord o : list) {
            t.addRow().addContent(o.outTradeNo(), o.serial(), Payments.yuan(o.amountFen()), o.state(), o.provider(),
                    Payments.TIME.format(o.updatedAt()), refund(orders, o), o.message() == null ? "" : o.message());
        }
        t.print(out);
        out.println(list.size() + " order(s) shown" + (s == null ? "" : " in state " + s) + (refunding ? " with a refund under way" : ""));
    }

    /** The latest refund of a PAID or REFUNDED order, e.g. "R2 PROCESSING (2 asked)"; empty if none. */
    static String refund(PaymentOrders orders, PaymentOrderRecord o) {
        if (!"PAID".equals(o.state()) && !"REFUNDED".equals(o.state())) {
            return "";
        }
        List<PaymentRefundRecord> refunds = orders.refunds(o.outTradeNo());
        if (refunds.isEmpty()) {
            return "";
        }
        PaymentRefundRecord last = refunds.get(refunds.size() - 1);
        String no = last.outRefundNo().startsWith(o.outTradeNo()) ? last.outRefundNo().substring(o.outTradeNo().length()) : last.outRefundNo();
        return no + " " + last.status() + (refunds.size() > 1 ? " (" + refunds.size() + " asked)" : "");
    }
}
