package org.opendmv.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.engine.api.SessionManager;

/** Completes ids of active visits. */
@Service
public class SessionIdCompleter implements Completer {
    @Reference
    SessionManager sessions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        sessions.sessions().forEach(s -> delegate.getStrings().add(s.id()));
        return delegate.complete(session, commandLine, candidates);
    }
}
