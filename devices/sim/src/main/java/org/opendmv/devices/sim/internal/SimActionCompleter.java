package org.opendmv.devices.sim.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes argument 0 of {@code kiosk:sim} (see {@link SimCommand#candidates}). */
@Service
public class SimActionCompleter implements Completer {
    @Reference
    SimControl control;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] args = commandLine.getArguments();
        // args[0] is the command name; the action's own arguments follow
        List<String> previous = new ArrayList<>();
        for (int i = 1; i < Math.min(args.length, commandLine.getCursorArgumentIndex()); i++) {
            if (!args[i].startsWith("-")) {
                previous.add(args[i]);
            }
        }
        StringsCompleter delegate = new StringsCompleter(SimCommand.candidates(control, 0, previous));
        return delegate.complete(session, commandLine, candidates);
    }
}
