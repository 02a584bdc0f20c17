package org.opendmv.payment.sim.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes out_trade_no with the simulator's orders, unpaid first. */
@Service
public class SimOrderCompleter implements Completer {
    @Reference
    SimProvider sim;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = sim.ids(true);
        sim.ids(false).stream().filter(i -> !ids.contains(i)).forEach(ids::add);
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
