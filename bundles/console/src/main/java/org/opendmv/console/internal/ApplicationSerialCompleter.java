package org.opendmv.console.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;

/** Completes serial numbers with the most recent applications. */
@Service
public class ApplicationSerialCompleter implements Completer {
    static final int RECENT = 100;

    @Reference
    ApplicationStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates(store)).complete(session, commandLine, candidates);
    }

    static List<String> candidates(ApplicationStore store) {
        return store.recent(RECENT).stream().map(Application::serial).toList();
    }
}
