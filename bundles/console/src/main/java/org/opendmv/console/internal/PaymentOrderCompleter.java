package org.opendmv.console.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.store.api.PaymentOrders;

/** Completes out_trade_no with the most recently changed orders. */
@Service
public class PaymentOrderCompleter implements Completer {
    static final int RECENT = 100;

    @Reference
    PaymentOrders orders;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates(orders)).complete(session, commandLine, candidates);
    }

    static List<String> candidates(PaymentOrders orders) {
        return orders.recentOrders(RECENT, null).stream().map(o -> o.outTradeNo()).toList();
    }
}
