package org.opendmv.console.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;

/** The back-office outbox, newest first. No personal data: serials, states, times, errors, acks. */
@Service
@Command(scope = "kiosk", name = "outbox", description = "Lists the back-office outbox (newest first): state, attempts, next attempt, last error, ack")
public class OutboxCommand implements Action {
    static final List<String> STATES = List.of(Outbox.PENDING, Outbox.SENDING, Outbox.SENT, Outbox.FAILED);

    @Reference
    Outbox outbox;

    @Option(name = "-s", aliases = "--state", description = "Only entries in this state: PENDING, SENDING, SENT, FAILED")
    String state;

    @Option(name = "-n", aliases = "--max", description = "How many to list (1-10000, default 20)")
    int max = 20;

    @Override
    public Object execute() {
        run(outbox, state, max, System.out);
        return null;
    }

    static String state(String s) {
        String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        if (!STATES.contains(v)) {
            throw new IllegalArgumentException("unknown state '" + (s == null ? "" : s.trim()) + "'; known: " + String.join(", ", STATES));
        }
        return v;
    }

    static void run(Outbox outbox, String state, int max, PrintStream out) {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("--max must be between 1 and 10000");
        }
        String s = state == null ? null : state(state);
        List<OutboxEntry> list = outbox.entries(s, max);
        ShellTable t = new ShellTable();
        t.column("Id").alignRight();
        t.column("Serial");
        t.column("State");
        t.column("Attempts").alignRight();
        t.column("Next attempt");
        t.column("Last error").maxSize(60);
        t.column("Ack");
        for (OutboxEntry e : list) {
            t.addRow().addContent(e.id(), e.serial(), e.state() + (e.purgedAt() == null ? "" : " (purged)"), e.attempts(),
                    time(e.nextAttemptAt()), e.lastError() == null ? "" : e.lastError(), e.ackReference() == null ? "" : e.ackReference());
        }
        t.print(out);
        out.println(list.size() + " entr" + (list.size() == 1 ? "y" : "ies") + " shown" + (s == null ? "" : " in state " + s));
    }

    static String time(Instant i) {
        return i == null ? "-" : Payments.TIME.format(i);
    }
}
