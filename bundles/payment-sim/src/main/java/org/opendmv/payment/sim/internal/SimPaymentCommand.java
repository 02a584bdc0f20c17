package org.opendmv.payment.sim.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.payment.spi.TradeState;

/**
 * {@code kiosk:payment-sim}: plays the citizen's phone for the simulated provider.
 *
 * <pre>
 * kiosk:payment-sim pay &lt;out_trade_no&gt;     the citizen pays now (also after the expiry, unless the order was closed)
 * kiosk:payment-sim fail &lt;out_trade_no&gt;    the payment fails (PAYERROR)
 * kiosk:payment-sim expire &lt;out_trade_no&gt;  the provider closes the unpaid order (as after its expiry)
 * kiosk:payment-sim list                    orders the simulator knows, newest first
 * </pre>
 *
 * The core is told at once (it queries the simulator), as a WeChat notification would.
 */
@Service
@Command(scope = "kiosk", name = "payment-sim", description = "Pays, fails or expires an order at the simulated payment provider")
public class SimPaymentCommand implements Action {
    static final List<String> ACTIONS = List.of("pay", "fail", "expire", "list");

    @Reference
    SimProvider sim;

    @Argument(index = 0, name = "action", required = true, description = "pay | fail | expire | list")
    @Completion(SimActionCompleter.class)
    String action;

    @Argument(index = 1, name = "out_trade_no", required = false, description = "the order (see kiosk:payments)")
    @Completion(SimOrderCompleter.class)
    String outTradeNo;

    @Override
    public Object execute() {
        run(sim, action, outTradeNo, System.out);
        return null;
    }

    /** @throws IllegalArgumentException for bad input, with a one-line message saying what is valid */
    static void run(SimProvider sim, String action, String outTradeNo, PrintStream out) {
        String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        switch (a) {
            case "pay":
            case "fail":
            case "expire": {
                String no = require(sim, outTradeNo);
                TradeState before = sim.state(no).orElseThrow();
                boolean done = a.equals("expire") ? sim.expire(no)
                        : sim.settle(no, a.equals("pay") ? TradeState.SUCCESS : TradeState.PAYERROR, true, true);
                if (!done) {
                    throw new IllegalArgumentException("order " + no + " is " + before + " at the simulated provider; only an unpaid (NOTPAY) order can be "
                            + (a.equals("pay") ? "paid" : a.equals("fail") ? "failed" : "expired"));
                }
                out.println(no + ": " + before + " -> " + sim.state(no).orElseThrow() + " (simulated provider; the core is told now)");
                break;
            }
            case "list": {
                if (outTradeNo != null && !outTradeNo.isBlank()) {
                    throw new IllegalArgumentException("unexpected argument '" + outTradeNo.trim() + "' for list");
                }
                ShellTable t = new ShellTable();
                t.column("out_trade_no");
                t.column("Amount").alignRight();
                t.column("State");
                t.column("Expires");
                List<String[]> rows = sim.list();
                rows.forEach(r -> t.addRow().addContent((Object[]) r));
                t.print(out);
                out.println(rows.size() + " simulated order(s); outcome " + sim.outcome());
                break;
            }
            default:
                throw new IllegalArgumentException((a.isEmpty() ? "missing action" : "unknown action '" + action.trim() + "'")
                        + "; known: " + String.join(", ", ACTIONS));
        }
    }

    private static String require(SimProvider sim, String no) {
        if (no == null || no.isBlank()) {
            List<String> open = sim.ids(true);
            throw new IllegalArgumentException("missing out_trade_no; unpaid simulated orders: " + (open.isEmpty() ? "(none)" : String.join(", ", open)));
        }
        String n = no.trim();
        if (sim.state(n).isEmpty()) {
            throw new IllegalArgumentException("unknown order '" + n + "' at the simulated provider; see kiosk:payment-sim list");
        }
        return n;
    }
}
