package org.opendmv.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendmv.devices.manager.api.DeviceManager;

/** Completes configured device instance ids. */
@Service
public class DeviceIdCompleter implements Completer {
    @Reference
    DeviceManager devices;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        devices.devices().forEach(d -> delegate.getStrings().add(d.id()));
        return delegate.complete(session, commandLine, candidates);
    }
}
