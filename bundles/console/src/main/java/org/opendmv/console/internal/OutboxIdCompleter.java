package org.opendmv.console.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.store.api.Outbox;

/** Completes outbox ids that can be retried: FAILED first, then PENDING. */
@Service
public class OutboxIdCompleter implements Completer {
    static final int RECENT = 100;

    @Reference
    Outbox outbox;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates(outbox)).complete(session, commandLine, candidates);
    }

    static List<String> candidates(Outbox outbox) {
        List<String> out = new ArrayList<>();
        outbox.entries(Outbox.FAILED, RECENT).forEach(e -> out.add(String.valueOf(e.id())));
        outbox.entries(Outbox.PENDING, RECENT).forEach(e -> out.add(String.valueOf(e.id())));
        return out;
    }
}
