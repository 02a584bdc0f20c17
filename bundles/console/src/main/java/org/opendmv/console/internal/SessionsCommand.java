package org.opendmv.console.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;

@Service
@Command(scope = "kiosk", name = "sessions", description = "Lists active visits (no personal data); --cancel ends one")
public class SessionsCommand implements Action {
    @Reference
    SessionManager sessions;

    @Option(name = "--cancel", description = "End the given visit, as if the citizen pressed 取消")
    boolean cancel;

    @Argument(index = 0, name = "id", description = "Visit id", required = false)
    @Completion(SessionIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        if (cancel) {
            if (id == null) {
                throw new IllegalArgumentException("--cancel needs a visit id; see kiosk:sessions");
            }
            Session s = sessions.session(id).orElseThrow(() -> new IllegalArgumentException("no active visit with id '" + id + "'"));
            s.cancel();
            out.println("Visit " + id + " ended: " + s.endReason().map(Enum::name).orElse("?"));
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Business");
        t.column("Step");
        t.column("Progress");
        t.column("Idle left").alignRight();
        t.column("Visit left").alignRight();
        Instant now = Instant.now();
        int n = 0;
        for (Session s : sessions.sessions()) {
            if (id != null && !id.equals(s.id())) {
                continue;
            }
            n++;
            t.addRow().addContent(s.id(), s.business().code(), s.currentStep().map(x -> x.type()).orElse("-"),
                    (s.currentIndex() + 1) + "/" + s.steps().size(), secs(now, s.idleDeadline()), secs(now, s.visitDeadline()));
        }
        t.print(out);
        out.println(n + " active visit(s)");
        return null;
    }

    private static String secs(Instant now, Instant deadline) {
        return deadline == null ? "-" : Math.max(0, Duration.between(now, deadline).getSeconds()) + " s";
    }
}
