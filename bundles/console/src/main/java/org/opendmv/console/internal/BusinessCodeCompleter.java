package org.opendmv.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.engine.api.BusinessRegistry;

/** Completes installed business codes. */
@Service
public class BusinessCodeCompleter implements Completer {
    @Reference
    BusinessRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        registry.businesses().forEach(b -> delegate.getStrings().add(b.code()));
        return delegate.complete(session, commandLine, candidates);
    }
}
