package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;

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

    @Override
    public Object execute() {
        run(orders, state, max, System.out);
        return null;
    }

    static void run(PaymentOrders orders, String state, int max, PrintStream out) {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("--max must be between 1 and 10000");
        }
        String s = state == null ? null : Payments.state(state).name();
        List<PaymentOrderRecord> list = orders.recentOrders(max, s);
        ShellTable t = new ShellTable();
        t.column("out_trade_no");
        t.column("Serial");
        t.column("Amount").alignRight();
        t.column("State");
        t.column("Provider");
        t.column("Updated");
        t.column("Message");
        for (PaymentOrderRecord o : list) {
            t.addRow().addContent(o.outTradeNo(), o.serial(), Payments.yuan(o.amountFen()), o.state(), o.provider(),
                    Payments.TIME.format(o.updatedAt()), o.message() == null ? "" : o.message());
        }
        t.print(out);
        out.println(list.size() + " order(s) shown" + (s == null ? "" : " in state " + s));
    }
}
