package org.opendmv.console.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;

/**
 * Makes a FAILED or PENDING outbox entry due now, attempts from zero (the relay picks it up at its next
 * poll). Refuses a SENT one. Restricted to the admin role by etc/org.apache.karaf.command.acl.kiosk.cfg.
 */
@Service
@Command(scope = "kiosk", name = "outbox-retry", description = "Delivers a FAILED or PENDING outbox entry again, now (admin only)")
public class OutboxRetryCommand implements Action {
    @Reference
    Outbox outbox;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Outbox entry id (see kiosk:outbox --state FAILED)")
    @Completion(OutboxIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        Object user = session == null ? null : session.get("USER");
        run(outbox, id, user == null ? "console" : "console:" + user, System.out);
        return null;
    }

    static void run(Outbox outbox, String id, String actor, PrintStream out) {
        long n;
        try {
            n = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + (id == null ? "" : id.trim()) + "' is not an outbox id (a number); see kiosk:outbox");
        }
        OutboxEntry before = outbox.entry(n).orElseThrow(() -> new IllegalArgumentException("unknown outbox entry " + n + "; see kiosk:outbox"));
        if (Outbox.SENT.equals(before.state())) {
            throw new IllegalArgumentException("outbox entry " + n + " (" + before.serial() + ") was delivered already (ack "
                    + before.ackReference() + "); nothing to retry");
        }
        OutboxEntry after;
        try {
            after = outbox.retry(n, actor);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        out.println("outbox entry " + n + " (" + after.serial() + "): " + before.state() + " after " + before.attempts()
                + " attempt(s) -> " + after.state() + ", due now" + (before.lastError() == null ? "" : "; last error was: " + before.lastError()));
    }
}
